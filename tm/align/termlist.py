"""Term pairs for anchoring an alignment: a TSV/CSV list given with `tm align --glossary`,
and those installed packages offer.

The list is read by tm/core/termfile.py, `tm`'s one reader of glossary files (TSV, CSV as
`glossary export` writes them, TBX). The glossary package's readers stay in `glossary`; `tm`
must not import them (it sits below `glossary`).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path

from tm.align.pairs import MAX_LIST_BYTES
from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.termfile import read_term_file


def installed_term_pairs() -> Iterable[tuple[str, str]]:
    """Term pairs that installed packages offer for anchoring (the `tm.term_pairs` entry
    point: the glossary package offers its reference list), without `tm` importing them."""
    for point in entry_points(group="tm.term_pairs"):
        yield from point.load()()


def read_term_pairs(path: Path) -> list[tuple[str, str]]:
    """Term pairs from a glossary file (tm/core/termfile.py): a TSV or CSV with Russian and
    English columns, named by language code (`ru`, `ru-RU`: a glossary exported by `glossary
    export` has `id`, `ru-RU`, `en-US`, …) or two columns without a header, or a TBX. Each
    entry gives its first Russian and first English term, whatever their status: a
    deprecated rendering still anchors an old translation."""
    pairs = [
        (e.russian[0].text, e.english[0].text)
        for e in read_term_file(path, max_bytes=MAX_LIST_BYTES).entries
        if e.russian and e.english
    ]
    if not pairs:
        raise InputError(f"{shown_name(path)}: no term pairs (a TSV or CSV with ru and en columns)")
    return pairs
