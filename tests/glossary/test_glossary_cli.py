"""`glossary` as a user runs it, on the seeds' memory: the acceptance of the glossary issue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.support import DATA, SEEDS, sandbox_env

# `glossary` as a real process, on a glossary built from the seeds.
pytestmark = pytest.mark.slow

GLOSSARY = [sys.executable, "-m", "glossary.cli"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(GLOSSARY + args, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path, seeds_memory: Path):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("home")
    env = sandbox_env(home)
    out = home / "out"
    # --default: the lookups below use the default copy
    result = run(
        ["build", str(seeds_memory), "-o", str(out / "glossary.tbx"), "--default", "--model", str(tiny_model), "--json"], env
    )
    assert result.returncode == 0, result.stderr
    v3 = run(
        ["build", str(seeds_memory), "-o", str(out / "glossary-v3.tbx"), "--tbx-version", "3", "--model", str(tiny_model)], env
    )
    assert v3.returncode == 0, v3.stderr
    return env, out, json.loads(result.stdout)


def _approved(path: Path, ns: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Russian term → English terms, for entries whose terms are all approved."""
    from glossary.formats import read_glossary

    found: dict[str, set[str]] = {}
    for entry in read_glossary(path).entries:
        if all(t.status == "approved" for t in entry.terms):
            for ru in entry.terms_in("ru"):
                found[ru.text] = {t.text for t in entry.terms_in("en")}
    return found


def test_build_writes_tbx_that_translate_toolkit_reads_with_the_key_terms_approved(built) -> None:
    from translate.storage.tbx import tbxfile

    _, out, summary = built
    assert summary["entries"] > 100 and summary["approved"] > 20
    pairs = {(u.source, u.target) for u in tbxfile.parsefile(str(out / "glossary.tbx")).units}
    assert {
        ("ЕАЭС", "EAEU"),
        ("ОДКБ", "CSTO"),
        ("всеобъемлющее стратегическое партнерство", "comprehensive strategic partnership"),
    } <= pairs
    approved = _approved(out / "glossary.tbx")
    assert "EAEU" in approved["ЕАЭС"] and "CSTO" in approved["ОДКБ"]
    assert approved["всеобъемлющее стратегическое партнерство"] == {"comprehensive strategic partnership"}


def test_tbx_version_3_validates_and_has_the_same_entries(built) -> None:
    _, out, _ = built
    schema = etree.RelaxNG(etree.parse(str(DATA / "TBXcoreStructV03.rng")))
    assert schema.validate(etree.parse(str(out / "glossary-v3.tbx"))), schema.error_log.last_error
    assert _approved(out / "glossary-v3.tbx") == _approved(out / "glossary.tbx")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ЕАЭС", "EAEU"),
        ("евразийского экономического союза", "EAEU"),
        ("стратегическим партнерством", "strategic partnership"),
        ("всеобъемлющего стратегического партнёрства", "comprehensive strategic partnership"),
        ("CSTO", "Collective Security Treaty Organization"),
        ("nuclear power plant", "NPP"),
        ("ОДКБ", "CSTO"),
    ],
)
def test_lookup_in_any_form_and_from_english(built, query: str, expected: str) -> None:
    env, _, _ = built
    result = run(["lookup", query, "--json"], env)  # the default location, written by build
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["exact"] is True
    english = {t["text"] for t in data["hits"][0]["entry"]["terms"] if t["lang"] == "en"}
    assert expected in english


def test_lookup_partnerstva_finds_the_yo_entry_case_insensitively(built) -> None:
    env, _, _ = built
    data = json.loads(run(["lookup", "ПАРТНЕРСТВА", "--json"], env).stdout)
    assert data["exact"] and any(t["text"] in ("партнёрство", "партнерство") for t in data["hits"][0]["entry"]["terms"])


def test_readable_table_and_fuzzy_suggestions(built) -> None:
    env, out, _ = built
    table = run(["lookup", "ЕАЭС", "--glossary", str(out / "glossary.tbx")], env)
    assert table.returncode == 0
    assert "EAEU" in table.stdout and "approved" in table.stdout and "ru: " in table.stdout and "en: " in table.stdout
    near = run(["lookup", "стратегическое партнерствоо"], env)
    assert near.returncode == 1
    assert near.stdout.startswith("no exact match") and "стратегическое партнерство" in near.stdout
    nothing = run(["lookup", "qqqqqqqq", "--json"], env)
    assert nothing.returncode == 1 and json.loads(nothing.stdout)["hits"] == []


