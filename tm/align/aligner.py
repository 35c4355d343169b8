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
from typing import Any

import numpy as np

from tm.align import calibration
from tm.align.anchors import EMPTY, Lexicon, english_anchors, russian_anchors
from tm.align.dictionary import Dictionary, english_words, learn, russian_words

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
# The second pass, as hunalign scores its dictionary: the cost taken off is DICTIONARY_REWARD
# times the bead's word pairs of the learned dictionary per content word (the mean of both
# sides), so that a long pair's many matches count no more than a short pair's few. Chosen on
# the 5k pair of bench/alignment.py --peer and newstest2017 as one document (a flat 1.0 per
# pair: 5k F1 0.9909, 2017 0.9905; this: 0.9972, 0.9938).
DICTIONARY_REWARD = 64.0
DICTIONARY_MIN_DICE = 0.2  # the learned word pairs' least Dice coefficient (0.3: 5k F1 0.9957 at reward 32)
CONFIDENT = 0.9  # the first pass's 1-1 links at least this likely right teach the dictionary
MIN_CONFIDENT_LINKS = 100  # fewer, and there is no second pass
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
    words: list[frozenset[str]] = field(default_factory=list)  # the learned dictionary's English keys (second pass)
    word_cumulative: list[int] = field(default_factory=list)  # content words before each sentence (second pass)

    @classmethod
    def of(cls, sentences: Sequence[str], anchors: list[frozenset[str]], kept: str = "n") -> _Side:
        lengths = [len(s) for s in sentences]
        cumulative = [0]
        for n in lengths:
            cumulative.append(cumulative[-1] + n)
        return cls(lengths, cumulative, anchors, [frozenset(a for a in s if a[0] in kept) for s in anchors])

    def add_dictionary(self, words: list[frozenset[str]], counts: Sequence[int]) -> None:
        self.words = words
        self.word_cumulative = [0]
        for n in counts:
            self.word_cumulative.append(self.word_cumulative[-1] + n)

    def word_count(self, start: int, count: int) -> int:
        return self.word_cumulative[start + count] - self.word_cumulative[start]

    def span(self, start: int, count: int) -> tuple[int, frozenset[str], frozenset[str], frozenset[str]]:
        words = self.words[start : start + count] if self.words else ()
        if count == 1:
            return self.lengths[start], self.anchors[start], self.numbers[start], words[0] if words else _NONE
        anchors = frozenset().union(*self.anchors[start : start + count])
        numbers = frozenset().union(*self.numbers[start : start + count])
        return self.cumulative[start + count] - self.cumulative[start], anchors, numbers, frozenset().union(*words)


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
    realign: bool = True,
) -> list[Link]:
    """The best monotonic alignment of the two sentence lists. `skips_by_length` prices a
    left-out sentence by its length, as Gale & Church do (for the baseline in bench/).

    With `realign` (and anchors), a second pass follows the first, as hunalign's `-realign`:
    a dictionary learned from the first pass's confident 1-1 links (tm/align/dictionary.py)
    adds its word pairs as anchors. Too few confident links, or no word pair strong enough,
    and the first pass is the answer."""
    if not ru or not en:
        return [Link((i,), (), 0.0) for i in range(len(ru))] + [Link((), (j,), 0.0) for j in range(len(en))]
    ru_side = _Side.of(ru, [russian_anchors(s, lexicon) if use_anchors else _NONE for s in ru], kept="nl")
    en_side = _Side.of(en, [english_anchors(s, lexicon) if use_anchors else _NONE for s in en])
    ratio = max(en_side.cumulative[-1], 1) / max(ru_side.cumulative[-1], 1)
    scorer = _Scorer(ru_side, en_side, ratio, variance, similarity, skips_by_length)
    # First around the diagonal of cumulative characters (a run of long Russian sentences
    # translated by short English ones bends it), then, where the path met the band's edge,
    # around that path, and wider if it meets the edge again.
    links = _best_path(scorer, _anchored_centre(ru_side, en_side, ratio), beads)
    if not (realign and use_anchors):
        return links
    learned = learn_dictionary(links, ru, en)
    if not learned.entries:
        return links
    ru_side.add_dictionary([learned.russian_keys(s) for s in ru], [len(russian_words(s)) for s in ru])
    en_side.add_dictionary([learned.english_keys(s) for s in en], [len(english_words(s)) for s in en])
    return _best_path(
        _Scorer(ru_side, en_side, ratio, variance, similarity, skips_by_length), _path_centre(links, len(ru)), beads
    )


