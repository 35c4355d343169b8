"""Domain relevance: how close a term is to diplomacy, politics, economy, trade, energy,
security and law, in the navec word embeddings of Russian news that natasha ships.

navec knows word forms, not lemmas, so a term is represented by the mean vector of the words
of the forms it was seen in. Its relevance is the mean of its three highest cosines to the
vectors of a few dozen core words of those fields (`CORE_WORDS`, below), leaving out the
term's own words: close to one core word is enough, so «товарооборот» (trade), «санкции» (security) and «референдум» (politics)
all score high, while football clubs, mushrooms and chocolate bars score low. This list seeds
the signal; it contains no multi-word term and is not a list of answers. A term with no word
navec knows gets the neutral score `UNKNOWN`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from glossary.extraction.morphology import fold, lemma

CORE_WORDS = (
    "дипломатия посольство переговоры министр соглашение договор визит делегация "  # diplomacy
    "политика правительство парламент президент выборы оппозиция партия "  # politics
    "экономика инвестиция бюджет инфляция кредит налог банк валюта "  # economy
    "торговля экспорт импорт пошлина тариф товарооборот рынок "  # trade
    "энергетика нефть газ электроэнергия трубопровод "  # energy
    "безопасность оборона армия санкция терроризм "  # security
    "закон право суд конституция законодательство "  # law
    "интеграция сотрудничество суверенитет граница"  # relations between states
).split()
UNKNOWN = 0.3  # neither in nor out: a term of words navec does not know


@functools.lru_cache(maxsize=1)
def news_embedding() -> Any:
    """navec's news embeddings, loaded once: the NER tagger (glossary/extraction/entities.py) uses the same
    object, which saves about 90 MB."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@functools.lru_cache(maxsize=1)
def _core() -> tuple[tuple[str, ...], Any]:
    """The core words navec knows, and their unit vectors."""
    import numpy as np

    embedding = news_embedding()
    known = tuple(w for w in CORE_WORDS if w in embedding)
    return known, np.array([_unit(embedding[w]) for w in known])


def _unit(vector: Any) -> Any:
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def relevance(forms: Iterable[str], top: int = 3) -> float:
    """Mean of the `top` highest cosines between the term's mean word vector and the core words."""
    import numpy as np

    embedding = news_embedding()
    words = {w for form in forms for w in form.lower().replace("ё", "е").split()}
    vectors = [_unit(embedding[w]) for w in words if w in embedding]
    if not vectors:
        return UNKNOWN
    core_words, core = _core()
    # Leave the term's own words out: «товарооборот» is a core word, and its cosine of 1 with
    # itself would make the core list an answer list.
    own = {fold(lemma(w)) for w in words}
    others = np.array([w not in own for w in core_words])
    similarities = np.sort(core[others] @ _unit(np.mean(vectors, axis=0)))[::-1]
    return float(similarities[:top].mean())
