"""A rebuild over a reviewed glossary whose word had two senses (glossary/reviews.py,
glossary/extraction/senses.py): a reviewed sense the rebuild no longer splits off keeps its
decisions apart, and never overwrites the other sense's (issue 19, round-1 review)."""

from __future__ import annotations

from glossary.entries import APPROVED, Entry, Glossary, Term, entry_id
from glossary.reviews import carry_reviews


def _entry(key: str, english: str, origin: str, status: str = "proposed") -> Entry:
    return Entry(entry_id(key), [Term("Сибирь", "ru"), Term(english, "en", status=status, origin=origin)], 3)


def test_a_sense_no_longer_split_off_does_not_overwrite_the_other() -> None:
    old = [_entry("сибирь", "Siberia", "review", APPROVED), _entry("сибирь#org", "Sibir FC", "review", APPROVED)]
    rebuilt = Glossary([_entry("сибирь", "Siberia region", "mt")])  # the club's sightings are gone
    result, carried = carry_reviews(rebuilt, old)
    assert [e.terms_in("en")[0].text for e in result.entries] == ["Siberia", "Sibir FC"]
    assert (carried.merged, carried.kept) == (1, 1)


def test_a_reviewed_entry_still_finds_its_term_in_another_entry() -> None:
    """The match by term stays for an entry the rebuild gave another id («ЕАЭС» now inside
    the full name's entry), where no old entry of that id holds the term."""
    old = [
        Entry(entry_id("еаэс"), [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym", APPROVED, origin="review")]),
        Entry(entry_id("евразийский экономический союз"), [Term("Евразийский экономический союз", "ru")]),
    ]
    merged = Entry(
        entry_id("евразийский экономический союз"),
        [Term("Евразийский экономический союз", "ru"), Term("ЕАЭС", "ru", "acronym"), Term("Eurasian Union", "en", origin="mt")],
    )
    result, carried = carry_reviews(Glossary([merged]), old)
    assert len(result.entries) == 1 and result.entries[0].terms_in("en")[0].text == "EAEU" and carried.merged == 1
