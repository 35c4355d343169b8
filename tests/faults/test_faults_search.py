"""Fault-table rows of issue 16 for `tm analyze`, `tm search` and `tm concord`: an empty or
broken TMX, a TMX with no units, a 100 KB query (as the argument and in `--queries`, under a
deadline: answered quickly or refused in one line, never a hang), a `--queries` file that is
missing, empty or binary, and no match (exit 1, stdout says so in one line, stderr empty).

Each row runs the real command in a subprocess through test_faults.check_fault (no model is
needed: none is installed). `--help` and `--json` of the three commands are checked below.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault
from tests.support import sandbox_env

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru-RU" datatype="plaintext"'
    ' segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
)
UNIT = '<tu tuid="{i}"><tuv xml:lang="ru-RU"><seg>{ru}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
SENTENCE = "ВВП вырос на 18,3 процента."
WORDS = "стороны подписали договор о всеобъемлющем стратегическом партнерстве двух стран развивается погода".split()
DEADLINE = 60  # seconds for a 100 KB query: a process start and a few seconds of work at most


def _units(count: int) -> str:
    rng = random.Random(16)
    return "".join(
        UNIT.format(i=i, ru=" ".join(rng.choice(WORDS) for _ in range(15)) + f" {i}.", en=f"Sentence {i}.") for i in range(count)
    )


def _long_query() -> str:
    """About 100 KB of Russian words, one line and no sentence end."""
    rng = random.Random(100)
    text = " ".join(rng.choice(WORDS) for _ in range(12000))
    return text.encode("utf-8")[:100_000].decode("utf-8", errors="ignore").rsplit(" ", 1)[0]


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    (w / "empty.tmx").write_bytes(b"")
    (w / "not-xml.tmx").write_text("ВВП вырос, это не XML\n", encoding="utf-8")
    good = HEADER + "<body>" + UNIT.format(i="u1", ru=SENTENCE, en="GDP grew by 18.3 percent.") + "</body></tmx>"
    (w / "good.tmx").write_text(good, encoding="utf-8")
    (w / "truncated.tmx").write_text(good[: len(good) - 40], encoding="utf-8")
    (w / "wrong-root.tmx").write_text('<?xml version="1.0"?><martif><text><body/></text></martif>', encoding="utf-8")
    (w / "no-units.tmx").write_text(HEADER + "<body></body></tmx>", encoding="utf-8")
    (w / "many.tmx").write_text(HEADER + "<body>" + _units(2000) + "</body></tmx>", encoding="utf-8")
    (w / "doc.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    long = _long_query()
    (w / "long.txt").write_text(long + "\n", encoding="utf-8")  # one 100 KB sentence: a query, or a document
    (w / "queries-empty.txt").write_bytes(b"")
    (w / "queries-blank.txt").write_text("\n  \n\t\n", encoding="utf-8")
    (w / "queries-png.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (w / "queries-nul.txt").write_bytes("ВВП\x00\x00вырос\n".encode())
    return w


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return sandbox_env(tmp_path_factory.mktemp("home"))


def _query(w: Path) -> str:
    return (w / "long.txt").read_text(encoding="utf-8").strip()


def _tmx_inputs(name: str) -> Callable[[Path], list[Path]]:
    return lambda w: [w / name]


def _all_no_match(w: Path) -> bool:
    rows = list(csv.DictReader((w / "bands.csv").open(encoding="utf-8")))
    total = {row["band"]: int(row["segments"]) for row in rows if row["document"] == "total"}
    return total["no match"] == total["total"] == 1


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "search": lambda w: ["search", SENTENCE],
    "concord": lambda w: ["concord", "ВВП"],
    "analyze": lambda w: ["analyze", str(w / "doc.txt")],
}
BROKEN = [
    ("empty TMX", "empty.tmx", "empty.tmx: not a readable TMX file"),
    ("TMX not XML", "not-xml.tmx", "not-xml.tmx: not a readable TMX file"),
    ("TMX truncated", "truncated.tmx", "truncated.tmx: not a valid TMX file"),
    ("TMX wrong root", "wrong-root.tmx", "wrong-root.tmx: not a TMX file"),
]


def _broken(command: str, name: str, file: str, message: str) -> Fault:
    args = COMMANDS[command]
    return Fault(f"{command}: {name}", "tm", lambda w: [*args(w), "--tm", str(w / file)], 3, message, _tmx_inputs(file))


FAULTS = [
    *(_broken(command, name, file, message) for command in COMMANDS for name, file, message in BROKEN),
    # a TMX with no units: nothing found (search, concord), every segment unmatched (analyze)
    Fault("search: TMX without units", "tm", lambda w: ["search", SENTENCE, "--tm", str(w / "no-units.tmx")], 1, "no match"),
    Fault("concord: TMX without units", "tm", lambda w: ["concord", "ВВП", "--tm", str(w / "no-units.tmx")], 1, "(0 hits)"),
    Fault(
        "analyze: TMX without units",
        "tm",
        lambda w: ["analyze", str(w / "doc.txt"), "--tm", str(w / "no-units.tmx"), "--csv", str(w / "bands.csv")],
        0,
        "",
        _tmx_inputs("no-units.tmx"),
        _all_no_match,
    ),
    # no match: exit 1, said once on stdout, nothing on stderr
    Fault("search: no match", "tm", lambda w: ["search", "Кошки", "--tm", str(w / "good.tmx")], 1, "no match"),
    Fault(
        "search: no match, JSON", "tm", lambda w: ["search", "Кошки", "--tm", str(w / "good.tmx"), "--json"], 1, '"matches": []'
    ),
    Fault("concord: no match", "tm", lambda w: ["concord", "кошка", "--tm", str(w / "good.tmx")], 1, "query: кошка (0 hits)"),
    Fault("concord: no match, JSON", "tm", lambda w: ["concord", "кошка", "--tm", str(w / "good.tmx"), "--json"], 1, "[]"),
    # a 100 KB query: search refuses it before reading a memory (more tokens than OmegaT's
    # scores compare); concord answers (no hit); analyze bands a 100 KB sentence
    Fault(
        "search: 100 KB query",
        "tm",
        lambda w: ["search", _query(w), "--tm", str(w / "many.tmx")],
        2,
        "a sentence: too long to score",
        _tmx_inputs("many.tmx"),
        deadline=DEADLINE,
    ),
    Fault(
        "search: 100 KB line in --queries",
        "tm",
        lambda w: ["search", "--queries", str(w / "long.txt"), "--tm", str(w / "many.tmx")],
        3,
        "long.txt:1: too long to score",
        lambda w: [w / "long.txt", w / "many.tmx"],
        deadline=DEADLINE,
    ),
    Fault(
        "concord: 100 KB query",
        "tm",
        lambda w: ["concord", _query(w), "--tm", str(w / "many.tmx")],
        1,
        "(0 hits)",
        _tmx_inputs("many.tmx"),
        deadline=DEADLINE,
    ),
    Fault(
        "concord: 100 KB line in --queries",
        "tm",
        lambda w: ["concord", "--queries", str(w / "long.txt"), "--tm", str(w / "many.tmx")],
        1,
        "(0 hits)",
        lambda w: [w / "long.txt", w / "many.tmx"],
        deadline=DEADLINE,
    ),
    Fault(
        "analyze: a 100 KB sentence",
        "tm",
        lambda w: ["analyze", str(w / "long.txt"), "--tm", str(w / "many.tmx")],
        0,
        "",
        lambda w: [w / "long.txt", w / "many.tmx"],
        deadline=DEADLINE,
    ),
]


def _with_queries(command: str, file: str | None) -> Callable[[Path], list[str]]:
    """`tm COMMAND --queries FILE --tm good.tmx` (without --queries when `file` is None)."""
    return lambda w: [command, *(["--queries", str(w / file)] if file else []), "--tm", str(w / "good.tmx")]


for command, what in (("search", "a sentence"), ("concord", "a word or phrase")):
    FAULTS += [
        Fault(
            f"{command}: --queries missing",
            "tm",
            _with_queries(command, "missing.txt"),
            3,
            "missing.txt: no such file",
        ),
        Fault(
            f"{command}: --queries empty",
            "tm",
            _with_queries(command, "queries-empty.txt"),
            3,
            "queries-empty.txt: no query in it",
            _tmx_inputs("queries-empty.txt"),
        ),
        Fault(
            f"{command}: --queries blank lines only",
            "tm",
            _with_queries(command, "queries-blank.txt"),
            3,
            "queries-blank.txt: no query in it",
            _tmx_inputs("queries-blank.txt"),
        ),
        Fault(
            f"{command}: --queries binary",
            "tm",
            _with_queries(command, "queries-png.txt"),
            3,
            "queries-png.txt: not UTF-8 text",
            _tmx_inputs("queries-png.txt"),
        ),
        Fault(
            f"{command}: --queries with NUL bytes",
            "tm",
            _with_queries(command, "queries-nul.txt"),
            3,
            "queries-nul.txt: binary file, not text",
            _tmx_inputs("queries-nul.txt"),
        ),
        Fault(f"{command}: no query", "tm", _with_queries(command, None), 2, f"give {what} or --queries"),
    ]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(fault: Fault, workspace: Path, env: dict[str, str]) -> None:
    check_fault(fault, workspace, env)


JSON_ROWS = [
    Fault("search --json", "tm", lambda w: ["search", SENTENCE, "--tm", str(w / "good.tmx"), "--json"], 0, ""),
    Fault("concord --json", "tm", lambda w: ["concord", "ВВП", "--tm", str(w / "good.tmx"), "--json"], 0, ""),
    Fault("analyze --json", "tm", lambda w: ["analyze", str(w / "doc.txt"), "--tm", str(w / "good.tmx"), "--json"], 0, ""),
]


@pytest.mark.parametrize("fault", JSON_ROWS, ids=[f.name for f in JSON_ROWS])
def test_json_is_one_document_for_scripts(fault: Fault, workspace: Path, env: dict[str, str]) -> None:
    data = json.loads(check_fault(fault, workspace, env).stdout)
    if fault.name.startswith("search"):
        assert data["matches"][0]["score"] == 100 and data["matches"][0]["tuid"] == "u1"
    elif fault.name.startswith("concord"):
        assert [hit["match"] for hit in data] == ["ВВП"]
    else:
        # the memory's unit has no context, as the one-sentence document: a 101% match
        assert [segment["band"] for segment in data["segments"]] == ["101%"]


@pytest.mark.parametrize("command", ["search", "concord", "analyze"])
def test_help(command: str, workspace: Path, env: dict[str, str]) -> None:
    result = check_fault(Fault(f"{command} --help", "tm", lambda w: [command, "--help"], 0, ""), workspace, env)
    assert "--json" in result.stdout and "--tm" in result.stdout
    if command != "analyze":  # exit code 1 is theirs: nothing found
        assert "Exit code 1" in " ".join(result.stdout.split())
