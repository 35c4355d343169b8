"""Word alignment inside aligned units: IBM model 1, both directions, trained on the memory.

Over the aligned (Russian, English) units of one build, IBM model 1 (Brown et al. 1993) learns
t(English key | Russian lemma) and t(Russian lemma | English key) by `ITERATIONS` rounds of
EM, each direction with a NULL word that absorbs what has no counterpart. Words are keys: a
Russian word by its folded lemma (the extraction's cached analyses), an English word by
tm/align/dictionary.py's `english_key` (lower case, inflection off). Only word pairs that
share a unit have a t, so the tables are one array over the distinct pairs of the memory and
each EM round is a handful of numpy passes over all of them.

Inside one unit each English word gets at most one Russian word (grow-diag-final, simplified):
the Russian word both directions agree on (each is the other's most probable partner), else
the English word's most probable Russian word when its posterior is at least
`MIN_POSTERIOR`, else a Russian word whose most probable English word it is. So "Russian" in
"the Russian Criminal Code" goes to РФ or российский when the unit has one, never to УК, and a
neighbour's translation goes to the neighbour. English function words, numbers and verbs of
reporting are never linked. A prior (the model's translation of a term) multiplies the t of its words with the
term's positions by `PRIOR_FACTOR`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np

from glossary.extraction.morphology import fold, lemma
from tm.align.dictionary import english_key

ITERATIONS = 5
# Units trained on, at most, spread evenly over the memory: the tables cost about 30 bytes per
# word pair of a unit (some 600 a news sentence), so 10,000 units stay near 200 MB.
MAX_TRAINING_UNITS = 10_000
MIN_POSTERIOR = 0.3
PRIOR_FACTOR = 4.0

RU_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:[-–][А-ЯЁа-яёA-Za-z0-9]+)*")
EN_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
FUNCTION = frozenset(
    "the a an of in on at to for and or with by from as is are was were be been being that this these those it "
    "its their his her our your which who whom whose has have had will would shall should can could may might "
    "said says also not but than then there here into over under about after before between during while "
    "i we you he she they them us him me my".split()
)
# Verbs of reporting: "told RIA Novosti", "according to Reuters". The Russian says them too
# (сообщил, по данным), but a thin memory can pin them on the agency's name; never a term's.
REPORTING = frozenset("told tells reported reports according quoted cited writes wrote informed stated noted added".split())


def russian_key(word: str) -> str:
    """A Russian word's folded lemma (the extraction's analyses, cached there)."""
    return fold(lemma(word))


def linkable(word: str) -> bool:
    """Whether an English word may carry a translation: not a function word, not a number,
    not a lone letter."""
    lower = word.lower()
    return len(word) > 1 and word[0].isalpha() and lower not in FUNCTION and lower not in REPORTING


@dataclass
class AlignedUnit:
    """One unit's words and the t of each Russian word (rows) with each English word, both
    directions, with the NULL word's as the last row (English | NULL) and column (Russian | NULL)."""

    ru: list[str]
    ru_keys: list[str]
    en: list[str]
    t_er: np.ndarray  # (len(ru) + 1) × len(en): t(English | Russian), NULL last
    t_re: np.ndarray  # len(ru) × (len(en) + 1): t(Russian | English), NULL last

    def links(self, favoured: Collection[int] = (), prior: Collection[str] = ()) -> list[tuple[int, float]]:
        """(English index, posterior) of the English words linked to one of the `favoured`
        Russian positions, in order; English keys in `prior` link more readily to them."""
        n, m = len(self.ru), len(self.en)
        if not n or not m or not favoured:
            return []
        t_er, t_re = self.t_er, self.t_re
        rows = np.fromiter(favoured, dtype=np.int64)
        if prior:
            boost = np.array([english_key(w) in prior for w in self.en], dtype=bool).nonzero()[0]
            if len(boost):
                t_er, t_re = t_er.copy(), t_re.copy()
                t_er[np.ix_(rows, boost)] *= PRIOR_FACTOR
                t_re[np.ix_(rows, boost)] *= PRIOR_FACTOR
        post_e = t_er / np.maximum(t_er.sum(axis=0, keepdims=True), 1e-12)  # each English word's Russian
        post_r = t_re / np.maximum(t_re.sum(axis=1, keepdims=True), 1e-12)  # each Russian word's English
        e_best = post_e.argmax(axis=0)  # may be the NULL row, n
        r_best = post_r.argmax(axis=1)  # may be the NULL column, m
        owner = np.full(m, -1)
        score = np.zeros(m)
        for j in range(m):
            i = int(e_best[j])
            if i < n and r_best[i] == j:  # both directions agree
                owner[j], score[j] = i, post_e[i, j]
        for j in range(m):
            i = int(e_best[j])
            if owner[j] < 0 and i < n and post_e[i, j] >= MIN_POSTERIOR:
                owner[j], score[j] = i, post_e[i, j]
        for i in range(n):
            j = int(r_best[i])
            if j < m and owner[j] < 0 and post_r[i, j] >= MIN_POSTERIOR:
                owner[j], score[j] = i, post_r[i, j]
        chosen = set(int(r) for r in rows)
        return [(j, float(score[j])) for j in range(m) if int(owner[j]) in chosen and linkable(self.en[j])]


