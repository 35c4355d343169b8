"""The fault table: every way a user (or an attacker) can hold the tools wrong, one row each.

Each row runs the real command in a subprocess and asserts the exit code of the README's
table, a single `PROGRAM: error: …` line naming the culprit (for rows that recover and exit
0, a single `PROGRAM: warning: …` line, or none), no traceback, no `.part` file left anywhere
in the workspace, and every input byte-identical afterwards. Cases that need several
processes (signals, parallel lookups and builds) are in test_atomic.py and test_safety.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import SEEDS, sandbox_env

PROGRAMS = {"tm": [sys.executable, "-m", "tm.cli"], "glossary": [sys.executable, "-m", "glossary.cli"]}
DOC = "003_talks-narrow-format.txt"


@dataclass
class Fault:
    name: str
    program: str
    args: Callable[[Path], list[str]]
    code: int
    message: str  # must occur in the one error line
    inputs: Callable[[Path], list[Path]] = field(default=lambda w: [])  # must stay byte-identical
    after: Callable[[Path], bool] = field(default=lambda w: True)  # what must hold afterwards
    deadline: float = 300  # seconds: a row that runs longer hangs, and fails


def _glossary_files(w: Path) -> None:
    from glossary.entries import Entry, Glossary, Term
    from glossary.formats import write_glossary

    entries = [
        Entry(
            "t1",
            [
                Term("ЕАЭС", "ru", "acronym", status="approved"),
                Term("EAEU", "en", "acronym", status="approved", confidence=1.0, origin="reference"),
            ],
        )
    ]
    write_glossary(Glossary(entries), w / "g.tbx")
    write_glossary(Glossary(entries), w / "g.csv")
    header = (w / "g.csv").read_text(encoding="utf-8").splitlines()[0]
    cells = (w / "g.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    (w / "bogus-status.csv").write_text(
        header + "\n" + ",".join(c if c != "approved" else "bogus" for c in cells) + "\n", encoding="utf-8"
    )
    (w / "bad-number.csv").write_text(
        header + "\n" + ",".join(c if c != "1.0" else "abc" for c in cells) + "\n", encoding="utf-8"
    )
    (w / "unterminated.csv").write_text(header + '\nt1,"ЕАЭС,EAEU\nt2,ОДКБ,CSTO\n', encoding="utf-8")
    (w / "bogus.txt").write_text("ЕАЭС\tEAEU\tstatus: bogus\n", encoding="utf-8")
    (w / "unterminated.po").write_text('msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU\n', encoding="utf-8")
    (w / "duplicate.po").write_text(
        'msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n\nmsgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "Other"\n', encoding="utf-8"
    )
    (w / "broken.tbx").write_text("<martif><text>", encoding="utf-8")
    (w / "empty-corpus").mkdir()


def _cache_files(w: Path) -> None:
    (w / "garbage-cache").write_bytes(b"\x00\x01 not a database " * 200)
    (w / "folder-cache").mkdir()
    (w / "big-cell.csv").write_text("id,ru-RU,en-US\nt1," + "договор " * 20000 + ",treaty\n", encoding="utf-8")
    (w / "out-of-range.po").write_text('msgctxt "t1#7"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n', encoding="utf-8")


def _output_files(w: Path) -> None:
    """Outputs that exist already: a shared file (mode 0644), a link, a TBX v3 glossary."""
    from glossary.entries import Entry, Glossary, Term
    from glossary.formats import write_glossary

    (w / "shared.tmx").write_text("old", encoding="utf-8")
    os.chmod(w / "shared.tmx", 0o644)
    (w / "real.tmx").write_text("old", encoding="utf-8")
    (w / "link.tmx").symlink_to("real.tmx")
    write_glossary(
        Glossary([Entry("t1", [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym", origin="mt")])]),
        w / "v3.tbx",
        tbx_version=3,
    )
    (w / "review.po").write_text('msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n', encoding="utf-8")
    all_languages = '<tu><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv><tuv xml:lang="ru-RU"><seg>Привет.</seg></tuv></tu>'
    (w / "all.tmx").write_text(
        '<tmx version="1.4"><header srclang="*all*" creationtool="x" creationtoolversion="1" segtype="sentence" '
        'o-tmf="x" adminlang="en" datatype="plaintext"/><body>'
        + all_languages
        + '<tu><tuv xml:lang="de"><seg>Hallo.</seg></tuv><tuv xml:lang="ru"><seg>Привет.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )


def _is_tmx(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tmx')


def _merge_files(w: Path) -> None:
    unit = '<tu><tuv xml:lang="{a}"><seg>Hello.</seg></tuv><tuv xml:lang="{b}"><seg>Привет.</seg></tuv></tu>'
    (w / "english-source.tmx").write_text(
        '<tmx version="1.4"><header srclang="en-US" creationtool="x" creationtoolversion="1" segtype="sentence" '
        'o-tmf="x" adminlang="en" datatype="plaintext"/><body>' + unit.format(a="en-US", b="ru-RU") + "</body></tmx>",
        encoding="utf-8",
    )


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    (w / DOC).write_bytes((SEEDS / DOC).read_bytes())
    (w / "out.tmx").mkdir()  # an existing folder where a file is asked for
    os.mkfifo(w / "fifo.tmx")
    os.mkfifo(w / "fifo.csv")
    (w / "full.csv").symlink_to("/dev/full")
    _glossary_files(w)
    _merge_files(w)
    _cache_files(w)
    _output_files(w)
    return w


def _doc(w: Path) -> list[Path]:
    return [w / DOC]


FAULTS = [
    # data loss
    Fault("output is the input", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / DOC)], 5, "is also an input", _doc),
    Fault("output is a FIFO", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / "fifo.tmx")], 5, "not a regular file", _doc),
    Fault("output is /dev/full", "tm", lambda w: ["build", str(w / DOC), "-o", "/dev/full"], 5, "not a regular file", _doc),
    Fault(
        "export to a FIFO",
        "glossary",
        lambda w: ["export", str(w / "g.tbx"), "-o", str(w / "fifo.csv")],
        5,
        "not a regular file",
        lambda w: [w / "g.tbx"],
    ),
    Fault(
        "export through a link to /dev/full",
        "glossary",
        lambda w: ["export", str(w / "g.tbx"), "-o", str(w / "full.csv")],
        5,
        "not a regular file",
        lambda w: [w / "g.tbx"],
    ),
    Fault(
        "merge in another source language",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--merge", str(w / "english-source.tmx")],
        3,
        "source language is en-US",
        lambda w: [w / "english-source.tmx"],
    ),
    # outputs that cannot be written
    Fault("output is a folder", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / "out.tmx")], 5, "is a folder", _doc),
    Fault("output under a file", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / DOC / "x.tmx")], 5, "not a folder", _doc),
    Fault(
        "output in a read-only place",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", "/proc/diplotm/x.tmx"],
        5,
        "/proc/diplotm/x.tmx",
        _doc,
    ),
    # option values
    Fault("negative threads", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--threads", "-5"], 2, "--threads"),
    Fault(
        "absurd threads", "tm", lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--threads", "100000"], 2, "--threads"
    ),
    Fault(
        "absurd batch size",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--batch-size", "99999999999999999999"],
        2,
        "--batch-size",
    ),
    Fault(
        "cuda without a GPU",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--device", "cuda"],
        6,
        "--device cpu",
    ),
    Fault(
        "target language not the model's",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--target-lang", "de"],
        2,
        "--target-lang de",
    ),
    Fault(
        "source language not a language",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--source-lang", "zz"],
        2,
        "--source-lang zz",
    ),
    Fault(
        "identical languages",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--source-lang", "en", "--target-lang", "en"],
        2,
        "--source-lang en",
    ),
    Fault(
        "swapped languages",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--source-lang", "en-US", "--target-lang", "ru-RU"],
        2,
        "--source-lang en-US",
    ),
    Fault(
        "TBX version 4",
        "glossary",
        lambda w: ["export", str(w / "g.tbx"), "-o", str(w / "x.tbx"), "--tbx-version", "4"],
        2,
        "--tbx-version",
    ),
    # inputs
    Fault("translate a missing file", "tm", lambda w: ["translate", str(w / "nonexist.txt")], 3, "nonexist.txt: no such file"),
    Fault("translate a folder", "tm", lambda w: ["translate", str(w)], 3, "is a folder"),
    Fault(
        "CSV status bogus",
        "glossary",
        lambda w: ["export", str(w / "bogus-status.csv"), "-o", str(w / "x.tbx")],
        3,
        "bogus-status.csv:2: unknown status 'bogus'",
        lambda w: [w / "bogus-status.csv"],
    ),
    Fault(
        "OmegaT status bogus",
        "glossary",
        lambda w: ["export", str(w / "bogus.txt"), "-o", str(w / "x.tbx")],
        3,
        "bogus.txt:1: unknown status 'bogus'",
        lambda w: [w / "bogus.txt"],
    ),
    Fault(
        "CSV confidence abc",
        "glossary",
        lambda w: ["export", str(w / "bad-number.csv"), "-o", str(w / "x.tbx")],
        3,
        "bad-number.csv:2: confidence 'abc' is not a number",
        lambda w: [w / "bad-number.csv"],
    ),
    Fault(
        "CSV unterminated quote",
        "glossary",
        lambda w: ["export", str(w / "unterminated.csv"), "-o", str(w / "x.tbx")],
        3,
        "unterminated.csv:2",
        lambda w: [w / "unterminated.csv"],
    ),
    Fault(
        "PO unterminated msgstr",
        "glossary",
        lambda w: ["import-po", str(w / "unterminated.po"), "-g", str(w / "g.tbx")],
        3,
        "unterminated.po:3",
        lambda w: [w / "g.tbx", w / "unterminated.po"],
    ),
    Fault(
        "PO duplicate msgctxt",
        "glossary",
        lambda w: ["import-po", str(w / "duplicate.po"), "-g", str(w / "g.tbx")],
        3,
        "duplicate.po:5",
        lambda w: [w / "g.tbx", w / "duplicate.po"],
    ),
    Fault("broken glossary in lookup", "glossary", lambda w: ["lookup", "ЕАЭС", "-g", str(w / "broken.tbx")], 3, "broken.tbx"),
    Fault(
        "missing reference corpus",
        "glossary",
        lambda w: ["build", str(w / DOC), "-o", str(w / "x.tbx"), "--reference-corpus", "/nonexistent"],
        3,
        "/nonexistent",
        _doc,
    ),
    Fault(
        "empty reference corpus",
        "glossary",
        lambda w: ["build", str(w / DOC), "-o", str(w / "x.tbx"), "--reference-corpus", str(w / "empty-corpus")],
        3,
        "empty-corpus",
        _doc,
    ),
    # outputs that exist: kept safe and as they were set up
    Fault(
        "a replaced file keeps its mode",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "shared.tmx")],
        0,
        "",
        _doc,
        lambda w: _is_tmx(w / "shared.tmx") and (w / "shared.tmx").stat().st_mode & 0o777 == 0o644,
    ),
    Fault(
        "output through a symlink",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "link.tmx")],
        0,
        "",
        _doc,
        lambda w: (w / "link.tmx").is_symlink() and _is_tmx(w / "real.tmx"),
    ),
    Fault(
        "merge of srclang *all*",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--merge", str(w / "all.tmx")],
        0,
        "1 units without both languages were not merged",
        lambda w: [w / "all.tmx"],
        lambda w: "<seg>Hello.</seg>" in (w / "o.tmx").read_text(encoding="utf-8"),
    ),
    Fault(
        "import-po keeps TBX v3",
        "glossary",
        lambda w: ["import-po", str(w / "review.po"), "-g", str(w / "v3.tbx")],
        0,
        "",
        lambda w: [w / "review.po"],
        lambda w: (w / "v3.tbx").read_text(encoding="utf-8").count("<tbx ") == 1,
    ),
    # recovered: exit 0 (or 4) with a warning, or silently
    # a --cache that is not recognisably ours is refused and left as it is (tests/test_faults_outputs.py has more)
    Fault(
        "garbage translation cache",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--cache", str(w / "garbage-cache")],
        5,
        "garbage-cache: not a translation cache (not an SQLite file)",
        lambda w: [w / DOC, w / "garbage-cache"],
        lambda w: not list(w.glob("*.corrupt-*")) and not (w / "o.tmx").exists(),
    ),
    Fault(
        "a folder as translation cache",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--cache", str(w / "folder-cache")],
        5,
        "folder-cache: is a folder",
        _doc,
        lambda w: (w / "folder-cache").is_dir() and not list(w.glob("*.corrupt-*")),
    ),
    Fault(
        "CSV cell over 128 KiB",
        "glossary",
        lambda w: ["export", str(w / "big-cell.csv"), "-o", str(w / "x.tbx")],
        0,
        "",
        lambda w: [w / "big-cell.csv"],
    ),
    Fault(
        "PO index out of range",
        "glossary",
        lambda w: ["import-po", str(w / "out-of-range.po"), "-g", str(w / "g.tbx"), "-o", str(w / "r.tbx")],
        0,
        "out-of-range.po:1: t1#7 names term #7",
        lambda w: [w / "g.tbx", w / "out-of-range.po"],
    ),
    Fault(
        "keep going past a missing file",
        "tm",
        lambda w: ["build", str(w / DOC), str(w / "missing.txt"), "-o", str(w / "o.tmx"), "--keep-going"],
        4,
        "missing.txt: no such file",
        _doc,
    ),
    Fault(
        "glossary build onto its input",
        "glossary",
        lambda w: ["build", str(w / DOC), "-o", str(w / DOC)[:-4] + ".txt"],
        5,
        "is also an input",
        _doc,
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(fault: Fault, workspace: Path, model_env: dict[str, str]) -> None:
    check_fault(fault, workspace, model_env)


def check_fault(fault: Fault, workspace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one row as a subprocess and assert what every row promises; other fault tables
    (tests/test_faults_*.py) call this with their own workspaces and rows."""
    before = {p: p.read_bytes() for p in fault.inputs(workspace)}
    result = subprocess.run(
        PROGRAMS[fault.program] + fault.args(workspace),
        env=env,
        capture_output=True,
        text=True,
        timeout=fault.deadline,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == fault.code, result.stderr
    kind = "warning" if fault.code == 0 else "error"
    lines = [line for line in result.stderr.splitlines() if f": {kind}: " in line]
    if fault.code == 0 and not fault.message:
        assert result.stderr == ""
    elif fault.code == 1:  # nothing found is no error: stderr stays empty, one line of stdout says so
        assert result.stderr == "", result.stderr
        assert sum(fault.message in line for line in result.stdout.splitlines()) == 1, result.stdout[:2000]
    else:
        assert len(lines) == 1 and lines[0].startswith(f"{fault.program}: {kind}: "), result.stderr
        assert fault.message in lines[0]
    assert not list(workspace.rglob("*.part")) and not list(workspace.rglob(".*.part"))
    assert {p: p.read_bytes() for p in before} == before
    assert fault.after(workspace)
    assert os.path.exists("/dev/full") and not Path("/dev/full").is_file()
    return result


@pytest.fixture(scope="module")
def model_env(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> dict[str, str]:
    env = sandbox_env(tmp_path_factory.mktemp("home"))
    installed = subprocess.run(
        PROGRAMS["tm"] + ["model", "install", "--file", str(tiny_model)], env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    return env
