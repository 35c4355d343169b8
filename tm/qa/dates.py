"""Dates and months in a Russian and an English sentence: «11 ноября 2023 г.» against
"November 11, 2023" (month first) or "11 November 2023" (day first), «11.11.2023» too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tm.text.vocabulary import MAY_FORMS, MONTH_STEMS

_RU_MONTH = "|".join([*(rf"{stem}\w*" for stem in MONTH_STEMS if stem != "ма"), *MAY_FORMS])
_RU_DATE = re.compile(rf"(?:(?<!\d)(\d{{1,2}})\s+)?\b({_RU_MONTH})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)")
_EN_NAMES = "January February March April May June July August September October November December".split()
_EN_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|" + "|".join(_EN_NAMES)
_EN_DATE = re.compile(
    rf"(?:(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b({_EN_MONTH})(?![\w])(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[:.]\d))?"
)
STRAY_YEAR = re.compile(r"(?:(?<=\d)|(?<=\d\s)|(?<=\d\u00a0))гг?\.|(?<![\w])гг?\.(?=\s|$)")


@dataclass(frozen=True)
class Dates:
    months: frozenset[int]
    days: frozenset[tuple[int, int]]  # (month, day)
    styles: tuple[str, ...] = ()  # "day first", "month first" (English only)


NO_DATES = Dates(frozenset(), frozenset())
# Cheap guards: a text with none of these has no date, and most texts have none (the date
# patterns start with an optional day and are tried at every position).
_RU_HINTS = tuple(stem for stem in MONTH_STEMS if stem != "ма") + MAY_FORMS
_EN_HINTS = tuple(name[:3] for name in _EN_NAMES)
# each set of hints as one regex of literals: one scan of a text in C
_RU_HINT = re.compile("|".join(map(re.escape, _RU_HINTS)))
_EN_HINT = re.compile("|".join(map(re.escape, _EN_HINTS)))


def _numeric_hint(text: str) -> bool:
    # a numeric date's first point is at most two characters after its start
    dot = text.find(".")
    return dot >= 0 and _NUMERIC.search(text, max(dot - 2, 0)) is not None


def _en_month(word: str) -> int:
    word = word.rstrip(".").lower()
    return next(n for n, name in enumerate(_EN_NAMES, 1) if name.lower().startswith(word[:3]))


def _ru_month(word: str) -> int:
    word = word.lower()
    if word in MAY_FORMS:
        return 5
    return next(n for n, stem in enumerate(MONTH_STEMS, 1) if stem != "ма" and word.startswith(stem))


def _numeric(text: str) -> set[tuple[int, int]]:
    return {(int(m), int(d)) for d, m, _ in _NUMERIC.findall(text) if 1 <= int(m) <= 12 and 1 <= int(d) <= 31}


@lru_cache(maxsize=65536)
def russian_dates(text: str) -> Dates:
    lowered = text.lower()
    if not _RU_HINT.search(lowered) and not _numeric_hint(text):
        return NO_DATES
    months, days = set(), _numeric(text)
    for match in _RU_DATE.finditer(text):
        month = _ru_month(match.group(2))
        months.add(month)
        if match.group(1):
            days.add((month, int(match.group(1))))
    months |= {m for m, _ in days}
    return Dates(frozenset(months), frozenset(days))


@lru_cache(maxsize=65536)
def english_dates(text: str) -> Dates:
    if not _EN_HINT.search(text) and not _numeric_hint(text):
        return NO_DATES
    months, days, styles = set(), _numeric(text), []
    for match in _EN_DATE.finditer(text):
        word = match.group(2)
        if (
            word == "May"
            and not (match.group(1) or match.group(3))
            and not re.search(r"\b(?:in|of|since|until|by|early|late|mid-?)\s*$", text[: match.start()])
        ):
            continue  # the modal verb, not the month
        month = _en_month(word)
        months.add(month)
        if match.group(1):
            days.add((month, int(match.group(1))))
            styles.append("day first")
        elif match.group(3):
            days.add((month, int(match.group(3))))
            styles.append("month first")
    months |= {m for m, _ in days}
    return Dates(frozenset(months), frozenset(days), tuple(styles))


MONTH_NAMES = _EN_NAMES
