"""`glossary build --ray ADDRESS` on a real local Ray cluster: counting is the map step (Ray
tasks), the bounded merge the reduce step (the driver); the glossary equals a local run's,
entries and scores. Without Ray, `--ray` is one line (exit 2)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glossary.extraction import ranking
from tests.support.cli import run_cli
from tests.support.ray_cluster import NEEDS_RAY, LocalCluster, have_ray, hide_ray

# Chunks of this many sentences, in both runs: the seeds make several chunks, not one.
CHUNK = 60


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    chunks = ranking._chunks

    def smaller(sentences: Any, options: Any, size: int, *args: Any, **keywords: Any) -> Iterator[Any]:
        return chunks(sentences, options, CHUNK, *args, **keywords)

    monkeypatch.setattr(ranking, "_chunks", smaller)


@pytest.mark.slow
@pytest.mark.skipif(not have_ray(), reason=NEEDS_RAY)
def test_glossary_on_ray_equals_local(ray_cluster: LocalCluster, seeds_memory: Path, tmp_path: Path, small_chunks: None) -> None:
    cluster = ray_cluster.restore()
    local, remote = tmp_path / "local.tbx", tmp_path / "ray.tbx"
    cache = ["--cache", str(tmp_path / "cache.sqlite3")]
    result = run_cli("glossary", ["build", str(seeds_memory), "-o", str(local), "--json", *cache])
    assert result.returncode == 0, result.stderr
    home = tmp_path / "home"
    home.mkdir()
    xdg = {k: os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    env = {**cluster.env, **xdg, "HOME": str(home)}
    args = ["build", str(seeds_memory), "-o", str(remote), "--json", "--ray", cluster.address, *cache]
    on_ray = run_cli("glossary", args, env=env)
    assert on_ray.returncode == 0, on_ray.stderr
    assert '"entries": 0' not in on_ray.stdout
    assert remote.read_bytes() == local.read_bytes()  # the same entries, scores and contexts
    assert not (home / ".ray").exists()


def test_without_ray_the_option_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_ray(monkeypatch)
    result = run_cli("glossary", ["build", "x.tmx", "-o", str(tmp_path / "x.tbx"), "--ray", "auto"])
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "pip install diplotm[ray]" in result.stderr and not (tmp_path / "x.tbx").exists()
