"""`tm concord`: keyword-in-context lines, Russian by lemma, English by stripped suffix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli.commands import app
from tm.core.errors import TmxError
from tm.memory.concordance import concordance, english_key, render

UNITS = [
    (
        "Стороны подписали договор о всеобъемлющем стратегическом партнерстве.",
        "The parties signed a treaty on a comprehensive strategic partnership.",
        "Alignment",
        "a.txt",
    ),
    (
        "Всеобъемлющее стратегическое партнерство двух стран развивается.",
        "The comprehensive strategic partnership of the two countries is developing.",
        "MachineTranslation",
        "b.txt",
    ),
    ("Погода сегодня хорошая.", "The weather is fine today.", "Alignment", "c.txt"),
]


def _tmx(tmp_path: Path, units: list[tuple[str, str, str, str]] = UNITS) -> Path:
    body = "".join(
        f'<tu tuid="t{i}"><prop type="x-Origin">{origin}</prop><prop type="x-document">{doc}</prop>'
        f'<tuv xml:lang="ru"><seg>{ru}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for i, (ru, en, origin, doc) in enumerate(units)
    )
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
        f"<body>{body}</body></tmx>",
        encoding="utf-8",
    )
    return path


def test_a_russian_phrase_matches_in_any_case(tmp_path: Path) -> None:
    [found] = concordance(["всеобъемлющего стратегического"], [_tmx(tmp_path)])
    assert found.total == 2
    assert [hit.match for hit in found.hits] == ["всеобъемлющем стратегическом", "Всеобъемлющее стратегическое"]
    first, second = found.hits
    assert first.left == "Стороны подписали договор о " and first.right == " партнерстве."
    assert first.side == "source" and first.other == UNITS[0][1]
    assert (first.origin, first.document, first.tuid) == ("Alignment", "a.txt", "t0")
    assert second.left == "" and second.origin == "MachineTranslation"


def test_words_must_be_consecutive_and_ё_is_folded(tmp_path: Path) -> None:
    path = _tmx(tmp_path)
    assert concordance(["всеобъемлющее партнерство"], [path])[0].total == 0
    assert concordance(["партнёрства"], [path])[0].total == 2


def test_an_english_query_looks_in_the_targets(tmp_path: Path) -> None:
    [found] = concordance(["strategic partnerships"], [_tmx(tmp_path)])
    assert [hit.match for hit in found.hits] == ["strategic partnership", "strategic partnership"]
    assert found.hits[0].side == "target" and found.hits[0].other == UNITS[0][0]


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (["partnership", "partnerships", "partnership's"], "partnership"),
        (["agree", "agreed", "agreeing"], "agr"),
        (["stop", "stopped", "stopping", "stops"], "stop"),
        (["apply", "applies", "applied"], "apply"),
    ],
)
def test_english_suffix_stripping(forms: list[str], key: str) -> None:
    assert {english_key(form) for form in forms} == {key}


def test_limit_keeps_the_total(tmp_path: Path) -> None:
    [found] = concordance(["стратегический"], [_tmx(tmp_path)], limit=1)
    assert (len(found.hits), found.total) == (1, 2)
    assert "(1 of 2 hits)" in render(found)
    assert "[стратегическом]" in render(found)


def test_a_broken_tmx_is_a_tmx_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header/><body><tu>", encoding="utf-8")
    with pytest.raises(TmxError):
        concordance(["партнерство"], [_tmx(tmp_path), broken])


def test_the_concord_command(tmp_path: Path) -> None:
    path = _tmx(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["concord", "всеобъемлющего стратегического", "--tm", str(path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "[" in line]
    assert len(lines) == 2 and "origin: Alignment" in lines[0] and "document: a.txt" in lines[0]
    assert UNITS[0][1] in lines[0]

    queries = tmp_path / "queries.txt"
    queries.write_text("strategic partnerships\n\nкошка\n", encoding="utf-8")
    result = runner.invoke(app, ["concord", "--queries", str(queries), "--tm", str(path), "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [(hit["query"], hit["match"], hit["document"]) for hit in hits] == [
        ("strategic partnerships", "strategic partnership", "a.txt"),
        ("strategic partnerships", "strategic partnership", "b.txt"),
    ]

    assert runner.invoke(app, ["concord", "кошка", "--tm", str(path)]).exit_code == 1


def _exit_code(args: list[str]) -> int:
    """The exit code through tm's runner, which maps tm's errors to the README's table."""
    from tm.cli.runner import run

    with pytest.raises(SystemExit) as exit_info:
        run(app, "tm", args)
    return int(exit_info.value.code or 0)


def test_exit_codes_through_the_runner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _tmx(tmp_path)
    assert _exit_code(["concord", "--tm", str(path)]) == 2  # no query
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header/><body><tu>", encoding="utf-8")
    capsys.readouterr()
    assert _exit_code(["concord", "партнерство", "--tm", str(broken)]) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith("tm: error:") and "Traceback" not in captured.err
    assert captured.out == ""  # nothing half-written


def test_numbers_count_by_value(tmp_path: Path) -> None:
    path = _tmx(
        tmp_path,
        [
            ("Рост составил 18,3 процента.", "Growth was 18.3 percent.", "Alignment", "a.txt"),
            ("Рост составил 18,4 процента.", "Growth was 18.4 percent.", "Alignment", "b.txt"),
            ("Добыто 18 300 тонн.", "They mined 18,300 tonnes.", "Alignment", "c.txt"),
        ],
    )
    russian, english, grouped, spaced = concordance(["18.3 процента", "18.3", "18300 тонн", "18 300"], [path])
    assert [hit.document for hit in russian.hits] == ["a.txt"] and russian.hits[0].match == "18,3 процента"
    assert [hit.document for hit in english.hits] == ["a.txt"]  # never 18.4, never 18,300
    assert [hit.match for hit in grouped.hits] == ["18 300 тонн"]
    assert [(hit.document, hit.match) for hit in spaced.hits] == [("c.txt", "18,300")]  # English: the comma groups
