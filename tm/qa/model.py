"""What the checks read and what they report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tm.documents.model import Code

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
RANK: dict[str, int] = {"error": 2, "warning": 1, "info": 0}


@dataclass(frozen=True)
class Pair:
    """One source segment and its translation, with the inline codes of each where the file
    has them (`None`: the format has no codes, the tags check says nothing)."""

    id: str  # the tuid, the XLIFF unit id, or the line number of a plain pair
    source: str
    target: str
    source_codes: tuple[Code, ...] | None = None
    target_codes: tuple[Code, ...] | None = None


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (the pair's id), which check saw it, how bad, and a one-line message."""

    id: str
    check: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "check": self.check, "severity": self.severity, "message": self.message}


@dataclass
class Document:
    """The pairs of one input, in order, and what reading it noted."""

    label: str
    pairs: list[Pair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def quoted(text: str, width: int = 40) -> str:
    """A piece of text for a one-line message: on one line, cut to `width` characters."""
    flat = " ".join(text.split())
    return f"«{flat if len(flat) <= width else flat[: width - 1] + '…'}»"
