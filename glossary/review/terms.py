"""The term candidates of one glossary file, reviewed: decisions applied and saved at once.

Every decision is applied to the glossary kept in memory and the whole file is written
again in the format it has (`sniff`), atomically, with the bytes
`glossary.formats.write_glossary` writes, as `glossary import-po` writes it (saving.py: only
the entries a decision changed are serialised again, so a decision on a 50,000-entry
glossary costs the file's write, not every entry's serialisation); the decisions are the
ones `import-po` makes, so `glossary.reviews.carry_reviews` keeps them through a rebuild:

- approve: the first English term approved (confidence 1.0), and the Russian terms with it;
- edit: the English a reviewer chose (a candidate the entry has moves first) or wrote
  (origin `review`), approved;
- reject: every term of the entry `rejected` (not a term);
- merge: the entry's terms joined to another entry's, the entry gone;
- split: a Russian term (or an inflected variant) made an entry of its own, its term's
  origin `review` (so that a rebuild keeps it apart: glossary/reviews.py);
- category: the entry's category, where the glossary's entries have one.

Each entry has a version, raised by every change to it; a request names the version it saw,
and a stale one is refused (409), so two browser tabs never overwrite each other. A file
changed on disk by someone else (a rebuild: its modification time, size or inode moved) is
read again, and the request refused too; otherwise the file is never read again.
"""

from __future__ import annotations

import bisect
import copy
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from glossary.entries import APPROVED, LABELS, PROPOSED, REJECTED, STATUSES, Entry, Glossary, Term, entry_id
from glossary.formats import read_glossary, sniff
from glossary.review.saving import PieceWriter

PAGE_SIZE = 50
# The entries' category, when glossary/entries.py has one (categories are being added beside
# this package); without it the column and the action are not shown.
CATEGORY = "category"


