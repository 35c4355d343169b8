"""One concept per meaning (issue 19): an acronym and its expansion by the text's evidence,
two names whose human English is the same, and senses split by case and number."""

from __future__ import annotations

import pytest

from glossary.entries import Entry, Term
from glossary.extraction.candidates import ACRONYM, PHRASE
from glossary.extraction.ranking import Candidate


def _candidate(
    canonical: str, kind: str = PHRASE, frequency: int = 3, sentences: list[int] | None = None, variants: list[str] | None = None
) -> Candidate:
    from glossary.extraction.morphology import lemma_key

    return Candidate(
        key=lemma_key(canonical),
        kind=kind,
        canonical=canonical,
        frequency=frequency,
        sentences=sentences or [0],
        variants=variants or [canonical],
    )


def test_also_known_as_names_one_concept() -> None:
    """dev's «Исламского государства, также известного как ИГИЛ или ISIL»."""
    from glossary.extraction.merging import merge_explicit

    texts = {0: "Угроза со стороны Исламского государства, также известного как ИГИЛ или ISIL, растет."}
    full = _candidate("Исламское государство", variants=["Исламского государства"])
    acronym = _candidate("ИГИЛ", ACRONYM)
    assert merge_explicit([full, acronym], texts) == [full] and full.synonyms == [acronym]


def test_also_known_as_after_a_bracketed_acronym_and_before_a_quoted_name() -> None:
    """«Транскаспийский международный транспортный маршрут (ТМТМ), известный также как
    «Срединный коридор», соединяет Китай с Европой»: the name before its acronym's bracket,
    the quoted name after the marker."""
    from glossary.extraction.merging import merge_explicit

    texts = {
        0: "Транскаспийский международный транспортный маршрут (ТМТМ), известный также как «Срединный коридор», "
        "соединяет Китай с Европой."
    }
    route = _candidate(
        "транскаспийский международный транспортный маршрут", variants=["Транскаспийский международный транспортный маршрут"]
    )
    corridor = _candidate("Срединный коридор")
    assert merge_explicit([route, corridor], texts) == [route] and route.synonyms == [corridor]
    # the acronym pairs with the concept whichever of its names ranks first
    from glossary.build import pair_concepts

    route, corridor = _candidate(route.canonical, variants=route.variants), _candidate("Срединный коридор")
    (kept,) = merge_explicit([corridor, route], texts)
    assert kept is corridor and corridor.synonyms == [route]
    acronym = _candidate("ТМТМ", ACRONYM)
    (concept,) = pair_concepts([acronym, corridor], [0])
    assert (concept.short, concept.full) == (acronym, corridor)


def test_a_descriptive_name_before_its_quoted_name_is_one_concept() -> None:
    """madeup-test2's «генеральный директор Государственной корпорации по атомной энергии
    «Росатом»»: the body's descriptive name and its own, in quotes right after it. Only where
    the descriptive name is never seen without the quoted one, and never a common noun's
    phrase («российская компания "Нефтегаз"»)."""
    from glossary.extraction.candidates import NAME
    from glossary.extraction.merging import merge_explicit

    texts = {
        0: "Делегацию возглавил генеральный директор Государственной корпорации по атомной энергии «Росатом» Алексей Лихачев.",
        1: "В «Росатоме» заявили о готовности начать строительство.",
        2: "Акции купила российская компания «Нефтегаз».",
    }
    rosatom = _candidate("Росатом", NAME, sentences=[0, 1], variants=["Росатом", "Росатоме"])
    corporation = _candidate(
        "Государственная корпорация по атомной энергии", sentences=[0], variants=["Государственной корпорации по атомной энергии"]
    )
    assert merge_explicit([rosatom, corporation], texts) == [rosatom] and rosatom.synonyms == [corporation]
    # Seen once more without the quoted name: a concept of its own.
    rosatom = _candidate("Росатом", NAME, sentences=[0, 1], variants=["Росатом", "Росатоме"])
    alone = _candidate(
        "Государственная корпорация по атомной энергии",
        sentences=[0, 3],
        variants=["Государственной корпорации по атомной энергии", "Государственная корпорация по атомной энергии"],
    )
    assert len(merge_explicit([rosatom, alone], {**texts, 3: "Государственная корпорация по атомной энергии отчиталась."})) == 2
    company = _candidate("российская компания", sentences=[2], variants=["российская компания"])
    neftegaz = _candidate("Нефтегаз", NAME, sentences=[2])
    assert len(merge_explicit([company, neftegaz], texts)) == 2


