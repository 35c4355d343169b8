"""From Russian sentences to ranked term candidates.

Occurrences (glossary/extraction/candidates.py) are grouped by lemma key, so inflected forms and ё/е or
case spellings of one term become one candidate, and ranked by

    score = termhood × (1 + max(specificity, 0)) × prior × (2 if in the reference list, else relevance)

- termhood is the C-value (Frantzi et al.): log2(words + 1) × (frequency − mean frequency of
  the longer candidates that contain it), floored at a quarter of the frequency so that a term
  that in a small corpus always occurs inside a longer phrase is ranked low, not erased;
- specificity is the mean log-ratio of each word's relative frequency in these texts to that
  in general Russian news (glossary/extraction/frequency.py);
- prior is 0.3 for a phrase that opens with its head noun where that head names an
  institution, an instrument or a post (администрация президента), which is a term a third as
  often as an adjective + noun phrase, 0.15 where it names none (ставка федерального налога),
  × 0.25 for a phrase with an evaluative adjective (положительная динамика, немалый вклад), × 0.5 for
  a free combination seen once (движущая сила: glossary/extraction/combinations.py), WORD_PRIOR × the
  domain margin for a single word, and 1 otherwise;
- relevance is closeness to the domain in word embeddings (glossary/extraction/relevance.py), relative
  to a typical term's.

What is kept, and why the rest is not: glossary/extraction/keeping.py (drop_reason).

The stages of `rank_candidates`, in order:

1. count (`count_candidates`: tally.count_chunk per chunk, over the workers or Ray; each
   sighting weighted by its passage's domain, typed by its NER span), count a plural
   complement of two readings with the corpus's singular (complements.py), and make one
   candidate per lemma key (`_candidate`);
2. termhood (C-value, `_termhood`), specificity, relevance (of its contexts for a name navec
   does not know), the single-word prior, and the score;
3. keep what passes the thresholds (keeping.drop_reason), then drop the fragments among them
   (merging.drop_fragments);
4. categorise the kept (categories.categorise) and apply the phrase priors (evaluative,
   person, a lone free combination: combinations.evidence_prior);
5. sort; cap the ranked terms at --max-terms, single words by domain evidence on a budget
   of their own, what is always kept kept, states and places after every term;
6. merge synonyms and short forms (merging.merge_synonyms), and select the places
   (`select_places`, --places).

glossary/build.py goes on with merging.merge_explicit, senses.split_senses and the pairing
of acronyms with their expansions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from glossary.entries import CONCEPT, PLACE
from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, WORD
from glossary.extraction.categories import categorise
from glossary.extraction.combinations import evidence_prior
from glossary.extraction.complements import resolve_ambiguous_complements
from glossary.extraction.frequency import Frequencies, reference_frequencies, specificity
from glossary.extraction.keeping import always_kept as _always_kept
from glossary.extraction.keeping import (
    company,
    drop_reason,
    evaluative,
    passes_on_its_verdict,
    person_description,
    spelled_out_off_topic,
    word_margin,
)
from glossary.extraction.keeping import domain_word as _domain_word
from glossary.extraction.learned_termhood import shipped, termhood_prior
from glossary.extraction.merging import drop_fragments, merge_synonyms
from glossary.extraction.morphology import parses
from glossary.extraction.options import PLACES, PLACES_NONE, PLACES_ONLY, ExtractionOptions
from glossary.extraction.reference import reference_index
from glossary.extraction.relevance import DOCUMENT_WINDOW, TYPICAL_RELEVANCE, context_relevance, knows, relevance
from glossary.extraction.surroundings import GENITIVE
from glossary.extraction.tally import FRAGMENT_MIN, GENITIVE_SHARE, CandidateTable, Chunk, Tally, count_chunk, warm_up
from glossary.extraction.workers import map_chunks

# Termhood kept by a phrase of three or more words seen once (seeds P@50 0.56 → 0.64, news
# development 0.70 and held-out 0.66 unchanged).
HAPAX_PHRASE_FACTOR = 0.5


# A phrase headed by its first noun, with a genitive complement («механизм интеграции»,
# «добыча урана»), is a term about half as often as an adjective + noun phrase: in the judged
# top lists of the seeds and the news development set, 35% against 58% for two words; in the
# judged top 200 of the issue 19 development sets (dev, raw-dev) 20% against 60% («падение
# экономики», «введение санкций», «протокол президента»), so a third.
NOUN_FIRST_PRIOR = 0.3
# ... and that third is almost all phrases whose head names an institution, an instrument or a
# post (categories.names_a_kind: администрация президента, договор поставки, руководитель
# администрации: 5 terms of 13 judged in the top 300 of dev and raw-dev). With another head the
# phrase names an action on, or a measure of, its complement («ставка федерального налога»,
# «оплата транспортного налога», «падение экономики», «размер госдолга»): 0 terms of 11.
NOUN_FIRST_OTHER_PRIOR = 0.15

# The prior of a phrase with an evaluative adjective (keeping.evaluative: «положительная
# динамика», «негативный фактор»): in the judged top 200 of dev and raw-dev, 10 such phrases,
# none a term.
EVALUATIVE_PRIOR = 0.25

# A phrase whose head noun names a person and no official post describes someone
# («демократический кандидат», «белорусский бизнесмен», «местные жители»): a post is a term
# (генеральный прокурор, categories.py's post heads), a description is not. In the judged
# lists of the issue 19 sets: 9 such phrases, none a term.
PERSON_PRIOR = 0.25


@dataclass
class Candidate:
    key: str
    kind: str
    canonical: str
    frequency: int
    variants: list[str] = field(default_factory=list)  # surfaces seen, most frequent first
    sentences: list[int] = field(default_factory=list)  # indices of the sentences it occurs in
    lemmas: tuple[str, ...] = ()
    head: int = 0  # how many of its lemmas make its head phrase, measured apart (candidates.Occurrence.head)
    termhood: float = 0.0
    specificity: float = 0.0
    relevance: float = 0.0
    score: float = 0.0
    in_reference: bool = False
    domain: float = 1.0  # mean domain weight of its occurrences' passages (relevance.passage_weight)
    place_share: float = 0.0  # share of its occurrences inside a place's NER span
    source_share: float = 0.0  # share of its occurrences named as the source of the news (entities.news_source)
    company_share: float = 0.0  # share of its occurrences introduced as a company (entities.company_context)
    context: float | None = None  # mean relevance.word_domain of the other topical words of its sentences
    # mostly cut before a longer name's complement (tally.Tally.fragment), or before the state
    # its last noun needs (needing_a_state)
    fragment: bool = False
    # a state follows it in nearly every sighting (tally.Tally.before_state): a name with its
    # owner after it («… вооружённых сил [Франции]»), which merging.fold_short_forms reads
    before_state: bool = False
    category: str = CONCEPT  # glossary/extraction/categories.py
    synonyms: list[Candidate] = field(default_factory=list)  # short forms merged into it (merging.py)
    # Its sightings by the NER type of the span they fall in (ORG, LOC, PER; those in none are
    # not counted), and the type by sentence: senses told apart (senses.split_senses).
    ner: dict[str, int] | None = None
    ner_sentences: dict[int, str] | None = None
    sense: str = ""  # a note that tells it from another sense of the same word (senses.split_senses)
    # Seen only opening a sentence, where a capital says nothing: its canonical form's case is
    # a guess (lower), which a capitalised contraction of it corrects (merging.merge_synonyms).
    case_unknown: bool = False

    @property
    def words(self) -> int:
        return len(self.key.split())

    @property
    def noun_first(self) -> bool:
        """A phrase that opens with its head noun (проект договора), not with an adjective."""
        return self.kind == PHRASE and parses(self.canonical.split()[0])[0].tag.POS == "NOUN"

    word_prior: float = 1.0  # single words: WORD_PRIOR × their domain margin share (rank_candidates)
    modifier_prior: float = 1.0  # phrases: EVALUATIVE_PRIOR, PERSON_PRIOR, combinations.LONE_PRIOR (rank_candidates)
    learned_prior: float = 1.0  # any kind: the learned termhood model's odds (learned_termhood.termhood_prior)

    @property
    def prior(self) -> float:
        if self.in_reference:
            return 1.0
        if self.kind == WORD:
            return self.word_prior
        if self.kind != PHRASE:
            return 1.0
        return self.noun_first_prior * self.modifier_prior

    @property
    def noun_first_prior(self) -> float:
        """NOUN_FIRST_PRIOR, or NOUN_FIRST_OTHER_PRIOR for a head that names no kind; 1 for an
        adjective + noun phrase."""
        from glossary.extraction.categories import names_a_kind

        if not self.noun_first:
            return 1.0
        head = self.lemmas[0] if self.lemmas else self.key.split()[0]
        return NOUN_FIRST_PRIOR if names_a_kind(head) else NOUN_FIRST_OTHER_PRIOR


def prefers_plural(singular: str, plural: str) -> bool:
    """Whether a term seen only in the plural is named in the plural (morphology.named_in_plural)."""
    from glossary.extraction.morphology import named_in_plural

    return named_in_plural(singular, plural)


def written_in_lower_case(tallies: dict[str, Tally]) -> frozenset[str]:
    """The institution nouns (categories.institution_noun: департамент, комитет, суд) that the
    corpus, by themselves, mostly writes in lower case mid-sentence (a sentence-initial spelling
    counts nothing: Tally.add): common nouns, whose capital inside a longer name is the
    writer's official style (`_common_head`)."""
    from glossary.extraction.categories import institution_noun

    lower: set[str] = set()
    for key, tally in tallies.items():
        if " " in key or not institution_noun(key):
            continue
        forms = tally.singular + tally.plural
        small = sum(n for form, n in forms.items() if form[:1].islower())
        if small > sum(forms.values()) - small:
            lower.add(key)
    return frozenset(lower)


