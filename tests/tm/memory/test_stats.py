"""`tm stats`: words and characters per language, counted by the rule of tm/memory/stats.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.memory.stats import count_words, tmx_stats


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Казахстан и Россия подписали декларацию.", 5),
        ("Северо-Запад, O'Neill и don’t", 4),  # inner hyphen and apostrophes join
        ("рост 18,3 % и 2.5 pp", 5),  # a decimal number is one word; "%" is none
        ("— Вопрос:\tкак дела?", 3),  # a dash and a label's punctuation are no words
        ("end.Start - x", 3),  # a point between letters and a free hyphen separate
        ("", 0),
    ],
)
def test_words_by_the_documented_rule(text: str, words: int) -> None:
    assert count_words(text) == words


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ru-RU" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="test"/><body>
<tu><prop type="x-Origin">Alignment</prop><prop type="x-document">a.txt</prop>
 <tuv xml:lang="ru-RU"><seg>Стороны обсудили сотрудничество.</seg></tuv>
 <tuv xml:lang="en-US"><seg>The sides discussed cooperation.</seg></tuv></tu>
<tu><prop type="x-document">a.txt</prop>
 <tuv xml:lang="ru-RU"><seg>Рост <bpt i="1">&lt;b&gt;</bpt>18,3<ept i="1">&lt;/b&gt;</ept> %</seg></tuv>
 <tuv xml:lang="en-US"><seg>Growth of 18.3%</seg></tuv></tu>
</body></tmx>
"""


def _tmx(tmp_path: Path) -> Path:
    path = tmp_path / "small.tmx"
    path.write_text(TMX, encoding="utf-8")
    return path


def test_stats_count_words_and_characters_per_language(tmp_path: Path) -> None:
    stats = tmx_stats(_tmx(tmp_path))
    assert stats.units == 2
    # ru: 3 + 2 words («Рост», «18,3»; "%" is none, the codes' content is not text)
    # "Стороны обсудили сотрудничество." 32 characters, 2 spaces; "Рост 18,3 %" 11, 2 spaces
    assert stats.to_dict()["volume"] == {
        "ru-RU": {"words": 5, "characters": 39, "characters_with_spaces": 43},
        # "The sides discussed cooperation." 32, 3 spaces; "Growth of 18.3%" 15, 2 spaces
        "en-US": {"words": 7, "characters": 42, "characters_with_spaces": 47},
    }


def test_the_stats_command_prints_them_as_text_and_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tm.cli.commands import app

    path = _tmx(tmp_path)
    text = CliRunner().invoke(app, ["stats", str(path)])
    assert text.exit_code == 0, text.output
    assert "words and characters (without / with spaces):" in text.output
    assert "ru-RU" in text.output and "5 words" in text.output and "39 / 43 characters" in text.output
    assert "en-US" in text.output and "7 words" in text.output and "42 / 47 characters" in text.output
    data = json.loads(CliRunner().invoke(app, ["stats", str(path), "--json"]).output)
    assert data["volume"]["en-US"] == {"words": 7, "characters": 42, "characters_with_spaces": 47}
    assert data["languages"] == {"ru-RU": 2, "en-US": 2}
