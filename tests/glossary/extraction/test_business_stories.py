"""Issue 19, stop 7: companies, platforms, clubs and media in business and technology stories
of unfiltered news, whose words are economic (made-up sentences throughout)."""

from __future__ import annotations

import pytest

from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, Occurrence, find_candidates
from glossary.extraction.entities import company_context, company_story, news_source, sport_kind_form
from glossary.extraction.keeping import _keep, company, platform_name
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate, rank_candidates
from glossary.extraction.tally import _company_sighting, _may_be_a_company
from tests.support.ranking import ranked_keys

BUSINESS = [
    "Стартап Zorvex помогает компаниям обнаруживать нарушения и снижать налоговые риски.",
    "Zorvex получил инвестиции от фирм на десять миллионов долларов, и капитал компании вырос.",
    "Клиенты Zorvex - крупные компании, банки и инвестиционные фонды, которые платят налоги.",
    "Основатель Zorvex рассказал, что компания выйдет на рынок Европы в следующем году.",
]
ECONOMY = [
    "Правительство внесло в парламент законопроект о бюджете и налогах.",
    "Министр финансов заявил, что санкции не помешают росту экспорта и инвестиций.",
    "Депутаты одобрили поправки к закону о налоговых льготах для инвесторов.",
]


def test_a_startup_is_a_company() -> None:
    assert company_context("Стартап «Zorvex» из Денвера привлек инвестиции.", "Zorvex")


def test_a_company_story_is_told_by_a_company_noun_besides_the_name() -> None:
    assert company_story("Zorvex помогает компаниям снижать налоговые риски.", "Zorvex")
    assert not company_story("Zorvex предложил правительству снизить пошлины.", "Zorvex")


def test_only_an_unknown_name_in_a_company_story_is_a_company_sighting() -> None:
    sentence = "Zorvex помогает компаниям снижать налоговые риски."
    unknown = Occurrence("zorvex", NAME, "Zorvex", "Zorvex", "Zorvex", False, ("zorvex",), 0)
    assert _company_sighting(sentence, unknown)
    # a name navec knows has its own vector to be judged by; an acronym may be an institution
    known = Occurrence("газпром", NAME, "Газпром", "Газпром", "Газпром", False, ("газпром",), 0)
    assert not _company_sighting("Газпром помогает компаниям снижать налоговые риски.", known)
    fas = Occurrence("фас", ACRONYM, "ФАС", "ФАС", "ФАС", False, ("фас",), 0)
    assert not _company_sighting("ФАС оштрафовала компании за сговор.", fas)


def test_an_unknown_name_in_a_business_story_is_not_kept(counted_once: None) -> None:
    # Its contexts (инвестиции, капитал, налоги) are as economic as a bill's: they vouch for
    # the business, not for the name.
    ranked = {c.canonical for c in rank_candidates(BUSINESS + ECONOMY, ExtractionOptions(use_reference=False, min_domain=0))}
    assert "Zorvex" not in ranked
    assert "законопроект" in ranked or "налоговая льгота" in ranked


def _name(canonical: str, kind: str = NAME, **fields: float) -> Candidate:
    values: dict[str, float] = {"relevance": 0.28, "specificity": 0.6, "domain": 0.8, "context": 0.03, **fields}
    return Candidate(canonical.lower(), kind, canonical, 6, lemmas=(canonical.lower(),), **values)  # type: ignore[arg-type]


def test_a_platform_is_a_company_whatever_its_contexts() -> None:
    # A story about a platform's fact-checking and the elections fake news swayed is political
    # by its words; its own name is a platform's (entities.platform_word), not of the domain.
    facebook = _name("Facebook")
    assert platform_name(facebook) and company(facebook)
    assert not _keep(facebook, ExtractionOptions(use_reference=False))
    # an institution near the platform nouns, or a party near «платформа» of its programme,
    # is a term: its own name is of the domain
    roskomnadzor = _name("Роскомнадзор", relevance=0.3)
    assert platform_name(roskomnadzor) and _keep(roskomnadzor, ExtractionOptions(use_reference=False))
    ldpr = _name("ЛДПР", ACRONYM, relevance=0.4)
    assert not platform_name(ldpr)
    assert _keep(ldpr, ExtractionOptions(use_reference=False))


def test_a_sports_clubs_kind_prefix_is_no_term() -> None:
    assert sport_kind_form("ФК") and sport_kind_form("ХК")
    assert not sport_kind_form("ООО") and not sport_kind_form("ФАС")
    options = ExtractionOptions(use_reference=False)
    assert not _keep(_name("ФК", ACRONYM, relevance=0.26, specificity=1.4, domain=1.0, context=0.1), options)
    # a legal form of a company is a term (the criteria count АО and ООО)
    assert _keep(_name("ООО", ACRONYM, relevance=0.3, specificity=1.4, domain=1.0, context=0.1), options)


