"""A block's inline codes, distributed into its sentences (segments).

A block's codes sit between characters of `Block.text` (tm/documents/model.py). Once the
text is cut into sentences, each code goes to the sentence it stands in, with its offset
made relative to that sentence. Decisions, as OmegaT 3.6 makes them (see tm/memory/tmx.py):

- a pair inside one sentence stays a pair;
- a pair that straddles a sentence boundary is an isolated open in the first sentence and
  an isolated close in the last (OmegaT: `Первое <b0>предложение.` / `Второе</b0> …`);
- a code in the gap between two sentences (or at the very start or end of one) goes to the
  sentence it belongs to: a close and a placeholder to the sentence before, an open to the
  sentence after; codes at a sentence's very start and end are kept;
- codes before the paragraph's first text or after its last that do not pair with a code
  inside the text (a pair around the whole paragraph, a run tag or an anchor at its very
  start or end) are marked `outside`, as OmegaT's "remove leading and trailing tags" (its
  default, and ours in filters.xml) leaves them out of every segment: the TMX writer leaves
  them out (a CAT tool's DOCX filter also sees run tags there that our reader, merging
  invisible run splits, does not have), while MT, the XLIFF and the write-back keep them,
  so a wholly bold paragraph stays bold in the translation.

Every code is renumbered `id` = 1, 2, … in the order its span opens (or its placeholder
stands) in the block: OmegaT numbers tags per paragraph that way, before it segments, and
TMX `x` carries that number (tm/memory/tmx.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tm.documents.model import Code

Span = tuple[int, int]


def numbered(codes: Sequence[Code]) -> tuple[Code, ...]:
    """The codes with ids 1, 2, … in the order their span opens or their placeholder stands."""
    ids: dict[int, int] = {}
    count = 0
    out = []
    for code in codes:
        if code.kind == "close" and code.id in ids:
            number = ids[code.id]
        else:
            count += 1
            number = count
            if code.kind == "open":
                ids[code.id] = number
        # most blocks are numbered so already: a code is rebuilt only when its id changes
        out.append(code if number == code.id else Code(code.kind, number, code.offset, code.type, code.data))
    return tuple(out)


def _owner(code: Code, spans: Sequence[Span]) -> int:
    """The sentence a code goes to (see the module docstring)."""
    for i, (start, end) in enumerate(spans):
        if start < code.offset < end:
            return i
        if code.offset <= start:  # before this sentence: in the gap after the one before
            if code.kind == "open" or i == 0:
                return i
            return i - 1
        if code.offset == end and code.kind != "open":
            return i
    return len(spans) - 1


def inside(codes: Sequence[Code], start: int, end: int) -> tuple[Code, ...]:
    """The codes without those OmegaT leaves outside the paragraph's segments (its
    "remove leading and trailing tags", on in our filters.xml as in OmegaT's own default;
    filters3 Entry.detectTags, html2 FilterVisitor): before the text (`start`), every code
    up to the first open whose close stands inside the text; after it (`end`), every code
    after the last close whose open stands inside the text. A pair around the whole
    paragraph, or a placeholder at its very start or end, is outside. (`codes` as `numbered`
    gives them: one id a pair.)"""
    codes = list(codes)
    opened: dict[int, tuple[int, int]] = {}  # id → (index, offset) of its open
    closed: dict[int, int] = {}  # id → offset of its close
    for index, code in enumerate(codes):
        if code.kind == "open":
            opened[code.id] = (index, code.offset)
        elif code.kind == "close":
            closed[code.id] = code.offset
    lead = 0
    while lead < len(codes) and codes[lead].offset <= start:
        lead += 1
    first = next(
        (i for i in range(lead) if codes[i].kind == "open" and start < closed.get(codes[i].id, -1) < end),
        lead,
    )
    tail = len(codes)
    while tail > first and codes[tail - 1].offset >= end:
        tail -= 1
    last = next(
        (
            i
            for i in range(len(codes) - 1, tail - 1, -1)
            if codes[i].kind == "close"
            and first <= opened.get(codes[i].id, (-1, -1))[0] < i
            and start < opened[codes[i].id][1] < end
        ),
        tail - 1,
    )
    return tuple(codes[first : last + 1])


def distribute(codes: Sequence[Code], spans: Sequence[Span]) -> list[tuple[Code, ...]]:
    """The codes of each sentence (`spans`: each sentence's start and end in the block
    text, in order), offsets relative to the sentence start and clamped into it; the
    codes OmegaT leaves outside the paragraph (not `inside`) are marked `outside`."""
    if not spans:
        return []
    result: list[list[Code]] = [[] for _ in spans]
    every = numbered(codes)
    kept = set(map(id, inside(every, spans[0][0], spans[-1][1])))
    for code in every:
        i = _owner(code, spans)
        start, end = spans[i]
        offset = min(max(code.offset, start), end) - start
        outside = id(code) not in kept
        same = offset == code.offset and outside == code.outside  # the first sentence, mostly
        result[i].append(code if same else Code(code.kind, code.id, offset, code.type, code.data, outside=outside))
    return [tuple(r) for r in result]


def sentence_spans(text: str, sentences: Sequence[str]) -> list[Span]:
    """Where each sentence (in order, each a substring) stands in `text`."""
    spans: list[Span] = []
    cursor = 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        if start < 0:  # a splitter that changed the text: place it after the last one
            start = cursor
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


def isolated(codes: Sequence[Code]) -> set[int]:
    """The indexes in `codes` of opens without their close and closes without their open."""
    opens: dict[int, int] = {}
    alone: set[int] = set()
    for index, code in enumerate(codes):
        if code.kind == "open":
            opens[code.id] = index
        elif code.kind == "close":
            if code.id in opens:
                del opens[code.id]
            else:
                alone.add(index)
    return alone | set(opens.values())


def shifted(codes: Sequence[Code], cut: int, length: int) -> tuple[Code, ...]:
    """Codes of a text whose first `cut` characters are cut off (a dialogue dash), the
    rest `length` characters long."""
    return tuple(replace(c, offset=min(max(c.offset - cut, 0), length)) for c in codes)
