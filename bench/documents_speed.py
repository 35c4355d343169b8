"""Reading and segmenting a 100-page DOCX against `tm segment` on its plain text (issue 17
target: at most 2×).

The document is the seeds' paragraphs repeated to `--pages` pages (about 2,500 characters a
page), written with python-docx, each paragraph's first word bold and a later one italic
(so that runs and codes are read, as in a real document); the plain text is the same
paragraphs, one a line. Each is timed as `tm segment` does it, in-process: `read_document`
then `segment_document`; the DOCX reader alone (`tm.documents.docx.read`) is timed too.
The three alternate within each of `--repeat` rounds, so that a machine shared with other
work slows them alike; the table gives the best round, the median and the slowest (the
spread), in wall-clock and in CPU time (`time.process_time`, which other processes on the
machine disturb less).

    .venv/bin/python bench/documents_speed.py [--pages 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.documents import docx as docx_reader  # noqa: E402
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


def segmented(path: Path) -> int:
    """`tm segment` in-process: the segments of one file."""
    return len(segment_document(read_document(str(path))))


def timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = paragraphs(args.pages)
    with tempfile.TemporaryDirectory() as folder:
        docx_path, text_path = Path(folder) / "long.docx", Path(folder) / "long.txt"
        write_docx(docx_path, texts)
        text_path.write_text("\n".join(texts) + "\n", encoding="utf-8")
        data = docx_path.read_bytes()
        runs: dict[str, Callable[[], int]] = {
            "plain text": lambda: segmented(text_path),
            "DOCX": lambda: segmented(docx_path),
            "DOCX reader": lambda: len(docx_reader.read(data, docx_path.name).blocks),
        }
        for run in runs.values():
            run()  # warm: imports, the morphology and sentence rules' first use
        wall: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):
            for name, run in runs.items():
                seconds, processor, counts[name] = timed(run)
                wall[name].append(seconds)
                cpu[name].append(processor)
    characters = sum(map(len, texts))
    print(f"{args.pages} pages: {len(texts):,} paragraphs, {characters:,} characters; DOCX {len(data) / 1024:,.0f} KB")
    print(f"best of {args.repeat} rounds (median, slowest); the reader's count is blocks, the others' segments\n")
    print(f"{'input':<12} {'count':>6} {'wall s':>8} {'(median, slowest)':>18} {'CPU s':>7} {'(median, slowest)':>18}")
    for name in runs:
        w, c = sorted(wall[name]), sorted(cpu[name])
        spread_w = f"({statistics.median(w):.3f}, {w[-1]:.3f})"
        spread_c = f"({statistics.median(c):.3f}, {c[-1]:.3f})"
        print(f"{name:<12} {counts[name]:>6,} {w[0]:>8.3f} {spread_w:>18} {c[0]:>7.3f} {spread_c:>18}")
    ratio_wall = min(wall["DOCX"]) / min(wall["plain text"])
    ratio_cpu = min(cpu["DOCX"]) / min(cpu["plain text"])
    print(f"\nDOCX / plain text: {ratio_wall:.2f}× wall, {ratio_cpu:.2f}× CPU (target ≤ 2×)")


if __name__ == "__main__":
    main()
