"""tm.mt.cache: which files the translation cache may touch (issue 14, item 6)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tm.core.errors import OutputError, UsageError
from tm.mt.cache import APPLICATION_ID, SCHEMA_VERSION, TranslationCache, open_cache


def _header(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return int.from_bytes(data[68:72], "big"), int.from_bytes(data[60:64], "big")


def test_nothing_is_touched_before_first_use_and_a_new_cache_is_stamped(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite3"
    cache = TranslationCache(path)
    assert not (tmp_path / "sub").exists()
    cache.store("m", [("Привет.", "Hello.")])
    assert cache.lookup("m", ["Привет."]) == {"Привет.": "Hello."}
    cache.close()
    assert _header(path) == (APPLICATION_ID, SCHEMA_VERSION)
    again = TranslationCache(path)
    assert again.lookup("m", ["Привет."]) == {"Привет.": "Hello."} and again.warnings == []
    again.close()


def test_a_foreign_database_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(OutputError, match=r"app.db: not a translation cache \(an SQLite database without the cache's table\)"):
        TranslationCache(path, label="--cache").open()
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["app.db"]


def test_a_stamped_cache_of_another_schema_version_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    TranslationCache(path).store("m", [("a", "b")])
    data = path.read_bytes()
    path.write_bytes(data[:60] + (SCHEMA_VERSION + 1).to_bytes(4, "big") + data[64:])
    cache = TranslationCache(path)
    assert cache.lookup("m", ["a"]) == {}
    assert len(cache.warnings) == 1 and "moved it to c.sqlite3.corrupt-" in cache.warnings[0]
    assert _header(path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_garbage_is_moved_aside_only_at_the_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TM_CACHE", raising=False)
    default = tmp_path / "xdg" / "diplotm" / "translations.sqlite3"
    default.parent.mkdir(parents=True)
    default.write_bytes(b"garbage" * 100)
    cache = open_cache(None)
    assert cache.path == default and cache.by_location
    assert cache.lookup("m", ["a"]) == {} and "moved it to translations.sqlite3.corrupt-" in cache.warnings[0]
    (tmp_path / "mine").write_bytes(b"garbage" * 100)
    monkeypatch.setenv("TM_CACHE", str(tmp_path / "mine"))
    with pytest.raises(OutputError, match=r"^TM_CACHE=.*mine: not a translation cache \(not an SQLite file\)"):
        open_cache(None).open()
    assert (tmp_path / "mine").read_bytes() == b"garbage" * 100


def test_an_empty_cache_option_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--no-cache"):
        open_cache("")
    assert open_cache("", no_cache=True).path is None
