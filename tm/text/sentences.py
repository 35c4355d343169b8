"""Russian sentence splitting: razdel, then a few repairs for news and interview text.

razdel is right most of the time on these texts. The rules below fix what it gets wrong,
each a small function over character spans of one paragraph, composed in `split_sentences`:

- `split_after_year`: "подписан в 1992 г. Он …" is two sentences (razdel keeps one);
- `split_after_postposed_initials`: "… Арутюнов А.Г. Он …" is two sentences;
- `join_dateline`: "Москва. 11 ноября. KAZAKHSTAN TODAY - …" is one sentence (razdel: three);
- `join_year_prefix`: "В 2019–2020 гг. Казахстан рос." is one sentence;
- `join_abbreviation_tail`: "… 30 млрд долл. США." is one sentence (razdel splits "США.").

Segments without a letter or digit (stray dashes, ellipses) are dropped.

`explain_sentences` runs the same composition with a trace: for each boundary a rule added
or removed, a `Decision(offset, action, rule)` (`tm segment --explain` prints them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from razdel import sentenize

from tm.text.vocabulary import (
    CAPITALISED_WORD,
    CITY,
    LIST_ENDS,
    SENTENCE_START,
    UNITS,
    acronyms,
    alternatives,
    date,
    surname_initials,
    year_end,
    year_prefix,
)

Span = tuple[int, int]

_CITY = re.compile(rf"^{CITY}$")
_DATE = re.compile(rf"^{date()}$")
# Only before a capitalised Cyrillic word: a quote or a Latin name after "2006 г." is
# more often a title or a company inside the sentence («картины 2006 г. "Легенда о времени"»,
# «в 2019 г. ByteDance открыла офис»), and razdel's choice stands there.
_YEAR_BREAK = re.compile(rf"{year_end()}(\s+)(?={CAPITALISED_WORD})")
_INITIALS_BREAK = re.compile(rf"{surname_initials()}(\s+)(?={SENTENCE_START})")
_YEAR_PREFIX = re.compile(rf"^{year_prefix()}$")
_ABBREVIATION_END = re.compile(rf"(?:\b(?:{alternatives(UNITS + LIST_ENDS)})\.)$")
_ACRONYM_TAIL = re.compile(rf"^{acronyms()}$")
_HAS_WORD = re.compile(r"\w")

SplitRule = Callable[[str, Span], list[Span]]
JoinRule = Callable[[str, list[Span]], list[Span]]


def _text(paragraph: str, span: Span) -> str:
    return paragraph[span[0] : span[1]]


def _split_at(pattern: re.Pattern[str], paragraph: str, span: Span, min_words: int) -> list[Span]:
    """Split a span at each match's group 1 (the white space) when enough words precede it."""
    start, end = span
    pieces: list[Span] = []
    for match in pattern.finditer(paragraph, start, end):
        if len(paragraph[start : match.start(1)].split()) >= min_words:
            pieces.append((start, match.start(1)))
            start = match.end(1)
    pieces.append((start, end))
    return pieces


def split_after_year(paragraph: str, span: Span) -> list[Span]:
    # Four words before "1992 г." make it the end of a clause, not an opening "В 1992 г.".
    return _split_at(_YEAR_BREAK, paragraph, span, min_words=4)


def split_after_postposed_initials(paragraph: str, span: Span) -> list[Span]:
    return _split_at(_INITIALS_BREAK, paragraph, span, min_words=3)


def _merge(spans: list[Span], i: int, count: int) -> list[Span]:
    return spans[:i] + [(spans[i][0], spans[i + count - 1][1])] + spans[i + count :]


def join_dateline(paragraph: str, spans: list[Span]) -> list[Span]:
    if len(spans) >= 3 and _CITY.match(_text(paragraph, spans[0])) and _DATE.match(_text(paragraph, spans[1])):
        return _merge(spans, 0, 3)
    return spans


def join_year_prefix(paragraph: str, spans: list[Span]) -> list[Span]:
    i = 0
    while i < len(spans) - 1:
        if _YEAR_PREFIX.match(_text(paragraph, spans[i])):
            spans = _merge(spans, i, 2)
        i += 1
    return spans