def learn_dictionary(links: Sequence[Link], ru: Sequence[str], en: Sequence[str]) -> Dictionary:
    """The dictionary of the confident 1-1 links (empty when there are fewer than
    MIN_CONFIDENT_LINKS: too few pairs to tell a translation from a coincidence)."""
    confident = [(ru[link.ru[0]], en[link.en[0]]) for link in links if link.kind == "1-1" and link.score >= CONFIDENT]
    return learn(confident, min_dice=DICTIONARY_MIN_DICE) if len(confident) >= MIN_CONFIDENT_LINKS else Dictionary()


def _best_path(scorer: _Scorer, centre: list[int], beads: Sequence[tuple[int, int]]) -> list[Link]:
    n, m = len(scorer.ru.lengths), len(scorer.en.lengths)
    band, moves = INITIAL_BAND, 0
    while True:
        path, touched = _search(scorer, centre, band, beads)
        if not touched or band >= max(n, m):
            return path
        moves += 1
        if moves % RECENTRINGS == 0:
            band *= 2
        centre = _path_centre(path, n)


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
        on one side only. (The search computes the same costs for every cell at once,
        `_bead_costs`; this one is for the links of the path.)"""
        ru_chars, ru_anchors, ru_numbers, ru_words = self.ru_spans[a][i] if a else (0, _NONE, _NONE, _NONE)
        en_chars, en_anchors, en_numbers, en_words = self.en_spans[b][j] if b else (0, _NONE, _NONE, _NONE)
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
        if ru_words:
            cost -= _dictionary_reward(len(ru_words & en_words), self.ru.word_count(i, a), self.en.word_count(j, b))
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


def _dictionary_reward(shared: Any, ru_words: Any, en_words: Any) -> Any:
    """The cost taken off for `shared` dictionary pairs in a bead of so many content words a
    side (floats or numpy arrays alike)."""
    return DICTIONARY_REWARD * shared / np.maximum((ru_words + en_words) / 2, 1.0)


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


def _minus_log_erfc(x: np.ndarray) -> np.ndarray:
    """-log(erfc(x)) for x ≥ 0, capped at -log(1e-30) as `_Scorer.cost` caps it (Numerical
    Recipes' Chebyshev fit of erfc, relative error under 1.2e-7, taken in logs: no underflow)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))
            )
        )
    )
    cost: np.ndarray = np.minimum(x * x - poly - np.log(t), _MAX_LENGTH_COST)
    return cost


_MAX_LENGTH_COST = -math.log(1e-30)


class _Grid:
    """The band's cells as rows of offsets: cell (i, j) is row i, offset j - low[i]."""

    def __init__(self, low: list[int], high: list[int]) -> None:
        self.low = np.array(low, dtype=np.int64)
        self.width = np.array(high, dtype=np.int64) - self.low + 1
        self.w = int(self.width.max())
        self.rows = len(low)
        offsets = np.arange(self.w, dtype=np.int64)
        self.i = np.broadcast_to(np.arange(self.rows, dtype=np.int64)[:, None], (self.rows, self.w))
        self.j = self.low[:, None] + offsets[None, :]
        self.inside = offsets[None, :] < self.width[:, None]


