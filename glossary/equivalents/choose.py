"""English equivalents: from the reference list, else machine translation checked in context.

For a term without a reference equivalent, the model translates its canonical form and its
most frequent inflected form. Each translation is looked for in the English of the units the
term occurs in; the one found in most of them wins. Confidence: 1.0 for reference
equivalents; 0.5 + 0.5 × (share of contexts confirming), at most 0.95, when confirmed (origin `context`);
0.3 for an unconfirmed translation (origin `mt`).

Where the human translations of an aligned memory confidently give another English than the
reference list (РФ: the list says "Russian Federation", the news English "Russia"), the entry
keeps both: the reference English stays the preferred term, for the list is curated for the
diplomatic register and one corpus's usage is a style, not a correction; the aligned English
follows it; neither is approved, and the entry's note says why (`conflict_note`), in TBX, CSV
and PO alike.
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


# --- the reference list against human translations (issue 19) ---

CONFLICT_CONFIDENCE = 0.7  # aligned evidence weaker than this never contradicts the list
CONFLICT_TOGETHER = 3  # nor evidence from fewer occurrences


def _content(text: str) -> frozenset[str]:
    """A text's content words, inflection off (Ministries of Foreign Affairs → ministr, foreign, affair)."""
    from tm.align.dictionary import english_key  # glossary may import tm; kept local: only conflicts need it

    words = re.findall(r"[A-Za-z0-9]+", text.replace(".", ""))
    return frozenset(english_key(w) for w in words if w.lower() not in {"the", "of", "and", "a", "an", "for", "on", "in"})


def agrees_with_reference(aligned: str, reference: Sequence[str]) -> bool:
    """Whether the English of human translations says what the reference list says: one of the
    list's forms or variants, or the same content words as one, or a part of one (ЕС → EU or
    European Union; МИД → Foreign Ministry beside Ministry of Foreign Affairs)."""
    found = _content(aligned)
    if not found:
        return True
    return any(found <= _content(r) or _content(r) <= found for r in reference if _content(r))


def conflict_note(reference: Sequence[str], aligned: str, together: int) -> str:
    """The note that flags a disagreement, in words, for every export."""
    return (
        f"conflict: the reference list says {' / '.join(reference)}; "
        f"the human translations say {aligned} ({together} occurrences); check before approving"
    )
