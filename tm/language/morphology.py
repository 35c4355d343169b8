"""The one pymorphy3 analyzer of a process, for every Russian word analysis: `tm concord`'s
lemma matching and the glossary's extraction share it (loading the dictionaries takes a
moment and about 15 MB, so once)."""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def analyzer() -> Any:
    import pymorphy3  # on first use: `tm --help` and most commands never need it

    return pymorphy3.MorphAnalyzer()
