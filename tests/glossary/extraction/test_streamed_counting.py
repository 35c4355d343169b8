"""Counting candidates in a stream (issue 7's memory goal): chunks on several cores give the
ranking one process gives; the bounded table drops the rarest keys, never the kept ones; a
TMX is read again, not held, and a change between the two reads is caught."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.extraction.candidates import Occurrence
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import rank_candidates
from glossary.extraction.tally import CandidateTable
from glossary.extraction.units import Units, load_units
from tm.core.errors import InputError
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx
from tm.mt.cache import TranslationCache


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
def test_chunks_on_two_cores_rank_as_one_process_does(seed_sentences: list[str], counted_once: None) -> None:
    # counted_once: the one-process count is shared with the other tests; the forked one is new
    alone = rank_candidates(seed_sentences, ExtractionOptions(jobs=1))
    forked = rank_candidates(seed_sentences, ExtractionOptions(jobs=2), chunk_size=17)
    assert len(seed_sentences) > 17 * 4  # several chunks really were counted apart
    assert [(c.key, c.canonical, c.frequency, c.sentences, round(c.score, 6)) for c in forked] == [
        (c.key, c.canonical, c.frequency, c.sentences, round(c.score, 6)) for c in alone
    ]


def _occurrence(key: str, sentence: int) -> Occurrence:
    return Occurrence(key, "phrase", key, key, key, False, tuple(key.split()), sentence)


def test_the_bounded_table_drops_the_rarest_keys_but_never_kept_ones() -> None:
    table = CandidateTable()
    table.add([_occurrence("частый термин", i) for i in range(5)])
    table.add([_occurrence(f"редкий {n}", 100 + n) for n in range(50)])
    table.add([_occurrence("список", 200)])
    part = CandidateTable()
    part.add([_occurrence("частый термин", 300)])
    table.merge(part, max_keys=20, keep={"список"})
    assert set(table.tallies) == {"частый термин", "список"}
    assert table.tallies["частый термин"].frequency == 6
    assert table.pruned == 50


# The seed corpus counted twice, in full and in a bounded table: slow.
@pytest.mark.slow
def test_a_tiny_table_still_finds_the_frequent_terms(seed_sentences: list[str]) -> None:
    full = [c.key for c in rank_candidates(seed_sentences)][:20]
    bounded = {c.key for c in rank_candidates(seed_sentences, ExtractionOptions(max_keys=2000), chunk_size=20)}
    assert len(set(full) - bounded) <= 2


def _tmx(path: Path, sentences: list[str]) -> None:
    write_tmx(path, (TmxUnit(s, f"en {i}", props=[("x-document", "d.txt")]) for i, s in enumerate(sentences)), TmxHeader())


# Two glossary builds from the seeds' sentences: slow.
@pytest.mark.slow
def test_a_tmx_is_streamed_twice_and_gives_what_a_list_gives(tmp_path: Path, seed_sentences: list[str]) -> None:
    path = tmp_path / "m.tmx"
    _tmx(path, seed_sentences)
    cache = TranslationCache(None)
    units = load_units([str(path)], None, cache)
    assert isinstance(units, Units) and len(units) == len(seed_sentences)
    streamed = build_glossary(units, None, cache)
    listed = build_glossary(list(units), None, cache)
    assert [(e.id, e.contexts, e.sources) for e in streamed.entries] == [(e.id, e.contexts, e.sources) for e in listed.entries]
    assert streamed.entries[0].contexts  # the second pass found the quoted units


def test_a_tmx_that_changes_between_passes_is_an_error(tmp_path: Path, seed_sentences: list[str]) -> None:
    path = tmp_path / "m.tmx"
    _tmx(path, seed_sentences)
    units = load_units([str(path)], None, TranslationCache(None))
    _tmx(path, seed_sentences[:10])
    os.utime(path, ns=(1, 1))
    with pytest.raises(InputError, match="changed while"):
        list(units)
