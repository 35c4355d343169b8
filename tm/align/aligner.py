"""Sentence alignment of a Russian document with its human English translation.

Monotonic dynamic programming over beads: 1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 1-3 and 3-1
sentences. A bead's cost adds

- its prior (Gale & Church 1993: most beads are 1-1);
- how unlikely its English length is given its Russian length (Gale & Church: the
  difference of lengths in characters, normalised, is about Gaussian);
- minus a reward for each lexical anchor the two sides share, plus a penalty for numbers on
  one side only and Latin words of the Russian missing from the English (tm/align/anchors.py);
- minus a reward for similarity between the machine translation of the Russian and the
  English, when one is given (Bleualign's idea; `similarities`).

After the search, each link of the best path gets its score: the probability that it is
right, by logistic regression over what the DP knew of it (length cost, anchor counts,
kind, its margin over the next best bead into the same cell) and of its neighbours, fitted
on development documents (tm/align/calibration.py, `bench/alignment.py --calibrate`). The score
never changes which links are picked.

The search is banded around the diagonal of cumulative lengths, so time and memory grow
linearly with the documents; where the best path runs along the edge of the band, the band
is widened and the search run again.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tm.align import calibration
from tm.align.anchors import EMPTY, Lexicon, english_anchors, russian_anchors

# Bead shapes and their prior probabilities (Gale & Church's, with 2-2 and 1-3/3-1 added rare).
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
    (1, 3): 0.004,
    (3, 1): 0.004,
}
VARIANCE = 10.0  # of the length difference per character (Gale & Church's 6.8 fits RU–EN worse)
ANCHOR_REWARD = 3.5  # cost taken off per anchor both sides share
NUMBER_PENALTY = 3.0  # cost added per number written on one side only
MT_REWARD = 6.0  # cost taken off at full similarity of the MT with the English
INITIAL_BAND = 12  # sentences either side of the diagonal
RECENTRINGS = 4  # times the band follows the last path before it is widened
MIN_SCORE = calibration.MIN_SCORE  # pairs less likely right than this are left out (tm align --min-score)
_PRIOR_COST = {bead: -math.log(p) for bead, p in BEADS.items()}


@dataclass(frozen=True)
class Link:
    """Russian sentences `ru` translated by English sentences `en` (either may be empty)."""

    ru: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # 0–1: the estimated probability that the link is right (0 for 1-0/0-1)
    # what the score was computed from (calibration.FEATURES), for bench/alignment.py --calibrate
    features: tuple[float, ...] = field(default=(), compare=False, repr=False)

    @property
    def kind(self) -> str:
        return f"{len(self.ru)}-{len(self.en)}"


@dataclass
class _Side:
    lengths: list[int]
    cumulative: list[int]
    anchors: list[frozenset[str]]
    numbers: list[frozenset[str]]  # anchors a translation keeps: numbers, and Latin words in the Russian

    @classmethod
    def of(cls, sentences: Sequence[str], anchors: list[frozenset[str]], kept: str = "n") -> _Side:
        lengths = [len(s) for s in sentences]
        cumulative = [0]
        for n in lengths:
            cumulative.append(cumulative[-1] + n)
        return cls(lengths, cumulative, anchors, [frozenset(a for a in s if a[0] in kept) for s in anchors])

    def span(self, start: int, count: int) -> tuple[int, frozenset[str], frozenset[str]]:
        if count == 1:
            return self.lengths[start], self.anchors[start], self.numbers[start]
        anchors = frozenset().union(*self.anchors[start : start + count])
        numbers = frozenset().union(*self.numbers[start : start + count])
        return self.cumulative[start + count] - self.cumulative[start], anchors, numbers


Similarity = Callable[[int, int, int, int], float]  # (ru start, ru count, en start, en count) → 0–1


def align(
    ru: Sequence[str],
    en: Sequence[str],
    lexicon: Lexicon = EMPTY,
    use_anchors: bool = True,
    similarity: Similarity | None = None,
    beads: Sequence[tuple[int, int]] = tuple(BEADS),
    variance: float = VARIANCE,
    skips_by_length: bool = False,
) -> list[Link]:
    """The best monotonic alignment of the two sentence lists. `skips_by_length` prices a
    left-out sentence by its length, as Gale & Church do (for the baseline in bench/)."""
    if not ru or not en:
        return [Link((i,), (), 0.0) for i in range(len(ru))] + [Link((), (j,), 0.0) for j in range(len(en))]
    ru_side = _Side.of(ru, [russian_anchors(s, lexicon) if use_anchors else frozenset() for s in ru], kept="nl")
    en_side = _Side.of(en, [english_anchors(s, lexicon) if use_anchors else frozenset() for s in en])
    ratio = max(en_side.cumulative[-1], 1) / max(ru_side.cumulative[-1], 1)
    scorer = _Scorer(ru_side, en_side, ratio, variance, similarity, skips_by_length)
    # First around the diagonal of cumulative characters (a run of long Russian sentences
    # translated by short English ones bends it), then, where the path met the band's edge,
    # around that path, and wider if it meets the edge again.
    centre = _anchored_centre(ru_side, en_side, ratio)
    band, moves = INITIAL_BAND, 0
    while True:
        path, touched = _search(scorer, centre, band, beads)
        if not touched or band >= max(len(ru), len(en)):
            return path
        moves += 1
        if moves % RECENTRINGS == 0:
            band *= 2
        centre = _path_centre(path, len(ru))


@dataclass
class _Scorer:
    ru: _Side
    en: _Side
    ratio: float
    variance: float
    similarity: Similarity | None
    skips_by_length: bool = False

    def __post_init__(self) -> None:
        # Spans of one, two and three sentences, computed once rather than per cell.
        self.ru_spans = {a: [self.ru.span(i, a) for i in range(len(self.ru.lengths) - a + 1)] for a in (1, 2, 3)}
        self.en_spans = {b: [self.en.span(j, b) for j in range(len(self.en.lengths) - b + 1)] for b in (1, 2, 3)}
        self.scale = 1 / math.sqrt(2 * self.variance)

    def cost(self, i: int, a: int, j: int, b: int) -> tuple[float, float, int, int]:
        """The cost of the bead of Russian i..i+a and English j..j+b, and what its score is
        computed from: the length cost, the anchors shared, and the numbers (and Latin words)
        on one side only."""
        ru_chars, ru_anchors, ru_numbers = self.ru_spans[a][i] if a else (0, _NONE, _NONE)
        en_chars, en_anchors, en_numbers = self.en_spans[b][j] if b else (0, _NONE, _NONE)
        # Gale & Church: the probability of a length difference at least this large.
        ratio = self.ratio
        delta = abs(en_chars - ru_chars * ratio) / math.sqrt(max((ru_chars + en_chars / ratio) / 2, 1.0))
        match = math.erfc(delta * self.scale)
        length_cost = -math.log(match if match > 1e-30 else 1e-30)
        cost = _PRIOR_COST[(a, b)] + length_cost
        if not a or not b:
            # Gale & Church price a left-out sentence by its length too, which makes a long
            # omitted sentence cheaper to glue onto its neighbour's link (a wrong 2-1): here
            # a skip costs its prior only (dev F1 0.956 → 0.978).
            return (cost if self.skips_by_length else _PRIOR_COST[(a, b)]), length_cost, 0, 0
        shared = len(ru_anchors & en_anchors) if ru_anchors else 0
        missing = len(ru_numbers - en_anchors) + len(en_numbers - ru_anchors) if ru_numbers or en_numbers else 0
        cost += NUMBER_PENALTY * missing - ANCHOR_REWARD * shared
        if self.similarity is not None:
            cost -= MT_REWARD * self.similarity(i, a, j, b)
        return cost, length_cost, shared, missing

    def features(self, i: int, a: int, j: int, b: int, margin: float) -> tuple[float, ...]:
        """The link's own features, the first of calibration.FEATURES."""
        _, length_cost, shared, missing = self.cost(i, a, j, b)
        kind = (a, b)
        return (
            min(length_cost, calibration.MAX_LENGTH_COST),
            math.log1p(shared),
            math.log1p(missing),
            1.0 if kind in ((1, 2), (2, 1)) else 0.0,
            1.0 if kind == (2, 2) else 0.0,
            1.0 if kind in ((1, 3), (3, 1)) else 0.0,
            min(margin, calibration.MAX_MARGIN),
        )


