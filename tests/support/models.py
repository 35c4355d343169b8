"""Build a real, randomly weighted argos ru→en package (`.argosmodel`) of a chosen size.

The argos ru→en model cannot be downloaded on machines without general internet access, so
tests and benchmarks build one: a CTranslate2 Transformer whose weights come from numpy
through `ctranslate2.specs`, and a SentencePiece model trained on Russian text (the seeds by
default). It runs through exactly the code paths the real model does; its output is
gibberish. A bias on the end-of-sentence logit keeps random decoding from running on.

    python -m tests.support.models --size tiny -o out/tiny.argosmodel
    python -m tests.support.models --size base -o bench/models/base.argosmodel --corpus …/newstest2018.rus
    python -m tests.support.models --size base -o bench/models/real-layout.argosmodel \
        --like ../shared/models/translate-ru_en-1_9-no-weights

With `--like DIR` (the real translate-ru_en package without its weights), the package takes
that package's layout, metadata, SentencePiece model and 32,000-entry shared vocabulary, so
sentences have the real model's token counts; only the weights are random.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ModelSize:
    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab: int
    quantization: str | None
    eos_bias: float
    weight_scale: float = 1.0


SIZES = {
    # Small enough to build in about a second and translate the seeds in a few.
    "tiny": ModelSize(layers=2, d_model=64, heads=2, ffn=128, vocab=1000, quantization=None, eos_bias=6.0, weight_scale=2.0),
    # Transformer-base, as the real translate-ru_en package.
    "base": ModelSize(layers=6, d_model=512, heads=8, ffn=2048, vocab=32000, quantization="int8", eos_bias=5.5, weight_scale=2.0),
}


def train_sentencepiece(lines: Iterable[str], vocab_size: int, out_dir: Path) -> Path:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in lines if line.strip()]),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small corpus may not support the full size
        character_coverage=1.0,
        model_type="unigram",
        num_threads=1,
        minloglevel=2,
    )
    path = out_dir / "sentencepiece.model"
    path.write_bytes(model.getvalue())
    return path


def _fill_weights(spec: Any, size: ModelSize, vocab: int, rng: np.random.Generator, eos_id: int) -> None:
    """Give every required variable of a TransformerSpec a random array of the right shape."""
    from ctranslate2.specs import model_spec

    d, ffn = size.d_model, size.ffn

    def normal(*shape: int) -> np.ndarray:
        array: np.ndarray = (rng.standard_normal(shape) * size.weight_scale / np.sqrt(shape[-1])).astype(np.float32)
        return array

    def shape_for(path: str) -> tuple[int, ...] | None:
        if path.endswith("embeddings/weight") or "embeddings_" in path:
            return (vocab, d)
        if path.endswith("projection/weight"):
            return (vocab, d)
        if path.endswith("gamma") or path.endswith("beta"):
            return (d,)
        if "self_attention/linear_0" in path:
            return (3 * d, d)
        if "attention/linear_1" in path and "self_attention" not in path:
            return (2 * d, d)
        if "attention/linear" in path:
            return (d, d)
        if "ffn/linear_0" in path:
            return (ffn, d)
        if "ffn/linear_1" in path:
            return (d, ffn)
        return None

    def fill(layer: object, name: str, value: object) -> None:
        leaf = name.split("/")[-1]
        if value is not None:
            return
        shape = shape_for(name)
        if shape is None:
            raise ValueError(f"no shape rule for {name}")
        if leaf == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif leaf == "beta":
            array = np.zeros(shape, dtype=np.float32)
        else:
            array = normal(*shape)
        setattr(layer, leaf, array)

    model_spec.visit_spec(spec, fill)
    bias = np.zeros((vocab,), dtype=np.float32)
    bias[eos_id] = size.eos_bias
    spec.decoder.projection.bias = bias


def build_ctranslate2_model(
    sp_model: Path, size: ModelSize, out_dir: Path, seed: int, vocabulary: list[str] | None = None
) -> None:
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    if vocabulary is not None:
        pieces = list(vocabulary)
    else:
        processor = spm.SentencePieceProcessor(model_file=str(sp_model))
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        # Pad to the nominal vocabulary so the output layer has the real model's cost.
        pieces += [f"<extra_{i}>" for i in range(max(0, size.vocab - len(pieces)))]
    spec = transformer_spec.TransformerSpec.from_config(size.layers, size.heads)
    _fill_weights(spec, size, len(pieces), np.random.default_rng(seed), pieces.index("</s>"))
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization=size.quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def build_package(
    output: Path,
    size: str = "tiny",
    corpus: Iterable[Path] | None = None,
    seed: int = 1234,
    version: str = "0.0",
    like: Path | None = None,
) -> Path:
    """Write a `.argosmodel` zip (metadata.json, model/, sentencepiece.model) to `output`.
    With `like`, copy a real package's layout, tokenizer and vocabulary (see the module doc)."""
    if like is not None:
        return _build_like(output, SIZES[size], like, seed)
    dims = SIZES[size]
    files = list(corpus) if corpus else sorted((ROOT / "seeds").glob("*.txt"))
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    code = f"translate-ru_en-synthetic-{size}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / f"{code}-{version.replace('.', '_')}"
        root.mkdir()
        sp_model = train_sentencepiece(lines, min(dims.vocab, 8000 if size == "tiny" else dims.vocab), root)
        build_ctranslate2_model(sp_model, dims, root / "model", seed)
        metadata = {
            "package_version": version,
            "argos_version": "1.9.0",
            "from_code": "ru",
            "from_name": "Russian",
            "to_code": "en",
            "to_name": "English",
            "code": code,
            "type": "translate",
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(
            "Synthetic ru→en package with random weights, for tests and benchmarks only.\n",
            encoding="utf-8",
        )
        _zip(root, output)
    return output


def _build_like(output: Path, dims: ModelSize, real: Path, seed: int) -> Path:
    """The real package's files with random weights in `model/model.bin`."""
    metadata = json.loads((real / "metadata.json").read_text(encoding="utf-8"))
    vocabulary = json.loads((real / "model" / "shared_vocabulary.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        version = str(metadata.get("package_version", "1.9"))
        root = Path(tmp) / f"translate-ru_en-{version.replace('.', '_')}"
        shutil.copytree(real, root, ignore=shutil.ignore_patterns("model"))
        for path in [root, *root.rglob("*")]:  # the shared copy is read-only
            path.chmod(0o755 if path.is_dir() else 0o644)
        build_ctranslate2_model(root / "sentencepiece.model", dims, root / "model", seed, vocabulary)
        _zip(root, output)
    return output


def _zip(root: Path, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent))
    shutil.move(partial, output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, nargs="*", help="Russian text files for SentencePiece")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--like", type=Path, help="a real package folder without weights: copy its layout and tokenizer")
    args = parser.parse_args()
    path = build_package(args.output, args.size, args.corpus, args.seed, like=args.like)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
