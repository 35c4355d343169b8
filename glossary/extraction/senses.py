"""Senses of one candidate told apart (issue 19: "senses are split where the contexts differ
in case and NER type").

- By NER type: «Сибирь» the region (its sightings inside a place's span, LOC) and «Сибирь» the
  club (inside an organisation's, ORG: «хоккейный клуб "Сибирь"»). The type of each sighting
  is read off the NER pass the extractor already makes on every sentence (tally.count_chunk,
  `Candidate.ner`), not run again. Two typed groups split only where each has NER_SENSE_MIN
  sightings and NER_SENSE_SHARE of all: the tagger's odd label on one sighting is noise.
  Where one type is ORG, its sightings must also be introduced as a company, a club or a show
  (`_named_apart`): LOC and ORG alternate on a union that acts («в ЕАЭС», «ЕАЭС ввел»), one
  sense. Sightings in no span go with the larger group, and so does the plain key; the smaller group
  gets the key with its type after SENSE_MARK («сибирь#org»), so that its entry's id differs.
  Only sightings that reach the candidate table are typed: a name inside a person's or a
  place's span is dropped before counting (entities.outside_names) unless it is an acronym or
  a reference term, and a capitalised word mid-sentence is proposed only in quotes or as an
  organisation, so «в Сибири» is never a sighting of «Сибирь» the club today.
- By case and number: «Конгресс» (the US Congress, a name) apart from «конгресс», «конгрессы»
  (an event, a common noun), read from the texts (`_split_by_case`).

Each sense has its own sightings, counts, canonical form and `Candidate.sense`, a note in words
that tells it from the other (written to the entry's note, in every export).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossary.extraction.ranking import Candidate

SENSE_MIN = 2  # occurrences each cased form needs, mid-sentence, to be a sense of its own
SENSE_PLURAL_SHARE = 1 / 3  # the share of the lower-case occurrences that must read plural only
# Sightings, and share of all, that each NER type needs to be a sense of its own.
NER_SENSE_MIN = 2
NER_SENSE_SHARE = 0.2
SENSE_MARK = "#"  # between the key and the NER type of a sense split off by type («сибирь#org»)
_NER_WORDS = {"ORG": "an organisation's name", "LOC": "a place's name", "PER": "a person's name"}


def plain_key(key: str) -> str:
    """The lemma key without the sense mark (its words, for aligning its English)."""
    return key.split(SENSE_MARK, 1)[0]


def split_senses(ranked: list[Candidate], texts: Mapping[int, str]) -> list[Candidate]:
    """The candidates with those the texts use in two senses split (see the module's
    docstring), each sense where the candidate was, the more frequent first. A sense that is
    a place's name is moved to the end, where rank_candidates lists places."""
    out: list[Candidate] = []
    places: list[Candidate] = []
    for c in ranked:
        for typed in _split_by_type(c, texts):
            for sense in _split_by_case(typed, texts) if typed is c else [typed]:
                (places if sense is not c and _newly_a_place(c, sense) else out).append(sense)
    return out + places


def _newly_a_place(whole: Candidate, sense: Candidate) -> bool:
    """Whether a split made a place of a sense whose whole was not one («Сибирь» the region
    of a club's name): it moves to the places, after every term."""
    from glossary.entries import PLACE

    return sense.category == PLACE and whole.category != PLACE


