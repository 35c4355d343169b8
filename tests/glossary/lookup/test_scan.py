"""Terms in running text and English lookups (issue 9): `glossary scan`, the "contains" answer
of `glossary lookup`, and English queries in any inflection or US/UK spelling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.entries import APPROVED, Entry, Glossary, Term
from glossary.formats import write_glossary
from glossary.lookup.index import GlossaryIndex, StoredIndex
from glossary.lookup.scan import Scanner
from tests.support import sandbox_env


def _entry(ident: str, ru: list[str], en: list[str]) -> Entry:
    return Entry(
        ident,
        [Term(t, "ru", "fullForm", status=APPROVED) for t in ru]
        + [Term(t, "en", "fullForm", status=APPROVED, origin="reference") for t in en],
    )


GLOSSARY = Glossary(
    [
        _entry("eaeu", ["ЕАЭС", "Евразийский экономический союз"], ["EAEU", "Eurasian Economic Union"]),
        _entry("union", ["экономический союз"], ["economic union"]),
        _entry("partner", ["стратегическое партнерство"], ["strategic partnership"]),
        _entry("full", ["всеобъемлющее стратегическое партнерство"], ["comprehensive strategic partnership"]),
        _entry("sco", ["ШОС", "Шанхайская организация сотрудничества"], ["SCO", "Shanghai Cooperation Organization"]),
        _entry("visit", ["государственный визит"], ["state visit"]),
    ]
)


def test_scan_finds_inflected_terms_and_the_longest_match_wins() -> None:
    sentence = "Стороны говорили о всеобъемлющем стратегическом партнерстве в рамках Евразийского экономического союза."
    matches = Scanner(GlossaryIndex(GLOSSARY)).scan(sentence)
    assert [(m.text, m.entry.id) for m in matches] == [
        ("всеобъемлющем стратегическом партнерстве", "full"),  # not the shorter «стратегическом партнерстве»
        ("Евразийского экономического союза", "eaeu"),  # not «экономического союза»
    ]
    assert all(sentence[m.start : m.end] == m.text for m in matches)


def test_scan_reads_the_source_language_only_and_finds_nothing_in_unrelated_text() -> None:
    # Issue 19: scan marks terms in Russian text; English is for lookups (below), not scans.
    scanner = Scanner(GlossaryIndex(GLOSSARY))
    assert scanner.scan("The state visits strengthened the Shanghai Cooperation Organisation.") == []
    assert [m.entry.id for m in scanner.scan("Государственные визиты укрепили ШОС.")] == ["visit", "sco"]
    assert scanner.scan("Погода была тёплой.") == []


@pytest.mark.parametrize(
    "query, entry",
    [
        ("strategic partnerships", "partner"),
        ("state visits", "visit"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("Shanghai Cooperation Organization", "sco"),
    ],
)
def test_english_lookups_are_inflection_and_spelling_aware(query: str, entry: str) -> None:
    result = GlossaryIndex(GLOSSARY).lookup(query)
    assert result.exact and result.hits[0].entry.id == entry


@pytest.mark.slow
def test_a_longer_query_reports_the_terms_it_contains(tmp_path: Path) -> None:
    result = GlossaryIndex(GLOSSARY).lookup("в рамках ЕАЭС")
    assert not result.exact and result.found and [h.entry.id for h in result.contains] == ["eaeu"]
    path = tmp_path / "g.tbx"
    write_glossary(GLOSSARY, path)
    assert [h.entry.id for h in StoredIndex(path).lookup("в рамках ЕАЭС").contains] == ["eaeu"]
    cli = subprocess.run(
        [sys.executable, "-m", "glossary.cli", "lookup", "в рамках ЕАЭС", "--glossary", str(path)],
        capture_output=True,
        text=True,
        env=sandbox_env(tmp_path),
        timeout=120,
    )
    assert cli.returncode == 0 and "contains «ЕАЭС»" in cli.stdout


@pytest.mark.slow
def test_scan_command_on_a_file_with_json_and_exit_codes(tmp_path: Path) -> None:
    glossary, text = tmp_path / "g.tbx", tmp_path / "text.txt"
    write_glossary(GLOSSARY, glossary)
    text.write_text("Лидеры подтвердили стратегическое партнерство.\n\nПогода была тёплой.\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "glossary.cli", "scan", *args, "--glossary", str(glossary)],
            capture_output=True,
            text=True,
            env=sandbox_env(tmp_path),
            timeout=120,
        )

    result = run(str(text), "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(r["matches"]) for r in rows] == [1, 0]
    match = rows[0]["matches"][0]
    assert (match["text"], match["en"], match["status"]) == ("стратегическое партнерство", "strategic partnership", "approved")
    plain = run(str(text))
    assert plain.stdout.splitlines()[0] == "Лидеры подтвердили [стратегическое партнерство]."
    assert run("Погода была тёплой.").returncode == 1


def test_a_match_shows_the_english_of_its_own_kind() -> None:
    glossary = Glossary(
        [
            Entry(
                "eaeu",
                [
                    Term("ЕАЭС", "ru", "acronym"),
                    Term("Евразийский экономический союз", "ru", "fullForm"),
                    Term("EAEU", "en", "acronym"),
                    Term("Eurasian Economic Union", "en", "fullForm"),
                ],
            )
        ]
    )
    scanner = Scanner(GlossaryIndex(glossary))
    full, short = scanner.scan("Евразийского экономического союза и ЕАЭС")
    assert (full.to_dict()["en"], short.to_dict()["en"]) == ("Eurasian Economic Union", "EAEU")
    assert (full.to_dict()["ru"], short.to_dict()["ru"]) == ("Евразийский экономический союз", "ЕАЭС")
