"""A phrase cut inside a coordinated genitive complement names part of it, no concept
(candidates._cut_in_a_coordination): «баланс производства» of «баланс производства и поставок
энергии», and, with a comma, «Министерство цифрового развития» of «Министерство цифрового
развития, инноваций и аэрокосмической промышленности» (madeup-test2). Only where the head has
no genitive reading: in «сотрудники службы безопасности и полиции» the partner may be the head's."""

from __future__ import annotations

from glossary.extraction.candidates import PHRASE, find_candidates


def _phrases(sentence: str) -> set[str]:
    return {o.singular.lower() for o in find_candidates(sentence, 0) if o.kind == PHRASE}


def test_a_complement_coordinated_by_and_is_not_cut() -> None:
    found = _phrases("Правительство утвердило сводный баланс производства и поставок энергии на следующий год.")
    assert "сводный баланс производства" not in found and "баланс производства" not in found


def test_a_complement_listed_with_commas_is_not_cut() -> None:
    sentence = "Министерство цифрового развития, инноваций и аэрокосмической промышленности ведет переговоры."
    found = _phrases(sentence)
    assert "министерство цифрового развития" not in found
    assert "аэрокосмическая промышленность" in found
    found = _phrases(
        "Федеральное агентство по делам Содружества Независимых Государств, соотечественников, проживающих за "
        "рубежом, и по международному гуманитарному сотрудничеству (Россотрудничество) объявило конкурс."
    )
    assert "федеральное агентство по делам содружества независимых государств" not in found
    assert "содружество независимых государств" in found


def test_a_clause_after_the_comma_leaves_the_phrase_whole() -> None:
    """«которого» opens a relative clause, no second complement."""
    found = _phrases("Представитель Министерства финансов, которого цитирует агентство, отказался от комментариев.")
    assert "министерство финансов" in found
    found = _phrases("Министр финансов, экономист по образованию, выступил на форуме.")
    assert "министр финансов" in found


def test_a_capitalised_bodys_fields_are_listed_whatever_the_heads_case() -> None:
    # madeup-test6: «приказ Министерства промышленности и торговли»; the head in the genitive,
    # a capitalised body's name lists its fields, and so does its field phrase (test: «…
    # Организации экономического сотрудничества и развития»)
    found = _phrases("Соответствующий приказ Министерства промышленности и торговли опубликован.")
    assert "министерство промышленности" not in found
    found = _phrases("Об этом говорится в докладе Организации экономического сотрудничества и развития.")
    assert "организация экономического сотрудничества" not in found
    assert "экономическое сотрудничество" not in found
    # in lower case the partner may still be the head's: «службы … и полиции»
    found = _phrases("Сотрудники службы безопасности и полиции задержали подозреваемого.")
    assert "служба безопасности" in found
