"""Run `tm` or `glossary` in the test process, as its console script would run.

A subprocess costs about a second of imports per call; in-process, a command costs what its
logic costs. The program runs through its real entry point (`tm.cli:main`,
`glossary.cli:main`), so the runner's exit codes and one-line errors are what is tested.
What stays a subprocess: signals, concurrent runs, installed-model state (argostranslate reads
its folders once per process) and the fault tables, whose contract is the real process.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

ENTRY_POINTS = {"tm": "tm.cli", "glossary": "glossary.cli"}
_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)]


@dataclass
class Completed:
    """What `subprocess.run(..., capture_output=True, text=True)` returns, for in-process runs."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")


def run_cli(program: str, args: list[str], stdin: str | None = None, env: Mapping[str, str] | None = None) -> Completed:
    """Run `program args` in this process: its exit code, stdout and stderr.

    `env` replaces os.environ for the run (what the command reads when it runs: TM_CACHE,
    HOME; not argostranslate's folders, read once at import)."""
    main: Callable[[], None] = import_module(ENTRY_POINTS[program]).main
    handlers = {number: signal.getsignal(number) for number in _SIGNALS}
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    out, err = _stream(), _stream()
    sys.argv = [program, *args]
    sys.stdin, sys.stdout, sys.stderr = _stream((stdin or "").encode("utf-8")), out, err
    code: int | str | None = 0
    try:
        with _environment(env):
            main()
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return Completed([program, *args], code if isinstance(code, int) else (0 if code is None else 1), _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")
