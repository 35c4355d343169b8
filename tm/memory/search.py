"""`tm search`: the best fuzzy matches of sentences in one or more TMX files, scored as OmegaT does.

Brute force, and said so: every unit of every memory is read (streamed, so memory stays flat)
and scored against every query with `tm.memory.matching`'s tokens (`--no-index`: the oracle
of tm/memory/index.py), so a query costs time in proportion to the memories' size. Each unit
is tokenized once for all queries. `_Query.scores` is the one scoring of a unit and
`_Query.offer_scored` the one ranking, brute force and through the index alike.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.memory.matching import (
    FUZZY_MATCH_THRESHOLD,
    Scores,
    numbers_cap,
    passes,
    similarity,
    tokens_all,
    tokens_no_stem,
    tokens_stem,
)
from tm.memory.tmx import TmxReader


@dataclass(frozen=True)
class Match:
    """One memory unit that matches a query, with OmegaT's three scores and where it is from."""

    scores: Scores
    source: str
    target: str
    origin: str | None
    document: str | None
    memory: str
    tuid: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.scores.score,
            "score_no_stem": self.scores.score_no_stem,
            "adjusted_score": self.scores.adjusted_score,
            "origin": self.origin,
            "document": self.document,
            "source": self.source,
            "target": self.target,
            "memory": self.memory,
            "tuid": self.tuid,
        }


class _Query:
    """A query's tokens and the bounded heap of its best matches so far."""

    def __init__(self, text: str, top: int, threshold: int) -> None:
        self.text = text
        self.top = top
        self.threshold = threshold
        self.stem = list(tokens_stem(text))
        self.no_stem = list(tokens_no_stem(text))
        self.all = list(tokens_all(text))
        # (rank key, Match); the smallest key is the worst kept match
        self.heap: list[tuple[tuple[int, int, int, int, int], Match]] = []
        self.kept: set[tuple[str, str]] = set()

    def scores(
        self,
        source: str,
        stem: int | Sequence[str],
        no_stem: Sequence[str] | None = None,
        every: Sequence[str] | None = None,
    ) -> Scores | None:
        """OmegaT's three scores of a unit's `source` against the query, numbers counted,
        or None when they do not pass the threshold (`passes`). The one scoring of `tm
        search`, brute force and through the index (tm/memory/index.py, which gives the
        stem score it computed from the stored stems as `stem`). Token lists not given are
        made from `source`; the all-token list only for a unit that can still pass, as
        tokenizing it is most of the time a unit costs."""
        stem_score = stem if isinstance(stem, int) else similarity(self.stem, stem)
        no_stem_score = similarity(self.no_stem, tokens_no_stem(source) if no_stem is None else no_stem)
        threshold = self.threshold
        if threshold > 0 and stem_score < threshold and no_stem_score < threshold:
            return None  # cannot pass (`passes`; the cap below only lowers), tested inline: per unit
        adjusted = similarity(self.all, tokens_all(source) if every is None else every)
        scores = numbers_cap(Scores(stem_score, no_stem_score, adjusted), self.text, source)  # numbers count
        return scores if passes(scores, self.threshold) else None

    def offer(self, order: int, stem: list[str], no_stem: list[str], every: list[str], match: Match) -> None:
        """Score a unit from its token lists and rank it."""
        scores = self.scores(match.source, stem, no_stem, every)
        if scores is not None:
            self.offer_scored(order, scores, match)

    def offer_scored(self, order: int, scores: Scores, match: Match) -> None:
        """Rank a unit scored by `scores` (that passed): `order` is its place across the memories."""
        pair = (match.source, match.target)
        if pair in self.kept:  # OmegaT consolidates identical matches into the first one
            return
        # OmegaT's order: score, no-stem score, adjusted score; at 100 the same case first;
        # on a full tie the earlier unit first
        exact = int(scores.score == 100 and match.source == self.text)
        key = (*scores.as_tuple(), exact, -order)
        found = Match(scores, match.source, match.target, match.origin, match.document, match.memory, match.tuid)
        if len(self.heap) < self.top:
            heapq.heappush(self.heap, (key, found))
        elif key > self.heap[0][0]:
            _, dropped = heapq.heapreplace(self.heap, (key, found))
            self.kept.discard((dropped.source, dropped.target))
        else:
            return
        self.kept.add(pair)

    def best(self) -> list[Match]:
        return [match for _, match in sorted(self.heap, key=lambda item: item[0], reverse=True)]


def search(
    queries: Sequence[str],
    memories: Iterable[Path],
    top: int = 5,
    min_score: int = FUZZY_MATCH_THRESHOLD,
    source_lang: str | None = None,
) -> list[list[Match]]:
    """The `top` best matches of each query in the memories, best first (a TmxError for a
    broken file). A match is kept when its score or no-stem score reaches `min_score`, as OmegaT
    keeps them (`FindMatches.haveChanceToAdd`)."""
    pending = [_Query(text, top, min_score) for text in queries]
    order = 0
    for path in memories:
        for unit in TmxReader(path, source_lang):
            stem, no_stem, every = (
                list(tokens_stem(unit.source)),
                list(tokens_no_stem(unit.source)),
                list(tokens_all(unit.source)),
            )
            match = Match(
                Scores(0, 0, 0), unit.source, unit.target, unit.prop("x-Origin"), unit.prop("x-document"), str(path), unit.tuid
            )
            for query in pending:
                query.offer(order, stem, no_stem, every, match)
            order += 1
    return [query.best() for query in pending]


def render(query: str, matches: list[Match]) -> str:
    """A query's matches as text: the three scores, origin, document, source and target."""
    lines = [f"query: {query}"]
    if not matches:
        lines.append("  no match")
    for rank, match in enumerate(matches, 1):
        s = match.scores
        lines.append(
            f"{rank}. {s.score}/{s.score_no_stem}/{s.adjusted_score}"
            f"  origin: {match.origin or '(none)'}  document: {match.document or '(none)'}"
        )
        lines.append(f"   ru: {match.source}")
        lines.append(f"   en: {match.target}")
    return "\n".join(lines)