def _common_head(form: str, lower: frozenset[str]) -> str:
    """A name's head noun after its capitalised adjectives in lower case where the corpus
    writes that noun in lower case by itself (`written_in_lower_case`): Russian capitalises the
    first word of an institution's name and the proper names in it, and «Верховный Суд»,
    «Конституционный Суд», «Государственный Департамент» are official style, which the
    dictionary writes «Верховный суд». A complement keeps its capital («Совет Безопасности»:
    the head is the first word), and so does a head the corpus always capitalises by itself
    («Государственная Дума» where the texts write «Дума»)."""
    from glossary.extraction.categories import head_noun
    from glossary.extraction.morphology import fold

    words = form.split()
    found = head_noun(words)
    if found is None or found[0] == 0 or not words[0][:1].isupper():
        return form
    i, parse = found
    if not words[i][:1].isupper() or words[i].isupper() or fold(parse.normal_form) not in lower:
        return form
    words[i] = words[i][:1].lower() + words[i][1:]
    return " ".join(words)


def _canonical(tally: Tally, lower: frozenset[str] = frozenset()) -> str:
    singular, plural = tally.singular.most_common(1)[0][0], tally.plural.most_common(1)[0][0]
    plural_named = tally.plural_only and (prefers_plural(singular, plural) or _plural_name(tally))
    forms = tally.plural if plural_named else tally.singular

    # Capitals at a sentence start are already gone (candidates._surface_case). Of the rest, the
    # usual spelling wins: a capital one writer uses mid-sentence in official style («отметил
    # Государственный визит») loses to the others' lower case; a tie goes to the capitals. A
    # name keeps its capitals («Ведомости», also seen first in quotes, where case tells nothing).
    def capitals(form: str) -> int:
        return sum(c.isupper() for c in form)

    if tally.kind in (ACRONYM, NAME):
        best = max(forms, key=lambda f: (capitals(f), forms[f]))
    else:
        best = max(forms, key=lambda f: (forms[f], capitals(f)))
    if _named_by_ner(tally):
        best = best[:1].upper() + best[1:]
    if tally.kind == PHRASE:
        best = _common_head(best, lower)
    # The dictionary writes ё; follow the texts, which mostly do not.
    if tally.with_yo * 2 <= tally.frequency:
        best = best.replace("ё", "е").replace("Ё", "Е")
    return best


