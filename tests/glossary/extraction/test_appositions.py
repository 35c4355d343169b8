"""Issue 19, task R3: a fragment is told by its right context (the complement of a longer name
that follows it), a medium and a brand by their head or appositive noun."""

from __future__ import annotations

from glossary.extraction.candidates import NAME, PHRASE
from glossary.extraction.categories import company_head, media_head, phrase_head
from glossary.extraction.entities import company_context, news_source
from glossary.extraction.keeping import company
from glossary.extraction.ranking import Candidate
from glossary.extraction.surroundings import right_continuation
from glossary.extraction.tally import Chunk, count_chunk
from tests.support.ranking import ranked_canonicals, ranked_keys

COUNCIL = [
    "Президентский совет по правам человека обратился к генеральному прокурору.",
    "Члены президентского совета по правам человека обсудили законопроект о митингах.",
    "Президентский совет по правам человека рекомендовал изменить избирательное законодательство.",
    # a real term of the same shape, followed by varied complements
    "Межправительственная комиссия по торговле обсудила таможенные пошлины.",
    "Межправительственная комиссия по энергетике обсудила поставки газа и таможенные пошлины.",
    "Межправительственная комиссия по инвестициям одобрила соглашение о таможенных пошлинах.",
]


def test_the_right_context_of_a_candidate() -> None:
    assert right_continuation("Президентский совет по правам человека заявил.", "Президентский совет") == "по право"
    assert right_continuation("Уполномоченный при президенте заявил.", "Уполномоченный") == "при президент"
    # a pronoun opens no name's complement; «о» is not one of the name prepositions; whole words only
    assert right_continuation("Путеводная звезда для нашей страны.", "Путеводная звезда") is None
    assert right_continuation("Соглашение о торговле подписано.", "Соглашение") is None
    assert right_continuation("Советник по правам человека.", "Совет") is None


def test_a_fragment_cut_before_a_names_complement_is_dropped(counted_once: None) -> None:
    table = count_chunk(Chunk(0, COUNCIL, use_reference=False, use_domain=False))
    assert table.tallies["президентский совет"].fragment()
    assert not table.tallies["межправительственный комиссия"].fragment()  # varied complements
    ranked = ranked_canonicals(COUNCIL)
    assert "президентский совет" not in ranked
    assert "межправительственная комиссия" in ranked
    assert "таможенная пошлина" in ranked


def test_a_medium_is_told_by_its_head_noun() -> None:
    assert phrase_head("главный редактор газеты", ("главный", "редактор", "газета")) == "редактор"
    assert media_head("Российская газета", ("российский", "газета"))
    assert media_head("Парламентская газета", ("парламентский", "газета"))
    assert media_head("информационное агентство", ("информационный", "агентство"))
    assert not media_head("главный редактор газеты", ("главный", "редактор", "газета"))
    # an agency of the state is an institution
    assert not media_head("Федеральное агентство", ("федеральный", "агентство"))


def test_a_medium_headed_by_a_media_noun_is_not_a_term(counted_once: None) -> None:
    sentences = [
        "Как пишет Российская газета, правительство повысит налоговую ставку.",
        "Российская газета опубликовала текст закона о налоговой ставке.",
        "В интервью Российской газете министр обсудил налоговую ставку и бюджет.",
        "Налоговая ставка вырастет, а Российская газета сообщила о дефиците бюджета.",
    ]
    ranked = ranked_canonicals(sentences)
    assert "Российская газета" not in ranked
    assert "налоговая ставка" in ranked


def test_a_medium_is_told_by_its_appositive_noun() -> None:
    assert news_source('Об этом сообщила газета "Пост".', "Пост")
    assert news_source("Об этом сообщило информагентство Синьхуа.", "Синьхуа")
    assert news_source('Как выяснил портал "Медуза", решение уже принято.', "Медуза")
    assert news_source("Как выяснил сайт Politico, решение уже принято.", "Politico")
    # a site's owner is no medium
    assert not news_source("Документ опубликован на сайте Минфина.", "Минфина")
    assert not news_source("Об этом говорится на портале правительства.", "правительства")


def test_a_brand_a_club_or_a_show_is_told_by_its_appositive_noun() -> None:
    for sentence, name in (
        ("Соцсеть Facebook удалила аккаунты.", "Facebook"),
        ("Мессенджер Telegram заблокирован.", "Telegram"),
        ('Футбольный клуб "Зенит" выиграл матч.', "Зенит"),
        ('ФК "Анжи" сменил тренера.', "Анжи"),
        ('Группа "Ленинград" выступила в Москве.', "Ленинград"),
        ('Сериал "Голос" продлили.', "Голос"),
        ("Авиакомпания Utair отменила рейсы.", "Utair"),
    ):
        assert company_context(sentence, name), sentence
    # an armed group, a military command and an institution are no brands
    assert not company_context("Боевики группировки ИГИЛ отступили.", "ИГИЛ")
    assert not company_context("Командование НАТО провело учения.", "НАТО")
    assert not company_context("Министр финансов выступил в Госдуме.", "Госдуме")


def test_a_phrase_headed_by_a_company_noun_is_tested_as_a_company(counted_once: None) -> None:
    assert company_head("Восточная нефтехимическая компания", ("восточный", "нефтехимический", "компания"))
    assert not company_head("налоговая служба", ("налоговый", "служба"))
    assert company(Candidate("x y", PHRASE, "X y", 3, company_share=1.0))
    assert company(Candidate("x", NAME, "X", 3, company_share=0.5))
    sentences = [
        "Восточная нефтехимическая компания построит завод и заплатит налоги в бюджет.",
        "Восточная нефтехимическая компания получила налоговые льготы от правительства.",
        "Правительство предоставило налоговые льготы, а Восточная нефтехимическая компания выросла.",
    ]
    ranked = ranked_keys(sentences)
    assert "восточный нефтехимический компания" not in ranked
    assert "налоговый льгота" in ranked
    # the state's own legal form stays a kind of organisation
    assert not company_head("государственная корпорация", ("государственный", "корпорация"))


def test_a_medium_is_told_as_the_one_a_speaker_told() -> None:
    assert news_source("Это невозможно, - пояснил АиФ.ru эксперт.", "АиФ.ru")
    assert news_source('Порядок навели, - рассказал "АиФ" Анатолий Выборный, член комитета.', "АиФ")
    # an organisation that speaks is the subject: no speaker follows it
    assert not news_source("Решение принято, - пояснил Минфин.", "Минфин")
    assert not news_source("Решение принято, - пояснил Минфин России.", "Минфин")
    assert not news_source("Решение принято, - сообщил МИД журналистам.", "МИД")


def test_a_word_in_capitals_of_a_companys_name_is_no_acronym() -> None:
    from glossary.extraction.candidates import find_candidates

    found = {o.surface for o in find_candidates("Так считает Кирилл Яковенко из АЛОР БРОКЕР и аналитики НАТО и ЮНЕСКО.", 0)}
    assert "БРОКЕР" not in found
    assert {"НАТО", "ЮНЕСКО", "АЛОР"} <= found
