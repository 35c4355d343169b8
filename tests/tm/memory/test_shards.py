"""`tm build --shard i/n` and `tm merge-memories`: the shards combined equal one run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support import SEEDS
from tests.support.cli import run_cli
from tm.core.errors import TmxError, UsageError
from tm.memory.build import BuildOptions, build_memory
from tm.memory.shards import Shard, merge_memories, parse_shard, read_shard, shard_cache_path
from tm.mt.cache import TranslationCache
from tm.mt.translator import Translator

DATES = re.compile(rb'(creation|change)date="[^"]*"')


def test_shard_option_values() -> None:
    assert parse_shard("2/5") == Shard(2, 5) and str(Shard(2, 5)) == "2/5"
    for bad in ("0/2", "3/2", "1", "a/b", "1/0", "-1/2", ""):
        with pytest.raises(UsageError, match="--shard must be i/n"):
            parse_shard(bad)


def test_each_document_is_in_exactly_one_shard() -> None:
    names = [f"archive/{i:05d}.txt" for i in range(300)]
    shards = [Shard(i, 3) for i in (1, 2, 3)]
    assert all(sum(s.contains(n) for s in shards) == 1 for n in names)
    sizes = [sum(s.contains(n) for n in names) for s in shards]
    assert min(sizes) > 60  # the hash spreads them


def test_shard_cache_file_name() -> None:
    assert shard_cache_path(Path("/c/tm.sqlite3"), Shard(1, 4)) == Path("/c/tm.sqlite3.shard-1-of-4")


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seeds, twice under other names (repeated sentences across shards), named
    relative to the current folder, so the shards do not depend on where the tests run."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "archive"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        shutil.copy(seed, folder / f"copy-{seed.name}")
    return ["archive"]


def test_shards_merged_equal_one_run_except_dates(tmp_path: Path, tiny_package, archive: list[str]) -> None:
    translator = Translator(tiny_package, device="cpu")
    single = tmp_path / "single.tmx"
    build_memory(archive, single, translator, TranslationCache(None), BuildOptions(creation_id="test"))
    parts = []
    for i in (1, 2):
        part = tmp_path / f"part{i}.tmx"
        report = build_memory(
            archive, part, translator, TranslationCache(None), BuildOptions(creation_id="test", shard=Shard(i, 2))
        )
        assert report.documents > 0 and report.shard == f"{i}/2"  # both shards have work
        parts.append(part)
    assert sum(len(read_shard(p).documents) for p in parts) == 10
    merged = tmp_path / "merged.tmx"
    report = merge_memories(parts[::-1], merged)  # the order the shards are given does not matter
    assert report.shards == 2 and report.read > report.written  # the copies' pairs once
    assert DATES.sub(b"", merged.read_bytes()) == DATES.sub(b"", single.read_bytes())


def test_merge_memories_cli_and_its_refusals(tmp_path: Path, tiny_model: Path, archive: list[str]) -> None:
    base = ["-m", str(tiny_model), "--device", "cpu"]
    cache = tmp_path / "cache.sqlite3"
    env = {"TM_CACHE": str(cache), "HOME": str(tmp_path)}
    for i in (1, 2):
        result = run_cli("tm", ["build", *archive, "-o", f"part{i}.tmx", "--shard", f"{i}/2", *base], env=env)
        assert result.returncode == 0, result.stderr
        assert f"shard {i}/2" in result.stdout
        assert shard_cache_path(cache, Shard(i, 2)).exists()  # each shard its own cache file
    assert not cache.exists()
    result = run_cli("tm", ["merge-memories", "part1.tmx", "part2.tmx", "-o", "all.tmx"])
    assert result.returncode == 0 and "units from 2 shards" in result.stdout, result.stderr
    missing = run_cli("tm", ["merge-memories", "part1.tmx", "-o", "one.tmx"])
    assert missing.returncode == 2 and "shard 2/2 missing" in missing.stderr and missing.stderr.count("\n") == 1
    twice = run_cli("tm", ["merge-memories", "part1.tmx", "part1.tmx", "-o", "one.tmx"])
    assert twice.returncode == 2 and "are both shard 1/2" in twice.stderr
    plain = run_cli("tm", ["merge-memories", "all.tmx", "part2.tmx", "-o", "one.tmx"])
    assert plain.returncode == 3 and "not a shard memory" in plain.stderr and not Path("one.tmx").exists()
    bad = run_cli("tm", ["build", *archive, "-o", "x.tmx", "--shard", "3/2", *base])
    assert bad.returncode == 2 and "--shard must be i/n" in bad.stderr


def test_a_non_tmx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text("not xml")
    with pytest.raises(TmxError, match="not a readable TMX"):
        read_shard(path)