def _plural_name(tally: Tally) -> bool:
    """Whether a phrase seen only in the plural is mostly written with a capital mid-sentence
    (a sentence-initial spelling counts nothing: Tally.add): a name, whose number is part of it
    («Вооружённые силы», an armed group's «… народные отряды»). Put in the singular it names
    one unit of the group, in lower case nothing at all."""
    if len(tally.lemmas) < 2:
        return False
    counted = sum(tally.plural.values())
    capital = sum(n for form, n in tally.plural.items() if form[:1].isupper())
    return (counted > 0 and capital * 2 > counted) or _named_by_ner(tally)


def _named_by_ner(tally: Tally) -> bool:
    """Whether a phrase seen only at the start of a sentence or a heading (every spelling
    uncounted: Tally.add), where its capital says nothing, is mostly spelled out before its
    acronym as an organisation's whole NER span (Tally.named): a name, which keeps its first
    capital («Сирийские демократические силы (СДС) ведут …»). A spelling seen elsewhere decides
    by itself. An organisation's span alone is not enough: the tagger also spans a kind of body
    that opens a sentence («Налоговая служба сообщила»), or a rubric («Силовые структуры: …»)."""
    counted = sum(tally.singular.values()) + sum(tally.plural.values())
    if len(tally.lemmas) < 2 or tally.kind in (ACRONYM, NAME) or counted > 0:
        return False
    return tally.named * 2 > tally.frequency


