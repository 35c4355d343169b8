"""Numbers by value in a Russian and an English sentence: «18,3 млрд» and "18.3 billion" are
both 18300000000, «2 000» and "2,000" both 2000, «15 тыс.» and "15,000" both 15000.

Each number token is read by the aligner's normaliser (tm/language/numbers.py: Russian
decimal comma and space or no-break space thousands, English point and comma thousands),
then scaled by the magnitude word after it (млн/млрд/трлн/тыс. against million, billion,
trillion, thousand, bn, m); a range «10–15 млрд» scales both ends. Spelled-out small
numbers (один…десять, one…ten) and a bare magnitude («миллиард долларов», "a billion") are
*optional*: they may stand for a number written in digits on the other side, but nothing is
missing when they have no counterpart ("one of the countries").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tm.language.numbers import NUMBER_PATTERN, number_key

_NUMBER = re.compile(NUMBER_PATTERN)
_RANGE = re.compile(r"\s*(?:[-–—]|до|и|или|to|and|or)\s*$", re.IGNORECASE)  # between the ends of a range

_RU_MAGNITUDE = re.compile(
    r"\s*(тыс\b\.?|тысяч\w*|млн\b\.?|миллион\w*|млрд\b\.?|миллиард\w*|трлн\b\.?|триллион\w*)", re.IGNORECASE
)
_EN_MAGNITUDE = re.compile(r"(?:\s*-?\s*(thousand|million|billion|trillion)s?\b|(bn|mn|mln|m|tn|k)\b)", re.IGNORECASE)
_EXPONENT = {"тыс": 3, "млн": 6, "мил": 6, "млр": 9, "три": 12, "трл": 12, "tho": 3, "mil": 6, "bil": 9, "tri": 12}
_EN_SHORT = {"k": 3, "m": 6, "mn": 6, "mln": 6, "bn": 9, "tn": 12}
# English numbers run into a suffix: "5bn", "$3m", "2nd", "1990s" (NUMBER_PATTERN wants a word end).
_EN_SUFFIXED = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(bn|mn|mln|m|tn|k|st|nd|rd|th|s)\b")

_RU_WORDS = {
    **dict.fromkeys("один одна одно одного одной одному одним одну одном".split(), 1),
    **dict.fromkeys("два две двух двум двумя".split(), 2),
    **dict.fromkeys("три трех трёх трем трём тремя".split(), 3),
    **dict.fromkeys("четыре четырех четырёх четырем четырём четырьмя".split(), 4),
    **dict.fromkeys("пять пяти пятью".split(), 5),
    **dict.fromkeys("шесть шести шестью".split(), 6),
    **dict.fromkeys("семь семи семью".split(), 7),
    **dict.fromkeys("восемь восьми восемью".split(), 8),
    **dict.fromkeys("девять девяти девятью".split(), 9),
    **dict.fromkeys("десять десяти десятью".split(), 10),
    **dict.fromkeys("полтора полторы полутора".split(), Decimal("1.5")),
}
_EN_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)} | {
    "a": 1,
    "an": 1,
    "half": Decimal("0.5"),
    "dozen": 12,
}
_LETTERS = r"[^\W\d_]"


def _word_finder(words: dict[str, object]) -> re.Pattern[str]:
    """The words that may state a number: a number word, or one a bare magnitude may start
    (`_EXPONENT`'s prefixes, `_EN_SHORT`): one regex, so that other words cost nothing."""
    whole = "|".join(sorted([*words, *_EN_SHORT], key=len, reverse=True))
    starts = "|".join(sorted(_EXPONENT, key=len, reverse=True))
    return re.compile(rf"(?<!{_LETTERS})(?:(?:{whole})(?!{_LETTERS})|(?:{starts}){_LETTERS}*)", re.IGNORECASE)


_CURRENCY_RU = (
    (re.compile(r"долл\b|доллар", re.IGNORECASE), "USD"),
    (re.compile(r"\bевро\b", re.IGNORECASE), "EUR"),
    (re.compile(r"тенге", re.IGNORECASE), "KZT"),
    (re.compile(r"\bруб\b|рубл", re.IGNORECASE), "RUB"),
)
_CURRENCY_EN = (
    (re.compile(r"\$|\bUSD\b|dollar", re.IGNORECASE), "USD"),
    (re.compile(r"€|\bEUR\b|\beuros?\b", re.IGNORECASE), "EUR"),
    (re.compile(r"₸|\bKZT\b|\btenge\b", re.IGNORECASE), "KZT"),
    (re.compile(r"₽|\bRUB\b|\br[ou]+bles?\b", re.IGNORECASE), "RUB"),
)
# A time of day: «4.30», «16:00», "4:30" (a Russian decimal has a comma, not a point).
_RU_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])[.:]([0-5]\d)(?![\d.,:]\d|\d)")
_EN_TIME = re.compile(r"(?<![\d.,:])(1?\d|2[0-3])(?:[:.]([0-5]\d))?(?:\s*([ap])\.?m\b\.?)?(?![\d.,:]\d|\d)", re.IGNORECASE)
# Model and code names with digits: «А9», "G20", "T5" (Cyrillic look-alikes read as Latin).
_CODE = re.compile(r"(?<![\w-])[^\W\d_]{1,5}\d[^\W_]{0,5}(?![\w-])")
_TO_LATIN = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
_RU_WORD_FINDER = _word_finder(_RU_WORDS)
_EN_WORD_FINDER = _word_finder(_EN_WORDS)


