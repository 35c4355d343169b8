"""The ranking signals of issue 19's precision round: evaluative adjectives, persons'
descriptions, a phrase with an off-topic word, media named as the source of the news, and
where `--places` puts states and places."""

from __future__ import annotations

import pytest

from glossary.entries import PLACE
from glossary.extraction.candidates import ACRONYM, NAME, PHRASE
from glossary.extraction.keeping import evaluative, off_topic_word, person_description
from glossary.extraction.options import PLACES, ExtractionOptions
from glossary.extraction.ranking import EVALUATIVE_PRIOR, NOUN_FIRST_PRIOR, PERSON_PRIOR, Candidate, explain, select_places
from tests.support.ranking import extractor_ranking, ranked_canonicals


def test_a_gradable_adjective_with_no_domain_meaning_is_evaluative() -> None:
    for phrase in ("положительная динамика", "негативный фактор", "сильные колебания", "медленный рост экономики"):
        assert evaluative(phrase), phrase
    # relational adjectives, and gradable ones with a domain meaning, classify: terms
    for phrase in ("налоговая служба", "трудовой договор", "реальный сектор", "бюджетные средства", "жилищное законодательство"):
        assert not evaluative(phrase), phrase


def test_a_persons_description_is_not_an_official_post() -> None:
    for phrase in ("демократический кандидат", "белорусский бизнесмен", "местные жители"):
        assert person_description(phrase), phrase
    for phrase in ("генеральный прокурор", "государственный секретарь", "налоговая служба", "администрация президента"):
        assert not person_description(phrase), phrase


def test_one_clearly_off_topic_word_makes_a_phrase_off_topic() -> None:
    assert off_topic_word(Candidate("вице-президент хоккейный деятельность", PHRASE, "вице-президент хоккейной деятельности", 3))
    assert not off_topic_word(Candidate("налоговый служба", PHRASE, "налоговая служба", 3))
    assert not off_topic_word(Candidate("хоккей", "word", "хоккей", 3))  # single words: the mean margin decides


def test_the_priors_multiply_and_explain_says_which() -> None:
    c = Candidate("положительный динамика", PHRASE, "положительная динамика", 2, termhood=3.0)
    c.modifier_prior = EVALUATIVE_PRIOR * PERSON_PRIOR
    assert c.prior == EVALUATIVE_PRIOR * PERSON_PRIOR
    assert f"{c.modifier_prior:g}" in explain(c)
    nf = Candidate("администрация президент", PHRASE, "администрация президента", 1)
    assert nf.prior == NOUN_FIRST_PRIOR
    # a head that names no institution, instrument or post: lower still (test_context_signals.py)
    assert Candidate("механизм интеграция", PHRASE, "механизм интеграции", 1).prior < NOUN_FIRST_PRIOR


def test_a_newspaper_or_an_agency_is_told_by_its_context() -> None:
    from glossary.extraction.entities import news_source

    assert news_source("Заседание было полезным, передает Интерфакс.", "Интерфакс")
    assert news_source("Он сказал это в интервью с «Интерфаксом».", "Интерфаксом")
    assert news_source("Опрошенные агентством Bloomberg аналитики согласны.", "Bloomberg")
    assert news_source("Bloomberg пишет, что рост замедлился.", "Bloomberg")
    # organisations report too, but as the subject, in the past, or as data
    assert not news_source("Как сообщил представитель Минэкономразвития, спад замедлился.", "Минэкономразвития")
    assert not news_source("По данным Росстата, инфляция снизилась.", "Росстата")
    assert not news_source("Об этом сообщает пресс-служба МИД.", "МИД")
    assert not news_source("МИД сообщил о визите.", "МИД")


def test_media_named_as_the_source_are_not_terms() -> None:
    sentences = [
        "Правительство одобрило законопроект о налогах, передает Интерфакс.",
        "Министр финансов заявил о дефиците бюджета, сообщает Интерфакс.",
        "Минфин предложил повысить налог на прибыль.",
        "Минфин подготовил поправки в бюджет.",
    ]
    ranked = ranked_canonicals(sentences)
    assert "Интерфакс" not in ranked
    assert "Минфин" in ranked


def _listed() -> list[Candidate]:
    return [
        Candidate("налоговый служба", PHRASE, "налоговая служба", 5, category="organisation"),
        Candidate("мид", ACRONYM, "МИД", 4, category="organisation"),
        Candidate("сша", ACRONYM, "США", 9, category=PLACE),
        Candidate("байконур", NAME, "Байконур", 2, category=PLACE),
    ]


def test_places_come_last_alone_or_not_at_all() -> None:
    assert [c.canonical for c in select_places(_listed(), "last")] == ["налоговая служба", "МИД", "США", "Байконур"]
    assert [c.canonical for c in select_places(_listed(), "only")] == ["США", "Байконур"]
    assert [c.canonical for c in select_places(_listed(), "none")] == ["налоговая служба", "МИД"]
    assert ExtractionOptions().places == "last" and set(PLACES) == {"last", "only", "none"}
    with pytest.raises(ValueError):
        select_places(_listed(), "first")


def test_rank_candidates_puts_places_where_the_option_says(counted_once: None) -> None:
    sentences = [
        "США ввели санкции против компаний, сообщил Минфин.",
        "Санкции США затронули экспорт нефти.",
        "Налоговая служба проверила декларации компаний.",
        "Налоговая служба сообщила о росте поступлений.",
    ]

    def rank(places: str) -> list[Candidate]:
        return extractor_ranking(sentences, places=places)

    last = rank("last")
    categories = [c.category == PLACE for c in last]
    assert any(categories) and categories == sorted(categories)  # every place after every term
    assert all(c.category == PLACE for c in rank("only"))
    assert {c.key for c in rank("only")} == {c.key for c in last if c.category == PLACE}
    assert [c.key for c in rank("none")] == [c.key for c in last if c.category != PLACE]


def test_the_signature_says_where_places_go() -> None:
    from glossary.extraction.settings_signature import extraction_signature

    assert "places:last" in str(extraction_signature(ExtractionOptions())).split("|")
    assert "places:only" in str(extraction_signature(ExtractionOptions(places="only"))).split("|")


def test_the_cli_takes_the_places_choice_and_refuses_others() -> None:
    from typer.testing import CliRunner

    from glossary.cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["build", "--help"], terminal_width=200)
    assert "--places" in shown.output and "only" in shown.output
    refused = runner.invoke(app, ["build", "x.tmx", "--places", "first"])
    assert refused.exit_code == 2
