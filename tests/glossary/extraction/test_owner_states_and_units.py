"""Issue 19, eleventh stop: what a build on new made-up news (a Caspian summit, grain quotas,
security talks) showed. A state's name cut a fund's name in two («Национальный фонд
Республики»), a state's name took a lowercase genitive («Арабские Эмираты бывшего
руководителя»), a quoted expansion lost its capital («казахстан темир жолы»), a unit ranked
as a term (тонна) and an acronym of a common noun was typed an organisation (ВВП)."""

from __future__ import annotations

from glossary.entries import CONCEPT, ORGANISATION
from glossary.extraction.candidates import find_candidates
from glossary.extraction.categories import categorise
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import rank_candidates
from tests.support.ranking import extractor_ranking, kept_and_dropped


def _forms(sentence: str) -> set[str]:
    return {o.singular for o in find_candidates(sentence, 0)}


def test_a_state_named_by_its_form_is_the_owner_not_part_of_the_name() -> None:
    forms = _forms("Активы Национального фонда Республики Казахстан составили 60 млрд долларов.")
    assert "Национальный фонд" in forms and "Национальный фонд Республики" not in forms
    forms = _forms("Таможенная администрация Исламской Республики Иран подписала меморандум.")
    assert not any(f.startswith("Таможенная администрация ") for f in forms)
    # a state's form noun with no state's name after it may be the name's own
    assert "Совет Федерации Федерального собрания" in _forms("Об этом сообщил Совет Федерации Федерального собрания.")


def test_a_names_lowercase_genitive_is_no_part_of_it() -> None:
    sentence = "Прокуратура добилась экстрадиции из Объединенных Арабских Эмиратов бывшего руководителя компании."
    assert not any("Эмират" in f and "руководител" in f for f in _forms(sentence))
    assert "Объединённые Арабские Эмираты" in _forms(sentence)


def test_a_quoted_expansion_keeps_its_capital() -> None:
    forms = _forms("Национальная компания «Казахстан темир жолы» (КТЖ) создала совместное предприятие.")
    assert "Казахстан темир жолы" in forms and "казахстан темир жолы" not in forms


GRAIN = [
    "Казахстан установил квоту на экспорт пшеницы в объеме миллиона тонн.",
    "Экспортная пошлина на пшеницу составит 30 долларов за тонну.",
    "Цена тонны зерна на внутреннем рынке выросла после введения экспортной квоты.",
    "Правительство продлило квоту на экспорт зерна, экспорт пшеницы сократился на тонну в сутки.",
    "Экспортная квота и экспортная пошлина защищают внутренний рынок зерна.",
]


def test_a_unit_is_no_term() -> None:
    dropped: dict[str, str] = {}
    kept = {c.key for c in rank_candidates(GRAIN, ExtractionOptions(use_reference=False, min_relevance=0), dropped=dropped)}
    assert "тонна" not in kept and dropped.get("тонна") == "a unit or an amount"
    assert "экспортный пошлина" in kept  # the domain's terms of the same sentences stay


def test_a_unit_the_dictionary_does_not_know_is_no_term() -> None:
    # pymorphy3 guesses «тенге» the locative of «тенг»: the key is no unit, the written form is.
    sentences = [
        "Торговля обслуживается в рублях и тенге.",
        "Стоимость устройства составляет 389 тысяч тенге.",
        "Курс тенге к рублю снизился, экспортная пошлина выросла.",
    ]
    kept, dropped = kept_and_dropped(sentences, min_relevance=0)
    assert not {"тенг", "тенге"} & kept
    assert dropped.get("тенг") == "a unit or an amount"
    assert "экспортная пошлина" in kept


def test_an_acronym_no_name_span_holds_is_a_concept() -> None:
    assert categorise("acronym", "ВВП", ("ввп",), False, 0.0, named=False) == CONCEPT
    assert categorise("acronym", "ОДКБ", ("одкб",), False, 0.0, named=True) == ORGANISATION
    sentences = [
        "Дефицит бюджета не превысит 3% ВВП, сообщил министр финансов.",
        "Рост ВВП Казахстана замедлился, а инфляция ускорилась.",
        "Генеральный секретарь ОДКБ заявил об учениях ОДКБ в Белоруссии.",
        "Страны ОДКБ и ШОС обсудили сотрудничество в сфере безопасности.",
    ]
    ranked = {c.canonical: c for c in extractor_ranking(sentences)}
    assert ranked["ВВП"].category == CONCEPT
    assert ranked["ОДКБ"].category == ORGANISATION


def test_a_mixed_case_unit_abbreviation_is_no_acronym() -> None:
    # pymorphy3 reads «МВт» an abbreviation whose dictionary form is itself: no «МВ» + a case
    # ending, so no acronym «МВТ» (madeup-test5's #8); «МИДа» is МИД in the genitive.
    from glossary.extraction.candidates import find_candidates

    found = {o.singular for o in find_candidates("Мощность ТЭЦ составит 240 МВт, сообщили в пресс-службе МИДа.", 0)}
    assert "МВТ" not in found and "МВт" not in found
    assert "МИД" in found