def test_a_quoted_name_is_no_plural_of_a_persons_name() -> None:
    # pymorphy3 guesses «Прайм» as the genitive plural of a woman's name «Прайма»
    found = {o.key: o.singular for o in find_candidates("Об этом сообщает агентство «Прайм».", 0) if o.kind == NAME}
    assert found == {"прайм": "Прайм"}


def test_a_company_story_needs_the_company_noun_not_an_adjective_of_it() -> None:
    from glossary.extraction.entities import company_story

    assert not company_story("Zorvex выпустил фирменный смартфон.", "Zorvex")
    assert company_story("Zorvex, фирма из Бостона, выпустила смартфон.", "Zorvex")
    # the name is blanked as a whole word, so a company noun that holds it still counts
    assert company_story("Стартап Старт привлек инвестиции.", "Старт")


def test_a_name_that_ends_the_sentence_after_the_one_it_quotes_is_a_medium() -> None:
    from glossary.extraction.entities import news_source

    assert news_source("«Все идет самостоятельно», - цитирует президента ТАСС.", "ТАСС")
    assert news_source("«Отношения США и России важны», - приводит слова дипломата РИА Новости.", "РИА")
    assert news_source('«Это важно», - приводит слова министра РИА "Новости".', "РИА")
    # a ministry quoted is no medium: it does not end the sentence after another's words
    assert not news_source("Агентство цитирует президента МИД в своем отчете.", "МИД")


@pytest.mark.parametrize(
    ("sentence", "name", "source"),
    [
        # a name that quotes someone is a medium; «приводит» of another sense is not
        ('"Через год все изменится", - приводит "Вестник" слова министра.', "Вестник", True),
        ("Приводит Zorvex и высказывания экспертов.", "Zorvex", False),
        ("Это приводит Минфин к выводу о рисках для бюджета.", "Минфин", False),
        # a name and the capitalised common noun that goes on with it, quoted or not, are one medium
        ('"Мы обжалуем приговор", - приводит ТИА "Вести" слова адвоката.', "ТИА", True),
        ('Поставки возобновятся в марте, уточняет ТИА "Вести".', "ТИА", True),
        ('"Это провокация", - заявил он "ТИА Вести".', "ТИА", True),
        ("Участников разняли, сообщило ТИА Вести со ссылкой на пресс-службу полиции.", "ТИА", True),
        ("«Вопрос решен», - приводит слова министра ТИА Вести.", "ТИА", True),
        # a state after a name is its owner, no part of it; a ministry speaks for itself
        ("«Вопрос решен», - цитирует министра МВД России.", "МВД", False),
        ("Об этом сообщил МИД Зерландии со ссылкой на посольство.", "МИД", False),
        ('"Вопрос решен", - заявил он в МИД.', "МИД", False),
        ("Как сообщил МИД, переговоры продолжатся.", "МИД", False),
        # a medium's informant names it in the genitive, quoted or in Latin script; a source
        # inside a ministry names no medium
        ('Так считает собеседник "Вестника" в министерстве.', "Вестника", True),
        ("Об этом рассказали источники Zorvex News.", "Zorvex", True),
        ("Об этом сообщил источник Минобороны.", "Минобороны", False),
        ('Источником средств стал "Вестник".', "Вестник", False),
    ],
)
def test_a_medium_is_told_by_what_it_does_past_the_rest_of_its_name(sentence: str, name: str, source: bool) -> None:
    assert news_source(sentence, name) is source


def test_the_rest_of_a_name_is_a_capitalised_common_noun() -> None:
    from glossary.extraction.entities import past_name_tail

    assert past_name_tail(' "Вести" слова министра') == '" слова министра'
    assert past_name_tail(" Вести со ссылкой") == " со ссылкой"
    assert past_name_tail(" России со ссылкой") == " России со ссылкой"  # a place: the owner
    assert past_name_tail(" ТАСС.") == " ТАСС."  # an acronym: another name


@pytest.mark.parametrize(
    ("sentence", "name", "introduced"),
    [
        # each quoted name of a coordinated run shares the introducer before the first
        ("Фонды НПФ «Северный», «Наука и труд» и «Крайфонд» сольются.", "Крайфонд", True),
        ("Фонды НПФ «Северный», «Наука и труд» и «Крайфонд» сольются.", "Наука и труд", True),
        ("В ТОО «Астык Трейд» работают сорок человек.", "Астык Трейд", True),
        # a run of quotes with no introducer before it introduces nothing
        ("Он читал «Север» и «Крайфонд».", "Крайфонд", False),
        # a legal form alone is a term, not a company
        ("НПФ «Северный» вырос.", "НПФ", False),
    ],
)
def test_coordinated_quoted_names_share_their_introducer(sentence: str, name: str, introduced: bool) -> None:
    assert company_context(sentence, name) is introduced


def test_a_legal_form_tells_a_company_story() -> None:
    assert company_story("НПФ «Северный» поглотил «Крайфонд» в начале года.", "Крайфонд")
    # in capitals only, as a word of its own: «ао» inside a word or lower case is none
    assert not company_story("Крайфонд поддержал реформу, сообщил глава Минтрудао.", "Крайфонд")


