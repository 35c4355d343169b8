"""English equivalents from human translations (issues 8, 19): the English span word-aligned
to the term, the `aligned` origin in every export and in lookups, aligned examples first."""

from __future__ import annotations

from pathlib import Path

from glossary.build import Unit, build_glossary
from glossary.equivalents.aligned import AlignedEvidence, english_ngrams
from glossary.formats import read_glossary, write_glossary
from glossary.lookup.index import GlossaryIndex
from tm.memory.tmx import ORIGIN_ALIGNMENT, ORIGIN_MT
from tm.mt.cache import TranslationCache

# The terms' English is always "economic sanctions" / "customs duties"; "the country" is
# everywhere, so it is frequent with the term but not associated with it.
PAIRS = [
    ("Экономические санкции против страны продлены.", "The economic sanctions against the country were extended."),
    ("Новые экономические санкции ударили по стране.", "New economic sanctions hit the country."),
    ("Страна ответила на экономические санкции.", "The country answered the economic sanctions."),
    ("Таможенные пошлины страны выросли.", "The country's customs duties rose."),
    ("Страна снизила таможенные пошлины на зерно.", "The country cut customs duties on grain."),
    ("Страна обсудила бюджет.", "The country discussed the budget."),
    ("Страна обсудила выборы.", "The country discussed the elections."),
]


def _units(origin: str) -> list[Unit]:
    mark = "u" if origin == ORIGIN_ALIGNMENT else "m"
    return [
        Unit(ru, en if origin == ORIGIN_ALIGNMENT else f"machine {i}", "doc.txt", f"{mark}{i}", origin)
        for i, (ru, en) in enumerate(PAIRS)
    ]


def test_ngrams_neither_begin_nor_end_with_function_words_or_numbers() -> None:
    grams = english_ngrams("The U.S. cut 20 customs duties of the EU.")
    assert {"u.s.", "customs duties", "u.s. cut", "eu"} <= set(grams)
    assert not any(g.split()[0] in {"the", "of"} or g.split()[-1] in {"the", "of"} or g[0].isdigit() for g in grams)


def _evidence(term_units: dict[str, list[int]], pairs: list[tuple[str, str]] = PAIRS) -> AlignedEvidence:
    return AlignedEvidence(term_units, {i: en for i, (_, en) in enumerate(pairs)}, {i: ru for i, (ru, _) in enumerate(pairs)})


def test_the_span_aligned_to_the_term_wins_not_a_frequent_neighbour() -> None:
    evidence = _evidence({"экономический санкция": [0, 1, 2], "таможенный пошлина": [3, 4]})
    sanctions = evidence.equivalent("экономический санкция")
    assert sanctions is not None and sanctions.text == "economic sanctions" and sanctions.together == 3
    assert sanctions.agreement == 1.0 and sanctions.occurrences == 3
    duties = evidence.equivalent("таможенный пошлина")
    assert duties is not None and duties.text == "customs duties"
    assert duties.confidence < sanctions.confidence  # two units are thinner evidence than three
    assert evidence.equivalent("страна") is None  # not in the table: no evidence asked for


def test_the_aligned_origin_reaches_exports_and_lookups(tmp_path: Path) -> None:
    glossary = build_glossary(_units(ORIGIN_MT) + _units(ORIGIN_ALIGNMENT), None, TranslationCache(None))
    entry = next(e for e in glossary.entries if e.terms_in("ru")[0].text.lower().startswith("экономические санкции"))
    english = entry.terms_in("en")
    assert english and english[0].text == "economic sanctions" and english[0].origin == "aligned"
    # MT units come first in the memory, yet the examples are the human translations.
    assert entry.contexts and all(c.tuid.startswith("u") for c in entry.contexts)
    for suffix in (".tbx", ".csv", ".po"):
        path = tmp_path / f"g{suffix}"
        write_glossary(glossary, path)
        again = next(e for e in read_glossary(path).entries if e.id == entry.id)
        assert again.terms_in("en")[0].origin == "aligned", suffix
    hit = GlossaryIndex(glossary).lookup("экономическими санкциями")
    assert hit.hits and hit.hits[0].entry.terms_in("en")[0].origin == "aligned" and hit.hits[0].entry.contexts


def test_without_aligned_units_no_aligned_equivalent_is_made() -> None:
    glossary = build_glossary(_units(ORIGIN_MT), None, TranslationCache(None))
    assert not any(t.origin == "aligned" for e in glossary.entries for t in e.terms)


def test_the_models_translation_wins_where_the_human_english_uses_it() -> None:
    # The human English says "tariffs" twice and "customs duties" three times.
    pairs = [
        ("Таможенные пошлины выросли.", "Customs duties rose."),
        ("Страна снизила таможенные пошлины.", "The country cut customs duties."),
        ("Таможенные пошлины на зерно отменены.", "Customs duties on grain were lifted."),
        ("Таможенные пошлины на сталь выросли.", "Tariffs on steel rose."),
        ("Страна снизила таможенные пошлины на уголь.", "The country cut tariffs on coal."),
    ]
    evidence = _evidence({"таможенный пошлина": [0, 1, 2, 3, 4]}, pairs)
    assert evidence.equivalent("таможенный пошлина").text == "customs duties"  # type: ignore[union-attr]
    chosen = evidence.equivalent("таможенный пошлина", ["tariffs"])
    assert chosen is not None and chosen.text == "tariffs"
    unused = evidence.equivalent("таможенный пошлина", ["punitive measures"])
    assert unused is not None and unused.text == "customs duties"
