"""`distribute`'s one-pass form (bisection for each code's sentence, each code built at most
once) gives what the reference form it replaced gives: codes numbered, then each placed by a
scan of the sentences (tm/documents/codes.py), on random blocks; `numbered` and `inside`
also equal their former forms."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tm.documents.codes import Span, distribute, inside, numbered
from tm.documents.model import Code


def _reference_numbered(codes: Sequence[Code]) -> tuple[Code, ...]:
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
        out.append(code if number == code.id else Code(code.kind, number, code.offset, code.type, code.data))
    return tuple(out)


def _reference_inside(codes: Sequence[Code], start: int, end: int) -> tuple[Code, ...]:
    codes = list(codes)
    opened: dict[int, tuple[int, int]] = {}
    closed: dict[int, int] = {}
    for index, code in enumerate(codes):
        if code.kind == "open":
            opened[code.id] = (index, code.offset)
        elif code.kind == "close":
            closed[code.id] = code.offset
    lead = 0
    while lead < len(codes) and codes[lead].offset <= start:
        lead += 1
    first = next((i for i in range(lead) if codes[i].kind == "open" and start < closed.get(codes[i].id, -1) < end), lead)
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


def _reference_owner(code: Code, spans: Sequence[Span]) -> int:
    for i, (start, end) in enumerate(spans):
        if start < code.offset < end:
            return i
        if code.offset <= start:
            if code.kind == "open" or i == 0:
                return i
            return i - 1
        if code.offset == end and code.kind != "open":
            return i
    return len(spans) - 1


def _reference_distribute(codes: Sequence[Code], spans: Sequence[Span]) -> list[tuple[Code, ...]]:
    """distribute as it was before the one-pass form (numbered, then inside, then a scan)."""
    if not spans:
        return []
    result: list[list[Code]] = [[] for _ in spans]
    every = _reference_numbered(codes)
    kept = set(map(id, _reference_inside(every, spans[0][0], spans[-1][1])))
    for code in every:
        i = _reference_owner(code, spans)
        start, end = spans[i]
        offset = min(max(code.offset, start), end) - start
        outside = id(code) not in kept
        same = offset == code.offset and outside == code.outside
        result[i].append(code if same else Code(code.kind, code.id, offset, code.type, code.data, outside=outside))
    return [tuple(r) for r in result]


def _random_codes(rng: random.Random, length: int) -> list[Code]:
    """Nested pairs and placeholders, sorted by offset, ids from 0 or 1 or shuffled; some
    ends at the text's ends and at shared offsets, as readers give them."""
    codes: list[Code] = []
    stack: list[int] = []
    next_id = rng.choice([0, 1, 5])
    ids = list(range(next_id, next_id + 40))
    if rng.random() < 0.3:
        rng.shuffle(ids)
    offsets = sorted(rng.choice([0, length, rng.randint(0, length)]) for _ in range(rng.randint(0, 12)))
    for offset in offsets:
        roll = rng.random()
        if roll < 0.4:
            stack.append(ids.pop())
            codes.append(Code("open", stack[-1], offset, "bold", "<b>"))
        elif roll < 0.75 and stack:
            codes.append(Code("close", stack.pop(), offset, "bold"))
        else:
            codes.append(Code("placeholder", ids.pop(), offset, "footnote", "<f/>"))
    codes += [Code("close", id_, length, "bold") for id_ in reversed(stack)]
    if rng.random() < 0.2:  # a block as distribute once gave it back: some marked outside
        codes = [Code(c.kind, c.id, c.offset, c.type, c.data, outside=rng.random() < 0.5) for c in codes]
    return codes


def _random_spans(rng: random.Random, length: int) -> list[Span]:
    """Sentences in order as `sentence_spans` gives them (gaps, touching, an empty one), or
    now and then out of order, which the scan is kept for."""
    cuts = sorted(rng.randint(0, length) for _ in range(2 * rng.randint(1, 5)))
    spans = list(zip(cuts[::2], cuts[1::2], strict=True))
    if rng.random() < 0.1:
        rng.shuffle(spans)
    return spans


def test_distribute_equals_the_reference_on_random_blocks() -> None:
    rng = random.Random(17)
    for _ in range(5_000):
        length = rng.randint(0, 30)
        codes, spans = _random_codes(rng, length), _random_spans(rng, length)
        assert distribute(codes, spans) == _reference_distribute(codes, spans), (codes, spans)
        assert numbered(codes) == _reference_numbered(codes)
        start, end = sorted(rng.randint(0, length) for _ in range(2))
        assert inside(codes, start, end) == _reference_inside(codes, start, end), (codes, start, end)
