"""Writing translations back into a copy of an original document (`tm merge`).

One module per format, `tm/documents/writeback/<format>.py` (the reader's format name:
docx, odt, html, plaintext), each with

    write(original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult

`targets` maps a block's `ref` (as the format's reader gave it) to the block's translation:
a Block with the target text and the source block's codes (the same ids, at their target
positions). A block without a target is left as the original has it. `WriteResult` is the
new file's bytes and what could not be put back, one line each, for the user.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol

from tm.core.errors import InputError
from tm.documents.model import Block
from tm.documents.writeback.result import WriteResult

__all__ = ["WriteResult", "Writer", "writer"]


class Writer(Protocol):
    def __call__(self, original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult: ...


def writer(format_name: str) -> Writer:
    """The write-back function of a format; a format without one is refused in one line."""
    module_name = f"{__name__}.{format_name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise  # a library the writer needs is missing: not the same as no writer
        raise InputError(f"{format_name}: translations cannot be written back into this format yet") from None
    write: Writer = module.write
    return write
