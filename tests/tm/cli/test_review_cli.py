"""`tm review export|import` through tm's entry point (in-process): outputs, warnings, exit codes."""

from __future__ import annotations

from pathlib import Path

from tests.support import sandbox_env
from tests.support.cli import run_cli
from tm.memory.review import read_rows, write_rows
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx


def _memory(path: Path) -> None:
    units = [TmxUnit(f"Вопрос {i}.", f"Question {i}.", [("x-Origin", "MachineTranslation")], tuid=f"t{i}") for i in range(12)]
    write_tmx(path, units, TmxHeader())


def test_export_edit_import(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    memory, review = tmp_path / "m.tmx", tmp_path / "r.xlsx"
    _memory(memory)
    done = run_cli("tm", ["review", "export", str(memory), "-o", str(review)], env=env)
    assert done.returncode == 0 and "12 rows to review" in done.stdout, done.stderr
    rows = read_rows(review)
    for row in rows[:10]:
        row.target = row.target.replace("Question", "Issue")
    rows[10].source = "Изменено."
    rows[10].target = "Changed."
    write_rows(review, rows, [memory])
    done = run_cli("tm", ["review", "import", str(review), "--into", str(memory)], env=env)
    assert done.returncode == 0, done.stderr
    assert "10 reviewed targets applied, 1 unchanged, 1 not applied" in done.stdout
    assert done.stderr.count("tm: warning: ") == 1 and "(id t10): the source was edited" in done.stderr
    units = list(read_tmx(memory))
    assert [u.prop("x-Origin") for u in units] == ["Review"] * 10 + ["MachineTranslation"] * 2


def test_refusals(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    memory, review = tmp_path / "m.tmx", tmp_path / "r.xlsx"
    _memory(memory)
    assert run_cli("tm", ["review", "export", str(memory), "-o", str(tmp_path / "r.csv")], env=env).returncode == 2
    assert run_cli("tm", ["review", "export", str(memory), "-o", str(review)], env=env).returncode == 0
    same = run_cli("tm", ["review", "import", str(review), "--into", str(memory), "-o", str(memory)], env=env)
    assert same.returncode == 5 and "is also an input" in same.stderr
    wrong = run_cli("tm", ["review", "import", str(review), "--into", str(tmp_path / "x.txt")], env=env)
    assert wrong.returncode == 2


def test_export_fills_the_qa_flags_with_tm_qa_findings(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    memory, review, glossary = tmp_path / "m.tmx", tmp_path / "r.xlsx", tmp_path / "g.csv"
    units = [
        TmxUnit("Доход 18,3 млрд долл.", "Income $18.3 million.", tuid="money"),
        TmxUnit("Президент Казахстана.", "The chairman of Kazakhstan.", tuid="term"),
        TmxUnit("Вопрос.", "Question.", tuid="fine"),
    ]
    write_tmx(memory, units, TmxHeader())
    glossary.write_text("ru,en\nпрезидент,president\n", encoding="utf-8")
    done = run_cli("tm", ["review", "export", str(memory), "-o", str(review), "--glossary", str(glossary)], env=env)
    assert done.returncode == 0, done.stderr
    flags = {row.id: row.qa for row in read_rows(review)}
    assert flags["money"].startswith("error numbers: «18,3 млрд»") and "18.3 million" in flags["money"]
    assert flags["term"].startswith("error terminology: «президент»")
    assert flags["fine"] == ""
    assert run_cli("tm", ["review", "export", str(memory), "-o", str(review), "--no-qa"], env=env).returncode == 0
    assert all(row.qa == "" for row in read_rows(review))
