"""The approved terms a machine translation must contain: read from a glossary file.

`tm build|translate|pretranslate --glossary G` reads the glossary's approved Russian–English
pairs and its known wrong English renderings. The file is read by tm/core/termfile.py (the
one reader of glossary files in `tm`); this module's view of it:

- TBX: per entry, the English terms by status: APPROVED is required, FORBIDDEN is a wrong
  rendering, any other not used. A Russian acronym is paired with the English acronym, a
  full form with the full form (`termType`), else the first.
- CSV/TSV (and OmegaT's text, PO): a row whose `en-US status` is approved (or that has no
  status column) is a required pair, a forbidden one (`rejected`, …) a wrong rendering, as are
  the `forbidden` column's; anything else is not used. The wrong renderings are the
  terminology check's forbidden English (`TermFileEntry.forbidden_english`).

A Russian term is found in a sentence in any inflected form: the pymorphy3 lemmas of its
words (tm/language/morphology.py) against those of the sentence's words; an all-capital
term (an acronym, ЕАЭС) must be in capitals there too. An English term is present in a
translation when its words' lemmas (lowercased, simplemma's English lemmas) occur in a row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.termfile import APPROVED, FORBIDDEN, TermFileEntry, read_term_file

TERMS_PROP = "x-terms"  # ok | forced | missing, on an MT unit whose source has approved terms
REQUIRED_PROP = "x-terms-required"  # the required English terms, joined by " | "
MISSING_PROP = "x-terms-missing"  # those not in the English, on a `missing` unit
OK, FORCED, MISSING = "ok", "forced", "missing"
OUTCOMES = (OK, FORCED, MISSING)
JOIN = " | "

_RU_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:[-–][А-ЯЁа-яёA-Za-z0-9]+)*")
_EN_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One approved pair: the Russian term and the English a translation must contain
    (`en`, or one of `variants`, declared equivalents)."""

    ru: str
    en: str
    variants: tuple[str, ...] = ()

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.variants)


@dataclass(frozen=True)
class TermHit:
    """A term found in a source sentence, at character `start`."""

    term: Term
    start: int


@dataclass
class TermGlossary:
    """The required terms and wrong renderings of one glossary file; `digest` is the hash of
    its content, which joins the MT signature and cache key."""

    terms: list[Term]
    wrong: list[str] = field(default_factory=list)
    digest: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, ...], list[tuple[Term, bool]]] = {}
        for term in self.terms:
            key = ru_key(term.ru)
            if key:
                self._index.setdefault(key, []).append((term, _is_acronym(term.ru)))
        self._longest = max((len(k) for k in self._index), default=0)

    @property
    def short_digest(self) -> str:
        return self.digest[:16]

    def find(self, sentence: str) -> list[TermHit]:
        """The approved terms in `sentence`, longest first where they overlap, each once,
        in the order they occur."""
        words = list(_RU_WORD.finditer(sentence))
        lemmas = [_ru_lemma(m.group()) for m in words]
        hits: list[TermHit] = []
        seen: set[str] = set()
        i = 0
        while i < len(words):
            matched = 0
            for n in range(min(self._longest, len(words) - i), 0, -1):
                for term, acronym in self._index.get(tuple(lemmas[i : i + n]), ()):
                    if acronym and not all(m.group().isupper() for m in words[i : i + n]):
                        continue
                    if term.en not in seen:
                        seen.add(term.en)
                        hits.append(TermHit(term, words[i].start()))
                    matched = n
                if matched:
                    break
            i += matched or 1
        return hits


def ru_key(phrase: str) -> tuple[str, ...]:
    return tuple(_ru_lemma(m.group()) for m in _RU_WORD.finditer(phrase))


@functools.lru_cache(maxsize=200_000)
def _ru_lemma(word: str) -> str:
    from tm.language.morphology import analyzer

    folded = word.lower().replace("ё", "е")
    if not re.search("[а-яе]", folded):
        return folded
    return str(analyzer().parse(folded)[0].normal_form).replace("ё", "е")


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=200_000)
def _en_lemma(word: str) -> str:
    import simplemma

    lowered = word.lower()
    return str(simplemma.lemmatize(lowered, lang="en")).lower() if lowered.isalpha() else lowered


def en_key(text: str) -> tuple[str, ...]:
    """The lowercased English lemmas of a text's words."""
    return tuple(_en_lemma(w) for w in _EN_WORD.findall(text))


def contains(translation: str | tuple[str, ...], term: str) -> bool:
    """Whether the English `term` occurs in `translation` (case- and lemma-insensitive)."""
    words = translation if isinstance(translation, tuple) else en_key(translation)
    wanted = en_key(term)
    if not wanted:
        return True
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def has_term(translation: str | tuple[str, ...], term: Term) -> bool:
    words = translation if isinstance(translation, tuple) else en_key(translation)
    return any(contains(words, rendering) for rendering in term.renderings)


def missing_terms(translation: str, terms: Sequence[Term]) -> list[Term]:
    words = en_key(translation)
    return [t for t in terms if not has_term(words, t)]


# --- reading ---


def read_glossary(path: Path) -> TermGlossary:
    """The approved terms of a TBX, CSV or TSV glossary (read by tm/core/termfile.py);
    InputError (exit 3) naming the file when it cannot be read or holds no approved pair."""
    file = read_term_file(path, prefix="--glossary ")
    terms: list[Term] = []
    wrong: list[str] = []
    for entry in file.entries:
        wrong.extend(entry.forbidden_english())  # as the terminology check reads them
        terms.extend(_table_terms(entry) if file.table else _tbx_terms(entry))
    if not terms:
        raise InputError(f"--glossary {shown_name(path)}: no approved term pairs (a TBX, or a CSV/TSV with ru and en columns)")
    return TermGlossary(_unique(terms), list(dict.fromkeys(wrong)), file.digest, file.name)


def _unique(terms: Iterable[Term]) -> list[Term]:
    return list({(t.ru, t.en): t for t in terms}.values())


def _table_terms(entry: TermFileEntry) -> list[Term]:
    """A table row's pair, when its English is approved (declared variants are not used)."""
    approved = [t for t in entry.english if t.status == APPROVED]
    return [Term(entry.russian[0].text, approved[0].text)] if entry.russian and approved else []


def _tbx_terms(entry: TermFileEntry) -> list[Term]:
    """A TBX entry's pairs: each Russian term that is not forbidden with the approved English
    of its `termType` (an acronym with the acronym), else the first; the other approved
    English of the same kind (acronym or not) are its variants."""
    english = [t for t in entry.english if t.status == APPROVED]
    if not english:
        return []
    terms: list[Term] = []
    for ru in entry.russian:
        if ru.status == FORBIDDEN:
            continue
        same = [t.text for t in english if t.kind == ru.kind] or [english[0].text]
        variants = tuple(t.text for t in english if t.text != same[0] and _is_acronym(t.text) == _is_acronym(same[0]))
        terms.append(Term(ru.text, same[0], variants))
    return terms
