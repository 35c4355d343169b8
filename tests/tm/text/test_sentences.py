from pathlib import Path

import pytest

from tests.support import DATA, ROOT
from tm.text.documents import read_document
from tm.text.segment import segment_document
from tm.text.sentences import split_sentences

GOLD = DATA / "gold"


@pytest.mark.parametrize("gold", sorted(p.name for p in GOLD.glob("*.txt")))
def test_seed_documents_match_the_hand_checked_gold(gold: str) -> None:
    expected = (GOLD / gold).read_text(encoding="utf-8").splitlines()
    got = [s.text for s in segment_document(read_document(str(ROOT / "seeds" / gold)))]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations razdel already handles, kept as regressions
        ("Объем достиг 28 млрд. долларов. Это рекорд.", ["Объем достиг 28 млрд. долларов.", "Это рекорд."]),
        ("Обсудили транспорт и т. д. Следующий вопрос.", ["Обсудили транспорт и т. д.", "Следующий вопрос."]),
        ("Работают 23 тыс. компаний. Из них 4 тыс. новые.", ["Работают 23 тыс. компаний.", "Из них 4 тыс. новые."]),
        ("Член РАПН № 23 по сотрудничеству. Он выступил.", ["Член РАПН № 23 по сотрудничеству.", "Он выступил."]),
        ("Встречу провел А. Г. Арутюнов. Он выступил.", ["Встречу провел А. Г. Арутюнов.", "Он выступил."]),
        # quotes: the attribution stays with the quote, a quote inside a sentence does not end it
        ("«Мы готовы», – заявил Токаев. Затем он уехал.", ["«Мы готовы», – заявил Токаев.", "Затем он уехал."]),
        ('"Мы готовы. Это важно", - заявил он. Далее.', ['"Мы готовы.', 'Это важно", - заявил он.', "Далее."]),
        ("Он спросил: «Когда?» Ответа не было.", ["Он спросил: «Когда?»", "Ответа не было."]),
        ('В статье "Вечная дружба - звезда". Далее.', ['В статье "Вечная дружба - звезда".', "Далее."]),
        # what razdel alone gets wrong
        ("Договор подписан в 1992 г. Он действует.", ["Договор подписан в 1992 г.", "Он действует."]),
        ("В 2019–2020 гг. Казахстан рос. Далее.", ["В 2019–2020 гг. Казахстан рос.", "Далее."]),
        ("Встречу провел Арутюнов А.Г. Он выступил.", ["Встречу провел Арутюнов А.Г.", "Он выступил."]),
        ("Около 30 млрд долл. США. Это много.", ["Около 30 млрд долл. США.", "Это много."]),
        (
            "Москва. 11 ноября. ТАСС - Начались переговоры. Итоги позже.",
            ["Москва. 11 ноября. ТАСС - Начались переговоры.", "Итоги позже."],
        ),
        # headings and punctuation-only pieces
        ("СОТРУДНИЧЕСТВО С РФ", ["СОТРУДНИЧЕСТВО С РФ"]),
        ("– … –", []),
    ],
)
def test_sentence_rules(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_sentences_are_substrings_of_the_paragraph() -> None:
    paragraph = "Москва. 11 ноября. ТАСС - Начались переговоры.  Договор подписан в 1992 г. Он действует."
    for sentence in split_sentences(paragraph):
        assert sentence in paragraph


def test_a_paragraph_without_punctuation_is_cut_in_windows_at_white_space() -> None:
    from tm.text.sentences import MAX_WINDOW

    words = ("сотрудничество развитие партнерство " * 12_000).split()
    paragraph = " ".join(words)
    sentences = split_sentences(paragraph)
    assert len(sentences) > 1 and all(len(s) <= MAX_WINDOW for s in sentences)
    assert " ".join(sentences).split() == words  # nothing lost, no word cut in two


def test_windows_prefer_a_sentence_end() -> None:
    from tm.text.sentences import windows

    sentence = "Стороны обсудили вопросы торгово-экономического сотрудничества. "
    paragraph = sentence * 400
    for start, end in windows(paragraph)[:-1]:
        assert paragraph[start:end].endswith(". ")


@pytest.mark.parametrize(
    "text",
    [
        'На выставке показали картины 2006 г. "Легенда о времени" и другие работы художника.',
        "Как сообщалось, в сентябре 2019 г. ByteDance открыла офис в Москве.",
    ],
)
def test_a_year_before_a_title_or_a_latin_name_is_no_sentence_end(text: str) -> None:
    assert split_sentences(text) == [text]


# --- the trace of the repair rules (tm segment --explain) ---


@pytest.mark.parametrize(
    "text, boundary, action, rule",
    [
        # the boundary is named by the text just before it
        ("Договор подписан в 1992 г. Он действует.", "в 1992 г.", "split", "split_after_year"),
        ("Встречу провел Арутюнов А.Г. Он выступил.", "Арутюнов А.Г.", "split", "split_after_postposed_initials"),
        ("В 2019–2020 гг. Казахстан рос. Далее.", "2019–2020 гг.", "join", "join_year_prefix"),
        ("Около 30 млрд долл. США. Это много.", "млрд долл.", "join", "join_abbreviation_tail"),
        ("Москва. 11 ноября. ТАСС - Начались переговоры. Итоги позже.", "Москва.", "join", "join_dateline"),
    ],
)
def test_each_rule_is_named_at_the_boundary_it_moved(text: str, boundary: str, action: str, rule: str) -> None:
    from tm.text.sentences import Decision, explain_sentences

    explanation = explain_sentences(text)
    assert explanation.sentences == split_sentences(text)
    offset = text.index(boundary) + len(boundary)
    assert Decision(offset, action, rule) in explanation.decisions
    assert all(d.offset < len(text) for d in explanation.decisions)


def test_boundaries_razdel_keeps_have_no_decision() -> None:
    from tm.text.sentences import explain_sentences

    explanation = explain_sentences("Объем достиг 28 млрд. долларов. Это рекорд. «Мы готовы», – заявил Токаев.")
    assert explanation.decisions == []
    assert len(explanation.sentences) == 3


def test_the_dateline_of_the_seeds_is_explained() -> None:
    from tm.text.segment import explain_document

    document = read_document(str(ROOT / "seeds" / "002_tokayev-article-rg.txt"))
    first = explain_document(document)[0]
    assert first.segment.text.startswith("Москва. 11 ноября. KAZAKHSTAN TODAY - Отношения")
    assert [(d.offset - first.offset, d.action, d.rule) for d in first.decisions] == [
        (len("Москва."), "join", "join_dateline"),
        (len("Москва. 11 ноября."), "join", "join_dateline"),
    ]
    assert first.notes() == [
        "join_dateline: join «Москва.|11 ноября. KAZAKHST…»",
        "join_dateline: join «Москва. 11 ноября.|KAZAKHSTAN TODAY -…»",
    ]


@pytest.mark.parametrize("keep_furniture", [False, True])
def test_explained_segments_are_the_segments(seed_files: list[Path], keep_furniture: bool) -> None:
    from tm.text.segment import explain_document

    decisions = 0
    for path in seed_files:
        document = read_document(str(path))
        explained = explain_document(document, keep_furniture)
        assert [e.segment for e in explained] == segment_document(document, keep_furniture)
        for item in explained:
            # the offset is where the text stands in its paragraph: a decision inside it cuts it
            for decision in item.decisions:
                assert 0 < decision.offset - item.offset <= len(item.segment.text)
            decisions += len(item.decisions)
    assert decisions >= 2  # the dateline at least


def test_a_split_boundary_belongs_to_the_sentence_it_ends() -> None:
    from tm.text.documents import Document
    from tm.text.segment import explain_document

    text = "Договор подписан в 1992 г. Он действует. – Да. Встречу провел Арутюнов А.Г. Он выступил.\n"
    explained = explain_document(Document("d.txt", text, "utf-8"))
    assert [e.segment.text for e in explained] == [
        "Договор подписан в 1992 г.",
        "Он действует.",
        "Да.",
        "Встречу провел Арутюнов А.Г.",
        "Он выступил.",
    ]
    assert [[d.rule for d in e.decisions] for e in explained] == [
        ["split_after_year"],
        [],
        [],
        ["split_after_postposed_initials"],
        [],
    ]
    for item in explained:  # the text before a split boundary is the sentence's end
        for decision in item.decisions:
            assert item.segment.text[: decision.offset - item.offset] == item.segment.text


def test_segment_explain_prints_the_same_sentences(seed_files: list[Path]) -> None:
    import json

    from typer.testing import CliRunner

    from tm.cli.commands import app

    runner = CliRunner()
    paths = [str(p) for p in seed_files]
    plain = runner.invoke(app, ["segment", *paths])
    explained = runner.invoke(app, ["segment", "--explain", *paths])
    assert plain.exit_code == explained.exit_code == 0
    notes = [line for line in explained.stdout.splitlines() if line.startswith("  ")]
    assert "  join_dateline: join «Москва.|11 ноября. KAZAKHST…»" in notes
    assert [line for line in explained.stdout.splitlines() if not line.startswith("  ")] == plain.stdout.splitlines()

    plain_json = [json.loads(line) for line in runner.invoke(app, ["segment", "--json", *paths]).stdout.splitlines()]
    both = [json.loads(line) for line in runner.invoke(app, ["segment", "--json", "--explain", *paths]).stdout.splitlines()]
    assert [{k: v for k, v in o.items() if k not in ("offset", "decisions")} for o in both] == plain_json
    assert sum(len(o["decisions"]) for o in both) == len(notes)
    assert {"offset": 7, "action": "join", "rule": "join_dateline"} in both[
        next(i for i, o in enumerate(both) if o["text"].startswith("Москва. 11 ноября."))
    ]["decisions"]
