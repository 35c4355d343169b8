"""Finding a term from any inflected form or spelling, in Russian or English.

A query is tried, in order, as
1. a known form: any term or inflected variant seen, in either language, folded (case, ё);
2. a lemma key: the dictionary forms of its words, so unseen inflections match too
   («стратегическим партнерством» → стратегическое партнерство);
3. closest entries (rapidfuzz), reported as not an exact match. Keys that share the query's
   first letter are searched first (typos rarely hit it, and it is a thirtieth of the keys);
   all keys only when that finds nothing.

The index is built once per glossary file and kept in SQLite under the cache folder, keyed by
the file's path, size and modification time; a lookup from the command line reads only the
rows it needs and loads pymorphy3 only when the query is not a known form.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from glossary.model import Context, Entry, Glossary, Term
from glossary.morphology import fold

FUZZY_CUTOFF = 70.0
INDEX_VERSION = "1"


@dataclass
class Hit:
    entry: Entry
    matched: str  # the form the query matched
    how: str  # form | lemma | fuzzy
    score: float = 100.0


@dataclass
class LookupResult:
    query: str
    exact: bool
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "exact": self.exact,
            "hits": [{"matched": h.matched, "how": h.how, "score": round(h.score, 1), "entry": entry_to_dict(h.entry)} for h in self.hits],
        }


def entry_to_dict(entry: Entry) -> dict[str, object]:
    return asdict(entry)


def entry_from_dict(data: dict) -> Entry:  # type: ignore[type-arg]
    return Entry(
        id=data["id"],
        terms=[Term(**t) for t in data["terms"]],
        frequency=data["frequency"],
        score=data["score"],
        contexts=[Context(**c) for c in data["contexts"]],
        sources=[tuple(s) for s in data["sources"]],  # type: ignore[misc]
    )


def index_keys(entry: Entry) -> tuple[set[str], set[str]]:
    """(folded forms, lemma keys) under which an entry is found."""
    from glossary.morphology import lemma_key

    forms: set[str] = set()
    lemmas: set[str] = set()
    for term in entry.terms:
        forms.add(fold(term.text))
        forms.update(fold(v) for v in term.variants)
        if term.lang == "ru":
            lemmas.add(lemma_key(term.text))
            lemmas.update(lemma_key(v) for v in term.variants)
    return forms, lemmas


class _Lookup:
    """The three steps of a lookup, over any storage that can answer three questions."""

    def _by_form(self, key: str) -> list[Entry]:
        raise NotImplementedError

    def _by_lemma(self, key: str) -> list[Entry]:
        raise NotImplementedError

    def _forms(self, initial: str | None) -> list[str]:
        """Known forms; only those starting with `initial` when it is given."""
        raise NotImplementedError

    def lookup(self, query: str, limit: int = 5) -> LookupResult:
        key = fold(query)
        if found := self._by_form(key):
            return LookupResult(query, True, [Hit(e, key, "form") for e in found])
        from glossary.morphology import lemma_key

        lemma = lemma_key(query)
        if found := self._by_lemma(lemma):
            return LookupResult(query, True, [Hit(e, lemma, "lemma") for e in found])
        near = closest(key, self._forms(key[:1]), limit * 3) or closest(key, self._forms(None), limit * 3)
        hits = [Hit(e, form, "fuzzy", score) for form, score in near for e in self._by_form(form)]
        return LookupResult(query, False, _distinct(hits)[:limit])


class GlossaryIndex(_Lookup):
    """An in-memory index over a glossary, for library use and for building the SQLite index."""

    def __init__(self, glossary: Glossary) -> None:
        self.entries = glossary.entries
        self.forms: dict[str, list[int]] = {}
        self.lemmas: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            forms, lemmas = index_keys(entry)
            for key in forms:
                self.forms.setdefault(key, []).append(i)
            for key in lemmas:
                self.lemmas.setdefault(key, []).append(i)
        self._by_initial: dict[str, list[str]] = {}
        for key in self.forms:
            self._by_initial.setdefault(key[:1], []).append(key)

    def _by_form(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self.forms.get(key, [])]

    def _by_lemma(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self.lemmas.get(key, [])]

    def _forms(self, initial: str | None) -> list[str]:
        return list(self.forms) if initial is None else self._by_initial.get(initial, [])


def closest(key: str, choices: list[str], limit: int) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz, process

    found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_CUTOFF)
    return [(choice, score) for choice, score, _ in found]


# --- the persistent index used by the CLI ---


def index_path(glossary_file: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "diplotm" / "glossary-index"
    digest = hashlib.sha1(str(glossary_file.resolve()).encode("utf-8")).hexdigest()[:16]
    return base / f"{digest}.sqlite3"


def _stamp(glossary_file: Path) -> str:
    stat = glossary_file.stat()
    return f"{INDEX_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"


def build_index(glossary_file: Path, glossary: Glossary | None = None) -> Path:
    """Write the SQLite index of a glossary file (atomically) and return its path."""
    from glossary.formats import read_glossary

    glossary = glossary or read_glossary(glossary_file)
    target = index_path(glossary_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript(
        "CREATE TABLE meta (stamp TEXT);"
        "CREATE TABLE entry (id INTEGER PRIMARY KEY, data TEXT);"
        "CREATE TABLE form (key TEXT, entry INTEGER);"
        "CREATE TABLE lemma (key TEXT, entry INTEGER);"
    )
    db.execute("INSERT INTO meta VALUES (?)", (_stamp(glossary_file),))
    for i, entry in enumerate(glossary.entries):
        db.execute("INSERT INTO entry VALUES (?, ?)", (i, json.dumps(entry_to_dict(entry), ensure_ascii=False)))
        forms, lemmas = index_keys(entry)
        db.executemany("INSERT INTO form VALUES (?, ?)", [(k, i) for k in forms])
        db.executemany("INSERT INTO lemma VALUES (?, ?)", [(k, i) for k in lemmas])
    db.execute("CREATE INDEX form_key ON form (key)")
    db.execute("CREATE INDEX lemma_key ON lemma (key)")
    db.commit()
    db.close()
    os.replace(partial, target)
    return target


class StoredIndex(_Lookup):
    """Lookups against the SQLite index of a glossary file, rebuilt when the file changes."""

    def __init__(self, glossary_file: Path) -> None:
        path = index_path(glossary_file)
        db = sqlite3.connect(path) if path.exists() else None
        if db is None or db.execute("SELECT stamp FROM meta").fetchone()[0] != _stamp(glossary_file):
            if db is not None:
                db.close()
            build_index(glossary_file)
            db = sqlite3.connect(path)
        self.db = db

    def _entries(self, table: str, key: str) -> list[Entry]:
        rows = self.db.execute(
            f"SELECT e.data FROM {table} t JOIN entry e ON e.id = t.entry WHERE t.key = ? ORDER BY e.id", (key,)
        ).fetchall()
        return [entry_from_dict(json.loads(data)) for (data,) in rows]

    def _by_form(self, key: str) -> list[Entry]:
        return self._entries("form", key)

    def _by_lemma(self, key: str) -> list[Entry]:
        return self._entries("lemma", key)

    def _forms(self, initial: str | None) -> list[str]:
        if initial is None:
            rows = self.db.execute("SELECT DISTINCT key FROM form")
        else:  # a range scan on the key index
            rows = self.db.execute("SELECT DISTINCT key FROM form WHERE key >= ? AND key < ?", (initial, initial + "\uffff"))
        return [key for (key,) in rows]


def _distinct(hits: list[Hit]) -> list[Hit]:
    """One hit per entry, the best-scoring first (hits arrive best first)."""
    seen: set[str] = set()
    return [h for h in hits if not (h.entry.id in seen or seen.add(h.entry.id))]
