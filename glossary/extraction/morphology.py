"""Russian morphology with pymorphy3: words, their analyses, lemma keys and inflection.

A term's *key* makes spellings of one term equal: lower case and `ё` folded to `е`. Its
*lemma key* is the key of its words' dictionary forms, so any inflected form of a phrase
finds it («стратегическим партнёрством» and «стратегическое партнерство» share one).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tm.language.morphology import analyzer  # the one analyzer, shared with tm concord

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:[-–][А-ЯЁа-яёA-Za-z0-9]+)*\+?")


def fold(text: str) -> str:
    """Case- and ё-insensitive form of a text, with white space collapsed."""
    return " ".join(text.lower().replace("ё", "е").split())


@dataclass(frozen=True)
class Word:
    """A word of a sentence with its analyses (best first)."""

    text: str
    start: int
    end: int
    initial: bool  # first word of the sentence or of a quote: its capital letter tells nothing

    @property
    def parses(self) -> list[Parse]:
        return parses(self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


@functools.lru_cache(maxsize=200_000)
def parses(text: str) -> list[Parse]:
    """pymorphy3's analyses of a word, best first (cached: texts repeat words a lot)."""
    parsed: list[Parse] = analyzer().parse(text)
    return parsed


_OPENERS = '«"„“(['


def words(sentence: str) -> list[Word]:
    """The words of a sentence. A word right after an opening quote or bracket counts as
    initial, like the first word: a title in quotes («"Нецелевое расходование средств"»)
    starts with a capital that says nothing about the word."""
    found = list(_WORD.finditer(sentence))
    return [
        Word(m.group(), m.start(), m.end(), i == 0 or (m.start() > 0 and sentence[m.start() - 1] in _OPENERS))
        for i, m in enumerate(found)
    ]


def lemma(text: str) -> str:
    return parses(text)[0].normal_form if _WORD.fullmatch(text) else text.lower()


def lemma_key(phrase: str) -> str:
    """The folded dictionary forms of a phrase's words."""
    return fold(" ".join(lemma(m.group()) for m in _WORD.finditer(phrase)))


def inflect(parse: Parse, grammemes: set[str]) -> str | None:
    inflected = parse.inflect(grammemes)
    return inflected.word if inflected else None