def _split_by_type(c: Candidate, texts: Mapping[int, str]) -> list[Candidate]:
    """The candidate as two senses where its sightings fall into two NER types of
    NER_SENSE_MIN and NER_SENSE_SHARE each (LOC and ORG: «в Сибири», «клуб "Сибирь"»)."""
    if not c.ner or not c.ner_sentences or c.synonyms or SENSE_MARK in c.key:
        return [c]
    typed = sorted(((n, t) for t, n in c.ner.items() if n >= max(NER_SENSE_MIN, NER_SENSE_SHARE * c.frequency)), reverse=True)
    if len(typed) < 2:
        return [c]
    (_, major), (minor_count, minor) = typed[:2]
    minor_sentences = sorted(i for i in c.sentences if c.ner_sentences.get(i) == minor)
    if len(minor_sentences) < NER_SENSE_MIN:
        return [c]  # the sentences kept are what its entry quotes: each sense needs its own
    major_sentences = sorted(set(c.sentences) - set(minor_sentences))
    if "ORG" in (major, minor) and not _named_apart(c, major_sentences if major == "ORG" else minor_sentences, texts):
        return [c]
    share = minor_count / c.frequency
    other = replace(
        c,
        key=c.key + SENSE_MARK + minor.lower(),
        frequency=minor_count,
        variants=_variants(c, minor_sentences, texts),
        sentences=minor_sentences,
        score=c.score * share,
        ner={minor: minor_count},
        ner_sentences={i: minor for i in minor_sentences},
        synonyms=[],
    )
    main = replace(
        c,
        frequency=c.frequency - minor_count,
        variants=_variants(c, major_sentences, texts),
        sentences=major_sentences,
        score=c.score * (1 - share),
        ner={t: n for t, n in c.ner.items() if t != minor},
        ner_sentences={i: t for i, t in c.ner_sentences.items() if t != minor},
        synonyms=[],
    )
    for sense in (main, other):
        sense.canonical = _cased(c.canonical, sense.variants)
        _retype(c, sense, minor, minor_count)
    main.sense = _type_note(main, major, other)
    other.sense = _type_note(other, minor, main)
    return [main, other] if main.frequency >= other.frequency else [other, main]


def _named_apart(c: Candidate, org_sentences: list[int], texts: Mapping[int, str]) -> bool:
    """Whether the organisation's sightings name another thing than the place's or the
    person's: introduced as a company, a club, a brand or a show (entities.company_context:
    «клуб "Сибирь"», «команда "Сибирь"») in NER_SENSE_MIN sentences at least. The tagger's
    LOC and ORG alternate on one concept too, a union or a state that acts («в ЕАЭС», «ЕАЭС
    ввел пошлины»): a metonym, one sense, which nothing in its context introduces so."""
    from glossary.extraction.entities import company_context

    introduced = 0
    for i in org_sentences:
        text = texts.get(i, "")
        introduced += any(company_context(text, v) for v in c.variants if v in text)
        if introduced >= NER_SENSE_MIN:
            return True
    return False


def _variants(c: Candidate, sentences: list[int], texts: Mapping[int, str]) -> list[str]:
    """The candidate's surfaces that these sentences hold, most frequent first."""
    return [v for v in c.variants if any(v in texts.get(i, "") for i in sentences)] or c.variants[:1]


def _cased(canonical: str, variants: list[str]) -> str:
    """The canonical form with the first letter of the sense's own spellings: a sense seen
    only in lower case is written so, one seen only capitalised with a capital."""
    cases = {v[:1].isupper() for v in variants if v[:1].isalpha()}
    if cases == {True}:
        return canonical[:1].upper() + canonical[1:]
    if cases == {False}:
        return canonical[:1].lower() + canonical[1:]
    return canonical


def _retype(whole: Candidate, sense: Candidate, minor: str, minor_count: int) -> None:
    """A sense's share of sightings in a place's span, and its category from it (the whole's
    place share counted the LOC sightings of acronyms and names: tally.count_chunk)."""
    from glossary.extraction.categories import categorise

    places = whole.place_share * whole.frequency
    if sense.key.endswith(SENSE_MARK + minor.lower()):
        own = minor_count if minor == "LOC" else 0.0
    else:
        own = max(0.0, places - (minor_count if minor == "LOC" else 0.0))
    sense.place_share = min(1.0, own / sense.frequency) if sense.frequency else 0.0
    sense.category = categorise(sense.kind, sense.canonical, sense.lemmas, sense.noun_first, sense.place_share, bool(sense.ner))


def _type_note(sense: Candidate, kind: str, other: Candidate) -> str:
    """The note that tells a sense split off by NER type from the other one."""
    return (
        f"sense: {_NER_WORDS.get(kind, kind)} ({sense.frequency} sightings); "
        f"«{other.canonical}» as {_NER_WORDS.get(_main_type(other), 'the other sense')} is another entry"
    )


def _main_type(c: Candidate) -> str:
    """The NER type most of its typed sightings have ("" if none is typed)."""
    ner = c.ner or {}
    return max(ner, key=lambda t: ner[t]) if ner else ""


