"""Reading and segmenting a 100-page DOCX against `tm segment` on its plain text (issue 17
target: at most 2×).

The document is the seeds' paragraphs repeated to `--pages` pages (about 2,500 characters a
page), written with python-docx, each paragraph's first word bold and a later one italic
(so that runs and codes are read, as in a real document); the plain text is the same
paragraphs, one a line. Each is timed as `tm segment` does it, in-process: `read_document`
then `segment_document`, best of `--repeat` runs.

    .venv/bin/python bench/documents_speed.py [--pages 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.text.documents import read_document  # noqa: E402
from tm.text.segment import segment_document  # noqa: E402

PAGE_CHARACTERS = 2500


def paragraphs(pages: int) -> list[str]:
    """The seeds' non-blank lines, repeated until they fill `pages` pages."""
    lines = [line.strip() for p in sorted((ROOT / "seeds").glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    found: list[str] = []
    while sum(map(len, found)) < pages * PAGE_CHARACTERS:
        found += lines
    return found


def write_docx(path: Path, texts: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in texts:
        words = text.split(" ")
        paragraph = document.add_paragraph()
        paragraph.add_run(words[0]).bold = True
        middle = len(words) // 2
        if middle > 1:
            paragraph.add_run(" " + " ".join(words[1:middle]) + " ")
            paragraph.add_run(words[middle]).italic = True
            paragraph.add_run(" " + " ".join(words[middle + 1 :]) if middle + 1 < len(words) else "")
        elif len(words) > 1:
            paragraph.add_run(" " + " ".join(words[1:]))
    document.save(str(path))


def best(path: Path, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(segment_document(read_document(str(path))))
        times.append(time.perf_counter() - start)
    return min(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = paragraphs(args.pages)
    with tempfile.TemporaryDirectory() as folder:
        docx_path, text_path = Path(folder) / "long.docx", Path(folder) / "long.txt"
        write_docx(docx_path, texts)
        text_path.write_text("\n".join(texts) + "\n", encoding="utf-8")
        best(text_path, 1)  # warm: imports, the morphology and sentence rules' first use
        plain, plain_segments = best(text_path, args.repeat)
        word, word_segments = best(docx_path, args.repeat)
        size = docx_path.stat().st_size
    characters = sum(map(len, texts))
    print(f"{args.pages} pages: {len(texts):,} paragraphs, {characters:,} characters; DOCX {size / 1024:,.0f} KB\n")
    print(f"{'input':<12} {'segments':>9} {'best s':>8} {'chars/s':>11}")
    print(f"{'plain text':<12} {plain_segments:>9,} {plain:>8.3f} {characters / plain:>11,.0f}")
    print(f"{'DOCX':<12} {word_segments:>9,} {word:>8.3f} {characters / word:>11,.0f}")
    print(f"\nDOCX / plain text: {word / plain:.2f}× (target ≤ 2×)")


if __name__ == "__main__":
    main()
