"""Domain relevance: how close a term is to diplomacy, politics, economy, trade, energy,
security and law, in the navec word embeddings of Russian news that natasha ships.

navec knows word forms, not lemmas, so a term is represented by the mean vector of the words
of the forms it was seen in. Its relevance is the mean of its three highest cosines to the
vectors of a few dozen core words of those fields (`CORE_WORDS`, below), leaving out the
term's own words: close to one core word is enough, so «товарооборот» (trade), «санкции» (security) and «референдум» (politics)
all score high, while football clubs, mushrooms and chocolate bars score low. This list seeds
the signal; it contains no multi-word term and is not a list of answers. A term with no word
navec knows gets the neutral score `UNKNOWN` here; the ranking gives it the relevance of its
contexts instead (`context_relevance`), so that no form passes by being unknown.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
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
UNKNOWN = 0.3  # neither in nor out: a term of words navec does not know (at most, by its contexts: context_relevance)
# Relevance of a typical domain term: a term this close to the domain keeps its score
# (ranking.rank_candidates), a closer one gains, a farther one loses.
TYPICAL_RELEVANCE = 0.35


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
    return known, np.array([unit(embedding[w]) for w in known])


def unit(vector: Any) -> Any:
    """The vector scaled to length 1 (a zero vector as it is)."""
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def knows(forms: Iterable[str]) -> bool:
    """Whether navec knows a word of the forms (else `relevance` has nothing to go on)."""
    embedding = news_embedding()
    return any(w in embedding for form in forms for w in form.lower().replace("ё", "е").split())


def relevance(forms: Iterable[str], top: int = 3) -> float:
    """Mean of the `top` highest cosines between the term's mean word vector and the core words."""
    import numpy as np

    embedding = news_embedding()
    words = {w for form in forms for w in form.lower().replace("ё", "е").split()}
    vectors = [unit(embedding[w]) for w in words if w in embedding]
    if not vectors:
        return UNKNOWN
    core_words, core = _core()
    # Leave the term's own words out: «товарооборот» is a core word, and its cosine of 1 with
    # itself would make the core list an answer list.
    own = {fold(lemma(w)) for w in words}
    others = np.array([w not in own for w in core_words])
    similarities = np.sort(core[others] @ unit(np.mean(vectors, axis=0)))[::-1]
    return float(similarities[:top].mean())


# Document-level domain. A football report's words count for little in a diplomatic and
# economic glossary, whatever their form: each sentence is weighted by how close its passage
# (itself and the DOCUMENT_WINDOW sentences either side, of the same document) is to the domain,
# and every occurrence counts with its sentence's weight (glossary/extraction/tally.py). A passage
# rather than the whole document: a memory without documents is one unnamed document, and an
# archive's file may hold many articles.
DOCUMENT_WINDOW = 8
# Words this common in general Russian (wordfreq Zipf) carry no topic: «который», «год».
_TOPICLESS_ZIPF = 5.3


# Words of the topics an archive of news mixes with the domain: sport, culture and
# entertainment, consumer goods and brands, everyday life and nature. A word is on the domain's
# side by how much closer it is to the core words than to these.
OTHER_TOPICS = (
    "футбол матч чемпионат турнир клуб тренер игрок гол хоккей олимпиада спортсмен сборная "  # sport
    "фильм кино актер музыка концерт песня певец театр выставка сериал "  # culture
    "смартфон автомобиль бренд шоколад напиток ресторан магазин одежда игра приложение "  # consumer
    "животное растение погода здоровье болезнь врач ребенок семья любовь отпуск"  # everyday life
).split()


@functools.lru_cache(maxsize=1)
def _other_topics() -> Any:
    import numpy as np

    embedding = news_embedding()
    return np.array([unit(embedding[w]) for w in OTHER_TOPICS if w in embedding])


@functools.lru_cache(maxsize=200_000)
def word_domain(word: str) -> float | None:
    """How much closer a word form is to the domain's core words than to the other topics'
    (mean of the three highest cosines each); None for a word navec lacks or one too common
    to tell a topic («который», «год»)."""
    import numpy as np

    from glossary.extraction.frequency import general_zipf

    embedding = news_embedding()
    if len(word) < 3 or word not in embedding or general_zipf(word) >= _TOPICLESS_ZIPF:
        return None
    vector = unit(embedding[word])
    domain = np.sort(_core()[1] @ vector)[-3:].mean()
    other = np.sort(_other_topics() @ vector)[-3:].mean()
    return float(domain - other)


def sentence_domains(sentences: Sequence[str]) -> list[tuple[float, int]]:
    """Per sentence, the sum of its topical words' `word_domain` and how many there are."""
    return sentence_topics(sentences)[0]


def sentence_topics(sentences: Sequence[str]) -> tuple[list[tuple[float, int]], Any]:
    """`sentence_domains`, and per sentence the sum of its topical words' unit vectors (a row of
    an array): what `passage_relevance` compares a sentence's topic with its neighbours' by."""
    import numpy as np

    from glossary.extraction.morphology import words

    out = []
    topics = np.zeros((len(sentences), _core()[1].shape[1]), dtype=np.float32)
    for i, sentence in enumerate(sentences):
        total, count = 0.0, 0
        for w in words(sentence):
            word = w.text.lower().replace("ё", "е")
            margin = word_domain(word)
            if margin is not None:
                total, count = total + margin, count + 1
                topics[i] += word_vector(word)
        out.append((total, count))
    return out, topics


