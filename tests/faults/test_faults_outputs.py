"""Fault table, outputs and the translation cache (issue 14, items 5, 6, 15, 16, 19, 20 and
the misread `-output`): each row runs the real command in a subprocess through
test_faults.check_fault, which asserts the exit code, one line naming the culprit, no
traceback, no `.part` left and every input byte-identical.

Rows run with the workspace as the current folder, so a relative output (`-output` read
as `-o utput`) would land there, where the row sees it, never in the project.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.test_faults import DOC, PROGRAMS, Fault, check_fault, model_env, workspace  # noqa: F401 (fixtures)
from tests.support import DATA
from tm.mt.cache import APPLICATION_ID

RU, EN = "visit.ru.txt", "visit.en.txt"
LONG_OK = "я" * 120 + ".tmx"  # 244 bytes: a legal name (at most 255)
TOO_LONG = "я" * 130 + ".tmx"  # 264 bytes

# `tm` with a file-size limit: a write past 4 KiB fails with EFBIG, as on a full disk.
_LIMITED = (
    "import resource, runpy, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); sys.argv[0] = 'tm'; "
    "runpy.run_module('tm.cli', run_name='__main__')"
)


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


@pytest.fixture()
def w(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """test_faults' workspace, plus a document pair, side files and caches of every kind."""
    for name in (RU, EN):
        (workspace / name).write_bytes((DATA / "align" / name).read_bytes())
    (workspace / "pairs.tsv").write_text(f"{RU}\t{EN}\n", encoding="utf-8")
    (workspace / "terms.tsv").write_text("ru\ten\nвизит\tvisit\n", encoding="utf-8")
    os.link(workspace / DOC, workspace / "doc-hardlink.tmx")
    (workspace / "doc-symlink.tmx").symlink_to(DOC)
    (workspace / "pairs-link.tsv").symlink_to("pairs.tsv")
    (workspace / "loop.tmx").symlink_to("loop.tmx")
    (workspace / "dangling").symlink_to("nowhere/omegat")
    _sqlite(
        workspace / "foreign.sqlite3",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO notes (text) VALUES ('mine')",
    )
    # another program's database that happens to have a table called translation
    _sqlite(
        workspace / "other-app.sqlite3",
        "PRAGMA application_id = 1234",
        "CREATE TABLE translation (model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (model, source))",
    )
    # a cache written before the stamp: exactly our schema, no application_id
    _sqlite(
        workspace / "old-cache.sqlite3",
        "CREATE TABLE IF NOT EXISTS translation ( model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (model, source))",
    )
    (workspace / "empty-cache").write_bytes(b"")
    monkeypatch.chdir(workspace)
    return workspace


def _no_aside(w: Path) -> bool:
    return not list(w.glob("*.corrupt-*"))


def _untouched_db(name: str) -> Fault:
    """A foreign SQLite database as --cache: refused, and no table, WAL or -shm added."""
    return Fault(
        f"foreign SQLite database {name} as cache",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", name],
        5,
        f"--cache {name}: not a translation cache",
        lambda w: [w / DOC, w / name],
        lambda w: (
            _no_aside(w) and not (w / f"{name}-wal").exists() and not (w / f"{name}-shm").exists() and not (w / "o.tmx").exists()
        ),
    )


