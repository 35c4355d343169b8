"""Free combinations of ordinary words: general vocabulary that is no term (issue 19).

The largest class of non-terms left in the top 50s of the issue 19 sets is `general`
(bench/data/README.md): a verbal noun of general language used alone («нарушение»,
«выполнение»), or a phrase of ordinary words seen once («движущая сила», «человеческая
природа», «всеобщая забастовка»). Two small rules, composed in `drops_word` (keeping.drop_reason) and
`evidence_prior` (the phrase prior of ranking.rank_candidates):

- `general_verbal_noun`: a noun of action (-ние, -тие) of a verb of general language names the
  action, not a concept of the domain, and is dropped;
- `lone_general_phrase`: a phrase seen in one sentence whose words are none of them near the
  domain, and whose head names no institution, instrument or post, needs more evidence: its score
  is scaled by LONE_PRIOR (it stays in the list, so a term of a small corpus is not lost).

Tried and left out (measured on dev, test, raw-dev, raw-test, raw-test2 and seeds, README's
table): a gradable adjective (pymorphy3's `Qual`, a comparative or a short form in use, by
wordfreq) with a general head: western, secret and real (западные санкции, тайное голосование,
реальный сектор) grade as well as favourable and weak do (выгодная сделка, слабый рост), so it
took out as many terms as free combinations.
"""

from __future__ import annotations

import functools
from typing import Protocol

from glossary.extraction.candidates import PHRASE, WORD

# The suffixes of a noun of action and the infinitive endings its verb may have:
# нарушение ← нарушить, наказание ← наказать, влияние ← влиять, развитие ← развить.
_VERBAL_SUFFIXES = (("ение", ("ить", "еть", "ять")), ("ание", ("ать",)), ("яние", ("ять",)), ("тие", ("ть",)))

# A verb this common in general Russian (wordfreq Zipf of all its forms, frequency.lexeme_zipf)
# is one of every topic (нарушить 4.6, выполнить 5.1, ограничить 4.8, собрать 5.2, принять
# 5.7): its noun of action names the action whatever the domain. Domain procedures have rarer
# verbs (финансировать 4.0, урегулировать 3.6, лицензировать 3.2). In the top 50s of raw-test
# it takes out нарушение and выполнение, both judged `general`, and no term (голосовать 4.46
# stays under the bound; соглашение names an instrument and is exempt).
GENERAL_VERB_ZIPF = 4.5

# A phrase seen in one sentence with no word whose domain margin (relevance.word_domain)
# reaches this is a free combination more often than a term: of such phrases judged in the
# top 100s of the five seen issue 19 sets, 10 are no terms (движущая сила, всеобщая забастовка,
# человеческая природа, транспортное сопровождение, Ближний Восток, сероводородный источник)
# and 2 are (хулиганские побуждения, муниципальная закупка).
# Chosen on a sweep of 0.10–0.18 (README's table): above 0.10 it also takes out трудовая
# дискриминация and выездное заседание; seeds' gold recall is unchanged by a prior.
LONE_MARGIN = 0.10
# ... and such a phrase keeps this share of its score: it needs a second sighting to rank as a
# term of the same frequency does (0.5: one sighting counts as half of one).
LONE_PRIOR = 0.5


class _Candidate(Protocol):
    """What the rules read of a ranking.Candidate (no import: ranking imports this module)."""

    kind: str
    canonical: str
    key: str
    lemmas: tuple[str, ...]
    sentences: list[int]
    in_reference: bool


@functools.lru_cache(maxsize=20_000)
def action_verb(noun: str) -> str | None:
    """The verb a noun of action (-ние, -тие) is made from, when the dictionary knows it as an
    infinitive (нарушение → нарушить); None for any other noun."""
    from glossary.extraction.morphology import parses

    for suffix, endings in _VERBAL_SUFFIXES:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            stem = noun[: -len(suffix)]
            for ending in endings:
                verb = stem + ending
                if any(p.tag.POS == "INFN" and p.normal_form == verb and p.is_known for p in parses(verb)):
                    return verb
    return None


def general_verbal_noun(lemma: str) -> bool:
    """Whether a single word is a noun of action of a verb of general language
    (GENERAL_VERB_ZIPF): «нарушение», «выполнение» name an action, not a concept; a noun that
    names an institution, an instrument or a post (соглашение) is exempt."""
    from glossary.extraction.categories import names_a_kind
    from glossary.extraction.frequency import lexeme_zipf

    if names_a_kind(lemma):
        return False
    verb = action_verb(lemma)
    return verb is not None and lexeme_zipf(verb) >= GENERAL_VERB_ZIPF


def _head(c: _Candidate) -> str:
    """The lemma of a phrase's head noun (categories.phrase_head), from its lemmas, or from
    its words' lemmas when it has none."""
    from glossary.extraction.categories import phrase_head
    from glossary.extraction.morphology import fold, lemma

    return phrase_head(c.canonical, c.lemmas or tuple(fold(lemma(w)) for w in c.canonical.split()))


def lone_general_phrase(c: _Candidate) -> bool:
    """Whether a phrase is seen in one sentence only, has no word near the domain (LONE_MARGIN)
    and a head that names no institution, instrument or post: «движущая сила», «человеческая
    природа». A term recurs («налоговая декларация»), or has a word of the domain («рамочное
    соглашение», «неочищенная нефть»)."""
    from glossary.extraction.categories import names_a_kind
    from glossary.extraction.relevance import word_domain

    if c.kind != PHRASE or c.in_reference or len(set(c.sentences)) > 1:
        return False
    if names_a_kind(_head(c)):
        return False
    margins = [m for w in c.canonical.lower().replace("ё", "е").split() if (m := word_domain(w)) is not None]
    return bool(margins) and max(margins) < LONE_MARGIN


def drops_word(c: _Candidate) -> bool:
    """Whether a single word is general vocabulary to drop (general_verbal_noun)."""
    if c.kind != WORD or c.in_reference:
        return False
    return general_verbal_noun(c.lemmas[0] if c.lemmas else c.key)


def evidence_prior(c: _Candidate) -> float:
    """The share of its score a phrase keeps for the evidence it lacks: LONE_PRIOR for a lone
    free combination (lone_general_phrase), else 1."""
    return LONE_PRIOR if lone_general_phrase(c) else 1.0