def _kind(key: str, tally: Tally) -> str:
    if tally.kind == ACRONYM or (tally.kind == NAME and not _mostly_lower_case(tally)):
        return tally.kind
    return PHRASE if len(key.split()) > 1 else WORD


def _mostly_lower_case(tally: Tally) -> bool:
    """A word the texts mostly write in lower case is a common noun, even where the tagger
    took one capitalised sighting for an organisation («Правительство одобрило»)."""
    lower = sum(n for surface, n in tally.surfaces.items() if surface[:1].islower())
    return lower * 2 > tally.frequency


def needing_a_state(tallies: dict[str, Tally]) -> frozenset[str]:
    """The single words a state follows in nearly every sighting (Tally.before_state): «субъект»
    of «субъектов Российской Федерации». Such a noun names a part of a state, not a thing of
    its own, so a phrase ending in it in the plural and cut before the state in nearly every
    sighting («прокурор субъектов» of «прокуроры субъектов Российской Федерации») is a
    fragment (`_cut_before_state`). «президент» or «дело» («министерство иностранных дел
    России») are seen without a state too, so the phrases ending in them stay.

    The piece is dropped rather than built whole with its state: whether a noun needs its
    state is known only once the corpus is counted, while candidates are found sentence by
    sentence; and everywhere else a state after a name is its owner, not part of it
    (candidates.complemented_names)."""
    return frozenset(key for key, tally in tallies.items() if " " not in key and tally.kind == WORD and tally.before_state())


def _cut_before_state(key: str, tally: Tally, needing: frozenset[str]) -> bool:
    """A phrase whose last word needs a state (`needing_a_state`), in the plural and cut
    before the state in nearly every sighting. A plural complement before a state names the
    state's parts (субъекты, штаты, регионы), each with its post: the piece names a post of
    nothing, and put in the singular it reads wrong («прокурор субъектов»). A singular one
    names the state's own field or body, and the piece is the post («министр юстиции» of
    «министр юстиции Украины»); so does a noun with no singular («министр финансов»)."""
    if " " not in key or key.rsplit(" ", 1)[-1] not in needing or not tally.before_state():
        return False
    plural = 0
    for surface, n in tally.surfaces.items():
        tag = parses(surface.rsplit(" ", 1)[-1])[0].tag
        plural += n if tag.number == "plur" and "Pltm" not in tag else 0
    return plural >= GENITIVE_SHARE * tally.frequency


