"""Fault-table rows of issue 18 (point 4) for `tm review import`: a review file with an edited
source, duplicate ids, formulas, an unknown id; not an .xlsx (a corrupt zip); no Review sheet;
no Target column; an import into the review file itself or onto an input (refused, exit 5).

Each row runs the real command in a subprocess through test_faults.check_fault (exit code,
one line naming the culprit, no traceback, inputs byte-identical, no leftovers). No model is
needed, so the rows run in a plain sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault
from tests.support import sandbox_env
from tm.memory.review import export_review, read_rows, write_rows
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx


@pytest.fixture()
def review_workspace(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    units = [TmxUnit(f"Вопрос {i}.", f"Question {i}.", tuid=f"t{i}") for i in range(5)]
    write_tmx(w / "m.tmx", units, TmxHeader())
    export_review(w / "m.tmx", w / "clean.xlsx")
    rows = read_rows(w / "clean.xlsx")

    def variant(name: str, change: object) -> None:
        copy = [type(r)(**vars(r)) for r in rows]
        change(copy)  # type: ignore[operator]
        write_rows(w / name, copy, [w / "m.tmx"])

    variant("edited-source.xlsx", lambda r: (setattr(r[1], "source", "Изменено."), setattr(r[1], "target", "Changed.")))
    variant("duplicate.xlsx", lambda r: r.append(r[2]))
    variant("unknown.xlsx", lambda r: setattr(r[0], "id", "t99"))
    (w / "corrupt.xlsx").write_bytes((w / "clean.xlsx").read_bytes()[:300])
    from openpyxl import Workbook, load_workbook

    book = load_workbook(w / "clean.xlsx")  # a reviewer typed a formula into t3's target
    book["Review"]["C5"] = '=HYPERLINK("http://example.com","Question 3.")'
    book.save(w / "formula.xlsx")
    book = Workbook()
    book.active.title = "Notes"
    book.create_sheet("Other")
    book.save(w / "no-sheet.xlsx")
    book = Workbook()
    book.active.title = "Review"
    book.active.append(["ID", "Source", "Comment"])
    book.active.append(["t0", "Вопрос 0.", "ok"])
    book.save(w / "no-column.xlsx")
    return w


def _targets(w: Path, name: str = "out.tmx") -> list[str]:
    return [u.target for u in read_tmx(w / name)]


def _inputs(*names: str):  # type: ignore[no-untyped-def]
    return lambda w: [w / n for n in names]


def _import(review: str, *extra: str):  # type: ignore[no-untyped-def]
    return lambda w: [
        "review",
        "import",
        str(w / review),
        "--into",
        str(w / "m.tmx"),
        *[str(w / e) if e.endswith((".tmx", ".xlsx")) else e for e in extra],
    ]


FAULTS = [
    Fault(
        "review: an edited source is not applied",
        "tm",
        _import("edited-source.xlsx", "-o", "out.tmx"),
        0,
        "(id t1): the source was edited; the target is not applied",
        _inputs("m.tmx", "edited-source.xlsx"),
        lambda w: _targets(w) == [f"Question {i}." for i in range(5)],
    ),
    Fault(
        "review: duplicate ids are refused",
        "tm",
        _import("duplicate.xlsx", "-o", "out.tmx"),
        3,
        "id t2 is on rows 4, 7",
        _inputs("m.tmx", "duplicate.xlsx"),
        lambda w: not (w / "out.tmx").exists(),
    ),
    Fault(
        "review: a typed formula is not evaluated nor applied",
        "tm",
        _import("formula.xlsx", "-o", "out.tmx"),
        0,
        "(id t3): the target is a spreadsheet formula; it is not applied",
        _inputs("m.tmx", "formula.xlsx"),
        lambda w: _targets(w)[3] == "Question 3.",
    ),
    Fault(
        "review: an unknown id",
        "tm",
        _import("unknown.xlsx", "-o", "out.tmx"),
        0,
        "id t99 is not in",
        _inputs("m.tmx", "unknown.xlsx"),
    ),
    Fault(
        "review: not an xlsx (a corrupt zip)",
        "tm",
        _import("corrupt.xlsx"),
        3,
        "corrupt.xlsx: not an .xlsx workbook",
        _inputs("m.tmx", "corrupt.xlsx"),
    ),
    Fault(
        "review: no Review sheet",
        "tm",
        _import("no-sheet.xlsx"),
        3,
        "no sheet named 'Review'",
        _inputs("m.tmx", "no-sheet.xlsx"),
    ),
    Fault(
        "review: no Target column",
        "tm",
        _import("no-column.xlsx"),
        3,
        "no Target column in its header row",
        _inputs("m.tmx", "no-column.xlsx"),
    ),
    Fault(
        "review: --into the review file itself",
        "tm",
        lambda w: ["review", "import", str(w / "clean.xlsx"), "--into", str(w / "clean.xlsx")],
        2,
        "not a .tmx or .xlf file",
        _inputs("clean.xlsx"),
    ),
    Fault(
        "review: -o onto the review file",
        "tm",
        lambda w: ["review", "import", str(w / "clean.xlsx"), "--into", str(w / "m.tmx"), "-o", str(w / "clean.xlsx")],
        2,
        "not a .tmx or .xlf file",
        _inputs("m.tmx", "clean.xlsx"),
    ),
    Fault(
        "review: -o aliasing --into through a link",
        "tm",
        lambda w: ["review", "import", str(w / "clean.xlsx"), "--into", str(w / "m.tmx"), "-o", str(w / "link.tmx")],
        5,
        "is also an input",
        _inputs("m.tmx", "clean.xlsx"),
    ),
    Fault(
        "review: export onto its input",
        "tm",
        lambda w: ["review", "export", str(w / "m.tmx"), "-o", str(w / "m.tmx")],
        2,
        "not a .xlsx or .docx review file name",
        _inputs("m.tmx"),
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_review(fault: Fault, review_workspace: Path, tmp_path: Path) -> None:
    (review_workspace / "link.tmx").symlink_to(review_workspace / "m.tmx")
    check_fault(fault, review_workspace, sandbox_env(tmp_path / "home"))
