"""Word alignment inside aligned units: IBM model 1, both directions, trained on the memory.

Over the aligned (Russian, English) units of one build, IBM model 1 (Brown et al. 1993) learns
t(English key | Russian lemma) and t(Russian lemma | English key) by `ITERATIONS` rounds of
EM, each direction with a NULL word that absorbs what has no counterpart. Words are keys: a
Russian word by its folded lemma (the extraction's cached analyses), an English word by
`word_key` (tm/align/dictionary.py's `english_key`: lower case, inflection off; and an
acronym's plural or possessive folded onto it, NGOs → ngo, EU's → eu). Only word pairs that
share a unit have a t, so the tables are one array over the distinct pairs of the memory; each
EM round is a few numpy passes over chunks of units (`CHUNK_PAIRS` word-pair occurrences), each
occurrence kept as one int32 pair id, and a chunk's buffers are freed before the next's.

Inside one unit each English word gets at most one Russian word (grow-diag-final, simplified):
the Russian word both directions agree on (each is the other's most probable partner), else
a Russian word whose most probable English word it is, at a posterior of at least
`CLAIM_POSTERIOR` and above the English side's best guess, else the English word's most
probable Russian word when its posterior is at least `MIN_POSTERIOR`, else a Russian word
whose most probable English word it is (at `MIN_POSTERIOR`). So "Russian" in
"the Russian Criminal Code" goes to РФ or российский when the unit has one, never to УК, and a
neighbour's translation goes to the neighbour. English function words, numbers and verbs of
reporting are never linked. A prior (the model's translation of a term) multiplies the t of its words with the
term's positions by `PRIOR_FACTOR`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np

from glossary.extraction.morphology import fold, lemma
from tm.align.dictionary import english_key

ITERATIONS = 5
# Units trained on, at most, spread evenly over the memory: an occurrence (a word pair of a
# unit, some 600 a news sentence) keeps a 4-byte pair id, the distinct pairs 40 bytes each, so
# 10,000 WMT units add about 110 MB to the peak (CHUNK_PAIRS; bench/word_alignment_memory.py).
MAX_TRAINING_UNITS = 10_000
MIN_POSTERIOR = 0.3
CLAIM_POSTERIOR = 0.5  # a Russian word this sure of its English takes it from a weaker guess
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


# An acronym's plural ("NGOs", "MPs") or any word's possessive: english_key keeps them whole (it
# takes an ending off a stem of four letters or more only), so "NGO" and "NGOs" would be two
# English words that each explain only some of НПО's units, and a neighbour seen in more of
# them ("rescue") would win the term.
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Z0-9]+s$")


@functools.lru_cache(maxsize=200_000)  # a memory repeats its words: two regexes a word once
def word_key(word: str) -> str:
    """An English word's key for the alignment: `english_key`, with a possessive and an acronym's
    plural -s taken off first (NGOs, NGO's → ngo; Russia's → russia)."""
    bare = _POSSESSIVE.sub("", word) or word
    if _ACRONYM_PLURAL.match(bare):
        bare = bare[:-1]
    return english_key(bare)


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
            boost = np.array([word_key(w) in prior for w in self.en], dtype=bool).nonzero()[0]
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
        # A Russian word sure of its English claims it before a weaker English-side guess:
        # "presidential" is президент's in «кандидат в президенты», though кандидат explains it
        # a little better than each of the unit's two президент forms.
        for i in range(n):
            j = int(r_best[i])
            if j < m and owner[j] < 0 and post_r[i, j] >= CLAIM_POSTERIOR and post_r[i, j] > post_e[int(e_best[j]), j]:
                owner[j], score[j] = i, post_r[i, j]
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
        e = np.array([self.en_ids.get(word_key(w), -1) for w in en] + [null_e], dtype=np.int64)
        codes = r[:, None] * self.width + e[None, :]
        known = (r[:, None] >= 0) & (e[None, :] >= 0)
        t_er = np.where(known, self._lookup(codes.ravel(), self.t_er).reshape(codes.shape), 0.0)
        t_re = np.where(known, self._lookup(codes.ravel(), self.t_re).reshape(codes.shape), 0.0)
        return AlignedUnit(ru, ru_keys, en, t_er[:, :-1], t_re[:-1, :])


# Word-pair occurrences (a unit's Russian words and NULL × its English words and NULL) an E-step
# chunk holds: the E-step's float64 buffers are made chunk by chunk, so what stays for the whole
# memory is one int32 pair id an occurrence (24 MB for 10,000 news units), not the 60 bytes an
# occurrence of global arrays (codes, groups, values) that 10,000 units cost before.
CHUNK_PAIRS = 1 << 18


@dataclass
class _Chunk:
    """Consecutive units' word-pair occurrences: each unit's (Russian + NULL) × (English + NULL)
    pairs, Russian-major, as ids of `WordAligner.pair_codes`; each unit's two side lengths."""

    pair: np.ndarray  # int32, one an occurrence
    rows: np.ndarray  # int64: each unit's Russian words + 1
    cols: np.ndarray  # int64: each unit's English words + 1

    def groups(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """Each occurrence's English-word group (its unit's English position) and Russian-word
        group, numbered in the chunk, and the two group counts: the posteriors' denominators."""
        per_row = np.repeat(self.cols, self.rows)  # each Russian row's English count
        row = np.repeat(np.arange(len(per_row), dtype=np.int32), per_row)
        row_start = np.cumsum(per_row) - per_row
        unit_base = np.cumsum(self.cols) - self.cols  # the unit's first English group
        # an occurrence's English group: its unit's first, plus its place in its row
        shift = (np.repeat(unit_base, self.rows) - row_start).astype(np.int32)
        english = np.arange(len(row), dtype=np.int32) + np.repeat(shift, per_row)
        return english, row, int(self.cols.sum()), len(per_row)


def _codes(sides: list[tuple[np.ndarray, np.ndarray]], null_r: int, null_e: int, width: int) -> np.ndarray:
    """The pair codes (Russian id × width + English id) of units' occurrences, NULL on both sides."""
    parts = []
    for r, e in sides:
        rr, ee = np.append(r, null_r), np.append(e, null_e)
        parts.append((rr[:, None] * width + ee[None, :]).ravel())
    return np.concatenate(parts)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The sorted distinct values (numpy 2's `np.unique` hashes: several times slower on these)."""
    codes = np.sort(codes)
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes


def train(pairs: Iterable[tuple[str, str]], iterations: int = ITERATIONS) -> WordAligner:
    """IBM model 1 both ways over the units (a word counted once per unit); of more than
    MAX_TRAINING_UNITS units, every k-th."""
    aligner = WordAligner()
    sides = []
    listed = list(pairs)
    step = -(-len(listed) // MAX_TRAINING_UNITS) if listed else 1
    for source, target in listed[::step]:
        ru = {aligner.ru_ids.setdefault(russian_key(w), len(aligner.ru_ids)) for w in RU_WORD.findall(source)}
        en = {aligner.en_ids.setdefault(word_key(w), len(aligner.en_ids)) for w in EN_WORD.findall(target)}
        if ru and en:
            sides.append((np.fromiter(ru, np.int64, len(ru)), np.fromiter(en, np.int64, len(en))))
    if not sides:
        return aligner
    null_r, null_e, width = len(aligner.ru_ids), len(aligner.en_ids), aligner.width
    # Units in chunks of about CHUNK_PAIRS occurrences, in order (the EM sums in the same order).
    batches: list[list[tuple[np.ndarray, np.ndarray]]] = [[]]
    held = 0
    for r, e in sides:
        size = (len(r) + 1) * (len(e) + 1)
        if held and held + size > CHUNK_PAIRS:
            batches.append([])
            held = 0
        batches[-1].append((r, e))
        held += size
    # The distinct pairs: each chunk's, merged; then each occurrence as the id of its pair.
    aligner.pair_codes = _distinct(np.concatenate([_distinct(_codes(b, null_r, null_e, width)) for b in batches]))
    chunks = [
        _Chunk(
            np.searchsorted(aligner.pair_codes, _codes(b, null_r, null_e, width)).astype(np.int32),
            np.array([len(r) + 1 for r, _ in b], dtype=np.int64),
            np.array([len(e) + 1 for _, e in b], dtype=np.int64),
        )
        for b in batches
    ]
    del sides, batches
    pair_r, pair_e = aligner.pair_codes // width, aligner.pair_codes % width
    size = len(aligner.pair_codes)
    aligner.t_er = _em(chunks, 0, pair_r, size, pair_e == null_e, iterations)
    aligner.t_re = _em(chunks, 1, pair_e, size, pair_r == null_r, iterations)
    return aligner


def _em(chunks: list[_Chunk], side: int, given: np.ndarray, size: int, null_target: np.ndarray, iterations: int) -> np.ndarray:
    """t(target | given) by EM, chunk by chunk: `side` 0 explains each unit's English words
    (t(English | Russian)), 1 its Russian words; `given` is each distinct pair's conditioning
    word. Pairs whose target is the other side's NULL word are left out (a NULL is only ever
    given). The expected counts are added in occurrence order (`np.add.at`), as one bincount
    over the whole memory would add them: the tables are those of the unchunked EM, bit for bit."""
    t = np.ones(size)
    t[null_target] = 0.0
    for _ in range(iterations):
        counts = np.zeros(size)
        for chunk in chunks:
            english, russian, n_english, n_russian = chunk.groups()
            keep = ~null_target[chunk.pair]
            pair, group = chunk.pair[keep], (russian if side else english)[keep]
            values = t[pair]
            total = np.bincount(group, values, minlength=n_russian if side else n_english)
            np.add.at(counts, pair, values / np.maximum(total[group], 1e-300))
            del english, russian, keep, pair, group, values, total  # this chunk's buffers, before the next's
        norm = np.bincount(given, counts)
        t = counts / np.maximum(norm[given], 1e-300)
    return t