def test_an_acronym_beside_its_bracketed_name_is_one_concept_whatever_its_letters() -> None:
    """raw-dev's «ФЕТО ("Террористическая организация фетхуллахистов")»: the Turkish acronym's
    letters are not the Russian initials; the bracket holding the whole name is the evidence."""
    from glossary.extraction.merging import merge_explicit

    texts = {0: 'Америка сделает выбор между Турцией и ФЕТО ("Террористическая организация фетхуллахистов").'}
    acronym = _candidate("ФЕТО", ACRONYM)
    full = _candidate("террористическая организация фетхуллахистов", variants=["Террористическая организация фетхуллахистов"])
    assert merge_explicit([acronym, full], texts) == [acronym] and acronym.synonyms == [full]
    # two common words in brackets are an aside, not a name; a bracket holding more is no pair
    aside = {0: "Решение ЦБ (ключевая ставка) удивило.", 1: "Решение ЦБ (ключевая ставка и курс) удивило."}
    bank, rate = _candidate("ЦБ", ACRONYM, sentences=[0, 1]), _candidate("ключевая ставка", sentences=[0, 1])
    assert merge_explicit([bank, rate], aside) == [bank, rate] and not bank.synonyms


def test_an_acronym_longer_than_its_phrase_pairs_where_the_text_spells_the_rest_out() -> None:
    from glossary.build import pair_concepts

    texts = {
        0: "Боевики группировки Исламское государство Ирака и Леванта отступили.",
        1: "Исламское государство потеряло город.",
        2: "ИГИЛ потеряло нефтяные поля.",
    }
    name = _candidate("Исламское государство", sentences=[0, 1])
    acronym = _candidate("ИГИЛ", ACRONYM, sentences=[2])
    concepts = pair_concepts([name, acronym], [0, 0, 0], texts)
    assert len(concepts) == 1 and (concepts[0].short, concepts[0].full) == (acronym, name)
    # without the spelled-out text, the letters do not fit
    assert (
        len(
            pair_concepts(
                [_candidate("Исламское государство", sentences=[1]), _candidate("ИГИЛ", ACRONYM, sentences=[2])], [0, 0, 0], texts
            )
        )
        == 2
    )
    # with the longer name a candidate too, it is the full form and the shorter its synonym
    longer = _candidate("Исламское государство Ирака и Леванта", sentences=[0])
    name, acronym = _candidate("Исламское государство", sentences=[0, 1]), _candidate("ИГИЛ", ACRONYM, sentences=[2])
    (concept,) = pair_concepts([name, acronym, longer], [0, 0, 0], texts)
    assert (concept.short, concept.full) == (acronym, longer) and longer.synonyms == [name]


def test_an_acronym_two_expansions_fit_is_paired_with_neither() -> None:
    from glossary.build import pair_concepts

    acronym = _candidate("ВС", ACRONYM, sentences=[1])
    court, army = _candidate("Верховный суд", sentences=[0]), _candidate("Вооруженные силы", sentences=[2])
    concepts = pair_concepts([acronym, court, army], [0, 0, 0])
    assert [(c.short, c.full) for c in concepts] == [(acronym, None), (None, court), (None, army)]
    # one of them alone: paired
    (concept, _) = pair_concepts([acronym, court, _candidate("Генеральный штаб", sentences=[2])], [0, 0, 0])
    assert (concept.short, concept.full) == (acronym, court)


