"""Term pairs for anchoring an alignment: a TSV/CSV list given with `tm align --glossary`,
and those installed packages offer.

`tm` reads no glossary format of its own beyond this: a table with Russian and English
columns, which is what `glossary export` writes as TSV or CSV. The glossary package's
readers stay in `glossary`; `tm` must not import them (it sits below `glossary`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path

from tm.align.pairs import MAX_LIST_BYTES
from tm.core.errors import InputError
from tm.core.inputs import read_input_text
from tm.core.langcodes import normalize_code, primary


def installed_term_pairs() -> Iterable[tuple[str, str]]:
    """Term pairs that installed packages offer for anchoring (the `tm.term_pairs` entry
    point: the glossary package offers its reference list), without `tm` importing them."""
    for point in entry_points(group="tm.term_pairs"):
        yield from point.load()()


def _language_column(name: str) -> str | None:
    """The language a header cell names («ru-RU» → ru), or None."""
    try:
        return primary(normalize_code(name))
    except ValueError:
        return None


def read_term_pairs(path: Path) -> list[tuple[str, str]]:
    """Term pairs from a TSV or CSV with Russian and English columns, named by language code
    (`ru`, `ru-RU`: a glossary exported by `glossary export` has `id`, `ru-RU`, `en-US`, …),
    or two columns without a header."""
    text = read_input_text(path, "utf-8-sig", max_bytes=MAX_LIST_BYTES)
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() != ".csv" else ","))
    if not rows:
        raise InputError(f"{path}: no term pairs")
    header = [_language_column(c) for c in rows[0]]
    if "ru" in header and "en" in header:
        ru, en = header.index("ru"), header.index("en")
        rows = rows[1:]
    else:
        ru, en = 0, 1
    pairs = [(r[ru], r[en]) for r in rows if len(r) > max(ru, en) and r[ru].strip() and r[en].strip()]
    if not pairs:
        raise InputError(f"{path}: no term pairs (a TSV or CSV with ru and en columns)")
    return pairs