_NONE: frozenset[str] = frozenset()


def _band(centre: list[int], band: int, m: int) -> tuple[list[int], list[int]]:
    n = len(centre) - 1
    low = [max(0, min(c, m) - band) for c in centre]
    high = [min(m, max(c, 0) + band) for c in centre]
    low[0], high[n] = 0, m
    for i in range(1, n + 1):  # the band must be connected from row to row
        low[i] = min(low[i], high[i - 1])
    for i in range(n - 1, -1, -1):
        high[i] = max(high[i], low[i + 1])
    return low, high


def _search(scorer: _Scorer, centre: list[int], band: int, beads: Sequence[tuple[int, int]]) -> tuple[list[Link], bool]:
    """The best path inside the band around `centre` (an English position per Russian one),
    and whether it runs along the band's edge (then a wider or moved band may do better)."""
    n, m = len(scorer.ru.lengths), len(scorer.en.lengths)
    low, high = _band(centre, band, m)
    inf = math.inf
    cost: list[list[float]] = [[inf] * (high[i] - low[i] + 1) for i in range(n + 1)]
    back: list[list[int]] = [[-1] * (high[i] - low[i] + 1) for i in range(n + 1)]
    cost[0][0 - low[0]] = 0.0
    bead_cost = scorer.cost
    for i in range(n + 1):
        row, row_back, row_low = cost[i], back[i], low[i]
        for j in range(row_low, high[i] + 1):
            best, best_bead = row[j - row_low], -1
            for k, (a, b) in enumerate(beads):
                pi, pj = i - a, j - b
                if pi < 0 or pj < low[pi] or pj > high[pi]:
                    continue
                previous = cost[pi][pj - low[pi]]
                if previous == inf:
                    continue
                total = previous + bead_cost(pi, a, pj, b)[0]
                if total < best:
                    best, best_bead = total, k
            row[j - row_low], row_back[j - row_low] = best, best_bead
    links: list[Link] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        a, b = beads[back[i][j - low[i]]]
        pi, pj = i - a, j - b
        links.append(_scored(scorer, cost, low, high, beads, i, j, a, b))
        touched = touched or (0 < low[i] == j) or (j == high[i] < m)
        i, j = pi, pj
    links.reverse()
    return _with_neighbours(links), touched


