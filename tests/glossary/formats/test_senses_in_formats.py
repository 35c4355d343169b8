"""Two senses of one word (glossary/extraction/senses.py: «Сибирь» a region, «Сибирь» a club,
key «сибирь#org») travel through every format as two entries: distinct ids, each with its
note, and a lookup that shows the note (issue 19, round-1 review)."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.entries import Entry, Glossary, Term, entry_id
from glossary.extraction.senses import SENSE_MARK, plain_key
from glossary.formats import read_glossary, write_glossary

REGION_NOTE = "sense: a place's name (5 sightings); «Сибирь» as an organisation's name is another entry"
CLUB_NOTE = "sense: an organisation's name (3 sightings); «Сибирь» as a place's name is another entry"


def two_senses() -> Glossary:
    return Glossary(
        [
            Entry(
                entry_id("сибирь"),
                [Term("Сибирь", "ru", variants=["Сибири"]), Term("Siberia", "en", origin="mt")],
                5,
                2.0,
                note=REGION_NOTE,
            ),
            Entry(
                entry_id("сибирь" + SENSE_MARK + "org"),
                [Term("Сибирь", "ru", variants=["Сибирь"]), Term("Sibir", "en", origin="mt")],
                3,
                1.0,
                note=CLUB_NOTE,
            ),
        ]
    )


def test_a_sense_key_gives_its_own_id_and_its_words_back() -> None:
    assert entry_id("сибирь#org") != entry_id("сибирь") and plain_key("сибирь#org") == "сибирь"
    assert plain_key("сибирь") == "сибирь" and plain_key("") == ""


@pytest.mark.parametrize("name", ["g.tbx", "g.csv", "g.tsv", "g.po"])
def test_two_senses_keep_their_ids_and_notes(tmp_path: Path, name: str) -> None:
    write_glossary(two_senses(), tmp_path / name)
    back = read_glossary(tmp_path / name).entries
    assert [(e.id, e.note) for e in back] == [(e.id, e.note) for e in two_senses().entries]


def test_omegat_lines_of_one_source_read_back_with_distinct_ids(tmp_path: Path) -> None:
    """OmegaT has no ids: a source seen on a second line (a second sense, or a second English)
    gets an id of its own, the first line the id it always had."""
    path = tmp_path / "g.txt"
    write_glossary(two_senses(), path)
    back = read_glossary(path).entries
    assert [e.terms_in("en")[0].text for e in back] == ["Siberia", "Sibir"]
    assert back[0].id == entry_id("Сибирь") and len({e.id for e in back}) == 2


def test_lookup_shows_which_sense_an_entry_is() -> None:
    from glossary.lookup.render import render_entry

    assert f"  note: {CLUB_NOTE}" in render_entry(two_senses().entries[1])
    assert not any(line.lstrip().startswith("note:") for line in render_entry(Entry("t1", [Term("ЕАЭС", "ru")])))


def test_scan_shows_the_same_sense_from_the_stored_index_and_the_glossary(tmp_path: Path) -> None:
    """A word of two senses matches the first of them in the glossary's order (its ranking:
    the more frequent sense first, as split_senses places it), in the SQLite index that
    `glossary scan` reads as in GlossaryIndex."""
    from glossary.lookup.index import GlossaryIndex, StoredIndex
    from glossary.lookup.scan import Scanner

    path = tmp_path / "g.tbx"
    write_glossary(two_senses(), path)
    for index in (GlossaryIndex(two_senses()), StoredIndex(path)):
        (match,) = Scanner(index).scan("Морозы пришли в Сибирь.")
        assert match.entry.id == entry_id("сибирь"), type(index).__name__


def test_the_stored_index_keeps_a_senses_note_and_category(tmp_path: Path) -> None:
    """`glossary lookup` reads entries back from its SQLite index: the note that tells two
    senses apart, and the category, come back with them."""
    from glossary.lookup.index import StoredIndex
    from glossary.lookup.render import render_entry

    glossary = two_senses()
    glossary.entries[1].category = "organisation"
    path = tmp_path / "g.tbx"
    write_glossary(glossary, path)
    club = next(e for e in StoredIndex(path).by_form("сибирь") if e.id == entry_id("сибирь#org"))
    assert (club.note, club.category) == (CLUB_NOTE, "organisation")
    assert f"  note: {CLUB_NOTE}" in render_entry(club)


def test_omegat_comment_says_which_sense_a_line_is(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    write_glossary(two_senses(), path)
    region, club = path.read_text(encoding="utf-8").splitlines()
    assert "note: sense: a place's name (5 sightings)" in region
    assert "note: sense: an organisation's name (3 sightings)" in club
