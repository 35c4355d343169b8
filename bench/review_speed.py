"""Review files at 10,000 segments: export and import time against the TMX writer.

`python bench/review_speed.py [--units N] [--times T]` builds a memory of N units (every
tenth with inline codes) and an XLIFF 1.2 of the same segments (every tenth with a `<g>`),
then times, for each, `export_review` to .xlsx and .docx and `import_review` of each with
10 targets edited (which reads the review file and the memory or XLIFF, and writes it
back). Each figure is CPU seconds of this process, the best of T runs (5), with the slowest
beside it (a shared machine's load shows in the spread, not in the best).

Two ratios, both printed. The strict one, the issue's words ("as fast as the TMX writer
scaled to the same size"): each step over `write_tmx` of the same N units, which only
writes. The fair one: each step over tm's own `read_tmx` + `write_tmx` of the same units,
the least a tool does that reads a memory and writes one; an export reads the memory and
writes a sheet, an import reads a sheet and the memory and writes the memory, so neither
can go below reading plus writing. The QA flags (`tm review export`'s default, `--no-qa`
leaves them out) are timed on their own, as export with them minus export without: they
are tm qa's checks, not the review file's work. Each run with them starts from the checks'
empty caches, as a `tm review export` does; `--qa-only` times that line alone.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tm.memory.review import export_review, import_review, read_rows, write_rows
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx

CODED = '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>{w}<ept i="1">&lt;/b&gt;</ept> {rest}'
X12 = "urn:oasis:names:tc:xliff:document:1.2"


def texts(i: int) -> tuple[str, str]:
    return (
        f"Стороны обсудили стратегическое партнерство и торговлю, пункт {i}.",
        f"The parties discussed strategic partnership and trade, item {i}.",
    )


def units(count: int) -> list[TmxUnit]:
    out = []
    for i in range(count):
        source, target = texts(i)
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


def xliff(path: Path, count: int) -> None:
    """An XLIFF 1.2 of `count` MT-pretranslated units, as `tm pretranslate` marks them."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{X12}" version="1.2">'
        '<file original="doc.txt" source-language="ru" target-language="en" datatype="plaintext"><body>\n'
    ]
    for i in range(count):
        source, target = texts(i)
        if i % 10 == 0:
            first, rest = source.split(" ", 1)
            source = f'<g id="1" ctype="bold">{first}</g> {rest}'
            first, rest = target.split(" ", 1)
            target = f'<g id="1" ctype="bold">{first}</g> {rest}'
        parts.append(
            f'<trans-unit id="s{i}"><source>{source}</source>'
            f'<target state="needs-review-translation" state-qualifier="leveraged-mt">{target}</target></trans-unit>\n'
        )
    parts.append("</body></file></xliff>\n")
    path.write_text("".join(parts), encoding="utf-8")


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
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--no-qa", action="store_true", help="leave out the QA flags' row")
    parser.add_argument("--qa-only", action="store_true", help="only the QA flags' row (and write_tmx)")
    args = parser.parse_args()
    count, times = args.units, args.times
    memory_units = units(count)
    with tempfile.TemporaryDirectory() as folder:
        d = Path(folder)
        memory, document = d / "m.tmx", d / "doc.xlf"
        xliff(document, count)
        write, slowest = timed(lambda: write_tmx(memory, memory_units, TmxHeader()), times)
        both, both_slowest = timed(lambda: write_tmx(d / "again.tmx", list(read_tmx(memory)), TmxHeader()), times)
        print(f"{count:,} units; write_tmx {write:.3f} s (slowest {slowest:.3f}); read_tmx + write_tmx {both:.3f} s")
        print(f"(slowest {both_slowest:.3f})\n")
        print("| step | best s | slowest s | × write_tmx | × read+write |\n| --- | ---: | ---: | ---: | ---: |")

        def line(step: str, best: float, worst: float) -> None:
            print(f"| {step} | {best:.3f} | {worst:.3f} | {best / write:.1f} | {best / both:.2f} |")

        for source, into in () if args.qa_only else ((memory, "TMX"), (document, "XLIFF")):
            output = d / f"out{source.suffix}"
            for suffix in (".xlsx", ".docx"):
                review = d / f"r{suffix}"
                line(f"export {into} → {suffix}", *timed(functools.partial(export_review, source, review), times))
                rows = read_rows(review)
                for row in rows[1:20:2]:
                    row.target += " (reviewed)"
                write_rows(review, rows, [source])
                line(
                    f"import {suffix} → {into} (10 edited)",
                    *timed(functools.partial(import_review, review, source, output), times),
                )
        if not args.no_qa:
            from tm.cli.review_commands import qa_flags
            from tm.qa import amounts, dates

            def cold_export() -> None:
                """An export with the QA flags as `tm review export` makes it, once per process:
                the checks' caches of each text's numbers and dates empty (a warm run would time
                dictionary look-ups, not the checks)."""
                for cache in (amounts.russian_amounts, amounts.english_amounts, dates.russian_dates, dates.english_dates):
                    cache.cache_clear()
                export_review(memory, review, qa_flags(None))

            review = d / "r.xlsx"
            plain, _ = timed(functools.partial(export_review, memory, review), times)
            flagged, flagged_slowest = timed(cold_export, times)
            print(f"\nQA flags (tm qa's checks, no glossary) on the TMX export: {flagged - plain:.3f} s more")
            print(f"({flagged:.3f} s with them, slowest {flagged_slowest:.3f}; {flagged / write:.1f} × write_tmx)")


if __name__ == "__main__":
    main()
