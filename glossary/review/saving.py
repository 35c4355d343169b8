"""Saving a reviewed glossary fast: the format's own writer, one entry at a time, cached.

Every glossary writer streams (glossary/formats: `write(entries, out)` writes entry by entry),
so the file it writes is a head, one piece of bytes per entry, and a tail. Writing one entry
alone through the writer gives that entry's piece (the bytes written between the writer
taking the entry and taking the next one) and the head and tail. A decision changes one or
two entries: only their pieces are made again, and the file is the head, every entry's
cached piece and the tail, written through `tm.core.atomic` (temporary file, rename) as
`write_glossary` writes it.

The pieces are checked as they are made: every single-entry write must give the same head
and tail, or the cache is given up and the whole glossary is written by `write_glossary`
(tests/glossary/review/test_saving.py holds each format's output equal to it).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from glossary.entries import Entry, Glossary
from glossary.formats import write_glossary, writers
from tm.core.atomic import atomic_output

WARM_BATCH = 100  # entries a batch: a request waits for at most one batch (a few ms)
Writer = Callable[[Iterable[Entry], BinaryIO], int]


class PieceWriter:
    """The glossary at `path` in `format`, written from cached per-entry pieces."""

    def __init__(self, path: Path, format: str, signature: str = "") -> None:
        self.path, self.format, self.signature = path, format, signature
        self._writer: Writer = writers(signature)[format]
        self._ends: tuple[bytes, bytes] | None = None  # head, tail
        # id → the entry's bytes; the review names the ids each decision changed (`save`)
        self._pieces: dict[str, bytes] = {}
        self.usable = True  # False once a single-entry write disagreed: whole writes from then on

    def _piece(self, entry: Entry) -> bytes:
        """`entry` written alone: its piece; the head and tail are checked against the first ones."""
        buffer = io.BytesIO()
        marks: list[int] = []

        def taken() -> Iterator[Entry]:
            marks.append(buffer.tell())
            yield entry
            marks.append(buffer.tell())

        self._writer(taken(), buffer)
        data = buffer.getvalue()
        if len(marks) != 2 or marks[0] == marks[1]:  # the writer did not write the entry as it took it
            raise _NotStreaming
        ends = (data[: marks[0]], data[marks[1] :])
        if self._ends is None:
            self._ends = ends
        elif ends != self._ends:
            raise _NotStreaming
        return data[marks[0] : marks[1]]

    def pieces(self, entries: list[Entry], changed: Iterable[str] = ()) -> list[bytes] | None:
        """Head, every entry's piece and tail: made again for the ids in `changed` and for
        entries not seen yet, the others from the cache; None when this format's pieces
        cannot be trusted."""
        if not self.usable or not entries:
            return None
        cache = self._pieces
        for eid in changed:
            cache.pop(eid, None)
        ids = [e.id for e in entries]
        try:
            try:
                parts = list(map(cache.__getitem__, ids))  # the common case, at C speed
            except KeyError:
                for entry in entries:
                    if entry.id not in cache:
                        cache[entry.id] = self._piece(entry)
                parts = list(map(cache.__getitem__, ids))
        except _NotStreaming:
            self._give_up()
            return None
        assert self._ends is not None
        return [self._ends[0], *parts, self._ends[1]]

    def warm(self, entries: list[Entry], current: Callable[[str], Entry | None], lock: AbstractContextManager[object]) -> None:
        """Make the pieces of `entries` ahead of the first decision (a thread at start: a
        50,000-entry TBX takes seconds), a batch at a time under `lock`, so that requests
        and decisions go on between batches (it sleeps as long as each batch took). An entry
        a decision has changed since is left to that decision (`current(id)`: the entry now
        under that id)."""
        began = time.perf_counter()
        for start in range(0, len(entries), WARM_BATCH):
            if start:  # half the time idle: the page's requests, which need the GIL too, come first
                time.sleep(max(0.002, time.perf_counter() - began))
            began = time.perf_counter()
            with lock:
                if not self.usable:
                    return
                try:
                    for entry in entries[start : start + WARM_BATCH]:
                        if entry.id not in self._pieces and current(entry.id) is entry:
                            self._pieces[entry.id] = self._piece(entry)
                except _NotStreaming:
                    self._give_up()
                    return

    def save(self, glossary: Glossary, changed: Iterable[str]) -> None:
        """Write `glossary` to the file, atomically, with the bytes `write_glossary` writes;
        `changed`: the ids of the entries changed since the last save."""
        parts = self.pieces(glossary.entries, changed)
        if parts is None:
            write_glossary(glossary, self.path, format=self.format)
            return
        with atomic_output(self.path) as out:
            out.write(b"".join(parts))  # one write: 50,000 small ones cost more than the copy

    def _give_up(self) -> None:
        self.usable = False
        self._pieces.clear()


class _NotStreaming(Exception):
    """A single-entry write that cannot be cut into head, piece and tail."""
