"""The keys a glossary term is found under, and `TermIndex`: what lookup and scan ask of an index.

Both the in-memory and the SQLite index (glossary/lookup/index.py) store an entry under the
keys `index_keys` gives it, and answer the four questions of `TermIndex`. The lookup steps
(glossary/lookup/index.py) and the scanner (glossary/lookup/scan.py) use an index only through
these questions, so that neither depends on how one is stored, and this module, which both
import, imports neither.
"""

from __future__ import annotations

from typing import Literal, Protocol

from glossary.entries import Entry
from glossary.extraction.morphology import fold

MatchHow = Literal["form", "lemma", "fuzzy"]


class TermIndex(Protocol):
    """An index of glossary entries by folded form and by lemma key (`index_keys`)."""

    def by_form(self, key: str) -> list[Entry]:
        """The entries with a term or variant whose folded form is `key`."""
        ...

    def by_lemma(self, key: str) -> list[Entry]:
        """The entries with a term or variant whose lemma key is `key`."""
        ...

    def forms(self, initial: str | None = None) -> list[str]:
        """Every known folded form; only those starting with `initial` when it is given."""
        ...

    def lemmas(self) -> list[str]:
        """Every lemma key."""
        ...


def index_keys(entry: Entry) -> tuple[set[str], set[str]]:
    """(folded forms, lemma keys) under which an entry is found: Russian lemma keys by
    pymorphy3, English ones (prefixed `en:`) by glossary/lookup/english_keys.py."""
    from glossary.extraction.morphology import lemma_key
    from glossary.lookup.english_keys import english_key

    forms: set[str] = set()
    lemmas: set[str] = set()
    for term in entry.terms:
        forms.add(fold(term.text))
        forms.update(fold(v) for v in term.variants)
        key = lemma_key if term.lang == "ru" else english_key
        lemmas.add(key(term.text))
        lemmas.update(key(v) for v in term.variants)
    return forms, lemmas
