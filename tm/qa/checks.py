"""The checks of `tm qa`, one small named function each, in one table (`CHECKS`), as the
glossary extractor writes its rules.

Each check takes the pairs of one document and what is shared (`Context`: the glossary,
the document's length ratio) and yields findings. Per-pair checks look at one pair;
consistency, names and the date style look across the document.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from tm.align.aligner import VARIANCE
from tm.align.anchors import skeleton
from tm.qa import amounts
from tm.qa import dates as calendar
from tm.qa.model import Finding, Pair, quoted
from tm.qa.termbase import TermEntry

Check = Callable[[Sequence[Pair], "Context"], Iterator[Finding]]

RU_EN_RATIO = 0.97  # English characters per Russian one in WMT newstest2017 (bench/qa.py), for short files
MIN_RATIO_CHARS = 2000  # a document this long (Russian characters) gives its own ratio
# |z| of the aligner's length model, set on WMT newstest2017 (bench/qa.py): 0.03% of human
# pairs reach 2.0; a shorter target that has lost the source's final stop is cut off sooner.
LENGTH_WARNING, LENGTH_ERROR, TRUNCATED = 2.0, 4.0, -0.5
_FINAL = ".!?…"
_CLOSING = "\"”'’)»"
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_DIGIT = re.compile(r"\d")


@dataclass
class Context:
    """What the checks of one document share."""

    glossary: Sequence[TermEntry] = ()
    ratio: float = RU_EN_RATIO
    _terms: _TermIndex | None = field(default=None, repr=False)

    @property
    def terms(self) -> _TermIndex:
        if self._terms is None:
            self._terms = _TermIndex(self.glossary)
        return self._terms


def _finding(pair: Pair, check: str, severity: str, message: str) -> Finding:
    return Finding(pair.id, check, severity, message)  # type: ignore[arg-type]


# --- numbers --------------------------------------------------------------------------


def numbers(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Numbers by value: a value changed is an error, one written on one side only a warning,
    a Russian format kept in the English («18,3», «2 000») a warning, another currency an error."""
    for pair in pairs:
        # no digit on either side: no value to compare (the cheap guard of most pairs)
        digit = _DIGIT.search(pair.target)
        if not (digit or _DIGIT.search(pair.source)) or not pair.target.strip():
            continue
        ru, en = amounts.russian_amounts(pair.source), amounts.english_amounts(pair.target)
        lost, added = amounts.unmatched(ru, en), amounts.unmatched(en, ru)
        if lost and added:
            # each changed value apart, in the order of the sentence: a second change in a
            # pair that has one is a finding of its own
            for was, now in zip(lost, added, strict=False):
                yield _finding(
                    pair,
                    "numbers",
                    "error",
                    f"{quoted(ru.shown.get(was, was))} ({amounts.plain(was)}) became "
                    f"“{en.shown.get(now, now)}” ({amounts.plain(now)})",
                )
        elif lost:
            yield _finding(pair, "numbers", "warning", f"{quoted(ru.shown.get(lost[0], lost[0]))} is not in the English")
        elif added:
            yield _finding(pair, "numbers", "warning", f"“{en.shown.get(added[0], added[0])}” is not in the Russian")
        codes_lost, codes_added = ru.codes - en.codes, en.codes - ru.codes
        if codes_lost and codes_added and not (lost and added):
            yield _finding(pair, "numbers", "error", f"“{min(codes_lost)}” became “{min(codes_added)}”")
        if ru.currencies and en.currencies and not ru.currencies & en.currencies:
            yield _finding(
                pair, "numbers", "error", f"currency {'/'.join(sorted(ru.currencies))} became {'/'.join(sorted(en.currencies))}"
            )
        # a Russian format starts at a digit: none before the first one (nor without one)
        if digit and (kept := amounts.RUSSIAN_FORMAT.search(pair.target, digit.start())):
            yield _finding(pair, "numbers", "warning", f"Russian number format “{kept.group()}” in the English")


# --- dates ----------------------------------------------------------------------------


