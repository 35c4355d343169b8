"""OmegaT's fuzzy-match scores, ported so that our match bands agree with the CAT tool's.

OmegaT (omegat-org/omegat, `core/statistics/FindMatches.java`) scores a memory unit against
a segment with three numbers, each `FuzzyMatcher.calcSimilarity` over a different token list:

- `score`: words stemmed, stop words removed (`tokenizeWords(MATCHING)`);
- `score_no_stem`: words of the lowercased text, no stemming, stop words kept
  (`tokenizeWords(NONE)`);
- `adjusted_score`: every token of the lowercased text, numbers, punctuation and white space
  included (`tokenizeVerbatim`).

Ported exactly:

- `LevenshteinDistance.compute`: token edit distance (insert, delete, substitute cost 1), each
  list cut to its first 1000 tokens (`MAX_N`), an empty list against n tokens is n;
- `calcSimilarity`: `100 * (max(len) - distance) // max(len)` with Java's integer division
  (both non-negative, so it truncates as `//` does), 0 when both lists are empty; the lengths
  are the uncut ones, as in Java;
- the filters of `BaseTokenizer.tokenize`: a word token with any digit is dropped from the
  two word lists (so «18,3» against «18,4» is 100/100 but not 100 adjusted), white-space-only
  tokens are dropped;
- `Token.equals`: tokens are equal when their text without `&` is (OmegaT compares the
  `String.hashCode` of that text; a hash collision, which Java would count as equal, is not);
- the stop words: Lucene's `RussianAnalyzer.getDefaultStopSet()`, the Snowball Russian list;
- the stemmer: the Snowball Russian algorithm that Lucene's `RussianAnalyzer` runs
  (snowballstem.org/algorithms/russian), written out below (no stemmer package is installed);
- the threshold: OmegaT keeps a unit unless its `score` and `score_no_stem` are both below it
  (30 by default, `OConsts.FUZZY_MATCH_THRESHOLD`; `FindMatches.haveChanceToAdd`); the order:
  `score`, then `score_no_stem`, then `adjusted_score`, higher first, the earlier unit first
  on a tie, and at 100 the unit whose source equals the segment's case too before one that
  differs only in case (`FindMatches.addNearString`);
- the verbatim tokens (`word_iterator`): OmegaT's `WordIterator` over Java's word
  `BreakIterator`, whose rules (the JDK's) are written out as one regular expression.

Approximated, and checked against OmegaT 3.6's own classes (LuceneRussianTokenizer, the
default for Russian, under Lucene 3.6; tests/tm/memory/test_omegat_oracle.py, which found
all three scores equal on every one of its WMT and seed pairs):

- the word tokens: Lucene's `StandardTokenizer` (Unicode UAX #29) by a regular expression,
  runs of word characters joined across `.`, `'`, `’` or `:` between letters and across `.`,
  `,`, `;`, `'`, `’` between digits;
- lowercasing is Python's, not Java's for the source locale (they differ for a few letters
  such as the dotted capital I), and Unicode categories are those of Python's `unicodedata`.

Differs:

- `ё` is not folded to `е` (the Lucene stemmer does not fold it either, so this agrees);
- numbers count (issue 16): a verbatim token that is a number compares by its value in one
  notation (tm/language/numbers.py: «18,3» and "18.3" are equal tokens; «18 300» is three tokens
  as in OmegaT, so it is not equal to "18300"), and a candidate whose numbers differ from the segment's (`numbers_cap`)
  scores at most 99, so «18,3» against «18,4» is 99/99/90 where OmegaT gives 100/100/90;
- penalties (`penalty-NN` folders, foreign-language and fuzzy-marked units, removed text) are
  not applied: a command that reads such memories subtracts them itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from tm.language.numbers import is_number, is_russian, number_key, numbers

MAX_N = 1000  # LevenshteinDistance.MAX_N: at most this many tokens of each list are compared
FUZZY_MATCH_THRESHOLD = 30  # OConsts.FUZZY_MATCH_THRESHOLD

_LETTER = r"[^\W\d_]"
_JOIN = rf"(?:(?<={_LETTER})[.'’:](?={_LETTER})|(?<=\d)[.,;'’](?=\d))"


@lru_cache(maxsize=1)
def _categories() -> dict[str, str]:
    """Regex class bodies of the Basic Multilingual Plane's characters in the Unicode categories
    that Java's word break rules name (built once, on first use)."""
    found: dict[str, list[str]] = {"Mn": [], "Me": [], "Cf": [], "Pd": [], "Sc": [], "No": []}
    for code in range(0x10000):
        chars = found.get(unicodedata.category(chr(code)))
        if chars is not None and not 0xD800 <= code < 0xE000:
            chars.append(re.escape(chr(code)))
    return {name: "".join(chars) for name, chars in found.items()}