def test_an_acronym_abbreviates_the_institution_not_its_heads_title() -> None:
    """«Министерство внутренних дел» and «министр внутренних дел» both fit МВД's letters: the
    acronym is the ministry's; a post is no expansion where an institution competes."""
    from glossary.build import pair_concepts
    from glossary.entries import POST

    acronym = _candidate("МВД", ACRONYM, sentences=[1])
    ministry = _candidate("Министерство внутренних дел", sentences=[0])
    minister = _candidate("министр внутренних дел", sentences=[2])
    minister.category = POST
    # «момент въезда» lends В and Д from one word: a looser fit than one letter a word
    entry = _candidate("момент въезда", sentences=[2])
    concepts = pair_concepts([acronym, ministry, minister, entry], [0, 0, 0])
    assert [(c.short, c.full) for c in concepts] == [(acronym, ministry), (None, minister), (None, entry)]
    assert not ministry.synonyms
    # two posts compete: neither is the expansion
    deputy = _candidate("министр внешних дел", sentences=[0])
    deputy.category = POST
    concepts = pair_concepts([acronym, deputy, minister], [0, 0, 0])
    assert concepts[0].full is None


def _entry(ru: str, en: str, frequency: int, origin: str = "aligned") -> tuple[Entry, Term]:
    from glossary.entries import Term, entry_id

    english = Term(en, "en", origin=origin, confidence=0.9)  # type: ignore[arg-type]
    return Entry(entry_id(ru), [Term(ru, "ru"), english], frequency=frequency), english


def test_two_entries_with_one_human_english_are_one_concept() -> None:
    from glossary.extraction.merging import Rendering, merge_same_english, same_english

    assert same_english("EU", "European Union") and same_english("the Central Bank", "central banks")
    assert not same_english("CU", "clean up")  # initials of a name, not of any two words
    union, _ = _entry("Евросоюз", "European Union", 5)
    other, _ = _entry("безопасность", "security", 9)
    eu, _ = _entry("ЕС", "EU", 12)
    renderings = {
        union.id: [Rendering("European Union", 0.9, 0.8)],
        other.id: [Rendering("security", 0.95, 1.0)],
        eu.id: [Rendering("EU", 0.9, 0.9)],
    }
    merged = merge_same_english([union, other, eu], renderings)
    # the more frequent is the headword, in the better-ranked place; both Russian forms kept
    assert merged == [eu, other]
    assert [t.text for t in eu.terms_in("ru")] == ["ЕС", "Евросоюз"]
    assert [t.text for t in eu.terms_in("en")] == ["EU", "European Union"]
    assert eu.frequency == 17


def test_no_merge_on_a_generic_english_word_or_disagreeing_evidence() -> None:
    from glossary.extraction.merging import Rendering, merge_same_english

    # «agreement», «law»: two Russian words of one sense are common; never merged on them
    treaty, _ = _entry("соглашение", "agreement", 5)
    contract, _ = _entry("договоренность", "agreement", 4)
    renderings = {treaty.id: [Rendering("agreement", 0.95, 1.0)], contract.id: [Rendering("agreement", 0.95, 1.0)]}
    assert merge_same_english([treaty, contract], renderings) == [treaty, contract]
    # one entry's Russian terms disagree on the English, or its occurrences do: no evidence
    bank, _ = _entry("ЦБ", "Central Bank", 5)
    centre, _ = _entry("Центробанк", "Central Bank", 4)
    split = {
        bank.id: [Rendering("Central Bank", 0.9, 0.9), Rendering("Bank of Russia", 0.9, 0.9)],
        centre.id: [Rendering("Central Bank", 0.9, 1.0)],
    }
    assert merge_same_english([bank, centre], split) == [bank, centre]
    weak = {bank.id: [Rendering("Central Bank", 0.9, 0.4)], centre.id: [Rendering("Central Bank", 0.9, 1.0)]}
    assert merge_same_english([bank, centre], weak) == [bank, centre]
    sure = {bank.id: [Rendering("Central Bank", 0.9, 0.9)], centre.id: [Rendering("Central Bank", 0.9, 1.0)]}
    assert merge_same_english([bank, centre], sure) == [bank] and [t.text for t in bank.terms_in("ru")] == ["ЦБ", "Центробанк"]


