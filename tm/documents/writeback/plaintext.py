"""Plain text written back: one block per line, every line where the original has it.

A line is a block (`ref` "line N", 1-based, counted as the normalised text counts lines:
tm/language/normalize.py's line breaks). A line with a target gets the target's text;
every other line, and every line break, stays byte for byte as it was, so a target equal
to its (normalised) source leaves the file identical. The file keeps its encoding (a BOM
too); a target the encoding cannot hold makes the whole file UTF-8, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tm.documents.model import Block
from tm.documents.plaintext import decode_bytes
from tm.documents.writeback import WriteResult
from tm.language.normalize import normalize_text

# The line breaks normalize_text turns into "\n" (tm/language/normalize.py), kept as written.
_LINE_BREAK = re.compile("(\r\n?|[\n\u2028\u2029\u0085\x0b\x0c])")


def line_ref(number: int) -> str:
    return f"line {number}"


def lines(data: bytes, label: str) -> tuple[list[str], list[str], str]:
    """The original's lines as written, the line breaks after each, and its encoding."""
    text, encoding = decode_bytes(data, label)
    pieces = _LINE_BREAK.split(text)
    return pieces[0::2], [*pieces[1::2], ""], encoding


def write(original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult:
    """The original with each targeted line replaced by its translation."""
    written, breaks, encoding = lines(original, label)
    problems: list[str] = []
    out: list[str] = []
    for number, (line, end) in enumerate(zip(written, breaks, strict=True), start=1):
        target = targets.get(line_ref(number))
        if target is not None and target.text != normalize_text(line).replace("\n", " "):
            line = target.text
        out += [line, end]
    text = "".join(out)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        problems.append(f"{label}: the translation does not fit its encoding ({encoding}); written as UTF-8")
        data = text.encode("utf-8")
    return WriteResult(data, tuple(problems))