@lru_cache(maxsize=1)
def _words() -> re.Pattern[str]:
    """The word tokens of Lucene's `StandardTokenizer`: runs of word characters (not `½` or
    `²`, which Unicode gives no word-break class), combining marks and format characters kept
    inside (a stress accent, a soft hyphen), joined as `_JOIN` says."""
    c = _categories()
    char = rf"(?:(?![{c['No']}])\w[{c['Mn']}{c['Me']}{c['Cf']}]*)"
    return re.compile(rf"{char}+(?:{_JOIN}{char}+)*")


@lru_cache(maxsize=1)
def _breaks() -> re.Pattern[str]:
    """Java's word BreakIterator (the JDK's rules, which OmegaT's WordIterator wraps).

    A word is letters (`_` and Unicode's other numbers count as letters here) joined across a
    dash, an apostrophe, a double quote or a full stop between letters («из-за», «г.Москва»,
    "O'Neil"; not across `’`); a number is digits joined across `,` `.` `'` `"` between digits
    («18,3», «1.000.000»), with one currency sign, `#` or `.` before it and one `%` `&` `¢` `‰`
    `‱` `٪` after it; letters and digits without a separator are one token («2018года»,
    "b0"), a dash before digits is not («COVID», «-», «19»); white space is one token up to and
    with one line break; anything else is a token of one character. Combining marks and format
    characters (a stress accent, a soft hyphen) never start a token."""
    c = _categories()
    ignore = f"[{c['Mn']}{c['Me']}{c['Cf']}]*"
    letter, digit = rf"(?:[^\W\d]{ignore})", rf"(?:\d{ignore})"
    word = rf"{letter}+(?:[{c['Pd']}\u00ad\u2027\"'.]{ignore}{letter}+)*"
    number = rf"{digit}+(?:[\"',\u066b.]{ignore}{digit}+)*"
    post = rf"(?:[%&\u00a2\u066a\u2030\u2031]{ignore})?"
    chain = rf"(?:{number}{word})*(?:{number}{post})?"
    pre = rf"[{c['Sc']}#.\u00a2]{ignore}"
    space = r"[\t\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
    return re.compile(rf"{word}{chain}|{chain}(?<=.)|{pre}{chain}|{space}*\r?[\n\f\u2028\u2029]?(?<=.)|.{ignore}", re.DOTALL)


_TAG_NAME = re.compile(r"/?[a-zA-Z]+[0-9]+/?")  # PatternConsts.OMEGAT_TAG_ONLY
_OMEGAT_TAG = re.compile(r"</?[a-zA-Z]+[0-9]+/?>")  # PatternConsts.OMEGAT_TAG


def _letter_or_digit(char: str) -> bool:
    return char.isalpha() or char.isdecimal()  # Java's Character.isLetterOrDigit


def word_iterator(text: str) -> list[str]:
    """The tokens of OmegaT's `WordIterator`: Java's word breaks, then an OmegaT tag (`<b0>`,
    `</b0>`, `<x1/>`) made one token, and `&` joined to the word after it and, between two
    words, to both (`&amp`, `Some&thing`)."""
    breaks = [m.group() for m in _breaks().finditer(text) if m.group()]
    tokens: list[str] = []
    i, n = 0, len(breaks)
    while i < n:
        token = breaks[i]
        if token == "<" and i + 2 < n:
            name, after = breaks[i + 1], breaks[i + 2]
            if name == "/" and i + 3 < n and _TAG_NAME.fullmatch(after) and breaks[i + 3] == ">":
                tokens.append("".join(breaks[i : i + 4]))
                i += 4
                continue
            if name != "/" and _TAG_NAME.fullmatch(name):
                if after == ">":
                    tokens.append("".join(breaks[i : i + 3]))
                    i += 3
                    continue
                if after == "/" and i + 3 < n and breaks[i + 3] == ">":
                    tokens.append("".join(breaks[i : i + 4]))
                    i += 4
                    continue
        elif token == "&" and i + 1 < n and _letter_or_digit(breaks[i + 1][0]):
            tokens.append(token + breaks[i + 1])
            i += 2
            continue
        elif _letter_or_digit(token[0]) and i + 2 < n and breaks[i + 1] == "&" and _letter_or_digit(breaks[i + 2][0]):
            tokens.append("".join(breaks[i : i + 3]))
            i += 3
            continue
        tokens.append(token)
        i += 1
    return tokens


