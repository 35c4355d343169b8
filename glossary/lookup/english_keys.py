"""English term keys: one key for inflected forms and US/UK spellings of an English term.

"strategic partnerships" and "strategic partnership", "Shanghai Cooperation Organisation"
and "…Organization" get one key: each word lower-cased, given its American spelling
(breame's British–American list) and lemmatised (simplemma's English dictionary).
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
_LATIN = re.compile("[A-Za-z]")


def is_english(text: str) -> bool:
    return bool(_LATIN.search(text)) and not re.search("[А-ЯЁа-яё]", text)


@functools.lru_cache(maxsize=100_000)
def english_word_key(word: str) -> str:
    import simplemma
    from breame.spelling import get_american_spelling

    lower = word.lower()
    american = get_american_spelling(lower) or lower
    return str(simplemma.lemmatize(american, lang="en")).lower()


def english_key(phrase: str) -> str:
    """The lookup key of an English term or query; keys carry an `en:` prefix so that they
    never meet a Russian lemma key."""
    return "en:" + " ".join(english_word_key(w) for w in _WORD.findall(phrase))