def _split_by_case(c: Candidate, texts: Mapping[int, str]) -> list[Candidate]:
    """Single words the texts use in two senses, split by case: «Конгресс» (the US Congress,
    a name: capitalised mid-sentence, never plural) apart from «конгресс», «конгрессы» (an
    event, a common noun). The capitalised sense becomes a candidate of its own (key with a
    capital, so that its entry's id differs), placed after the common one or before it, by
    frequency. Split only where both cased forms are seen at least SENSE_MIN times inside
    sentences and the lower-case form is plural in SENSE_PLURAL_SHARE of its uses at least,
    where the capitalised one never is: «Правительство РФ» is an honorific spelling of
    «правительство», which the texts do not use in the plural as often, so it stays one."""
    from glossary.extraction.candidates import NAME, WORD
    from glossary.extraction.morphology import words

    cased = {v[:1].isupper() for v in c.variants}
    if c.kind not in (WORD, NAME) or c.words != 1 or c.synonyms or not c.key[:1].isalpha() or cased != {True, False}:
        return [c]  # the texts are read only for a single word seen in both cases
    forms = {v.lower() for v in c.variants}
    upper: list[tuple[int, str]] = []
    lower: list[tuple[int, str]] = []
    for i in c.sentences:
        for w in words(texts.get(i, "")):
            if w.text.lower() in forms and not w.initial:
                (upper if w.text[:1].isupper() else lower).append((i, w.text))
    plural_upper = sum(_plural_only(t) for _, t in upper)
    plural_lower = sum(_plural_only(t) for _, t in lower)
    if (
        len(upper) < SENSE_MIN
        or len(lower) < SENSE_MIN
        or plural_upper
        or plural_lower < max(SENSE_MIN, SENSE_PLURAL_SHARE * len(lower))
    ):
        return [c]
    return _split(c, upper, lower)


def _plural_only(surface: str) -> bool:
    """Whether every noun reading of a word form is plural («конгрессы», not «правительства»,
    which is also the genitive singular)."""
    from glossary.extraction.morphology import parses

    nouns = [p for p in parses(surface.lower()) if p.tag.POS == "NOUN"]
    return bool(nouns) and all(p.tag.number == "plur" for p in nouns)


def _split(c: Candidate, upper: list[tuple[int, str]], lower: list[tuple[int, str]]) -> list[Candidate]:
    """The candidate as two senses: its capitalised occurrences a name, the rest the noun."""
    from glossary.extraction.candidates import NAME, WORD

    share = len(upper) / (len(upper) + len(lower))
    upper_sentences = sorted({i for i, _ in upper})
    lower_sentences = sorted(set(c.sentences) - set(upper_sentences) | {i for i, _ in lower})
    upper_variants = list(dict.fromkeys(t for _, t in upper))
    name = replace(
        c,
        key=c.key[:1].upper() + c.key[1:],
        kind=NAME,
        canonical=c.canonical[:1].upper() + c.canonical[1:],
        frequency=max(1, round(c.frequency * share)),
        variants=upper_variants,
        sentences=upper_sentences,
        score=c.score * share,
        synonyms=[],
    )
    noun = replace(
        c,
        kind=WORD,
        canonical=c.canonical[:1].lower() + c.canonical[1:],
        frequency=max(1, c.frequency - name.frequency),
        variants=[v for v in c.variants if v not in upper_variants] or [c.canonical.lower()],
        sentences=lower_sentences,
        score=c.score * (1 - share),
        synonyms=[],
    )
    for sense in (name, noun):
        # The NER types of its own sentences only (Candidate.ner).
        own = {i: t for i, t in (c.ner_sentences or {}).items() if i in set(sense.sentences)}
        sense.ner_sentences, sense.ner = own or None, dict(Counter(own.values())) or None
    name.sense = (
        f"sense: the name, capitalised mid-sentence ({len(upper)} sightings); "
        f"«{noun.canonical}», the common noun, is another entry"
    )
    noun.sense = f"sense: the common noun ({len(lower)} sightings); «{name.canonical}», the name, is another entry"
    return [name, noun] if name.frequency > noun.frequency else [noun, name]
