"""`tm review export|import`: a bilingual review file (.xlsx, .docx) of a TMX or an XLIFF.

Registered on tm's app by the one import line at the end of tm/cli/commands.py; the work
is `tm.memory.review`'s.
"""

from __future__ import annotations

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
) -> None:
    """Write one row per unit or segment: id, source, target, origin, match, QA flags, comment.
    Inline codes are tags ({1}…{/1}, {2/}) to keep in place; edit the Target (and Comment) cells."""
    from tm.memory.review import export_review

    count = export_review(source, output)
    typer.echo(f"{output}: {count} rows to review")


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
