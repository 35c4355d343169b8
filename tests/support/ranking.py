"""Ranking a few sentences the way the extraction tests do: the extractor alone (no
reference list) and no relevance threshold, so a test sees what its own signal drops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate, rank_candidates


def extractor_ranking(sentences: Sequence[str], **options: Any) -> list[Candidate]:
    """`rank_candidates` with `use_reference=False, min_relevance=0`, unless `options` say
    otherwise; any other ExtractionOptions field may be given too (`places="only"`)."""
    return rank_candidates(sentences, ExtractionOptions(**{"use_reference": False, "min_relevance": 0, **options}))


def ranked_canonicals(sentences: Sequence[str], **options: Any) -> set[str]:
    """The canonical forms `extractor_ranking` keeps."""
    return {c.canonical for c in extractor_ranking(sentences, **options)}


def ranked_keys(sentences: Sequence[str], **options: Any) -> set[str]:
    """The keys `extractor_ranking` keeps."""
    return {c.key for c in extractor_ranking(sentences, **options)}