def _one_pattern(patterns: tuple[tuple[re.Pattern[str], str], ...]) -> re.Pattern[str]:
    """Patterns of currencies as one regex with a group per currency: one scan of a text."""
    return re.compile("|".join(f"(?P<{code}>{p.pattern})" for p, code in patterns), re.IGNORECASE)


_CURRENCIES_RU = _one_pattern(_CURRENCY_RU)
_CURRENCIES_EN = _one_pattern(_CURRENCY_EN)
# A Russian way of writing a number, kept in English: a decimal comma, space thousands.
RUSSIAN_FORMAT = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d,])|(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])")


@dataclass(eq=False)
class Amounts:
    """The values a sentence states: `required` must be found on the other side; `optional`
    may stand for one there. `shown` maps a value to how the sentence wrote it.

    `optional` (number words) and `currencies` are read when first asked for: the numbers
    check asks for `optional` only where the two sides' required values differ, and for
    the English currencies only where the Russian has one, so most pairs never pay for the
    scans of their letters (two thirds of a text's reading). `rest` is the text they read
    (times and suffixed numbers blanked out), `russian` and `fast` how (see `_read`).

    Read-only by convention, not frozen: one is made for every text a check reads, and a
    frozen dataclass's `__init__` (`object.__setattr__` for each field) cost a sixth of
    that. `required` is a plain dict of counts, a Counter only where `unmatched` subtracts
    (making a Counter costs as much again)."""

    required: dict[str, int]
    shown: dict[str, str]
    codes: frozenset[str]
    rest: str
    russian: bool
    fast: bool = True
    # read when first asked for (a plain property: functools.cached_property takes a lock)
    _optional: Counter[str] | None = field(default=None, repr=False)
    _currencies: frozenset[str] | None = field(default=None, repr=False)

    @property
    def optional(self) -> Counter[str]:
        if self._optional is None:
            self._optional = _read_words(self.rest, self.russian, self._letters_fast())
        return self._optional

    @property
    def currencies(self) -> frozenset[str]:
        if self._currencies is None:
            self._currencies = _read_currencies(self.rest, self.russian, self._letters_fast())
        return self._currencies

    def _letters_fast(self) -> bool:
        """Whether the words and currencies may be read from the lowered text (see
        `_CASE_EXCEPTIONS`; the blanked parts of `rest` never held one of them)."""
        return self.fast and not _CASE_EXCEPTIONS.search(self.rest)


def _value(key: str, exponent: int) -> str | None:
    """A value as one string: the digits of the number times 10^exponent, no exponent form."""
    if not exponent and len(key) < 28 and key.isascii() and key.isdigit() and (key[0] != "0" or key == "0"):
        return key  # a whole number as it is (most numbers): what Decimal would give
    try:
        return f"{(Decimal(key) * (Decimal(10) ** exponent)).normalize():f}"
    except InvalidOperation:
        return None