FAULTS = [
    # 5. no output replaces an input, and no two outputs share a file
    Fault(
        "align -o is its --glossary",
        "tm",
        lambda w: ["align", RU, EN, "-o", "terms.tsv", "--glossary", "terms.tsv"],
        5,
        "-o terms.tsv: is also an input (terms.tsv)",
        lambda w: [w / "terms.tsv", w / RU, w / EN],
    ),
    Fault(
        "align --report is its --glossary",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--glossary", "terms.tsv", "--report", "terms.tsv"],
        5,
        "--report terms.tsv: is also an input (terms.tsv)",
        lambda w: [w / "terms.tsv"],
        lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "align --report is its --manifest",
        "tm",
        lambda w: ["align", "--manifest", "pairs.tsv", "-o", "o.tmx", "--report", "pairs.tsv"],
        5,
        "--report pairs.tsv: is also an input (pairs.tsv)",
        lambda w: [w / "pairs.tsv"],
        lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "align --report a link to its --manifest",
        "tm",
        lambda w: ["align", "--manifest", "pairs.tsv", "-o", "o.tmx", "--report", "pairs-link.tsv"],
        5,
        "--report pairs-link.tsv: is also an input (pairs.tsv)",
        lambda w: [w / "pairs.tsv"],
    ),
    Fault(
        "align --report is a document",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--report", EN],
        5,
        f"--report {EN}: is also an input",
        lambda w: [w / RU, w / EN],
    ),
    Fault(
        "align --report and -o one new file",
        "tm",
        lambda w: ["align", RU, EN, "-o", "new.tmx", "--report", "new.tmx"],
        5,
        "--report new.tmx: the same file as -o new.tmx",
        lambda w: [w / RU, w / EN],
        lambda w: not (w / "new.tmx").exists(),
    ),
    Fault(
        "build -o a hard link of the document",
        "tm",
        lambda w: ["build", DOC, "-o", "doc-hardlink.tmx"],
        5,
        "-o doc-hardlink.tmx: is also an input",
        lambda w: [w / DOC],
    ),
    Fault(
        "build -o a symlink to the document",
        "tm",
        lambda w: ["build", DOC, "-o", "doc-symlink.tmx"],
        5,
        "-o doc-symlink.tmx: is also an input",
        lambda w: [w / DOC],
        lambda w: (w / "doc-symlink.tmx").is_symlink(),
    ),
    Fault(
        "build -o is its own --merge: a memory updated in place",
        "tm",
        lambda w: ["build", DOC, "-o", "all.tmx", "--merge", "all.tmx"],
        0,
        "1 units without both languages were not merged",
        lambda w: [w / DOC],
        lambda w: (
            "<seg>Hello.</seg>" in (w / "all.tmx").read_text(encoding="utf-8")
            and "Казахстан" in (w / "all.tmx").read_text(encoding="utf-8")
        ),
    ),
    Fault(
        "build -o of a folder's document",
        "tm",
        lambda w: ["build", ".", "-o", "doc-hardlink.tmx"],
        5,
        "is also an input",
        lambda w: [w / DOC],
    ),
    Fault(
        "build --cache and -o one file",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", "o.tmx"],
        5,
        "--cache o.tmx: the same file as -o o.tmx",
        lambda w: [w / DOC],
        lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "export onto its source",
        "glossary",
        lambda w: ["export", "g.csv", "-o", "g.csv"],
        5,
        "-o g.csv: is also an input",
        lambda w: [w / "g.csv"],
    ),
    Fault(
        "import-po -o the PO it reads",
        "glossary",
        lambda w: ["import-po", "review.po", "-g", "g.tbx", "-o", "review.po"],
        5,
        "-o review.po: is also an input",
        lambda w: [w / "review.po", w / "g.tbx"],
    ),
    # 6. a cache path that is not recognisably ours is refused and left as it is
    Fault(
        "build --cache is the document",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", DOC],
        5,
        f"--cache {DOC}: is also an input",
        lambda w: [w / DOC],
        _no_aside,
    ),
    Fault(
        "build --cache is the merged TMX",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--merge", "all.tmx", "--cache", "all.tmx"],
        5,
        "--cache all.tmx: is also an input",
        lambda w: [w / DOC, w / "all.tmx"],
        _no_aside,
    ),
    Fault(
        "align --mt --cache is the English side",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--mt", "--cache", EN],
        5,
        f"--cache {EN}: is also an input",
        lambda w: [w / RU, w / EN],
        _no_aside,
    ),
    Fault(
        "align --mt --cache a garbage file",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--mt", "--cache", "garbage-cache"],
        5,
        "--cache garbage-cache: not a translation cache (not an SQLite file)",
        lambda w: [w / "garbage-cache"],
        _no_aside,
    ),
    _untouched_db("foreign.sqlite3"),
    _untouched_db("other-app.sqlite3"),
    Fault(
        "cache written before the stamp",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", "old-cache.sqlite3"],
        0,
        "",
        lambda w: [w / DOC],
        lambda w: _application_id(w / "old-cache.sqlite3") == APPLICATION_ID and _no_aside(w),
    ),
    Fault(
        "an empty file as cache",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", "empty-cache"],
        0,
        "",
        lambda w: [w / DOC],
        lambda w: _application_id(w / "empty-cache") == APPLICATION_ID,
    ),
    # 15. disk full / file too large: exit 5, no temporary file, the old output kept
    Fault(
        "build onto a file past the size limit",
        "tm-limited",
        lambda w: ["build", DOC, "-o", "shared.tmx", "--no-cache"],
        5,
        "shared.tmx: cannot write (File too large)",
        lambda w: [w / DOC, w / "shared.tmx"],
    ),
    Fault(
        "export past the size limit",
        "glossary-limited",
        lambda w: ["export", "big-cell.csv", "-o", "big.tbx"],
        5,
        "big.tbx: cannot write (File too large)",
        lambda w: [w / "big-cell.csv"],
        lambda w: not (w / "big.tbx").exists(),
    ),
    # 16. every error of looking at an output is exit 5, naming it
    Fault(
        "output name over 255 bytes",
        "tm",
        lambda w: ["build", DOC, "-o", TOO_LONG],
        5,
        f"{TOO_LONG}: file name too long",
        lambda w: [w / DOC],
    ),
    Fault(
        "output through a symlink loop",
        "tm",
        lambda w: ["build", DOC, "-o", "loop.tmx"],
        5,
        "loop.tmx: a loop of symbolic links",
        lambda w: [w / DOC],
    ),
    Fault(
        "report under a file",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--report", f"{RU}/r.tsv"],
        5,
        f"--report {RU}/r.tsv: a parent of this path is not a folder",
        lambda w: [w / RU, w / EN],
    ),
    Fault(
        "srx --omegat into a folder under a file",
        "tm",
        lambda w: ["srx", "--omegat", "-o", f"{DOC}/omegat"],
        5,
        f"{DOC}/omegat: a parent of this path is not a folder",
        lambda w: [w / DOC],
    ),
    # 19. --cache '' and a dangling --omegat folder
    Fault(
        "empty --cache",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx", "--cache", ""],
        2,
        "--cache '': an empty path names no cache file; give a file name, or --no-cache",
        lambda w: [w / DOC],
        lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "empty --cache for align --mt",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--mt", "--cache", ""],
        2,
        "--cache '': an empty path names no cache file",
        lambda w: [w / RU, w / EN],
    ),
    Fault(
        "srx --omegat -o a dangling symlink",
        "tm",
        lambda w: ["srx", "--omegat", "-o", "dangling"],
        5,
        "dangling: a symbolic link to nowhere/omegat, which does not exist",
        after=lambda w: (w / "dangling").is_symlink() and not (w / "nowhere").exists(),
    ),
    # 20. a legal long name is written (the temporary name is cut by bytes)
    Fault(
        "output name of 244 bytes",
        "tm",
        lambda w: ["build", DOC, "-o", LONG_OK],
        0,
        "",
        lambda w: [w / DOC],
        lambda w: (w / LONG_OK).is_file(),
    ),
    Fault(
        "srx output name of 244 bytes",
        "tm",
        lambda w: ["srx", "-o", "я" * 120 + ".srx"],
        0,
        "",
        after=lambda w: (w / ("я" * 120 + ".srx")).is_file(),
    ),
    # new user: an output whose suffix names no format the command writes
    Fault(
        "build -output",
        "tm",
        lambda w: ["build", DOC, "-output"],
        2,
        "-o utput: not a .tmx file name (the output is written as .tmx) (-output reads as -o utput; write --output FILE)",
        lambda w: [w / DOC],
        lambda w: not (w / "utput").exists(),
    ),
    Fault(
        "build -o a .txt",
        "tm",
        lambda w: ["build", DOC, "-o", "memory.txt"],
        2,
        "-o memory.txt: not a .tmx file name",
        lambda w: [w / DOC],
        lambda w: not (w / "memory.txt").exists(),
    ),
    Fault(
        "align -output",
        "tm",
        lambda w: ["align", RU, EN, "-output"],
        2,
        "-o utput: not a .tmx file name",
        lambda w: [w / RU, w / EN],
        lambda w: not (w / "utput").exists(),
    ),
    Fault(
        "align --report a .tmx",
        "tm",
        lambda w: ["align", RU, EN, "-o", "o.tmx", "--report", "r.tmx"],
        2,
        "--report r.tmx: not a .tsv file name",
        after=lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "srx -output",
        "tm",
        lambda w: ["srx", "-output"],
        2,
        "-o utput: not a .srx file name",
        after=lambda w: not (w / "utput").exists(),
    ),
    Fault(
        "glossary export -output",
        "glossary",
        lambda w: ["export", "g.tbx", "-output"],
        2,
        "utput: unknown glossary format",
        lambda w: [w / "g.tbx"],
        lambda w: not (w / "utput").exists(),
    ),
]

