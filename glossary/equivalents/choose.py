"""English equivalents: from the reference list, else machine translation checked in context.

For a term without a reference equivalent, the model translates its canonical form and its
most frequent inflected form. Each translation is looked for in the English of the units the
term occurs in; the one found in most of them wins. Confidence: 1.0 for reference
equivalents; 0.5 + 0.5 × (share of contexts confirming), at most 0.95, when confirmed (origin `context`);
0.3 for an unconfirmed translation (origin `mt`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.entries import Origin
from glossary.extraction.morphology import fold

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Equivalent:
    text: str
    confidence: float
    origin: Origin


def _bare(text: str) -> str:
    return fold(_ARTICLE.sub("", text.strip().rstrip(".")))


def confirmations(candidate: str, english_contexts: Sequence[str]) -> int:
    """In how many English sentences the candidate occurs, as whole words, ignoring case."""
    needle = _bare(candidate)
    if not needle:
        return 0
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return sum(1 for sentence in english_contexts if pattern.search(fold(sentence)))


def choose_equivalent(translations: Sequence[str], english_contexts: Sequence[str]) -> Equivalent:
    """The machine translation most confirmed by the contexts (the first one on a tie)."""
    options = [t.strip() for t in dict.fromkeys(translations) if t.strip()]
    if not options:
        return Equivalent("", 0.0, "mt")
    scored = [(confirmations(t, english_contexts), -i, t) for i, t in enumerate(options)]
    hits, _, best = max(scored)
    if hits and english_contexts:
        # Capped below 1.0: only a reviewed or reference equivalent is certain.
        confidence = min(0.95, round(0.5 + 0.5 * hits / len(english_contexts), 2))
        return Equivalent(_ARTICLE.sub("", best), confidence, "context")
    return Equivalent(_ARTICLE.sub("", options[0]), 0.3, "mt")
