"""`tm review export|import`: a bilingual review file (.xlsx, .docx) of a TMX or an XLIFF.

Registered on tm's app by the one import line at the end of tm/cli/commands.py; the work
is `tm.memory.review`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Optional

import typer

from tm.cli.commands import PROGRAM, app
from tm.cli.runner import say

review_app = typer.Typer(
    help="A bilingual review file (.xlsx or .docx) of a TMX or an XLIFF, and its edits applied back.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")


@review_app.command("export")
def export(
    source: Path = typer.Argument(..., help="The TMX memory or XLIFF file to review.", readable=False),
    output: Path = typer.Option(..., "--output", "-o", help="The review file to write: .xlsx or .docx."),
    glossary: Optional[Path] = typer.Option(
        None, "--glossary", help="A glossary (TBX, CSV, TSV) for the QA flags' terminology check.", readable=False
    ),
    qa: bool = typer.Option(True, "--qa/--no-qa", help="Fill the QA flags column with tm qa's findings."),
) -> None:
    """Write one row per unit or segment: id, source, target, origin, match, QA flags (tm qa's
    findings), comment. Inline codes are tags ({1}…{/1}, {2/}) to keep in place; edit the
    Target (and Comment) cells."""
    from tm.memory.review import export_review

    count = export_review(source, output, qa_flags(glossary) if qa else None)
    typer.echo(f"{output}: {count} rows to review")


def qa_flags(glossary: Path | None) -> Callable[[Sequence[tuple[str, str, str]]], dict[str, str]]:
    """tm qa's checks over the review rows (one document), each row's findings as one cell:
    `severity check: message`, one a line (tm/memory sits below tm/qa, so they come from here)."""
    from tm.qa.checks import CHECKS
    from tm.qa.model import Document, Pair
    from tm.qa.run import check_documents
    from tm.qa.termbase import read_termbase

    entries = read_termbase(glossary) if glossary is not None else []

    def flags(rows: Sequence[tuple[str, str, str]]) -> dict[str, str]:
        report = check_documents([Document("review", [Pair(*row) for row in rows])], CHECKS, entries)
        cells: dict[str, list[str]] = {}
        for finding in report.findings:
            cells.setdefault(finding.id, []).append(f"{finding.severity} {finding.check}: {finding.message}")
        return {id_: "\n".join(lines) for id_, lines in cells.items()}

    return flags


@review_app.command("import")
def import_(
    review: Path = typer.Argument(..., help="The edited review file (.xlsx or .docx).", readable=False),
    into: Path = typer.Option(..., "--into", help="The TMX or XLIFF the review was exported from.", readable=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the result here instead of replacing --into."),
) -> None:
    """Apply the changed targets, by id, as human-reviewed (TMX x-Origin Review; XLIFF 1.2
    state signed-off, 2.0 reviewed). Rows whose source was edited, whose id is unknown, whose
    tags stand for no code, or whose target is a formula are named and not applied; a file
    that repeats an id is refused."""
    from tm.memory.review import import_review

    report = import_review(review, into, output)
    for line in report.problems:
        say(PROGRAM, f"warning: {line}")
    typer.echo(report.summary())