def dates(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Months and days of dates; a stray «г.»; one date style (day or month first) in a document."""
    styles: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        if "г" in pair.target and (stray := calendar.STRAY_YEAR.search(pair.target)):
            yield _finding(pair, "dates", "error", f"stray «{stray.group()}» in the English")
        en = calendar.english_dates(pair.target)
        for style in set(en.styles):
            styles[style].append(pair)
        if not pair.target.strip():
            continue
        ru = calendar.russian_dates(pair.source)
        if not ru.months and not en.months:
            continue
        lost, added = ru.months - en.months, en.months - ru.months
        if lost and added:
            yield _finding(
                pair,
                "dates",
                "error",
                f"month {calendar.MONTH_NAMES[min(lost) - 1]} became {calendar.MONTH_NAMES[min(added) - 1]}",
            )
        elif lost:
            yield _finding(pair, "dates", "warning", f"month {calendar.MONTH_NAMES[min(lost) - 1]} is not in the English")
        for month, day in ru.days:
            other = {d for m, d in en.days if m == month}
            if other and day not in other:
                yield _finding(
                    pair,
                    "dates",
                    "error",
                    f"{calendar.MONTH_NAMES[month - 1]} {day} became {calendar.MONTH_NAMES[month - 1]} {min(other)}",
                )
    if len(styles) == 2:
        minority = min(styles, key=lambda s: len(styles[s]))
        major = max(styles, key=lambda s: len(styles[s]))
        for pair in styles[minority]:
            yield _finding(pair, "dates", "warning", f"date written {minority}; {len(styles[major])} others are {major}")


# --- terminology ----------------------------------------------------------------------


class _TermIndex:
    """The glossary's Russian terms by the dictionary forms of their words (any inflected
    form of the source finds them) and its English by stripped word keys."""

    def __init__(self, entries: Sequence[TermEntry]) -> None:
        from tm.memory.concordance import english_key, russian_keys

        self.entries = list(entries)
        self.first: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        self.english: list[list[tuple[str, ...]]] = []
        self.forbidden: list[list[tuple[str, ...]]] = []
        self._keys: dict[str, frozenset[str]] = {}  # a term word's dictionary forms
        # what each word of a text starts: the terms whose first word it is, in any form
        # (filled as words come; texts repeat their words a lot)
        self._starts: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._found: dict[str, list[int]] = {}  # a source's hits, computed once
        for number, entry in enumerate(self.entries):
            for term in entry.russian:
                words = tuple(_folded_words(term))
                if words:
                    self.first[words[0][:2]].append((number, words))
                    self._keys.update((w, russian_keys(w)) for w in words)
            self.english.append([tuple(english_key(w) for w in _EN_WORD.findall(t)) for t in entry.english])
            self.forbidden.append([tuple(english_key(w) for w in _EN_WORD.findall(t)) for t in entry.forbidden])
        # the forbidden English phrases by their first word's key: a target is scanned only
        # for the phrases one of its words can start
        self.forbidden_first: dict[str, list[tuple[int, int, tuple[str, ...], str]]] = defaultdict(list)
        for number, phrases in enumerate(self.forbidden):
            for position, (phrase, text) in enumerate(zip(phrases, self.entries[number].forbidden, strict=True)):
                if phrase:
                    self.forbidden_first[phrase[0]].append((number, position, phrase, text))

    def _same(self, word: str, term_word: str) -> bool:
        from tm.memory.concordance import russian_keys

        return word == term_word or bool(russian_keys(word) & self._keys[term_word])

    def _starting(self, word: str) -> list[tuple[int, tuple[str, ...]]]:
        """The terms whose first word is `word` in some form (cached per word)."""
        cached = self._starts.get(word)
        if cached is None:
            cached = [(n, term) for n, term in self.first.get(word[:2], ()) if self._same(word, term[0])]
            self._starts[word] = cached
        return cached

    def found(self, source: str) -> list[int]:
        """The entries whose Russian term occurs in `source`, in any form (once per text)."""
        cached = self._found.get(source)
        if cached is not None:
            return cached
        words = _folded_words(source)
        hits: list[int] = []
        for start, word in enumerate(words):
            for number, term in self._starting(word) if word[:2] in self.first else ():
                if number in hits or start + len(term) > len(words):
                    continue
                if all(self._same(words[start + k], w) for k, w in enumerate(term[1:], 1)):
                    hits.append(number)
        self._found[source] = hits
        return hits


def _folded_words(text: str) -> list[str]:
    """The words of a text, lower case, `ё` as `е`: as the glossary's terms are keyed."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def _contains(keys: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return bool(n) and any(tuple(keys[i : i + n]) == phrase for i in range(len(keys) - n + 1))


