"""A persistent cache of machine translations.

Keyed by (normalised source sentence, translator cache key). The cache key names the model
and version and every decoding setting that changes the output (beam size, length penalty,
decoding length limit, compute type, device), so changing one never reuses stale output.
With `--glossary` the key ends in the glossary's content hash (tm/mt/signature.py), and
what the glossary did to each sentence (`x-terms`: ok, forced, missing) is kept beside its
translation, under the key followed by OUTCOME_SUFFIX, in the same table: a memory rebuilt
from the cache says `forced` where the first build forced a term.

SQLite in WAL mode with a busy timeout: each batch is committed as it finishes, so a killed
build resumes from what was stored, and parallel builds can share one file.

The file is derived data, but the path can be anything a user types, so only a file that
is recognisably ours is ever changed or moved aside. Ours means stamped: SQLite's
`application_id` (header bytes 68–71, which survive most damage to the rest of the file)
is APPLICATION_ID and `user_version` is SCHEMA_VERSION. A cache from before the stamp is
ours if its schema is exactly ours (the one `translation` table, its columns); it is stamped
on first use. An empty (0-byte) file or a missing one becomes a new cache.

- Ours but unreadable (truncated, garbage after the header, another schema version): moved
  aside as `NAME.corrupt-YYYYMMDDThhmmss` with a one-line warning, and a new one started.
- Anything else is refused (OutputError, exit 5) and left as it is: a folder, a device, a
  non-SQLite file (a document), another program's SQLite database (no table added, no
  switch to WAL).
- The default file, `$XDG_CACHE_HOME/diplotm/translations.sqlite3`, is ours by where it
  is: a garbage file there is moved aside with a warning. `TM_CACHE` overrides the path,
  `--cache` the variable; both are the user's paths and follow the rule above.

The file is opened when first used, so a command can check the path against its inputs and
outputs first (`tm.core.atomic.check_outputs`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import urllib.parse
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from tm.core.display import shown_name
from tm.core.errors import OutputError, UsageError
from tm.core.paths import cache_home
from tm.language.normalize import normalize_segment

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS translation ("
    " model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
    " PRIMARY KEY (model, source))"
)
COLUMNS = ["model", "source", "target"]
APPLICATION_ID = 0x64544D43  # "dTMC": diplotm translation memory cache
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 60
ENV = "TM_CACHE"
DEFAULT_NAME = "translations.sqlite3"
OUTCOME_SUFFIX = "|x-terms"  # cache key + this: a sentence's glossary outcome, not its translation
_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100

# What a look at the file found: a new cache, ours, ours from before the stamp, or one to
# move aside (ours, or anything at the default location, that cannot be used).
_NEW, _OURS, _UNSTAMPED, _ASIDE = "new", "ours", "unstamped", "aside"


def default_cache_path() -> Path:
    if override := os.environ.get(ENV):
        return Path(override)
    return cache_home() / DEFAULT_NAME


def open_cache(
    option: str | None, no_cache: bool = False, warn: Callable[[str], None] | None = None, has_no_cache: bool = True
) -> TranslationCache:
    """The cache a command's options ask for: none with --no-cache, else `--cache`, else
    `TM_CACHE`, else the default. `--cache ''` is a usage error, not the current folder."""
    if no_cache:
        return TranslationCache(None, warn)
    if option is not None:
        if option == "":
            other = ", or --no-cache to translate without one" if has_no_cache else ""
            raise UsageError(f"--cache '': an empty path names no cache file; give a file name{other}")
        return TranslationCache(Path(option), warn, label="--cache")
    return TranslationCache(default_cache_path(), warn)  # labelled TM_CACHE when it comes from there


class TranslationCache:
    """`path=None` keeps the cache in memory (nothing persists).

    `warn` receives one-line warnings (a corrupt cache moved aside); by default they are
    collected in `warnings`. `label` says how the path was given (`--cache`, `TM_CACHE`),
    for messages. Nothing is read or written before `open` or the first lookup or store.
    """

    def __init__(self, path: Path | None, warn: Callable[[str], None] | None = None, label: str | None = None) -> None:
        self.path = path
        if label is None and path is not None and os.environ.get(ENV) and Path(os.environ[ENV]) == path:
            label = ENV  # default_cache_path() gave the variable's path
        self.label = label
        self.warnings: list[str] = []
        self._warn = warn or self.warnings.append
        self._db: sqlite3.Connection | None = None

    @property
    def by_location(self) -> bool:
        """Whether the file is ours by where it is: in diplotm's own cache folder."""
        if self.path is None:
            return False
        try:
            return os.path.realpath(self.path.parent) == os.path.realpath(cache_home())
        except (OSError, ValueError):
            return False

    def open(self) -> None:
        """Open the cache now: an OutputError if the file is not one (see the module)."""
        if self._db is None:
            self._db = self._open()

    @property
    def db(self) -> sqlite3.Connection:
        self.open()
        assert self._db is not None
        return self._db

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return _connect(":memory:", stamp=True)
        verdict, reason = self._inspect(self.path)
        if verdict == _ASIDE:
            return self._recover(reason)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(str(self.path), stamp=verdict != _OURS)
        except (sqlite3.DatabaseError, OSError) as exc:
            return self._recover(exc)

    def _inspect(self, path: Path) -> tuple[str, str]:
        """What the file at `path` is; raises OutputError for one that is not ours."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return _NEW, ""
        except (OSError, ValueError) as exc:
            raise OutputError(f"{self._named()}: cannot be looked at ({getattr(exc, 'strerror', None) or exc})") from None
        if stat.S_ISDIR(info.st_mode):
            self._refuse("is a folder")
        if not stat.S_ISREG(info.st_mode):
            self._refuse("not a regular file (a device, FIFO or socket)")
        if info.st_size == 0:
            return _NEW, ""
        try:
            with open(path, "rb") as handle:
                header = handle.read(_HEADER_SIZE)
        except OSError as exc:
            raise OutputError(f"{self._named()}: cannot be read ({exc.strerror or exc})") from None
        if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
            return self._not_ours("not an SQLite file")
        application_id = int.from_bytes(header[68:72], "big")
        user_version = int.from_bytes(header[60:64], "big")
        if application_id == APPLICATION_ID:
            if user_version == SCHEMA_VERSION:
                return _OURS, ""
            return _ASIDE, f"schema version {user_version}, not {SCHEMA_VERSION}"
        if application_id == 0 and _has_our_schema(path):
            return _UNSTAMPED, ""
        if application_id:
            return self._not_ours(f"another program's SQLite database, application id {application_id:#x}")
        return self._not_ours("an SQLite database without the cache's table")

    def _not_ours(self, reason: str) -> tuple[str, str]:
        if self.by_location:
            return _ASIDE, reason
        self._refuse(reason)
        raise AssertionError  # unreachable: _refuse raises

    def _refuse(self, reason: str) -> None:
        raise OutputError(f"{self._named()}: not a translation cache ({reason}); left as it is: give another file name")

    def _named(self) -> str:
        assert self.path is not None
        name = shown_name(self.path)
        if self.label is None:
            return f"translation cache {name}"
        return f"{self.label}={name}" if self.label.isupper() else f"{self.label} {name}"

    def _recover(self, problem: BaseException | str) -> sqlite3.Connection:
        """Move an unusable cache of ours aside and start a new one; without a usable place,
        keep the cache in memory for this run."""
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{datetime.now():%Y%m%dT%H%M%S}")
        try:
            if not isinstance(problem, str) and not _is_corrupt(problem):
                raise problem
            if os.path.lexists(self.path):
                os.replace(self.path, aside)
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._warn(f"warning: {self._named()} was unreadable ({problem}); moved it to {aside.name} and started a new one")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(str(self.path), stamp=True)
        except (sqlite3.DatabaseError, OSError) as again:
            self._warn(f"warning: {self._named()} cannot be used ({again}); translating without it")
            self.path = None
            return _connect(":memory:", stamp=True)

    def lookup(self, model: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations for those sources that have one, keyed by the source as given."""
        keys = {normalize_segment(s): s for s in sources}
        db = self.db
        try:
            return _lookup(db, model, keys)
        except sqlite3.DatabaseError as exc:
            db.close()
            self._db = self._recover(exc)
            return {}

    def store(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [(model, normalize_segment(s), t) for s, t in pairs]
        db = self.db
        try:
            _store(db, rows)
        except sqlite3.DatabaseError as exc:
            db.close()
            self._db = self._recover(exc)
            _store(self._db, rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _lookup(db: sqlite3.Connection, model: str, keys: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    items = list(keys)
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        rows = db.execute(
            f"SELECT source, target FROM translation WHERE model = ? AND source IN ({','.join('?' * len(chunk))})",
            [model, *chunk],
        )
        for key, target in rows:
            found[keys[key]] = target
    return found


def _store(db: sqlite3.Connection, rows: list[tuple[str, str, str]]) -> None:
    db.executemany("INSERT OR REPLACE INTO translation (model, source, target) VALUES (?, ?, ?)", rows)
    db.commit()


def _is_corrupt(exc: BaseException) -> bool:
    """Whether the file itself is bad, rather than busy, read-only or out of space."""
    if isinstance(exc, OSError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # our own check after opening
        return isinstance(exc, sqlite3.DatabaseError)
    return code in _CORRUPT_CODES


_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB} if hasattr(sqlite3, "SQLITE_CORRUPT") else {11, 26}


def _has_our_schema(path: Path) -> bool:
    """Whether an unstamped SQLite file has exactly the cache's schema (a cache written
    before the stamp). Read without changing anything: `immutable`, unless a write-ahead
    log is there to be read (`mode=ro`)."""
    mode = "mode=ro" if os.path.exists(f"{path}-wal") else "immutable=1"
    uri = f"file:{urllib.parse.quote(os.fsencode(os.path.abspath(path)))}?{mode}"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            rows = db.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
            columns = [row[1] for row in db.execute("PRAGMA table_info(translation)")]
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return _page_one_has_our_schema(path)  # damaged further on: the schema is on page 1
    except sqlite3.Error:
        return False
    ours = all(
        (kind, name) == ("table", "translation")
        or (kind == "index" and table == "translation" and name.startswith("sqlite_autoindex_translation_"))
        for kind, name, table in rows
    )
    return ours and columns == COLUMNS


# The table as caches before the stamp declared it, as SQLite keeps it in sqlite_master.
_OUR_TABLE_SQL = re.compile(
    rb"CREATE TABLE translation\s*\(\s*model TEXT NOT NULL,\s*source TEXT NOT NULL,\s*"
    rb"target TEXT NOT NULL,\s*PRIMARY KEY\s*\(model,\s*source\)\s*\)"
)


def _page_one_has_our_schema(path: Path) -> bool:
    """For an unstamped file SQLite cannot read (truncated, say): whether its first page,
    which holds the schema, declares our table and nothing else."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(_HEADER_SIZE)
            size = int.from_bytes(header[16:18], "big")
            page = header + handle.read((65536 if size == 1 else size) - _HEADER_SIZE)
    except OSError:
        return False
    return page.count(b"CREATE ") == 1 and _OUR_TABLE_SQL.search(page) is not None


def _connect(name: str, stamp: bool) -> sqlite3.Connection:
    """Open a cache and check it is one (raises sqlite3.DatabaseError if not). `stamp`: a
    new cache, or one from before the stamp: write the stamp and the table in one
    transaction, so a parallel run never sees a database that is half ours."""
    db = sqlite3.connect(name, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        if stamp:
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute(SCHEMA)
            db.commit()
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise sqlite3.DatabaseError("not a translation cache (no stamp)")
        db.execute("PRAGMA journal_mode=WAL")
        columns = [row[1] for row in db.execute("PRAGMA table_info(translation)")]
        if columns != COLUMNS:
            raise sqlite3.DatabaseError(f"not a translation cache (columns {', '.join(columns)})")
        db.execute("SELECT count(*) FROM (SELECT 1 FROM translation LIMIT 1)").fetchone()
    except BaseException:
        db.close()
        raise
    return db
