"""How both CLIs (`tm`, `glossary`) run and end: signals, warnings, one-line errors, exit codes.

`run(app, program)` runs a Typer app and turns whatever stops it into a line on stderr,
`PROGRAM: error: MESSAGE`, and an exit code of the one table, `tm.core.exitcodes` (each
error class carries its code). It installs the signal handlers and points the library's
warnings (`tm.core.notices`) at stderr under the program's name. Commands raise the
library's errors (`tm.core.errors`) and never print them themselves.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn, Sequence

import typer

from tm.core import notices
from tm.core.errors import Terminated, TmError
from tm.core.exitcodes import (  # re-exported: the codes commands exit with
    BAD_INPUT,
    EXIT_CODES,
    INTERNAL,
    INTERRUPTED,
    NOT_FOUND,
    OK,
    PARTIAL,
    USAGE,
    epilog,
)

__all__ = ["EPILOG", "EXIT_CODES", "NOT_FOUND", "OK", "PARTIAL", "VersionOption", "install_signal_handlers", "run", "say"]

DEBUG_ENV = "DIPLOTM_DEBUG"
EPILOG = epilog()  # generated from the one table, tm.core.exitcodes


def install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into `Terminated`, which unwinds like KeyboardInterrupt, so
    that every output being written (`tm.core.atomic`) removes its temporary file."""

    def terminate(number: int, frame: object) -> None:
        raise Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), terminate)


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
    notices.set_sink(lambda message: say(program, f"warning: {message}"))  # library warnings, as ours
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
    except Terminated as exc:
        say(program, "terminated")
        code = exc.exit_code
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
