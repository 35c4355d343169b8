"""A persistent index of a TMX file for `tm search` and `tm concord`, kept in the cache.

Without an index both commands read and score every unit of every memory on every run
(tm/memory/search.py, tm/memory/concordance.py: the oracle, still reachable with
`--no-index`). With it a query only reads the units it could match.

Where: `$XDG_CACHE_HOME/diplotm/tm-index/<sha256 of the resolved path and source language>.sqlite3`,
one file per TMX. The file records the TMX's fingerprint (size, mtime_ns, inode and the
sha256 of its bytes); a TMX whose stat differs is hashed again, and one whose bytes differ
rebuilds the index. The stat alone is trusted only when the TMX was last modified well before
the index checked it (git's "racy" rule), so a file rewritten within one timestamp tick is
still hashed. An index is built into a temporary file beside it and renamed into place
(tm/core/atomic.py), so no process ever opens half an index; two builders leave the last
complete one. A corrupt, foreign or older-schema file is rebuilt silently. An index folder
that cannot be written is a warning, and the command scans the TMX as without an index.

What (SQLite):

- `units`: every unit in file order (its id is its position), with its source, target,
  origin, document, tuid and its stemmed words (`tokens_stem`, joined by spaces);
- `postings`: key → the ids of the units that have it, as a blob of int32. Kind `s`: the
  stems of the search score, one id per occurrence; kinds `r`/`e` (concordance, added to the
  file on the first `tm concord`, in one transaction): a Russian word's lemma keys
  (`russian_keys`), an English word's key (`english_key`), one id per unit;
- `meta`: the schema, fingerprint and unit count; `arrays`: each unit's number of stems.

Search: OmegaT's `score` is 100·(L − distance)//L, L the longer stem list, and L − distance
is at most the number of stems the two lists share, so 100·shared//L bounds the score of
every unit that shares a stem with the query (counted from the `s` postings with numpy).
Units are rescored exactly, by brute force's own scoring (`search._Query.scores`, given the
stem score computed from the stored stems) in order of that bound, until the next bound falls
below the `top`-th best score or `MAX_RESCORE` units were scored; the rescored units then go
through the brute-force ranking itself (`search._Query.offer_scored`), so ties, duplicates and the order across memories are as
brute force has them. Results differ from brute force only when more than `MAX_RESCORE`
units tie at the bound of the `top`-th score, or for matches that share no stem with the
query (a `score` of 0, kept only for their other two scores): when fewer than `top` were
found, those are found by scanning the memory's units if it has at most `SCAN_UNITS` of them,
or if the query has no stemmed word at all (only stop words and numbers: slow, and rare).

Concordance is exact: a unit can only match a phrase if it has, for each word of the
phrase, a word sharing one of its keys, so the candidates are the intersection over the
words of the union of their keys' postings; each is then checked with
`concordance._Query.spans`, in file order, as the scan does. (The issue suggested an FTS5
trigram table; lemma postings answer the same question exactly and more cheaply, since a
trigram match of an inflected form would be re-checked by lemma anyway.)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.core import notices
from tm.core.paths import cache_home
from tm.memory.matching import (
    FUZZY_MATCH_THRESHOLD,
    STOP_WORDS,
    Scores,
    has_digit,
    similarity,
    stem,
    words_of,
)
from tm.memory.tmx import TmxReader

SCHEMA = "1"
MAX_RESCORE = 2000  # units rescored exactly per query and memory, at most
SCAN_UNITS = 50_000  # a memory this small is scanned for the zero-`score` tail
_BATCH = 64
_RACY_NS = 2_000_000_000  # a TMX modified this close to the last check is hashed again
_HASH_CHUNK = 1 << 20

# Counters a test can read: how many indexes this process built, and concordance sections added.
builds = 0
concordance_builds = 0


def index_folder() -> Path:
    """`$XDG_CACHE_HOME/diplotm/tm-index`."""
    return cache_home() / "tm-index"


def index_path(tmx: Path, source_lang: str | None = None) -> Path:
    """The index file of a TMX (by its resolved path and the source language read)."""
    name = f"{Path(tmx).resolve()}\0{source_lang or ''}".encode("utf-8", "surrogateescape")
    return index_folder() / f"{hashlib.sha256(name).hexdigest()[:32]}.sqlite3"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class IndexUnavailable(Exception):
    """The index cannot be written or read here: the caller scans instead."""


# --- tokens ---

_stems: dict[str, str | None] = {}


def _stem_key(word: str) -> str | None:
    """A lowercased word as `tokens_stem` keeps it (None: a stop word or one with a digit)."""
    found = _stems.get(word, "")
    if found == "":
        found = None if word in STOP_WORDS or has_digit(word) else stem(word).replace("&", "")
        if len(_stems) < 1_000_000:
            _stems[word] = found
    return found


def stems_of(text: str) -> list[str]:
    """`matching.tokens_stem(text)`, with a cache of stemmed words (a build stems millions)."""
    return [key for key in map(_stem_key, words_of(text)) if key is not None]


# --- the file ---


@dataclass
class _Fingerprint:
    size: int
    mtime_ns: int
    ino: int
    sha256: str


def _stat(path: Path) -> os.stat_result:
    return os.stat(path)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=600, isolation_level=None)
    conn.execute("PRAGMA query_only=0")
    return conn


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


_CREATE = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units(id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT,
                   document TEXT, tuid TEXT, stems TEXT NOT NULL);
CREATE TABLE postings(kind TEXT NOT NULL, key TEXT NOT NULL, ids BLOB NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;
CREATE TABLE arrays(name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""


def _build(tmx: Path, target: Path, source_lang: str | None, fingerprint: _Fingerprint) -> None:
    """Write a complete index of `tmx` at `target` (a fresh temporary file)."""
    global builds
    reader = TmxReader(tmx, source_lang)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_CREATE)
        conn.execute("BEGIN")
        postings: dict[str, array[int]] = {}
        lengths = array("H")
        rows: list[tuple[Any, ...]] = []
        n = 0
        for n, unit in enumerate(reader):  # noqa: B007 (n is the count after the loop)
            stems = stems_of(unit.source)
            for key in set(stems):
                ids = postings.get(key)
                if ids is None:
                    ids = postings[key] = array("i")
                ids.append(n)
            lengths.append(min(len(stems), 65535))
            rows.append((n, unit.source, unit.target, unit.prop("x-Origin"), unit.prop("x-document"), unit.tuid, " ".join(stems)))
            if len(rows) >= 10_000:
                conn.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?)", rows)
                rows.clear()
        conn.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?)", rows)
        count = len(lengths)
        conn.executemany("INSERT INTO postings VALUES ('s', ?, ?)", ((k, v.tobytes()) for k, v in postings.items()))
        conn.execute("INSERT INTO arrays VALUES ('lengths', ?)", (lengths.tobytes(),))
        meta = {
            "schema": SCHEMA,
            "size": str(fingerprint.size),
            "mtime_ns": str(fingerprint.mtime_ns),
            "ino": str(fingerprint.ino),
            "sha256": fingerprint.sha256,
            "checked_ns": str(time.time_ns()),
            "units": str(count),
            "source_lang": source_lang or "",
            "concordance": "0",
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.execute("COMMIT")
    finally:
        conn.close()
    builds += 1


def _valid(conn: sqlite3.Connection, tmx: Path, info: os.stat_result) -> bool:
    """Whether an open index file is ours, complete, and of this TMX's bytes now."""
    meta = _meta(conn)
    if meta.get("schema") != SCHEMA or "sha256" not in meta:
        return False
    same_stat = (meta["size"], meta["mtime_ns"], meta["ino"]) == (str(info.st_size), str(info.st_mtime_ns), str(info.st_ino))
    if same_stat and int(meta["checked_ns"]) - info.st_mtime_ns > _RACY_NS:
        return True
    if str(info.st_size) != meta["size"] or file_sha256(tmx) != meta["sha256"]:
        return False
    try:  # the bytes are the same: remember the new stat, so the next run need not hash
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "UPDATE meta SET value = ? WHERE key = ?",
            [(str(info.st_mtime_ns), "mtime_ns"), (str(info.st_ino), "ino"), (str(time.time_ns()), "checked_ns")],
        )
        conn.execute("COMMIT")
    except sqlite3.Error:
        pass  # a read-only index serves as well
    return True


