"""A treaty's name with its subject, whole (issue 19, fifteenth stop): noun_phrases stops at the
preposition, so «Договор о коллективной безопасности» gave only «коллективная безопасность»
and the instrument was lost. Made-up sentences throughout."""

from __future__ import annotations

from glossary.entries import TREATY
from glossary.extraction.candidates import treaty_names
from glossary.extraction.morphology import words
from tests.support.ranking import extractor_ranking


def _names(sentence: str) -> list[str]:
    return [o.singular for o in treaty_names(sentence, words(sentence), 0)]


def test_a_capitalised_treaty_is_named_with_its_subject() -> None:
    assert _names("Стороны подтвердили приверженность Договору о коллективной безопасности.") == [
        "Договор о коллективной безопасности"
    ]
    # a place in the subject is the treaty's own, not an owner
    assert _names("Казахстан ратифицировал Конвенцию о правовом статусе Каспийского моря.") == [
        "Конвенция о правовом статусе Каспийского моря"
    ]
    # subjects listed with commas and closed by «и», as written
    assert _names("Был подписан Договор о вечной дружбе, сотрудничестве и взаимной помощи, который действует.") == [
        "Договор о вечной дружбе, сотрудничестве и взаимной помощи"
    ]
    # the name's capital on its adjective, the head in lower case
    assert _names("Это прозвучало на конференции сторон Рамочной конвенции по защите морской среды.") == [
        "Рамочная конвенция по защите морской среды"
    ]


def test_a_description_or_a_cut_name_is_no_treatys_name() -> None:
    assert _names("Компания подписала соглашение о поставках газа.") == []  # lower case: a description
    assert _names("Договор о коллективной безопасности продлен.") == []  # at the start nothing tells
    # the subject goes on where it cannot be followed: the name would be cut
    assert _names("Верен Договору о дружбе, торговле и мореплаванию.") == []
    assert _names("Вступило в силу Соглашение о пенсионном обеспечении трудящихся государств — членов союза.") == []
    assert _names("Принята Декларация о переходе отношений Казахстана и России на новый уровень.") == []


def test_a_treatys_name_ranks_as_a_treaty() -> None:
    ranked = {
        c.canonical: c
        for c in extractor_ranking(
            [
                "Стороны подтвердили приверженность Договору о коллективной безопасности.",
                "Министры обсудили выполнение Договора о коллективной безопасности.",
                "Парламент ратифицировал протокол к Договору о коллективной безопасности.",
            ]
        )
    }
    assert ranked["Договор о коллективной безопасности"].category == TREATY
