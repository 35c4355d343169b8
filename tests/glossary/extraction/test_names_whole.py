"""Issue 19, stop 8: the pieces of a name are no candidates of their own: an acronym among the
words of a quoted name («СП "ЛК Медь"»), a phrase inside the long name a bracketed acronym
spells out, its complement's («морская техника» of «Центр учёта наземной и морской техники
(ЦУНМТ)»). Made-up
sentences throughout."""

from __future__ import annotations

import pytest

from glossary.extraction.candidates import ACRONYM, PHRASE, find_candidates


def _found(sentence: str, kind: str) -> set[str]:
    return {o.singular for o in find_candidates(sentence, 0) if o.kind == kind}


@pytest.mark.parametrize(
    ("sentence", "acronyms"),
    [
        ('В мае партнеры создали СП "ЛК Медь", где у МВФ нет доли.', {"СП", "МВФ"}),
        ("Акции купил холдинг «ТК Восток».", set()),
        ("Рейтинг присвоило агентство «Аналитик РА».", set()),
        # a law's title and a relation of two names are no names: the acronyms in them stay
        ('Суд применил закон "О ФСБ".', {"ФСБ"}),
        ("Саммит «Зерландия - ЕАЭС» прошел в мае.", {"ЕАЭС"}),
        ("«МВФ» отказал в кредите.", {"МВФ"}),  # quoted alone, the acronym is the name
        # a medium's acronym stands for its name: its sighting as the news' source counts
        ('Цены выросли, передает "ТИА Вести".', {"ТИА"}),
    ],
)
def test_an_acronym_among_the_words_of_a_quoted_name_is_no_acronym_of_its_own(sentence: str, acronyms: set[str]) -> None:
    assert _found(sentence, ACRONYM) == acronyms


def test_a_phrase_inside_the_long_name_an_acronym_spells_out_is_a_piece_of_it() -> None:
    sentence = "Он спорил с руководством Центра учета наземной и морской техники (ЦУНМТ) и ушел."
    assert "морская техника" not in _found(sentence, PHRASE)
    assert "ЦУНМТ" in _found(sentence, ACRONYM)
    # the expansion itself stays, and so does a piece that holds its head: a short form of it
    phrases = _found("Депутаты обсудили законопроект о гарантированном пенсионном продукте (ГПП).", PHRASE)
    assert {"гарантированный пенсионный продукт", "пенсионный продукт"} <= phrases
    phrases = _found("Ставку снизил Национальный банк Зерландии (НБЗ).", PHRASE)
    assert "национальный банк" in {p.lower() for p in phrases}
    # outside the name, or seen a second time in the sentence, the phrase is a sighting
    assert "морская техника" in _found("Морская техника дорожает, сообщил Центр учета (ЦУ).", PHRASE)
    twice = "Морская техника дорожает, заявил глава Центра учета наземной и морской техники (ЦУНМТ)."
    assert "морская техника" in _found(twice, PHRASE)


def test_a_phrase_cut_inside_a_coordinated_complement_is_no_sighting() -> None:
    phrases = {p.lower() for p in _found("Совет внес поправки в годовой план закупок и поставок угля.", PHRASE)}
    assert "годовой план закупок" not in phrases and "годовой план" in phrases
    assert "план закупок" in {p.lower() for p in _found("План закупок утвержден.", PHRASE)}
    # a head that may be genitive itself may be what «и» coordinates: the sighting stays
    phrases = {p.lower() for p in _found("Задержаны сотрудники Морской службы охраны и полиции.", PHRASE)}
    assert "морская служба охраны" in phrases


def test_a_name_opening_a_sentence_keeps_its_place_adjective_where_the_ner_holds_it() -> None:
    # Opening a sentence, the capital of «Евразийская» says nothing, and a place adjective is
    # cut as a free one («Российские инвесторы» → инвестор). The NER holds the whole name as
    # an organisation: the capital is the name's. «Российские инвесторы» it does not hold.
    from tests.support.ranking import ranked_canonicals

    sentences = [
        "Евразийская экономическая комиссия разработала проект технического регламента.",
        "Евразийская экономическая комиссия утвердила новые таможенные пошлины.",
        "Российские инвесторы вложили деньги в казахстанские облигации.",
        "Российские инвесторы ждут снижения налогов.",
    ]
    ranked = ranked_canonicals(sentences)
    assert "Евразийская экономическая комиссия" in ranked
    assert "экономическая комиссия" not in ranked
    assert "российский инвестор" not in ranked and "Российский инвестор" not in ranked
