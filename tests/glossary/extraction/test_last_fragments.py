"""Issue 19, last fragments, forms and duplicates found on held-out news (made-up sentences)."""

from __future__ import annotations

from glossary.extraction.entities import Entity, organisations


def test_a_lone_adjective_the_tagger_calls_an_organisation_is_no_name() -> None:
    # «Среднемесячная зарплата, …»: the tagger takes the sentence's first word for an ORG.
    found = [[Entity("Среднемесячная", "ORG", initial=True)], [Entity("Квартальный", "ORG")], [Entity("Росстат", "ORG")]]
    assert [o.key for o in organisations(found)] == ["росстат"]


def test_a_phrase_cut_at_a_link_of_a_genitive_chain_is_a_fragment() -> None:
    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import rank_candidates

    # «пункт» takes a genitive in every sighting: «… оборону пункта» is cut mid-chain, even seen once.
    sentences = [
        "Флот усилил противоминную оборону пункта базирования кораблей.",
        "Пункт базирования флота расположен на побережье.",
        "Министр посетил пункт базирования подводных лодок.",
        "Командование проверило пункт базирования авиации.",
    ]
    options = ExtractionOptions(use_reference=False, min_relevance=0, min_specificity=0, min_frequency=1)
    keys = {c.canonical for c in rank_candidates(sentences, options)}
    assert "противоминная оборона пункта" not in keys and "пункт базирования" in keys