# Lucene's default Russian stop set (the Snowball list, snowballstem.org/algorithms/russian/stop.txt).
STOP_WORDS = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть
    был него до вас нибудь опять уж вам сказал ведь там потом себя ничего ей может они тут где
    есть надо ней для мы тебя их чем была сам чтоб без будто человек чего раз тоже себе под
    жизнь будет ж тогда кто этот говорил того потому этого какой совсем ним здесь этом один
    почти мой тем чтобы нее кажется сейчас были куда зачем сказать всех никогда сегодня можно
    при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
    разве сказала три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой
    им более всегда конечно всю между
    """.split()
)


@dataclass(frozen=True)
class Scores:
    """OmegaT's three numbers for one match (`NearString.Scores`), each 0–100."""

    score: int
    score_no_stem: int
    adjusted_score: int

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.score, self.score_no_stem, self.adjusted_score)


def levenshtein(source: Sequence[str], target: Sequence[str]) -> int:
    """Token edit distance, as `LevenshteinDistance.compute` (lists cut to MAX_N tokens; an
    empty list against n tokens is n, uncut). rapidfuzz's C edit distance over the token
    lists: the same numbers as Java's dynamic programme (tests/tm/memory/test_matching.py
    checks it against one), at a fraction of the time."""
    if not source:
        return len(target)
    if not target:
        return len(source)
    return int(Levenshtein.distance(list(source[:MAX_N]), list(target[:MAX_N])))


def similarity(source: Sequence[str], candidate: Sequence[str]) -> int:
    """`FuzzyMatcher.calcSimilarity`: 100·(longest − distance) / longest, truncated. The one
    similarity of every fuzzy score: `tm pretranslate`/`tm build` leverage
    (tm/memory/leverage.py), `tm search` brute force (tm/memory/search.py) and its index
    (tm/memory/index.py)."""
    if not source and not candidate:
        return 0  # OmegaT: empty token lists, no similarity can be computed
    longest = max(len(source), len(candidate))
    return 100 * (longest - levenshtein(source, candidate)) // longest


def _equal_key(token: str) -> str:
    return token.replace("&", "")  # Token.equals compares the text without ampersands


def words_of(text: str) -> list[str]:
    """The lowercased word tokens of `text`, stop words and numbers included (what the word
    lists are made from; tm/memory/index.py stems them with a cache)."""
    return _words().findall(text.lower())


def has_digit(token: str) -> bool:
    """Whether a word has a digit, as Java's `Character.isDigit` says: such words are left
    out of both word lists."""
    return _has_digit(token)


def _has_digit(token: str) -> bool:
    return any(char.isdecimal() for char in token)  # Java's Character.isDigit: Unicode Nd


@lru_cache(maxsize=65536)
def tokens_stem(text: str) -> tuple[str, ...]:
    """The word tokens OmegaT's `score` compares: lowercased, stop words out, stemmed."""
    words = (word.lower() for word in _words().findall(text))
    return tuple(_equal_key(stem(word)) for word in words if word not in STOP_WORDS and not _has_digit(word))


@lru_cache(maxsize=65536)
def tokens_no_stem(text: str) -> tuple[str, ...]:
    """The word tokens of `score_no_stem`: lowercased words, none with a digit."""
    return tuple(_equal_key(word) for word in _words().findall(text.lower()) if not _has_digit(word))


@lru_cache(maxsize=65536)
def tokens_all(text: str) -> tuple[str, ...]:
    """The tokens of `adjusted_score`: everything of the lowercased text, white space included,
    as OmegaT has them; a token that is a number compares by its value («18,3» = "18.3")."""
    russian = is_russian(text)
    return tuple(number_token(_equal_key(token), russian) for token in word_iterator(text.lower()))


def number_token(token: str, russian: bool) -> str:
    """A verbatim token as `adjusted_score` compares it: a number in the one notation of
    tm/language/numbers.py, anything else as it is."""
    return number_key(token, russian) if _has_digit(token) and is_number(token) else token


def numbers_cap(scores: Scores, segment: str, candidate: str) -> Scores:
    """Numbers count: a candidate whose numbers (in one notation) differ from the segment's
    scores at most 99, though the word lists leave numbers out."""
    if 100 not in scores.as_tuple() or numbers(segment) == numbers(candidate):
        return scores
    return Scores(min(scores.score, 99), min(scores.score_no_stem, 99), min(scores.adjusted_score, 99))


def score(segment: str, candidate: str) -> Scores:
    """OmegaT's three scores of a memory unit's source `candidate` against `segment`."""
    scores = Scores(
        similarity(list(tokens_stem(segment)), list(tokens_stem(candidate))),
        similarity(list(tokens_no_stem(segment)), list(tokens_no_stem(candidate))),
        similarity(list(tokens_all(segment)), list(tokens_all(candidate))),
    )
    return numbers_cap(scores, segment, candidate)


