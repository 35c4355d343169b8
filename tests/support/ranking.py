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


def kept_and_dropped(sentences: Sequence[str], **options: Any) -> tuple[set[str], dict[str, str]]:
    """The canonical forms `rank_candidates` keeps with the extractor alone and only the
    ExtractionOptions `options` name, and why each dropped key was dropped."""
    dropped: dict[str, str] = {}
    ranked = rank_candidates(sentences, ExtractionOptions(**{"use_reference": False, **options}), dropped=dropped)
    return {c.canonical for c in ranked}, dropped
