"""`tm concord`: keyword-in-context lines of a word or phrase in one or more TMX files.

A query in Cyrillic is looked up in the Russian sources, any other query in the English
targets. Words match in any inflected form:

- Russian words by lemma: pymorphy3 gives every analysis of a word, and a word of the text
  matches a word of the query when their sets of dictionary forms (lower case, `ё` → `е`)
  share one, so «всеобъемлющего стратегического» finds «всеобъемлющее стратегическое» and
  a homonym («стали») finds both its lexemes, as a concordance should.
- English words by a light suffix stripping of the lowercased word (`english_key`): the
  possessive, plural `-s`/`-es`/`-ies`, then `-ed`/`-ing` (a doubled consonant undoubled)
  and final `e`s, so "strategic partnerships" finds "strategic partnership" and "agreed"
  finds "agree". No dictionary: irregular forms ("went") are not folded, and unrelated
  words may share a key.

A phrase matches consecutive words (punctuation between them is skipped). A number is one
word, matched by its value in one notation (tm/language/numbers.py; the searched side's language
reads an ambiguous "18,300"). No index yet: each
run streams every unit of every memory (`TmxReader`), so memory stays flat and time grows
with the memories. pymorphy3 comes from tm/language/morphology.py (the one analyzer, shared with the glossary)
with a cache of word keys, since texts repeat words a lot.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.language.morphology import analyzer
from tm.language.numbers import NUMBER_PATTERN, is_number, number_key
from tm.memory.tmx import TmxReader

DEFAULT_LIMIT = 20
CONTEXT = 40  # characters of context shown on each side of a match

# A word: a number, whole («18 300», "18,300", «18,3»), or letters or digits joined by inner
# hyphens and apostrophes («военно-морской», "Russia's")
_WORD = re.compile(rf"{NUMBER_PATTERN}|[^\W_]+(?:[-–'’][^\W_]+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_VOWEL = re.compile(r"[aeiouy]")
_SPACE = re.compile(r"\s+")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def russian_keys(word: str) -> frozenset[str]:
    """The dictionary forms of every analysis of a word, folded; a word without Cyrillic
    (a number, a Latin name) is its own key."""
    folded = _fold(word)
    if not _CYRILLIC.search(word):
        return frozenset({folded})
    return frozenset({folded} | {_fold(parse.normal_form) for parse in analyzer().parse(word)})


@functools.lru_cache(maxsize=200_000)
def english_key(word: str) -> str:
    """A lowercased English word with its inflectional suffix stripped (see the module)."""
    key = word.lower().replace("’", "'")
    if key.endswith("'s"):
        key = key[:-2]
    key = key.rstrip("'")
    if key.endswith("sses"):
        key = key[:-2]
    elif key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith(("xes", "ches", "shes", "zes")):
        key = key[:-2]
    elif key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        key = key[:-1]
    if key.endswith("ied") and len(key) > 4:
        key = key[:-3] + "y"
    else:
        for suffix in ("ing", "ed"):
            stem = key[: -len(suffix)]
            if key.endswith(suffix) and len(stem) >= 3 and _VOWEL.search(stem):
                key = stem
                # "stopped" → "stop", as Porter undoubles (but "called", "passed" keep theirs)
                if len(key) > 3 and key[-1] == key[-2] and key[-1] not in "lsz" and key[-1].isalpha():
                    key = key[:-1]
                break
    # a final `e` goes whatever came before, so "agree", "agreed" and "agreeing" share "agr"
    stripped = key.rstrip("e")
    return stripped if len(stripped) >= 2 else key


def is_russian(text: str) -> bool:
    """A query with a Cyrillic letter is Russian (looked up in the sources)."""
    return bool(_CYRILLIC.search(text))


@dataclass(frozen=True)
class Hit:
    """One occurrence of a query in a unit: the searched side cut around the match, the
    whole unit and where it is from."""

    query: str
    left: str
    match: str
    right: str
    source: str
    target: str
    origin: str | None
    document: str | None
    memory: str
    tuid: str | None
    side: str  # "source" (a Russian query) or "target" (an English one)

    @property
    def other(self) -> str:
        """The other language's text of the unit."""
        return self.target if self.side == "source" else self.source

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "side": self.side,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "source": self.source,
            "target": self.target,
            "origin": self.origin,
            "document": self.document,
            "memory": self.memory,
            "tuid": self.tuid,
        }


@dataclass
class Found:
    """A query's first `limit` hits and how many there are in all."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0


class _Query:
    """A query's word keys and the side of the units it looks in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.russian = is_russian(text)
        self.side = "source" if self.russian else "target"
        self.keys = [self._key(m.group()) for m in _WORD.finditer(text)]

    def _key(self, word: str) -> frozenset[str]:
        if is_number(word):  # numbers count by value: «18,3» finds "18.3", never «18,4»
            return frozenset({"#" + number_key(word, self.russian)})
        return russian_keys(word) if self.russian else frozenset({english_key(word)})

    def spans(self, words: Sequence[re.Match[str]]) -> Iterable[tuple[int, int]]:
        """The character spans of the consecutive runs of `words` that match the query."""
        n = len(self.keys)
        if not n:
            return
        i = 0
        while i + n <= len(words):
            if all(self.keys[j] & self._key(words[i + j].group()) for j in range(n)):
                yield words[i].start(), words[i + n - 1].end()
                i += n  # occurrences do not overlap
            else:
                i += 1


def _spaced(text: str) -> str:
    """White space collapsed to one space, kept at the ends: "[match]." stays unspaced."""
    return _SPACE.sub(" ", text)


def _left(text: str, width: int) -> str:
    text = _spaced(text)
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def _right(text: str, width: int) -> str:
    text = _spaced(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def concordance(
    queries: Sequence[str],
    memories: Iterable[Path],
    limit: int = DEFAULT_LIMIT,
    source_lang: str | None = None,
    context: int = CONTEXT,
) -> list[Found]:
    """Each query's first `limit` occurrences in the memories, in file and unit order, and
    their total count (a TmxError for a broken file: every memory is read to the end)."""
    pending = [_Query(text) for text in queries]
    found = [Found(text) for text in queries]
    for path in memories:
        for unit in TmxReader(path, source_lang):
            words = {"source": list(_WORD.finditer(unit.source)), "target": list(_WORD.finditer(unit.target))}
            for query, result in zip(pending, found, strict=True):
                text = unit.source if query.russian else unit.target
                for start, end in query.spans(words[query.side]):
                    result.total += 1
                    if len(result.hits) < limit:
                        result.hits.append(
                            Hit(
                                query.text,
                                _left(text[:start], context),
                                text[start:end],
                                _right(text[end:], context),
                                unit.source,
                                unit.target,
                                unit.prop("x-Origin"),
                                unit.prop("x-document"),
                                str(path),
                                unit.tuid,
                                query.side,
                            )
                        )
    return found


def render(found: Found, context: int = CONTEXT) -> str:
    """A query's hits as keyword-in-context lines: left context, [match], right context,
    then the other language's text, the origin and the document."""
    shown = f"{len(found.hits)} of {found.total}" if found.total > len(found.hits) else str(found.total)
    lines = [f"query: {found.query} ({shown} {'hit' if found.total == 1 else 'hits'})"]
    for hit in found.hits:
        lines.append(
            f"{hit.left:>{context}}[{hit.match}]{hit.right:<{context}}"
            f"  | {hit.other}  | origin: {hit.origin or '(none)'}  document: {hit.document or '(none)'}"
        )
    return "\n".join(lines)
