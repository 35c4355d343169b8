"""`tm build --ray ADDRESS` on a real local Ray cluster (a head and a worker node on
127.0.0.1, one CPU each): the TMX equals a local run's, a rerun translates nothing, and a
worker node killed mid-run changes nothing. Without Ray, `--ray` is one line (exit 2)."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support import SEEDS
from tests.support.cli import run_cli
from tests.support.ray_cluster import NEEDS_RAY, LocalCluster, have_ray, hide_ray

DATES = re.compile(rb'(creation|change)date="[^"]*"')
needs_ray = pytest.mark.skipif(not have_ray(), reason=NEEDS_RAY)


@pytest.fixture()
def cluster(ray_cluster: LocalCluster) -> LocalCluster:
    return ray_cluster.restore()


def _env(cluster: LocalCluster, tmp_path: Path) -> dict[str, str]:
    """The driver's environment: its own home, Ray's temp folder the cluster's."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        **cluster.env,
        **{k: os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")},
        "HOME": str(home),
    }


def _local(tmp_path: Path, args: list[str]) -> bytes:
    out = tmp_path / "local.tmx"
    result = run_cli("tm", ["build", str(SEEDS), "-o", str(out), "--no-cache", *args])
    assert result.returncode == 0, result.stderr
    return DATES.sub(b"", out.read_bytes())


def _rows(cache: Path) -> int:
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM translation").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@needs_ray
def test_build_on_ray_equals_local_and_survives_a_dead_worker(cluster: LocalCluster, tmp_path: Path, tiny_package: Any) -> None:
    base = ["--device", "cpu", "--batch-size", "4"]
    local = _local(tmp_path, base)
    env = _env(cluster, tmp_path)
    cache = tmp_path / "cache.sqlite3"
    out = tmp_path / "ray.tmx"
    result = run_cli(
        "tm", ["build", str(SEEDS), "-o", str(out), "--cache", str(cache), "--ray", cluster.address, "--json", *base], env=env
    )
    assert result.returncode == 0, result.stderr
    assert DATES.sub(b"", out.read_bytes()) == local
    assert '"translated": 0' not in result.stdout
    # A rerun translates only what is missing: nothing.
    again = run_cli(
        "tm", ["build", str(SEEDS), "-o", str(out), "--cache", str(cache), "--ray", cluster.address, "--json", *base], env=env
    )
    assert again.returncode == 0 and '"translated": 0' in again.stdout, again.stderr
    assert DATES.sub(b"", out.read_bytes()) == local

    # A worker node killed once the first batches are back: its batch is retried elsewhere.
    cache2, out2 = tmp_path / "cache2.sqlite3", tmp_path / "ray2.tmx"
    killed: list[int] = []  # the cache rows written when the node was killed

    def kill_when_running() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _rows(cache2) < 5:
            time.sleep(0.05)
        cluster.kill_node(1)
        killed.append(_rows(cache2))

    killer = threading.Thread(target=kill_when_running, daemon=True)
    killer.start()
    result = run_cli(
        "tm", ["build", str(SEEDS), "-o", str(out2), "--cache", str(cache2), "--ray", cluster.address, *base], env=env
    )
    killer.join(timeout=60)
    assert killed and result.returncode == 0, result.stderr
    assert killed[0] < _rows(cache2)  # killed mid-run: most batches came back after it
    assert DATES.sub(b"", out2.read_bytes()) == local
    assert not (Path(env["HOME"]) / ".ray").exists() and not (cluster.home / ".ray").exists()


def test_without_ray_the_option_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_ray(monkeypatch)
    result = run_cli("tm", ["build", str(SEEDS), "-o", str(tmp_path / "x.tmx"), "--ray", "auto"])
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "pip install diplotm[ray]" in result.stderr and not (tmp_path / "x.tmx").exists()
    bad = run_cli("tm", ["build", str(SEEDS), "-o", str(tmp_path / "x.tmx"), "--ray", " "])
    assert bad.returncode == 2 and "--ray must be auto or" in bad.stderr


@needs_ray
def test_an_address_where_no_cluster_answers_is_one_error_at_once() -> None:
    import socket

    from tm.core.errors import ModelError
    from tm.mt.ray_runner import connect

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ModelError, match="no Ray cluster answers there"), connect(f"127.0.0.1:{port}"):
        pass
    assert time.monotonic() - started < 10
