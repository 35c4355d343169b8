"""Translation throughput: `tm build` vs argostranslate per sentence vs raw CTranslate2.

One run, one synthetic transformer-base package (6+6 layers, d_model 512, 8 heads, FFN 2048,
32k vocabulary, int8; built by tests/support/models.py, SentencePiece trained on the WMT corpus),
the first N sentences of newstest2018.rus, and one decoding length limit for all three:

- tm build: the whole pipeline (read, segment, cache lookup, batched translation, TMX write),
  with an empty in-memory cache so every sentence is translated;
- argostranslate loop: `apply_packaged_translation` for each sentence, as its `translate()`
  does, with a splitter that returns the sentence unchanged;
- raw CTranslate2: one `translate_batch` over the pre-tokenized sentences (the upper bound).

    .venv/bin/python bench/translation_speed.py [--sentences 1000] [--max-length 64]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
MODEL = ROOT / "bench" / "models" / "base.argosmodel"

# Keep argostranslate's folders out of the home directory; set before it is imported.
_SANDBOX = Path(tempfile.mkdtemp(prefix="diplotm-bench-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())


class WholeText:
    def split_sentences(self, text: str) -> list[str]:
        return [text]


class LengthLimited:
    """Passes argostranslate's calls through to CTranslate2 with the shared length limit."""

    def __init__(self, model: object, max_length: int) -> None:
        self.model, self.max_length = model, max_length

    def translate_batch(self, *args: object, **kwargs: object) -> object:
        return self.model.translate_batch(*args, max_decoding_length=self.max_length, **kwargs)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    source = CORPUS / "newstest2018.rus"
    if not source.exists():
        print(f"{source} not found; this benchmark needs the WMT corpus")
        return

    if not MODEL.exists():
        from tests.support.models import build_package

        print("building the synthetic transformer-base package (once)…", flush=True)
        corpus = [CORPUS / f"newstest{y}.{lang}" for y in (2017, 2018) for lang in ("rus", "eng")]
        build_package(MODEL, size="base", corpus=corpus)

    import ctranslate2
    from argostranslate import settings
    from argostranslate.translate import apply_packaged_translation

    from tm.memory.build import BuildOptions, build_memory, read_segments
    from tm.mt.cache import TranslationCache
    from tm.mt.models import install_file
    from tm.mt.translator import DecodingOptions, Translator

    package = install_file(MODEL)
    lines = source.read_text(encoding="utf-8").splitlines()[: args.sentences]
    text_file = _SANDBOX / "input.txt"
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    segments = [s.text for s in read_segments([str(text_file)], False, False)]
    n = len(segments)
    decoding = DecodingOptions(beam_size=max(1, settings.beam_size), max_decoding_length=args.max_length)
    print(
        f"{n} segments from {len(lines)} lines; beam {decoding.beam_size}, max length {args.max_length}, "
        f"compute type {settings.compute_type}, {os.cpu_count()} CPUs",
        flush=True,
    )

    timings: dict[str, float] = {}

    translator = Translator(package, device="cpu", batch_size=args.batch_size, decoding=decoding)
    translator.translate(segments[:8])  # load the model outside the timing, as for the others
    translator.calls = 0
    start = time.perf_counter()
    build_memory([str(text_file)], _SANDBOX / "out.tmx", translator, TranslationCache(None), BuildOptions())
    timings["tm build"] = time.perf_counter() - start

    raw = ctranslate2.Translator(
        str(package.package_path / "model"),
        device="cpu",
        compute_type=settings.compute_type,
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
    )
    tokens = [package.tokenizer.encode(s) for s in segments]
    start = time.perf_counter()
    raw.translate_batch(
        tokens,
        replace_unknowns=True,
        max_batch_size=args.batch_size,
        beam_size=decoding.beam_size,
        length_penalty=decoding.length_penalty,
        max_decoding_length=args.max_length,
    )
    timings["raw CTranslate2 translate_batch"] = time.perf_counter() - start

    limited = LengthLimited(raw, args.max_length)
    start = time.perf_counter()
    for sentence in segments:
        apply_packaged_translation(package, sentence, limited, WholeText(), num_hypotheses=1)
    timings["argostranslate, one call per sentence"] = time.perf_counter() - start

    base = timings["tm build"]
    print(f"\n{'path':<40} {'seconds':>8} {'segments/s':>11} {'tm build is':>12}")
    for name, seconds in timings.items():
        ratio = (
            "" if name == "tm build" else f"{seconds / base:.2f}× faster" if seconds > base else f"{base / seconds:.2f}× slower"
        )
        print(f"{name:<40} {seconds:>8.1f} {n / seconds:>11.1f} {ratio:>12}")


if __name__ == "__main__":
    main()
