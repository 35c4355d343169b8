"""The review's fast save (glossary/review/saving.py) writes the bytes `write_glossary` writes,
in every format, after decisions that change, add, move and remove entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.formats import read_glossary, write_glossary
from glossary.review.terms import Filters, TermReview, _row
from tests.support.review import make_glossary

SUFFIXES = {"tbx": ".tbx", "tbx-standard": ".tbx", "tbx3": ".tbx", "csv": ".csv", "tsv": ".tsv", "omegat": ".txt", "po": ".po"}


@pytest.mark.parametrize("name", list(SUFFIXES))
def test_pieces_give_the_bytes_write_glossary_gives(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"g{SUFFIXES[name]}"
    tbx_for = "standard" if name == "tbx-standard" else None
    write_glossary(make_glossary(tmp_path / "seed.tbx"), path, tbx_version=3 if name == "tbx3" else 2, tbx_for=tbx_for)
    review = TermReview(path)
    assert review.format == name  # a TBX file for TBX-Basic tools is saved as one
    ids = [e.id for e in review.glossary.entries]
    review.rows()  # the table is there before the decisions: they update it in place
    review.decide("approve", ids[0], 1, {})
    review.decide("edit", ids[2], 1, {"english": "strategic partnership relations"})
    review.decide("merge", ids[7], 1, {"into": "торговый оборот"})
    split = name != "omegat"  # OmegaT's glossary keeps no variants: nothing to split off
    if split:
        review.decide("split", ids[1], 1, {"variant": "санкцииа"})
    review.decide("category", ids[3], 1, {"category": "concept"})
    review.undo()
    review.decide("reject", ids[5], 1, {})
    assert review.writer.usable
    fresh = [_row(rank, e) for rank, e in enumerate(review.glossary.entries, start=1)]
    assert review.rows() == fresh  # the rows kept across decisions are those made from scratch
    assert review.page(Filters(text="relations")).total == 1 and review.rank_of(ids[2]) == (4 if split else 3)
    expected = tmp_path / f"expected{SUFFIXES[name]}"
    write_glossary(review.glossary, expected, format=review.format)
    assert path.read_bytes() == expected.read_bytes()
    if split:
        assert len(read_glossary(path).entries) == 10  # one merged away, one split off


def test_a_writer_that_does_not_stream_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    make_glossary(path)
    review = TermReview(path)
    review.writer._writer = lambda entries, out: out.write(b"".join(e.id.encode() for e in list(entries)))
    review.decide("approve", review.glossary.entries[0].id, 1, {})
    assert not review.writer.usable  # it took every entry before writing any: no pieces
    assert read_glossary(path).entries[0].status == "approved"
