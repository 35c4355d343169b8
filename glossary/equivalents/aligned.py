"""English equivalents from human translations: the English span aligned to a term.

The aligned units (origin `Alignment`, from `tm align`) are word-aligned first
(glossary/equivalents/word_alignment.py: IBM model 1 both ways over the memory, links inside
each unit). For every occurrence of a term in a unit, the English words linked to the term's
own words are taken, and the minimal contiguous span covering them, trimmed of function words
and numbers at its ends, is the occurrence's English: a word outside that span is never
attached (УК → "Criminal Code", not "Russian Criminal Code"), and a neighbour's translation
goes to the neighbour (КХЛ is not "regular season"; "presidential" is президенты's in
«кандидат в президенты»). Linked words more than `GAP` words apart are separate spans; the one
with the strongest links is kept. The span then loses what a term's English never has: an
opening title word the Russian does not say (`TITLES`: Путин is "Putin", not "President
Putin"), a closing possessive or quote mark ("nominee's"), and closing lower-case verbs in -ed
("sanctions imposed"; ВМФ is not "conducted"): the extractor's terms are noun phrases.

The spans of all occurrences are counted; the most frequent wins, if at least `MIN_TOGETHER`
occurrences give it. A winner that ends with an adjective-like English word, for a term that
is no adjective, goes on with the word that follows it in most of its occurrences (`extended`:
УК → "Criminal Code" where "Code" was linked to РФ or to статья beside it). With a model, the
machine translation of the term is a prior: its words link more strongly to the term
(`word_alignment.PRIOR_FACTOR`), and a span equal to it wins where at least `MACHINE_WINS` of
the best span's occurrences give it.

The confidence is calibrated: P(right) by a logistic map of the span's agreement (the share
of the term's occurrences giving it), its count and its mean link posterior, fitted on the
development judgements of bench/data/equivalent_judgements.tsv (bench/aligned_equivalents.py
`--fit`; refitted in issue 19's Q2 round on 102 dev entries).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from glossary.equivalents.word_alignment import EN_WORD, AlignedUnit, WordAligner, linkable, train, word_key
from glossary.extraction.morphology import parses
from glossary.extraction.senses import plain_key

MAX_WORDS = 6  # the longest span taken: a term's English is rarely longer
MIN_TOGETHER = 2
MACHINE_WINS = 0.5  # the model's translation of the term wins at this share of the best span's count
GAP = 2  # linked English words further apart than this are two spans
EXAMPLES_KEPT = 2
# P(right) = σ(B0 + B_AGREE·agreement + B_COUNT·ln(count) + B_LINK·mean link posterior), fitted on dev.
# A refit after the span rules (1.52, 0.25, 0.53, 0.73) scores Brier 0.046 on dev against this map's
# 0.048, but puts nearly every entry in 0.85-1.00: this map keeps agreement's weight, so its bands
# still tell a reviewer which entries to check (0.70-0.85: 85 % right; 0.85-1.00: 97 %).
B0, B_AGREE, B_COUNT, B_LINK = 0.40, 0.88, 0.51, 0.73
MAX_CONFIDENCE = 0.95  # only a reviewed or reference equivalent is certain
# English title words a span does not open with unless the Russian term says them (the folded
# stems that license each): a name's translation is the name, not "Mr Trump".
TITLES: dict[str, tuple[str, ...]] = {
    "mr": (),
    "mrs": (),
    "ms": (),
    "dr": ("доктор",),
    "president": ("президент",),
    "prime": ("премьер",),
    "premier": ("премьер",),
    "minister": ("министр", "премьер"),
    "chancellor": ("канцлер",),
    "senator": ("сенатор",),
    "judge": ("судья",),
    "secretary": ("секретар", "госсекретар", "генсек"),
    "sir": (),
    "madam": (),
}
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# English adjective endings (Criminal, Federal, Investigative, Russian, Chinese, Dangerous):
# a span ending in one is the start of a name whose noun the links missed (`extended`).
ADJECTIVE_ENDING = re.compile(r"(?:al|ic|ive|ary|ous|ian|ese|ish|ful|ern)$")
EXTEND_SHARE = 2 / 3
NOT_PARTICIPLES = frozenset("hundred united limited".split())  # lower-case words in -ed that are no verbs


@dataclass(frozen=True)
class AlignedEquivalent:
    text: str
    agreement: float  # share of the term's occurrences whose span is this English
    together: int  # occurrences giving this English
    confidence: float
    link: float = 0.0  # mean posterior of the span's links
    occurrences: int = 0  # occurrences of the term in aligned units

    @property
    def dice(self) -> float:  # the old name of the evidence's strength, kept for callers
        return self.agreement


def english_ngrams(sentence: str, max_words: int = 4) -> dict[str, str]:
    """The sentence's n-grams that neither begin nor end with a function word or a number:
    lower-cased key → the surface as written (the naive peer of bench/aligned_equivalents.py)."""
    words = EN_WORD.findall(sentence)
    found: dict[str, str] = {}
    for i in range(len(words)):
        if not linkable(words[i]):
            continue
        for j in range(i + 1, min(i + max_words, len(words)) + 1):
            if linkable(words[j - 1]):
                found.setdefault(" ".join(w.lower() for w in words[i:j]), " ".join(words[i:j]))
    return found


def calibrated(agreement: float, together: int, link: float) -> float:
    """P(right) of an aligned equivalent from its features (see the module docstring)."""
    z = B0 + B_AGREE * agreement + B_COUNT * math.log(max(together, 1)) + B_LINK * link
    return round(min(1 / (1 + math.exp(-z)), MAX_CONFIDENCE), 3)


def occurrences(unit: AlignedUnit, term_words: Sequence[str]) -> list[list[int]]:
    """The Russian positions of each occurrence of the term (its words' lemma keys) in the unit."""
    k = len(term_words)
    if not k:
        return []
    found = []
    for i in range(len(unit.ru) - k + 1):
        if all(_same(unit.ru[i + n], unit.ru_keys[i + n], term_words[n]) for n in range(k)):
            found.append(list(range(i, i + k)))
    return found


def _same(word: str, key: str, wanted: str) -> bool:
    """Whether a word of the unit is the term's word: same lemma, same folded form, or (a name
    pymorphy does not know) a common stem."""
    folded = word.lower().replace("ё", "е")
    if wanted in (key, folded):
        return True
    stem = len(wanted) - 2
    return stem >= 4 and folded[:stem] == wanted[:stem] and abs(len(folded) - len(wanted)) <= 3


def _titled(term_words: Sequence[str], title: str) -> bool:
    """Whether the Russian term itself says the English title word (премьер-министр: "Prime")."""
    return any(w.startswith(stem) for w in term_words for stem in TITLES[title])


def _participle(word: str) -> bool:
    """A lower-case English word in -ed: a verb's past or participle ("conducted", "imposed"),
    which never ends a noun term's English."""
    return len(word) >= 6 and word.islower() and word.endswith("ed") and word not in NOT_PARTICIPLES


def span_range(
    unit: AlignedUnit, links: list[tuple[int, float]], term_words: Sequence[str] = ()
) -> tuple[int, int, float] | None:
    """The (start, end) of `span`'s words in the unit's English and their mean link posterior."""
    if not links:
        return None
    groups: list[list[tuple[int, float]]] = [[links[0]]]
    for j, s in links[1:]:
        if j - groups[-1][-1][0] <= GAP + 1:
            groups[-1].append((j, s))
        else:
            groups.append([(j, s)])
    group = max(groups, key=lambda g: sum(s for _, s in g))
    start, end = group[0][0], group[-1][0] + 1
    while start < end and not linkable(unit.en[start]):
        start += 1
    while end > start and not linkable(unit.en[end - 1]):
        end -= 1
    while start < end and unit.en[start].lower() in TITLES and not _titled(term_words, unit.en[start].lower()):
        start += 1
    while end > start and _participle(unit.en[end - 1]):
        end -= 1
    if start >= end or end - start > MAX_WORDS:
        return None
    return start, end, sum(s for _, s in group) / len(group)


def span(unit: AlignedUnit, links: list[tuple[int, float]], term_words: Sequence[str] = ()) -> tuple[str, str, float] | None:
    """The minimal contiguous span of the linked English words (the strongest group of them),
    trimmed of function words and numbers, of a title word the Russian term does not say
    ("President Putin" for Путин), of a closing possessive the term does not end with
    ("nominee's"; a copied name such as McVitie's keeps its own) and of closing verbs
    in -ed: (key, surface, mean link posterior)."""
    found = span_range(unit, links, term_words)
    if found is None:
        return None
    start, end, link = found
    words = _words(unit, start, end, term_words)
    return " ".join(w.lower() for w in words), " ".join(words), link


def _words(unit: AlignedUnit, start: int, end: int, term_words: Sequence[str]) -> list[str]:
    """The unit's English words start..end, a closing possessive off unless the term says it."""
    words = unit.en[start:end]
    if words and not (term_words and POSSESSIVE.search(term_words[-1])):  # the name says it: McVitie's
        words[-1] = POSSESSIVE.sub("", words[-1])
    return words


def adjective_like(word: str) -> bool:
    """An English word with an adjective's ending ("Criminal", "Federal", "Investigative"): a
    noun term's English does not end with one."""
    return len(word) >= 5 and word[0].isalpha() and ADJECTIVE_ENDING.search(word.lower()) is not None


def _adjective_term(term_words: Sequence[str]) -> bool:
    """Whether the Russian term ends with an adjective (its English may too: российский → Russian)."""
    return bool(term_words) and any(p.tag.POS in ("ADJF", "PRTF") for p in parses(term_words[-1])[:1])


def extended(key: str, ends: Sequence[tuple[AlignedUnit, int]], term_words: Sequence[str]) -> tuple[str, str, int] | None:
    """The span `key` continued by the word that follows it in most of its occurrences, while
    it ends with an adjective-like word and the term does not (УК: "Criminal" → "Criminal
    Code", where the link of "Code" went to РФ or to статья beside it): (key, surface, the
    occurrences that continue so). `ends` is each occurrence's unit and span end; the word
    taken is a linkable one in the same case as the span's last (a name goes on in capitals),
    followed in at least `EXTEND_SHARE` of the occurrences and in at least `MIN_TOGETHER`."""
    words = key.split()
    if _adjective_term(term_words) or not words or not adjective_like(words[-1]):
        return None
    surfaces = [w for w in key.split()]
    current = list(ends)
    while current and adjective_like(surfaces[-1]) and len(surfaces) < MAX_WORDS:
        following: Counter[str] = Counter()
        for unit, end in current:
            if end < len(unit.en):
                following[unit.en[end].lower()] += 1
        if not following:
            return None
        word, count = following.most_common(1)[0]
        if count < max(MIN_TOGETHER, EXTEND_SHARE * len(current)) or not linkable(word):
            break
        kept = [(u, e) for u, e in current if e < len(u.en) and u.en[e].lower() == word]
        if kept[0][0].en[kept[0][1] - 1][:1].isupper() != kept[0][0].en[kept[0][1]][:1].isupper():
            break
        surfaces.append(word)
        current = [(u, e + 1) for u, e in kept]
    if len(surfaces) == len(words):
        return None
    unit, end = current[0]
    shown = _words(unit, end - len(surfaces), end, term_words)
    return " ".join(w.lower() for w in shown), " ".join(shown), len(current)


def whole_name(
    best: str,
    spans: Counter[str],
    strength: dict[str, float],
    surfaces: dict[str, Counter[str]],
    ends: Mapping[str, Sequence[tuple[AlignedUnit, int]]],
    term_words: Sequence[str],
) -> bool:
    """Where the best span stops at an adjective (`extended`), the counts moved onto the whole
    name: the occurrences that go on with its noun, and those whose links caught only the
    name's end ("Code") where the whole name stands in their English (the same words, part of
    them linked). `spans`, `strength` and `surfaces` are changed in place; whether they were."""
    longer = extended(best, ends[best], term_words)
    if longer is None:
        return False
    key, surface, moved = longer
    name = key.split()
    transfers = [(best, moved)]
    for other in spans:
        words = other.split()
        if other in (key, best) or spans[other] <= 0 or name[-len(words) :] != words:
            continue
        lead = len(name) - len(words)
        whole = sum(
            1
            for unit, end in ends[other]
            if end >= len(name) and [w.lower() for w in unit.en[end - len(name) : end - len(words)]] == name[:lead]
        )
        if whole:
            transfers.append((other, whole))
    for other, count in transfers:
        mean = strength[other] / spans[other]
        spans[key] += count
        strength[key] += mean * count
        surfaces[key][surface] += count
        spans[other] -= count
        strength[other] -= mean * count
    return True


class AlignedEvidence:
    """The word-aligned units of one build and, on demand, each term's aligned English."""

    def __init__(self, term_units: Mapping[str, list[int]], targets: Mapping[int, str], sources: Mapping[int, str]) -> None:
        self.targets = {i: t for i, t in targets.items() if i in sources}
        self.sources = sources
        self.term_units = {key: [i for i in units if i in self.targets] for key, units in term_units.items()}
        self.aligner: WordAligner | None = None
        self.units: dict[int, AlignedUnit] = {}

    def count(self, aligned_targets: Iterable[str]) -> None:
        """Nothing to count any more: the word alignment needs only the units the terms are in.
        Kept for callers; the iterable is not read."""

    def _unit(self, i: int) -> AlignedUnit:
        if self.aligner is None:
            self.aligner = train((self.sources[u], self.targets[u]) for u in sorted(self.targets))
        unit = self.units.get(i)
        if unit is None:
            unit = self.units[i] = self.aligner.align(self.sources[i], self.targets[i])
        return unit

    def equivalent(self, key: str, machine: Iterable[str] = ()) -> AlignedEquivalent | None:
        """The English most often aligned to the term; with `machine` (the model's translations
        of the term) as a prior."""
        units = self.term_units.get(key)
        if not units:
            return None
        machine_keys = {" ".join(w.lower() for w in EN_WORD.findall(m)) for m in machine if m}
        prior = {word_key(w) for m in machine_keys for w in m.split() if linkable(w)}
        # A name's sense has a capitalised key, one split off by NER type a marked one (senses.py).
        term_words = plain_key(key).lower().split()
        spans: Counter[str] = Counter()
        strength: dict[str, float] = defaultdict(float)
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        ends: dict[str, list[tuple[AlignedUnit, int]]] = defaultdict(list)
        seen = 0
        for i in units:
            unit = self._unit(i)
            for positions in occurrences(unit, term_words):
                seen += 1
                found = span_range(unit, unit.links(positions, prior), term_words)
                if found is not None:
                    start, end, link = found
                    words = _words(unit, start, end, term_words)
                    key_ = " ".join(w.lower() for w in words)
                    spans[key_] += 1
                    strength[key_] += link
                    surfaces[key_][" ".join(words)] += 1
                    ends[key_].append((unit, end))
        if not spans:
            return None
        ranked = sorted(spans, key=lambda s: (-spans[s], -strength[s], s))
        best = ranked[0]
        if whole_name(best, spans, strength, surfaces, ends, term_words):
            ranked = sorted((s for s in spans if spans[s] > 0), key=lambda s: (-spans[s], -strength[s], s))
            best = ranked[0]
        for other in ranked:
            if other in machine_keys and spans[other] >= MACHINE_WINS * spans[best]:
                best = other
                break
        together = spans[best]
        if together < MIN_TOGETHER:
            return None
        agreement = together / max(seen, 1)
        link = strength[best] / together
        return AlignedEquivalent(
            _surface(surfaces[best], best),
            round(agreement, 3),
            together,
            calibrated(agreement, together, link),
            round(link, 3),
            seen,
        )


def _surface(surfaces: Counter[str], key: str) -> str:
    """As written, but a capital that only opens sentences is dropped (Sanctions → sanctions)."""
    best, count = surfaces.most_common(1)[0]
    if best != key and surfaces.get(key, 0) * 2 >= count:
        return key
    return best
