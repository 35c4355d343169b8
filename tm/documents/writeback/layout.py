"""Where everything of a paragraph goes once its text is the target's (shared by the writers).

A writer re-reads the original paragraph with the format's own reader and notes, in reading
order, what it met (`Entry`): text, the codes that stand for an element of their own
(`anchor`: a placeholder, a hyperlink's start and end), and the things that are no text and
no code (`silent`: bookmarks, proofing marks, comment ranges, a field's begin and end,
hidden or deleted runs). `layout` then orders the target: its text, its codes at their
target offsets, and each silent thing next to the anchor it touched in the original (a
field's begin stays before its placeholder), or, touching none, at the same relative place
in the text, kept between the anchors around it. Identity (target = source) gives the
original order back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tm.documents.model import Block, Code

EntryKind = Literal["text", "anchor", "silent"]


@dataclass(frozen=True)
class Entry:
    """One thing the re-read met, at `offset` characters into the source block's text."""

    kind: EntryKind
    offset: int
    code: tuple[int, str] | None = None  # an anchor's (id, kind)
    payload: Any = None  # a silent thing, for the writer


@dataclass(frozen=True)
class Event:
    """One step of writing the target: text, a code (the source's, with its data), or a silent thing."""

    kind: Literal["text", "open", "close", "placeholder", "silent"]
    text: str = ""
    code: Code | None = None
    payload: Any = None


def _target_codes(label: str, ref: str, source: Block, target: Block, problems: list[str]) -> list[Code]:
    """The target's codes that are the source's, balanced, with the source's kind, type and
    data; codes the target lost are placed at its end (reported)."""
    by_key = {(c.id, c.kind): c for c in source.codes}
    length = len(target.text)
    where = f"{label}: {ref}"
    seen: set[tuple[int, str]] = set()
    opened: list[int] = []
    codes: list[Code] = []
    for code in sorted(target.codes, key=lambda c: c.offset):
        key = (code.id, code.kind)
        original = by_key.get(key)
        if original is None:
            problems.append(f"{where}: code {code.id} ({code.kind}) is not in the original; ignored")
            continue
        if key in seen:
            problems.append(f"{where}: code {code.id} ({code.kind}) stands twice; the second ignored")
            continue
        if code.kind == "close" and code.id not in opened:
            problems.append(f"{where}: code {code.id} closes before it opens; its close ignored")
            continue
        seen.add(key)
        if code.kind == "open":
            opened.append(code.id)
        elif code.kind == "close":
            opened.remove(code.id)
        codes.append(Code(code.kind, code.id, min(max(code.offset, 0), length), original.type, original.data))
    for original in source.codes:
        key = (original.id, original.kind)
        if key in seen or (original.kind == "close" and original.id in opened):
            continue
        if original.kind == "close" and (original.id, "open") not in seen:
            continue  # a whole span lost: reported with its open
        if original.kind == "open":
            problems.append(f"{where}: the target lost {original.type} span {original.id}; placed (empty) at its end")
            codes.append(Code("open", original.id, length, original.type, original.data))
            codes.append(Code("close", original.id, length, original.type, ""))
            seen.add((original.id, "close"))
        else:
            problems.append(f"{where}: the target lost {original.type} code {original.id}; placed at its end")
            codes.append(Code(original.kind, original.id, length, original.type, original.data))
        seen.add(key)
    for code_id in reversed(opened):
        problems.append(f"{where}: code {code_id} never closes in the target; closed at its end")
        source_close = by_key.get((code_id, "close"))
        codes.append(Code("close", code_id, length, source_close.type if source_close else "other", ""))
    return codes


def layout(label: str, ref: str, source: Block, entries: list[Entry], target: Block) -> tuple[list[Event], list[str]]:
    """The target as a sequence of events to write, and the problems met."""
    problems: list[str] = []
    codes = _target_codes(label, ref, source, target, problems)
    index = {(c.id, c.kind): i for i, c in enumerate(codes)}
    length, source_length = len(target.text), len(source.text)
    keyed: list[tuple[tuple[int, int, int, int, int], Event]] = [
        ((c.offset, 1, i, 0, 0), Event(c.kind, code=c)) for i, c in enumerate(codes)
    ]

    def anchor(start: int, step: int) -> int | None:
        """The index in `codes` of the nearest anchor from `start`, going `step`."""
        k = start
        while 0 <= k < len(entries):
            entry = entries[k]
            if entry.kind == "anchor" and entry.code in index:
                return index[entry.code]
            k += step
        return None

    def adjacent(start: int, step: int) -> int | None:
        """The anchor next to `start` with nothing but silent entries between, or None."""
        k = start
        while 0 <= k < len(entries) and entries[k].kind == "silent":
            k += step
        if 0 <= k < len(entries) and entries[k].kind == "anchor" and entries[k].code in index:
            return index[entries[k].code]  # type: ignore[index]
        return None

    for k, entry in enumerate(entries):
        if entry.kind != "silent":
            continue
        event = Event("silent", payload=entry.payload)
        after = adjacent(k + 1, 1)
        if after is not None:
            keyed.append(((codes[after].offset, 1, after, -1, k), event))
            continue
        before = adjacent(k - 1, -1)
        if before is not None:
            keyed.append(((codes[before].offset, 1, before, 1, k), event))
            continue
        position = round(entry.offset * length / source_length) if source_length else 0
        low, high = anchor(k - 1, -1), anchor(k + 1, 1)
        if low is not None and position <= codes[low].offset:
            keyed.append(((codes[low].offset, 1, low, 1, k), event))
        elif high is not None and position >= codes[high].offset:
            keyed.append(((codes[high].offset, 1, high, -1, k), event))
        else:
            keyed.append(((position, 0, 0, 0, k), event))
    keyed.sort(key=lambda item: item[0])

    events: list[Event] = []
    cursor = 0
    for key, event in keyed:
        if key[0] > cursor:
            events.append(Event("text", text=target.text[cursor : key[0]]))
            cursor = key[0]
        events.append(event)
    if cursor < length:
        events.append(Event("text", text=target.text[cursor:]))
    return events, problems