def _bead_costs(scorer: _Scorer, grid: _Grid, beads: Sequence[tuple[int, int]]) -> list[np.ndarray]:
    """For each bead, its cost into every cell of the band at once (inf where it cannot end
    there): the same sum as `_Scorer.cost`, in numpy, so that the search's inner loop holds
    no Python objects."""
    ru, en = scorer.ru, scorer.en
    n, m = len(ru.lengths), len(en.lengths)
    ru_cum, en_cum = np.array(ru.cumulative, dtype=np.float64), np.array(en.cumulative, dtype=np.float64)
    counts = _shared_counts(scorer, grid, beads) if any(ru.anchors) or ru.words else {}
    out = []
    for a, b in beads:
        si, sj = grid.i - a, grid.j - b
        valid = grid.inside & (si >= 0) & (sj >= 0) & (grid.j <= m)
        si_c, sj_c = np.clip(si, 0, n), np.clip(sj, 0, m)
        ru_chars = ru_cum[np.minimum(si_c + a, n)] - ru_cum[si_c]
        en_chars = en_cum[np.minimum(sj_c + b, m)] - en_cum[sj_c]
        prior = _PRIOR_COST[(a, b)]
        if a and b or scorer.skips_by_length:
            ratio = scorer.ratio
            delta = np.abs(en_chars - ru_chars * ratio) / np.sqrt(np.maximum((ru_chars + en_chars / ratio) / 2, 1.0))
            cost = prior + _minus_log_erfc(delta * scorer.scale)
        else:
            cost = np.full(valid.shape, prior)
        if a and b and (a, b) in counts:
            shared, kept, numbers, words = counts[(a, b)]
            ru_numbers = np.array([len(s[2]) for s in scorer.ru_spans[a]] + [0] * a, dtype=np.float64)[si_c]
            en_numbers = np.array([len(s[2]) for s in scorer.en_spans[b]] + [0] * b, dtype=np.float64)[sj_c]
            missing = ru_numbers + en_numbers - kept - numbers
            cost = cost + NUMBER_PENALTY * missing - ANCHOR_REWARD * shared
            if ru.words:
                ru_cw, en_cw = np.array(ru.word_cumulative, dtype=np.float64), np.array(en.word_cumulative, dtype=np.float64)
                ru_count = ru_cw[np.minimum(si_c + a, n)] - ru_cw[si_c]
                en_count = en_cw[np.minimum(sj_c + b, m)] - en_cw[sj_c]
                cost = cost - _dictionary_reward(words, ru_count, en_count)
        if a and b and scorer.similarity is not None:
            similarity = scorer.similarity
            for i, o in zip(*np.nonzero(valid), strict=True):
                cost[i, o] -= MT_REWARD * similarity(int(si[i, o]), a, int(sj[i, o]), b)
        out.append(np.where(valid, cost, np.inf))
    return out


def _shared_counts(
    scorer: _Scorer, grid: _Grid, beads: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], tuple[np.ndarray, ...]]:
    """Per bead of both sides, for each cell: the anchors both spans share, those of them
    that are Russian numbers or Latin words, those that are numbers, and the dictionary's
    words both share. Each occurrence of an anchor on both sides within reach of the band
    (anchor, Russian sentence, English sentence) is spread to the spans that hold both, and
    an anchor counts once per span (np.unique), as the union of `_Side.span` does."""
    ru, en = scorer.ru, scorer.en
    n, m = len(ru.lengths), len(en.lengths)
    ids: dict[str, int] = {}
    kinds: list[int] = []  # bit 1: regular, 2: Russian-kept (number, Latin), 4: number, 8: dictionary

    def intern(anchor: str, kind: int) -> int:
        k = ids.get(anchor)
        if k is None:
            k = ids[anchor] = len(kinds)
            kinds.append(kind)
        return k

    def kind_of(anchor: str) -> int:
        return 1 | (2 if anchor[0] in "nl" else 0) | (4 if anchor[0] == "n" else 0)

    postings: dict[int, list[int]] = {}
    for e in range(m):
        for anchor in en.anchors[e]:
            postings.setdefault(intern(anchor, kind_of(anchor)), []).append(e)
        for word in en.words[e] if en.words else ():
            postings.setdefault(intern("d:" + word, 8), []).append(e)
    low, high = grid.low, grid.low + grid.width - 1
    # the English a span holding Russian sentence r can reach: rows r+1 … r+3 of the band
    reach_low = [int(min(low[r + 1 : r + 4])) - 3 for r in range(n)]
    reach_high = [int(max(high[r + 1 : r + 4])) for r in range(n)]
    # Each occurrence with the one before it of its anchor on its side: a span counts an
    # anchor at its first occurrence on each side only, so once (no sorting to deduplicate).
    xs: list[int] = []
    rs: list[int] = []
    es: list[int] = []
    r_before: list[int] = []
    e_before: list[int] = []
    last_r: dict[int, int] = {}
    for r in range(n):
        words = ru.words[r] if ru.words else _NONE
        for anchor in (*ru.anchors[r], *("d:" + w for w in words)):
            k = ids.get(anchor)
            if k is None:
                continue
            posting = postings[k]
            start, end = bisect_left(posting, reach_low[r]), bisect_left(posting, reach_high[r] + 1)
            before = last_r.get(k, -9)
            last_r[k] = r
            if start < end:
                found = end - start
                xs += [k] * found
                rs += [r] * found
                r_before += [before] * found
                es += posting[start:end]
                e_before += [posting[p - 1] if p else -9 for p in range(start, end)]
    if not xs:
        return {}
    x, r0, e0 = np.array(xs, dtype=np.int64), np.array(rs, dtype=np.int64), np.array(es, dtype=np.int64)
    r1, e1 = np.array(r_before, dtype=np.int64), np.array(e_before, dtype=np.int64)
    bits = np.array(kinds, dtype=np.int64)[x]
    weights = [((bits & bit) > 0).astype(np.float64) for bit in (1, 2, 4, 8)]
    size, w = grid.rows * grid.w, grid.w
    out = {}
    for a, b in beads:
        if not a or not b:
            continue
        sums = [np.zeros(size) for _ in weights]
        for da in range(a):
            for db in range(b):
                si, sj = r0 - da, e0 - db  # the span starting da, db before the occurrence
                i, j = si + a, sj + b  # its end cell
                row = np.minimum(i, n)
                o = j - grid.low[row]
                ok = (si >= 0) & (sj >= 0) & (i <= n) & (j <= m) & (o >= 0) & (o < grid.width[row])
                if da or db:  # a later occurrence in the span: counted at the first already
                    ok &= (r1 < si) & (e1 < sj)
                cell = (i * w + o)[ok]
                for total, weight in zip(sums, weights, strict=True):
                    total += np.bincount(cell, weights=weight[ok], minlength=size)
        out[(a, b)] = tuple(total.reshape(grid.rows, w) for total in sums)
    return out