def test_a_registered_name_is_the_company_in_every_sighting_of_its_document() -> None:
    from glossary.extraction.candidates import find_candidates as find
    from glossary.extraction.entities import registered
    from glossary.extraction.tally import _sightings

    sentences = ["Актив купит ПАО «Полюс».", "В «Полюсе» заявили о планах.", "В «Полюсе» ждут решения."]
    assert registered(sentences[0], "Полюс") and not registered(sentences[1], "Полюсе")
    occurrences = [o for i, s in enumerate(sentences) for o in find(s, i) if o.key == "«полюс»"]
    assert len(occurrences) == 3
    companies = _sightings(sentences, occurrences).companies
    assert {i for i, _ in companies} == {0, 1, 2}
    # ... of its own document only
    apart = _sightings(sentences, occurrences, documents=[0, 1, 1]).companies
    assert {i for i, _ in apart} == {0}


@pytest.mark.parametrize(
    ("sentence", "name", "introduced"),
    [
        # a product's kind introduces its own name, quoted or Latin, as a brand's noun does
        ("Концерн ведет работы по созданию ЗРК «Полимент-Редут» и «Морфей».", "Морфей", True),
        ("Компания показала смартфон Nokla X5 на выставке.", "Nokla", True),
        ("Врачи назначали препарат «Арбидекс» при простуде.", "Арбидекс", True),
        # an unquoted Cyrillic name after a product's kind is its owner, not the product
        ("Ракеты НАТО размещены в Европе.", "НАТО", False),
        ("Самолеты МЧС доставили гуманитарную помощь.", "МЧС", False),
        # «комплекс» also introduces places and institutions
        ("Стартовый комплекс «Байконур» модернизируют.", "Байконур", False),
        # a company named in apposition after a comma, unquoted
        (
            "В его консалтинговую фирму, Инновационные Консалтинговые Услуги, никто не перезвонил.",
            "Инновационные Консалтинговые Услуги",
            True,
        ),
        # a bank is listed with other institutions, not named in apposition
        ("Всемирный банк, МВФ и ЕБРР выделят кредиты.", "МВФ", False),
    ],
)
def test_a_product_or_a_company_in_apposition_is_introduced(sentence: str, name: str, introduced: bool) -> None:
    assert company_context(sentence, name) is introduced


FIRM = [
    "Налоговая служба проверила консалтинговую фирму, Северные Консалтинговые Услуги, по запросу правительства.",
    "Правительство отозвало лицензию у компании, Северные Консалтинговые Услуги, за нарушение налогового законодательства.",
    "Министерство финансов и налоговая служба обсудили бюджет и налоговые льготы.",
]


def test_a_title_case_phrase_introduced_as_a_company_is_one(counted_once: None) -> None:
    assert _may_be_a_company(
        Occurrence("северный консалтинговый услуга", PHRASE, "Северные Консалтинговые Услуги", "", "", False, (), 0)
    )
    # a Russian organisation capitalises its first word only: a term even after a company noun
    assert not _may_be_a_company(
        Occurrence("российский железный дорога", PHRASE, "Российские железные дороги", "", "", False, (), 0)
    )
    assert "северный консалтинговый услуга" not in ranked_keys(FIRM)
    # the same name, not introduced as a company, is judged as any other phrase
    plain = [s.replace("консалтинговую фирму, ", "").replace("у компании, ", "у ").replace("Услуги,", "Услуги") for s in FIRM]
    assert "северный консалтинговый услуга" in ranked_keys(plain)


def test_a_company_named_by_common_words_has_no_vector_of_its_own() -> None:
    # «ПАО "Полюс"», «НПФ "Будущее"»: navec's vector is the common word's, whose margin (0.06)
    # would pass for the company's; a proper name's (Роснефть, Orgn) or a Latin one's is its own.
    options = ExtractionOptions(use_reference=False)
    for name in ("Полюс", "Будущее"):
        assert not _keep(_name(name, company_share=1.0, relevance=0.33), options)
        assert _keep(_name(name, company_share=0.0, relevance=0.33), options)  # not introduced as a company
    assert _keep(_name("Роснефть", company_share=1.0, relevance=0.33), options)
    assert _keep(_name("Shell", company_share=1.0, relevance=0.33), options)


def test_a_compound_headed_by_a_company_noun_is_a_company() -> None:
    """madeup-test2's «иностранные интернет-компании»: a kind of company, as «нефтяная компания»
    is; the compound's last part is its head. The state's own legal form is still not one."""
    from glossary.extraction.categories import company_head

    assert company_head("иностранная интернет-компания", ("иностранный", "интернет-компания"))
    assert company_head("российская IT-компания", ("российский", "it-компания"))
    assert company_head("нефтяная компания", ("нефтяной", "компания"))
    assert not company_head("Государственная корпорация", ("государственный", "корпорация"))
    assert not company_head("интернет-торговля", ("интернет-торговля",))
