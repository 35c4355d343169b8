"""Issue 19, off-topic entries of unfiltered news: platforms and media told by their context, a
passage that follows the sentence's own story across a change of topic, and a candidate seen
once in a sentence of another topic (made-up sentences throughout)."""

from __future__ import annotations

import pytest

from glossary.extraction.entities import company_context, news_source, platform_word
from glossary.extraction.keeping import _keep, lone_off_topic_sighting
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate
from glossary.extraction.relevance import TYPICAL_RELEVANCE, passage_relevance, passage_weight
from tests.support.ranking import kept_and_dropped


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Губернатор удалял отзывы горожан на его официальной странице в Zorvex.", "Zorvex"),
        ("Мэрия выложила в Zorvex обращение к жителям.", "Zorvex"),
        ("Депутаты выложили в Zorvex запись заседания.", "Zorvex"),
        ("Министра критикуют за высказывания в Zorvex и Twitter.", "Zorvex"),
        ("Чиновникам стоит прислушиваться к Zorvex и другим соцсетям.", "Zorvex"),
        ('Ведущий ушел с "Восьмого" канала после скандала.', "Восьмого"),
        ('Об этом говорится в статье "Вестник" за прошлую неделю.', "Вестник"),
        ('Она оставила отзыв к статье в "Вестник".', "Вестник"),
        # a dateline names its agency (madeup-test5's #1, ТАСС, from 31 datelines)
        ("МОСКВА, 30 мая. /ТАСС/. Вступили в силу поправки в закон.", "ТАСС"),
        ("/ТАСС/.", "ТАСС"),
        ("АСТАНА, 5 июня (Зорвекс) - Парламент принял закон.", "Зорвекс"),
        # a dash after the place and the date, the agency ending the line (madeup-test6)
        ("Москва, 1 октября — Зорвекс.", "Зорвекс"),
        ("Ростов-на-Дону — Зорвекс Новости.", "Зорвекс"),
        ("Мангистауская область, 12 сентября — Зорвекс-Казахстан.", "Зорвекс"),
        # a reporting verb in the plural: «пишут "Ведомости"»
        ("Об этом пишут «Вестник» со ссылкой на проект.", "Вестник"),
    ],
)
def test_a_platform_or_a_medium_is_told_by_its_context(sentence: str, name: str) -> None:
    assert news_source(sentence, name)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Решение поддержали в ЕС и НАТО.", "ЕС"),
        ("Минфин и Минэкономразвития подготовили поправки к бюджету.", "Минфин"),
        ("Газпром и Роснефть подписали соглашение о поставках.", "Газпром"),
        ("Согласно статье УК, штраф составит миллион рублей.", "УК"),
        ("Канал Минобороны показал учения.", "Минобороны"),
        # a bracket after a name holds its acronym, no dateline; a slash is a ratio
        ("Евразийская экономическая комиссия (ЕЭК) одобрила проект.", "ЕЭК"),
        ("Курс пары доллар/ЕЭК вырос.", "ЕЭК"),
        # a dash in a sentence that no place opens
        ("Главное событие года — ЕАЭС.", "ЕАЭС"),
        ("Решение поддержал Минфин — МИД.", "МИД"),
    ],
)
def test_organisations_coordinated_or_cited_stay_organisations(sentence: str, name: str) -> None:
    assert not news_source(sentence, name)


def test_a_platforms_name_is_near_the_platform_nouns() -> None:
    assert platform_word("Twitter") and platform_word("Telegram")
    assert not platform_word("НАТО") and not platform_word("Газпром") and not platform_word("Zorvex")


def test_a_consortium_is_a_company() -> None:
    assert company_context("Регулятор отклонил заявку консорциума Zorvex на покупку банка.", "Zorvex")


FOOTBALL = [
    "Нападающий забил гол в ворота соперника, болельщики праздновали победу клуба.",
    "Тренер похвалил игроков команды за игру в чемпионате и турнире.",
    "Футболисты клуба проведут матч с соперником в следующем туре.",
    "Покупка нападающего обошлась клубу в миллион евро, и соблюдать финансовые правила лиги станет сложнее.",
]
BILL = [
    "Правительство внесло в парламент законопроект о бюджете и налогах.",
    "Министр финансов заявил, что санкции не помешают росту экспорта и инвестиций.",
    "Депутаты одобрили поправки к закону о налоговых льготах для инвесторов.",
    "Президент подписал указ о таможенных пошлинах и тарифах.",
    "Парламент рассмотрит бюджет во втором чтении в следующем месяце.",
    "Оппозиция потребовала отставки министра экономики после выборов.",
    "Соглашение о торговле и кредитах подписали министры двух стран.",
    "Центральный банк снизил ставку, чтобы сдержать инфляцию и поддержать кредит.",
]