def needing_a_genitive(tallies: dict[str, Tally]) -> frozenset[str]:
    """The single words a genitive noun follows in nearly every sighting (GENITIVE_SHARE, at
    least FRAGMENT_MIN): «пункт» of «пункт базирования», «пункт пропуска». Such a noun is a
    link of a genitive chain, not its end (`_cut_mid_chain`). A genitive completed by a state
    («президента России») is an owner, not a link, and does not count."""
    return frozenset(
        key
        for key, tally in tallies.items()
        if " " not in key
        and tally.kind == WORD
        and _plain_genitives(tally) >= max(FRAGMENT_MIN, GENITIVE_SHARE * tally.frequency)
    )


def _plain_genitives(tally: Tally) -> int:
    """Its sightings followed by a genitive noun not completed by a state (surroundings.GENITIVE)."""
    return sum(n for after, n in tally.continuations.items() if after.split(" ", 1)[0] == GENITIVE)


def _cut_mid_chain(key: str, tally: Tally, linking: frozenset[str]) -> bool:
    """A phrase that ends in a genitive complement needing a genitive of its own
    (`needing_a_genitive`) and that is followed by one in nearly every sighting: «противоминная
    оборона пункта» of «… оборону пункта базирования флота». The chain is cut at a link, so the
    piece names nothing whole, however rare: the word's own count across the corpus is the
    evidence that Tally.fragment asks of the phrase (FRAGMENT_MIN), which a phrase seen once
    cannot give. A phrase whose last word is its head in the nominative is not a complement cut
    short (the link's own phrase, «пункт базирования», stays).

    Where the link is rare in the corpus too («пункт» seen twice, once as «перевалочным пунктом
    для беженцев»), the phrase seen fewer than FRAGMENT_MIN times, which Tally.fragment cannot
    judge, is cut by its own sighting: its canonical form ends in a genitive complement (a word
    with no nominative reading) and a genitive noun follows it there, so the chain goes on
    («противоподводно-диверсионная оборона пункта [базирования сил флота]»)."""
    words = key.split()
    if len(words) < 2 or tally.kind != PHRASE:
        return False
    if words[-1] not in linking and not (tally.frequency < FRAGMENT_MIN and _ends_in_a_complement(_canonical(tally))):
        return False
    last = [parses(surface.rsplit(" ", 1)[-1])[0].tag.case for surface in tally.surfaces]
    if not all(case in ("gent", "gen2") for case in last):
        return False
    return _plain_genitives(tally) >= GENITIVE_SHARE * tally.frequency


def _ends_in_a_complement(canonical: str) -> bool:
    """Whether a canonical form's last word is a genitive complement: a noun with no reading
    in the nominative («оборона пункта», not «пункт базирования», whose «базирования» also
    reads as a nominative plural, nor «налоговая служба»)."""
    words = canonical.split()
    if len(words) < 2:
        return False
    found = [p for p in parses(words[-1]) if p.tag.POS == "NOUN"]
    return bool(found) and all(p.tag.case != "nomn" for p in found) and any(p.tag.case in ("gent", "gen2") for p in found)


def _candidate(
    key: str,
    tally: Tally,
    needing: frozenset[str] = frozenset(),
    linking: frozenset[str] = frozenset(),
    lower: frozenset[str] = frozenset(),
) -> Candidate:
    kind = _kind(key, tally)
    return Candidate(
        key=key,
        kind=kind,
        canonical=_canonical(tally, lower),
        frequency=tally.frequency,
        variants=[s for s, _ in tally.surfaces.most_common()],
        sentences=sorted(tally.sentences),
        lemmas=tally.lemmas,
        head=tally.head,
        domain=tally.weight / tally.frequency if tally.frequency else 1.0,
        place_share=tally.places / tally.frequency if tally.frequency else 0.0,
        source_share=tally.sources / tally.frequency if tally.frequency else 0.0,
        company_share=tally.companies / tally.frequency if tally.frequency else 0.0,
        context=tally.context / tally.context_words if tally.context_words else None,
        fragment=tally.fragment() or _cut_before_state(key, tally, needing) or _cut_mid_chain(key, tally, linking),
        # A long name named once, its owner after it («Центральное командование вооружённых сил
        # [США]»), is as plainly owned as one named twice: merging._capitalised_short_name.
        before_state=tally.before_state(least=1),
        ner=dict(tally.ner) if tally.ner else None,
        ner_sentences=tally.ner_sentences or None,
        case_unknown=not any(tally.singular.values()) and not any(tally.plural.values()),
    )