def _scored(
    scorer: _Scorer,
    cost: list[list[float]],
    low: list[int],
    high: list[int],
    beads: Sequence[tuple[int, int]],
    i: int,
    j: int,
    a: int,
    b: int,
) -> Link:
    """The link of bead (a, b) ending at cell (i, j) with its own features (unscored: see
    `_with_neighbours`). Its margin is how much cheaper the path through it reaches (i, j)
    than the best path through any other bead: a small margin is a near tie, where the DP
    is least sure."""
    pi, pj = i - a, j - b
    ru, en = tuple(range(pi, i)), tuple(range(pj, j))
    if not a or not b:
        return Link(ru, en, 0.0)
    chosen = cost[i][j - low[i]]
    runner_up = math.inf
    for a2, b2 in beads:
        qi, qj = i - a2, j - b2
        if (a2, b2) == (a, b) or qi < 0 or qj < low[qi] or qj > high[qi]:
            continue
        previous = cost[qi][qj - low[qi]]
        if previous != math.inf:
            runner_up = min(runner_up, previous + scorer.cost(qi, a2, qj, b2)[0])
    return Link(ru, en, 0.0, scorer.features(pi, a, pj, b, runner_up - chosen))


def _with_neighbours(links: list[Link]) -> list[Link]:
    """Each pair's link with its neighbours' features added, and scored. A link next to a
    left-out sentence, a near tie or a doubtful pair is more often wrong: a sentence missing
    on one side shifts the pairs around it until the path finds its way back."""
    margin = calibration.FEATURES.index("margin")
    own: list[tuple[float, ...] | None] = []
    for k, link in enumerate(links):
        around = [links[n] for n in (k - 1, k + 1) if 0 <= n < len(links)]
        own.append(
            (
                *link.features,
                1.0 if any(not n.features for n in around) else 0.0,
                min((n.features[margin] for n in around if n.features), default=calibration.MAX_MARGIN),
            )
            if link.features
            else None
        )
    return [
        link if features is None else Link(link.ru, link.en, round(calibration.probability(features), 3), features)
        for link, features in zip(links, calibration.with_neighbours_logit(own), strict=True)
    ]


def _path_centre(links: list[Link], n: int) -> list[int]:
    """The English position the path reaches at each Russian position."""
    centre = [0] * (n + 1)
    i = j = 0
    for link in links:
        for _ in link.ru:
            i += 1
            centre[i] = j + len(link.en)
        j += len(link.en)
        centre[i] = j
    return centre


def _anchored_centre(ru: _Side, en: _Side, ratio: float) -> list[int]:
    """An English position per Russian one to centre the band on: the diagonal of cumulative
    characters, pinned to sure points. A sure point is an anchor found in exactly one
    sentence of each document (a long number, a name); the longest monotonic chain of them is
    kept, and between two points the diagonal runs at the local ratio of lengths."""
    points = [(0, 0), *_sure_points(ru.anchors, en.anchors), (len(ru.lengths), len(en.lengths))]
    centre = [0] * (len(ru.lengths) + 1)
    for (i0, j0), (i1, j1) in zip(points, points[1:], strict=False):
        ru_chars = ru.cumulative[i1] - ru.cumulative[i0]
        local = (en.cumulative[j1] - en.cumulative[j0]) / ru_chars if ru_chars else ratio
        for i in range(i0, i1 + 1):
            target = en.cumulative[j0] + (ru.cumulative[i] - ru.cumulative[i0]) * local
            # the English sentence boundary at or after this many characters
            centre[i] = min(max(bisect_left(en.cumulative, target, 0, len(en.cumulative) - 1), j0), j1)
    return centre


def _sure_points(ru: list[frozenset[str]], en: list[frozenset[str]]) -> list[tuple[int, int]]:
    def unique(sides: list[frozenset[str]]) -> dict[str, int]:
        where: dict[str, int] = {}
        seen_twice: set[str] = set()
        for index, anchors in enumerate(sides):
            for a in anchors:
                if a[0] in "npt" and len(a) > 3:
                    if a in where:
                        seen_twice.add(a)
                    where[a] = index
        return {a: i for a, i in where.items() if a not in seen_twice}

    in_en = unique(en)
    pairs = sorted({(i, in_en[a]) for a, i in unique(ru).items() if a in in_en})
    return _longest_chain(pairs)


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of points increasing on both sides (patience sorting)."""
    tails: list[int] = []  # index into pairs of the smallest tail of each chain length
    previous = [-1] * len(pairs)
    for k, (i, j) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j and pairs[tails[mid]][0] < i:
                lo = mid + 1
            else:
                hi = mid
        previous[k] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]
