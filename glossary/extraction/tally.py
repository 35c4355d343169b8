"""Counting candidate occurrences chunk by chunk, in a table of bounded size.

A large memory holds millions of distinct noun phrases, most of them seen once. Occurrences
are never kept: each chunk of sentences is reduced to one `Tally` per lemma key (how often,
in which surfaces and canonical forms, in which sentences), chunks are merged, and when the
table grows past `max_keys` the rarest keys are dropped (lossy counting, Manku & Motwani
2002). A dropped key that recurs starts counting again, so on very large inputs the count of
a rare candidate is a lower bound; the frequent candidates that make a glossary are exact.

`count_chunk` is the unit of work given to each CPU core (glossary/extraction/workers.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, RULES, WORD, Occurrence, find_candidates, reference_terms
from glossary.extraction.frequency import lemma_counts
from glossary.extraction.options import MAX_KEYS
from glossary.extraction.surroundings import AFFAIRS, GENITIVE, GENITIVE_OF_STATE, STATE, left_governor, right_continuation

if TYPE_CHECKING:  # entities loads the NER models: imported where names are on
    from glossary.extraction.entities import Entity

# Sentence indices remembered per key: enough for contexts, English evidence and pairing
# acronyms with nearby expansions, without growing with the corpus.
SENTENCES_KEPT = 100


@dataclass(slots=True)
class Tally:
    """What is known of one candidate key after the sentences counted so far."""

    kind: str
    lemmas: tuple[str, ...]
    frequency: int = 0
    head: int = 0  # the lemmas of its head phrase, measured apart (candidates.Occurrence.head)
    surfaces: Counter[str] = field(default_factory=Counter)
    singular: Counter[str] = field(default_factory=Counter)  # canonical singular forms seen
    plural: Counter[str] = field(default_factory=Counter)  # canonical plural forms seen
    plural_only: bool = True  # every occurrence was plural
    with_yo: int = 0  # occurrences written with ё
    sentences: list[int] = field(default_factory=list)  # up to SENTENCES_KEPT of them
    weight: float = 0.0  # occurrences counted by their passage's domain weight (relevance.passage_weight)
    places: int = 0  # occurrences inside a place's NER span (США in «в США»): categories.PLACE_SHARE
    sources: int = 0  # occurrences named as the source of the news («передает Интерфакс»): entities.news_source
    companies: int = 0  # occurrences introduced as a company («ООО "ИВ-консалтинг"»): entities.company_context
    # occurrences that, with their acronym in brackets after them, are an organisation's whole
    # NER span («Сирийские демократические силы (СДС)»: count_chunk): ranking._named_by_ner
    named: int = 0
    # The other topical words of its sentences: the sum of their relevance.word_domain, and how
    # many (relevance.context_relevance: the relevance of a name navec does not know).
    context: float = 0.0
    context_words: int = 0
    # The preposition + next lemma right after its occurrences («по право» after «президентский
    # совет»: surroundings.right_continuation), counted: a fragment of a longer name (`fragment`);
    # also a state right after it (STATE: `before_state`).
    continuations: Counter[str] = field(default_factory=Counter)
    # The noun that governs it in the genitive, right before it («управление» before «протокола
    # президента»: surroundings.left_governor), counted: the middle or end of a longer name.
    governors: Counter[str] = field(default_factory=Counter)
    # The NER type of the span each sighting falls in (ORG, LOC, PER; a sighting in none is not
    # counted), and by kept sentence: senses told apart by it (senses.split_senses). None
    # until a sighting inside a span is seen, so that most tallies allocate nothing.
    ner: Counter[str] | None = None
    ner_sentences: dict[int, str] | None = None

    def add(
        self,
        o: Occurrence,
        weight: float = 1.0,
        place: bool = False,
        source: bool = False,
        company: bool = False,
        context: tuple[float, int] = (0.0, 0),
        continuation: str | None = None,
        governor: str | None = None,
        ner: str | None = None,
        named: bool = False,
    ) -> None:
        self.kind = _stronger(self.kind, o.kind)
        self.head = max(self.head, o.head)
        self.frequency += 1
        self.weight += weight
        self.places += place
        self.sources += source
        self.companies += company
        self.named += named
        self.context += context[0]
        self.context_words += context[1]
        if continuation is not None:
            self.continuations[continuation] += 1
        if governor is not None:
            self.governors[governor] += 1
        self.surfaces[o.surface] += 1
        # A sentence-initial spelling is listed but not counted (candidates.Occurrence.initial):
        # its capital says nothing, so it decides only where no other spelling is seen.
        self.singular[o.singular] += 0 if o.initial else 1
        self.plural[o.plural] += 0 if o.initial else 1
        self.plural_only = self.plural_only and o.is_plural
        self.with_yo += "ё" in o.surface.lower()
        if len(self.sentences) < SENTENCES_KEPT and o.sentence not in self.sentences:
            self.sentences.append(o.sentence)
        if ner is not None:
            if self.ner is None:
                self.ner, self.ner_sentences = Counter(), {}
            self.ner[ner] += 1
            if o.sentence in self.sentences:
                assert self.ner_sentences is not None
                self.ner_sentences.setdefault(o.sentence, ner)

    def merge(self, other: Tally) -> None:
        self.kind = _stronger(self.kind, other.kind)
        self.head = max(self.head, other.head)
        self.frequency += other.frequency
        self.weight += other.weight
        self.places += other.places
        self.sources += other.sources
        self.companies += other.companies
        self.named += other.named
        self.context += other.context
        self.context_words += other.context_words
        self.continuations.update(other.continuations)
        self.governors.update(other.governors)
        self.surfaces.update(other.surfaces)
        self.singular.update(other.singular)
        self.plural.update(other.plural)
        self.plural_only = self.plural_only and other.plural_only
        self.with_yo += other.with_yo
        self.sentences = sorted(set(self.sentences) | set(other.sentences))[:SENTENCES_KEPT]
        if other.ner is not None:
            self.ner = (self.ner or Counter()) + other.ner
            self.ner_sentences = {**(other.ner_sentences or {}), **(self.ner_sentences or {})}
        if self.ner_sentences:
            kept = set(self.sentences)
            self.ner_sentences = {i: t for i, t in self.ner_sentences.items() if i in kept}

    def shift(self, start: int) -> None:
        """Number its sentences from `start` (a chunk's sentences are counted from 0)."""
        self.sentences = [i + start for i in self.sentences]
        if self.ner_sentences:
            self.ner_sentences = {i + start: t for i, t in self.ner_sentences.items()}

    def fragment(self) -> bool:
        """Whether it is mostly seen cut out of a longer name, by one of three counts of its
        sightings: governed by the same noun before it («протокол президента» of «управление
        протокола президента»); followed by the same preposition + next word or the same
        genitive noun («президентский совет» of «президентский совет по правам человека»),
        each at FRAGMENT_SHARE of its occurrences; or followed by some genitive noun at
        GENITIVE_SHARE («заместитель руководителя» [администрации, аппарата, протокола]: a post
        cut before the body it heads). Each count must reach FRAGMENT_MIN too. A term followed
        by varied complements, or often by none, stays («комиссия по торговле», «… по
        бюджету»; «руководитель администрации»)."""
        if not (self.continuations or self.governors) or self.kind in (ACRONYM, NAME):
            return False
        if self._mostly(max(self.governors.values(), default=0), FRAGMENT_SHARE):
            return True
        # A complement completed by a state names no fixed name («визит президента Казахстана»).
        # A state right after it is no complement of a name either (see before_state).
        same = max((n for after, n in self.continuations.items() if not after.startswith((GENITIVE_OF_STATE, STATE))), default=0)
        if self._mostly(same, FRAGMENT_SHARE):
            return True
        # Any genitive, one completed by a state included («gen-of-state …» starts with «gen»).
        # Not of a single word: one whose complements vary is the term they vary around
        # («импорт зерна», «импорта мяса», «импорт продовольствия»).
        if self.kind == WORD:
            return False
        genitives = sum(n for after, n in self.continuations.items() if after.startswith(GENITIVE))
        return self._mostly(genitives, GENITIVE_SHARE)

    def before_state(self, least: int | None = None) -> bool:
        """Whether a state follows it in nearly every sighting (GENITIVE_SHARE), and in at least
        `least` of them (FRAGMENT_MIN when None): «субъектов Российской Федерации», «субъекта РФ».
        Of a word, that it needs its state to be whole (ranking.needing_a_state), which only
        the corpus's count can say; of a long name, that its complement is followed by its
        owner (ranking.Candidate.before_state), which its one sighting may say."""
        return self._mostly(self.continuations[STATE], GENITIVE_SHARE, FRAGMENT_MIN if least is None else least)

    def _mostly(self, count: int, share: float, least: int = 0) -> bool:
        """Whether `count` of its occurrences is at least `least` (FRAGMENT_MIN when 0) and `share` of them."""
        return count >= (least or FRAGMENT_MIN) and count >= share * self.frequency


# What is left of an organisation's NER span after a phrase that spells out its acronym: the
# acronym in brackets, all («Сирийские демократические силы (СДС)»).
_BRACKETED_ACRONYM = re.compile(r"\s*\([А-ЯЁA-Z]{2,6}\)")

# Tally.fragment: chosen on dev, raw-dev and the seeds (bench/term_precision.py).
FRAGMENT_SHARE, FRAGMENT_MIN = 0.6, 2
GENITIVE_SHARE = 0.9


def _stronger(a: str, b: str) -> str:
    """An acronym or a name reading wins over a plain word or phrase reading of one key."""
    for kind in (ACRONYM, NAME):
        if kind in (a, b):
            return kind
    return a


@dataclass
class CandidateTable:
    """Tallies by key, and lemma counts for domain specificity, of the sentences counted."""

    tallies: dict[str, Tally] = field(default_factory=dict)
    lemmas: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    pruned: int = 0  # keys dropped as rare so far

    def add(
        self,
        occurrences: Iterable[Occurrence],
        weights: Sequence[float] | None = None,
        places: Collection[tuple[int, str]] = (),
        sources: Collection[tuple[int, str]] = (),
        companies: Collection[tuple[int, str]] = (),
        contexts: Sequence[tuple[float, int]] | None = None,
        continuations: Mapping[tuple[int, str], str] | None = None,
        governors: Mapping[tuple[int, str], str] | None = None,
        ner: Mapping[tuple[int, str], str] | None = None,
        named: Collection[tuple[int, str]] = (),
    ) -> None:
        """Count the occurrences, each with the domain weight of its sentence (`weights`, by the
        sentence index the occurrence carries; 1 for all when None); (sentence, surface) pairs
        in `places` were seen inside a place's NER span, those in `sources` named as the source
        of the news, those in `companies` introduced as a company. `contexts`: each sentence's
        relevance.sentence_domains, of which an occurrence's context is what its own words
        leave; `continuations` and `governors`, by (sentence, surface), the complement that
        follows and the noun that governs it (surroundings.right_continuation, left_governor);
        `ner`, by (sentence, surface), the NER type of the span it falls in, and `named`, those
        whose organisation span is the sighting and its bracketed acronym (count_chunk)."""
        seen: set[tuple[str, int, str]] = set()
        # Two rules may find the same span (noun_phrases and reference_terms, or quoted_names):
        # count it once, and as a name or acronym where one rule says so («Ведомости» in quotes,
        # which noun_phrases, seeing a capital only where a quote opens, writes «ведомости»).
        for o in sorted(occurrences, key=lambda o: o.kind not in (ACRONYM, NAME)):
            if (o.key, o.sentence, o.surface) in seen:
                continue
            seen.add((o.key, o.sentence, o.surface))
            tally = self.tallies.get(o.key)
            if tally is None:
                tally = self.tallies[o.key] = Tally(o.kind, o.lemmas)
            where = (o.sentence, o.surface)
            context = (0.0, 0)
            if contexts is not None:
                from glossary.extraction.relevance import own_margins

                (total, count), (own, own_count) = contexts[o.sentence], own_margins(o.surface)
                context = (total - own, count - own_count)
            tally.add(
                o,
                weights[o.sentence] if weights is not None else 1.0,
                where in places,
                where in sources,
                where in companies,
                context,
                continuations.get(where) if continuations else None,
                governors.get(where) if governors else None,
                ner.get(where) if ner else None,
                where in named,
            )

    def merge(self, other: CandidateTable, max_keys: int = MAX_KEYS, keep: Collection[str] = ()) -> None:
        for key, tally in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = tally
            else:
                mine.merge(tally)
        self.lemmas.update(other.lemmas)
        self.sentences += other.sentences
        self.pruned += other.pruned
        if len(self.tallies) > max_keys:
            self.prune(max_keys // 2, keep)

    def prune(self, target: int, keep: Collection[str] = ()) -> None:
        """Drop the rarest keys (never those in `keep`) until at most about `target` remain."""
        by_frequency = Counter(t.frequency for t in self.tallies.values())
        remaining, floor = len(self.tallies), 0
        for frequency in sorted(by_frequency):
            if remaining <= target:
                break
            remaining -= by_frequency[frequency]
            floor = frequency
        rare = [k for k, t in self.tallies.items() if t.frequency <= floor and k not in keep]
        for key in rare:
            del self.tallies[key]
        self.pruned += len(rare)


@dataclass(frozen=True)
class Chunk:
    """Sentences to count, numbered from `start`, and what to count them with."""

    start: int
    sentences: list[str]
    use_reference: bool = True
    use_names: bool = True
    use_domain: bool = True  # weight occurrences by their passage's domain relevance
    # The document of each sentence of before + sentences + after (None: one document).
    documents: tuple[int, ...] | None = None
    before: tuple[str, ...] = ()  # sentences just before and after, read for the passage weights only
    after: tuple[str, ...] = ()


class _Sightings(NamedTuple):
    """What the context of each (sentence, surface) sighting says, for CandidateTable.add."""

    sources: set[tuple[int, str]]
    companies: set[tuple[int, str]]
    continuations: dict[tuple[int, str], str]
    governors: dict[tuple[int, str], str]


def _sightings(sentences: Sequence[str], occurrences: Sequence[Occurrence], documents: Sequence[int] | None = None) -> _Sightings:
    """The sightings named as a source or a company, and the complement after or the noun
    before each (Tally.fragment), read from each occurrence's sentence. `documents`: the
    document of each sentence (None: one document)."""
    from glossary.extraction.categories import company_head, institution_noun, media_head
    from glossary.extraction.entities import news_source, registered

    # Candidates named as the source of the news: newspapers and agencies (entities.py); names
    # and acronyms introduced as a company: «ООО "ИВ-консалтинг"», «банк "ГАЗСТРОЙБАНК"».
    sources: set[tuple[int, str]] = set()
    companies: set[tuple[int, str]] = set()
    # Phrases and words cut before a name's complement («президентский совет [по правам …]»).
    continuations: dict[tuple[int, str], str] = {}
    governors: dict[tuple[int, str], str] = {}  # ... and governed by a noun («[управление] протокола президента»)
    # Each context test reads every sighting of the surface in its sentence, so each is asked
    # once per (sentence, surface), not once per occurrence: a sentence that repeats a name n
    # times would cost n² otherwise (a 5,000-word sentence took minutes).
    asked: set[tuple[str, int, str]] = set()
    # A name registered by its legal form once («ПАО "Полюс"») is that company in each sighting
    # of its document («в "Полюсе" заявили»): (document, key).
    registrations: set[tuple[int, str]] = set()

    def document(sentence: int) -> int:
        return documents[sentence] if documents is not None else 0

    def first(test: str, where: tuple[int, str]) -> bool:
        """Whether `test` is not yet asked of this sighting (and mark it asked)."""
        if (test, *where) in asked:
            return False
        asked.add((test, *where))
        return True

    for o in occurrences:
        where = (o.sentence, o.surface)
        if o.kind not in (ACRONYM, NAME) and first("continuation", where):
            after = right_continuation(sentences[o.sentence], o.surface)
            if after is not None:
                continuations[where] = after
        if o.kind == PHRASE and first("governor", where):
            field = not any(map(institution_noun, o.lemmas))
            affairs = o.is_plural and bool(o.lemmas) and o.lemmas[-1] == AFFAIRS
            governor = left_governor(sentences[o.sentence], o.surface, field=field, affairs=affairs)
            if governor is not None:
                governors[where] = governor
        # A phrase names a medium too («цитирует Анатолийское агентство»); a single common noun
        # does not («цитирует обращение»).
        named = o.kind in (ACRONYM, NAME) or " " in o.surface
        if named and first("source", where) and news_source(sentences[o.sentence], o.surface):
            sources.add(where)
        if _may_be_a_company(o) and first("company", where) and _company_sighting(sentences[o.sentence], o):
            companies.add(where)
            if registered(sentences[o.sentence], o.surface):
                registrations.add((document(o.sentence), o.key))
        # A phrase headed by a media noun is a medium in every sighting («Российская газета»),
        # one headed by a company noun a company («Восточная нефтехимическая компания»).
        if o.kind == PHRASE and media_head(o.singular, o.lemmas):
            sources.add((o.sentence, o.surface))
        if o.kind == PHRASE and company_head(o.singular, o.lemmas):
            companies.add((o.sentence, o.surface))
    companies.update((o.sentence, o.surface) for o in occurrences if (document(o.sentence), o.key) in registrations)
    return _Sightings(sources, companies, continuations, governors)


def _may_be_a_company(o: Occurrence) -> bool:
    """Whether a sighting may name a company by what introduces it: a name, an acronym, or a
    phrase with every word capitalised, as a company's own name is written and a Russian
    organisation's is not («Инновационные Консалтинговые Услуги», not «Федеральная резервная
    система»). A phrase of common words is a term even after a company noun («компании
    "Российские железные дороги"»): keeping.drop_reason drops a company phrase whatever its
    margin."""
    if o.kind in (ACRONYM, NAME):
        return True
    words = o.surface.split()
    return o.kind == PHRASE and len(words) > 1 and all(w[:1].isupper() for w in words)


def _company_sighting(sentence: str, o: Occurrence) -> bool:
    """Whether a name's or an acronym's sighting is a company's: introduced as one
    (entities.company_context), or, for a name navec does not know, in a company's story
    (entities.company_story: its contexts vouch for the business, not for the name). A known
    name has its own vector to be judged by (keeping.own_margin), and an acronym is as often an
    institution that deals with companies (ФАС) as a company."""
    from glossary.extraction.entities import company_context, company_story
    from glossary.extraction.relevance import knows

    if company_context(sentence, o.surface):
        return True
    return o.kind == NAME and company_story(sentence, o.surface) and not knows([o.surface])


def _a_place_whole(o: Occurrence, spans: Sequence[Entity]) -> bool:
    """Whether a phrase's sighting is the whole of a place's NER span, not a piece of one."""
    return any(e.kind == "LOC" and e.text == o.surface for e in spans)


def count_chunk(chunk: Chunk) -> CandidateTable:
    """The candidate table of one chunk: candidates (minus persons' and places' names, plus
    one-word organisations, when NER is on) and lemma counts."""
    rules = RULES if chunk.use_reference else tuple(r for r in RULES if r is not reference_terms)
    occurrences = [o for i, s in enumerate(chunk.sentences) for o in find_candidates(s, i, rules)]
    places: set[tuple[int, str]] = set()
    ner: dict[tuple[int, str], str] = {}
    named: set[tuple[int, str]] = set()
    if chunk.use_names:
        from glossary.extraction.entities import entities_of, names_opening_sentences, organisations, outside_names, span_of
        from glossary.extraction.reference import reference_index

        found = entities_of(chunk.sentences)
        occurrences = names_opening_sentences(occurrences, found, chunk.sentences, rules)
        # A phrase that is a place's whole span («Центральной Азии») is a place's sighting: kept,
        # typed a place, so that the one sighting the tagger missed (a quoted «Центральная
        # Азия») does not make it a concept, nor the place a term.
        located = [o for o in occurrences if o.kind == PHRASE and _a_place_whole(o, found[o.sentence])]
        occurrences = outside_names(occurrences, found, reference_index() if chunk.use_reference else ())
        kept = set(map(id, occurrences))
        occurrences += [o for o in located if id(o) not in kept]
        occurrences += organisations(found, chunk.sentences)
        # Acronyms and names stay inside a place's span (США, РК): they are typed as places.
        places = {
            (o.sentence, o.surface)
            for o in occurrences
            if o.kind in (ACRONYM, NAME) and span_of(o.surface, found[o.sentence], ("LOC",)) is not None
        } | {(o.sentence, o.surface) for o in located}
        # The type of the span each sighting falls in, read off the NER already run: senses
        # (senses.split_senses: «Сибирь» a region and a club).
        for o in occurrences:
            span = span_of(o.surface, found[o.sentence])
            if span is not None:
                ner.setdefault((o.sentence, o.surface), span.kind)
                if span.kind == "ORG" and o.kind == PHRASE and _BRACKETED_ACRONYM.fullmatch(span.text.removeprefix(o.surface)):
                    named.add((o.sentence, o.surface))
    # The chunk's documents are numbered over before + sentences + after.
    documents = chunk.documents[len(chunk.before) : len(chunk.before) + len(chunk.sentences)] if chunk.documents else None
    sightings = _sightings(chunk.sentences, occurrences, documents)
    table = CandidateTable(sentences=len(chunk.sentences))
    weights, contexts = None, None
    if chunk.use_domain:
        from glossary.extraction.relevance import passage_relevance, passage_weight, sentence_topics

        context = [*chunk.before, *chunk.sentences, *chunk.after]
        per_sentence, topics = sentence_topics(context)
        inside = slice(len(chunk.before), len(chunk.before) + len(chunk.sentences))
        scores = passage_relevance(context, chunk.documents, per_sentence, topics)[inside]
        weights = [passage_weight(r) for r in scores]
        contexts = per_sentence[inside]
    # Weights are looked up before the shift: they are numbered within the chunk.
    table.add(
        occurrences,
        weights,
        places,
        sightings.sources,
        sightings.companies,
        contexts,
        sightings.continuations,
        sightings.governors,
        ner,
        named,
    )
    for tally in table.tallies.values():
        tally.shift(chunk.start)
    table.lemmas.update(lemma_counts(chunk.sentences))
    return table


def warm_up(use_names: bool) -> None:
    """Load the morphology (and NER) models in this process, so that forked workers share them."""
    find_candidates("Стороны обсудили сотрудничество.", 0)
    if use_names:
        from glossary.extraction.entities import entities

        entities("Москва")