def _termhood(candidates: list[Candidate]) -> None:
    """C-value, with nested counts gathered through every contiguous sub-phrase of each candidate."""
    containing_freq: Counter[str] = Counter()
    containing_count: Counter[str] = Counter()
    for c in candidates:
        words = c.key.split()
        subs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {c.key}
        for sub in subs:
            containing_freq[sub] += c.frequency
            containing_count[sub] += 1
    for c in candidates:
        nested = containing_freq[c.key] / containing_count[c.key] if containing_count[c.key] else 0.0
        c.termhood = math.log2(c.words + 1) * max(c.frequency - nested, 0.25 * c.frequency)
        if c.frequency == 1 and c.words >= 3:
            # C-value's length bonus assumes the phrase recurs; a long phrase seen once is
            # most often a free combination («основные направления двустороннего сотрудничества»).
            c.termhood *= HAPAX_PHRASE_FACTOR


# A single word's score is scaled by its domain margin over this (at most 1) and by
# WORD_PRIOR: a word is a term less often than a phrase of the same frequency, so words enter
# the list by domain evidence but rank high only when they are frequent and clearly of the domain
# (seeds, extractor alone: P@50 0.68 with a prior of 0.5, 0.74 with 0.25; 0.78 before issue 19).
WORD_FULL_MARGIN, WORD_PRIOR = 0.4, 0.35


# Sentences counted per task: large enough that a worker's result is cheap to send back.
CHUNK_SENTENCES = 1000
# ... and at most this many characters of them (1,000 news sentences are about 150,000), so
# that a chunk's occurrences and NER spans stay small when the units are long: a 10 MB unit,
# read as 10,000-character pieces (glossary/extraction/units.py), makes a thousand pieces.
CHUNK_CHARACTERS = 300_000


def _chunks(
    sentences: Iterable[str],
    options: ExtractionOptions,
    size: int,
    characters: int = CHUNK_CHARACTERS,
    documents: Sequence[int] | None = None,
) -> Iterator[Chunk]:
    """Chunks of the sentences; `documents` (the document of each sentence, filled as the
    sentences are read, as glossary/build.py does) go with them for the passage weights, and
    so do DOCUMENT_WINDOW sentences either side, so that a passage cut by a chunk's edge weighs
    what it weighs in one piece (a chunk's count does not depend on where chunks are cut)."""
    window = DOCUMENT_WINDOW if options.use_domain else 0
    read: list[str] = []  # sentences read and not yet in a chunk (the next chunk, then its lookahead)
    before: list[str] = []  # the last `window` sentences of the previous chunk
    start = 0
    closed = 0  # the next chunk's size once it is full (0: still filling)
    length = 0  # characters of the sentences read for the next chunk

    def chunk(n: int) -> Chunk:
        nonlocal read, before, start, length
        batch, after = read[:n], read[n : n + window]
        docs = tuple(documents[start - len(before) : start + n + len(after)]) if documents is not None else None
        made = Chunk(
            start, batch, options.use_reference, options.use_names, options.use_domain, docs, tuple(before), tuple(after)
        )
        before = (before + batch)[-window:] if window else []
        read, start = read[n:], start + n
        length = sum(map(len, read))
        return made

    for sentence in sentences:
        read.append(sentence)
        if not closed:
            length += len(sentence)
            if len(read) == size or length >= characters:
                closed = len(read)
        while closed and len(read) >= closed + window:
            yield chunk(closed)
            # What was read ahead may already fill the next chunk.
            closed, total = 0, 0
            for n, ahead in enumerate(read, 1):
                total += len(ahead)
                if n == size or total >= characters:
                    closed = n
                    break
            length = total
    while read:
        n = 0
        total = 0
        for n, ahead in enumerate(read, 1):
            total += len(ahead)
            if n == size or total >= characters:
                break
        yield chunk(n)


