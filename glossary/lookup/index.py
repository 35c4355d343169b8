"""Finding a term from any inflected form or spelling, in Russian or English.

A query is tried, in order, as
1. a known form: any term or inflected variant seen, in either language, folded (case, ё);
2. a lemma key: the dictionary forms of its words, so unseen inflections match too
   («стратегическим партнерством» → стратегическое партнерство); for English, lemmas with
   American spelling ("strategic partnerships", "…Organisation"; glossary/lookup/english_keys.py);
3. for a longer query, the terms it holds (glossary/lookup/scan.py), not an exact match;
4. closest entries (rapidfuzz), reported as not an exact match. Keys that share the query's
   first letter are searched first (typos rarely hit it, and it is a thirtieth of the keys);
   all keys only when that finds nothing.

`lookup` takes these steps over any `TermIndex` (glossary/lookup/keys.py, the protocol the
scanner uses too): `GlossaryIndex` in memory, `StoredIndex` in SQLite. The index is built once
per glossary file and kept in SQLite under the cache folder, keyed by
the file's path, size and modification time; a lookup from the command line reads only the
rows it needs and loads pymorphy3 only when the query is not a known form.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from glossary.entries import Context, Entry, Glossary, Term
from glossary.errors import GlossaryError
from glossary.extraction.morphology import fold
from glossary.lookup.keys import MatchHow, TermIndex, index_keys
from glossary.lookup.scan import Scanner
from tm.core.atomic import atomic_path
from tm.core.paths import cache_home

__all__ = [
    "GlossaryIndex",
    "Hit",
    "Lookup",
    "LookupResult",
    "MatchHow",
    "StoredIndex",
    "TermIndex",
    "build_index",
    "index_keys",
    "index_path",
    "lookup",
]

FUZZY_CUTOFF = 70.0
INDEX_VERSION = "3"  # 2: entries carry `ranking`; 3: English lemma keys


@dataclass
class Hit:
    entry: Entry
    matched: str  # the form the query matched
    how: MatchHow
    score: float = 100.0


@dataclass
class LookupResult:
    query: str
    exact: bool
    hits: list[Hit] = field(default_factory=list)
    contains: list[Hit] = field(default_factory=list)  # terms inside a longer query, when it is no term itself

    @property
    def found(self) -> bool:
        return self.exact or bool(self.contains)

    def to_dict(self) -> dict[str, object]:
        def hits(found: list[Hit]) -> list[dict[str, object]]:
            return [
                {"matched": h.matched, "how": h.how, "score": round(h.score, 1), "entry": entry_to_dict(h.entry)} for h in found
            ]

        return {"query": self.query, "exact": self.exact, "hits": hits(self.hits), "contains": hits(self.contains)}


def entry_to_dict(entry: Entry) -> dict[str, object]:
    return asdict(entry)


def entry_from_dict(data: dict[str, Any]) -> Entry:
    return Entry(
        id=data["id"],
        terms=[Term(**t) for t in data["terms"]],
        frequency=data["frequency"],
        score=data["score"],
        ranking=data.get("ranking", ""),
        contexts=[Context(**c) for c in data["contexts"]],
        sources=[(s[0], s[1]) for s in data["sources"]],
        # Older indexes lack them (asdict has written them since they were added).
        category=data.get("category", ""),
        note=data.get("note", ""),  # which sense of a word it is, or a reference conflict
    )


class Lookup(TermIndex):
    """A `TermIndex` with the lookup steps as a method: the two indexes below are ones, so that
    `GlossaryIndex(glossary).lookup(query)` and `StoredIndex(path).lookup(query)` work alike."""

    def lookup(self, query: str, limit: int = 5) -> LookupResult:
        return lookup(self, query, limit)


def lookup(index: TermIndex, query: str, limit: int = 5) -> LookupResult:
    """Look `query` up in `index`: as a known form, as a lemma key, as a longer text holding
    terms, else the closest forms (not an exact match)."""
    key = fold(query)
    if found := index.by_form(key):
        return LookupResult(query, True, [Hit(e, key, "form") for e in found])
    from glossary.extraction.morphology import lemma_key
    from glossary.lookup.english_keys import english_key, is_english

    lemma = english_key(query) if is_english(query) else lemma_key(query)
    if found := index.by_lemma(lemma):
        return LookupResult(query, True, [Hit(e, lemma, "lemma") for e in found])
    if len(key.split()) > 1:  # a longer query may hold terms: «в рамках ЕАЭС» holds ЕАЭС
        inside = Scanner(index, preload=False).scan(query)
        if inside:
            return LookupResult(query, False, contains=[Hit(m.entry, m.text, m.how) for m in inside])
    near = closest(key, index.forms(key[:1]), limit * 3) or closest(key, index.forms(None), limit * 3)
    hits = [Hit(e, form, "fuzzy", score) for form, score in near for e in index.by_form(form)]
    return LookupResult(query, False, _distinct(hits)[:limit])


class GlossaryIndex(Lookup):
    """An in-memory `TermIndex` over a glossary, for library use."""

    def __init__(self, glossary: Glossary) -> None:
        self.entries = glossary.entries
        self._form_entries: dict[str, list[int]] = {}
        self._lemma_entries: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            forms, lemmas = index_keys(entry)
            for key in forms:
                self._form_entries.setdefault(key, []).append(i)
            for key in lemmas:
                self._lemma_entries.setdefault(key, []).append(i)
        self._by_initial: dict[str, list[str]] = {}
        for key in self._form_entries:
            self._by_initial.setdefault(key[:1], []).append(key)

    def by_form(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self._form_entries.get(key, [])]

    def by_lemma(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self._lemma_entries.get(key, [])]

    def forms(self, initial: str | None = None) -> list[str]:
        return list(self._form_entries) if initial is None else self._by_initial.get(initial, [])

    def lemmas(self) -> list[str]:
        return list(self._lemma_entries)


def closest(key: str, choices: list[str], limit: int) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz, process

    found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_CUTOFF)
    return [(choice, score) for choice, score, _ in found]


# --- the persistent index used by the CLI ---


def index_path(glossary_file: Path) -> Path:
    digest = hashlib.sha1(str(glossary_file.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_home() / "glossary-index" / f"{digest}.sqlite3"


def _stamp(glossary_file: Path) -> str:
    stat = glossary_file.stat()
    return f"{INDEX_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"


def build_index(glossary_file: Path, entries: Iterable[Entry] | None = None) -> Path:
    """Write the SQLite index of a glossary file and return its path.

    Entries are streamed from the file (or taken from `entries`) into a temporary database
    that replaces the index atomically, so concurrent lookups see the old index or the new
    one, never a part.
    """
    from glossary.formats import iter_glossary

    stamp = _stamp(glossary_file)
    target = index_path(glossary_file)
    with atomic_path(target) as partial:
        db = sqlite3.connect(partial)
        try:
            db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE meta (stamp TEXT);"
                "CREATE TABLE entry (id INTEGER PRIMARY KEY, data TEXT);"
                "CREATE TABLE form (key TEXT, entry INTEGER);"
                "CREATE TABLE lemma (key TEXT, entry INTEGER);"
            )
            db.execute("INSERT INTO meta VALUES (?)", (stamp,))
            for i, entry in enumerate(entries if entries is not None else iter_glossary(glossary_file)):
                db.execute("INSERT INTO entry VALUES (?, ?)", (i, json.dumps(entry_to_dict(entry), ensure_ascii=False)))
                forms, lemmas = index_keys(entry)
                db.executemany("INSERT INTO form VALUES (?, ?)", [(k, i) for k in forms])
                db.executemany("INSERT INTO lemma VALUES (?, ?)", [(k, i) for k in lemmas])
            db.execute("CREATE INDEX form_key ON form (key)")
            db.execute("CREATE INDEX lemma_key ON lemma (key)")
            db.commit()
        finally:
            db.close()
    return target


def _open_current(path: Path, stamp: str) -> sqlite3.Connection | None:
    """The index at `path` if it is complete and made from this version of the file, else None.
    A corrupt index is derived data: it is simply rebuilt."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = db.execute("SELECT stamp FROM meta").fetchone()
        db.execute("SELECT 1 FROM entry, form, lemma LIMIT 1").fetchall()
        if row is not None and row[0] == stamp:
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


