"""Counting a corpus is what costs in extraction tests; the thresholds are applied after it."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

import pytest

from glossary.extraction.options import ExtractionOptions
from glossary.extraction.tally import CandidateTable


@pytest.fixture(scope="session")
def _counted_tables() -> dict[tuple[object, ...], CandidateTable]:
    return {}


@pytest.fixture()
def counted_once(monkeypatch: pytest.MonkeyPatch, _counted_tables: dict[tuple[object, ...], CandidateTable]) -> None:
    """`rank_candidates` counts the sentences, then scores them and applies the thresholds.
    The thresholds (`min_frequency`, `min_specificity`, `max_terms` …) do not change the
    count, so each corpus is counted once per counting setting (reference list, names, table
    size, chunks) for the session, and every ranking gets a fresh copy of the table."""
    import glossary.extraction.ranking as ranking

    real = ranking.count_candidates

    def count(
        sentences: Iterable[str],
        options: ExtractionOptions,
        chunk_size: int = ranking.CHUNK_SENTENCES,
        documents: Sequence[int] | None = None,
    ) -> CandidateTable:
        listed = tuple(sentences)
        docs = tuple(documents) if documents is not None else None
        key = (listed, options.use_reference, options.use_names, options.use_domain, options.max_keys, chunk_size, docs)
        if key not in _counted_tables:
            _counted_tables[key] = real(listed, options, chunk_size, docs)
        return copy.deepcopy(_counted_tables[key])

    monkeypatch.setattr(ranking, "count_candidates", count)
