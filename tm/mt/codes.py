"""A source segment's inline codes put back into its machine translation.

The model translates the plain text (the translation cache is keyed by it); the codes then
go to the English at the places that correspond to theirs in the Russian. The model gives
no word alignment, so position stands in for it: a code after the k-th of n Russian words
goes after the round(k·m/n)-th of the m English words, and a span of j words covers
round(j·m/n) from where its open went. This snaps every code to a word boundary of the
target: an opening code before a word, a closing code after one (a placeholder before a
word when it stands right before one in the source, as a run boundary after a space does),
and a paired span that covered a word in the source covers at least one in the target. A
code at the very start or end of the source (only white space beyond it) stays there.
Codes keep their order, so spans keep their nesting, and every code appears exactly once
with its own id (the TMX target is numbered as its source, which is how CAT tools pair them).

Where positions cannot be kept apart (an output without words, more spans and placeholders
than words) every code goes to an end of the segment instead: closes of spans opened in an
earlier segment and the opens of pairs at the start, the pairs' closes (nested), the
placeholders and the opens of spans continued in the next segment at the end. The result
says which (`ALIGNED` or `ENDS`, written as the unit's `x-codes-placed`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from tm.documents.codes import isolated
from tm.documents.model import Code

ALIGNED = "aligned"
ENDS = "ends"
CODES_PLACED_PROP = "x-codes-placed"

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _scaled(count: int, source_words: int, target_words: int) -> int:
    return int(count * target_words / source_words + 0.5)


def place_codes(source: str, codes: Sequence[Code], target: str) -> tuple[tuple[Code, ...], str]:
    """`codes` (offsets in `source`, in order) with offsets in `target`, and how they were
    placed (`ALIGNED` or `ENDS`; "" when there are no codes)."""
    if not codes:
        return (), ""
    src, tgt = _words(source), _words(target)
    alone = isolated(codes)
    spans = sum(1 for i, c in enumerate(codes) if c.kind != "close" or i in alone)
    if not src or not tgt or spans > len(tgt):
        return _at_ends(codes, alone, len(target)), ENDS
    n, m = len(src), len(tgt)
    opened: dict[int, tuple[int, int]] = {}  # id → (source words before the open, target word it opens)
    offsets: list[int] = []
    for code in codes:
        at = code.offset
        # An open, and a placeholder right before a word (a run boundary after a space),
        # go before a word; a close and any other placeholder after one.
        if code.kind == "open" or (code.kind == "placeholder" and any(a == at for a, _ in src)):
            before = sum(1 for a, _ in src if a < at)
            word = min(_scaled(before, n, m), m - 1)
            opened[code.id] = (before, word)
        if not source[:at].strip():
            offset = 0
        elif not source[at:].strip():
            offset = len(target)
        elif code.kind == "open" or (code.kind == "placeholder" and any(a == at for a, _ in src)):
            offset = tgt[word][0]
        else:
            ended = sum(1 for _, b in src if b <= at)
            words = _scaled(ended, n, m)
            if code.kind == "close" and code.id in opened:
                before, word = opened[code.id]
                # The span starts where its open went and is as many words long, scaled;
                # one that had a word in the source keeps one here.
                words = word + max(_scaled(ended - before, n, m), 1 if ended > before else 0)
            offset = tgt[min(words, m) - 1][1] if words else tgt[0][0]
        offsets.append(max(offset, offsets[-1]) if offsets else offset)
    return tuple(replace(c, offset=o) for c, o in zip(codes, offsets, strict=True)), ALIGNED


def _at_ends(codes: Sequence[Code], alone: set[int], end: int) -> tuple[Code, ...]:
    """Every code at an end of the segment, nesting valid (see the module docstring)."""

    def at(code: Code, offset: int) -> Code:
        return replace(code, offset=offset)

    paired_opens = [c for i, c in enumerate(codes) if c.kind == "open" and i not in alone]
    closes = {c.id: c for i, c in enumerate(codes) if c.kind == "close" and i not in alone}
    start = [at(c, 0) for i, c in enumerate(codes) if c.kind == "close" and i in alone]
    start += [at(c, 0) for c in paired_opens]
    tail = [at(closes[c.id], end) for c in reversed(paired_opens)]
    tail += [at(c, end) for c in codes if c.kind == "placeholder"]
    tail += [at(c, end) for i, c in enumerate(codes) if c.kind == "open" and i in alone]
    return tuple(start + tail)
