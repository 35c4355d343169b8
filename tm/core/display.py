"""File names as the user sees them: in messages, JSON, TMX `x-document` and glossaries.

On Linux a file name is bytes. Python hands undecodable bytes over as lone surrogates,
which cannot be written as UTF-8 (JSON and XML would be invalid), and replacing them with
U+FFFD would make two different names look the same. So undecodable bytes are shown as
`\\xNN`, which keeps names distinct and readable.
"""

from __future__ import annotations

import os


def shown_name(path: str | os.PathLike[str]) -> str:
    """`café.txt` stays as it is; the Latin-1 bytes of `caf\\xe9.txt` are shown as `\\xe9`."""
    raw = os.fspath(path)
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
