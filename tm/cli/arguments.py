"""The one rule for a command-line argument that is either a file or the text itself.

`tm translate ARG` and `glossary scan ARG` both take it. It is a command-line heuristic
(what did the user mean by this word?), so it lives in the CLI layer; reading the file is
the library's (`tm.text.documents.read_document`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.language.normalize import normalize_text
from tm.text.documents import STDIN, Document, read_document

_CYRILLIC = re.compile("[А-ЯЁа-яё]")
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def read_argument(argument: str, command: str, verb: str) -> Document:
    """`-` is standard input, an existing path is a file whatever its name (a folder is an
    error), a path-looking argument that does not exist is a mistyped name (an error), and
    anything else is the text. `command` names the command in messages; `verb` says what
    would be done to the argument as text."""
    if argument == STDIN or os.path.lexists(argument):
        if os.path.isdir(argument):
            raise InputError(
                f"{shown_name(argument)}: is a folder; `{command}` takes one text or file"
                + (" (use `tm build` for folders)" if command == "tm translate" else "")
            )
        return read_document(argument)
    if looks_like_path(argument):
        raise InputError(f"{shown_name(argument)}: no such file (to {verb} it as text, it must contain Cyrillic)")
    return Document("<argument>", normalize_text(argument), "utf_8")


def looks_like_path(text: str) -> bool:
    """A one-word argument with no Cyrillic and a slash or a file suffix: a mistyped path,
    not Russian text to translate."""
    return not _CYRILLIC.search(text) and not any(c.isspace() for c in text) and ("/" in text or bool(_FILE_SUFFIX.search(text)))


MAX_QUERIES_BYTES = 64 << 20  # a file of queries, not a corpus


def queries_of(
    argument: str | None, queries: Path | None, what: str, too_long: Callable[[str], str | None] | None = None
) -> list[str]:
    """The queries of `tm search` and `tm concord`: the argument, then the lines of
    `--queries FILE` (opened through the one input check, so a FIFO or device is refused).
    Neither given is a usage error naming `what` the argument is; a file with no query or a
    NUL byte (binary) is a malformed input naming it. `too_long` says why a query cannot be
    answered (None when it can): for the argument a usage error (exit 2), for a line of the
    file a malformed input naming the file and line (exit 3), in one line, before any work."""
    from tm.core.errors import UsageError
    from tm.core.inputs import read_input_text

    texts = [argument.strip()] if argument is not None and argument.strip() else []
    if texts and too_long is not None and (reason := too_long(texts[0])):
        raise UsageError(f"{what}: {reason}")
    if queries is not None:
        text = read_input_text(queries, max_bytes=MAX_QUERIES_BYTES)
        if "\x00" in text:  # valid UTF-8, but a NUL is in no text file of queries
            raise InputError(f"{shown_name(queries)}: binary file, not text (a NUL byte at offset {text.index(chr(0))})")
        lines = 0
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            if too_long is not None and (reason := too_long(line.strip())):
                raise InputError(f"{shown_name(queries)}:{number}: {reason}")
            texts.append(line.strip())
            lines += 1
        if not lines and not texts:
            raise InputError(f"{shown_name(queries)}: no query in it (one a line)")
    if not texts:
        raise UsageError(f"give {what} or --queries FILE")
    return texts
