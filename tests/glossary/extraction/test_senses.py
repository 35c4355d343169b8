"""Senses split by NER type and by case (issue 19, glossary/extraction/senses.py): a name used
for a region and for a club is two entries; one used as one type stays one."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.extraction.candidates import NAME, WORD
from glossary.extraction.ranking import Candidate

# Made-up sentences: «Тайга» a region (LOC) in 0-3, a club (ORG) in 4-6, 7 tagged nothing.
TEXTS = {
    0: "Губернатор рассказал о развитии Тайги.",
    1: "Инвестиции в Тайгу выросли вдвое.",
    2: "Морозы в Тайге побили рекорд.",
    3: "Дороги Тайги нуждаются в ремонте.",
    4: "Клуб «Тайга» проиграл на выезде.",
    5: "Хоккейная команда «Тайга» забила два гола.",
    6: "Болельщики клуба «Тайга» приехали в Омск.",
    7: "О Тайге написали снова.",
}
TYPES = {0: "LOC", 1: "LOC", 2: "LOC", 3: "LOC", 4: "ORG", 5: "ORG", 6: "ORG"}


def _name(types: dict[int, str], sentences: list[int] | None = None) -> Candidate:
    from collections import Counter

    sentences = sentences if sentences is not None else sorted(TEXTS)
    return Candidate(
        key="тайга",
        kind=NAME,
        canonical="Тайга",
        frequency=len(sentences),
        variants=["Тайги", "Тайгу", "Тайге", "Тайга"],
        sentences=sentences,
        lemmas=("тайга",),
        score=8.0,
        ner=dict(Counter(types.values())) or None,
        ner_sentences=dict(types) or None,
    )


def test_a_name_used_for_a_region_and_for_a_club_is_two_senses() -> None:
    from glossary.entries import PLACE
    from glossary.extraction.senses import SENSE_MARK, plain_key, split_senses

    other = Candidate(key="бюджет", kind=WORD, canonical="бюджет", frequency=3, score=9.0)
    senses = split_senses([other, _name(TYPES)], TEXTS)
    assert senses[0] is other
    region, club = senses[1:]
    assert (region.key, region.frequency, region.sentences) == ("тайга", 5, [0, 1, 2, 3, 7])  # untyped 7 goes with the larger
    assert (club.key, club.frequency, club.sentences) == ("тайга" + SENSE_MARK + "org", 3, [4, 5, 6])
    assert plain_key(club.key) == region.key  # its English is aligned by the same words
    assert club.variants == ["Тайга"] and region.canonical == club.canonical == "Тайга"
    assert region.score + club.score == pytest.approx(8.0) and region.score > club.score
    assert "place's name" in region.sense and "organisation's name" in club.sense
    assert region.category != PLACE  # its place share is what tally counted (none here)


def test_the_smaller_sense_that_is_a_place_is_listed_with_the_places() -> None:
    from glossary.entries import PLACE
    from glossary.extraction.senses import split_senses

    types = {0: "LOC", 1: "LOC", 2: "LOC", 4: "ORG", 5: "ORG", 6: "ORG", 7: "ORG"}  # 4 ORG, 3 LOC
    whole = _name(types)
    whole.place_share = 3 / 8  # the LOC sightings of a name count as places (tally.count_chunk)
    after = Candidate(key="санкция", kind=WORD, canonical="санкции", frequency=2, score=1.0)
    club, following, region = split_senses([whole, after], TEXTS)
    assert following is after and club.sentences == [3, 4, 5, 6, 7] and region.sentences == [0, 1, 2]
    assert region.category == PLACE and club.category != PLACE and club.place_share == 0


def test_a_union_tagged_now_a_place_now_an_organisation_stays_one() -> None:
    """The tagger's LOC and ORG alternate on one concept that acts: no context introduces
    its ORG sightings as a company or a club, so it is a metonym, not two senses."""
    from glossary.extraction.candidates import ACRONYM
    from glossary.extraction.senses import split_senses

    texts = {
        0: "Страны ТЭС обсудили пошлины.",
        1: "В ТЭС вступили еще две страны.",
        2: "Товарооборот внутри ТЭС вырос.",
        3: "ТЭС ввел новые пошлины.",
        4: "Комиссия ТЭС одобрила регламент.",
        5: "ТЭС продлил соглашение.",
    }
    union = Candidate(
        key="тэс", kind=ACRONYM, canonical="ТЭС", frequency=6, sentences=list(range(6)), score=4.0, variants=["ТЭС"],
        ner={"LOC": 3, "ORG": 3}, ner_sentences={0: "LOC", 1: "LOC", 2: "LOC", 3: "ORG", 4: "ORG", 5: "ORG"},
    )  # fmt: skip
    assert split_senses([union], texts) == [union]


def test_a_name_of_one_type_or_with_a_stray_label_stays_one() -> None:
    from glossary.extraction.senses import split_senses

    one_type = _name({i: "ORG" for i in TEXTS})
    assert split_senses([one_type], TEXTS) == [one_type]
    # one LOC label in eight sightings is the tagger's noise, not a sense
    stray = _name({**{i: "ORG" for i in TEXTS}, 0: "LOC"})
    assert split_senses([stray], TEXTS) == [stray]
    # two of twelve (under NER_SENSE_SHARE) neither
    many = _name({**{i: "ORG" for i in range(12)}, 0: "LOC", 1: "LOC"}, list(range(12)))
    many.frequency = 12
    assert split_senses([many], {**TEXTS, **{i: "Клуб «Тайга» выиграл." for i in range(8, 12)}}) == [many]


def test_the_case_split_notes_which_sense_each_is() -> None:
    from glossary.extraction.senses import split_senses

    texts = {
        0: "Сенаторы внесли в Конгресс поправки.",
        1: "В Конгрессе обсудили пошлины.",
        2: "Прошел конгресс нефтяников.",
        3: "Отраслевые конгрессы собирают инвесторов.",
        4: "Такие конгрессы проходят весной.",
    }
    word = Candidate(
        key="конгресс", kind=WORD, canonical="конгресс", frequency=5, sentences=list(range(5)), score=5.0,
        variants=["Конгресс", "Конгрессе", "конгресс", "конгрессы"], ner={"ORG": 2}, ner_sentences={0: "ORG", 1: "ORG"},
    )  # fmt: skip
    noun, name = split_senses([word], texts)
    assert name.key == "Конгресс" and noun.key == "конгресс"
    assert "the name" in name.sense and "common noun" in noun.sense
    assert name.ner == {"ORG": 2} and noun.ner is None  # each keeps the types of its own sightings


def test_each_sighting_carries_the_type_of_the_ner_span_it_falls_in() -> None:
    """tally.count_chunk reads the types off the NER it runs anyway: an acronym inside a
    place's span is LOC, a word in no span has none recorded."""
    from glossary.extraction.tally import Chunk, count_chunk

    sentences = ["Прокуратура РК возбудила дело.", "Президент РК прибыл с визитом.", "В РК прошли выборы."]
    table = count_chunk(Chunk(5, sentences, use_reference=False, use_domain=False))
    acronym = table.tallies["рк"]
    assert acronym.ner == {"LOC": 3} and acronym.ner_sentences == {5: "LOC", 6: "LOC", 7: "LOC"}
    assert table.tallies["дело"].ner is None
    merged = count_chunk(Chunk(0, sentences[:1], use_reference=False, use_domain=False))
    merged.merge(table)
    assert merged.tallies["рк"].ner == {"LOC": 4} and set(merged.tallies["рк"].ner_sentences or {}) == {0, 5, 6, 7}


def test_the_build_writes_both_senses_with_their_own_ids_and_notes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import glossary.build as build
    from glossary.extraction.options import ExtractionOptions
    from glossary.formats import read_glossary, write_glossary
    from tm.mt.cache import TranslationCache

    def ranked(sentences: object, *args: object, **kwargs: object) -> list[Candidate]:
        list(sentences)  # type: ignore[call-overload]  # the build numbers the documents as it reads
        return [_name(TYPES)]

    monkeypatch.setattr(build, "rank_candidates", ranked)
    units = [build.Unit(s, "", "a.txt", str(i)) for i, s in TEXTS.items()]
    options = build.GlossaryOptions(ExtractionOptions(use_reference=False, jobs=1))
    glossary = build.build_glossary(units, None, TranslationCache(None), options)
    assert len(glossary.entries) == 2 and len({e.id for e in glossary.entries}) == 2
    assert all(e.note.startswith("sense: ") for e in glossary.entries)
    path = tmp_path / "g.tbx"
    write_glossary(glossary, path)
    back = read_glossary(path)
    assert sorted(e.id for e in back.entries) == sorted(e.id for e in glossary.entries)
    assert sorted(e.note for e in back.entries) == sorted(e.note for e in glossary.entries)