def _search(scorer: _Scorer, centre: list[int], band: int, beads: Sequence[tuple[int, int]]) -> tuple[list[Link], bool]:
    """The best path inside the band around `centre` (an English position per Russian one),
    and whether it runs along the band's edge (then a wider or moved band may do better)."""
    n, m = len(scorer.ru.lengths), len(scorer.en.lengths)
    low, high = _band(centre, band, m)
    grid = _Grid(low, high)
    costs = _bead_costs(scorer, grid, beads)
    w, widths = grid.w, grid.width.tolist()
    pad = w + 4
    total = np.full((n + 1, w + 2 * pad), np.inf)  # a row's cells at pad … pad + width, inf around
    back = np.full((n + 1, w), -1, dtype=np.int8)
    skip = next((k for k, bead in enumerate(beads) if bead == (0, 1)), None)
    from_above = [(k, a, b) for k, (a, b) in enumerate(beads) if a]
    for i in range(n + 1):
        width = widths[i]
        candidates, kinds = [], []
        for k, a, b in from_above:
            if i - a < 0:
                continue
            start = pad + low[i] - b - low[i - a]
            if 0 <= start and start + width <= total.shape[1]:
                previous = total[i - a, start : start + width]
            else:  # the band jumped further than the padding: look each cell up
                columns = np.arange(width) + start
                previous = np.full(width, np.inf)
                ok = (columns >= 0) & (columns < total.shape[1])
                previous[ok] = total[i - a, columns[ok]]
            candidates.append(previous + costs[k][i, :width])
            kinds.append(k)
        if candidates:
            stacked = np.array(candidates)
            choice = stacked.argmin(axis=0)
            best = stacked[choice, np.arange(width)]
            chosen = np.array(kinds, dtype=np.int8)[choice]
        else:
            best, chosen = np.full(width, np.inf), np.full(width, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        if skip is not None and width > 1:
            # 0-1 beads within the row: total[o] = min(best[o], total[o-1] + step[o]), one
            # running minimum over the steps' cumulative sum
            step = costs[skip][i, :width].copy()
            step[0] = 0.0
            running = np.cumsum(step)
            reached = np.minimum.accumulate(best - running) + running
            later = reached < best - 1e-9
            chosen[later] = skip
            best = np.where(later, reached, best)
        total[i, pad : pad + width] = best
        back[i, :width] = chosen

    def into(k: int, i: int, j: int) -> float:
        """Bead k's cost into cell (i, j), as the search priced it."""
        return float(costs[k][i, j - low[i]])

    def value(i: int, j: int) -> float:
        return float(total[i, pad + j - low[i]]) if 0 <= i <= n and low[i] <= j <= high[i] else math.inf

    links: list[Link] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        a, b = beads[back[i, j - low[i]]]
        links.append(_scored(scorer, value, into, beads, i, j, a, b))
        touched = touched or (0 < low[i] == j) or (j == high[i] < m)
        i, j = i - a, j - b
    links.reverse()
    return _with_neighbours(links), touched


def _scored(
    scorer: _Scorer,
    value: Callable[[int, int], float],
    into: Callable[[int, int, int], float],
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
    chosen = value(i, j)
    runner_up = math.inf
    for k, (a2, b2) in enumerate(beads):
        if (a2, b2) == (a, b):
            continue
        previous = value(i - a2, j - b2)
        if previous != math.inf:  # the bead's cost from the search's arrays: no cost recomputed per bead
            runner_up = min(runner_up, previous + into(k, i, j))
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
