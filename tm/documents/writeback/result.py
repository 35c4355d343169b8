"""What a format's write-back returns: the new file and what could not be put back as asked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WriteResult:
    """The translated copy of a document, and one line per problem met writing it (a code
    the target lost and that was placed at the block's end, an unknown code id, a ref that
    names no paragraph): the caller reports them; none of them stops the write."""

    data: bytes
    problems: tuple[str, ...] = ()
