"""The round-1 changes of issue 19 reviewed: one mechanism per question (a sighting inside a
NER span, an institution noun, a phrase's head noun), NER types that survive pickling and
the merge of chunks (workers.py, ray_counting.py), and a long sentence that stays linear."""

from __future__ import annotations

import pickle

import pytest

from glossary.extraction.candidates import ACRONYM, NAME, Occurrence


def _occurrence(surface: str, kind: str = NAME, sentence: int = 0) -> Occurrence:
    key = surface.lower()
    return Occurrence(key, kind, surface, surface, surface, False, (key,), sentence)


def test_one_span_test_serves_names_places_and_sense_types() -> None:
    """entities.span_of is the one "inside a NER span" test: outside_names drops a name inside
    a person's or a place's span, and the first span of any kind gives a sighting its type."""
    from glossary.extraction.entities import Entity, outside_names, span_of

    spans = [Entity("Иван Тайгин", "PER"), Entity("Северная Тайга", "LOC"), Entity("клуб Тайга", "ORG")]
    assert span_of("Тайга", spans) == spans[1]  # the first span that holds it
    assert span_of("Тайга", spans, ("ORG",)) == spans[2]
    assert span_of("Омск", spans) is None
    kept = outside_names([_occurrence("Тайгин"), _occurrence("Омск"), _occurrence("РК", ACRONYM)], [spans])
    assert [o.surface for o in kept] == ["Омск", "РК"]  # an acronym stays inside any span


def test_one_institution_noun_list_public_and_folded() -> None:
    """candidates, merging and categories ask categories.institution_noun, folded."""
    from glossary.extraction.categories import ORGANISATION_HEADS, institution_noun

    assert "комитет" in ORGANISATION_HEADS
    assert institution_noun("Комитет") and institution_noun("агентство")
    assert not institution_noun("прокурор") and not institution_noun("закон") and not institution_noun("")


def test_one_head_noun_lookup_for_categories_and_person_descriptions() -> None:
    """categories.head_noun finds the first word read first as a noun; phrase_head takes its
    lemma and keeping.person_description its animacy."""
    from glossary.extraction.categories import head_noun, phrase_head
    from glossary.extraction.keeping import person_description

    found = head_noun("российская газета".split())
    assert found is not None and found[0] == 1 and found[1].normal_form == "газета"
    assert head_noun(["быстро", "новый"]) is None
    assert phrase_head("Российская газета", ("российский", "газета")) == "газета"
    assert phrase_head("новая газета", ("новый",)) == ""  # only the words its lemmas cover
    assert person_description("опытный журналист газеты")
    assert not person_description("генеральный секретарь") and not person_description("новая газета")


def test_ner_types_survive_pickling_and_the_merge_of_chunks() -> None:
    """A table's NER types travel to a worker and back (pickle: multiprocessing and Ray alike)
    and merge across chunks with their sentences numbered from each chunk's start."""
    from glossary.extraction.tally import CandidateTable, Chunk, count_chunk

    first = ["Экспорт в ЕАЭС вырос.", "Пошлины ЕАЭС снижены."]
    second = ["Страны ЕАЭС договорились."]
    table = pickle.loads(pickle.dumps(count_chunk(Chunk(0, first, use_reference=False, use_domain=False))))
    other = pickle.loads(pickle.dumps(count_chunk(Chunk(2, second, use_reference=False, use_domain=False))))
    merged = CandidateTable()
    merged.merge(table)
    merged.merge(other)
    tally = merged.tallies["еаэс"]
    assert tally.sentences == [0, 1, 2]
    # The tagger types what it types; each typed sighting keeps its sentence, the second
    # chunk's numbered from its start.
    assert tally.ner is not None and tally.ner_sentences is not None and 2 in tally.ner_sentences
    assert set(tally.ner_sentences) <= set(tally.sentences) and sum(tally.ner.values()) == len(tally.ner_sentences)


def test_context_tests_are_asked_once_per_sighting_not_per_occurrence(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence that repeats a name n times asks news_source once (it reads every sighting
    of the name itself), not n times: a 5,000-word sentence took minutes, quadratically."""
    from glossary.extraction import entities, tally

    calls: list[str] = []
    real = entities.news_source

    def counting(sentence: str, surface: str) -> bool:
        calls.append(surface)
        return real(sentence, surface)

    monkeypatch.setattr(entities, "news_source", counting)
    sentence = " ".join(["Решение ЕАЭС поддержали."] * 300)
    occurrences = [_occurrence("ЕАЭС", ACRONYM) for _ in range(300)]
    found = tally._sightings([sentence], occurrences)
    assert calls == ["ЕАЭС"] and not found.sources


def test_passage_halves_at_the_edges_of_a_passage() -> None:
    """relevance.passage_relevance with no sentence, one sentence, and a first and a last
    sentence, whose only half is the one toward their neighbours."""
    from glossary.extraction.relevance import UNKNOWN_PASSAGE, passage_relevance, sentence_domains

    assert passage_relevance([]) == []
    one = ["Парламент обсудил санкции и пошлины на экспорт нефти."]
    total, count = sentence_domains(one)[0]
    assert passage_relevance(one) == [pytest.approx(total / count)]
    assert passage_relevance(["Ну и вот."]) == [UNKNOWN_PASSAGE]
    three = [*one, "Министр финансов предложил снизить налог.", "Нападающий забил гол в финале чемпионата."]
    domains = sentence_domains(three)

    def mean(part: list[tuple[float, int]]) -> float:
        return sum(d[0] for d in part) / sum(d[1] for d in part)

    first, _, last = passage_relevance(three)
    # The first sentence has no half before it: its own, or the window after it with it.
    assert first in (pytest.approx(mean(domains[:1])), pytest.approx(mean(domains)))
    # The last has no half after it: the half before it, with it, is the whole window.
    assert last == pytest.approx(mean(domains))


def test_empty_input_a_single_sentence_and_a_sentence_of_5000_words() -> None:
    """The round-1 rules on the edge cases: nothing, one sentence, and one sentence of 5,000
    words that repeats a complemented name (complemented_names' MAX_NAME_WORDS bound holds)."""
    from glossary.extraction.candidates import MAX_NAME_WORDS
    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import rank_candidates

    options = ExtractionOptions(use_reference=False)
    assert rank_candidates([], options) == [] and rank_candidates([""], options) == []
    assert rank_candidates(["Совет при президенте по развитию гражданского общества собрался."], options)
    name = "Совет при президенте по развитию гражданского общества и правам человека"
    ranked = rank_candidates([" ".join([name] * 500)], options)
    assert ranked and max(c.words for c in ranked) <= MAX_NAME_WORDS