class MemoryIndex:
    """The open index of one TMX file, built or rebuilt first when needed."""

    def __init__(self, tmx: Path, source_lang: str | None = None) -> None:
        self.tmx = tmx
        self.memory = str(tmx)
        self.path = index_path(tmx, source_lang)
        self.conn = self._open(source_lang)
        meta = _meta(self.conn)
        self.units = int(meta["units"])
        self._lengths: Any = None

    def _open(self, source_lang: str | None) -> sqlite3.Connection:
        from tm.core.atomic import atomic_path
        from tm.core.errors import TmError

        TmxReader(self.tmx, source_lang)  # a missing or foreign TMX: the scan's own error, first
        info = _stat(self.tmx)
        if self.path.is_file():
            conn: sqlite3.Connection | None = None
            try:
                conn = _connect(self.path)
                if _valid(conn, self.tmx, info):
                    return conn
            except (sqlite3.Error, ValueError, KeyError):
                pass  # corrupt or foreign: rebuilt below
            if conn is not None:
                conn.close()
        fingerprint = _Fingerprint(info.st_size, info.st_mtime_ns, info.st_ino, file_sha256(self.tmx))
        try:
            with atomic_path(self.path) as tmp:
                # SQLite takes the empty locked file as a new database (the lock keeps cleaners off)
                _build(self.tmx, tmp, source_lang, fingerprint)
        except (OSError, sqlite3.Error, TmError) as exc:
            from tm.core.errors import TmxError

            if isinstance(exc, TmxError):
                raise
            message = f"{self.path.parent}: cannot write the search index ({_reason(exc)}); reading every unit"
            raise IndexUnavailable(message) from None
        try:
            return _connect(self.path)
        except sqlite3.Error as exc:
            raise IndexUnavailable(f"{self.path}: cannot open the search index ({exc}); reading every unit") from None

    def close(self) -> None:
        self.conn.close()

    # --- search ---

    def lengths(self) -> Any:
        import numpy as np

        if self._lengths is None:
            (data,) = self.conn.execute("SELECT data FROM arrays WHERE name = 'lengths'").fetchone()
            self._lengths = np.frombuffer(data, dtype=np.uint16).astype(np.int32)
        return self._lengths

    def postings(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT key, ids FROM postings WHERE kind = ? AND key IN ({marks})", (kind, *chunk)))
        return found

    def rows(self, ids: Sequence[int], columns: str = "*") -> Iterator[tuple[Any, ...]]:
        """Units (id, source, target, origin, document, tuid, stems, or the `columns` asked
        for, the id first) in the order of `ids`."""
        for start in range(0, len(ids), 500):
            chunk = [int(i) for i in ids[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            got = {row[0]: row for row in self.conn.execute(f"SELECT {columns} FROM units WHERE id IN ({marks})", chunk)}
            yield from (got[i] for i in chunk)

    def candidates(self, stems: Sequence[str]) -> tuple[Any, Any]:
        """The ids of the units sharing a stem with `stems`, and the bound of their `score`,
        highest bound first (ties in file order)."""
        import numpy as np

        if not stems or not self.units:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        wanted: dict[str, int] = {}
        for key in stems:
            wanted[key] = wanted.get(key, 0) + 1
        blobs = self.postings("s", wanted)
        if not blobs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # Σ q·[unit has the stem] ≥ Σ min(q, times in the unit): a bound on the stems shared
        shared = np.zeros(self.units, dtype=np.int32)
        for key, blob in blobs.items():
            shared[np.frombuffer(blob, dtype=np.int32)] += wanted[key]
        ids = np.flatnonzero(shared)
        bound = 100 * shared[ids] // np.maximum(self.lengths()[ids], len(stems))
        if len(ids) > MAX_RESCORE:
            keep = np.argpartition(-bound, MAX_RESCORE - 1)[:MAX_RESCORE]
            keep.sort()  # file order, for the stable sort below
            ids, bound = ids[keep], bound[keep]
        order = np.argsort(-bound, kind="stable")
        return ids[order], bound[order]


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def open_indexes(memories: Iterable[Path], source_lang: str | None = None) -> list[MemoryIndex] | None:
    """The index of each memory, or None (after one warning) when any cannot be had, for
    the caller to scan instead. A broken TMX raises its TmxError, as the scan would."""
    opened: list[MemoryIndex] = []
    try:
        for path in memories:
            opened.append(MemoryIndex(path, source_lang))
    except IndexUnavailable as exc:
        for index in opened:
            index.close()
        notices.warn(str(exc))
        return None
    except BaseException:
        for index in opened:
            index.close()
        raise
    return opened


# --- queries ---


def search(
    queries: Sequence[str],
    memories: Iterable[Path],
    top: int = 5,
    min_score: int = FUZZY_MATCH_THRESHOLD,
    source_lang: str | None = None,
) -> list[list[Any]]:
    """`tm.memory.search.search` through the indexes (see the module): the same matches,
    best first; it scans when an index cannot be had."""
    from tm.memory import search as brute

    memories = list(memories)
    for attempt in range(2):
        indexes = open_indexes(memories, source_lang)
        if indexes is None:
            break
        try:
            return [_search_one(text, indexes, top, min_score) for text in queries]
        except sqlite3.DatabaseError as exc:
            _damaged(indexes, exc, attempt)
        finally:
            for index in indexes:
                index.close()
    return brute.search(queries, memories, top, min_score, source_lang)


def _damaged(indexes: Sequence[MemoryIndex], exc: sqlite3.DatabaseError, attempt: int) -> None:
    """An index that opened but fails inside (a page damaged): removed, to be rebuilt once."""
    for index in indexes:
        index.close()
        index.path.unlink(missing_ok=True)
    if attempt:
        notices.warn(f"{indexes[0].path.parent}: the search index fails ({exc}); reading every unit")


def _search_one(text: str, indexes: Sequence[MemoryIndex], top: int, min_score: int) -> list[Any]:
    from tm.memory import search as brute

    query = brute._Query(text, top, min_score)
    offset = 0
    for index in indexes:
        for unit_id, scores, row in _rescored(index, query, top, min_score):
            match = brute.Match(scores, row[1], row[2], row[3], row[4], index.memory, row[5])
            query.offer_scored(offset + unit_id, scores, match)
        offset += index.units
    return query.best()


def _rescored(index: MemoryIndex, query: Any, top: int, min_score: int) -> list[tuple[int, Scores, tuple[Any, ...]]]:
    """The units of one memory that can be among the query's `top`, scored exactly, in file
    order (see the module for when this is fewer than brute force would consider)."""
    ids, bound = index.candidates(query.stem)
    best: dict[tuple[str, str], int] = {}  # a distinct pair → its best `score`
    scored: list[tuple[int, Scores, tuple[Any, ...]]] = []
    seen: set[int] = set()

    def kth() -> int:
        """The `top`-th best `score` of the distinct pairs so far: a unit below it cannot enter."""
        return sorted(best.values(), reverse=True)[top - 1] if len(best) >= top else -1

    def rescore(ids: Sequence[int]) -> None:
        seen.update(int(i) for i in ids)
        floor = kth()
        # the stem score first, from the stored stems; the rest only for units that can enter
        stem_scores = {
            row[0]: score
            for row in index.rows(ids, "id, stems")
            if (score := similarity(query.stem, row[1].split(" ") if row[1] else [])) >= floor
        }
        for row in index.rows(list(stem_scores)):
            # brute force's own scoring; the bounds above stay bounds (the numbers cap only lowers)
            scores = query.scores(row[1], stem_scores[row[0]])
            if scores is None:  # does not pass, as brute force keeps them, so `kth` counts only these
                continue
            scored.append((row[0], scores, row))
            pair = (row[1], row[2])
            best[pair] = max(best.get(pair, -1), scores.score)

    position = 0
    while position < len(ids):
        if int(bound[position]) < kth():
            break  # no unit left can reach the top
        batch = ids[position : position + _BATCH]
        position += len(batch)
        rescore(batch)
    if len(best) < top and (index.units <= SCAN_UNITS or not query.stem):
        rescore([i for i in range(index.units) if i not in seen])
    scored.sort(key=lambda item: item[0])
    return scored


def concordance(
    queries: Sequence[str],
    memories: Iterable[Path],
    limit: int = 20,
    source_lang: str | None = None,
    context: int = 40,
) -> list[Any]:
    """`tm.memory.concordance.concordance` through the indexes: the same hits in the same
    order; it scans when an index cannot be had."""
    from tm.memory import concordance as scan

    memories = list(memories)
    for attempt in range(2):
        indexes = open_indexes(memories, source_lang)
        if indexes is None:
            break
        try:
            for index in indexes:
                _ensure_concordance(index)
            pending = [scan._Query(text) for text in queries]
            found = [scan.Found(text) for text in queries]
            for index in indexes:
                for query, result in zip(pending, found, strict=True):
                    _concord_one(index, query, result, limit, context)
            return found
        except IndexUnavailable as exc:
            notices.warn(str(exc))
            break
        except sqlite3.DatabaseError as exc:
            _damaged(indexes, exc, attempt)
        finally:
            for index in indexes:
                index.close()
    return scan.concordance(queries, memories, limit, source_lang, context)


def _concord_one(index: MemoryIndex, query: Any, result: Any, limit: int, context: int) -> None:
    import numpy as np

    from tm.memory import concordance as scan

    if not query.keys:
        return
    kind = "r" if query.russian else "e"
    blobs = index.postings(kind, (key for keys in query.keys for key in keys))
    ids: Any = None
    for keys in query.keys:
        parts = [np.frombuffer(blobs[key], dtype=np.int32) for key in keys if key in blobs]
        word_ids = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
        ids = word_ids if ids is None else np.intersect1d(ids, word_ids, assume_unique=True)
        if not len(ids):
            return
    for row in index.rows(ids.tolist()):
        _, source, target, origin, document, tuid, _ = row
        text = source if query.russian else target
        for start, end in query.spans(list(scan._WORD.finditer(text))):
            result.total += 1
            if len(result.hits) < limit:
                result.hits.append(
                    scan.Hit(
                        query.text,
                        scan._left(text[:start], context),
                        text[start:end],
                        scan._right(text[end:], context),
                        source,
                        target,
                        origin,
                        document,
                        index.memory,
                        tuid,
                        query.side,
                    )
                )


def _ensure_concordance(index: MemoryIndex) -> None:
    """Add the concordance postings to an index that lacks them, in one transaction (a
    second process waits, then finds them there)."""
    global concordance_builds
    from tm.memory.concordance import _WORD, english_key, russian_keys

    conn = index.conn
    if _meta(conn).get("concordance") == "1":
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        if _meta(conn).get("concordance") == "1":
            conn.execute("ROLLBACK")
            return
        ru: dict[str, array[int]] = {}
        en: dict[str, array[int]] = {}
        for unit_id, source, target in conn.execute("SELECT id, source, target FROM units ORDER BY id").fetchall():
            for table, keys in (
                (ru, {key for m in _WORD.finditer(source) for key in russian_keys(m.group())}),
                (en, {english_key(m.group()) for m in _WORD.finditer(target)}),
            ):
                for key in keys:
                    ids = table.get(key)
                    if ids is None:
                        ids = table[key] = array("i")
                    ids.append(unit_id)
        conn.executemany(
            "INSERT OR REPLACE INTO postings VALUES (?, ?, ?)",
            [("r", k, v.tobytes()) for k, v in ru.items()] + [("e", k, v.tobytes()) for k, v in en.items()],
        )
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'concordance'")
        conn.execute("COMMIT")
        concordance_builds += 1
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise IndexUnavailable(f"{index.path}: cannot add to the search index ({exc}); reading every unit") from None
