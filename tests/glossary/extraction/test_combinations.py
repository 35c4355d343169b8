"""Issue 19, task C: free combinations of ordinary words out of the top (combinations.py).

A noun of action of a verb of every topic (нарушение, выполнение) is dropped, a domain word
(законопроект) and a noun that names an instrument (соглашение) are kept; a phrase of ordinary
words seen once (движущая сила) keeps LONE_PRIOR of its score, a phrase with a domain word or one
seen in two sentences keeps all of it. The sentences are made up."""

from __future__ import annotations

from glossary.extraction.candidates import PHRASE, WORD
from glossary.extraction.combinations import (
    LONE_PRIOR,
    action_verb,
    drops_word,
    evidence_prior,
    general_verbal_noun,
    lone_general_phrase,
)
from glossary.extraction.ranking import Candidate, explain
from tests.support.ranking import extractor_ranking


def test_a_noun_of_action_is_told_by_its_verb() -> None:
    assert action_verb("нарушение") == "нарушить"
    assert action_verb("наказание") == "наказать"
    assert action_verb("выполнение") == "выполнить"
    for noun in ("законопроект", "налог", "здание", "санкция"):
        assert action_verb(noun) is None, noun


def test_a_noun_of_action_of_a_verb_of_every_topic_is_general() -> None:
    for noun in ("нарушение", "выполнение", "ограничение"):
        assert general_verbal_noun(noun), noun
    # a verb of the domain's procedures is rarer; an instrument's name is exempt
    for noun in ("урегулирование", "лицензирование", "соглашение", "законопроект"):
        assert not general_verbal_noun(noun), noun
    assert drops_word(Candidate("нарушение", WORD, "нарушение", 5, lemmas=("нарушение",)))
    assert not drops_word(Candidate("нарушение", WORD, "нарушение", 5, lemmas=("нарушение",), in_reference=True))


def test_a_general_noun_of_action_is_dropped_a_domain_word_kept() -> None:
    sentences = [
        "Комиссия нашла нарушение при подготовке законопроекта.",
        "Депутаты назвали это нарушение серьезным, законопроект отозван.",
        "Парламент обсудил законопроект, нарушение признано.",
        "Прокурор проверит нарушение, а законопроект вернут в думу.",
    ]
    ranked = [c.key for c in extractor_ranking(sentences)]
    assert "законопроект" in ranked
    assert "нарушение" not in ranked


def _phrase(canonical: str, sentences: list[int]) -> Candidate:
    return Candidate(canonical, PHRASE, canonical, len(sentences), sentences=sentences)


def test_a_free_combination_seen_once_needs_more_evidence() -> None:
    for phrase in ("движущая сила", "человеческая природа", "всеобщая забастовка"):
        assert lone_general_phrase(_phrase(phrase, [3])), phrase
        assert evidence_prior(_phrase(phrase, [3])) == LONE_PRIOR
        # seen in two sentences, it has its evidence
        assert evidence_prior(_phrase(phrase, [3, 7])) == 1.0, phrase
    # a word of the domain, or a head that names an instrument or an institution: a term
    for phrase in ("неочищенная нефть", "рамочное соглашение", "налоговая декларация", "торгово-промышленная палата"):
        assert not lone_general_phrase(_phrase(phrase, [3])), phrase


def test_rank_candidates_gives_the_lone_free_combination_its_prior() -> None:
    sentences = [
        "Министр назвал рамочное соглашение с банками главной движущей силой.",
        "Правительство подписало рамочное соглашение о кредитах.",
        "Налоговая декларация подается до апреля, сообщил министр.",
    ]
    ranked = {c.canonical: c for c in extractor_ranking(sentences)}
    assert ranked["движущая сила"].modifier_prior == LONE_PRIOR
    assert "lone free combination" in explain(ranked["движущая сила"])
    assert ranked["рамочное соглашение"].modifier_prior == 1.0
    assert ranked["налоговая декларация"].modifier_prior == 1.0  # seen once, but a domain word
