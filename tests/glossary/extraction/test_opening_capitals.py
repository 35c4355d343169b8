"""Issue 19, stop 7: capitals that open a heading, a rubric or a sentence within a line say
nothing of a term's spelling; a name seen only there is told by its NER span (made-up sentences)."""

from __future__ import annotations

from glossary.extraction.morphology import words
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import rank_candidates

OPTIONS = ExtractionOptions(use_reference=False, min_relevance=0, min_specificity=0, min_frequency=1)


def _initial(sentence: str) -> dict[str, bool]:
    return {w.text: w.initial for w in words(sentence)}


def test_a_word_after_a_colon_or_a_sentence_stop_opens_and_an_abbreviations_does_not() -> None:
    assert _initial("Следствие и суд: Силовые структуры: Lenta.ru")["Силовые"]
    assert _initial("Заседание закрыто. Совет начал работу.")["Совет"]
    # «г.», «т.» are abbreviations: the name after keeps its own capital.
    assert not _initial("Он прибыл в г. Москва вечером.")["Москва"]
    assert not _initial("Совет собрался в Москве.")["Москве"]


def test_a_rubrics_capital_is_no_part_of_the_canonical_form() -> None:
    sentences = ["Суд арестовал подозреваемого: Следствие и суд: Силовые структуры: Новости"]
    canonical = {c.key: c.canonical for c in rank_candidates(sentences, OPTIONS)}
    assert canonical["силовой структура"][:1].islower()


def test_a_name_seen_only_at_a_sentence_start_keeps_its_capital_from_its_ner_span() -> None:
    # Spelled out before its acronym, it opens the sentence: its capital is the sentence's, but
    # the tagger spans an organisation, so it is a name, and a plural name keeps its number.
    sentences = [
        "Сирийские демократические силы (СДС) теперь ведут зачистку города после ухода боевиков.",
        "Налоговая служба сообщила о проверке.",  # an ORG span too, but no acronym spelled out
    ]
    canonical = {c.key: c.canonical for c in rank_candidates(sentences, OPTIONS)}
    assert canonical["сирийский демократический сила"] == "Сирийские демократические силы"
    # A common phrase opening a sentence stays in lower case.
    assert canonical["зачистка город"] == "зачистка города"
    assert canonical["налоговый служба"] == "налоговая служба"


def test_a_full_stop_after_a_lower_case_abbreviation_opens_nothing() -> None:
    from glossary.extraction.morphology import words

    by_text = {w.text: w for w in words("Сделка на 2 млрд. Газпром подписал с проф. Ивановым.")}
    assert not by_text["Газпром"].initial and not by_text["Ивановым"].initial
    # an upper-case abbreviation may end a sentence: the next word opens one
    assert {w.text: w for w in words("Визит в США. Правительство одобрило его.")}["Правительство"].initial
