"""A persistent cache of machine translations, keyed by (normalised source, model label).

SQLite in WAL mode: each batch is committed as it finishes, so a build that is killed
midway resumes from what was stored. The default file is
`$XDG_CACHE_HOME/diplotm/translations.sqlite3` (`TM_CACHE` overrides it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Iterable

from tm.normalize import normalize_segment


def default_cache_path() -> Path:
    if override := os.environ.get("TM_CACHE"):
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "diplotm" / "translations.sqlite3"


class TranslationCache:
    def __init__(self, path: Path | None) -> None:
        """`path=None` keeps the cache in memory (nothing persists)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS translation ("
            " model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
            " PRIMARY KEY (model, source))"
        )

    def lookup(self, model: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations for those sources that have one, keyed by the source as given."""
        found: dict[str, str] = {}
        keys = {normalize_segment(s): s for s in sources}
        items = list(keys.items())
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            rows = self._db.execute(
                f"SELECT source, target FROM translation WHERE model = ? AND source IN ({','.join('?' * len(chunk))})",
                [model, *(k for k, _ in chunk)],
            )
            for key, target in rows:
                found[keys[key]] = target
        return found

    def store(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO translation (model, source, target) VALUES (?, ?, ?)",
            [(model, normalize_segment(s), t) for s, t in pairs],
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()