def count_candidates(
    sentences: Iterable[str],
    options: ExtractionOptions,
    chunk_size: int = CHUNK_SENTENCES,
    documents: Sequence[int] | None = None,
) -> CandidateTable:
    """Count the candidates of a stream of sentences on every core (or a Ray cluster's,
    with `options.ray`), in a bounded table."""
    known = reference_index() if options.use_reference else {}
    warm_up(options.use_names)
    table = CandidateTable()
    chunks = _chunks(sentences, options, chunk_size, documents=documents)
    if options.ray is not None:  # the map step on a Ray cluster; the merge (reduce) stays here
        from glossary.extraction.ray_counting import ray_count_chunks

        parts = ray_count_chunks(chunks, options.ray)
    else:
        parts = map_chunks(count_chunk, chunks, options.jobs)
    for part in parts:
        table.merge(part, options.max_keys, known)
    return table


def rank_candidates(
    sentences: Iterable[str],
    options: ExtractionOptions | None = None,
    chunk_size: int = CHUNK_SENTENCES,
    documents: Sequence[int] | None = None,
    dropped: dict[str, str] | None = None,
) -> list[Candidate]:
    """Candidates from the sentences, best first, after the thresholds in `options`. The
    sentences are read once, as a stream; `documents` numbers each one's document. `dropped`,
    where given, gets the key of each candidate counted but not kept, with why (drop_reason)."""
    options = options or ExtractionOptions()
    if options.use_domain and options.learned_termhood:
        shipped()  # a model file that cannot be read stops the run here, not after the counting
    table = count_candidates(sentences, options, chunk_size, documents)
    resolve_ambiguous_complements(table.tallies)  # «председатели судов» with «председатель суда»
    candidates = []
    needing = needing_a_state(table.tallies)
    linking = needing_a_genitive(table.tallies)
    lower = written_in_lower_case(table.tallies)
    while table.tallies:  # emptied as it goes: a tally and its candidate are not held together
        candidates.append(_candidate(*table.tallies.popitem(), needing, linking, lower))
    domain = Frequencies(table.lemmas, sum(table.lemmas.values()))
    reference = reference_frequencies(options.reference_corpus)
    known = reference_index() if options.use_reference else {}
    _termhood(candidates)
    for c in candidates:
        c.in_reference = c.key in known
        c.specificity = specificity(c.lemmas, domain, reference)
        if c.head:  # a name's genitive complement may dilute its head's specificity: the better of the two
            c.specificity = max(c.specificity, specificity(c.lemmas[: c.head], domain, reference))
        c.relevance = relevance(c.variants[:3]) if options.min_relevance or options.relevance_weight else 0.0
        if options.use_domain and c.context is not None and not company(c) and not knows(c.variants[:3]):
            # No word navec knows: the relevance of its contexts, not a neutral constant
            # (relevance.context_relevance), so an unknown name is no bypass by form.
            c.relevance = context_relevance(c.context, TYPICAL_RELEVANCE)
        if c.kind == WORD and options.use_domain:
            margin = word_margin(c) or 0.0
            c.word_prior = WORD_PRIOR * min(1.0, max(margin, 0.05) / WORD_FULL_MARGIN)
        c.score = (
            max(c.termhood, 0.0)
            * (1 + max(c.specificity, 0.0))
            * c.prior
            * (2.0 if c.in_reference else (max(c.relevance, 0.05) / TYPICAL_RELEVANCE) ** options.relevance_weight)
            # Counts weighted by their passages' domain: a football report's words count for little.
            * (c.domain if options.use_domain else 1.0)
        )
    passing, rejected_names, not_kept = [], [], []
    for c in candidates:
        reason = drop_reason(c, options)
        if reason is None:
            passing.append(c)
            continue
        not_kept.append(c)
        if passes_on_its_verdict(c, options):
            rejected_names.append(c)
        if dropped is not None:
            dropped[c.key] = reason
    spelled = spelled_out_off_topic(passing, not_kept, options)
    if dropped is not None:
        dropped.update(
            (c.key, f"it abbreviates «{spelled[id(c)].canonical}», of another topic") for c in passing if id(c) in spelled
        )
    passing = [c for c in passing if id(c) not in spelled]
    kept = drop_fragments(passing, rejected_names)
    if dropped is not None:
        left = {id(c) for c in kept}
        dropped.update(
            (c.key, "a piece of a longer kept term, or of a name not kept (merging.drop_fragments)")
            for c in passing
            if id(c) not in left
        )
    for c in kept:
        c.category = categorise(c.kind, c.canonical, c.lemmas, c.noun_first, c.place_share, bool(c.ner) or not options.use_names)
        if c.kind == PHRASE and options.use_domain and not c.in_reference:
            # Looked at for the kept phrases only (parsing every word of every candidate costs).
            c.modifier_prior = (
                (EVALUATIVE_PRIOR if evaluative(c.canonical) else 1.0)
                * (PERSON_PRIOR if person_description(c.canonical) else 1.0)
                # a free combination seen once needs more evidence (combinations.py)
                * evidence_prior(c)
            )
            c.score *= c.modifier_prior
        if options.use_domain and options.learned_termhood and not c.in_reference:
            # What the hand rules cannot tell by kind: words that make descriptions, not terms
            # («военная мощь», «банковское сообщество»). Looked at for the kept candidates only.
            c.learned_prior = termhood_prior(c.canonical)
            c.score *= c.learned_prior
    kept.sort(key=lambda c: (-c.score, c.key))
    # --max-terms caps the ranked terms only: what the README promises to keep is kept.
    always = [c for c in kept if _always_kept(c)]
    rest = [c for c in kept if not _always_kept(c) and c.category != PLACE]
    # Single words that entered by domain evidence have a budget of their own: seen once in a
    # large memory («референдум»), they rank below its frequent phrases but belong in it.
    words = [c for c in rest if options.use_domain and c.kind == WORD and _domain_word(c)]
    in_words = {id(c) for c in words}
    ranked = [c for c in rest if id(c) not in in_words][: options.max_terms] + words[: options.max_terms]
    # States and places are listed after every term, in their own section: not ranked as concepts.
    places = [c for c in kept if not _always_kept(c) and c.category == PLACE]
    listed = merge_synonyms(sorted(always + ranked, key=lambda c: (c.category == PLACE, -c.score, c.key)) + places, documents)
    return select_places(listed, options.places)


