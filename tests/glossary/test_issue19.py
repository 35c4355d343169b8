"""The named failures of issue 19: off-topic passages, fragments, duplicates, the bracketed
acronym, places as their own category, scan language, project discovery, and what OmegaT
shows of a TBX entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.entries import APPROVED, Entry, Glossary, Term
from glossary.extraction.candidates import ACRONYM, NAME, PHRASE
from glossary.extraction.ranking import Candidate
from tests.support.omegat_glossary import NEEDS_JAVA_OMEGAT, omegat_glossary_entries


def _candidate(canonical: str, kind: str = PHRASE, frequency: int = 3, sentences: list[int] | None = None) -> Candidate:
    from glossary.extraction.morphology import lemma_key

    return Candidate(
        key=lemma_key(canonical), kind=kind, canonical=canonical, frequency=frequency, sentences=sentences or [1, 2, 3]
    )


def test_a_fragment_seen_only_inside_a_longer_term_is_dropped() -> None:
    from glossary.extraction.merging import drop_fragments

    full = _candidate("Федеральная резервная система", sentences=[1, 2, 3])
    fragments = [_candidate("резервная система", sentences=[1, 3]), _candidate("федеральная система", sentences=[2])]
    elsewhere = _candidate("банковская система", sentences=[7])
    kept = drop_fragments([full, *fragments, elsewhere])
    assert [c.canonical for c in kept] == ["Федеральная резервная система", "банковская система"]
    # seen once on its own, outside the longer term: kept
    alone = _candidate("резервная система", frequency=4, sentences=[1, 3, 9])
    assert alone in drop_fragments([full, alone])


def test_contracted_names_and_their_acronyms_are_one_concept() -> None:
    from glossary.extraction.merging import contracts, merge_synonyms

    assert contracts("Евросоюз", "Европейский союз") and contracts("Центробанк", "Центральный банк")
    assert contracts("Генпрокуратура", "Генеральная прокуратура") and contracts("Минфин", "министерство финансов")
    assert not contracts("Россия", "Российская Федерация")
    ranked = [
        _candidate("ЕС", ACRONYM),
        _candidate("Евросоюз", NAME),
        _candidate("ЦБ", ACRONYM),
        _candidate("Центробанк", NAME),
        _candidate("Генпрокуратура", NAME),
        _candidate("Генеральная прокуратура"),
        _candidate("Единство", NAME),
        _candidate("Газпром", NAME),
        _candidate("газовая промышленность"),
    ]
    merged = merge_synonyms(ranked)
    assert [c.canonical for c in merged] == ["ЕС", "ЦБ", "Генпрокуратура", "Единство", "Газпром", "газовая промышленность"]
    assert [s.canonical for s in merged[0].synonyms] == ["Евросоюз"]
    assert [s.canonical for s in merged[2].synonyms] == ["Генеральная прокуратура"]


def test_a_states_acronym_contracts_no_name() -> None:
    """РК is the Republic of Kazakhstan, a place: not the letters of Рос|космос (madeup-test2)."""
    from glossary.entries import ORGANISATION, PLACE
    from glossary.extraction.merging import merge_synonyms

    roskosmos, rk, eu, evrosoyuz = (
        _candidate("Роскосмос", NAME),
        _candidate("РК", ACRONYM),
        _candidate("ЕС", ACRONYM),
        _candidate("Евросоюз", NAME),
    )
    roskosmos.category, rk.category, eu.category, evrosoyuz.category = ORGANISATION, PLACE, ORGANISATION, ORGANISATION
    merged = merge_synonyms([roskosmos, eu, evrosoyuz, rk])
    assert [c.canonical for c in merged] == ["Роскосмос", "ЕС", "РК"]
    assert roskosmos.synonyms == [] and [s.canonical for s in eu.synonyms] == ["Евросоюз"]


def test_the_bracketed_acronym_is_paired_with_its_expansion() -> None:
    from glossary.build import pair_concepts
    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import rank_candidates

    sentences = [
        "Госдума приняла в первом чтении законопроект о гарантированном пенсионном продукте (ГПП).",
        "По словам министра, ГПП заменит накопительную часть пенсии.",
    ]
    options = ExtractionOptions(
        use_reference=False, use_names=False, jobs=1, min_specificity=0, min_relevance=0, use_domain=False
    )
    ranked = rank_candidates(sentences, options)
    pairs = {(c.short.canonical, c.full.canonical) for c in pair_concepts(ranked, [0, 0]) if c.short and c.full}
    assert ("ГПП", "гарантированный пенсионный продукт") in pairs


def test_passages_of_other_topics_weigh_little() -> None:
    from glossary.extraction.relevance import passage_relevance, passage_weight

    football = [
        "«Зенит» обыграл «Анжи» в матче 12-го тура чемпионата России по футболу.",
        "Нападающий забил два гола, тренер клуба доволен игрой команды.",
    ]
    economy = [
        "Правительство внесло в парламент законопроект о бюджете и налогах.",
        "Министр финансов заявил, что санкции не помешают росту экспорта и инвестиций.",
    ]
    weights = [passage_weight(r) for r in passage_relevance(football + economy, [0, 0, 1, 1])]
    assert max(weights[:2]) < 0.2 and min(weights[2:]) == 1.0


def test_states_and_places_are_a_category_of_their_own() -> None:
    from glossary.extraction.categories import categorise

    assert categorise(ACRONYM, "США", ("сша",), False, 0.0) == "place"
    assert categorise(ACRONYM, "РК", ("рк",), False, 0.8) == "place"  # inside the NER's place spans
    assert categorise(NAME, "Россия", ("россия",), False, 0.0) == "place"
    assert categorise(NAME, "Евросоюз", ("евросоюз",), False, 0.0) == "organisation"
    # pymorphy3 tags СНГ Geox, as it tags РФ: a union of states is an organisation all the same
    assert categorise(ACRONYM, "СНГ", ("снг",), False, 0.0) == "organisation"
    assert categorise(ACRONYM, "МИД", ("мид",), False, 0.0) == "organisation"
    assert categorise(PHRASE, "налоговая служба", ("налоговый", "служба"), False, 0.0) == "organisation"
    assert categorise(PHRASE, "трудовой договор", ("трудовой", "договор"), False, 0.0) == "treaty"
    assert categorise(PHRASE, "генеральный прокурор", ("генеральный", "прокурор"), False, 0.0) == "post"
    assert categorise(PHRASE, "долговая нагрузка", ("долговой", "нагрузка"), False, 0.0) == "concept"


CENTRAL_ASIA = [
    "Министры стран Центральной Азии провели встречу в Ташкенте.",
    "Поставки удобрений в страны Центральной Азии выросли.",
    "Экспорт зерна в Центральную Азию увеличится.",
    # a quoted name the tagger takes for an organisation: the one sighting outside a place's span
    "Встреча прошла в формате «Центральная Азия — Европейский союз».",
    "Мигранты выбирают страны Европейского союза.",
    "Делегация Европейского союза прибыла в Астану.",
]


def test_a_phrase_that_is_a_places_whole_span_is_a_place() -> None:
    """«Центральная Азия»: every sighting the NER spans as a place was dropped, and the one it
    missed made it a concept ranked among the terms (madeup-test3, madeup-test4). The place's
    sightings count, so it is a place; a union of states the tagger takes for one is not."""
    from tests.support.ranking import extractor_ranking

    ranked = {c.canonical: c for c in extractor_ranking(CENTRAL_ASIA)}
    assert ranked["Центральная Азия"].category == "place"
    assert ranked["Центральная Азия"].frequency == 4
    assert ranked["Европейский союз"].category == "organisation"
    listed = extractor_ranking(CENTRAL_ASIA, places="none")
    assert "Центральная Азия" not in {c.canonical for c in listed}


def test_scan_matches_the_source_language_only() -> None:
    from glossary.lookup.index import GlossaryIndex
    from glossary.lookup.scan import Scanner

    # A synthetic model's "English" can be Cyrillic: «не», «у» must not be marked in Russian text.
    glossary = Glossary(
        [
            Entry("x", [Term("налоговая служба", "ru", status=APPROVED), Term("не", "en", status=APPROVED)]),
            Entry("y", [Term("санкции", "ru", status=APPROVED), Term("у", "en", status=APPROVED)]),
        ]
    )
    found = Scanner(GlossaryIndex(glossary)).scan("У налоговой службы не было вопросов о санкциях.")
    assert [m.text for m in found] == ["налоговой службы", "санкциях"]


def _write_glossary(path: Path, ru: str, en: str) -> None:
    from glossary.formats import write_glossary

    path.parent.mkdir(parents=True, exist_ok=True)
    write_glossary(Glossary([Entry("e", [Term(ru, "ru", status=APPROVED), Term(en, "en", status=APPROVED)])]), path)


def test_lookups_find_the_projects_glossary_walking_up_and_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import sandbox_env
    from tests.support.cli import run_cli

    env = sandbox_env(tmp_path / "home")
    env.pop("GLOSSARY_FILE", None)
    _write_glossary(tmp_path / "a" / ".diplotm" / "glossary.tbx", "санкции", "sanctions")
    _write_glossary(tmp_path / "b" / ".diplotm" / "glossary.tbx", "санкции", "penalties")
    deep = tmp_path / "a" / "docs" / "2024"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run_cli("glossary", ["lookup", "санкций"], env=env)
    assert result.returncode == 0 and "sanctions" in result.stdout and "penalties" not in result.stdout
    assert "project's glossary" in result.stderr and str(tmp_path / "a" / ".diplotm" / "glossary.tbx") in result.stderr
    monkeypatch.chdir(tmp_path / "b")
    result = run_cli("glossary", ["scan", "Новые санкции."], env=env)
    assert result.returncode == 0 and "penalties" in result.stdout
    # Outside any project: the user default, and the error says where a project glossary goes.
    monkeypatch.chdir(tmp_path)
    result = run_cli("glossary", ["lookup", "санкций"], env=env)
    assert result.returncode == 3 and ".diplotm" in result.stderr


def _eaeu() -> Entry:
    """An approved reference entry with an acronym, a full form and a category."""
    return Entry(
        "eaeu",
        [
            Term("ЕАЭС", "ru", "acronym", status=APPROVED),
            Term("EAEU", "en", "acronym", status=APPROVED, origin="reference", confidence=1.0),
            Term("Eurasian Economic Union", "en", status=APPROVED, origin="reference", confidence=1.0),
        ],
        category="organisation",
    )


def test_tbx_records_the_category_and_omegat_shows_a_sentence(tmp_path: Path) -> None:
    from lxml import etree

    from glossary.formats import read_glossary, write_glossary
    from tests.glossary.formats.test_omegat import omegat_comment

    entry = _eaeu()
    path = tmp_path / "g.tbx"
    write_glossary(Glossary([entry]), path)
    element = etree.parse(str(path)).find(".//termEntry")
    assert element.find("descrip[@type='subjectField']").text == "organisation"
    comment = omegat_comment(element)
    assert comment.splitlines()[0] == "approved · from the reference list · EAEU is the acronym"
    assert "subjectField: organisation" in comment
    assert read_glossary(path).entries[0] == entry  # the English terms' codes come back from their admin fields


_CODES = ("noun", "verb", "adjective", "acronym", "fullForm")


@pytest.mark.slow  # javac and a JVM, 3 s
@NEEDS_JAVA_OMEGAT
def test_omegat_s_own_tbx_reader_shows_a_sentence_and_no_codes(tmp_path: Path) -> None:
    """OmegaT 3.6's GlossaryReaderTBX, run on our TBX: the comment beside each English term is
    the entry's sentence and its category, not TBX codes (it appends every termNote of a
    target-language term verbatim)."""
    from glossary.formats import write_glossary

    entry = _eaeu()
    proposed = Entry(
        "trade",
        [Term("товарооборот", "ru"), Term("trade turnover", "en", origin="mt", confidence=0.3)],
        category="concept",
    )
    path = tmp_path / "g.tbx"
    write_glossary(Glossary([entry, proposed]), path)
    shown = {(e["source"], e["target"]): e["comment"] for e in omegat_glossary_entries(path)}
    sentence = "approved · from the reference list · EAEU is the acronym\nsubjectField: organisation"
    assert shown == {
        ("ЕАЭС", "EAEU"): sentence,
        ("ЕАЭС", "Eurasian Economic Union"): sentence,
        ("товарооборот", "trade turnover"): "proposed · machine translation · confidence 0.30\nsubjectField: concept",
    }
    lines = [line for comment in shown.values() for line in comment.splitlines()]
    assert not any(line in _CODES or "-admn-sts" in line for line in lines)


def test_an_acronym_and_its_english_have_one_term_type() -> None:
    from glossary.build import _Concept, _en_terms, _ru_terms
    from glossary.extraction.reference import reference_index
    from tm.memory.build import Translations

    entry, _ = reference_index()["брикс"]
    concept = _Concept(short=_candidate("БРИКС", ACRONYM), reference=entry)
    ru, en = _ru_terms(concept), _en_terms(concept, Translations({}, 0, 0, 0), [])
    assert [t.term_type for t in ru] == [t.term_type for t in en] == ["acronym"]


def test_explicit_synonym_patterns_make_one_concept() -> None:
    """«A (далее — B)», «A, или B», «A, так называемые B»: the text says B names A."""
    from glossary.extraction.merging import merge_explicit
    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import rank_candidates

    sentences = [
        "Договор о Евразийском экономическом союзе (далее — ЕАЭС) подписан в Астане.",
        "Боевики Исламского государства, или ИГИЛ, отступили из города.",
        "Осужденным выдадут электронные браслеты, так называемые трекеры, для контроля.",
        "Снизить налоги, или сборы, в этом году нельзя.",  # a plain «or»: not one concept
        "Страны ЕАЭС и боевики ИГИЛ, налоги и сборы.",
    ]
    options = ExtractionOptions(
        use_reference=False, use_names=False, jobs=1, min_specificity=0, min_relevance=0, use_domain=False, min_frequency=1
    )
    ranked = rank_candidates(sentences, options)
    merged = merge_explicit(ranked, dict(enumerate(sentences)))
    concepts = {c.canonical: sorted(s.canonical for s in c.synonyms) for c in merged}
    names = {c.canonical for c in merged} | {s.canonical for c in merged for s in c.synonyms}
    assert {"ЕАЭС", "ИГИЛ", "трекер", "налог", "сбор"} <= names, names

    def together(a: str, b: str) -> bool:
        return b in concepts.get(a, []) or a in concepts.get(b, [])

    assert together("Евразийский экономический союз", "ЕАЭС")
    assert together("Исламское государство", "ИГИЛ")
    assert together("электронный браслет", "трекер")
    assert not together("налог", "сбор")
    assert len(merged) == len(ranked) - 3


def test_a_generic_word_named_by_a_pattern_stays_apart_when_it_occurs_alone() -> None:
    from glossary.extraction.merging import merge_explicit

    texts = {0: "Федеральная налоговая служба (далее — Служба) проверила декларации.", 1: "Служба занятости открыта."}
    full = _candidate("Федеральная налоговая служба", sentences=[0])
    word = _candidate("служба", kind="word", sentences=[0, 1])
    word.variants = ["Служба"]
    full.variants = ["Федеральная налоговая служба"]
    assert merge_explicit([full, word], texts) == [full, word] and not full.synonyms
    word.sentences = [0]
    assert merge_explicit([full, word], texts) == [full] and full.synonyms == [word]


def test_a_short_name_is_merged_into_the_one_full_name_it_shortens() -> None:
    from glossary.extraction.merging import merge_synonyms, short_form

    assert short_form("федеральный резерв", "федеральный резервный система")
    assert not short_form("верховный суд", "верховный суд сша")  # another court, not the same in full
    assert not short_form("генеральный прокуратура", "генеральный прокуратура штат")
    assert not short_form("европейский совет", "европейский союз")
    assert not short_form("российский федерация", "российский академия наука")
    ranked = [
        _candidate("Федеральный резерв"),
        _candidate("ФРС", ACRONYM),
        _candidate("Федеральная резервная система"),
        _candidate("Федеральная служба"),  # of which federal service? two full names: left alone
        _candidate("Федеральная налоговая служба"),
        _candidate("Федеральная таможенная служба"),
    ]
    merged = merge_synonyms(ranked)
    assert [c.canonical for c in merged] == [
        "Федеральная резервная система",
        "ФРС",
        "Федеральная служба",
        "Федеральная налоговая служба",
        "Федеральная таможенная служба",
    ]
    assert [s.canonical for s in merged[0].synonyms] == ["Федеральный резерв"]


def test_a_name_in_quotes_that_is_a_common_noun_is_a_sense_of_its_own() -> None:
    from glossary.extraction.candidates import find_candidates

    show = find_candidates("Победитель шоу «Голос» выступил в финале.", 0)
    votes = find_candidates("Его голос решил исход голосования.", 1)
    assert [(o.key, o.singular) for o in show if o.surface == "Голос"] == [("«голос»", "Голос")]
    assert [o.key for o in votes if o.surface == "голос"] == ["голос"]
    # a proper noun in quotes is one name, quoted or not
    assert [o.key for o in find_candidates("Компания «Газпром» выросла.", 0) if o.kind == NAME] == ["газпром"]


def test_a_piece_of_a_quoted_company_name_is_no_candidate() -> None:
    from glossary.extraction.candidates import find_candidates

    found = {o.singular for o in find_candidates('Собственник ООО "КИТ Финанс Пенсионный администратор" объединит фонды.', 0)}
    assert "Пенсионный администратор" not in found
    law = {o.singular for o in find_candidates("Закон «О внесении изменений в Налоговый кодекс» принят.", 0)}
    assert "Налоговый кодекс" in law


def test_a_quoted_sense_is_one_with_the_bare_name_but_not_with_the_noun() -> None:
    from glossary.extraction.candidates import WORD, name_key
    from glossary.extraction.merging import merge_synonyms

    show, votes = _candidate("Голос", NAME), _candidate("голос", WORD)
    show.key = name_key("голос")
    assert merge_synonyms([show, votes]) == [show, votes]
    quoted, bare = _candidate("Коммерсант", NAME), _candidate("Коммерсант", NAME)
    quoted.key = name_key("коммерсант")
    assert merge_synonyms([bare, quoted]) == [bare] and bare.synonyms == [quoted]
