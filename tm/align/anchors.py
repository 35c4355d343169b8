"""Lexical anchors: what a Russian sentence and its English translation share without a model.

Each sentence becomes a set of tagged tokens; a Russian and an English sentence that share
tokens are likely translations of each other (tm/align/aligner.py rewards them):

- `n:` numbers, in one notation (tm/language/numbers.py): «18,3» and "18.3" → n:18.3; «2 000» and "2,000" → n:2000;
  small ones spelled out too: «трех», "three" → n:3;
- `m:` months: «11 ноября» and "November 11" → m:11 (the day is a number anchor);
- `l:` Latin-script words written in the Russian (ByteDance, KAZAKHSTAN TODAY);
- `p:` proper names by a transliteration skeleton: Токаев, Токаева → p:tkv ← Tokayev, Tokaev;
- `t:` term pairs of a lexicon (the reference list, an approved glossary): санкций ↔ sanctions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tm.language.numbers import english_numbers, russian_numbers
from tm.text.vocabulary import MAY_FORMS, MONTH_STEMS

_WORD = re.compile(r"[A-Za-zА-ЯЁа-яё][A-Za-zА-ЯЁа-яё'-]*")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Small numbers are often spelled out on one side only («15 документов» ↔ "Fifteen documents").
_EN_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(),
        2,
    )
}
_RU_NUMBER_WORDS = {
    w: n
    for n, forms in enumerate(
        [
            "два две двух двум двумя",
            "три трех трёх трем трём тремя",
            "четыре четырех четырёх четырем четырём четырьмя",
            "пять пяти пятью",
            "шесть шести шестью",
            "семь семи семью",
            "восемь восьми восемью",
            "девять девяти девятью",
            "десять десяти десятью",
        ],
        2,
    )
    for w in forms.split()
}

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=False,
    )
)
# Case endings stripped before transliterating a name (Токаева → Токаев, Путиным → Путин).
_NAME_ENDINGS = ("ыми", "ами", "ого", "ему", "ому", "ым", "ом", "ой", "ем", "ая", "ую", "ы", "а", "у", "е")


def _ru_month(word: str) -> int | None:
    w = word.lower()
    if w in MAY_FORMS:
        return 5
    for number, stem in _RU_MONTHS_BY_INITIAL.get(w[:1], ()):
        if w.startswith(stem):
            return number
    return None


def _en_month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    number = _EN_MONTH_NUMBERS.get(w[:3]) if len(w) >= 3 else None
    if number is not None and (len(w) <= 4 or w in _EN_MONTH_NAMES):
        return number
    return None


_EN_MONTH_NAMES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "sept",
    "october",
    "november",
    "december",
}


_EN_MONTH_NUMBERS = {stem: number for number, stem in enumerate(_EN_MONTHS, 1)}
# The month stems by first letter ("ма" is May's, matched by MAY_FORMS): a word tries two or three, not twelve.
_RU_MONTHS_BY_INITIAL: dict[str, list[tuple[int, str]]] = {}
for _number, _stem_ in enumerate(MONTH_STEMS, 1):
    if _stem_ != "ма":
        _RU_MONTHS_BY_INITIAL.setdefault(_stem_[:1], []).append((_number, _stem_))


def skeleton(latin: str) -> str:
    """First letter and the next consonants of a name (y, h, w left out): spellings of one
    transliterated name agree (Tokayev, Tokaev → tkv)."""
    latin = latin.lower().replace("kh", "h").replace("zh", "z").replace("ts", "c").replace("ch", "c").replace("sh", "s")
    head, rest = latin[:1], latin[1:]
    consonants = [c for c in rest if c.isalpha() and c not in "aeiouyhwj"]
    collapsed = [c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1]]
    return head + "".join(collapsed[:3])


def _name_key(word: str) -> str | None:
    lower = word.lower()
    if len(lower) < 4:
        return None
    for ending in _NAME_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 4:
            lower = lower[: -len(ending)]
            break
    return skeleton("".join(_TRANSLIT.get(c, c) for c in lower))


def _stem(word: str) -> str:
    """A crude stem for lexicon matching: an acronym as written, without an inflected tail
    (МИДа → МИД); any other word's first five letters, lower-cased."""
    if len(word) >= 2 and word[:2].isupper():
        return word.rstrip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяs")
    return word.lower()[:5]


@dataclass
class Lexicon:
    """Term pairs as the stems of their words on each side, indexed on each side by the stem
    of their first word: a sentence looks up its own stems, not every pair (an exported
    glossary given with `tm align --glossary` may hold thousands)."""

    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    by_first_stem: tuple[dict[str, list[int]], dict[str, list[int]]] = field(default_factory=lambda: ({}, {}))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        lexicon = cls()
        for ru, en in pairs:
            stems = (tuple(_stem(w) for w in _WORD.findall(ru)), tuple(_stem(w) for w in _WORD.findall(en)))
            if stems[0] and stems[1]:
                for side in (0, 1):
                    lexicon.by_first_stem[side].setdefault(stems[side][0], []).append(len(lexicon.pairs))
                lexicon.pairs.append(stems)
        return lexicon

    def found(self, stems: set[str], side: int) -> set[str]:
        index = self.by_first_stem[side]
        return {f"t:{k}" for stem in stems for k in index.get(stem, ()) if set(self.pairs[k][side]) <= stems}


EMPTY = Lexicon()


@lru_cache(maxsize=1 << 17)
def _russian_word(word: str) -> tuple[str | None, str | None]:
    """A Russian-side word's anchor anywhere in a sentence, and its anchor as a name (only
    after the sentence's first word): once per word form, not per occurrence."""
    if word[0].isascii():
        return "l:" + word.lower(), None
    if (month := _ru_month(word)) is not None:
        return f"m:{month}", None
    lower = word.lower()
    if lower in _RU_NUMBER_WORDS:
        return f"n:{_RU_NUMBER_WORDS[lower]}", None
    if word[0].isupper() and not word[:2].isupper() and (key := _name_key(word)):
        return None, "p:" + key
    return None, None


@lru_cache(maxsize=1 << 17)
def _english_word(word: str) -> tuple[str, ...]:
    lower = word.lower()
    if lower in _EN_NUMBER_WORDS:
        return "l:" + lower, f"n:{_EN_NUMBER_WORDS[lower]}"
    if (month := _en_month(word)) is not None:
        return "l:" + lower, f"m:{month}"
    if word[0].isupper() and len(word) >= 4:
        return "l:" + lower, "p:" + skeleton(word)
    return ("l:" + lower,)


def russian_anchors(sentence: str, lexicon: Lexicon = EMPTY) -> frozenset[str]:
    anchors = {"n:" + number for number in russian_numbers(sentence)}
    words = _WORD.findall(sentence)
    for position, word in enumerate(words):
        anywhere, name = _russian_word(word)
        if anywhere is not None:
            anchors.add(anywhere)
        elif name is not None and position > 0:
            anchors.add(name)
    if lexicon.pairs:
        anchors |= lexicon.found({_stem(w) for w in words}, 0)
    return frozenset(anchors)


def english_anchors(sentence: str, lexicon: Lexicon = EMPTY) -> frozenset[str]:
    anchors = {"n:" + number for number in english_numbers(sentence)}
    words = _WORD.findall(sentence)
    for word in words:
        anchors.update(_english_word(word))
    if lexicon.pairs:
        anchors |= lexicon.found({_stem(w) for w in words}, 1)
    return frozenset(anchors)
