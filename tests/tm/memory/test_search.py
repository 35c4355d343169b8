"""`tm search`: brute-force OmegaT scoring of every unit of the memories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.core.errors import TmxError
from tm.memory.search import search

UNITS = [
    ("ВВП вырос на 18,4 процента.", "GDP grew by 18.4 percent.", "MachineTranslation", "a.txt"),
    ("ВВП вырос на 18,3 процента.", "GDP grew by 18.3 percent.", "Alignment", "b.txt"),
    ("Погода сегодня хорошая.", "The weather is fine today.", "Alignment", "c.txt"),
]


def _tmx(tmp_path: Path, units: list[tuple[str, str, str, str]] = UNITS) -> Path:
    body = "".join(
        f'<tu><prop type="x-Origin">{origin}</prop><prop type="x-document">{doc}</prop>'
        f'<tuv xml:lang="ru"><seg>{ru}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for ru, en, origin, doc in units
    )
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
        f"<body>{body}</body></tmx>",
        encoding="utf-8",
    )
    return path


def test_the_exact_unit_comes_first_and_numbers_count(tmp_path: Path) -> None:
    [matches] = search(["ВВП вырос на 18,3 процента."], [_tmx(tmp_path)])
    # the weather is left out: no word in common; its spaces and point give it an adjusted score,
    # but OmegaT keeps a match only for a word score at the threshold (haveChanceToAdd)
    assert [m.document for m in matches] == ["b.txt", "a.txt"]
    assert matches[0].scores.as_tuple() == (100, 100, 100)
    assert matches[0].origin == "Alignment" and matches[0].target == "GDP grew by 18.3 percent."
    assert matches[1].scores.as_tuple() == (99, 99, 90)  # «18,4» is no 100% match: numbers count


def test_a_number_in_another_notation_agrees(tmp_path: Path) -> None:
    [matches] = search(["ВВП вырос на 18.3 процента."], [_tmx(tmp_path)], top=2)
    assert [m.document for m in matches] == ["b.txt", "a.txt"]
    assert matches[0].scores.as_tuple() == (100, 100, 100)
    assert max(matches[1].scores.as_tuple()) < 100


def test_top_and_several_queries(tmp_path: Path) -> None:
    first, second = search(["ВВП вырос на 18,3 процента.", "Погода хорошая."], [_tmx(tmp_path)], top=1)
    assert [m.document for m in first] == ["b.txt"]
    assert [m.document for m in second] == ["c.txt"]


def test_no_match_above_the_threshold(tmp_path: Path) -> None:
    assert search(["Кошки"], [_tmx(tmp_path)]) == [[]]


def test_a_broken_tmx_is_a_tmx_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header/><body><tu>", encoding="utf-8")
    with pytest.raises(TmxError):
        search(["ВВП"], [broken])


def test_the_search_command_prints_json_and_exits_1_without_a_match(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tm.cli.commands import app

    path = _tmx(tmp_path)
    result = CliRunner().invoke(app, ["search", "ВВП вырос на 18,3 процента.", "--tm", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "ВВП вырос на 18,3 процента."
    best = data["matches"][0]
    assert (best["score"], best["score_no_stem"], best["adjusted_score"]) == (100, 100, 100)
    assert best["origin"] == "Alignment" and best["document"] == "b.txt"

    queries = tmp_path / "queries.txt"
    queries.write_text("Погода хорошая.\n\nКошки\n", encoding="utf-8")
    several = json.loads(CliRunner().invoke(app, ["search", "--queries", str(queries), "--tm", str(path), "--json"]).output)
    assert [len(item["matches"]) for item in several] == [1, 0]

    none = CliRunner().invoke(app, ["search", "Кошки", "--tm", str(path)])
    assert none.exit_code == 1
    assert "no match" in none.output


def test_the_one_scoring_is_omegats_on_random_units() -> None:
    """`_Query.scores` (brute force's and the index's one scoring, rapidfuzz's edit distance,
    given token lists, a precomputed stem score, or neither) against tm/memory/matching.py's
    OmegaT port on random units: the same three scores whenever they pass, None otherwise."""
    import random

    from tm.memory import matching
    from tm.memory.search import _Query, similarity

    words = "рост ВВП составил 18,3 процента и в году на министр экономики заявил о что не 2024 США & долл.".split()
    rng = random.Random(18)
    for _ in range(1500):
        query_text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        source = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        threshold = rng.choice([0, 30, 70])
        query = _Query(query_text, 5, threshold)
        reference = matching.score(query_text, source)
        expected = reference if matching.passes(reference, threshold) else None
        stem = list(matching.tokens_stem(source))
        assert query.scores(source, stem) == expected, (query_text, source, threshold)
        assert query.scores(source, similarity(query.stem, stem)) == expected
        no_stem, every = list(matching.tokens_no_stem(source)), list(matching.tokens_all(source))
        assert query.scores(source, stem, no_stem, every) == expected
    long = [str(i % 7) for i in range(1200)]  # past MAX_N tokens: both cut the lists
    assert similarity(long, long[3:]) == matching.similarity(long, long[3:])
