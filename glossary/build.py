"""The `glossary build` pipeline: translation units → ranked candidates → concepts with equivalents.

Sources are TMX files made by `tm build`, or Russian text files, which first go through the
translation-memory pipeline of `tm` (same model, same cache).

`build_glossary` makes the glossary in memory; `build_and_write` is the whole command: it
checks every output and input first, builds, carries the reviews of the glossary it replaces
(glossary/reviews.py), writes every output, indexes the default copy, and reports what it wrote.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.entries import APPROVED, FULL_FORM, POST, PROPOSED, Context, Entry, Glossary, Term, TermType, entry_id
from glossary.equivalents.aligned import AlignedEvidence
from glossary.equivalents.choose import (
    CONFLICT_CONFIDENCE,
    CONFLICT_TOGETHER,
    Equivalent,
    agrees_with_reference,
    choose_equivalent,
    conflict_note,
)
from glossary.extraction.acronyms import exact_initials, initials_match
from glossary.extraction.candidates import ACRONYM, PHRASE
from glossary.extraction.merging import Rendering, merge_explicit, merge_same_english, near
from glossary.extraction.morphology import lemma_key
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate, explain, rank_candidates
from glossary.extraction.reference import ReferenceEntry, reference_index
from glossary.extraction.senses import split_senses
from glossary.extraction.settings_signature import extraction_signature
from glossary.extraction.units import Unit, Units, is_tmx, load_units
from glossary.reviews import CarriedReviews, carry_reviews
from tm.core.errors import TmError
from tm.memory.build import SentenceTranslator, Translations, translate_unique
from tm.memory.tmx import ORIGIN_ALIGNMENT
from tm.mt.cache import TranslationCache

__all__ = [
    "GlossaryBuildReport",
    "GlossaryBuildRequest",
    "GlossaryOptions",
    "Unit",
    "Units",
    "build_and_write",
    "build_glossary",
    "is_tmx",
    "load_units",
]

CONTEXTS_KEPT = 2


@dataclass
class GlossaryOptions:
    extraction: ExtractionOptions = field(default_factory=ExtractionOptions)
    keep_furniture: bool = False


@dataclass
class _Concept:
    """Candidates that name one concept: a short form and/or a full form."""

    short: Candidate | None = None
    full: Candidate | None = None
    reference: ReferenceEntry | None = None

    @property
    def main(self) -> Candidate:
        return self.short or self.full  # type: ignore[return-value]

    @property
    def members(self) -> list[Candidate]:
        return [c for c in (self.short, self.full) if c is not None]


# How close an acronym and its expansion must stand, in sentences of one document, to be
# paired by their initials (Schwartz & Hearst pair them inside one sentence, with brackets;
# news often spells the name out once and abbreviates in the next sentences).
PAIRING_WINDOW = 3


def as_the_texts_name_them(candidates: list[Candidate], texts: Mapping[int, str]) -> list[Candidate]:
    """The ranked candidates, before acronyms are paired (`pair_concepts`), as the texts (the
    quoted sentences by index) name them: «A (далее — B)», «A, или B», «A "B"» one concept
    where the texts say so (merging.merge_explicit); «Конгресс» (a name) apart from
    «конгрессы» (events), «Сибирь» a region apart from a club (senses.split_senses)."""
    return split_senses(merge_explicit(candidates, texts), texts)


def _near(a: Candidate, b: Candidate, documents: Sequence[int]) -> bool:
    """Whether the two occur within PAIRING_WINDOW sentences of each other in one document."""
    return any(near(i, b.sentences, PAIRING_WINDOW, documents) for i in a.sentences)


def pair_concepts(
    candidates: list[Candidate], documents: Sequence[int], texts: Mapping[int, str] | None = None
) -> list[_Concept]:
    """Pair acronyms with their expansions: by the reference list, else by initials, but only
    on local evidence (`_near`), never across the corpus, and only where one expansion fits
    (`_expansion`: «ВС» beside «Верховный суд» and «Вооруженные силы» is paired with
    neither). `texts` (the sentences by index) lets an acronym longer than its phrase pair
    with it where the text spells the rest out (`_spelled_out`)."""
    known = reference_index()
    by_key = {c.key: c for c in candidates}
    used: set[str] = set()
    concepts: list[_Concept] = []
    for c in candidates:
        if c.key in used:
            continue
        entry, is_full = known.get(c.key, (None, False))
        concept = _Concept(reference=entry)
        shorter: list[Candidate] = []  # shorter names of the full form (`_expansion`)
        if entry is not None and entry.ru_full:
            concept.short = by_key.get(entry.short_key)
            concept.full = by_key.get(lemma_key(entry.ru_full))
            if concept.short is None and concept.full is None:
                concept.short = c
        elif c.kind == ACRONYM:
            concept.short = c
            concept.full, shorter = _expansion(c, candidates, used, documents, texts)
        else:
            concept.full = c
            if c.kind == PHRASE:  # the full form may rank above its acronym
                paired = _acronym_of(c, candidates, used, known, documents, texts)
                if paired is not None:
                    concept.short, concept.full, shorter = paired
        if concept.full is not None:
            concept.full.synonyms += [o for o in shorter if o not in concept.full.synonyms]
        used.update(m.key for m in concept.members)
        used.update(s.key for m in concept.members for s in m.synonyms)
        concepts.append(concept)
    return concepts


def _expansion(
    acronym: Candidate,
    candidates: list[Candidate],
    used: set[str],
    documents: Sequence[int],
    texts: Mapping[int, str] | None,
) -> tuple[Candidate | None, list[Candidate]]:
    """The one candidate near the acronym that it abbreviates, or None where none or two
    compete (initials alone are no evidence between two names); with the shorter names of it
    that the acronym's first letters abbreviate. A phrase spelled out further in the text
    («Исламское государство» of «Исламское государство Ирака и Леванта», for ИГИЛ) is the
    same name as the longer one: the longer candidate is the expansion, the shorter its
    synonym; without the longer candidate, the shorter is the expansion."""
    fits = [
        o
        for o in candidates
        if o.key not in used and o.kind != ACRONYM and _abbreviates(acronym, o, texts) and _near(acronym, o, documents)
    ]
    # «Исламское государство» inside «Исламское государство Ирака и Леванта»: one name, not two.
    longest = [o for o in fits if not any(p is not o and p.key.startswith(o.key + " ") for p in fits)]
    for better in _BETTER_EXPANSIONS:
        if len(longest) > 1 and (narrowed := [o for o in longest if better(acronym, o)]):
            longest = narrowed
    if len(longest) != 1:
        return None, []
    return longest[0], [o for o in fits if longest[0].key.startswith(o.key + " ")]


# Where several names fit an acronym's letters near it, one that each word gives its first
# letter to beats one that lends letters from inside its words («Министерство внутренних дел»
# over «момент въезда» for МВД), and an institution beats the title of its head («министр
# внутренних дел»): the acronym abbreviates the body. What is left must be one name.
_BETTER_EXPANSIONS: tuple[Callable[[Candidate, Candidate], bool], ...] = (
    lambda acronym, o: exact_initials(acronym.canonical, o.canonical),
    lambda acronym, o: o.category != POST,
)


def _acronym_of(
    phrase: Candidate,
    candidates: list[Candidate],
    used: set[str],
    known: Collection[str],
    documents: Sequence[int],
    texts: Mapping[int, str] | None,
) -> tuple[Candidate, Candidate | None, list[Candidate]] | None:
    """The first unused acronym (not in the reference list) whose one expansion is `phrase`
    or a longer name of it the text spells out, with that expansion and its shorter names
    (`_expansion`); None where no acronym pairs with it."""
    for o in candidates:
        if o.key in used or o.kind != ACRONYM or o.key in known or not _abbreviates(o, phrase, texts):
            continue
        full, others = _expansion(o, candidates, used, documents, texts)
        if full is phrase or phrase in others:
            return o, full, others
    return None


def _abbreviates(acronym: Candidate, phrase: Candidate, texts: Mapping[int, str] | None) -> bool:
    """Whether the acronym abbreviates the phrase, or a synonym the text gave it
    (merging.merge_explicit: «Транскаспийский … маршрут (ТМТМ), известный также как
    «Срединный коридор»» leaves the route a synonym of the corridor)."""
    return any(
        initials_match(acronym.canonical, name.canonical) or _spelled_out(acronym, name, texts)
        for name in (phrase, *phrase.synonyms)
    )


def _spelled_out(acronym: Candidate, phrase: Candidate, texts: Mapping[int, str] | None) -> bool:
    """Whether the acronym's first letters are the phrase's initials and a sentence of the
    phrase continues it with words whose initials give the rest («Исламское государство» in
    «…Исламское государство Ирака и Леванта…» for ИГИЛ)."""
    if not texts or phrase.words < 2 or len(acronym.canonical) <= phrase.words:
        return False
    if not any(initials_match(acronym.canonical[:n], phrase.canonical) for n in range(2, len(acronym.canonical))):
        return False
    for i in phrase.sentences:
        text = texts.get(i, "").lower()
        for variant in phrase.variants or [phrase.canonical]:
            at = text.find(variant.lower())
            if at < 0:
                continue
            following = text[at + len(variant) :].split()[:5]
            for n in range(1, len(following) + 1):
                tail = " ".join(w.strip('.,;:»"()') for w in following[:n])
                if initials_match(acronym.canonical, f"{variant} {tail}"):
                    return True
    return False


def _contexts(candidates: Iterable[Candidate], units: Mapping[int, Unit]) -> tuple[list[Context], list[tuple[str, str]]]:
    indices = sorted({i for c in candidates for i in c.sentences})
    # Human translations make the better examples: aligned units first.
    shown = sorted(indices, key=lambda i: units[i].origin != ORIGIN_ALIGNMENT)
    contexts = [Context(units[i].source, units[i].target, units[i].document, units[i].tuid) for i in shown]
    # A long unit read in pieces (glossary/extraction/units.py) is one source, however many pieces quote it.
    return contexts[:CONTEXTS_KEPT], list(dict.fromkeys((units[i].document, units[i].tuid) for i in indices))


def _ru_terms(concept: _Concept) -> list[Term]:
    terms = []
    ref = concept.reference
    if concept.short is not None or (ref and ref.ru_full):
        text = ref.ru if ref else concept.short.canonical  # type: ignore[union-attr]
        variants = concept.short.variants if concept.short else []
        terms.append(Term(text, "ru", "acronym" if text.isupper() else FULL_FORM, variants=variants))
    if concept.full is not None or (ref and ref.ru_full):
        if ref and not ref.ru_full:
            text = ref.ru  # the curated form («совместный проект»), not the text's plural
        else:
            text = concept.full.canonical if concept.full else ref.ru_full  # type: ignore[union-attr]
        terms.append(Term(text, "ru", FULL_FORM, variants=concept.full.variants if concept.full else []))
    # Short forms and contracted names merged into the concept (glossary/extraction/merging.py).
    texts = {t.text for t in terms}
    for member in concept.members:
        for synonym in member.synonyms:
            if synonym.canonical not in texts:
                kind: TermType = "acronym" if synonym.canonical.isupper() else FULL_FORM
                terms.append(Term(synonym.canonical, "ru", kind, variants=synonym.variants))
                texts.add(synonym.canonical)
    for term in terms:
        term.status = APPROVED if ref else PROPOSED
    return terms


# Units a build can read more than once: TMX files read again on each pass, or a sequence.
Rereadable = Units | Sequence[Unit]


def _rereadable(units: Iterable[Unit]) -> Rereadable:
    """`units` itself if it can be read again, else (a generator, say) its units in a list."""
    return units if isinstance(units, (Units, Sequence)) else list(units)


def _pick(units: Rereadable, indices: set[int]) -> dict[int, Unit]:
    if isinstance(units, Units):
        return units.pick(indices)
    return {i: units[i] for i in indices}


def build_glossary(
    units: Iterable[Unit],
    translator: SentenceTranslator | None,
    cache: TranslationCache,
    options: GlossaryOptions | None = None,
) -> Glossary:
    """Extract and rank the terms of the units' Russian side, pair acronyms with their full
    forms, and give each concept English equivalents (reference list, else MT checked in the
    units' English). Without a translator, only reference equivalents are given.

    The units are read twice (candidates, then the units quoted and aligned):
    `Units` (from `load_units`, streamed from its TMX files on each pass) and sequences are
    read as they are; any other iterable, a generator say, is read into a list once."""
    options = options or GlossaryOptions()
    units = _rereadable(units)
    documents = array("L")  # the document of each unit, numbered: a 200 MB memory has many units
    numbers: dict[str, int] = {}

    aligned = 0

    def russian() -> Iterator[str]:
        nonlocal aligned
        for u in units:
            documents.append(numbers.setdefault(u.document, len(numbers)))
            aligned += u.origin == ORIGIN_ALIGNMENT
            # A sentence another memory of the document holds too is counted once (units.py).
            yield "" if u.repeat else u.source

    candidates = rank_candidates(russian(), options.extraction, documents=documents)
    # The second pass: only the units the glossary quotes or draws English from.
    quoted = _pick(units, {i for c in candidates for i in c.sentences})
    texts = {i: u.source for i, u in quoted.items()}
    candidates = as_the_texts_name_them(candidates, texts)
    concepts = pair_concepts(candidates, documents, texts)
    evidence = None
    if aligned:  # human translations: their units are word-aligned (glossary/equivalents/aligned.py)
        aligned_units = {i: u for i, u in quoted.items() if u.origin == ORIGIN_ALIGNMENT}
        evidence = AlignedEvidence(
            {c.key: c.sentences for c in candidates},
            {i: u.target for i, u in aligned_units.items()},
            {i: u.source for i, u in aligned_units.items()},
        )

    translations = _machine_translations(concepts, translator, cache)
    entries = []
    renderings: dict[str, list[Rendering]] = {}  # each entry's English, for merge_same_english
    for concept in concepts:
        rendered: list[Rendering] = []
        entry = _entry(concept, quoted, translations, evidence, rendered)
        renderings[entry.id] = rendered
        entries.append(entry)
    if evidence is not None:
        # Two entries whose human translations give one English are one concept (Центробанк
        # and ЦБ → Central Bank): merged after the equivalents are chosen (merging.py).
        entries = merge_same_english(entries, renderings)
    return Glossary(entries, signature=str(extraction_signature(options.extraction, translator)))


def _machine_translations(
    concepts: list[_Concept], translator: SentenceTranslator | None, cache: TranslationCache
) -> Translations:
    """One batched, cached model call for every term that needs machine translation (the
    members of the concepts the reference list does not give)."""
    to_translate: list[str] = []
    for concept in concepts:
        if concept.reference is None:
            for member in concept.members:
                to_translate += [member.canonical, member.variants[0]]
    if to_translate and translator is not None:
        return translate_unique(to_translate, translator, cache)
    return Translations({}, 0, 0, 0)


def _entry(
    concept: _Concept,
    quoted: Mapping[int, Unit],
    translations: Translations,
    evidence: AlignedEvidence | None,
    rendered: list[Rendering],
) -> Entry:
    """A concept's entry: its Russian terms, counts, contexts and English equivalents;
    `rendered` receives the English it was given (`_en_terms`), for merge_same_english."""
    members = concept.members
    contexts, sources = _contexts(members, quoted)
    entry = Entry(
        id=entry_id(concept.main.key),
        terms=_ru_terms(concept),
        frequency=sum(m.frequency + sum(s.frequency for s in m.synonyms) for m in members),
        score=round(max(m.score for m in members), 3),
        ranking=explain(max(members, key=lambda m: m.score)),
        contexts=contexts,
        sources=sources,
        category=concept.main.category,
        note=concept.main.sense,  # what tells it from another entry of the same word, if split
    )
    english = [quoted[i].target for m in members for i in m.sentences]
    entry.terms += _en_terms(concept, translations, english, evidence, rendered)
    if concept.reference is not None and evidence is not None:
        entry.note = "; ".join(n for n in (entry.note, _reference_conflict(concept, entry, evidence)) if n)
    return entry


def _en_terms(
    concept: _Concept,
    translations: Translations,
    english: list[str],
    evidence: AlignedEvidence | None = None,
    rendered: list[Rendering] | None = None,
) -> list[Term]:
    """Equivalents by priority: the reference list, then human translations (aligned units),
    then MT confirmed in context, then bare MT. `rendered`, if given, receives the English of
    the reference list, or each member's human English, with its evidence."""
    rendered = [] if rendered is None else rendered
    ref = concept.reference
    if ref is not None:
        terms = []
        if ref.en != ref.en_full:  # РФ has no English acronym: its one English term is the full form
            terms.append(
                Term(
                    ref.en,
                    "en",
                    # typed as the Russian term is: БРИКС and BRICS are both acronyms (issue 19)
                    "acronym" if ref.ru.isupper() and (ref.ru_full or ref.en.isupper()) else FULL_FORM,
                    status=APPROVED,
                    confidence=1.0,
                    origin="reference",
                )
            )
        if ref.en_full:
            terms.append(Term(ref.en_full, "en", FULL_FORM, status=APPROVED, confidence=1.0, origin="reference"))
        terms[-1].variants = list(ref.en_variants)
        rendered += [Rendering(t.text, 1.0, reference=True) for t in terms]
        return terms
    terms = []
    for member in concept.members:
        machine = [translations.get(t) for t in (member.canonical, member.variants[0])]
        found = evidence.equivalent(member.key, [m for m in machine if m]) if evidence is not None else None
        if found is not None:
            rendered.append(Rendering(found.text, found.confidence, found.agreement))
            terms.append(
                Term(
                    found.text,
                    "en",
                    "acronym" if member.kind == ACRONYM and found.text.isupper() else FULL_FORM,
                    status=PROPOSED,
                    confidence=found.confidence,
                    origin="aligned",
                )
            )
            continue
        equivalent: Equivalent = choose_equivalent(machine, english)
        if equivalent.text:
            term_type: TermType = "acronym" if member.kind == ACRONYM else FULL_FORM
            terms.append(
                Term(
                    equivalent.text, "en", term_type, status=PROPOSED, confidence=equivalent.confidence, origin=equivalent.origin
                )
            )
    return terms


def _reference_conflict(concept: _Concept, entry: Entry, evidence: AlignedEvidence) -> str:
    """Where the human translations confidently disagree with the reference list, keep their
    English after the list's, approve neither, and say so (glossary/equivalents/choose.py)."""
    ref = concept.reference
    assert ref is not None
    listed = [t.text for t in entry.terms_in("en")] + list(ref.en_variants)
    for member in concept.members:
        found = evidence.equivalent(member.key)
        if (
            found is None
            or found.confidence < CONFLICT_CONFIDENCE
            or found.together < CONFLICT_TOGETHER
            or agrees_with_reference(found.text, listed)
        ):
            continue
        for term in entry.terms_in("en"):
            term.status = PROPOSED
        entry.terms.append(Term(found.text, "en", FULL_FORM, confidence=found.confidence, origin="aligned"))
        return conflict_note([t.text for t in entry.terms_in("en") if t.origin == "reference"], found.text, found.together)
    return ""


# --- the whole `glossary build` command, as a library call ---

TranslatorFactory = Callable[[bool], SentenceTranslator | None]
"""Makes the translator, or None for none; its argument says whether a source needs one (text
sources do; TMX sources are built from without, with reference equivalents only)."""


@dataclass
class GlossaryBuildRequest:
    """Where `build_and_write` writes, how it replaces what is there, and how it extracts."""

    output: Path | None = None  # None: the default copy (glossary.targets.default_glossary)
    also_default: bool = False  # with `output`: write the same glossary as the default copy too
    force: bool = False  # replace an existing output that is not a glossary of its suffix's format
    tbx_version: int | None = None  # None: an existing TBX output's version, else 2
    discard_reviews: bool = False  # do not carry the reviews of the glossary replaced
    options: GlossaryOptions = field(default_factory=GlossaryOptions)
    tbx_for: str | None = None  # TBX 2008 for "omegat" or "standard" tools; None: an existing output's, else omegat


@dataclass
class GlossaryBuildReport:
    """What `build_and_write` wrote: one glossary, to every path of `outputs`, counted as written."""

    output: Path  # the first output: -o, else the default copy
    default: Path | None  # the default copy, when it is one of the outputs
    outputs: list[Path]
    units: int  # translation units read
    entries: int  # entries written
    approved: int  # entries written whose preferred English term is approved
    reviews: CarriedReviews = field(default_factory=CarriedReviews)  # of the glossary replaced
    signature: str = ""  # the extraction settings (glossary/extraction/settings_signature.py), as in the TBX sourceDesc

    @property
    def proposed(self) -> int:
        return self.entries - self.approved

    @property
    def output_is_default(self) -> bool:
        """Whether the first output is the default copy itself (no -o, or -o naming it)."""
        from glossary.targets import same_path

        return self.default is not None and same_path(self.output, self.default)

    def to_dict(self) -> dict[str, object]:
        """The `glossary build --json` summary."""
        return {
            "output": str(self.output),
            "default": None if self.default is None else str(self.default),
            "units": self.units,
            "entries": self.entries,
            "approved": self.approved,
            "proposed": self.proposed,
            "reviews_kept": self.reviews.total,
            "reviewed_entries_merged": self.reviews.merged,
            "reviewed_entries_restored": self.reviews.kept,
            "signature": self.signature,
        }


def build_and_write(
    sources: Sequence[str],
    request: GlossaryBuildRequest,
    translator: TranslatorFactory,
    cache: Callable[[], TranslationCache],
    warn: Callable[[str], None] = lambda message: None,
) -> GlossaryBuildReport:
    """Build the glossary of `sources` (TMX files, or Russian text files and folders) and write
    it to `request.output` and/or the default copy; return what was written.

    Every output is checked (format, writable, not an input, a glossary if it exists) and the
    glossary it replaces read for its reviews before anything slow happens; `translator()` and
    `cache()` are called only then, so that a refused output costs no model load. The cache is
    closed at the end. All outputs are written in full before any replaces its file, so a
    failure leaves every one as it was. The default copy, when written, is indexed for lookup
    at once; an indexing failure is only a `warn`ing (the first lookup indexes it anyway)."""
    from glossary.extraction.frequency import reference_frequencies
    from glossary.formats import detect, write_glossaries
    from glossary.targets import default_glossary, plan_target, previous_entries, same_path
    from tm.text.documents import collect_inputs

    default = default_glossary()
    output = request.output or default
    detect(output, request.tbx_version or 2, request.tbx_for)  # an unknown format is refused before anything is read
    files, _ = collect_inputs(sources)  # every file read, so that none is overwritten
    targets = [plan_target(output, request.tbx_version, force=request.force, inputs=files, tbx_for=request.tbx_for)]
    if request.output is not None and request.also_default and not same_path(request.output, default):
        targets.append(plan_target(default, request.tbx_version, force=request.force, inputs=files, tbx_for=request.tbx_for))
    writes_default = any(same_path(t.path, default) for t in targets)
    previous = previous_entries(targets[0], request.discard_reviews)  # reviews come from the file replaced, only
    if request.options.extraction.reference_corpus is not None:
        reference_frequencies(request.options.extraction.reference_corpus)  # a bad folder fails now, not after MT

    store = cache()
    try:
        model = translator(not all(is_tmx(s) for s in sources))
        units = load_units(sources, model, store, request.options.keep_furniture)
        glossary = build_glossary(units, model, store, request.options)
        count = len(units)
    finally:
        store.close()

    final, kept = carry_reviews(glossary, previous)
    written = write_glossaries(final, [(t.path, t.format) for t in targets], inputs=files)  # one glossary, every file
    if writes_default:
        _index(default, final, warn)
    return GlossaryBuildReport(
        output=targets[0].path,
        default=default if writes_default else None,
        outputs=[t.path for t in targets],
        units=count,
        entries=written,
        approved=sum(1 for e in final.entries if e.status == APPROVED),
        signature=final.signature,
        reviews=kept,
    )


def _index(path: Path, glossary: Glossary, warn: Callable[[str], None]) -> None:
    """Index the default copy now, so that the first lookup is fast; a lookup would index it
    anyway, so a failure here is a warning."""
    from glossary.lookup.index import build_index

    try:
        build_index(path, glossary.entries)
    except TmError as exc:
        warn(f"warning: {exc}; the first lookup will index the glossary")