@dataclass
class WordAligner:
    """The two t tables of one memory's aligned units, over the pairs that share a unit."""

    ru_ids: dict[str, int] = field(default_factory=dict)
    en_ids: dict[str, int] = field(default_factory=dict)
    pair_codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted r × width + e
    t_er: np.ndarray = field(default_factory=lambda: np.zeros(0))
    t_re: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def width(self) -> int:
        return len(self.en_ids) + 1  # the English NULL is the last id

    def _lookup(self, codes: np.ndarray, table: np.ndarray) -> np.ndarray:
        if not len(self.pair_codes):
            return np.zeros(len(codes))
        at = np.searchsorted(self.pair_codes, codes).clip(max=len(self.pair_codes) - 1)
        return np.where(self.pair_codes[at] == codes, table[at], 0.0)

    def align(self, source: str, target: str) -> AlignedUnit:
        ru = RU_WORD.findall(source)
        ru_keys = [russian_key(w) for w in ru]
        en = EN_WORD.findall(target)
        null_r, null_e = len(self.ru_ids), len(self.en_ids)
        r = np.array([self.ru_ids.get(k, -1) for k in ru_keys] + [null_r], dtype=np.int64)
        e = np.array([self.en_ids.get(english_key(w), -1) for w in en] + [null_e], dtype=np.int64)
        codes = r[:, None] * self.width + e[None, :]
        known = (r[:, None] >= 0) & (e[None, :] >= 0)
        t_er = np.where(known, self._lookup(codes.ravel(), self.t_er).reshape(codes.shape), 0.0)
        t_re = np.where(known, self._lookup(codes.ravel(), self.t_re).reshape(codes.shape), 0.0)
        return AlignedUnit(ru, ru_keys, en, t_er[:, :-1], t_re[:-1, :])


def train(pairs: Iterable[tuple[str, str]], iterations: int = ITERATIONS) -> WordAligner:
    """IBM model 1 both ways over the units (a word counted once per unit); of more than
    MAX_TRAINING_UNITS units, every k-th."""
    aligner = WordAligner()
    sides = []
    listed = list(pairs)
    step = -(-len(listed) // MAX_TRAINING_UNITS) if listed else 1
    for source, target in listed[::step]:
        ru = {aligner.ru_ids.setdefault(russian_key(w), len(aligner.ru_ids)) for w in RU_WORD.findall(source)}
        en = {aligner.en_ids.setdefault(english_key(w), len(aligner.en_ids)) for w in EN_WORD.findall(target)}
        if ru and en:
            sides.append((np.fromiter(ru, np.int64, len(ru)), np.fromiter(en, np.int64, len(en))))
    if not sides:
        return aligner
    null_r, null_e, width = len(aligner.ru_ids), len(aligner.en_ids), aligner.width
    # Every (Russian, English) pair of every unit, NULL on both sides; its unit-English and
    # unit-Russian groups (whose t sum to one posterior each).
    r_all, e_all, g_e, g_r = [], [], [], []
    base_e = base_r = 0
    for r, e in sides:
        rr = np.append(r, null_r)
        ee = np.append(e, null_e)
        r_all.append(np.repeat(rr, len(ee)))
        e_all.append(np.tile(ee, len(rr)))
        g_e.append(base_e + np.tile(np.arange(len(ee), dtype=np.int32), len(rr)))
        g_r.append(base_r + np.repeat(np.arange(len(rr), dtype=np.int32), len(ee)))
        base_e += len(ee)
        base_r += len(rr)
    rs, es = np.concatenate(r_all), np.concatenate(e_all)
    group_e, group_r = np.concatenate(g_e), np.concatenate(g_r)
    aligner.pair_codes, pair = np.unique(rs * width + es, return_inverse=True)
    pair = pair.astype(np.int32)
    del rs, es, r_all, e_all, g_e, g_r
    pair_r, pair_e = aligner.pair_codes // width, aligner.pair_codes % width
    size = len(aligner.pair_codes)
    aligner.t_er = _em(pair, group_e, pair_r, size, base_e, null_r, pair_e == null_e, iterations)
    aligner.t_re = _em(pair, group_r, pair_e, size, base_r, null_e, pair_r == null_r, iterations)
    return aligner


def _em(
    pair: np.ndarray,
    group: np.ndarray,
    given: np.ndarray,
    size: int,
    groups: int,
    null_given: int,
    null_target: np.ndarray,
    iterations: int,
) -> np.ndarray:
    """t(target | given) by EM: `pair` is each occurrence's distinct pair, `group` the target
    word of a unit it explains, `given` each distinct pair's conditioning word. Pairs whose
    target is the other side's NULL word are left out (a NULL is only ever given)."""
    keep = ~null_target[pair]
    pair, group = pair[keep], group[keep]
    t = np.ones(size)
    t[null_target] = 0.0
    for _ in range(iterations):
        values = t[pair]
        total = np.bincount(group, values, minlength=groups)
        counts = np.bincount(pair, values / np.maximum(total[group], 1e-300), minlength=size)
        norm = np.bincount(given, counts)
        t = counts / np.maximum(norm[given], 1e-300)
    return t