# The cheap guards of `_scan` (most texts have no currency and few number words): what each
# pattern needs, tested on the lowered text instead of running the pattern at every position.
# `str.lower()` and the patterns' IGNORECASE agree on every letter but these (İ, dotless ı,
# long ſ, and the old Cyrillic letter forms U+1C80-U+1C86 that IGNORECASE folds into в, д,
# о, с, т, ъ): a text with one of them has its words and currencies read by the patterns
# alone, as `_scan_reference` reads them (the digit patterns are the same either way).
_CASE_EXCEPTIONS = re.compile("[\u0130\u0131\u017f\u1c80-\u1c86]")
_RU_CURRENCY_HINT = re.compile("долл|евро|тенге|руб")
# r[ou]+bles? has "oble" or "uble" in it
_EN_CURRENCY_HINT = re.compile(r"\$|€|₸|₽|usd|dollar|eur|kzt|tenge|rub|oble|uble")
_LETTER_RUN = re.compile(rf"{_LETTERS}+")
_DIGIT = re.compile(r"\d")


def _word_keys(words: dict[str, object]) -> tuple[frozenset[str], frozenset[str]]:
    """What `_word_finder` finds, as a set of whole words and a set of starts (three letters
    each): the finder matches a whole run of letters that is one of the words or begins
    with a start."""
    assert all(len(start) == 3 for start in _EXPONENT)
    return frozenset([*words, *_EN_SHORT]), frozenset(_EXPONENT)


_RU_WORD_KEYS = _word_keys(_RU_WORDS)
_EN_WORD_KEYS = _word_keys(_EN_WORDS)


def _scan(text: str, russian: bool) -> Amounts:
    """`_scan_reference`'s reading, faster: the digit patterns start at the first digit (none
    without one), the number words are the runs of letters looked up in a set, and the
    currencies run only where a currency's letters are (the last two, where the text has
    none of `_CASE_EXCEPTIONS`, which only they read). Equal results (tested)."""
    return _read(text, russian, fast=True)


def _scan_reference(text: str, russian: bool) -> Amounts:
    """The values of a text read by the patterns alone, each over the whole text: what
    `_scan` must equal."""
    return _read(text, russian, fast=False)


def _read(text: str, russian: bool, fast: bool) -> Amounts:
    """The values a text states in digits (times, numbers with their magnitudes, codes);
    its number words and currencies are read later, from `rest`, if asked for (`Amounts`)."""
    required: dict[str, int] = {}
    shown: dict[str, str] = {}
    original = text
    first = 0  # no pattern of a number, a time or a code matches before the first digit
    if fast:
        digit = _DIGIT.search(text)
        first = digit.start() if digit else len(text)
    codes: frozenset[str] = frozenset()
    if first < len(text) or not fast:
        found: list[tuple[int, int, str, int]] = []  # start, end, key, exponent
        magnitude = _RU_MAGNITUDE if russian else _EN_MAGNITUDE
        # times first: «4.30» is half past four in Russian (its decimal mark is the comma);
        # English writes "4:30", "4 pm", "4.30 p.m."
        for match in (_RU_TIME if russian else _EN_TIME).finditer(text, first):
            hour, minutes = int(match.group(1)), match.group(2) or "00"
            half = match.group(3).lower() if not russian and match.group(3) else ""
            if not russian and not half and ":" not in match.group():
                continue
            hour = (hour % 12) + (12 if half == "p" else 0) if half else hour
            key = f"{hour}:{minutes}"
            required[key] = required.get(key, 0) + 1
            shown.setdefault(key, match.group())
            text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
        # a code starts at most five letters before its digit (findall: the usual text has none)
        named = _CODE.findall(original, max(first - 5, 0))
        if named:
            codes = frozenset(name.upper().translate(_TO_LATIN) for name in named)
        if not russian:
            for match in _EN_SUFFIXED.finditer(text, first):
                suffix = match.group(2).lower()
                found.append((match.start(), match.end(), match.group(1), _EN_SHORT.get(suffix, 0)))
            if found:
                text = _EN_SUFFIXED.sub(lambda m: " " * len(m.group()), text)  # read once
        for match in _NUMBER.finditer(text, first):
            token = match.group()
            after = magnitude.match(text, match.end())
            # a token of digits alone (most) is what `number_key` makes of it, less its zeros
            key = (token.lstrip("0") or "0") if token.isdigit() else number_key(token, russian)
            found.append((match.start(), after.end() if after else match.end(), key, _exponent(after) if after else 0))
        if len(found) > 1:
            found.sort()
            # a range's first end takes the magnitude of its second: «10–15 млрд», "10 to 15 billion"
            exponents = [f[3] for f in found]
            for i in range(len(found) - 2, -1, -1):
                if exponents[i] == 0 and exponents[i + 1] and _RANGE.match(text[found[i][1] : found[i + 1][0]]):
                    exponents[i] = exponents[i + 1]
            found = [(start, end, key, exponent) for (start, end, key, _), exponent in zip(found, exponents, strict=True)]
        for start, end, key, exponent in found:
            value = _value(key, exponent)
            if value is not None:
                required[value] = required.get(value, 0) + 1
                if value not in shown:
                    shown[value] = " ".join(original[start:end].split())
    return Amounts(required, shown, codes, text, russian, fast)


