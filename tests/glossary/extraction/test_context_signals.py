"""The signals of issue 19's second ranking round: a name navec does not know gets its
relevance from its contexts (no neutral constant to pass by form), and a company is a term only
where its own name is of the domain."""

from __future__ import annotations

import pytest

from glossary.extraction.candidates import NAME
from glossary.extraction.keeping import company, term_margin
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate, rank_candidates
from glossary.extraction.relevance import TYPICAL_CONTEXT, TYPICAL_RELEVANCE, UNKNOWN, context_relevance, knows
from tests.support.ranking import ranked_canonicals

ECONOMY = [
    "Представители Zorvex обсудили с министром финансов импортные пошлины и налоговые льготы.",
    "Zorvex предложил правительству снизить таможенные тарифы на экспорт нефти.",
    "Парламент рассмотрит бюджет и налоговые поправки, согласованные с Zorvex.",
]
FOOTBALL = [
    "Нападающий Quindle забил гол в ворота соперника на последней минуте матча.",
    "Болельщики Quindle праздновали победу в чемпионате после финального свистка.",
    "Тренер Quindle похвалил игроков за результативную игру в турнире.",
]


def test_context_relevance_scales_with_the_context_and_stays_under_the_neutral_score() -> None:
    assert context_relevance(TYPICAL_CONTEXT / 2, TYPICAL_RELEVANCE) == pytest.approx(TYPICAL_RELEVANCE / 2)
    assert context_relevance(1.0, TYPICAL_RELEVANCE) == UNKNOWN  # contexts vouch for no more than the old constant
    assert context_relevance(-0.1, TYPICAL_RELEVANCE) == 0.0
    assert not knows(["Zorvex", "Quindle"]) and knows(["Газпром"])


def test_an_unknown_name_is_judged_by_its_contexts(counted_once: None) -> None:
    # min_domain 0: the passage weight alone is not what decides here
    options = ExtractionOptions(use_reference=False, min_domain=0)
    ranked = {c.canonical: c for c in rank_candidates(ECONOMY + FOOTBALL, options)}
    assert "Zorvex" in ranked and "Quindle" not in ranked
    zorvex = ranked["Zorvex"]
    assert zorvex.context is not None and zorvex.context > 0.05
    assert zorvex.relevance == pytest.approx(context_relevance(zorvex.context, TYPICAL_RELEVANCE))
    assert term_margin(zorvex) == zorvex.context  # navec knows none of its words


def test_a_football_name_has_the_contexts_of_football(counted_once: None) -> None:
    options = ExtractionOptions(use_reference=False, min_domain=0, min_relevance=0)
    everything = rank_candidates(FOOTBALL + ECONOMY, options)
    assert "Quindle" not in {c.canonical for c in everything}  # its contexts are nearer sport than the domain


def test_a_company_is_told_by_its_legal_form_or_a_company_noun() -> None:
    from glossary.extraction.entities import company_context

    assert company_context('А в расходы ООО "ИВ-консалтинг" были заложены 4 млн руб.', "ИВ-консалтинг")
    assert company_context('Банк России отозвал лицензию у АО АКБ "ГАЗСТРОЙБАНК".', "ГАЗСТРОЙБАНК")
    assert company_context('ЦБ отозвал лицензию у Акционерного Коммерческого Банка "ГАЗСТРОЙБАНК".', "ГАЗСТРОЙБАНК")
    assert company_context("Компания Shell сократила тысячи людей.", "Shell")
    # the legal form is a term, not a company; an institution is no company
    assert not company_context('АО АКБ "ГАЗСТРОЙБАНК" - участник системы страхования вкладов.', "АКБ")
    assert not company_context("В Минприроды подтвердили, что проект внесен в правительство.", "Минприроды")
    assert not company_context("Центробанк снизил ключевую ставку.", "Центробанк")


def test_a_company_needs_a_name_of_the_domain(counted_once: None) -> None:
    sentences = [
        'Банк России отозвал лицензию у АО АКБ "Кварталвестбанк", сообщил регулятор.',
        'АО АКБ "Кварталвестбанк" проводило высокорискованную кредитную политику.',
        'ПАО "Газпром" подписало контракт на поставку газа с правительством Польши.',
        'Акционеры ПАО "Газпром" одобрили дивиденды и инвестиционную программу.',
    ]
    ranked = {c.canonical: c for c in rank_candidates(sentences, ExtractionOptions(use_reference=False, min_domain=0))}
    assert "Кварталвестбанк" not in ranked and "КВАРТАЛВЕСТБАНК" not in ranked  # unknown: contexts do not vouch for it
    assert "Газпром" in ranked  # a state-owned major: its own name is of the domain
    assert company(ranked["Газпром"])
    assert not company(Candidate("мид", "acronym", "МИД", 3, company_share=0.0))
    assert company(Candidate("x", NAME, "X", 3, company_share=0.5))


def test_a_noun_first_phrase_is_a_term_by_its_heads_kind() -> None:
    from glossary.extraction.ranking import NOUN_FIRST_OTHER_PRIOR, NOUN_FIRST_PRIOR, explain

    def phrase(key: str, canonical: str) -> Candidate:
        return Candidate(key, "phrase", canonical, 3, lemmas=tuple(key.split()), termhood=2.0)

    # an institution, an instrument or a post heads a term
    for key, canonical in (("администрация президент", "администрация президента"), ("договор поставка", "договор поставки")):
        assert phrase(key, canonical).prior == NOUN_FIRST_PRIOR, canonical
    # another head names an action on, or a measure of, its complement
    for key, canonical in (("оплата транспортный налог", "оплата транспортного налога"), ("размер госдолг", "размер госдолга")):
        c = phrase(key, canonical)
        assert c.prior == NOUN_FIRST_OTHER_PRIOR < NOUN_FIRST_PRIOR, canonical
        assert f"noun-first phrase {NOUN_FIRST_OTHER_PRIOR:g}" in explain(c)
    assert phrase("налоговый служба", "налоговая служба").prior == 1.0


def test_a_medium_named_by_a_phrase_is_not_a_term(counted_once: None) -> None:
    sentences = [
        "Турция не изменит курс, цитирует Анатолийское агентство обращение президента к парламенту.",
        "Президент Турции обсудил с парламентом налоговую реформу и государственный бюджет.",
        "Налоговая реформа увеличит доходы государственного бюджета.",
    ]
    ranked = ranked_canonicals(sentences)
    assert "Анатолийское агентство" not in ranked
    assert "налоговая реформа" in ranked
    # a single common noun right after the verb is no medium («цитирует обращение»)
    from glossary.extraction.tally import Chunk, count_chunk

    table = count_chunk(Chunk(0, ["Агентство цитирует обращение к парламенту."], use_reference=False))
    assert all(t.sources == 0 for t in table.tallies.values())