def passes(scores: Scores, threshold: int = FUZZY_MATCH_THRESHOLD) -> bool:
    """OmegaT keeps a match unless both word scores are below the threshold
    (`FindMatches.haveChanceToAdd`: the adjusted score alone never keeps one)."""
    return threshold <= 0 or scores.score >= threshold or scores.score_no_stem >= threshold


# The Snowball Russian stemmer (snowballstem.org/algorithms/russian), as Lucene runs it.
_VOWELS = frozenset("аеиоуыэюя")
_GERUND_1 = ("вшись", "вши", "в")  # after а or я
_GERUND_2 = ("ившись", "ывшись", "ивши", "ывши", "ив", "ыв")
_ADJECTIVE = tuple(
    sorted(
        "ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею".split(),
        key=len,
        reverse=True,
    )
)
_PARTICIPLE_1 = ("ем", "нн", "вш", "ющ", "щ")  # after а or я
_PARTICIPLE_2 = ("ивш", "ывш", "ующ")
_REFLEXIVE = ("ся", "сь")
_VERB_1 = tuple(sorted("ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно".split(), key=len, reverse=True))  # after а or я
_VERB_2 = tuple(
    sorted(
        "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю".split(),
        key=len,
        reverse=True,
    )
)
_NOUN = tuple(
    sorted(
        "а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я".split(),
        key=len,
        reverse=True,
    )
)


def _regions(word: str) -> tuple[int, int]:
    """RV (after the first vowel) and R2 (R1 of R1, R1 after the first non-vowel that follows a vowel)."""
    n = len(word)
    i = 0
    while i < n and word[i] not in _VOWELS:
        i += 1
    rv = min(i + 1, n)
    marks = []
    i = 0
    for _ in range(2):
        while i < n and word[i] not in _VOWELS:
            i += 1
        while i < n and word[i] in _VOWELS:
            i += 1
        i = min(i + 1, n) if i < n else n
        marks.append(i)
    return rv, marks[1]


def _strip(word: str, limit: int, grouped: tuple[str, ...], plain: tuple[str, ...]) -> str | None:
    """Remove the longest ending of `grouped` (which must follow а or я) or `plain` lying at or
    after `limit`, as Snowball's `among` does: the longest ending wins, and if its condition
    fails, nothing is removed."""
    best: tuple[int, bool] | None = None
    for ending in grouped + plain:
        if word.endswith(ending) and len(word) - len(ending) >= limit:
            if best is None or len(ending) > best[0]:
                best = (len(ending), ending in grouped and ending not in plain)
    if best is None:
        return None
    length, needs_a = best
    start = len(word) - length
    if needs_a and not (start - 1 >= limit and word[start - 1] in "ая"):
        return None
    return word[:start]


def stem(word: str) -> str:
    """The Snowball Russian stem of a lowercased word; words without Cyrillic stay as they are."""
    rv, r2 = _regions(word)
    if rv >= len(word):
        return word
    stemmed = _strip(word, rv, _GERUND_1, _GERUND_2)
    if stemmed is None:
        reflexive = _strip(word, rv, (), _REFLEXIVE)
        stemmed = reflexive if reflexive is not None else word
        adjectival = _strip(stemmed, rv, (), _ADJECTIVE)
        if adjectival is not None:
            participle = _strip(adjectival, rv, _PARTICIPLE_1, _PARTICIPLE_2)
            stemmed = participle if participle is not None else adjectival
        else:
            verb = _strip(stemmed, rv, _VERB_1, _VERB_2)
            if verb is not None:
                stemmed = verb
            else:
                noun = _strip(stemmed, rv, (), _NOUN)
                if noun is not None:
                    stemmed = noun
    if stemmed.endswith("и") and len(stemmed) - 1 >= rv:
        stemmed = stemmed[:-1]
    for ending in ("ость", "ост"):
        if stemmed.endswith(ending) and len(stemmed) - len(ending) >= max(r2, rv):
            stemmed = stemmed[: -len(ending)]
            break
    # tidy_up is one `among`: a superlative (then an undoubled н), or нн, or ь
    superlative = next((e for e in ("ейше", "ейш") if stemmed.endswith(e) and len(stemmed) - len(e) >= rv), None)
    if superlative is not None:
        stemmed = stemmed[: -len(superlative)]
        if stemmed.endswith("нн") and len(stemmed) - 2 >= rv:
            stemmed = stemmed[:-1]
    elif stemmed.endswith("нн") and len(stemmed) - 2 >= rv:
        stemmed = stemmed[:-1]
    elif stemmed.endswith("ь") and len(stemmed) - 1 >= rv:
        stemmed = stemmed[:-1]
    return stemmed
