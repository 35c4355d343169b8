"""Scale: `tm build --workers N` against the best raw CTranslate2 layout, and each stage alone.

The package is transformer-base with the real tokenizer and 32,000-entry vocabulary
(tests/support/models.py --like ../shared/models/translate-ru_en-1_9-no-weights; random
weights), the input the first N sentences of newstest2018.rus, one decoding length limit
for all. Every figure is the median of `--repeat` runs with its spread (min–max); the
machine may be shared, so read the spread before the median.

- raw CTranslate2: one `translate_batch` over pre-tokenized sentences, for each layout
  inter × intra = cores (and CTranslate2's default), each batch size given;
- raw, N processes: the sentences split in N parts, one process and one replica each;
- tm build --workers 1, 2, …: the whole pipeline, empty in-memory cache;
- stages alone: reading + segmentation, cache writes, TMX writing (sentences/s).

    .venv/bin/python bench/scale.py [--sentences 1000] [--max-length 64] [--repeat 3]
"""

# ruff: noqa: B023  (each timed lambda runs at once, inside its loop iteration)
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
REAL = ROOT.parent / "shared" / "models" / "translate-ru_en-1_9-no-weights"
MODEL = ROOT / "bench" / "models" / "real-layout.argosmodel"

_SANDBOX = Path(tempfile.mkdtemp(prefix="diplotm-bench-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())


def timed(repeat: int, run: Callable[[], Any]) -> tuple[list[float], Any]:
    seconds, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def spread(seconds: list[float], work: float) -> str:
    """work/s as median (min–max)."""
    rates = sorted(work / s for s in seconds)
    return f"{statistics.median(rates):8.1f} ({rates[0]:.1f}–{rates[-1]:.1f})"


def _raw_part(args: tuple[str, list[list[str]], dict[str, Any], str]) -> int:
    import ctranslate2

    path, tokens, options, compute_type = args
    model = ctranslate2.Translator(path, device="cpu", compute_type=compute_type, inter_threads=1, intra_threads=1)
    return sum(len(r.hypotheses[0]) for r in model.translate_batch(tokens, **options))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-sizes", default="32,64")
    args = parser.parse_args()
    if not MODEL.exists():
        from tests.support.models import build_package

        build_package(MODEL, size="base", like=REAL)

    import ctranslate2

    from tm.memory.build import BuildOptions, build_memory, read_segments
    from tm.memory.tmx import TmxHeader, TmxUnit, TmxWriter
    from tm.mt.cache import TranslationCache
    from tm.mt.engine import cpu_cores
    from tm.mt.models import argos_settings, install_file
    from tm.mt.translator import DecodingOptions, Translator

    settings = argos_settings()
    package = install_file(MODEL)
    lines = (CORPUS / "newstest2018.rus").read_text(encoding="utf-8").splitlines()[: args.sentences]
    text_file = _SANDBOX / "input.txt"
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    segments = [s.text for s in read_segments([str(text_file)]).segments]
    cores, n = cpu_cores(), len(segments)
    decoding = DecodingOptions(beam_size=max(1, settings.beam_size), max_decoding_length=args.max_length)
    options = dict(
        replace_unknowns=True,
        beam_size=decoding.beam_size,
        length_penalty=decoding.length_penalty,
        max_decoding_length=args.max_length,
    )
    print(f"{n} segments, beam {decoding.beam_size}, max length {args.max_length}, {cores} cores, {args.repeat} runs each;")
    print(f"load average at start {os.getloadavg()[0]:.1f} (the machine may be shared)\n", flush=True)
    tokens = [package.tokenizer.encode(s) for s in segments]
    path = str(package.package_path / "model")

    rows: list[tuple[str, str]] = []
    best = 0.0
    layouts = [(1, 0)] + [(i, cores // i) for i in range(1, cores + 1) if cores % i == 0]
    for batch in [int(b) for b in args.batch_sizes.split(",")]:
        for inter, intra in layouts:
            model = ctranslate2.Translator(
                path, device="cpu", compute_type=settings.compute_type, inter_threads=inter, intra_threads=intra
            )
            seconds, results = timed(args.repeat, lambda: model.translate_batch(tokens, max_batch_size=batch, **options))
            generated = sum(len(r.hypotheses[0]) for r in results)
            best = max(best, generated / statistics.median(seconds))
            rows.append(
                (f"raw CTranslate2 inter {inter} × intra {intra or 'default'}, batch {batch}", spread(seconds, generated))
            )
            print(*rows[-1], flush=True)
        with multiprocessing.get_context("spawn").Pool(cores) as pool:
            parts = [(path, tokens[i::cores], {**options, "max_batch_size": batch}, settings.compute_type) for i in range(cores)]
            seconds, counts = timed(args.repeat, lambda: pool.map(_raw_part, parts))
            rows.append((f"raw CTranslate2 {cores} processes × 1 thread, batch {batch}", spread(seconds, sum(counts))))
            print(*rows[-1], flush=True)

    for workers in sorted({1, 2, cores}):
        translator = Translator(package, device="cpu", decoding=decoding, workers=workers)
        translator.translate(segments[:4])
        made: list[int] = []

        def build() -> None:
            before = translator.target_tokens
            build_memory([str(text_file)], _SANDBOX / "out.tmx", translator, TranslationCache(None), BuildOptions())
            made.append(translator.target_tokens - before)

        seconds, _ = timed(args.repeat, build)
        rows.append((f"tm build --workers {workers} (batch 32)", spread(seconds, made[-1])))
        print(*rows[-1], f"  = {made[-1] / statistics.median(seconds) / best:.2f} of the best raw", flush=True)

    print("\nstages alone, sentences/s:")
    seconds, _ = timed(args.repeat, lambda: read_segments([str(text_file)]))
    print(f"{'reading + segmentation':<55}{spread(seconds, n)}")
    pairs = list(zip(segments, segments, strict=True))

    def cache_writes() -> None:
        cache = TranslationCache(_SANDBOX / f"c{time.perf_counter_ns()}.sqlite3")
        for i in range(0, n, 32):
            cache.store("bench", pairs[i : i + 32])
        cache.close()

    seconds, _ = timed(args.repeat, cache_writes)
    print(f"{'cache writes (batches of 32)':<55}{spread(seconds, n)}")

    def tmx() -> None:
        with TmxWriter(_SANDBOX / "w.tmx", TmxHeader()) as writer:
            for s in segments:
                writer.write(TmxUnit(source=s, target=s, props=[("x-document", "d")]))

    seconds, _ = timed(args.repeat, tmx)
    print(f"{'TMX writing':<55}{spread(seconds, n)}")
    print("\ntokens/s, median (min–max):\n" + "\n".join(f"{name:<55}{rate}" for name, rate in rows))


if __name__ == "__main__":
    main()
