r"""The Russian vocabulary of segmentation: months, abbreviations and dateline patterns.

Three places decide by these words, and must decide alike: the sentence repairs
(tm/text/sentences.py), the SRX rules written for CAT tools (tm/text/srx.py), which must cut
segments as `tm build` does, and the alignment anchors (tm/align/anchors.py), which read the
months of a date. Each list is written here once.

Patterns are regular-expression text, not compiled: each user anchors and compiles them as it
needs. Those that span white space take it as `space`: " " for the repairs, which see the
text of razdel's sentences as written, and `\s` for SRX (a CAT tool's text may hold any
white space there). No Python-only syntax is used: Java and ICU read the SRX patterns too.
"""

from __future__ import annotations

from collections.abc import Iterable

# Month names in the genitive, as dates write them: «11 ноября».
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
# The stem each month's forms start with (the genitive less its ending): январ-, март-, ма-.
# «ма» alone would take «мандат» for May: its forms are listed instead.
MONTH_STEMS = tuple(month[:-1] for month in MONTHS_GENITIVE)
MAY_FORMS = ("май", "мая", "маю", "мае", "маем")

# Abbreviations of units and counted words that a number or amount precedes («30 млрд
# долл.», «1992 г.», «5 тыс. чел.»): a sentence does not end at their period before a
# lower-case word or an acronym («долл. США»).
UNITS = ("долл", "руб", "тыс", "млн", "млрд", "трлн", "г", "гг", "см", "стр", "др", "пр", "ед", "чел", "кв", "км")
# «и т. д.», «и т. п.» (as patterns: with or without the space).
LIST_ENDS = (r"т\. ?д", r"т\. ?п")
# Abbreviations that never end a sentence before a capitalised word («г. Астана», «им. Абая»).
TITLES = (
    "г",
    "гор",
    "ул",
    "пр-т",
    "им",
    "акад",
    "проф",
    "доц",
    "ген",
    r"т\. е",
    r"т\.е",
    "напр",
    "см",
    "ср",
    "рис",
    "ст",
    "ч",
    "п",
    "пп",
)

# What a sentence may start with: an opening quote or a capital letter.
SENTENCE_START = r"[«\"А-ЯЁA-Z]"
# The start of a capitalised Cyrillic word (not an acronym, a quote or a Latin name).
CAPITALISED_WORD = r"[А-ЯЁ][а-яё]"
# The city of a dateline, with its period: «Москва.», «Нур-Султан.», «Ростов-на-Дону.».
CITY = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*\."


def alternatives(words: Iterable[str]) -> str:
    """Words (or patterns) as one regular-expression alternation, in their order."""
    return "|".join(words)


MONTHS = alternatives(MONTHS_GENITIVE)


def date(space: str = " ") -> str:
    """The date of a dateline, with its period: «11 ноября.», «11 ноября 2019 г.»."""
    return rf"\d{{1,2}}{space}(?:{MONTHS})(?:{space}\d{{4}}(?:{space}г)?)?\."


def year_prefix(space: str = " ") -> str:
    """A sentence opening of a year or years alone: «В 2019–2020 гг.», «2020 г.»."""
    return rf"(?:[А-ЯЁ][а-яё]{{0,5}}{space})?\d{{4}}(?:[–-]\d{{4}})?{space}гг?\."


def year_end(space: str = " ") -> str:
    """A year with its abbreviation: «1992 г.», «1992 гг.»."""
    return rf"\b\d{{4}}{space}гг?\."


def surname_initials(space: str = " ") -> str:
    """A surname followed by initials: «Арутюнов А.Г.», «Арутюнов А. Г.»."""
    return rf"[А-ЯЁ][а-яё]+{space}[А-ЯЁ]\.\s?[А-ЯЁ]\."


def acronyms(space: str = " ") -> str:
    """One acronym or two, with an optional closing mark: «США.», «KAZAKHSTAN TODAY»."""
    return rf"[А-ЯЁA-Z]{{2,}}(?:{space}[А-ЯЁA-Z]{{2,}})?[.!?]?"
