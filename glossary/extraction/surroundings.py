"""What surrounds a candidate's sightings in their sentences: what follows one
(`right_continuation`: a preposition opening a longer name's complement, a genitive noun, a
state) and the noun that governs one from the left (`left_governor`). tally.Tally counts them,
and a candidate most often followed, or governed, by the same one is a fragment of a longer name
(tally.Tally.fragment, ranking's cut rules). `sightings` is the one scan of a sentence for a
candidate that these and entities.py's source and company tests share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.extraction.morphology import fold, parses, place_adjective


def sightings(sentence: str, surface: str) -> Iterator[int]:
    """Each offset where `surface` starts in `sentence`, overlapping ones included: the one
    scan of a candidate's context that right_continuation, left_governor and the source and
    company tests of entities.py share (each then checks its own word boundaries)."""
    start = sentence.find(surface)
    while start >= 0:
        yield start
        start = sentence.find(surface, start + 1)


# The prepositions that open the complement of a longer name: «совет по правам человека»,
# «уполномоченный при президенте», «фонд для …». «о» and «на» are left out: their complements
# vary with the topic («соглашение о …», «налог на …») and the phrase is a term of its own.
_NAME_PREPOSITIONS = ("по", "при", "для")
_CONTINUATION = re.compile(rf"^\s+({'|'.join(_NAME_PREPOSITIONS)})\s+([А-ЯЁа-яёA-Za-z-]+)", re.IGNORECASE)


def right_continuation(sentence: str, surface: str) -> str | None:
    """The preposition and the lemma of the next word right after `surface` in `sentence`
    («по право» after «президентский совет» in «… совет по правам человека»), or the lemma of
    a genitive noun that follows (`genitive_continuation`: «gen администрация» after
    «заместитель руководителя» in «… руководителя администрации президента»), STATE where a
    state follows («субъектов» in «… субъектов Российской Федерации»), None where none of these
    follows. A candidate most often followed by the same one is a fragment
    of a longer name (tally.Tally.fragment)."""
    for start in sightings(sentence, surface):
        after = start + len(surface)
        # A whole word only: «совет» inside «советник» is no sighting.
        if after >= len(sentence) or not sentence[after].isalnum():
            found = continuation_at(sentence, after)
            if found is not None:
                return found
    return None


def continuation_at(sentence: str, end: int) -> str | None:
    """What `right_continuation` reads after one sighting ending at offset `end`: the
    preposition and the next lemma, a genitive noun (`genitive_continuation`), STATE, or None."""
    ahead = sentence[end : end + 60]
    match = _CONTINUATION.match(ahead)
    best = parses(match.group(2))[0] if match else None
    # A name's complement opens with a noun or an adjective, not a pronoun («звезда для
    # нашей страны» is no name).
    if match and best is not None and best.tag.POS in ("NOUN", "ADJF") and "Apro" not in best.tag:
        return f"{match.group(1).lower()} {fold(best.normal_form)}"
    genitive = genitive_continuation(ahead)
    if genitive is not None:
        return genitive
    return STATE if _of_a_state(ahead) else None


# The prefixes of a genitive complement in Tally.continuations: «gen администрация», and
# «gen-of-state президент» where a state completes it in turn («… президента России»); STATE
# where a state follows the candidate itself («субъектов [Российской Федерации]»): a noun that
# nearly always has one is not complete without it (Tally.before_state).
GENITIVE, GENITIVE_OF_STATE, STATE = "gen", "gen-of-state", "state"
_NEXT_WORD = re.compile(r"^\s+([А-ЯЁа-яё-]+)")
_WORDS_AHEAD = re.compile(r"[А-ЯЁа-яё-]+")
# A genitive that dates or counts («итоги 2016 года», «заседание 20 января») is no part of a name.
TIME_NOUNS = frozenset(
    "год месяц день неделя век квартал полугодие январь февраль март апрель май июнь июль август "
    "сентябрь октябрь ноябрь декабрь".split()
)
# A genitive that names a state, a place or a person completes any institution («администрация
# президента России», «администрация Обамы»): no fixed longer name.
_NOT_NAME_COMPLEMENT = {"Geox", "Name", "Surn", "Patr", "Abbr"}


def genitive_continuation(ahead: str) -> str | None:
    """«gen <lemma>» where the text right after a candidate opens with a genitive noun
    («администрации» in « администрации президента»), None where it does not, or where that
    noun is a state, a place, an acronym, a person's name or a date (see the guards above).
    «gen-of-state <lemma>» where the noun is itself completed by a state («визит президента
    Казахстана», «… президента Российской Федерации»): the office of one state, which tells
    that a complement follows but names no fixed longer name."""
    match = _NEXT_WORD.match(ahead)
    if match is None:
        return None
    best = parses(match.group(1))[0]
    if best.tag.POS != "NOUN" or best.tag.case != "gent" or _NOT_NAME_COMPLEMENT & set(best.tag.grammemes):
        return None
    lemma = fold(best.normal_form)
    if lemma in TIME_NOUNS:
        return None
    return f"{GENITIVE_OF_STATE if _of_a_state(ahead[match.end() :]) else GENITIVE} {lemma}"


def _of_a_state(ahead: str) -> bool:
    """Whether the words ahead name a state or a place: a Geox noun, possibly after a place
    adjective («России», «Российской Федерации», «РФ»)."""
    for text in _WORDS_AHEAD.findall(ahead[:40])[:2]:
        best = parses(text)[0]
        if best.tag.POS == "NOUN":
            return "Geox" in best.tag
        if best.tag.POS != "ADJF":
            return False
        if place_adjective(best.normal_form):
            return True
    return False


_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё-]+)\s+$")


def word_before(sentence: str, start: int) -> str | None:
    """The word right before offset `start`, with nothing but spaces between, or None."""
    match = _WORD_BEFORE.search(sentence[max(0, start - 40) : start]) if start > 0 else None
    return match.group(1) if match else None


# A minister's genitive complement names the portfolio, as a ministry's does («министр
# иностранных дел», «министерство иностранных дел»): a field seen mostly after it is the
# rest of the post's name, however the post is written.
_PORTFOLIO_POSTS = frozenset({"министр", "вице-министр", "замминистра"})
PORTFOLIO = "министр"  # what left_governor says of a portfolio's every governor
# ... and «дела» in the plural, affairs, are a portfolio after any body that holds one
# («Министерство иностранных дел», «… внутренних дел»); a ministry's other fields are as often
# terms of their own («сельское хозяйство», «природные ресурсы»).
AFFAIRS = "дело"
_PORTFOLIO_BODIES = frozenset({"министерство", "ведомство", "департамент", "комитет", "управление"})
_OPENING = ("NOUN", "ADJF", "PRTF")  # a genitive phrase opens with its noun or an agreeing adjective


def left_governor(sentence: str, surface: str, field: bool = False, affairs: bool = False) -> str | None:
    """The lemma of the noun right before `surface` where `surface` opens in the genitive, its
    complement («управление» before «протокола президента» in «… управления протокола
    президента»), None where none governs it. A phrase most often governed by the same noun is
    the middle or the end of a longer name (tally.Tally.fragment). A person who heads it («глава
    администрации президента», «руководитель …») does not count: the phrase is then a whole
    institution, not the rest of a body's name. A `field` (a phrase that names no institution)
    after a minister does (_PORTFOLIO_POSTS): «иностранные дела» is the portfolio of «министр
    иностранных дел», no term of its own; so do `affairs` (a phrase of «дела» in the plural)
    after a ministry (_PORTFOLIO_BODIES)."""
    for start in sightings(sentence, surface):
        if start == 0 or not sentence[start - 1].isalnum():
            first = _NEXT_WORD.match(" " + sentence[start:])
            before = word_before(sentence, start)
            opening = parses(first.group(1))[0] if first else None
            if opening is None or before is None or opening.tag.case != "gent" or opening.tag.POS not in _OPENING:
                continue
            best = parses(before)[0]
            if best.tag.POS != "NOUN" or _NOT_NAME_COMPLEMENT & set(best.tag.grammemes):
                continue
            governor = fold(best.normal_form)
            if field and (governor in _PORTFOLIO_POSTS or (affairs and governor in _PORTFOLIO_BODIES)):
                return PORTFOLIO  # one governor, however the post or the body is written
            # Any other governor only of a phrase that opens with its noun: an adjective's phrase
            # after a noun is as often a term of its own («отношения всеобъемлющего
            # стратегического партнёрства», «ставка транспортного налога»).
            if opening.tag.POS == "NOUN" and best.tag.animacy == "inan":
                return fold(best.normal_form)
    return None
