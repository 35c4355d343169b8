"""Issue 19, last fragments, forms and duplicates found on held-out news (made-up sentences)."""

from __future__ import annotations

from glossary.extraction.entities import Entity, organisations


def test_a_lone_adjective_the_tagger_calls_an_organisation_is_no_name() -> None:
    # «Среднемесячная зарплата, …»: the tagger takes the sentence's first word for an ORG.
    found = [[Entity("Среднемесячная", "ORG", initial=True)], [Entity("Квартальный", "ORG")], [Entity("Росстат", "ORG")]]
    assert [o.key for o in organisations(found)] == ["росстат"]
