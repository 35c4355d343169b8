"""One concept per meaning (issue 19): an acronym and its expansion by the text's evidence,
two names whose human English is the same, and senses split by case and number."""

from __future__ import annotations

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
    from glossary.build import _concepts

    texts = {
        0: "Боевики группировки Исламское государство Ирака и Леванта отступили.",
        1: "Исламское государство потеряло город.",
        2: "ИГИЛ потеряло нефтяные поля.",
    }
    name = _candidate("Исламское государство", sentences=[0, 1])
    acronym = _candidate("ИГИЛ", ACRONYM, sentences=[2])
    concepts = _concepts([name, acronym], [0, 0, 0], texts)
    assert len(concepts) == 1 and (concepts[0].short, concepts[0].full) == (acronym, name)
    # without the spelled-out text, the letters do not fit
    assert (
        len(
            _concepts(
                [_candidate("Исламское государство", sentences=[1]), _candidate("ИГИЛ", ACRONYM, sentences=[2])], [0, 0, 0], texts
            )
        )
        == 2
    )
    # with the longer name a candidate too, it is the full form and the shorter its synonym
    longer = _candidate("Исламское государство Ирака и Леванта", sentences=[0])
    name, acronym = _candidate("Исламское государство", sentences=[0, 1]), _candidate("ИГИЛ", ACRONYM, sentences=[2])
    (concept,) = _concepts([name, acronym, longer], [0, 0, 0], texts)
    assert (concept.short, concept.full) == (acronym, longer) and longer.synonyms == [name]


def test_an_acronym_two_expansions_fit_is_paired_with_neither() -> None:
    from glossary.build import _concepts

    acronym = _candidate("ВС", ACRONYM, sentences=[1])
    court, army = _candidate("Верховный суд", sentences=[0]), _candidate("Вооруженные силы", sentences=[2])
    concepts = _concepts([acronym, court, army], [0, 0, 0])
    assert [(c.short, c.full) for c in concepts] == [(acronym, None), (None, court), (None, army)]
    # one of them alone: paired
    (concept, _) = _concepts([acronym, court, _candidate("Генеральный штаб", sentences=[2])], [0, 0, 0])
    assert (concept.short, concept.full) == (acronym, court)
