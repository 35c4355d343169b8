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
        ("Москва. 11 ноября. ТАСС - Начались переговоры. Итоги позже.",
         ["Москва. 11 ноября. ТАСС - Начались переговоры.", "Итоги позже."]),
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


@pytest.mark.parametrize("text", [
    'На выставке показали картины 2006 г. "Легенда о времени" и другие работы художника.',
    "Как сообщалось, в сентябре 2019 г. ByteDance открыла офис в Москве.",
])
def test_a_year_before_a_title_or_a_latin_name_is_no_sentence_end(text: str) -> None:
    assert split_sentences(text) == [text]
