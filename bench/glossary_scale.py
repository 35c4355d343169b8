"""Time and peak memory of `glossary build` on a large memory, per 100,000 units.

A TMX of N units is made from the WMT newstest pairs (../shared/corpora), cycled with a
number appended so that units stay distinct; then `glossary build` runs on it in a fresh
process (no model: reference equivalents only, so the figure is extraction, not MT), under
GNU time, once per `--jobs` value side by side (1 = one core, 0 = all). Peak RSS is the
largest process's: forked workers share the parent's models. With `--no-names`, the NER
pass is left out, to show its share.

    .venv/bin/python bench/glossary_scale.py [--units 20000] [--jobs 1 0] [--no-names]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import timed  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"

BUILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from glossary.build import GlossaryOptions, build_glossary, load_units
from glossary.extraction.options import ExtractionOptions
from glossary.formats import write_glossary
from tm.mt.cache import TranslationCache
cache = TranslationCache(None)
units = load_units([{tmx!r}], None, cache)
glossary = build_glossary(units, None, cache, GlossaryOptions(ExtractionOptions(use_names={names}, jobs={jobs})))
write_glossary(glossary, Path({out!r}))
print(len(units), len(glossary.entries))
"""


def _shuffled(sentence: str, seed: int) -> str:
    """The sentence's words in another order: new neighbours, so new candidate phrases."""
    words = sentence.split()
    random.Random(seed).shuffle(words)
    return " ".join(words)


def make_tmx(path: Path, count: int, shuffle: bool = False) -> None:
    from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

    pairs = []
    for name in ("newstest2017", "newstest2018"):
        ru = (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
        en = (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()
        pairs += list(zip(ru, en, strict=False))

    def source(i: int, ru: str) -> str:
        if i < len(pairs):
            return ru
        return _shuffled(ru, i) if shuffle else f"{ru} ({i // len(pairs)})"

    units = (
        TmxUnit(source(i, ru), en, props=[("x-document", f"doc{i // 40}")])
        for i, (ru, en) in zip(range(count), itertools.cycle(pairs))
    )
    write_tmx(path, units, TmxHeader())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 0])
    parser.add_argument("--no-names", action="store_true")
    parser.add_argument(
        "--shuffle",
        action="store_true",
        help="repeat the corpus with each sentence's words shuffled, so that the candidate table keeps growing",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmx, out = Path(folder) / "big.tmx", Path(folder) / "g.tbx"
        make_tmx(tmx, args.units, args.shuffle)
        print(
            f"{args.units:,} units, {tmx.stat().st_size / 1e6:.0f} MB TMX{' (no NER)' if args.no_names else ''}"
            f"{', shuffled repeats' if args.shuffle else ''}"
        )
        print(f"{'jobs':>6} {'entries':>8} {'seconds':>8} {'peak MB':>8} {'s/100k units':>13} {'speed-up':>9}")
        first = None
        for jobs in args.jobs:
            script = BUILD.format(root=str(ROOT), tmx=str(tmx), out=str(out), names=not args.no_names, jobs=jobs)
            result = timed([sys.executable, "-c", script], dict(os.environ, XDG_CACHE_HOME=folder))
            units, entries = result.stdout.split()
            first = first or result.seconds
            print(
                f"{jobs or 'all':>6} {int(entries):>8,} {result.seconds:>8.1f} {result.rss_mb:>8.0f}"
                f" {result.seconds * 100_000 / int(units):>13.0f} {first / result.seconds:>8.2f}×"
            )


if __name__ == "__main__":
    main()
