"""Errors the CLIs report as one line and an exit code, never a traceback.

Each class carries its exit code, one of the table in `tm.core.exitcodes`.
"""

from __future__ import annotations

from tm.core import exitcodes


class TmError(Exception):
    """A problem with the user's input, options or setup; its message is shown as is."""

    exit_code = exitcodes.BAD_INPUT


class UsageError(TmError):
    """An option or argument value that cannot be used (`--threads -5`, `--target-lang de`)."""

    exit_code = exitcodes.USAGE


class InputError(TmError):
    """An input that cannot be read: missing, empty, binary, undecodable or malformed."""

    exit_code = exitcodes.BAD_INPUT


class TmxError(InputError):
    """A TMX file that cannot be read, or whose languages do not fit."""


class OutputError(TmError):
    """An output that cannot or must not be written: a directory, a device, an input file."""

    exit_code = exitcodes.OUTPUT


class ModelError(TmError):
    """No usable argos ru→en model or device, or a model file that cannot be installed."""

    exit_code = exitcodes.MODEL


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` swallows it and every `finally` and context manager cleans up."""

    exit_code = exitcodes.TERMINATED

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number
