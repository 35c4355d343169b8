"""Terms in running text, as a CAT tool's glossary pane marks them.

Every run of up to `longest` words of a sentence is looked up as a known form and as a lemma
key (Russian lemmas by pymorphy3, English ones by glossary/lookup/english_keys.py), so any inflected form
is found («в рамках Евразийского экономического союза» → Евразийский экономический союз).
Of overlapping matches the longest wins, then the leftmost.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from glossary.entries import Entry, Term
from glossary.extraction.morphology import fold, lemma, words
from glossary.lookup.keys import MatchHow, TermIndex

MAX_WORDS = 8


@dataclass
class Match:
    start: int  # character offsets in the sentence
    end: int
    text: str  # as written
    entry: Entry
    how: MatchHow

    def to_dict(self) -> dict[str, object]:
        ru, en = self._pair()
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "how": self.how,
            "entry": self.entry.id,
            "ru": ru,
            "en": en.text if en else "",
            "status": en.status if en else self.entry.status,
        }

    def _pair(self) -> tuple[str, Term | None]:
        """The entry's Russian and English of the matched kind: an acronym found gives the
        English acronym (ЕАЭС → EAEU), a full form the English full form."""
        kind = "acronym" if self.text.isupper() else "fullForm"
        ru = self.entry.terms_in("ru")
        en = self.entry.terms_in("en")
        ru_term = next((t for t in ru if t.term_type == kind), ru[0] if ru else None)
        en_term = next((t for t in en if t.term_type == kind), en[0] if en else None)
        return (ru_term.text if ru_term else ""), en_term


@dataclass
class ScannedSentence:
    text: str
    document: str = ""
    matches: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"sentence": self.text, "document": self.document, "matches": [m.to_dict() for m in self.matches]}


class Scanner:
    """Finds an index's terms in sentences. With `preload`, the index's keys are read once
    into sets, so that scanning many sentences asks the index only about real matches."""

    def __init__(self, index: TermIndex, preload: bool = True) -> None:
        self.index = index
        self.forms: set[str] | None = set(index.forms(None)) if preload else None
        self.lemmas: set[str] | None = set(index.lemmas()) if preload else None
        keys = (self.forms or set()) | (self.lemmas or set())
        self.longest = max((len(k.removeprefix("en:").split()) for k in keys), default=MAX_WORDS) if preload else MAX_WORDS

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 (one scanner per command)
    def _entries(self, kind: str, key: str) -> tuple[Entry, ...]:
        known = self.forms if kind == "form" else self.lemmas
        if known is not None and key not in known:
            return ()
        return tuple(self.index.by_form(key) if kind == "form" else self.index.by_lemma(key))

    def scan(self, sentence: str) -> list[Match]:
        ws = words(sentence)
        # Source-language keys only: a sentence is Russian, and the English side of an entry
        # (even a Cyrillic one from a synthetic model: «не», «у») is never matched in it.
        lemmas = [fold(lemma(w.text)) if not w.text.isascii() else fold(w.text) for w in ws]
        found: list[Match] = []
        for i in range(len(ws)):
            for j in range(i + 1, min(i + self.longest, len(ws)) + 1):
                window = ws[i:j]
                form = fold(" ".join(w.text for w in window))
                lemma_key = " ".join(lemmas[i:j])
                for how, kind, key in (("form", "form", form), ("lemma", "lemma", lemma_key)):
                    entries = tuple(e for e in self._entries(kind, key) if _russian_key(e, kind, key))
                    if entries:
                        text = sentence[window[0].start : window[-1].end]
                        found.append(Match(window[0].start, window[-1].end, text, entries[0], how))  # type: ignore[arg-type]
                        break
        return _longest_first(found)


def _russian_key(entry: Entry, kind: str, key: str) -> bool:
    """Whether the entry is found under `key` by a Russian term (the index mixes languages)."""
    from glossary.extraction.morphology import lemma_key

    for term in entry.terms_in("ru"):
        texts = [term.text, *term.variants]
        if kind == "form" and key in {fold(t) for t in texts}:
            return True
        if kind == "lemma" and key in {lemma_key(t) for t in texts}:
            return True
    return False


def _longest_first(matches: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def scan_sentences(
    scanner: Scanner, sentences: list[tuple[str, str]], progress: Callable[[int, int], None] | None = None
) -> list[ScannedSentence]:
    """(document, sentence) pairs → each sentence with the terms found in it."""
    result = []
    for n, (document, sentence) in enumerate(sentences, 1):
        result.append(ScannedSentence(sentence, document, scanner.scan(sentence)))
        if progress:
            progress(n, len(sentences))
    return result
