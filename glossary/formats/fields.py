"""Checked values for the readers: a bad status or number in a file is an error that names
the file and the line (or entry), never a bare `could not convert string to float`."""

from __future__ import annotations

from typing import TypeVar

from glossary.errors import GlossaryError
from glossary.model import ORIGINS, STATUSES, TERM_TYPES, Origin, Status, TermType

T = TypeVar("T", bound=str)


def _choice(value: str, allowed: tuple[T, ...], what: str, where: str) -> T:
    for option in allowed:
        if value == option:
            return option
    raise GlossaryError(f"{where}: unknown {what} {value!r} (expected {', '.join(allowed)})")


def status(value: str | None, where: str, default: Status = "proposed") -> Status:
    return _choice(value.strip(), STATUSES, "status", where) if value and value.strip() else default


def term_type(value: str | None, where: str) -> TermType:
    return _choice(value.strip(), TERM_TYPES, "term type", where) if value and value.strip() else "fullForm"


def origin(value: str | None, where: str) -> Origin | None:
    return _choice(value.strip(), ORIGINS, "origin", where) if value and value.strip() else None


def real(value: str | None, what: str, where: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise GlossaryError(f"{where}: {what} {value!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise GlossaryError(f"{where}: {what} {value!r} is not a finite number")
    return number


def whole(value: str | None, what: str, where: str) -> int:
    if value is None or not value.strip():
        return 0
    try:
        return int(value)
    except ValueError:
        raise GlossaryError(f"{where}: {what} {value!r} is not a whole number") from None
