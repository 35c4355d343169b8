"""Numbers in one notation, so that «18,3» and "18.3", «2 000» and "2,000" compare equal.

Two users, one normaliser:

- the aligner (tm/align/anchors.py) finds the numbers of a Russian sentence with
  `russian_numbers` and of an English one with `english_numbers`: a Russian comma is the
  decimal mark and spaces group thousands («18,3» → 18.3, «2 000» → 2000); an English comma
  groups thousands and the point is the decimal mark ("2,000" → 2000, "18.3" → 18.3);
- fuzzy matching, search and concordance (tm/memory/) compare the numbers of two texts of one
  language, which may be written either way (a Russian text with "18.3" in it): `number_key`
  reads one number token, `canonical` rewrites every number of a text in that notation, and
  `numbers` gives a text's numbers as a sorted tuple ("do the numbers agree?").

Every notation ends in the same form (`clean_number`): no grouping, a point before the
decimals, no leading zeros and no trailing decimal zeros («18,30» → 18.3, «007» → 7).

The one ambiguous case is one comma followed by exactly three digits ("18,300"): in a text with
Cyrillic letters it is a decimal comma (18.3, as Russian writes it); in any other text it groups
thousands (18300). Other tokens with digits (dates «11.11.2023», versions, "G20", "COVID-19")
are not numbers here and stay as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The aligner's finders, one notation each (their behaviour is the aligner's contract).
RU_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])|\d+(?:,\d+)?")
EN_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?")

_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# A number in either notation, whole: not inside a word, a date or a version number.
NUMBER_PATTERN = (
    r"(?<![\w.,])(?:"
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"  # thousands grouped by spaces, either decimal mark
    r"|\d{1,3}(?:,\d{3})+\.\d+"  # 1,000.5
    r"|\d{1,3}(?:,\d{3}){2,}"  # 1,000,000
    r"|\d+(?:[.,]\d+)?"  # 18, 18,3, 18.3, 18,300 (ambiguous: see the module)
    r")(?!\w|[.,]\d)"
)
_NUMBER = re.compile(NUMBER_PATTERN)


def clean_number(text: str) -> str:
    """A number written with a point before its decimals (and no grouping) in its one form."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


def ru_number(text: str) -> str:
    """A number as Russian writes it («18,3», «2 000») in the one form."""
    return clean_number(_GROUP_SPACE.sub("", text).replace(",", "."))


def en_number(text: str) -> str:
    """A number as English writes it ("18.3", "2,000") in the one form."""
    return clean_number(text.replace(",", ""))


def russian_numbers(sentence: str) -> list[str]:
    """The numbers of a Russian sentence, in the one form (the aligner's reading)."""
    return [ru_number(found) for found in RU_NUMBER.findall(sentence)]


def english_numbers(sentence: str) -> list[str]:
    """The numbers of an English sentence, in the one form (the aligner's reading)."""
    return [en_number(found) for found in EN_NUMBER.findall(sentence)]


def is_russian(text: str) -> bool:
    """A text with a Cyrillic letter reads an ambiguous "18,300" as Russian does (18.3)."""
    return bool(_CYRILLIC.search(text))


def number_key(token: str, russian: bool) -> str:
    """One number token (as `NUMBER_PATTERN` finds it) in the one form; `russian` says how to
    read one comma before exactly three digits."""
    spaced = bool(_GROUP_SPACE.search(token))
    compact = _GROUP_SPACE.sub("", token)
    if "," in compact and ("." in compact or compact.count(",") > 1):
        return en_number(compact)  # 1,000.5 and 1,000,000: commas group
    if "," in compact:
        decimals = compact.rsplit(",", 1)[1]
        if len(decimals) == 3 and not russian and not spaced:
            return en_number(compact)  # "18,300" in English text
        return ru_number(compact)
    return clean_number(compact)


def is_number(token: str) -> bool:
    """Whether a whole token is a number that `number_key` reads."""
    return _NUMBER.fullmatch(token) is not None


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """The text with every number rewritten in the one form («18 300,50» → 18300.5)."""
    if not any(char.isdigit() for char in text):
        return text
    russian = is_russian(text)
    return _NUMBER.sub(lambda found: number_key(found.group(), russian), text)


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[str, ...]:
    """The numbers of a text in the one form, sorted: two texts whose numbers agree have equal tuples."""
    if not any(char.isdigit() for char in text):
        return ()
    russian = is_russian(text)
    return tuple(sorted(number_key(found, russian) for found in _NUMBER.findall(text)))
