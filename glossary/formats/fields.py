"""Checked values for the readers: a bad status or number in a file is an error that names
the file and the line (or entry), never a bare `could not convert string to float`."""

from __future__ import annotations

import re
from typing import TypeVar

from glossary.entries import ORIGINS, STATUSES, TERM_TYPES, Origin, Status, TermType
from glossary.errors import GlossaryError

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


# Characters XML 1.0 cannot hold, not even as `&#x7;`: C0 controls but tab, LF and CR, and
# U+FFFE/U+FFFF. A glossary is written as TBX (XML) at any time (`glossary export`, the
# default copy), so every reader refuses them where it meets them, naming the line, rather
# than take a file that cannot be converted (issue 14: they gave exit 70 at the TBX write).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str | None, where: str, what: str = "text") -> None:
    """Raise GlossaryError if `text` holds a character XML forbids."""
    if text and (found := _NOT_XML.search(text)):
        raise GlossaryError(
            f"{where}: {what} holds the control character U+{ord(found.group()):04X}, which TBX (XML) cannot hold; remove it"
        )