def terminology(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """A glossary term in the source (any inflected form) whose approved English or a declared
    variant is missing from the target; a forbidden English term in the target."""
    if not context.glossary:
        return
    from tm.memory.concordance import english_key

    index = context.terms
    for pair in pairs:
        if not pair.target.strip():
            continue
        hits = index.found(pair.source)
        if not hits and not index.forbidden_first:
            continue  # the usual pair: no term in the source, nothing forbidden to look for
        keys = [english_key(w) for w in _EN_WORD.findall(pair.target)]
        for number in hits:
            entry = index.entries[number]
            if entry.required and entry.english and not any(_contains(keys, e) for e in index.english[number]):
                yield _finding(
                    pair,
                    "terminology",
                    "error",
                    f"{quoted(entry.russian[0])}: none of “{' | '.join(entry.english[:3])}” in the English",
                )
        if not index.forbidden_first:
            continue
        present = [c for key in dict.fromkeys(keys) for c in index.forbidden_first.get(key, ())]
        said: set[str] = set()
        for number, _, phrase, text in sorted(set(present)):
            if text not in said and _contains(keys, phrase):
                said.add(text)
                yield _finding(
                    pair,
                    "terminology",
                    "error",
                    f"forbidden term “{text}” (use “{' | '.join(index.entries[number].english[:2])}”)",
                )


# --- consistency ----------------------------------------------------------------------


def _norm(text: str) -> str:
    """The text with its runs of white space as one space, and none at either end: split
    and join at once (both in C; a regex guard for the text that needs none took 4× as
    long, scanning every position for its four alternatives)."""
    return " ".join(text.split())


def consistency(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """One source translated differently, and one translation given to different sources."""
    normal = {"source": [_norm(p.source) for p in pairs], "target": [_norm(p.target) for p in pairs]}  # once each
    for key, other, what in (("source", "target", "source"), ("target", "source", "translation")):
        # a list only for a text seen again: most texts are unique, and a list for each of
        # them was most of this check's time
        first_at: dict[str, int] = {}
        repeated: dict[str, list[int]] = {}
        for n, (text, target) in enumerate(zip(normal[key], normal["target"], strict=True)):
            if text and target:
                at = first_at.setdefault(text, n)
                if at != n:
                    repeated.setdefault(text, [at]).append(n)
        for group in sorted(repeated.values()):  # in the order the texts first come, as before
            variants = Counter(normal[other][n] for n in group)
            if len(variants) < 2:
                continue
            usual = variants.most_common(1)[0][0]
            first = pairs[next(n for n in group if normal[other][n] == usual)]
            for n in group:
                pair = pairs[n]
                if normal[other][n] != usual:
                    yield _finding(
                        pair,
                        "consistency",
                        "warning",
                        f"the same {what} as {first.id}, another {other}: {quoted(getattr(pair, other))}",
                    )


# --- script and typography ------------------------------------------------------------


def script(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Cyrillic left in the English, and words mixing Latin and Cyrillic letters (homoglyphs)."""
    for pair in pairs:
        if _CYRILLIC.search(pair.target):
            for word in _WORD.findall(pair.target):
                if _CYRILLIC.search(word):
                    kind = "mixed-script word" if _LATIN.search(word) else "Cyrillic left in the English"
                    yield _finding(pair, "script", "error", f"{kind}: {quoted(word)}")
                    break
        if _LATIN.search(pair.source) and _CYRILLIC.search(pair.source):
            for word in _WORD.findall(pair.source):
                if _LATIN.search(word) and _CYRILLIC.search(word):
                    yield _finding(pair, "script", "warning", f"mixed-script word in the Russian: {quoted(word)}")
                    break


# (a character the pattern needs, pattern, severity, what): the character is a cheap guard
_TYPOGRAPHY = (
    ("", re.compile(r"[«»„]"), "warning", "Russian quotation marks"),
    ("№", re.compile(r"№"), "warning", "№ in the English (No.)"),
    ("  ", re.compile(r"\S {2,}\S"), "warning", "double space"),
    ("", re.compile(r"\s[–—]\s"), "info", "spaced dash (Russian style)"),
)
_PAIRS = (("(", ")"), ("[", "]"))


def typography(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Russian typography in the English, double spaces, outer spaces that differ, brackets
    and quotes that do not pair (where the source's do)."""
    for pair in pairs:
        source, target = pair.source, pair.target
        if not target:
            continue
        for needed, pattern, severity, what in _TYPOGRAPHY:
            if needed and needed not in target:
                continue
            if (found := pattern.search(target)) and not (what == "double space" and pattern.search(source)):
                yield _finding(pair, "typography", severity, f"{what}: “{found.group()}”")
        for side, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
            if (strip(source) != source) != (strip(target) != target):
                yield _finding(pair, "typography", "warning", f"{side} space differs from the source")
        for opening, closing in _PAIRS:
            if (opening in target or closing in target) and (
                source.count(opening) == source.count(closing) and target.count(opening) != target.count(closing)
            ):
                yield _finding(pair, "typography", "warning", f"unpaired bracket {opening}{closing}")
        if not ('"' in target or "“" in target or "”" in target):
            continue
        balanced = source.count("«") == source.count("»") and source.count('"') % 2 == 0
        if balanced and (target.count('"') % 2 or target.count("“") != target.count("”")):
            yield _finding(pair, "typography", "warning", "unpaired quotation mark")


# --- untranslated ---------------------------------------------------------------------


def untranslated(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """An empty target, a target equal to its Russian source, a target mostly in Cyrillic."""
    for pair in pairs:
        source, target = pair.source.strip(), pair.target.strip()
        if not source:
            continue
        if not target:
            yield _finding(pair, "untranslated", "error", "empty target")
        elif target[0] == source[0] and _norm(target) == _norm(source):  # both stripped: a cheap guard
            copied = bool(_CYRILLIC.search(source))
            yield _finding(
                pair,
                "untranslated",
                "error" if copied else "info",
                "target = source" + ("" if copied else " (no Russian letters)"),
            )
        else:
            if _CYRILLIC.search(target) and len(_CYRILLIC.findall(target)) > len(_LETTER.findall(target)) / 2:
                yield _finding(pair, "untranslated", "error", "target mostly in Cyrillic")


# --- length ---------------------------------------------------------------------------


def document_ratio(pairs: Sequence[Pair]) -> float:
    """English characters per Russian one in this document, as the aligner takes it; a short
    document takes the usual ratio instead."""
    kept = [p for p in pairs if p.source.strip() and p.target.strip()]
    ru = sum(len(p.source) for p in kept)
    return sum(len(p.target) for p in kept) / ru if ru >= MIN_RATIO_CHARS else RU_EN_RATIO


def length_z(source: str, target: str, ratio: float) -> float:
    """The aligner's length model (Gale & Church): the English length's distance from the
    Russian one times the ratio, in standard deviations."""
    ru, en = len(source), len(target)
    return (en - ru * ratio) / math.sqrt(VARIANCE * max((ru + en / ratio) / 2, 1.0))


def length(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """A target much shorter or longer than its source's length predicts (truncated, doubled)."""
    for pair in pairs:
        if len(pair.source.strip()) < 20 or not pair.target.strip():
            continue
        source, target = pair.source.strip(), pair.target.strip()
        z = length_z(source, target, context.ratio)
        if z <= TRUNCATED and source[-1] in _FINAL and target[-1] not in _FINAL + _CLOSING:
            yield _finding(
                pair,
                "length",
                "warning",
                f"target shorter than expected (z = {z:+.1f}) and without the final {source[-1]}: cut off?",
            )
        elif abs(z) >= LENGTH_WARNING:
            severity = "error" if abs(z) >= LENGTH_ERROR else "warning"
            yield _finding(pair, "length", severity, f"target {'shorter' if z < 0 else 'longer'} than expected (z = {z:+.1f})")


# --- names ----------------------------------------------------------------------------

_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])")


def consonants(name: str) -> str:
    """All of a name's skeleton (the aligner's `skeleton` keeps three consonants): spellings
    of one transliteration agree, other words seldom do (America, American)."""
    latin = name.lower().replace("kh", "h").replace("zh", "z").replace("ts", "c").replace("ch", "c").replace("sh", "s")
    rest = [c for c in latin[1:] if c.isalpha() and c not in "aeiouyhwj"]
    return latin[:1] + "".join(c for i, c in enumerate(rest) if i == 0 or c != rest[i - 1])


# a period after these does not end a sentence ("John F. Kelly", "Mr. Putin")
_TITLES = frozenset("Mr Mrs Ms Dr St Prof Gen Sen Rep Gov Lt Col Capt Sgt Jr Sr Mt".split())
_OPENING = "\"“'‘(«"
_LOWER_WORD = re.compile(r"[a-z]+")  # runs of lower case: enough to say "the text writes it in lower case"


def _may_start_sentence(text: str, at: int) -> bool:
    """Whether a capital at `at` may only start a sentence: the text's start, or after
    .!?: or an opening quote (but not after an initial's or a title's period)."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    if at < 0:
        return True
    if text[at] == ".":
        start = at
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        token = text[start:at]
        return not ((len(token) == 1 and token.isupper()) or token in _TITLES)
    return text[at] in "!?:" or text[at] in _OPENING


def _plural(one: str, other: str) -> bool:
    """Whether one word is the other's plural ("Americas", "Churches"), not a spelling with
    a doubled s ("Donbass" / "Donbas", whose plural would end in -ses)."""
    short, long = sorted((one, other), key=len)
    return long == short + "es" or (long == short + "s" and not short.endswith("s"))


def names(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Transliteration variants of one name within the document (Tokayev / Tokaev)."""
    from rapidfuzz.fuzz import ratio

    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, list[Pair]] = defaultdict(list)
    skeletons: dict[str, str] = {}  # names repeat: each skeleton once
    maybe: list[tuple[str, str, Pair]] = []  # capitals that may only start a sentence
    for pair in pairs:
        for found in _NAME.finditer(pair.target):
            word = found.group()
            if len(word) < 4:
                continue
            key = skeletons.get(word)
            if key is None:
                key = skeletons[word] = skeleton(word)
            if _may_start_sentence(pair.target, found.start()):
                maybe.append((key, word, pair))
                continue
            spellings[key][word] += 1
            where[word].append(pair)
    # a capital at a sentence's start counts as a name where a name of its skeleton occurs
    # inside sentences, and it is that name or the document never writes it in lower case
    # ("Russia", "Rusia", not "There")
    maybe = [m for m in maybe if m[0] in spellings]
    new = {word for key, word, _ in maybe if word not in spellings[key]}
    lower = set(_LOWER_WORD.findall("\n".join(pair.target for pair in pairs))) if new else set()  # one scan
    for key, word, pair in maybe:
        if word not in new or word.lower() not in lower:
            spellings[key][word] += 1
            where[word].append(pair)
    for group in spellings.values():
        if len(group) < 2:
            continue
        usual = [w for w, _ in group.most_common()]
        for word in usual[1:]:
            norm = next(
                (
                    u
                    for u in usual
                    if u != word
                    and group[u] >= group[word]
                    and consonants(u) == consonants(word)
                    and not _plural(u, word)
                    and ratio(u.lower(), word.lower()) >= 75
                ),
                None,
            )
            if norm is not None:
                for pair in dict.fromkeys(where[word]):
                    yield _finding(pair, "names", "warning", f"“{word}” here, “{norm}” elsewhere ({group[norm]}×)")


# --- tags -----------------------------------------------------------------------------


def _lone(data: str) -> bool:
    return data.lstrip().startswith(("<bpt", "<ept", "<g", "</g"))


def tags(pairs: Sequence[Pair], context: Context) -> Iterator[Finding]:
    """Inline codes missing from the target, extra in it, unbalanced, or in another order."""
    for pair in pairs:
        if pair.source_codes is None or pair.target_codes is None or not (pair.source_codes or pair.target_codes):
            continue
        if not pair.target.strip() and not pair.target_codes:
            continue  # untranslated says it
        for side, codes in (("source", pair.source_codes), ("target", pair.target_codes)):
            for code in codes:
                if code.kind == "placeholder" and _lone(code.data):
                    yield _finding(pair, "tags", "error", f"code {code.id} is unbalanced in the {side} ({code.data[:30]})")
        source_ids = Counter(c.id for c in pair.source_codes)
        target_ids = Counter(c.id for c in pair.target_codes)
        if missing := sorted((source_ids - target_ids).elements()):
            yield _finding(pair, "tags", "error", f"code {missing[0]} of the source is missing in the target")
        if extra := sorted((target_ids - source_ids).elements()):
            yield _finding(pair, "tags", "error", f"code {extra[0]} of the target is not in the source")
        order = list(dict.fromkeys(c.id for c in pair.source_codes if c.id in target_ids))
        if not missing and not extra and order != list(dict.fromkeys(c.id for c in pair.target_codes if c.id in source_ids)):
            yield _finding(pair, "tags", "warning", "codes in another order than in the source")


CHECKS: tuple[Check, ...] = (numbers, dates, terminology, consistency, script, typography, untranslated, length, names, tags)
BY_NAME: dict[str, Check] = {check.__name__: check for check in CHECKS}
