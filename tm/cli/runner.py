"""How both CLIs (`tm`, `glossary`) end: one exit-code table, one-line errors, no tracebacks.

`run(app, program)` runs a Typer app and turns whatever stops it into a line on stderr,
`PROGRAM: error: MESSAGE`, and the exit code of the table below. Commands raise the
library's errors (`tm.core.errors`) and never print them themselves.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn, Sequence

import typer

from tm.core.atomic import install_signal_handlers
from tm.core.errors import Terminated, TmError

OK, NOT_FOUND, USAGE, BAD_INPUT, PARTIAL, OUTPUT, MODEL, INTERNAL = 0, 1, 2, 3, 4, 5, 6, 70
INTERRUPTED, TERMINATED = 130, 143

EXIT_CODES: dict[int, str] = {
    OK: "done; for lookup and scan, a match was found",
    NOT_FOUND: "nothing found: lookup found no exact match (the closest entries are still shown)",
    USAGE: "an unknown option, or an option or argument value that cannot be used",
    BAD_INPUT: "an input is missing, unreadable or malformed (the message names the file)",
    PARTIAL: "partly done: --keep-going skipped inputs (named on stderr); the rest was written",
    OUTPUT: "the output cannot be written: a folder, a device, an input file, no permission, disk full",
    MODEL: "no usable model or device: install one (tm model install) or pass --model / --device cpu",
    INTERNAL: "internal error: a bug; DIPLOTM_DEBUG=1 shows the traceback",
    INTERRUPTED: "interrupted by Ctrl-C (SIGINT); no partial output is left",
    TERMINATED: "terminated by SIGTERM or SIGHUP; no partial output is left",
}
DEBUG_ENV = "DIPLOTM_DEBUG"
CURRENT = {"program": "tm"}  # the program `run` runs, for warnings from library code (tm.mt.models)
EPILOG = (
    "Exit codes: 0 done or found; 1 not found (lookup, scan); 2 bad option or value; 3 bad input; "
    "4 inputs skipped (--keep-going); 5 output cannot be written; 6 no usable model or device; "
    "70 internal error; 130/143 interrupted/terminated."
)


def VersionOption(program: str) -> Any:  # named like typer.Option, which it returns
    """The eager `--version` option of a program."""
    from tm import __version__

    def show(value: bool) -> None:
        if value:
            typer.echo(f"{program} {__version__}")
            raise typer.Exit()

    return typer.Option(False, "--version", callback=show, is_eager=True, help="Show the version.")


def say(program: str, message: str) -> None:
    """A line on stderr, prefixed with the program's name."""
    print(f"{program}: {message}", file=sys.stderr, flush=True)


def run(app: typer.Typer, program: str, args: Sequence[str] | None = None) -> NoReturn:
    """Run a Typer app as a command and exit with a code from EXIT_CODES."""
    try:  # Typer ≥ 0.26 vendors its own copy of Click, whose exceptions are other classes
        from typer import _click as click
    except ImportError:
        import click  # type: ignore[no-redef]

    install_signal_handlers()
    CURRENT["program"] = program
    try:
        code = typer.main.get_command(app).main(args=args, prog_name=program, standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError:
        code = USAGE  # Typer has printed the help
    except click.exceptions.ClickException as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if isinstance(exc, click.exceptions.UsageError) and exc.ctx else ""
        say(program, f"error: {_one_line(exc.format_message())}{hint}")
        code = USAGE if isinstance(exc, click.exceptions.UsageError) else BAD_INPUT
    except TmError as exc:
        say(program, f"error: {_one_line(str(exc))}")
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        say(program, "interrupted")
        code = INTERRUPTED
    except Terminated:
        say(program, "terminated")
        code = TERMINATED
    except Exception as exc:  # a bug: say so in one line, unless asked for the traceback
        if os.environ.get(DEBUG_ENV):
            raise
        say(program, f"internal error: {type(exc).__name__}: {_one_line(str(exc))} (set {DEBUG_ENV}=1 for details)")
        code = INTERNAL
    if code == INTERRUPTED:  # Typer turns Ctrl-C inside a command into Exit(130)
        say(program, "interrupted")
    sys.exit(code if isinstance(code, int) else OK)


def _one_line(text: str) -> str:
    return " ".join(text.split())
