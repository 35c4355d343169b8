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

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from tm.documents.model import Code, make_code

Span = tuple[int, int]


def _pair_numbers(codes: Sequence[Code]) -> list[int]:
    """Each code's number as `numbered` gives it: 1, 2, … in the order its span opens or its
    placeholder stands; a close takes its open's number."""
    ids: dict[int, int] = {}
    numbers = []
    count = 0
    for code in codes:
        if code.kind == "close" and code.id in ids:
            numbers.append(ids[code.id])
            continue
        count += 1
        numbers.append(count)
        if code.kind == "open":
            ids[code.id] = count
    return numbers


def numbered(codes: Sequence[Code]) -> tuple[Code, ...]:
    """The codes with ids 1, 2, … in the order their span opens or their placeholder stands."""
    # most blocks are numbered so already: a code is rebuilt only when its id changes
    return tuple(
        code if number == code.id else make_code(code.kind, number, code.offset, code.type, code.data)
        for code, number in zip(codes, _pair_numbers(codes), strict=True)
    )


def _owner(code: Code, spans: Sequence[Span]) -> int:
    """The sentence a code goes to (see the module docstring), by a scan of the spans: the
    definition, used as it stands for spans out of order (`_owners` for ordered ones)."""
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


def _owners(codes: Sequence[Code], spans: Sequence[Span]) -> list[int]:
    """`_owner` of each code, found by bisection when the spans are in order and do not
    overlap (as `sentence_spans` gives them), rather than a scan of the spans per code.

    Why it is the same: every sentence that ends before a code's offset fails all three of
    `_owner`'s tests, so the scan's answer is decided at the first sentence `j` that ends at
    or after it, or (an open exactly at `j`'s end) at the next one, which starts there or
    later and so takes the open."""
    if len(spans) == 1:
        return [0] * len(codes)  # one sentence, most paragraphs: every code is its own
    ends = [end for _, end in spans]
    ordered = all(a <= b for a, b in spans) and all(b <= a for (_, b), (a, _) in zip(spans, spans[1:], strict=False))
    if not ordered:
        return [_owner(code, spans) for code in codes]
    last = len(spans) - 1
    owners = []
    for code in codes:
        offset = code.offset
        j = bisect_left(ends, offset)
        if j > last:
            owners.append(last)
            continue
        start, end = spans[j]
        if start < offset < end:
            owners.append(j)
        elif offset <= start:  # in the gap before sentence j: an open goes after, the rest before
            owners.append(j if code.kind == "open" or j == 0 else j - 1)
        else:  # at sentence j's end: a close or placeholder stays, an open goes to the next
            owners.append(j if code.kind != "open" else min(j + 1, last))
    return owners


def _inside_range(codes: Sequence[Code], ids: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The first and last index of the codes `inside` keeps (`ids`: each code's pair id)."""
    count = len(codes)
    lead = 0
    while lead < count and codes[lead].offset <= start:
        lead += 1
    if lead == 0 and (count == 0 or codes[-1].offset < end):
        return 0, count - 1  # no code before the text or after it: all are inside
    # Each end's dictionary is made only when a code stands beyond that end of the text.
    first = lead  # the first open before the text whose close is inside it, else the first code in it
    if lead:
        closed = {ids[i]: code.offset for i, code in enumerate(codes) if code.kind == "close"}  # id → its close
        for i in range(lead):
            if codes[i].kind == "open" and start < closed.get(ids[i], -1) < end:
                first = i
                break
    tail = count
    while tail > first and codes[tail - 1].offset >= end:
        tail -= 1
    last = tail - 1  # the last close after the text whose open is inside it, else the last code in it
    if tail < count:
        opened = {ids[i]: (i, code.offset) for i, code in enumerate(codes) if code.kind == "open"}  # id → its open
        for i in range(count - 1, tail - 1, -1):
            if codes[i].kind == "close" and first <= opened.get(ids[i], (-1, -1))[0] < i and start < opened[ids[i]][1] < end:
                last = i
                break
    return first, last


def inside(codes: Sequence[Code], start: int, end: int) -> tuple[Code, ...]:
    """The codes without those OmegaT leaves outside the paragraph's segments (its
    "remove leading and trailing tags", on in our filters.xml as in OmegaT's own default;
    filters3 Entry.detectTags, html2 FilterVisitor): before the text (`start`), every code
    up to the first open whose close stands inside the text; after it (`end`), every code
    after the last close whose open stands inside the text. A pair around the whole
    paragraph, or a placeholder at its very start or end, is outside. (`codes` as `numbered`
    gives them: one id a pair.)"""
    codes = list(codes)
    first, last = _inside_range(codes, [code.id for code in codes], start, end)
    return tuple(codes[first : last + 1])


def distribute(codes: Sequence[Code], spans: Sequence[Span]) -> list[tuple[Code, ...]]:
    """The codes of each sentence (`spans`: each sentence's start and end in the block
    text, in order), offsets relative to the sentence start and clamped into it, ids as
    `numbered` gives them; the codes OmegaT leaves outside the paragraph (not `inside`) are
    marked `outside`.

    One pass over the codes: their numbers, the range `inside` keeps and each one's sentence
    are worked out first, so a code is built at most once (only when its id, offset or mark
    changes), not once to number it and again to place it."""
    if not spans:
        return []
    result: list[list[Code]] = [[] for _ in spans]
    numbers = _pair_numbers(codes)
    first, last = _inside_range(codes, numbers, spans[0][0], spans[-1][1])
    owners = _owners(codes, spans)
    for index, code in enumerate(codes):
        i, number, offset = owners[index], numbers[index], code.offset
        start, end = spans[i]
        relative = (start if offset < start else end if offset > end else offset) - start  # clamped into it
        outside = index < first or index > last
        if number == code.id and relative == offset and outside == code.outside:
            result[i].append(code)  # the first sentence of a numbered block, mostly
        else:
            result[i].append(make_code(code.kind, number, relative, code.type, code.data, outside))
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
