"""`tm qa`: named checks of a finished translation (TMX, XLIFF, or a Russian and an English
plain file). Registered on tm's app by its import line at the end of tm/cli/commands.py;
the work is `tm.qa`'s."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tm.cli.commands import PROGRAM, app
from tm.cli.options import JsonOption
from tm.cli.runner import NOT_FOUND, say


@app.command()
def qa(
    paths: List[Path] = typer.Argument(
        ..., help="A TMX or XLIFF file (or several), or a Russian and an English plain file.", readable=False
    ),
    glossary: Optional[Path] = typer.Option(
        None, "--glossary", help="A TBX, CSV or TSV glossary for the terminology check.", readable=False
    ),
    checks: Optional[str] = typer.Option(None, "--checks", help="Only these checks, comma-separated."),
    skip: Optional[str] = typer.Option(None, "--skip", help="Leave out these checks, comma-separated."),
    fail_on: str = typer.Option(
        "error", "--fail-on", help="Exit 1 when a finding of this severity or worse exists: error, warning, info."
    ),
    as_json: bool = JsonOption("Print the findings as JSON."),
    tsv: Optional[Path] = typer.Option(None, "--tsv", help="Also write the findings to this TSV file.", readable=False),
) -> None:
    """Check a translation before delivery: numbers by value (18,3 млрд = 18.3 billion), dates,
    terminology (--glossary), consistency, script, typography, untranslated segments, length,
    name spellings and inline tags. Each finding: id, check, severity, message. Exit code 1 when
    a finding at or above --fail-on exists."""
    from tm.core.atomic import check_outputs, require_suffix, write_bytes
    from tm.core.errors import UsageError
    from tm.qa.model import RANK
    from tm.qa.run import run_qa

    if fail_on not in RANK:
        raise UsageError(f"--fail-on: {fail_on!r} is not a severity (error, warning, info)")
    inputs = [*paths, *([glossary] if glossary else [])]
    if tsv is not None:
        require_suffix(tsv, [".tsv"], "--tsv", None)
        check_outputs({"--tsv": tsv}, inputs)
    report = run_qa(paths, glossary, checks, skip)
    for note in report.notes:
        say(PROGRAM, f"warning: {note}")
    if tsv is not None:
        write_bytes(tsv, report.to_tsv(), inputs)
    typer.echo(report.to_json() if as_json else report.table())
    if report.worst() >= RANK[fail_on]:
        raise typer.Exit(NOT_FOUND)
