"""Scoring sentence pairs by machine translation (`tm align --mt`), as Bleualign does.

The aligner (tm/align/aligner.py) takes any `Similarity`; this one translates the Russian
once (through the `tm build` cache) and compares each translation with the English.
"""

from __future__ import annotations

import functools

from tm.align.aligner import Similarity
from tm.memory.build import SentenceTranslator, translate_unique
from tm.mt.cache import TranslationCache


def mt_similarity(ru: list[str], en: list[str], translator: SentenceTranslator, cache: TranslationCache) -> Similarity:
    """Bleualign's idea: how much the machine translation of the Russian looks like the
    English candidate, as the Dice overlap of their character 3-gram sets (0–1)."""
    translations = translate_unique(ru, translator, cache)
    mt = [_trigrams(translations.get(s)) for s in ru]
    human = [_trigrams(s) for s in en]

    # The search asks about each span many times (once per neighbouring cell and link shape).
    @functools.lru_cache(maxsize=100_000)
    def span(side: int, start: int, count: int) -> frozenset[str]:
        grams = mt if side == 0 else human
        return grams[start] if count == 1 else frozenset().union(*grams[start : start + count])

    def similarity(i: int, a: int, j: int, b: int) -> float:
        left, right = span(0, i, a), span(1, j, b)
        return 2 * len(left & right) / (len(left) + len(right)) if left and right else 0.0

    return similarity


def _trigrams(text: str) -> frozenset[str]:
    text = " ".join(text.lower().split())
    return frozenset(text[k : k + 3] for k in range(len(text) - 2))
