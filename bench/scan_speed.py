"""`glossary scan` speed: the seeds scanned with a 50,000-entry glossary, after loading.

The glossary is the seeds' own terms plus word n-grams of WMT Russian as filler entries
(each with an English side), indexed in SQLite as `glossary lookup` uses it. Side by side:
the scanner with the index's keys preloaded into sets (what `glossary scan` does) and the same
scanner asking SQLite about every run of words (the peer), on the same sentences.

    .venv/bin/python bench/scan_speed.py [--entries 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CACHE_HOME"] = folder
        from glossary.build import Unit, build_glossary
        from glossary.entries import Entry, Glossary, Term
        from glossary.formats import write_glossary
        from glossary.lookup.index import StoredIndex, build_index
        from glossary.lookup.scan import Scanner
        from tm.mt.cache import TranslationCache
        from tm.text.documents import read_document
        from tm.text.segment import segment_document

        sentences = [s.text for p in sorted((ROOT / "seeds").glob("*.txt")) for s in segment_document(read_document(str(p)))]
        seeds = build_glossary([Unit(s, "", "seeds", str(i)) for i, s in enumerate(sentences)], None, TranslationCache(None))
        words = (
            " ".join((CORPUS / "newstest2017.rus").read_text(encoding="utf-8").splitlines()).split()
            if CORPUS.exists()
            else " ".join(sentences).split()
        )
        rng = random.Random(1)
        filler = []
        while len(seeds.entries) + len(filler) < args.entries:
            start = rng.randrange(len(words) - 3)
            phrase = " ".join(w.strip('.,«»()"') for w in words[start : start + rng.randint(1, 3)])
            filler.append(
                Entry(f"f{len(filler)}", [Term(phrase, "ru", "fullForm"), Term(f"filler {len(filler)}", "en", "fullForm")])
            )
        path = Path(folder) / "big.tbx"
        write_glossary(Glossary(seeds.entries + filler), path)
        started = time.perf_counter()
        build_index(path)
        indexing = time.perf_counter() - started
        print(
            f"{len(seeds.entries) + len(filler):,} entries; index built in {indexing:.1f} s; "
            f"scanning {len(sentences)} seed sentences"
        )
        print(f"{'scanner':<34} {'load s':>7} {'scan s':>7} {'terms':>6} {'ratio':>6}")
        rows = []
        for label, preload in (("keys preloaded (glossary scan)", True), ("SQLite per word run (peer)", False)):
            started = time.perf_counter()
            scanner = Scanner(StoredIndex(path), preload=preload)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            found = sum(len(scanner.scan(s)) for s in sentences)
            rows.append((label, loaded, time.perf_counter() - started, found))
        for label, loaded, scanning, found in rows:
            print(f"{label:<34} {loaded:>7.2f} {scanning:>7.2f} {found:>6} {scanning / rows[0][2]:>5.1f}×")


if __name__ == "__main__":
    main()
