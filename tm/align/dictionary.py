"""A bilingual dictionary learned from aligned sentence pairs, in the manner of hunalign's
`-realign`: the aligner's first pass gives confident 1-1 pairs; the word pairs that keep
occurring together in them are taken as translations and rewarded in a second pass.

Words are compared as keys: a Russian word by its lemma (pymorphy3, tm/language/morphology.py;
cached per word form, so a document's 200,000 words cost its 20,000 forms), an English word
lower-cased and stemmed (`english_key`: plural, past and -ing endings off). A pair of keys is
kept when it occurs together in at least `min_count` pairs and their Dice coefficient
(2·together / (Russian count + English count)) is at least `min_dice`; keys in more than
`max_share` of the pairs (и, в, the, of) are left out: they are everywhere, so they tell no
pair from its neighbour.

The API, for the aligner (tm/align/aligner.py) and for word alignment (the glossary's
equivalents can reuse a dictionary learned over a `tm align` run):

- `learn(pairs)` → `Dictionary`, from (Russian sentence, English sentence) pairs;
- `Dictionary.translations(lemma)` → {English key: Dice};
- `Dictionary.russian_keys(sentence)` / `english_keys(sentence)`: a sentence's keys that the
  dictionary knows (the aligner's `d:` anchors are the English keys of both);
- `Dictionary.word_links(ru_words, en_words)` → (Russian index, English index, Dice) for
  each pair of words the dictionary links: a word alignment of one sentence pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from tm.language.morphology import analyzer

MIN_COUNT = 3  # pairs a word pair must occur together in
MIN_DICE = 0.3
MAX_SHARE = 0.1  # keys in more of the pairs than this are function words here
MIN_LETTERS = 3  # shorter words (и, в, of, to) are left out

_RU_WORD = re.compile(r"[А-ЯЁа-яё][А-ЯЁа-яё-]*")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# English endings taken off, longest first, when at least four letters stay.
_EN_ENDINGS = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


@lru_cache(maxsize=1 << 18)
def russian_lemma(word: str) -> str:
    """The lemma of a Russian word form (its most likely parse), lower-cased; a word the
    dictionary does not know (a name, a new word) as written: pymorphy3's guess at one takes
    about 15 times as long as a known word's parse, and names are anchors already."""
    lower = word.lower()
    morph = analyzer()
    if not morph.word_is_known(lower):
        return lower
    return str(morph.parse(lower)[0].normal_form)


@lru_cache(maxsize=1 << 18)
def english_key(word: str) -> str:
    """A lower-cased English word without its inflection: "sanctions" → "sanction"."""
    lower = word.lower().rstrip("'")
    for ending in _EN_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 4:
            return lower[: -len(ending)]
    return lower


def russian_words(sentence: str) -> list[str]:
    return [w for w in _RU_WORD.findall(sentence) if len(w) >= MIN_LETTERS]


def english_words(sentence: str) -> list[str]:
    return [w for w in _EN_WORD.findall(sentence) if len(w) >= MIN_LETTERS]


@dataclass
class Dictionary:
    """Russian lemma → {English key: Dice coefficient}."""

    entries: dict[str, dict[str, float]] = field(default_factory=dict)
    english: frozenset[str] = frozenset()  # every English key of the entries

    def __len__(self) -> int:
        return sum(len(t) for t in self.entries.values())

    def translations(self, lemma: str) -> dict[str, float]:
        return self.entries.get(lemma, {})

    def russian_keys(self, sentence: str) -> frozenset[str]:
        """The English keys the dictionary gives the Russian sentence's words."""
        keys: set[str] = set()
        for word in russian_words(sentence):
            keys.update(self.entries.get(russian_lemma(word), ()))
        return frozenset(keys)

    def english_keys(self, sentence: str) -> frozenset[str]:
        """The English sentence's keys that some Russian lemma translates to."""
        return frozenset(k for w in english_words(sentence) if (k := english_key(w)) in self.english)

    def word_links(self, ru_words: Sequence[str], en_words: Sequence[str]) -> list[tuple[int, int, float]]:
        """(Russian index, English index, Dice) for every pair of the words that the
        dictionary links, strongest first."""
        en_keys = [english_key(w) for w in en_words]
        links = []
        for i, word in enumerate(ru_words):
            translations = self.entries.get(russian_lemma(word))
            if translations:
                links += [(i, j, translations[k]) for j, k in enumerate(en_keys) if k in translations]
        return sorted(links, key=lambda link: -link[2])


def learn(
    pairs: Iterable[tuple[str, str]],
    min_count: int = MIN_COUNT,
    min_dice: float = MIN_DICE,
    max_share: float | None = None,
) -> Dictionary:
    """The word pairs strongly associated over the sentence pairs (see the module docstring);
    an empty dictionary when there are too few pairs to count."""
    ru_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    sides: list[tuple[np.ndarray, np.ndarray]] = []
    for ru, en in pairs:
        ru_set = {ru_ids.setdefault(russian_lemma(w), len(ru_ids)) for w in russian_words(ru)}
        en_set = {en_ids.setdefault(english_key(w), len(en_ids)) for w in english_words(en)}
        sides.append(
            (np.fromiter(ru_set, dtype=np.int64, count=len(ru_set)), np.fromiter(en_set, dtype=np.int64, count=len(en_set)))
        )
    if len(sides) < min_count or not ru_ids or not en_ids:
        return Dictionary()
    ru_count = np.bincount(np.concatenate([r for r, _ in sides]), minlength=len(ru_ids))
    en_count = np.bincount(np.concatenate([e for _, e in sides]), minlength=len(en_ids))
    most = max((MAX_SHARE if max_share is None else max_share) * len(sides), min_count)
    ru_ok = (ru_count >= min_count) & (ru_count <= most)
    en_ok = (en_count >= min_count) & (en_count <= most)
    width = len(en_ids)
    codes = []
    for ru_side, en_side in sides:
        kept_ru, kept_en = ru_side[ru_ok[ru_side]], en_side[en_ok[en_side]]
        if len(kept_ru) and len(kept_en):
            codes.append(np.add.outer(kept_ru * width, kept_en).ravel())
    if not codes:
        return Dictionary()
    keys, together = np.unique(np.concatenate(codes), return_counts=True)
    r, e = keys // width, keys % width
    dice = 2 * together / (ru_count[r] + en_count[e])
    keep = (together >= min_count) & (dice >= min_dice)
    ru_words_ = np.array(list(ru_ids), dtype=object)
    en_words_ = np.array(list(en_ids), dtype=object)
    entries: dict[str, dict[str, float]] = {}
    for lemma, key, d in zip(ru_words_[r[keep]], en_words_[e[keep]], dice[keep], strict=True):
        entries.setdefault(lemma, {})[key] = round(float(d), 3)
    return Dictionary(entries, frozenset(k for t in entries.values() for k in t))