def test_congress_the_name_is_a_sense_apart_from_congresses_the_events() -> None:
    from glossary.extraction.candidates import NAME, WORD
    from glossary.extraction.senses import split_senses

    texts = {
        0: "Сенаторы внесли в Конгресс новый законопроект.",
        1: "Республиканцы в Конгрессе заблокировали бюджет.",
        2: "В Москве прошел международный конгресс кардиологов.",
        3: "Научные конгрессы собирают тысячи врачей.",
        4: "Такие конгрессы проходят каждый год.",
    }
    word = _candidate("конгресс", WORD, frequency=5, sentences=[0, 1, 2, 3, 4])
    word.variants = ["Конгресс", "Конгрессе", "конгресс", "конгрессы"]
    word.score = 10.0
    senses = split_senses([word], texts)
    assert [c.kind for c in senses] == [WORD, NAME]  # the more frequent sense first
    noun, name = senses
    assert (name.canonical, name.kind, name.sentences) == ("Конгресс", NAME, [0, 1])
    assert (noun.canonical, noun.kind, noun.sentences) == ("конгресс", WORD, [2, 3, 4])
    assert name.key != noun.key and name.frequency + noun.frequency == 5


def test_government_capitalised_as_an_honorific_stays_one_sense() -> None:
    from glossary.extraction.candidates import WORD
    from glossary.extraction.senses import split_senses

    texts = {
        0: "Об этом сообщила заместитель председателя Правительства РФ.",
        1: "В Правительстве согласовали позицию по индексации.",
        2: "Решение правительства вызвало споры.",  # «правительства»: also the genitive singular
        3: "Эксперты критикуют правительство за медлительность.",
        4: "Главы правительств встретились в Минске.",  # one plural use of four
        5: "Новое правительство приняло бюджет.",
    }
    word = _candidate("правительство", WORD, frequency=6, sentences=list(range(6)))
    word.variants = ["Правительства", "Правительстве", "правительства", "правительство", "правительств"]
    assert split_senses([word], texts) == [word]
    # a capital only at the start of sentences is no sense either
    starts = {0: "Конгресс открылся.", 1: "Конгрессы проходят.", 2: "Там был конгресс.", 3: "Все конгрессы шумные."}
    word = _candidate("конгресс", WORD, frequency=4, sentences=[0, 1, 2, 3])
    word.variants = ["Конгресс", "Конгрессы", "конгресс", "конгрессы"]
    assert split_senses([word], starts) == [word]


def test_the_build_merges_entries_after_their_human_english_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wiring: build_glossary collects each entry's aligned English and merges on it."""
    import glossary.build as build
    from glossary.equivalents.aligned import AlignedEquivalent
    from glossary.extraction.options import ExtractionOptions
    from tm.memory.tmx import ORIGIN_ALIGNMENT
    from tm.mt.cache import TranslationCache

    class Evidence:
        def __init__(self, *args: object) -> None:
            pass

        def equivalent(self, key: str, machine: object = ()) -> AlignedEquivalent | None:
            english = {"налоговый служба": "Tax Service", "фискальный ведомство": "Tax Service"}.get(key)
            return AlignedEquivalent(english, 0.9, 4, 0.9) if english else None

    monkeypatch.setattr(build, "AlignedEvidence", Evidence)
    sentences = ["Налоговая служба проверила отчеты."] * 3 + ["Фискальное ведомство ответило банкам."] * 2
    units = [build.Unit(s, "The Tax Service answered.", "a.txt", str(i), ORIGIN_ALIGNMENT) for i, s in enumerate(sentences)]
    options = build.GlossaryOptions(
        ExtractionOptions(
            use_reference=False, use_names=False, jobs=1, min_specificity=0, min_relevance=0, use_domain=False, min_frequency=1
        )
    )
    glossary = build.build_glossary(units, None, TranslationCache(None), options)
    (entry,) = [e for e in glossary.entries if any(t.text == "Tax Service" for t in e.terms_in("en"))]
    assert [t.text for t in entry.terms_in("ru")] == ["налоговая служба", "фискальное ведомство"]


