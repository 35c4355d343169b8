"""English equivalents from human translations: what aligned pairs use for a Russian term.

For a term seen in units of origin `Alignment` (`tm align`), every English word n-gram of its
paired sentences is a candidate: one to four words, neither beginning nor ending with a
function word or a number. Each is scored by the Dice association of two sets of aligned
units, those with the term and those with the n-gram:

    dice = 2 × |both| / (|with the term| + |with the n-gram|)

so that an n-gram frequent everywhere ("the country") loses to the one that comes with the
term (санкции → "sanctions"). A longer n-gram wins over a part of it when it is nearly as
well associated (всеобъемлющее стратегическое партнерство → "comprehensive strategic
partnership", not "strategic partnership"); with a model, the machine translation of the
term wins where the human English uses it nearly as strongly. At least two units must share
term and n-gram, and the n-gram's length must fit the term's (`_fits`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_WORDS = 4
MIN_TOGETHER = 2
MIN_DICE = 0.3
CANDIDATES_KEPT = 40  # n-grams per term carried to the corpus-wide count
LONGER_WINS = 0.85  # a longer n-gram replaces the best one at this share of its Dice
MACHINE_WINS = 0.5  # the model's translation of the term replaces it at this share
EXAMPLES_KEPT = 2

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_FUNCTION = set(
    "the a an of in on at to for and or with by from as is are was were be been being that this these those it "
    "its their his her our your which who whom whose has have had will would shall should can could may might "
    "said says also not but than then there here into over under about after before between during while "
    "i we you he she they them us him me my".split()
)


@dataclass(frozen=True)
class AlignedEquivalent:
    text: str
    dice: float
    together: int  # aligned units with both the term and this English
    confidence: float


def english_ngrams(sentence: str) -> dict[str, str]:
    """The sentence's candidate n-grams: lower-cased key → the surface as written."""
    words = _WORD.findall(sentence)
    found: dict[str, str] = {}
    for i in range(len(words)):
        if words[i].lower() in _FUNCTION or not words[i][0].isalpha():
            continue
        for j in range(i + 1, min(i + MAX_WORDS, len(words)) + 1):
            if words[j - 1].lower() in _FUNCTION or not words[j - 1][0].isalpha():
                continue
            key = " ".join(w.lower() for w in words[i:j])
            found.setdefault(key, " ".join(words[i:j]))
    return found


def _confidence(dice: float, together: int) -> float:
    """Dice, discounted for thin evidence: two shared units give 2/3 of it, ten 10/11."""
    return round(min(dice * together / (together + 1), 0.95), 3)


class AlignedEvidence:
    """Co-occurrence of terms with English n-grams over the aligned units of one build."""

    def __init__(self, term_units: Mapping[str, list[int]], targets: Mapping[int, str]) -> None:
        self.term_units = {key: [i for i in units if i in targets] for key, units in term_units.items()}
        self.together: dict[str, Counter[str]] = {}
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for key, units in self.term_units.items():
            counts: Counter[str] = Counter()
            for i in units:
                grams = english_ngrams(targets[i])
                counts.update(grams.keys())
                for gram, surface in grams.items():
                    self.surfaces[gram][surface] += 1
            self.together[key] = Counter(dict((g, c) for g, c in counts.most_common(CANDIDATES_KEPT) if c >= MIN_TOGETHER))
        self.wanted = {g for counts in self.together.values() for g in counts}
        self.units_with: Counter[str] = Counter()

    def count(self, aligned_targets: Iterable[str]) -> None:
        """Count, over every aligned unit of the corpus, the units holding each wanted n-gram."""
        if not self.wanted:
            return
        for target in aligned_targets:
            self.units_with.update(g for g in english_ngrams(target) if g in self.wanted)

    def equivalent(self, key: str, machine: Iterable[str] = ()) -> AlignedEquivalent | None:
        """The best-associated English for the term; with `machine` (the model's translations
        of the term), one of those wins if the human English uses it nearly as strongly."""
        together = self.together.get(key)
        if not together:
            return None
        with_term = len(self.term_units[key])
        scored = sorted(
            ((2 * c / (with_term + max(self.units_with[g], c)), g) for g, c in together.items() if _fits(key, g)),
            key=lambda x: (-x[0], -len(x[1].split()), x[1]),
        )
        if not scored:
            return None
        dice, best = scored[0]
        if dice < MIN_DICE:
            return None
        for other_dice, other in scored[1:]:
            if other_dice >= LONGER_WINS * dice and f" {best} " in f" {other} ":
                dice, best = other_dice, other
        machine_keys = {" ".join(w.lower() for w in _WORD.findall(m)) for m in machine}
        confirmed = [(d, g) for d, g in scored if g in machine_keys and d >= MACHINE_WINS * dice]
        if confirmed:
            dice, best = confirmed[0]
        return AlignedEquivalent(
            _surface(self.surfaces[best], best), round(dice, 3), together[best], _confidence(dice, together[best])
        )


def _fits(term: str, english: str) -> bool:
    """Russian packs into fewer words than English, rarely many fewer: a term of k words is
    translated by k−1 to k+2 English words (an acronym or a single word by one to four)."""
    k, n = len(term.split()), len(english.split())
    return 1 <= n <= 4 if k == 1 else k - 1 <= n <= k + 2


def _surface(surfaces: Counter[str], key: str) -> str:
    """As written, but a capital that only opens sentences is dropped (Sanctions → sanctions)."""
    best, count = surfaces.most_common(1)[0]
    if best != key and surfaces.get(key, 0) * 2 >= count:
        return key
    return best