def test_a_passage_follows_the_sentences_own_story_across_a_change_of_topic() -> None:
    # One document (an archive's file): the football report's last line, which has money words,
    # is followed by a bill; a symmetric window weighed it with the bill's passage.
    weights = [passage_weight(r) for r in passage_relevance(FOOTBALL + BILL)]
    assert weights[3] < 0.35  # the club's finances are the football report's
    assert weights[len(FOOTBALL)] == 1.0  # the bill's headline, after the report, opens the bill's story
    assert max(weights[1 : len(FOOTBALL)]) < 0.35 < min(weights[len(FOOTBALL) : len(FOOTBALL) + 4])


def _phrase(frequency: int, context: float, relevance: float = 0.3) -> Candidate:
    return Candidate(
        "горный источник",
        "phrase",
        "горный источник",
        frequency,
        lemmas=("горный", "источник"),
        relevance=relevance,
        specificity=2.0,
        domain=0.9,
        context=context,
    )


def test_a_candidate_seen_once_in_a_sentence_of_another_topic_is_not_kept() -> None:
    options = ExtractionOptions(use_reference=False)
    assert lone_off_topic_sighting(_phrase(1, -0.05))
    assert not _keep(_phrase(1, -0.05), options)
    # its sentence of the domain, a second sighting, or a typical relevance vouch for it
    assert _keep(_phrase(1, 0.05), options)
    assert _keep(_phrase(2, -0.05), options)
    assert _keep(_phrase(1, -0.05, relevance=TYPICAL_RELEVANCE), options)
    # the domain signals are off: the rule is one of them
    assert _keep(_phrase(1, -0.05), ExtractionOptions(use_reference=False, use_domain=False))


def test_an_acronym_shares_the_verdict_of_the_off_topic_name_it_abbreviates() -> None:
    # «… стационаров кратковременного пребывания (СКП)»: a hospital ward. The acronym has no
    # words for the domain tests to read; the name it abbreviates has (стационар −0.12).
    from glossary.extraction.candidates import ACRONYM, PHRASE
    from glossary.extraction.keeping import of_another_topic, spelled_out_off_topic

    options = ExtractionOptions(use_reference=False)
    ward = Candidate("стационар кратковременный пребывание", PHRASE, "стационар кратковременного пребывания", 1, sentences=[4])
    acronym = Candidate("скп", ACRONYM, "СКП", 1, sentences=[4])
    assert of_another_topic(ward, options)
    assert spelled_out_off_topic([acronym], [ward], options) == {id(acronym): ward}
    # seen without it too, the acronym has evidence of its own
    alone = Candidate("скп", ACRONYM, "СКП", 2, sentences=[4, 9])
    assert spelled_out_off_topic([alone], [ward], options) == {}
    # a name dropped for what is not its topic (rare, unspecific) passes no verdict on: МВД
    ministry = Candidate("министерство внутренний дело", PHRASE, "Министерство внутренних дел", 1, sentences=[4])
    police = Candidate("мвд", ACRONYM, "МВД", 1, sentences=[4])
    assert not of_another_topic(ministry, options)
    assert spelled_out_off_topic([police], [ministry], options) == {}
    # with the domain signals off, nothing is of another topic
    assert spelled_out_off_topic([acronym], [ward], ExtractionOptions(use_reference=False, use_domain=False)) == {}


def test_rank_candidates_drops_the_acronym_of_an_off_topic_name(counted_once: None) -> None:
    sentences = [
        "Правительство выделило из бюджета субсидии на стационары кратковременного пребывания (СКП) в регионах.",
        "Правительство внесло в парламент законопроект о бюджете и налогах.",
        "Министр финансов заявил, что санкции не помешают росту экспорта.",
    ]
    ranked, dropped = kept_and_dropped(sentences, min_domain=0)
    assert "СКП" not in ranked
    assert "стационар кратковременного пребывания" in dropped.get("скп", "")
