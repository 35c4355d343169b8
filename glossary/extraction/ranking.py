"""From Russian sentences to ranked term candidates.

Occurrences (glossary/extraction/candidates.py) are grouped by lemma key, so inflected forms and ё/е or
case spellings of one term become one candidate, and ranked by

    score = termhood × (1 + max(specificity, 0)) × prior × (2 if in the reference list, else relevance)

- termhood is the C-value (Frantzi et al.): log2(words + 1) × (frequency − mean frequency of
  the longer candidates that contain it), floored at a quarter of the frequency so that a term
  that in a small corpus always occurs inside a longer phrase is ranked low, not erased;
- specificity is the mean log-ratio of each word's relative frequency in these texts to that
  in general Russian news (glossary/extraction/frequency.py);
- prior is 0.5 for a phrase that opens with its head noun (механизм интеграции), which is a
  term half as often as an adjective + noun phrase, and 1 otherwise;
- relevance is closeness to the domain in word embeddings (glossary/extraction/relevance.py), relative
  to a typical term's.

Single words and phrases must reach a specificity threshold; acronyms, quoted names and
reference terms are always kept.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, WORD
from glossary.extraction.frequency import Frequencies, reference_frequencies, specificity
from glossary.extraction.morphology import parses
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.reference import reference_index
from glossary.extraction.relevance import relevance
from glossary.extraction.tally import CandidateTable, Chunk, Tally, count_chunk, warm_up
from glossary.extraction.workers import map_chunks

# Heads that take a genitive complement without making a term of it («уровень партнерства»).
_GENERAL_HEADS = set(
    "уровень состояние участие тройка пятерка ряд число рамка часть сфера область вопрос "
    "укрепление углубление расширение повышение обеспечение реализация создание подписание "
    "строительство развитие итог основа роль значение место задача цель путь направление "
    "отношение представитель глава член возможность необходимость объем количество рост "
    "увеличение пример потенциал случай период время год день мнение точка горизонт звено "
    "достижение "
    # abstract heads of rhetorical phrases («фундамент отношений», «спектр вопросов»)
    "аспект благополучие фундамент спектр полюс инициатор ознаменование реалия история характер "
    "этап приоритет процесс потребность стимуляция приток ход юбилей благо темп порядок пост "
    "расшифровка взлом выбор "
    # units and amounts: «доллар инвестиций», «тонна нефти» count something, they name no kind
    "доллар рубль евро тенге юань тонна баррель процент тысяча миллион миллиард триллион".split()
)


# Termhood kept by a phrase of three or more words seen once (seeds P@50 0.56 → 0.64, news
# development 0.70 and held-out 0.66 unchanged).
HAPAX_PHRASE_FACTOR = 0.5


# A phrase headed by its first noun, with a genitive complement («механизм интеграции»,
# «добыча урана»), is a term about half as often as an adjective + noun phrase: in the judged
# top lists of the seeds and the news development set, 35% against 58% for two words.
NOUN_FIRST_PRIOR = 0.5


# Relevance of a typical domain term (glossary/extraction/relevance.py): a term this close to the domain
# keeps its score, a closer one gains, a farther one loses.
TYPICAL_RELEVANCE = 0.35


@dataclass
class Candidate:
    key: str
    kind: str
    canonical: str
    frequency: int
    variants: list[str] = field(default_factory=list)  # surfaces seen, most frequent first
    sentences: list[int] = field(default_factory=list)  # indices of the sentences it occurs in
    lemmas: tuple[str, ...] = ()
    termhood: float = 0.0
    specificity: float = 0.0
    relevance: float = 0.0
    score: float = 0.0
    in_reference: bool = False

    @property
    def words(self) -> int:
        return len(self.key.split())

    @property
    def noun_first(self) -> bool:
        """A phrase that opens with its head noun (проект договора), not with an adjective."""
        return self.kind == PHRASE and parses(self.canonical.split()[0])[0].tag.POS == "NOUN"

    @property
    def prior(self) -> float:
        return NOUN_FIRST_PRIOR if self.noun_first and not self.in_reference else 1.0


# How much more common (Zipf) the plural of the head noun must be than its singular for a
# term seen only in the plural to stay plural: санкции (+1.8), переговоры (+3.3), выборы
# (−0.1) stay; совместные проекты (−0.6) and транспортные коридоры (−0.8) become singular.
PLURAL_PREFERENCE = -0.3


def prefers_plural(singular: str, plural: str) -> bool:
    """Whether a term is named in the plural: by how common the plural of its head noun (the
    last word that differs between the two forms) is in general Russian, against the singular."""
    from glossary.extraction.frequency import general_zipf

    differing = [(s, p) for s, p in zip(singular.lower().split(), plural.lower().split(), strict=False) if s != p]
    if not differing:
        return True
    head_singular, head_plural = differing[-1]
    return general_zipf(head_plural) - general_zipf(head_singular) > PLURAL_PREFERENCE


def _canonical(tally: Tally) -> str:
    singular, plural = tally.singular.most_common(1)[0][0], tally.plural.most_common(1)[0][0]
    forms = tally.plural if tally.plural_only and prefers_plural(singular, plural) else tally.singular

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
    # The dictionary writes ё; follow the texts, which mostly do not.
    if tally.with_yo * 2 <= tally.frequency:
        best = best.replace("ё", "е").replace("Ё", "Е")
    return best


def _kind(key: str, tally: Tally) -> str:
    if tally.kind == ACRONYM or (tally.kind == NAME and not _mostly_lower_case(tally)):
        return tally.kind
    return PHRASE if len(key.split()) > 1 else WORD


def _mostly_lower_case(tally: Tally) -> bool:
    """A word the texts mostly write in lower case is a common noun, even where the tagger
    took one capitalised sighting for an organisation («Правительство одобрило»)."""
    lower = sum(n for surface, n in tally.surfaces.items() if surface[:1].islower())
    return lower * 2 > tally.frequency


def _candidate(key: str, tally: Tally) -> Candidate:
    kind = _kind(key, tally)
    return Candidate(
        key=key,
        kind=kind,
        canonical=_canonical(tally),
        frequency=tally.frequency,
        variants=[s for s, _ in tally.surfaces.most_common()],
        sentences=sorted(tally.sentences),
        lemmas=tally.lemmas,
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


def _keep(c: Candidate, options: ExtractionOptions) -> bool:
    if c.frequency < options.min_frequency:
        return False
    if _always_kept(c):
        return True
    if c.kind in (WORD, PHRASE) and not c.in_reference and c.relevance < options.min_relevance:
        return False
    if c.kind == WORD:
        return c.specificity >= options.min_word_specificity and len(c.key) >= 4
    words = c.key.split()
    if words[0] in _GENERAL_HEADS or (len(words) > 1 and words[-1] in _GENERAL_HEADS and c.words == 2):
        return False
    return c.specificity >= options.min_specificity


# Sentences counted per task: large enough that a worker's result is cheap to send back.
CHUNK_SENTENCES = 1000
# ... and at most this many characters of them (1,000 news sentences are about 150,000), so
# that a chunk's occurrences and NER spans stay small when the units are long: a 10 MB unit,
# read as 10,000-character pieces (glossary/extraction/units.py), makes a thousand pieces.
CHUNK_CHARACTERS = 300_000


def _chunks(
    sentences: Iterable[str], options: ExtractionOptions, size: int, characters: int = CHUNK_CHARACTERS
) -> Iterator[Chunk]:
    batch: list[str] = []
    start = length = 0
    for sentence in sentences:
        batch.append(sentence)
        length += len(sentence)
        if len(batch) == size or length >= characters:
            yield Chunk(start, batch, options.use_reference, options.use_names)
            start, batch, length = start + len(batch), [], 0
    if batch:
        yield Chunk(start, batch, options.use_reference, options.use_names)


def count_candidates(sentences: Iterable[str], options: ExtractionOptions, chunk_size: int = CHUNK_SENTENCES) -> CandidateTable:
    """Count the candidates of a stream of sentences on every core (or a Ray cluster's,
    with `options.ray`), in a bounded table."""
    known = reference_index() if options.use_reference else {}
    warm_up(options.use_names)
    table = CandidateTable()
    chunks = _chunks(sentences, options, chunk_size)
    if options.ray is not None:  # the map step on a Ray cluster; the merge (reduce) stays here
        from glossary.extraction.ray_counting import ray_count_chunks

        parts = ray_count_chunks(chunks, options.ray)
    else:
        parts = map_chunks(count_chunk, chunks, options.jobs)
    for part in parts:
        table.merge(part, options.max_keys, known)
    return table


def rank_candidates(
    sentences: Iterable[str], options: ExtractionOptions | None = None, chunk_size: int = CHUNK_SENTENCES
) -> list[Candidate]:
    """Candidates from the sentences, best first, after the thresholds in `options`. The
    sentences are read once, as a stream."""
    options = options or ExtractionOptions()
    table = count_candidates(sentences, options, chunk_size)
    candidates = []
    while table.tallies:  # emptied as it goes: a tally and its candidate are not held together
        candidates.append(_candidate(*table.tallies.popitem()))
    domain = Frequencies(table.lemmas, sum(table.lemmas.values()))
    reference = reference_frequencies(options.reference_corpus)
    known = reference_index() if options.use_reference else {}
    _termhood(candidates)
    for c in candidates:
        c.in_reference = c.key in known
        c.specificity = specificity(c.lemmas, domain, reference)
        c.relevance = relevance(c.variants[:3]) if options.min_relevance or options.relevance_weight else 0.0
        c.score = (
            max(c.termhood, 0.0)
            * (1 + max(c.specificity, 0.0))
            * c.prior
            * (2.0 if c.in_reference else (max(c.relevance, 0.05) / TYPICAL_RELEVANCE) ** options.relevance_weight)
        )
    kept = [c for c in candidates if _keep(c, options)]
    kept.sort(key=lambda c: (-c.score, c.key))
    # --max-terms caps the ranked terms only: what the README promises to keep is kept.
    always = [c for c in kept if _always_kept(c)]
    ranked = [c for c in kept if not _always_kept(c)][: options.max_terms]
    return sorted(always + ranked, key=lambda c: (-c.score, c.key))


def explain(c: Candidate) -> str:
    """The factors of a candidate's score, for the glossary's notes and --json."""
    boost = "× 2 (reference list)" if c.in_reference else f"× relevance {c.relevance:.2f}/{TYPICAL_RELEVANCE}"
    prior = f" × noun-first phrase {c.prior}" if c.prior != 1.0 else ""
    kept = " (always kept)" if _always_kept(c) else ""
    return f"C-value {c.termhood:.2f} × (1 + specificity {max(c.specificity, 0):.2f}){prior} {boost} = {c.score:.2f}{kept}"


def _always_kept(c: Candidate) -> bool:
    return c.in_reference or c.kind in (ACRONYM, NAME)
