"""Which English sentence splitter: boundary precision and recall on the English side of WMT.

The lines of newstest are sentences (a few hold two). Lines are joined into paragraphs of ten
and each splitter cuts the paragraphs; a boundary is right where two lines meet. Run side by
side: pysbd, sentence-splitter (Koehn & Schroeder's Moses rules) and syntok, on the same text.

    .venv/bin/python bench/english_sentences.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
PARAGRAPH = 10


def _pysbd() -> Callable[[str], list[str]]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    return lambda text: [s.strip() for s in seg.segment(text)]


def _moses() -> Callable[[str], list[str]]:
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language="en").split


def _syntok() -> Callable[[str], list[str]]:
    import syntok.segmenter as segmenter

    def split(text: str) -> list[str]:
        return ["".join(t.spacing + t.value for t in s).strip() for p in segmenter.analyze(text) for s in p]

    return split


def _ends(sentences: list[str], text: str) -> set[int]:
    """Character offsets (spaces removed) where sentences end."""
    ends, position = set(), 0
    for s in sentences:
        position += len("".join(s.split()))
        ends.add(position)
    return ends


def main() -> None:
    lines = []
    for name in ("newstest2017", "newstest2018"):
        path = CORPUS / f"{name}.eng"
        if not path.exists():
            sys.exit(f"{CORPUS} is not here")
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = [lines[i : i + PARAGRAPH] for i in range(0, len(lines), PARAGRAPH)]
    print(f"{len(lines):,} lines in {len(paragraphs):,} paragraphs of {PARAGRAPH}")
    print(f"{'splitter':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    for name, make in (("pysbd 0.3", _pysbd), ("sentence-splitter", _moses), ("syntok", _syntok)):
        try:
            split = make()
        except ImportError:
            print(f"{name:<20} not installed")
            continue
        hits = found = truth = 0
        started = time.perf_counter()
        for paragraph in paragraphs:
            text = " ".join(paragraph)
            gold = _ends(paragraph, text)
            got = _ends(split(text), text)
            hits += len(gold & got)
            found += len(got)
            truth += len(gold)
        seconds = time.perf_counter() - started
        p, r = hits / found, hits / truth
        print(f"{name:<20} {p:>9.3f} {r:>7.3f} {2 * p * r / (p + r):>6.3f} {seconds:>8.1f}")


if __name__ == "__main__":
    main()