class ReviewError(Exception):
    """A request that cannot apply; `status` is the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def has_categories() -> bool:
    return any(f.name == CATEGORY for f in fields(Entry))


def category_of(entry: Entry) -> str:
    return str(getattr(entry, CATEGORY, "") or "")


@dataclass
class Row:
    """One line of the table: what the filters and the page need, computed once per version."""

    rank: int
    id: str
    term: str
    english: str
    origin: str
    confidence: float | None
    frequency: int
    category: str
    status: str
    search: str  # every term and variant, case-folded: the text filter


@dataclass
class Filters:
    status: str = ""
    origin: str = ""
    category: str = ""
    text: str = ""
    page: int = 0


@dataclass
class Page:
    rows: list[Row]
    total: int  # rows the filters let through
    page: int
    pages: int


@dataclass
class _Undo:
    """What one decision changed: the order of the entries before it (the entries
    themselves, not copies) and a copy of each entry it touched, as it was."""

    label: str
    order: list[Entry] = field(default_factory=list)
    before: dict[str, Entry] = field(default_factory=dict)
    shown: str = ""  # the entry to select afterwards


class TermReview:
    """The glossary at `path` under review."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.format = sniff(path)
        self.lock = threading.RLock()
        self.undo_stack: list[_Undo] = []
        self._load()

    # --- reading ---

    def _load(self) -> None:
        self.glossary: Glossary = read_glossary(self.path)
        self.index = {e.id: e for e in self.glossary.entries}
        self.versions: dict[str, int] = {e.id: 1 for e in self.glossary.entries}
        self._rows: list[Row] | None = None
        self._haystack: tuple[list[Row], str, list[int]] | None = None  # rows, their keys joined, where each starts
        self._row_cache: dict[str, tuple[Entry, int, Row]] = {}  # id → (entry, version, its row)
        self.writer = PieceWriter(self.path, self.format, self.glossary.signature)
        self._stamp = self._disk_stamp()
        self.rows()  # the table now, before the page is first asked for
        # The first decision should not pay for serialising every entry: a thread does it now.
        threading.Thread(
            target=self.writer.warm, args=(list(self.glossary.entries), self.index.get, self.lock), daemon=True
        ).start()

    def _disk_stamp(self) -> tuple[int, int, int]:
        st = os.stat(self.path)
        return st.st_mtime_ns, st.st_size, st.st_ino

    def rows(self) -> list[Row]:
        """The table in rank order; after a decision only the rows of the entries it changed
        are made again (the others are reused, their rank set), so no request pays for 50,000."""
        if self._rows is None:
            cache, versions, rows = self._row_cache, self.versions, []
            for rank, entry in enumerate(self.glossary.entries, start=1):
                version = versions.get(entry.id, 0)
                cached = cache.get(entry.id)
                if cached is None or cached[0] is not entry or cached[1] != version:
                    cached = (entry, version, _row(rank, entry))
                    cache[entry.id] = cached
                row = cached[2]
                row.rank = rank
                rows.append(row)
            self._rows = rows
        return self._rows

    def _matching(self, text: str) -> list[Row]:
        """The rows whose search key holds `text`: one `str.find` pass over every key joined
        (made once per glossary version), not a test per row."""
        rows = self.rows()
        if self._haystack is None or self._haystack[0] is not rows:
            starts, at = [], 0
            for row in rows:
                starts.append(at)
                at += len(row.search) + 1
            self._haystack = (rows, "\0".join(r.search for r in rows), starts)
        _, haystack, starts = self._haystack
        if "\0" in text:
            return []
        found: list[Row] = []
        at = haystack.find(text)
        while at >= 0:
            k = bisect.bisect_right(starts, at) - 1
            found.append(rows[k])
            at = haystack.find(text, starts[k + 1]) if k + 1 < len(starts) else -1
        return found

    def rank_of(self, entry_id: str) -> int:
        self.rows()
        cached = self._row_cache.get(entry_id)
        return cached[2].rank if cached is not None else 0

    def page(self, filters: Filters, size: int = PAGE_SIZE) -> Page:
        with self.lock:
            text = filters.text.casefold().strip()
            rows = self.rows() if not text else self._matching(text)
            if filters.status or filters.origin or filters.category:
                rows = [
                    r
                    for r in rows
                    if (not filters.status or r.status == filters.status)
                    and (not filters.origin or r.origin == filters.origin)
                    and (not filters.category or r.category == filters.category)
                ]
            pages = max(1, -(-len(rows) // size))
            page = min(max(filters.page, 0), pages - 1)
            return Page(rows[page * size : (page + 1) * size], len(rows), page, pages)

    def origins(self) -> list[str]:
        return sorted({r.origin for r in self.rows() if r.origin})

    def categories(self) -> list[str]:
        """The categories the extractor gives and any other the glossary has: the filter
        offers them all, so that one just set can be filtered by without a reload."""
        return sorted(set(LABELS) | {r.category for r in self.rows() if r.category})

    def entry(self, entry_id: str) -> Entry:
        found = self.index.get(entry_id)
        if found is None:
            raise ReviewError(404, f"no entry {entry_id!r} in {self.path.name}")
        return found

    def find(self, text: str) -> Entry:
        """An entry by id or by one of its Russian terms (case-folded)."""
        text = text.strip()
        if text in self.index:
            return self.index[text]
        key = text.casefold()
        for e in self.glossary.entries:
            if any(t.text.casefold() == key for t in e.terms_in("ru")):
                return e
        raise ReviewError(404, f"no entry {text!r} to merge into")

    # --- deciding ---

    def decide(self, action: str, entry_id: str, version: int, values: dict[str, str]) -> Entry | None:
        """Apply one decision and save; the entry afterwards (None: it went, merged)."""
        with self.lock:
            self._check_disk()
            entry = self.entry(entry_id)
            if version != self.versions[entry_id]:
                raise ReviewError(
                    409, f"{_shown(entry)} was changed in another tab (version {self.versions[entry_id]}, not {version}): reload"
                )
            handler = _ACTIONS.get(action)
            if handler is None:
                raise ReviewError(400, f"unknown action {action!r}")
            undo = self._start(action, entry)
            touched = handler(self, entry, values, undo)
            self._commit(undo, list(touched), in_place=action not in ("merge", "split"))
            return self.index.get(entry_id)

    def undo(self) -> str | None:
        """Undo the last decision of this session; the id to show afterwards."""
        with self.lock:
            self._check_disk()
            if not self.undo_stack:
                raise ReviewError(409, "nothing to undo")
            last = self.undo_stack.pop()
            restored = [last.before.get(e.id, e) for e in last.order]
            gone = set(self.index) - {e.id for e in restored}
            self.glossary.entries = restored
            for eid in gone:
                del self.index[eid]
            self.index.update(last.before)
            changed = [*last.before, *gone]
            for eid in changed:
                self.versions[eid] = self.versions.get(eid, 0) + 1
            self._save(changed, in_place=False)
            return last.shown

    def _start(self, label: str, entry: Entry) -> _Undo:
        return _Undo(label, list(self.glossary.entries), shown=entry.id)

    def _remember(self, undo: _Undo, entry: Entry) -> None:
        undo.before.setdefault(entry.id, copy.deepcopy(entry))

    def _commit(self, undo: _Undo, touched: list[str], in_place: bool) -> None:
        for eid in touched:
            self.versions[eid] = self.versions.get(eid, 0) + 1
        self.undo_stack.append(undo)
        try:
            self._save(touched, in_place)
        except Exception:
            self.undo_stack.pop()
            self._load()  # the file is as it was (the writer is atomic): so is the review
            raise

    def _save(self, changed: list[str], in_place: bool) -> None:
        """Write the file again; `changed`: the ids a decision touched (their pieces and rows
        are made again), `in_place`: the entries kept their places (no merge, split or undo),
        so the table's other rows stay as they are."""
        if in_place and self._rows is not None:
            for eid in changed:
                entry, (_, _, old) = self.index[eid], self._row_cache[eid]
                new = _row(old.rank, entry)
                self._rows[old.rank - 1] = new
                self._row_cache[eid] = (entry, self.versions[eid], new)
                if new.search != old.search:
                    self._haystack = None
        else:
            self._rows = None
        self.writer.save(self.glossary, changed)
        self._stamp = self._disk_stamp()

    def _check_disk(self) -> None:
        if self._disk_stamp() != self._stamp:
            self._load()
            self.undo_stack.clear()
            raise ReviewError(409, f"{self.path.name} was changed on disk (a rebuild?): it was read again; reload")


def _position(entries: list[Entry], entry: Entry) -> int:
    """Where `entry` is, by identity (`list.index` would compare whole entries)."""
    return next(i for i, e in enumerate(entries) if e is entry)


def _shown(entry: Entry) -> str:
    first = entry.preferred("ru")
    return repr(first.text) if first else entry.id


def _row(rank: int, entry: Entry) -> Row:
    ru, en = entry.preferred("ru"), entry.preferred("en")
    words = [t.text for t in entry.terms] + [v for t in entry.terms for v in t.variants]
    status = REJECTED if ru is not None and ru.status == REJECTED else entry.status
    return Row(
        rank,
        entry.id,
        ru.text if ru else "",
        en.text if en else "",
        (en.origin or "") if en else "",
        en.confidence if en else None,
        entry.frequency,
        category_of(entry),
        status,
        "\n".join(words).casefold(),
    )


# --- the actions: each changes entries in place, remembering them first, and returns the ids it touched ---


def _approve(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    review._remember(undo, entry)
    english = entry.preferred("en")
    if english is None:
        raise ReviewError(400, f"{_shown(entry)} has no English to approve: edit it")
    english.status, english.confidence = APPROVED, 1.0
    for term in entry.terms_in("ru"):
        term.status = APPROVED
    return [entry.id]


def _reject(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    review._remember(undo, entry)
    for term in entry.terms:
        term.status = REJECTED
    return [entry.id]


def _edit(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    text = " ".join(values.get("english", "").split())
    if not text:
        raise ReviewError(400, "the English is empty")
    review._remember(undo, entry)
    english = entry.terms_in("en")
    chosen = next((t for t in english if t.text == text), None)
    if chosen is None:
        ru = entry.preferred("ru")
        chosen = Term(text, "en", ru.term_type if ru else "fullForm", origin="review")
    else:
        entry.terms.remove(chosen)
    position = next((i for i, t in enumerate(entry.terms) if t.lang == "en"), len(entry.terms))
    entry.terms.insert(position, chosen)
    for term in entry.terms_in("en"):
        if term is not chosen and term.status == APPROVED and term.origin != "reference":
            term.status = PROPOSED
    chosen.status, chosen.confidence = APPROVED, 1.0
    for term in entry.terms_in("ru"):
        term.status = APPROVED
    return [entry.id]


def _merge(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    target = review.find(values.get("into", ""))
    if target is entry:
        raise ReviewError(400, "an entry cannot be merged into itself")
    review._remember(undo, entry)
    review._remember(undo, target)
    have = {(t.lang, t.text.casefold()) for t in target.terms}
    ru_end = len(target.terms_in("ru"))
    for term in entry.terms_in("ru"):
        if ("ru", term.text.casefold()) not in have:
            target.terms.insert(ru_end, term)
            ru_end += 1
    target.terms += [t for t in entry.terms_in("en") if ("en", t.text.casefold()) not in have]
    target.frequency += entry.frequency
    target.contexts += entry.contexts
    target.sources += entry.sources
    del review.glossary.entries[_position(review.glossary.entries, entry)]
    del review.index[entry.id]
    return [entry.id, target.id]


def _split(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    variant = values.get("variant", "").strip()
    ru = entry.terms_in("ru")
    term = next((t for t in ru[1:] if t.text == variant), None)
    owner = None if term is not None else next((t for t in ru if variant in t.variants), None)
    if term is None and (owner is None or not variant):
        raise ReviewError(400, f"{variant!r} is not a variant of {_shown(entry)} that can be split off")
    new_id = entry_id(variant.casefold())
    if new_id in review.index:  # refused before anything changed
        raise ReviewError(409, f"{variant!r} is an entry already: merge instead")
    review._remember(undo, entry)
    if term is None:
        assert owner is not None
        owner.variants.remove(variant)
        term = Term(variant, "ru", owner.term_type, owner.pos)
    else:
        entry.terms.remove(term)
    term.origin = "review"  # a reviewer's decision: a rebuild keeps the term out of `entry` (glossary/reviews.py)
    new = Entry(new_id, [term], frequency=0, ranking=f"split off {_shown(entry)} in review")
    review.glossary.entries.insert(_position(review.glossary.entries, entry) + 1, new)
    review.index[new_id] = new
    return [entry.id, new_id]


def _category(review: TermReview, entry: Entry, values: dict[str, str], undo: _Undo) -> list[str]:
    if not has_categories():
        raise ReviewError(400, "this glossary's entries have no category")
    review._remember(undo, entry)
    setattr(entry, CATEGORY, values.get("category", "").strip())
    return [entry.id]


_ACTIONS = {
    "approve": _approve,
    "reject": _reject,
    "edit": _edit,
    "merge": _merge,
    "split": _split,
    "category": _category,
}
ACTIONS: Sequence[str] = tuple(_ACTIONS)
FILTER_STATUSES: Sequence[str] = STATUSES
