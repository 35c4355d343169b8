"""The reference list shipped in `glossary/data/reference.tsv`: established equivalents.

Each row is one concept: a Russian term and its English equivalent, and for acronyms their
expansions; optionally other English a translator may use (`en_variants`). Reference
equivalents outrank machine translation and are marked approved.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from glossary.extraction.morphology import fold, lemma_key

REFERENCE_FILE = Path(__file__).resolve().parent.parent / "data" / "reference.tsv"  # glossary/data


@dataclass(frozen=True)
class ReferenceEntry:
    ru: str
    en: str
    ru_full: str = ""
    en_full: str = ""
    domain: str = ""
    en_variants: tuple[str, ...] = ()  # other English a translator may use (РФ: Russia)

    @property
    def is_acronym(self) -> bool:
        return bool(self.ru_full) and self.ru.isupper()

    @property
    def short_key(self) -> str:
        """The key a candidate of the short form has: an acronym's is its letters folded, as
        candidates.acronyms keys it, not its lemmas, which pymorphy guesses as an inflected
        noun's (ЕАБР → «еабра», АСЕАН → «асеана»)."""
        return fold(self.ru) if self.ru.isupper() else lemma_key(self.ru)


@functools.lru_cache(maxsize=2)
def load_reference(path: Path = REFERENCE_FILE) -> tuple[ReferenceEntry, ...]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(
        ReferenceEntry(
            r["ru"],
            r["en"],
            r["ru_full"] or "",
            r["en_full"] or "",
            r["domain"] or "",
            tuple(v.strip() for v in (r.get("en_variants") or "").split("|") if v.strip()),
        )
        for r in rows
    )


@functools.lru_cache(maxsize=2)
def longest_reference_term(path: Path = REFERENCE_FILE) -> int:
    """Words in the longest indexed form: how far a sentence scan needs to look ahead."""
    return max((len(key.split()) for key in reference_index(path)), default=0)


@functools.lru_cache(maxsize=2)
def reference_index(path: Path = REFERENCE_FILE) -> dict[str, tuple[ReferenceEntry, bool]]:
    """Lemma key → (entry, whether the key is the entry's full form rather than its short form)."""
    index: dict[str, tuple[ReferenceEntry, bool]] = {}
    for entry in load_reference(path):
        index.setdefault(entry.short_key, (entry, False))
        # ... and by its lemmas, which is how a sentence's words are looked up (candidates.reference_terms)
        index.setdefault(lemma_key(entry.ru), (entry, False))
        if entry.ru_full:
            index.setdefault(lemma_key(entry.ru_full), (entry, True))
    return index


def term_pairs() -> list[tuple[str, str]]:
    """The reference list as Russian–English pairs, acronyms and full forms apart: lexical
    anchors for `tm align` (offered through the `tm.term_pairs` entry point)."""
    pairs = []
    for e in load_reference():
        pairs.append((e.ru, e.en))
        if e.ru_full and e.en_full:
            pairs.append((e.ru_full, e.en_full))
    return pairs
