"""Review files at 10,000 segments: export and import time against the TMX writer.

`python bench/review_speed.py [--units N]` builds a memory of N units (every tenth with
inline codes), then times `write_tmx` of the same units, `export_review` to .xlsx and .docx,
and `import_review` of each with 10 targets edited (which reads the review file and the
memory and writes the units that changed), and prints the ratio of each to `write_tmx`.
Each figure is CPU seconds, the best of five runs, with the slowest beside it (the
spread: a shared machine's load shows there, not in the best).
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tm.memory.review import export_review, import_review, read_rows, write_rows
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

CODED = '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>{w}<ept i="1">&lt;/b&gt;</ept> {rest}'


def units(count: int) -> list[TmxUnit]:
    out = []
    for i in range(count):
        source = f"Стороны обсудили стратегическое партнерство и торговлю, пункт {i}."
        target = f"The parties discussed strategic partnership and trade, item {i}."
        if i % 10 == 0:
            out.append(
                TmxUnit(
                    source,
                    target,
                    [("x-Origin", "MachineTranslation")],
                    tuid=f"u{i}",
                    source_markup=CODED.format(w="Стороны", rest=source.split(" ", 1)[1]),
                    target_markup=CODED.format(w="The", rest=target.split(" ", 1)[1]),
                )
            )
        else:
            out.append(TmxUnit(source, target, [("x-Origin", "MachineTranslation")], tuid=f"u{i}"))
    return out


def timed(run: Callable[[], object], times: int = 5) -> tuple[float, float]:
    """The best and the slowest of `times` runs, in CPU seconds of this process (wall time on
    a shared machine is mostly the other processes' load)."""
    figures = []
    for _ in range(times):
        start = time.process_time()
        run()
        figures.append(time.process_time() - start)
    return min(figures), max(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    count = parser.parse_args().units
    memory_units = units(count)
    with tempfile.TemporaryDirectory() as folder:
        d = Path(folder)
        memory = d / "m.tmx"
        write, slowest = timed(lambda: write_tmx(memory, memory_units, TmxHeader()))
        print(f"{count:,} units; write_tmx {write:.3f} s (slowest {slowest:.3f})\n")
        print("| step | best s | slowest s | × write_tmx |\n| --- | ---: | ---: | ---: |")
        for suffix in (".xlsx", ".docx"):
            review = d / f"r{suffix}"
            export, export_slowest = timed(functools.partial(export_review, memory, review))
            rows = read_rows(review)
            for row in rows[1:20:2]:
                row.target += " (reviewed)"
            write_rows(review, rows, [memory])
            applied, applied_slowest = timed(functools.partial(import_review, review, memory, d / "out.tmx"))
            print(f"| export {suffix} | {export:.3f} | {export_slowest:.3f} | {export / write:.1f} |")
            print(f"| import {suffix} (10 edited) | {applied:.3f} | {applied_slowest:.3f} | {applied / write:.1f} |")


if __name__ == "__main__":
    main()