class StoredIndex(Lookup):
    """A `TermIndex` in the SQLite index of a glossary file, rebuilt when the file changes."""

    def __init__(self, glossary_file: Path) -> None:
        path = index_path(glossary_file)
        stamp = _stamp(glossary_file)
        db = _open_current(path, stamp)
        if db is None:
            build_index(glossary_file)
            db = _open_current(path, stamp)
        if db is None:  # the file changed again while we indexed it, or the cache is unusable
            raise GlossaryError(f"{glossary_file}: changed while it was being indexed; try again")
        self.db = db

    def _entries(self, table: str, key: str) -> list[Entry]:
        rows = self.db.execute(
            f"SELECT e.data FROM {table} t JOIN entry e ON e.id = t.entry WHERE t.key = ? ORDER BY e.id", (key,)
        ).fetchall()
        return [entry_from_dict(json.loads(data)) for (data,) in rows]

    def by_form(self, key: str) -> list[Entry]:
        return self._entries("form", key)

    def by_lemma(self, key: str) -> list[Entry]:
        return self._entries("lemma", key)

    def forms(self, initial: str | None = None) -> list[str]:
        if initial is None:
            rows = self.db.execute("SELECT DISTINCT key FROM form")
        else:  # a range scan on the key index
            rows = self.db.execute("SELECT DISTINCT key FROM form WHERE key >= ? AND key < ?", (initial, initial + "\uffff"))
        return [key for (key,) in rows]

    def lemmas(self) -> list[str]:
        return [key for (key,) in self.db.execute("SELECT DISTINCT key FROM lemma")]


def _distinct(hits: list[Hit]) -> list[Hit]:
    """One hit per entry, the best-scoring first (hits arrive best first)."""
    seen: set[str] = set()
    distinct = []
    for hit in hits:
        if hit.entry.id not in seen:
            seen.add(hit.entry.id)
            distinct.append(hit)
    return distinct
