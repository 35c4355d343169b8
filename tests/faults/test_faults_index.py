"""Fault-table rows for the search index of `tm search` and `tm concord` (issue 16, point 6):
an index that is missing or corrupt, and a TMX changed between runs. Each is rebuilt without
a word, and the command prints what `--no-index` prints. Run through check_fault: exit code,
no traceback, inputs byte-identical, no leftovers."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.test_faults import PROGRAMS, Fault, check_fault
from tests.support import sandbox_env
from tests.tm.memory.test_index import write_tmx

UNITS = [
    ("ВВП вырос на 18,4 процента.", "GDP grew by 18.4 percent."),
    (
        "Стороны обсудили всеобъемлющее стратегическое партнерство.",
        "The parties discussed the comprehensive strategic partnership.",
    ),
    ("Погода сегодня хорошая.", "The weather is fine today."),
]
SEARCH = ["search", "ВВП вырос на 18,3 процента.", "--tm", "m.tmx", "--json"]
CONCORD = ["concord", "всеобъемлющего стратегического", "--tm", "m.tmx", "--json"]


def _index_file(env: dict[str, str], tmx: Path) -> Path:
    from tm.memory.index import index_path

    return Path(env["XDG_CACHE_HOME"]) / "diplotm" / "tm-index" / index_path(tmx).name


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00not an index\xff" * 64)


def _changed(tmx: Path) -> None:
    write_tmx(tmx, [("ВВП вырос на 18,3 процента.", "GDP grew by 18.3 percent, the new unit."), *UNITS])


ROWS: list[tuple[str, list[str], Callable[[Path, Path], None]]] = [
    ("search index corrupt", SEARCH, lambda tmx, ix: _garbage(ix)),
    ("search index missing", SEARCH, lambda tmx, ix: ix.unlink()),
    ("search TMX changed between runs", SEARCH, lambda tmx, ix: _changed(tmx)),
    ("concord index corrupt", CONCORD, lambda tmx, ix: _garbage(ix)),
    ("concord TMX changed between runs", CONCORD, lambda tmx, ix: _changed(tmx)),
]


@pytest.mark.parametrize(("name", "args", "spoil"), ROWS, ids=[row[0] for row in ROWS])
def test_index_fault(tmp_path: Path, name: str, args: list[str], spoil: Callable[[Path, Path], None]) -> None:
    w = tmp_path / "w"
    w.mkdir()
    tmx = write_tmx(w / "m.tmx", UNITS)
    env = sandbox_env(tmp_path / "home")
    first = subprocess.run(PROGRAMS["tm"] + args, env=env, cwd=w, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and first.stderr == "", first.stderr
    index = _index_file(env, tmx)
    assert index.is_file()
    spoil(tmx, index)
    oracle = subprocess.run(PROGRAMS["tm"] + args + ["--no-index"], env=env, cwd=w, capture_output=True, text=True, timeout=120)
    absolute = [str(tmx) if arg == "m.tmx" else arg for arg in args]
    result = check_fault(Fault(name, "tm", lambda w: absolute, 0, "", inputs=lambda w: [tmx]), w, env)
    assert result.stdout == oracle.stdout.replace('"m.tmx"', f'"{tmx}"')
    assert index.is_file() and index.read_bytes().startswith(b"SQLite format 3")
    if "changed" in name:  # the new unit comes first, so the tuids move: a stale index would show the old ones
        assert result.stdout != first.stdout.replace('"m.tmx"', f'"{tmx}"')
