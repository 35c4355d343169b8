"""The extractor on its own (issue 7): --no-reference, the max-terms cap, acronym pairing on
local evidence only, compound adjectives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.build import Unit, build_glossary
from glossary.extraction.morphology import lemma_key
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import rank_candidates
from tests.support import SEEDS, sandbox_env
from tests.support.ranking import extractor_ranking, ranked_keys
from tm.memory.build import read_segments
from tm.mt.cache import TranslationCache


def _units(document_sentences: dict[str, list[str]]) -> list[Unit]:
    return [Unit(s, "", doc, f"{doc}-{i}") for doc, sentences in document_sentences.items() for i, s in enumerate(sentences)]


FILLER = [f"Стороны обсудили вопрос номер {n} повестки дня." for n in range(1, 8)]


def _pairs(units: list[Unit]) -> dict[str, list[str]]:
    glossary = build_glossary(units, None, TranslationCache(None))
    return {e.terms_in("ru")[0].text: [t.text for t in e.terms_in("ru")] for e in glossary.entries}


def test_an_acronym_is_paired_with_its_expansion_only_nearby_in_one_document() -> None:
    near = _units({"a.txt": ["Создан Региональный торговый совет.", "РТС проведет первое заседание в мае.", *FILLER]})
    assert any(terms == ["РТС", "Региональный торговый совет"] for terms in _pairs(near).values())
    apart = _units(
        {"a.txt": ["Создан Региональный торговый совет.", *FILLER], "b.txt": ["РТС проведет заседание в мае.", *FILLER]}
    )
    assert not any(len(terms) == 2 and "РТС" in terms for terms in _pairs(apart).values())
    far = _units({"a.txt": ["Создан Региональный торговый совет.", *FILLER, "РТС проведет заседание в мае."]})
    assert not any(len(terms) == 2 and "РТС" in terms for terms in _pairs(far).values())


def test_max_terms_never_cuts_reference_terms_or_places(counted_once: None) -> None:
    # Acronyms and names are ranked and capped like any term (issue 19: no form-based bypass);
    # reference terms are kept, and places are listed after the ranked terms, uncapped.
    sentences = [s.text for s in read_segments([str(SEEDS)]).segments]
    everything = rank_candidates(sentences)
    capped = rank_candidates(sentences, ExtractionOptions(max_terms=5))
    always = {c.key for c in everything if c.in_reference or c.category == "place"}
    assert always <= {c.key for c in capped}
    # 5 ranked terms and at most 5 single words that entered by domain evidence (their own budget)
    ranked = [c for c in capped if not (c.in_reference or c.category == "place")]
    assert 5 <= len(ranked) <= 10


def test_no_reference_uses_the_rules_alone() -> None:
    sentences = ["Космодром Байконур арендован Россией.", "Стороны развивают культурно-гуманитарные связи."]
    with_list = {c.key for c in rank_candidates(sentences)}
    alone = {c.key for c in rank_candidates(sentences, ExtractionOptions(use_reference=False, min_specificity=0))}
    assert lemma_key("Байконур") in with_list and lemma_key("Байконур") not in alone  # a name only the list brings in
    assert lemma_key("культурно-гуманитарные связи") in alone  # a compound adjective pymorphy3 does not know


def test_an_empty_reference_list_does_not_crash(tmp_path: Path) -> None:
    from glossary.extraction import reference

    empty = tmp_path / "reference.tsv"
    empty.write_text("ru\ten\tru_full\ten_full\tdomain\n", encoding="utf-8")
    assert reference.reference_index(empty) == {} and reference.longest_reference_term(empty) == 0


@pytest.mark.slow
def test_glossary_build_no_reference_from_the_command_line(tmp_path: Path, seeds_memory: Path, tiny_model: Path) -> None:
    env = sandbox_env(tmp_path)
    out = tmp_path / "g.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary.cli",
            "build",
            str(seeds_memory),
            "-o",
            str(out),
            "--model",
            str(tiny_model),
            "--no-reference",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    from glossary.formats import read_glossary

    russian = {t.text for e in read_glossary(out).entries for t in e.terms_in("ru")}
    assert json.loads(result.stdout)["entries"] > 100 and "Байконур" not in russian and "ЕАЭС" in russian


def test_persons_and_places_are_out_and_one_word_organisations_in() -> None:
    sentences = [
        "Страны Центральная Азия и Саудовская Аравия обсудили нефтяные поставки.",
        "Госдума одобрила законопроект, а Минфин подготовил поправки к бюджетному кодексу.",
        "Касым-Жомарт Токаев встретился с министром.",
    ]
    keys = ranked_keys(sentences, min_specificity=0, places="none")
    assert lemma_key("Центральная Азия") not in keys and lemma_key("Саудовская Аравия") not in keys
    assert {"госдума", "минфин"} <= keys
    # a place whose phrase is the NER's whole span is in the places' list, not among the terms
    places = {c.key: c.category for c in extractor_ranking(sentences, min_specificity=0, places="only")}
    assert places == {lemma_key("Центральная Азия"): "place", lemma_key("Саудовская Аравия"): "place"}
    assert not any("токаев" in k for k in ranked_keys(sentences, min_specificity=0))  # a person is out


def test_a_common_noun_the_tagger_calls_an_organisation_is_still_a_common_noun() -> None:
    from glossary.extraction.entities import Entity, organisations

    # NER labels a sentence-initial «Правительство» and a metonymic «Россия» as organisations.
    found = [
        [Entity("Правительство", "ORG", initial=True)],
        [Entity("Россия", "ORG")],
        [Entity("Минфин", "ORG", initial=True)],
        [Entity("Во", "ORG", initial=True)],
    ]
    assert [o.key for o in organisations(found)] == ["минфин"]
    # One capitalised sighting does not make a word written in lower case a name that is always kept.
    sentences = ["Правительство одобрило проект.", "Решение правительства принято.", "Члены правительства встретились."]
    options = ExtractionOptions(use_reference=False, min_relevance=0, min_word_specificity=99)
    assert "правительство" not in {c.key for c in rank_candidates(sentences, options)}


def test_a_name_keeps_its_capitals_where_a_quote_made_its_case_uninformative() -> None:
    # «пишут "Ведомости"» would make it a medium, dropped: the test is of its capitals
    sentences = ["Об этом рассказали в «Ведомостях».", "«Ведомостей» нет в киоске.", "«Ведомости» вышли утром."]
    ranked = extractor_ranking(sentences)
    assert {"Ведомость", "Ведомости"} & {c.canonical for c in ranked if c.kind == "name"}


def test_a_rare_adjective_reading_does_not_make_a_phrase() -> None:
    from glossary.extraction.candidates import find_candidates

    forms = {o.singular for o in find_candidates("Путин назначил его главой администрации президента.", 0)}
    assert not any(f.startswith("главая") or f.startswith("главый") for f in forms)
    assert "глава администрации" in forms


def test_domain_relevance_ranks_diplomacy_above_football() -> None:
    from glossary.extraction.relevance import relevance

    domain = [relevance([t]) for t in ("товарооборот", "санкции", "суверенитет", "референдум")]
    football = [relevance([t]) for t in ("Анжи", "турнирная таблица", "шоколадные батончики")]
    assert min(domain) > 0.3 > 0.2 > max(football)


def test_a_term_seen_only_in_the_plural_is_named_in_the_singular_unless_the_plural_is_usual() -> None:
    sentences = [
        "Стороны реализуют совместные проекты.",
        "Совместные проекты растут.",
        "Введены экономические санкции.",
        "Экономические санкции продлены.",
    ]
    canonical = {
        c.key: c.canonical
        for c in rank_candidates(sentences, ExtractionOptions(use_reference=False, min_specificity=0, min_relevance=0))
    }
    assert canonical[lemma_key("совместный проект")] == "совместный проект"
    assert canonical[lemma_key("экономические санкции")] == "экономические санкции"


@pytest.mark.slow
def test_glossary_build_from_a_tmx_needs_no_model_for_reference_terms(tmp_path: Path, seeds_memory: Path) -> None:
    env = sandbox_env(tmp_path)  # no model installed here
    out = tmp_path / "g.csv"
    result = subprocess.run(
        [sys.executable, "-m", "glossary.cli", "build", str(seeds_memory), "-o", str(out), "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "warning: no ru→en model installed" in result.stderr
    from glossary.formats import read_glossary

    entries = read_glossary(out).entries
    english = {t.text for e in entries for t in e.terms_in("en")}
    assert "EAEU" in english and all(t.origin == "reference" for e in entries for t in e.terms_in("en"))
    text_source = subprocess.run(
        [sys.executable, "-m", "glossary.cli", "build", str(SEEDS), "-o", str(tmp_path / "t.csv")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert text_source.returncode == 6  # text must be translated: a model is needed


def test_relevance_leaves_the_terms_own_words_out_of_the_core() -> None:
    import numpy as np

    from glossary.extraction.relevance import _core, news_embedding, relevance, unit

    words, core = _core()
    assert "товарооборот" in words  # a core word: its cosine of 1 with itself must not count
    vector = unit(news_embedding()["товарооборот"])
    others = np.sort(np.delete(core, words.index("товарооборот"), axis=0) @ vector)[::-1]
    assert relevance(["товарооборот"]) == pytest.approx(float(others[:3].mean()))
    assert relevance(["товарооборот"]) < float(np.sort(core @ vector)[::-1][:3].mean())
