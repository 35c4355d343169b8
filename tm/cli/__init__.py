"""The `tm` command line: the only code of `tm` that imports Typer.

`runner` runs both programs (signal handlers, library warnings, one-line errors, exit
codes); `options` holds the options both share, with the library's defaults; `arguments`
the one text-or-file rule; `commands` tm's commands. `main` is imported lazily, so `glossary` can use the runner without loading
tm's commands.
"""

from __future__ import annotations


def main() -> None:
    from tm.cli.commands import main as run_tm

    run_tm()