def join_abbreviation_tail(paragraph: str, spans: list[Span]) -> list[Span]:
    """A piece after an abbreviation continues it when it starts lower-case, or when it is
    just an acronym or two ("долл. США.")."""
    i = 1
    while i < len(spans):
        previous, current = _text(paragraph, spans[i - 1]), _text(paragraph, spans[i])
        tail_like = current[:1].islower() or bool(_ACRONYM_TAIL.match(current))
        if _ABBREVIATION_END.search(previous) and tail_like:
            spans = _merge(spans, i - 1, 2)
        else:
            i += 1
    return spans


SPLIT_RULES: tuple[SplitRule, ...] = (split_after_year, split_after_postposed_initials)
JOIN_RULES: tuple[JoinRule, ...] = (join_dateline, join_year_prefix, join_abbreviation_tail)


# razdel's work grows with the square of a sentence's length, so a paragraph is split in
# windows of at most this many characters: at a likely sentence end when there is one in
# the window's second half, else at white space. Text with no punctuation for 10,000
# characters (a scraped page, a 50 MB line) thus never stalls, and no segment is longer.
MAX_WINDOW = 10_000
_LIKELY_END = re.compile(r"[.!?…]\s+(?=[«\"А-ЯЁA-Z])")


def windows(paragraph: str, size: int = MAX_WINDOW) -> list[Span]:
    """Spans of at most `size` characters covering the paragraph."""
    spans: list[Span] = []
    start = 0
    while len(paragraph) - start > size:
        limit = start + size
        ends = [m.end() for m in _LIKELY_END.finditer(paragraph, start + size // 2, limit)]
        space = paragraph.rfind(" ", start + 1, limit)
        cut = ends[-1] if ends else (space + 1 if space > start else limit)
        spans.append((start, cut))
        start = cut
    spans.append((start, len(paragraph)))
    return spans


SPLIT, JOIN = "split", "join"


@dataclass(frozen=True)
class Decision:
    """A boundary a repair rule changed, as razdel's debug segmenter shows them: `offset`
    is where a sentence ends in the paragraph (the character after its last one); `action`
    is `split` (the rule added the boundary) or `join` (the rule removed one razdel, or an
    earlier rule, proposed); `rule` is the rule function's name."""

    offset: int
    action: str
    rule: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Explanation:
    """A paragraph's sentences (as `split_sentences` gives them), their spans, and the
    decisions of the repair rules, in order of offset."""

    sentences: list[str]
    spans: list[Span]
    decisions: list[Decision]


def _changes(rule: Callable[..., object], before: list[Span], after: list[Span], shift: int) -> list[Decision]:
    """The boundaries a rule added and removed. Rules only cut a span inside or merge
    neighbours, so a boundary is a span's end, and the two sets of ends tell the changes."""
    old, new = {end for _, end in before}, {end for _, end in after}
    name = getattr(rule, "__name__", repr(rule))
    return [Decision(end + shift, SPLIT, name) for end in sorted(new - old)] + [
        Decision(end + shift, JOIN, name) for end in sorted(old - new)
    ]


def sentence_spans(
    paragraph: str,
    split_rules: tuple[SplitRule, ...] = SPLIT_RULES,
    join_rules: tuple[JoinRule, ...] = JOIN_RULES,
    trace: list[Decision] | None = None,
) -> list[Span]:
    """Sentence spans of a paragraph: razdel, then the repair rules (all by default).
    With `trace`, each rule's changes to the boundaries are appended to it."""
    found: list[Span] = []
    for start, end in windows(paragraph):
        window = paragraph[start:end]
        spans: list[Span] = [(s.start, s.stop) for s in sentenize(window)]
        for split in split_rules:
            before, spans = spans, [piece for span in spans for piece in split(window, span)]
            if trace is not None:
                trace += _changes(split, before, spans, start)
        for join in join_rules:
            before, spans = spans, join(window, spans)
            if trace is not None:
                trace += _changes(join, before, spans, start)
        found += [(a + start, b + start) for a, b in spans if _HAS_WORD.search(window[a:b])]
    return found


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, as written (no characters changed)."""
    return [_text(paragraph, span).strip() for span in sentence_spans(paragraph)]


def explain_sentences(paragraph: str) -> Explanation:
    """`split_sentences` with the reasons: which rule moved each boundary (`tm segment --explain`).
    The sentences are the very ones `split_sentences` gives: the same composition runs."""
    trace: list[Decision] = []
    spans = sentence_spans(paragraph, trace=trace)
    trace.sort(key=lambda d: d.offset)  # stable: at one offset, the rules stay in the order they ran
    return Explanation([_text(paragraph, span).strip() for span in spans], spans, trace)