def test_a_bracketed_expansion_with_a_compound_adjective_is_put_in_the_nominative_whole() -> None:
    """An unknown compound adjective has an unlikely noun guess among its parses; the head is the
    word whose likeliest parse is a noun, so «союзом» is inflected too."""
    from glossary.extraction.candidates import bracketed_expansions
    from glossary.extraction.morphology import words

    for adjective, acronym, nominative in (
        ("Медиа-информационным", "МИС", "Медиа-информационный"),
        ("Видео-коммуникационным", "ВКС", "Видео-коммуникационный"),
        ("Медиа-издательским", "МИС", "Медиа-издательский"),
    ):
        sentence = f"Поправки внесены {adjective} союзом ({acronym}) по просьбе перевозчиков."
        assert [o.singular for o in bracketed_expansions(sentence, words(sentence), 0)] == [f"{nominative} союз"]


def test_a_bracketed_expansion_of_two_heads_joined_by_and_is_nominative_in_both() -> None:
    """madeup-test6: «вооружения и военной техники (ВВТ)» was named «вооружение и военной
    техники»; a second head in the first's case is put in the nominative too, a genitive
    complement's partner is left as written."""
    from glossary.extraction.candidates import bracketed_expansions
    from glossary.extraction.morphology import words

    def expansion(sentence: str) -> list[str]:
        return [o.singular for o in bracketed_expansions(sentence, words(sentence), 0)]

    assert expansion("Стороны обсудили поставки вооружения и военной техники (ВВТ) по ценам.") == ["вооружение и военная техника"]
    assert expansion("Заседание Организации экономического сотрудничества и развития (ОЭСР) прошло.") == [
        "Организация экономического сотрудничества и развития"
    ]


EDB = [
    "Евразийский банк развития предложил механизм валютных свопов.",
    "Председатель правления ЕАБР считает, что инструмент повысит устойчивость расчетов.",
    "Эксперты Евразийского банка развития (ЕАБР) оценивают потенциал экспорта зерна.",
    "Страны АСЕАН и ЕАБР подписали меморандум.",
]


@pytest.mark.parametrize("use_reference", [False, True])
def test_a_reference_acronym_pymorphy_reads_as_a_noun_pairs_with_its_name(use_reference: bool) -> None:
    """ЕАБР's lemmas, as pymorphy guesses them, are «еабра»: the reference list keyed it so,
    and the phrase, its full form there, found no short form to pair with (the acronym
    candidate is «еабр»), so the two stood as two concepts."""
    from glossary.build import pair_concepts
    from glossary.extraction.reference import reference_index
    from tests.support.ranking import extractor_ranking

    entry, is_full = reference_index()["еабр"]
    assert (entry.ru, is_full) == ("ЕАБР", False)
    assert reference_index()["асеан"][0].ru == "АСЕАН"
    ranked = extractor_ranking(EDB, use_reference=use_reference)
    assert [c.key for c in ranked if c.canonical == "ЕАБР"] == ["еабр"]  # one candidate, with the reference on too
    concepts = pair_concepts(ranked, [0] * len(EDB), dict(enumerate(EDB)))
    (edb,) = [c for c in concepts if any(m.canonical == "ЕАБР" for m in c.members)]
    assert edb.full is not None and edb.full.canonical == "Евразийский банк развития"