def _read_words(text: str, russian: bool, fast: bool) -> Counter[str]:
    """The values the number words of `text` may stand for (`Amounts.optional`)."""
    optional: Counter[str] = Counter()
    words = _RU_WORDS if russian else _EN_WORDS
    magnitude = _RU_MAGNITUDE if russian else _EN_MAGNITUDE
    if fast:
        whole, starts = _RU_WORD_KEYS if russian else _EN_WORD_KEYS
        # the text's words, lowered in one call (a run of letters has no line break)
        runs = "\n".join(_LETTER_RUN.findall(text)).lower().split("\n")
        candidates: Iterator[re.Match[str]] | tuple[()] = ()
        if not (whole.isdisjoint(runs) and starts.isdisjoint([run[:3] for run in runs])):
            candidates = (m for m in _LETTER_RUN.finditer(text) if (w := m.group().lower()) in whole or w[:3] in starts)
    else:
        candidates = (_RU_WORD_FINDER if russian else _EN_WORD_FINDER).finditer(text)
    for match in candidates:
        word = match.group().lower()
        number = words.get(word)
        bare = magnitude.match(text, match.start()) if number is None else None
        if number is not None:
            after = magnitude.match(text, match.end())
            value = _value(str(number), _exponent(after) if after else 0)
        elif bare and bare.start() == match.start() and (v := _exponent(bare)):
            value = _value("1", v)
        else:
            continue
        if value is not None:
            optional[value] += 1
    return optional


def _read_currencies(text: str, russian: bool, fast: bool) -> frozenset[str]:
    """The currencies `text` names (`Amounts.currencies`)."""
    if fast and not (_RU_CURRENCY_HINT if russian else _EN_CURRENCY_HINT).search(text.lower()):
        return frozenset()
    return frozenset(str(m.lastgroup) for m in (_CURRENCIES_RU if russian else _CURRENCIES_EN).finditer(text) if m.lastgroup)


def _exponent(match: re.Match[str]) -> int:
    word = next(g for g in match.groups() if g) if match.groups() else match.group()
    word = word.lower().strip(" .")
    if word.startswith("миллиард"):  # «миллион» and «миллиард» share their first three letters
        return 9
    return _EN_SHORT.get(word) or _EXPONENT.get(word[:3], 0)


@lru_cache(maxsize=65536)
def russian_amounts(text: str) -> Amounts:
    return _scan(text, russian=True)


@lru_cache(maxsize=65536)
def english_amounts(text: str) -> Amounts:
    return _scan(text, russian=False)


def unmatched(side: Amounts, other: Amounts) -> list[str]:
    """The values `side` requires that `other` states neither in digits nor in words, in the
    order `side` has them (times first)."""
    if not side.required or side.required == other.required:
        return []  # nothing required, or all of it stated alike (the usual pair): nothing left
    left = Counter(side.required) - Counter(other.required)
    left -= other.optional
    return [value for value in side.required for _ in range(left[value])]  # in the order the sentence states them


def plain(value: str) -> str:
    """A value in digits, grouped by commas ("18,300,000,000"); a time as it is."""
    return value if ":" in value else f"{Decimal(value):,f}"