@functools.lru_cache(maxsize=200_000)
def word_vector(word: str) -> Any | None:
    """A word form's unit vector in navec (lower case, ё as е), None where navec lacks it;
    cached, as sentence_topics, the platform test and the learned termhood all read the same
    words again and again (the array is shared: do not change it in place)."""
    word = word.lower().replace("ё", "е")
    embedding = news_embedding()
    return unit(embedding[word]) if word in embedding else None


def passage_relevance(
    sentences: Sequence[str],
    documents: Sequence[int] | None = None,
    per_sentence: Sequence[tuple[float, int]] | None = None,
    topics: Any | None = None,
) -> list[float]:
    """Per sentence, the mean `word_domain` of its passage's topical words: the sentence and
    DOCUMENT_WINDOW sentences either side that belong to the same document (all of them one
    document when `documents` is None), on the side whose topic is the sentence's own
    (`_passage_side`). `per_sentence`, `topics`: `sentence_topics(sentences)`, when the caller
    already has it."""
    if per_sentence is None or topics is None:
        per_sentence, topics = sentence_topics(sentences)
    import numpy as np

    # Running sums of the topic rows: a half window's topic is a difference of two rows.
    cumulative = np.vstack([np.zeros((1, topics.shape[1]), dtype=topics.dtype), np.cumsum(topics, axis=0)])
    n = len(sentences)
    scores = []
    for i in range(n):
        lo, hi = max(0, i - DOCUMENT_WINDOW), min(n, i + DOCUMENT_WINDOW + 1)
        if documents is not None:
            while lo < i and documents[lo] != documents[i]:
                lo += 1
            while hi > i + 1 and documents[hi - 1] != documents[i]:
                hi -= 1
        scores.append(_passage_side(per_sentence, cumulative, lo, i, hi))
    return scores


def _mean(per_sentence: Sequence[tuple[float, int]], lo: int, hi: int) -> float | None:
    """The mean margin of the topical words of sentences lo..hi-1; None where none has any."""
    count = sum(per_sentence[j][1] for j in range(lo, hi))
    return sum(per_sentence[j][0] for j in range(lo, hi)) / count if count else None


def _cosine(a: Any, b: Any) -> float:
    """The cosine of two topic vectors; -1 where either is zero (no topical word: no side is
    the sentence's own by it)."""
    import numpy as np

    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else -1.0


def _passage_side(per_sentence: Sequence[tuple[float, int]], cumulative: Any, lo: int, i: int, hi: int) -> float:
    """The mean margin of sentence i's passage: of the half before it or the half after it
    (each with the sentence), whichever is nearer the sentence's topic (the cosine of their
    words' summed vectors). An archive's file or a memory with no documents runs one story into
    the next: the last lines of a football report on a club's finances («соблюдать финансовый
    фэйр-плей») are followed by a bill in parliament, and a window across both weighed them as
    the bill; the sentence belongs to the story it shares its topic with, whatever its few money
    words, and a headline to the story it opens. A sentence with no topical word of its own
    takes the whole window. `cumulative`: the running sums of `sentence_topics`' rows, from a
    zero row."""
    whole = _mean(per_sentence, lo, hi)
    if whole is None:
        return UNKNOWN_PASSAGE
    own = cumulative[i + 1] - cumulative[i]
    if not per_sentence[i][1] or (i == lo and i + 1 == hi):
        return whole
    before = _cosine(own, cumulative[i] - cumulative[lo]) if i > lo else -1.0
    after = _cosine(own, cumulative[hi] - cumulative[i + 1]) if i + 1 < hi else -1.0
    side = _mean(per_sentence, lo, i + 1) if before >= after else _mean(per_sentence, i, hi)
    return side if side is not None else whole


UNKNOWN_PASSAGE = 0.0  # a passage with no topical word navec knows: neither in nor out


# Passage relevance (mean word_domain) at or below OFF_DOMAIN weighs MIN_WEIGHT, at or above
# IN_DOMAIN 1, linearly between: on the unfiltered WMT dev set (newstest2017, first 600 lines)
# sport and everyday passages score about −0.08 to −0.03, economic and political ones 0.06 to 0.13.
OFF_DOMAIN, IN_DOMAIN, MIN_WEIGHT = -0.04, 0.06, 0.05


def own_margins(surface: str) -> tuple[float, int]:
    """The sum of the `word_domain` of a surface's own topical words, and how many there are:
    taken out of its sentence's (`sentence_domains`) to leave the context alone."""
    margins = [m for w in surface.lower().replace("ё", "е").split() if (m := word_domain(w)) is not None]
    return sum(margins), len(margins)


# Relevance from the contexts. A name navec does not know (ГАЗСТРОЙБАНК, Optio-Travel, a
# club's or a brand's new name) has no vector of its own: it used to get a neutral relevance,
# which let any unknown name through by its form. Its relevance is now that of its contexts:
# the mean `word_domain` of the other topical words of the sentences it occurs in, scaled so
# that a context as close to the domain as a typical term's (TYPICAL_CONTEXT: the median over
# the judged terms of the dev and raw-dev top 200, 0.11) gives the typical relevance.
TYPICAL_CONTEXT = 0.11


def context_relevance(context: float, typical_relevance: float) -> float:
    """The relevance an unknown candidate gets from its contexts' mean margin `context`: at
    most the old neutral UNKNOWN, since contexts vouch for a name less than its own vector would
    (a place or a person the NER missed, Chappaqua, has the contexts of the news about it)."""
    return min(UNKNOWN, max(0.0, typical_relevance * context / TYPICAL_CONTEXT))


def passage_weight(score: float) -> float:
    """The weight an occurrence counts with, from its passage's relevance."""
    share = (score - OFF_DOMAIN) / (IN_DOMAIN - OFF_DOMAIN)
    return min(1.0, max(MIN_WEIGHT, share))
