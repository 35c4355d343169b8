"""A persistent cache of machine translations.

Keyed by (normalised source sentence, translator cache key). The cache key names the model
and version and every decoding setting that changes the output (beam size, length penalty,
decoding length limit, compute type, device), so changing one never reuses stale output.

SQLite in WAL mode with a busy timeout: each batch is committed as it finishes, so a killed
build resumes from what was stored, and parallel builds can share one file. The file is
derived data: one that is not a readable cache (garbage, truncated, another schema, a
folder) is moved aside as `NAME.corrupt-YYYYMMDDThhmmss` with a warning, and a new one is
started. The default file is `$XDG_CACHE_HOME/diplotm/translations.sqlite3`, `TM_CACHE`
overrides it.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from tm.normalize import normalize_segment
from tm.paths import cache_home

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS translation ("
    " model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
    " PRIMARY KEY (model, source))"
)
COLUMNS = ["model", "source", "target"]
BUSY_TIMEOUT_SECONDS = 60


def default_cache_path() -> Path:
    if override := os.environ.get("TM_CACHE"):
        return Path(override)
    return cache_home() / "translations.sqlite3"


class TranslationCache:
    """`path=None` keeps the cache in memory (nothing persists).

    `warn` receives one-line warnings (a corrupt cache moved aside); by default they are
    collected in `warnings`.
    """

    def __init__(self, path: Path | None, warn: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self._warn = warn or self.warnings.append
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return _connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(str(self.path))
        except (sqlite3.DatabaseError, OSError) as exc:
            return self._recover(exc)

    def _recover(self, exc: BaseException) -> sqlite3.Connection:
        """Move an unreadable cache aside and start a new one; without a usable place, keep
        the cache in memory for this run."""
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{datetime.now():%Y%m%dT%H%M%S}")
        try:
            if not _is_corrupt(exc, self.path):
                raise exc
            if self.path.exists() or self.path.is_symlink():
                os.replace(self.path, aside)
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._warn(f"warning: translation cache {self.path} was unreadable ({exc}); moved it to {aside.name} and started a new one")
            return _connect(str(self.path))
        except (sqlite3.DatabaseError, OSError) as again:
            self._warn(f"warning: translation cache {self.path} cannot be used ({again}); translating without it")
            self.path = None
            return _connect(":memory:")

    def lookup(self, model: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations for those sources that have one, keyed by the source as given."""
        keys = {normalize_segment(s): s for s in sources}
        try:
            return self._lookup(model, keys)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            self._db = self._recover(exc)
            return {}

    def _lookup(self, model: str, keys: dict[str, str]) -> dict[str, str]:
        found: dict[str, str] = {}
        items = list(keys)
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            rows = self._db.execute(
                f"SELECT source, target FROM translation WHERE model = ? AND source IN ({','.join('?' * len(chunk))})",
                [model, *chunk],
            )
            for key, target in rows:
                found[keys[key]] = target
        return found

    def store(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [(model, normalize_segment(s), t) for s, t in pairs]
        try:
            self._store(rows)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            self._db = self._recover(exc)
            self._store(rows)

    def _store(self, rows: list[tuple[str, str, str]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO translation (model, source, target) VALUES (?, ?, ?)", rows)
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def _is_corrupt(exc: BaseException, path: Path) -> bool:
    """Whether the file itself is bad, rather than busy, read-only or out of space."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # our own schema check, or an OSError
        return isinstance(exc, sqlite3.DatabaseError) or path.is_dir()
    return code in _CORRUPT_CODES or path.is_dir()


_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB} if hasattr(sqlite3, "SQLITE_CORRUPT") else {11, 26}


def _connect(name: str) -> sqlite3.Connection:
    """Open a cache and check it is one: raises sqlite3.DatabaseError if not."""
    db = sqlite3.connect(name, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
        columns = [row[1] for row in db.execute("PRAGMA table_info(translation)")]
        if columns != COLUMNS:
            raise sqlite3.DatabaseError(f"not a translation cache (columns {', '.join(columns)})")
        db.execute("SELECT count(*) FROM (SELECT 1 FROM translation LIMIT 1)").fetchone()
    except BaseException:
        db.close()
        raise
    return db
