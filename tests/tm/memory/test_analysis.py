"""`tm analyze`: match bands of a tiny job whose every band is known, checked against the scorer."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.support import sandbox_env
from tm.core.errors import InputError, TmxError
from tm.memory.analysis import BANDS, NO_MATCH, TOTAL, analyze, fuzzy_band
from tm.memory.build import contexts, read_segments
from tm.memory.matching import score
from tm.memory.stats import count_words

CONTEXT = "Совет Безопасности ООН собрался в Нью-Йорке."
EXACT = "Министр иностранных дел прибыл в Москву."
NUMBER = "ВВП вырос на 18,3 процента."
NINETY = "Правительство утвердило новую программу развития сельского хозяйства на ближайшие десять лет."
EIGHTY = "Делегация обсудила вопросы торговли и энергетики."
SIXTY = "Стороны подписали соглашение о сотрудничестве в области образования."
NONE = "Кошки любят молоко."

# memory sources (the first gets the context of the document's first segment)
UNITS = [
    CONTEXT,
    EXACT,
    "ВВП вырос на 18,4 процента.",
    "Правительство утвердило новую программу развития сельского хозяйства на ближайшие пять лет.",
    "Делегация обсудила вопросы торговли и транспорта.",
    "Стороны подписали меморандум о сотрудничестве в области культуры.",
]
DOC_A = [CONTEXT, EXACT, NUMBER, NINETY, EIGHTY, SIXTY, NONE, EXACT]
DOC_B = [NUMBER, NONE, EXACT]
# the band of each segment, in order (repetitions: a source seen earlier in the job)
EXPECTED_A = ["101%", "100%", "95-99", "85-94", "75-84", "50-74", NO_MATCH, "repetitions"]
EXPECTED_B = ["repetitions"] * 3


def _job(tmp_path: Path) -> tuple[list[str], Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("\n\n".join(DOC_A) + "\n", encoding="utf-8")
    (docs / "b.txt").write_text("\n\n".join(DOC_B) + "\n", encoding="utf-8")
    first = contexts(read_segments([str(docs / "a.txt")]).segments)[0]
    assert first.source == CONTEXT and first.pre is None
    body = []
    for i, source in enumerate(UNITS):
        props = f'<prop type="x-context-post">{escape(first.post or "")}</prop>' if i == 0 else ""
        body.append(
            f'<tu tuid="u{i}"><prop type="x-Origin">Alignment</prop><tuv xml:lang="ru">{props}<seg>{escape(source)}</seg></tuv>'
            f'<tuv xml:lang="en"><seg>English {i}.</seg></tuv></tu>'
        )
    memory = tmp_path / "memory.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
        f"<body>{''.join(body)}</body></tmx>",
        encoding="utf-8",
    )
    return [str(docs)], memory


def test_the_oracle_puts_each_segment_in_its_band() -> None:
    """The expected fuzzy bands follow from OmegaT's score of the best unit, not from hand."""
    for segment, band in zip(DOC_A[2:7], EXPECTED_A[2:7], strict=True):
        assert fuzzy_band(max(score(segment, unit).score for unit in UNITS)) == band
    assert score(NUMBER, UNITS[2]).as_tuple() == (99, 99, 90)  # numbers differ: no 100% match


def test_bands_words_and_totals(tmp_path: Path) -> None:
    paths, memory = _job(tmp_path)
    result = analyze(paths, [memory])
    assert [s.band for s in result.segments] == EXPECTED_A + EXPECTED_B
    assert [Path(name).name for name in result.documents] == ["a.txt", "b.txt"]
    for segment in result.segments:
        if segment.band not in ("repetitions", "101%", "100%", NO_MATCH):
            best = max((score(segment.source, unit) for unit in UNITS), key=lambda s: s.as_tuple())
            assert segment.scores == best
    total = result.total
    assert {band: total[band].segments for band in BANDS} == {
        "repetitions": 4,
        "101%": 1,
        "100%": 1,
        "95-99": 1,
        "85-94": 1,
        "75-84": 1,
        "50-74": 1,
        NO_MATCH: 1,
    }
    assert total["95-99"].volume.words == count_words(NUMBER) == 5  # «18,3» is one word
    assert total["repetitions"].volume.words == count_words(EXACT) * 2 + count_words(NUMBER) + count_words(NONE)
    data = result.to_dict()
    assert data["total"][TOTAL]["words"] == sum(count_words(s) for s in DOC_A + DOC_B)  # type: ignore[index]
    assert data["total"][TOTAL]["characters_with_spaces"] == sum(len(s) for s in DOC_A + DOC_B)  # type: ignore[index]
    assert data["documents"][str(Path(paths[0]) / "b.txt")]["repetitions"]["segments"] == 3  # type: ignore[index]
    rows = list(csv.DictReader(result.to_csv().decode().splitlines()))
    assert len(rows) == 3 * (len(BANDS) + 1)
    assert rows[-1] == {
        "document": TOTAL,
        "band": TOTAL,
        "segments": "11",
        "words": str(data["total"][TOTAL]["words"]),  # type: ignore[index]
        "characters": str(data["total"][TOTAL]["characters"]),  # type: ignore[index]
        "characters_with_spaces": str(data["total"][TOTAL]["characters_with_spaces"]),  # type: ignore[index]
    }


def test_without_a_memory_only_repetitions_and_no_match(tmp_path: Path) -> None:
    paths, _ = _job(tmp_path)
    result = analyze(paths, [])
    assert {s.band for s in result.segments} == {"repetitions", NO_MATCH}


def test_broken_inputs_are_errors(tmp_path: Path) -> None:
    paths, _ = _job(tmp_path)
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header/><body><tu>", encoding="utf-8")
    with pytest.raises(TmxError):
        analyze(paths, [broken])
    with pytest.raises(InputError):
        analyze([str(tmp_path / "missing.txt")], [])


def _tm(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = sandbox_env(tmp_path / "home")
    result = subprocess.run([sys.executable, "-m", "tm.cli", *args], env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
def test_cli_table_json_csv_and_exit_codes(tmp_path: Path) -> None:
    paths, memory = _job(tmp_path)
    out = tmp_path / "bands.csv"
    result = _tm(["analyze", *paths, "--tm", str(memory), "--json", "--csv", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"]["101%"]["segments"] == 1
    assert out.read_text(encoding="utf-8").startswith("document,band,segments,words,characters,characters_with_spaces\n")
    table = _tm(["analyze", *paths, "--tm", str(memory)], tmp_path)
    assert table.returncode == 0 and "all documents" in table.stdout and "95-99" in table.stdout
    missing = _tm(["analyze", *paths, "--tm", str(tmp_path / "none.tmx")], tmp_path)
    assert missing.returncode == 3 and missing.stderr.startswith("tm: error: ")
    onto_input = _tm(["analyze", *paths, "--tm", str(memory), "--csv", str(memory)], tmp_path)
    assert onto_input.returncode == 2  # not a .csv name
    source = Path(paths[0]) / "a.csv"
    source.write_text("x", encoding="utf-8")
    clash = _tm(["analyze", str(source.with_suffix(".txt")), str(source), "--csv", str(source)], tmp_path)
    assert clash.returncode == 5 and source.read_text(encoding="utf-8") == "x"