def test_which_glossary_option_then_environment_then_default(built, tmp_path: Path) -> None:
    env, out, _ = built
    other = tmp_path / "other.csv"
    assert run(["export", str(out / "glossary.tbx"), "-o", str(other)], env).returncode == 0
    via_env = env | {"GLOSSARY_FILE": str(other)}
    assert run(["lookup", "ЕАЭС"], via_env).returncode == 0
    missing = env | {"GLOSSARY_FILE": str(tmp_path / "none.tbx")}
    result = run(["lookup", "ЕАЭС"], missing)
    assert result.returncode == 3 and "GLOSSARY_FILE" in result.stderr and "glossary build" in result.stderr
    empty_home = sandbox_env(tmp_path / "empty")
    result = run(["lookup", "ЕАЭС"], empty_home)
    assert result.returncode == 3 and result.stderr.startswith("glossary: error:") and "no glossary" in result.stderr


def test_export_conversions_and_po_review_from_the_command_line(built, tmp_path: Path) -> None:
    env, out, _ = built
    for name in ("g.csv", "g.tsv", "g.utf8", "g.po", "back.tbx"):
        source = out / "glossary.tbx" if name != "back.tbx" else tmp_path / "g.tsv"
        assert run(["export", str(source), "-o", str(tmp_path / name)], env).returncode == 0
    from glossary.formats import read_glossary

    assert read_glossary(tmp_path / "back.tbx").entries == read_glossary(out / "glossary.tbx").entries

    po = polib.pofile(str(tmp_path / "g.po"))
    message = next(m for m in po if "fuzzy" in m.flags and m.msgstr)
    message.msgstr = "reviewed equivalent"
    message.flags.remove("fuzzy")
    po.save(str(tmp_path / "g.po"))
    target = tmp_path / "reviewed.tbx"
    result = run(["import-po", str(tmp_path / "g.po"), "--glossary", str(out / "glossary.tbx"), "-o", str(target)], env)
    assert result.returncode == 0 and "1 newly approved, 1 edited" in result.stdout
    lookup = json.loads(run(["lookup", message.msgid, "--glossary", str(target), "--json"], env).stdout)
    english = [t for t in lookup["hits"][0]["entry"]["terms"] if t["lang"] == "en"]
    assert any(t["text"] == "reviewed equivalent" and t["status"] == "approved" for t in english)


def test_build_from_text_runs_the_memory_pipeline_first(tmp_path: Path, tiny_model: Path) -> None:
    env = sandbox_env(tmp_path)
    out = tmp_path / "g.csv"
    result = run(["build", str(SEEDS / "002_tokayev-article-rg.txt"), "-o", str(out), "--model", str(tiny_model), "--json"], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["units"] == 59
    assert "атомная электростанция" in out.read_text(encoding="utf-8")


def test_bad_inputs(tmp_path: Path, tiny_model: Path) -> None:
    env = sandbox_env(tmp_path)
    missing = run(["build", str(tmp_path / "nope.tmx"), "-o", str(tmp_path / "g.tbx"), "--model", str(tiny_model)], env)
    assert missing.returncode == 3 and "nope.tmx" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    bad_format = run(["build", str(SEEDS), "-o", str(tmp_path / "g.xlsx"), "--model", str(tiny_model)], env)
    assert bad_format.returncode == 2 and "unknown glossary format" in bad_format.stderr
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text>", encoding="utf-8")
    result = run(["export", str(broken), "-o", str(tmp_path / "x.csv")], env)
    assert result.returncode == 3 and "broken.tbx" in result.stderr and not (tmp_path / "x.csv").exists()


def test_build_json_after_a_rebuild_that_keeps_reviews_counts_the_file_written(
    built, tmp_path: Path, tiny_model: Path, seeds_memory: Path
) -> None:
    """In process (Typer's runner): the --json counts are those of the glossary read back."""
    from typer.testing import CliRunner

    from glossary.cli import app
    from glossary.entries import Entry, Term
    from glossary.formats import read_glossary, write_glossary

    _, out, _ = built
    target = tmp_path / "reviewed.tbx"
    glossary = read_glossary(out / "glossary.tbx")
    proposed = next(e for e in glossary.entries if e.status == "proposed" and e.terms_in("en"))
    proposed.terms_in("en")[0].status, proposed.terms_in("en")[0].origin = "approved", "review"
    glossary.entries.append(
        Entry(
            "t-only-in-review",
            [
                Term("термин рецензента", "ru", status="approved"),
                Term("reviewer's term", "en", status="approved", origin="review"),
            ],
        )
    )
    write_glossary(glossary, target)
    result = CliRunner().invoke(app, ["build", str(seeds_memory), "-o", str(target), "--model", str(tiny_model), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    written = read_glossary(target).entries
    assert (summary["reviews_kept"], summary["reviewed_entries_restored"]) == (2, 1)
    assert summary["entries"] == len(written) and summary["default"] is None
    assert (
        summary["approved"]
        == sum(e.status == "approved" for e in written)
        == sum(e.status == "approved" for e in glossary.entries)
    )
    assert summary["proposed"] == summary["entries"] - summary["approved"]
