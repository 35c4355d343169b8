"""The category of a term: organisation, treaty or programme, official post, concept, or
state or place.

Decided from the NER type of its occurrences (a candidate the tagger mostly saw inside a place's
span, США or РК, is a place), pymorphy3's Geox tag (Россия, Сибирь), and the head noun of a
phrase (министерство, служба, банк → organisation; договор, программа, кодекс → treaty or
programme; министр, посол, губернатор → official post). Places are kept apart from the
ranked terms (glossary/extraction/ranking.py): a translator wants official state names, but as
their own list, not ranked among the concepts.

Head nouns also tell what is no term: a phrase headed by a media noun («Российская газета») is
a medium, one headed by a company noun («Восточная нефтехимическая компания») a company
(`media_head`, `company_head`; counted in glossary/extraction/tally.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from glossary.entries import CONCEPT, ORGANISATION, PLACE, POST, TREATY, Category

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

# The head nouns of an institution's name (ORGANISATION): public, since candidates.py (complemented
# names) and merging.py (bare institutions, institution phrases) ask the same question.
ORGANISATION_HEADS = set(
    "министерство служба ведомство агентство комитет комиссия совет палата парламент банк фонд "
    "организация союз суд прокуратура администрация инспекция партия компания корпорация "
    "федерация ассоциация управление департамент дума собрание правительство альянс блок "
    "академия институт биржа казначейство секретариат миссия посольство консульство "
    "представительство холдинг".split()
)
_TREATY_HEADS = set(
    "договор соглашение конвенция протокол меморандум пакт программа проект стратегия закон "
    "законопроект кодекс резолюция указ хартия декларация план доктрина концепция устав "
    "постановление инициатива".split()
)
POST_HEADS = set(
    "министр президент посол прокурор губернатор председатель руководитель заместитель глава "
    "секретарь депутат вице-президент премьер-министр премьер спикер советник судья мэр канцлер "
    "сенатор генсек омбудсмен атташе консул уполномоченный".split()
)


# Heads of a medium's name («Российская газета», «Первый канал» aside: «Парламентская газета»,
# «информационное агентство»): newspapers and agencies are not terms (bench/data/README.md).
# «агентство» heads institutions too («Федеральное агентство …»): only a news adjective makes
# it a medium.
MEDIA_HEADS = set(
    "газета журнал телеканал радиостанция информагентство издание портал телекомпания таблоид "
    "еженедельник телевидение радио интернет-издание".split()
)
_NEWS_AGENCY_ADJECTIVES = {"информационный", "новостной", "телеграфный"}
# Heads of a company's name («Восточная нефтехимическая компания»): such a phrase is a
# company (keeping.company), never a term by its adjectives' domain margin.
COMPANY_HEADS = {"компания", "корпорация", "холдинг", "концерн", "авиакомпания", "госкомпания"}


def institution_noun(lemma: str) -> bool:
    """Whether a noun's lemma names an institution (ORGANISATION_HEADS): the head of a
    complemented name (candidates), a bare institution or an institution's phrase (merging).
    Folded first, so that a lemma from pymorphy and one from a lemma key compare alike."""
    from glossary.extraction.morphology import fold

    return fold(lemma) in ORGANISATION_HEADS


def head_noun(words: Sequence[str]) -> tuple[int, Parse] | None:
    """The position and best parse of a phrase's head noun: its first word read first as a
    noun («редактор газеты» → редактор, «Российская газета» → газета); None when none is.
    The one head-noun lookup: phrase_head takes its lemma, keeping.person_description its
    animacy."""
    from glossary.extraction.morphology import parses

    for i, word in enumerate(words):
        parse = parses(word)[0]
        if parse.tag.POS == "NOUN":
            return i, parse
    return None


def phrase_head(canonical: str, lemmas: tuple[str, ...]) -> str:
    """The lemma of a phrase's head noun (head_noun), from its lemmas; "" when none is."""
    found = head_noun(canonical.split()[: len(lemmas)])
    return lemmas[found[0]] if found is not None else ""


def media_head(canonical: str, lemmas: tuple[str, ...]) -> bool:
    """Whether a phrase is headed by a media noun (MEDIA_HEADS), or is a news agency. A
    phrase's own head says it in every sighting; a name has none, and entities.news_source
    tells it by its context instead (a separate test on purpose, counted alike by tally)."""
    head = phrase_head(canonical, lemmas)
    return head in MEDIA_HEADS or (head == "агентство" and bool(_NEWS_AGENCY_ADJECTIVES & set(lemmas)))


def company_head(canonical: str, lemmas: tuple[str, ...]) -> bool:
    """Whether a phrase is headed by a company noun (COMPANY_HEADS): a company's name
    («Восточная нефтехимическая компания») or a kind of company («нефтяная компания»). The
    state's own legal form («государственная корпорация») is not one. A name has no head
    noun: entities.company_context tells it by its appositive noun instead (a separate test
    on purpose, counted alike by tally)."""
    if len(lemmas) == 2 and lemmas[0] == "государственный":
        return False
    # A compound's last part is its head: «интернет-компания», «IT-компания».
    return phrase_head(canonical, lemmas).rsplit("-", 1)[-1] in COMPANY_HEADS


def names_a_kind(head: str) -> bool:
    """Whether a head noun's lemma names an institution, an instrument or a post (the heads
    above): «администрация президента», «договор поставки», «руководитель администрации»."""
    return institution_noun(head) or head in _TREATY_HEADS or head in POST_HEADS


# A candidate seen inside a place's NER span in at least this share of its occurrences is a place.
PLACE_SHARE = 0.5


def head_lemma(lemmas: tuple[str, ...], noun_first: bool) -> str:
    """The head noun's lemma: the first word of a noun-first phrase («программа развития»),
    else the last («налоговая служба»)."""
    if not lemmas:
        return ""
    return lemmas[0] if noun_first or len(lemmas) == 1 else lemmas[-1]


# Unions of states the dictionary tags as places (Geox): organisations, not states.
_UNION_ACRONYMS = frozenset({"снг"})


def union_of_states(canonical: str) -> bool:
    """Whether a name is a union of states: «Евросоюз», СНГ, «Европейский союз»,
    «Содружество Независимых Государств»."""
    low = canonical.lower()
    return low.endswith("союз") or low in _UNION_ACRONYMS or low.startswith("содружество ")


def categorise(
    kind: str, canonical: str, lemmas: tuple[str, ...], noun_first: bool, place_share: float, named: bool = True
) -> Category:
    """The category of a candidate (see the module's docstring). `named`: whether the NER held
    any of its sightings in a name's span; an acronym it never did abbreviates a common noun
    phrase (ВВП, НДФЛ, ЖКХ, ГЭС, УК), not an institution's name, and is a concept."""
    from glossary.extraction.morphology import parses

    # The tagger takes a union of states for a place, as the dictionary does (Geox, below).
    if place_share >= PLACE_SHARE and not union_of_states(canonical):
        return PLACE
    if " " not in canonical and canonical[:1].isupper():
        tags = [p.tag for p in parses(canonical)[:2] if p.is_known]
        # «Евросоюз» and СНГ are tagged Geox, like the unions of states the NER takes for places.
        if any("Geox" in t for t in tags) and not union_of_states(canonical):
            return PLACE
        if any("Orgn" in t for t in tags):
            return ORGANISATION
    head = head_lemma(lemmas, noun_first)
    if head in POST_HEADS:
        return POST
    if head in _TREATY_HEADS:
        return TREATY
    if kind == "acronym" and not named:
        return CONCEPT
    if kind in ("acronym", "name") or institution_noun(head):
        return ORGANISATION
    return CONCEPT