_PROGRAMS = {
    "tm-limited": ("tm", [sys.executable, "-c", _LIMITED]),
    "glossary-limited": (
        "glossary",
        [sys.executable, "-c", _LIMITED.replace("'tm'", "'glossary'").replace("tm.cli", "glossary.cli")],
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(fault: Fault, w: Path, model_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    if fault.program in _PROGRAMS:  # the same program, started under a file-size limit
        program, command = _PROGRAMS[fault.program]
        monkeypatch.setitem(PROGRAMS, program, command)
        fault = Fault(fault.name, program, fault.args, fault.code, fault.message, fault.inputs, fault.after)
    check_fault(fault, w, model_env)


# --- rows whose environment depends on the workspace ---


def test_tm_cache_naming_the_document_is_refused(w: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    fault = Fault(
        "TM_CACHE is the document",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx"],
        5,
        f"TM_CACHE={DOC}: is also an input",
        lambda w: [w / DOC],
        _no_aside,
    )
    check_fault(fault, w, model_env | {"TM_CACHE": DOC})


def test_tm_cache_naming_a_foreign_database_is_refused(w: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    fault = Fault(
        "TM_CACHE is a foreign database",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx"],
        5,
        "TM_CACHE=foreign.sqlite3: not a translation cache",
        lambda w: [w / "foreign.sqlite3"],
        _no_aside,
    )
    check_fault(fault, w, model_env | {"TM_CACHE": "foreign.sqlite3"})


def test_garbage_at_the_default_cache_location_is_moved_aside(w: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    """The default file is ours by where it is: garbage there is moved aside with a warning."""
    default = w / "xdg-cache" / "diplotm" / "translations.sqlite3"
    default.parent.mkdir(parents=True)
    default.write_bytes(b"\x00garbage" * 100)
    env = {k: v for k, v in model_env.items() if k != "TM_CACHE"} | {"XDG_CACHE_HOME": str(w / "xdg-cache")}
    fault = Fault(
        "garbage at the default cache",
        "tm",
        lambda w: ["build", DOC, "-o", "o.tmx"],
        0,
        "moved it to translations.sqlite3.corrupt-",
        lambda w: [w / DOC],
        lambda w: (
            _application_id(default) == APPLICATION_ID and len(list(default.parent.glob("translations.sqlite3.corrupt-*"))) == 1
        ),
    )
    check_fault(fault, w, env)


def test_a_full_disk_is_exit_5(w: Path, model_env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    """A real ENOSPC, on a tmpfs of 64 KiB (needs mount rights; skipped without them)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "filler").write_bytes(b"x" * 48 * 1024)
        (disk / "old.tmx").write_bytes(b"old")
        fault = Fault(
            "build onto a full disk",
            "tm",
            lambda w: ["build", DOC, "-o", str(disk / "old.tmx"), "--no-cache"],
            5,
            "old.tmx: cannot write (No space left on device)",
            lambda w: [w / DOC, disk / "old.tmx"],
            lambda w: sorted(os.listdir(disk)) == ["filler", "old.tmx"],
        )
        check_fault(fault, w, model_env)
    finally:
        subprocess.run(["umount", str(disk)], check=True)