def select_places(candidates: list[Candidate], places: str) -> list[Candidate]:
    """The candidates with states and places where `places` (ExtractionOptions.places) puts
    them: already last in `candidates`; `only` keeps them alone, `none` drops them, reference
    terms included either way (РФ is a state whichever list names it)."""
    if places not in PLACES:
        raise ValueError(f"places must be one of {', '.join(PLACES)}, not {places!r}")
    if places == PLACES_ONLY:
        return [c for c in candidates if c.category == PLACE]
    if places == PLACES_NONE:
        return [c for c in candidates if c.category != PLACE]
    return candidates


def explain(c: Candidate) -> str:
    """The factors of a candidate's score, for the glossary's notes and --json."""
    boost = "× 2 (reference list)" if c.in_reference else f"× relevance {c.relevance:.2f}/{TYPICAL_RELEVANCE}"
    prior = "".join(
        f" × {label} {value:g}"
        for label, value in (
            ("noun-first phrase", c.noun_first_prior if c.kind == PHRASE and not c.in_reference else 1.0),
            ("evaluative adjective, person or lone free combination", c.modifier_prior if not c.in_reference else 1.0),
            ("single word", round(c.word_prior, 3) if c.kind == WORD and not c.in_reference else 1.0),
            ("learned termhood", round(c.learned_prior, 3)),
        )
        if value != 1.0
    )
    kept = " (always kept)" if _always_kept(c) else ""
    return f"C-value {c.termhood:.2f} × (1 + specificity {max(c.specificity, 0):.2f}){prior} {boost} = {c.score:.2f}{kept}"
