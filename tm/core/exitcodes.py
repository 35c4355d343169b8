"""The exit codes of both programs (`tm`, `glossary`), defined once.

Each error class of `tm.core.errors` carries one of these codes; the CLI runner exits with
them; the help epilog of both programs is generated from `TABLE` (`epilog()`); the README's
table lists the same codes (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

OK, NOT_FOUND, USAGE, BAD_INPUT, PARTIAL, OUTPUT, MODEL, INTERNAL = 0, 1, 2, 3, 4, 5, 6, 70
INTERRUPTED, TERMINATED = 130, 143


@dataclass(frozen=True)
class ExitCode:
    """One row of the table: the code, a few words for `--help`, and what it means."""

    code: int
    short: str
    meaning: str


TABLE: tuple[ExitCode, ...] = (
    ExitCode(OK, "done or found", "done; for lookup and scan, a match was found"),
    ExitCode(
        NOT_FOUND, "not found (lookup, scan)", "nothing found: lookup found no exact match (the closest entries are still shown)"
    ),
    ExitCode(USAGE, "bad option or value", "an unknown option, or an option or argument value that cannot be used"),
    ExitCode(BAD_INPUT, "bad input", "an input is missing, unreadable or malformed (the message names the file)"),
    ExitCode(
        PARTIAL,
        "inputs skipped (--keep-going)",
        "partly done: --keep-going skipped inputs (named on stderr); the rest was written",
    ),
    ExitCode(
        OUTPUT,
        "output cannot be written",
        "the output cannot be written: a folder, a device, an input file, no permission, disk full",
    ),
    ExitCode(
        MODEL,
        "no usable model or device",
        "no usable model or device: install one (tm model install) or pass --model / --device cpu",
    ),
    ExitCode(INTERNAL, "internal error", "internal error: a bug; DIPLOTM_DEBUG=1 shows the traceback"),
    ExitCode(INTERRUPTED, "interrupted", "interrupted by Ctrl-C (SIGINT); no partial output is left"),
    ExitCode(TERMINATED, "terminated", "terminated by SIGTERM or SIGHUP; no partial output is left"),
)
EXIT_CODES: dict[int, str] = {row.code: row.meaning for row in TABLE}


def epilog() -> str:
    """The `Exit codes: …` paragraph at the end of both programs' `--help`."""
    return "Exit codes: " + "; ".join(f"{row.code} {row.short}" for row in TABLE) + "."
