"""The `tm` command line: the only code of `tm` that imports Typer.

`runner` turns whatever stops a command into one line and an exit code; `commands` holds
tm's commands. `main` is imported lazily, so `glossary` can use the runner without loading
tm's commands.
"""

from __future__ import annotations


def main() -> None:
    from tm.cli.commands import main as run_tm

    run_tm()
