"""The `glossary build` pipeline: translation units → ranked candidates → concepts with equivalents.

Sources are TMX files made by `tm build`, or Russian text files, which first go through the
translation-memory pipeline of `tm` (same model, same cache).
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Sequence

from glossary.entries import APPROVED, FULL_FORM, PROPOSED, Context, Entry, Glossary, Term, TermType
from glossary.equivalents.aligned import AlignedEvidence
from glossary.equivalents.choose import Equivalent, choose_equivalent, initials_match
from glossary.extraction.candidates import ACRONYM, PHRASE
from glossary.extraction.morphology import lemma_key
from glossary.extraction.ranking import Candidate, ExtractionOptions, explain, rank_candidates
from glossary.extraction.signature import extraction_signature
from glossary.extraction.units import Unit, Units, is_tmx, load_units
from glossary.reference import ReferenceEntry, reference_index
from tm.memory.build import SentenceTranslator, Translations, translate_unique
from tm.memory.tmx import ORIGIN_ALIGNMENT
from tm.mt.cache import TranslationCache

__all__ = ["GlossaryOptions", "Unit", "Units", "build_glossary", "is_tmx", "load_units"]

CONTEXTS_KEPT = 2


@dataclass
class GlossaryOptions:
    extraction: ExtractionOptions = field(default_factory=ExtractionOptions)
    keep_furniture: bool = False


def _entry_id(key: str) -> str:
    return "t" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


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


def _near(a: Candidate, b: Candidate, documents: Sequence[int]) -> bool:
    """Whether the two occur within PAIRING_WINDOW sentences of each other in one document."""
    return any(
        abs(i - j) <= PAIRING_WINDOW and documents[i] == documents[j] for i in a.sentences for j in b.sentences
    )


def _concepts(candidates: list[Candidate], documents: Sequence[int]) -> list[_Concept]:
    """Pair acronyms with their expansions: by the reference list, else by initials, but only
    on local evidence (`_near`), never across the corpus."""
    known = reference_index()
    by_key = {c.key: c for c in candidates}
    used: set[str] = set()
    concepts: list[_Concept] = []
    for c in candidates:
        if c.key in used:
            continue
        entry, is_full = known.get(c.key, (None, False))
        concept = _Concept(reference=entry)
        if entry is not None and entry.ru_full:
            concept.short = by_key.get(lemma_key(entry.ru))
            concept.full = by_key.get(lemma_key(entry.ru_full))
            if concept.short is None and concept.full is None:
                concept.short = c
        elif c.kind == ACRONYM:
            concept.short = c
            concept.full = next(
                (o for o in candidates if o.key not in used and o.kind != ACRONYM
                 and initials_match(c.canonical, o.canonical) and _near(c, o, documents)),
                None,
            )
        else:
            concept.full = c
            if c.kind == PHRASE:  # the full form may rank above its acronym
                concept.short = next(
                    (o for o in candidates if o.key not in used and o.kind == ACRONYM and o.key not in known
                     and initials_match(o.canonical, c.canonical) and _near(o, c, documents)),
                    None,
                )
        used.update(m.key for m in concept.members)
        concepts.append(concept)
    return concepts


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
    for term in terms:
        term.status = APPROVED if ref else PROPOSED
    return terms


def _pick(units: Iterable[Unit], indices: set[int]) -> dict[int, Unit]:
    if isinstance(units, Units):
        return units.pick(indices)
    listed = list(units)
    return {i: listed[i] for i in indices}


def build_glossary(
    units: Iterable[Unit],
    translator: SentenceTranslator | None,
    cache: TranslationCache,
    options: GlossaryOptions | None = None,
) -> Glossary:
    """Extract and rank the terms of the units' Russian side, pair acronyms with their full
    forms, and give each concept English equivalents (reference list, else MT checked in the
    units' English). Without a translator, only reference equivalents are given."""
    options = options or GlossaryOptions()
    documents = array("L")  # the document of each unit, numbered: a 200 MB memory has many units
    numbers: dict[str, int] = {}

    aligned = 0

    def russian() -> Iterator[str]:
        nonlocal aligned
        for u in units:
            documents.append(numbers.setdefault(u.document, len(numbers)))
            aligned += u.origin == ORIGIN_ALIGNMENT
            yield u.source

    candidates = rank_candidates(russian(), options.extraction)
    concepts = _concepts(candidates, documents)
    # The second pass: only the units the glossary quotes or draws English from.
    quoted = _pick(units, {i for c in candidates for i in c.sentences})
    evidence = None
    if aligned:  # human translations: a third pass counts their English n-grams
        evidence = AlignedEvidence({c.key: c.sentences for c in candidates},
                                   {i: u.target for i, u in quoted.items() if u.origin == ORIGIN_ALIGNMENT})
        evidence.count(u.target for u in units if u.origin == ORIGIN_ALIGNMENT)

    # One batched, cached model call for every term that needs machine translation.
    to_translate: list[str] = []
    for concept in concepts:
        if concept.reference is None:
            for member in concept.members:
                to_translate += [member.canonical, member.variants[0]]
    translations = Translations({}, 0, 0, 0)
    if to_translate and translator is not None:
        translations = translate_unique(to_translate, translator, cache)

    entries = []
    for concept in concepts:
        members = concept.members
        contexts, sources = _contexts(members, quoted)
        entry = Entry(
            id=_entry_id(concept.main.key),
            terms=_ru_terms(concept),
            frequency=sum(m.frequency for m in members),
            score=round(max(m.score for m in members), 3),
            ranking=explain(max(members, key=lambda m: m.score)),
            contexts=contexts,
            sources=sources,
        )
        entry.terms += _en_terms(concept, translations, [quoted[i].target for m in members for i in m.sentences], evidence)
        entries.append(entry)
    return Glossary(entries, signature=str(extraction_signature(options.extraction, translator)))


def _en_terms(
    concept: _Concept, translations: Translations, english: list[str], evidence: AlignedEvidence | None = None
) -> list[Term]:
    """Equivalents by priority: the reference list, then human translations (aligned units),
    then MT confirmed in context, then bare MT."""
    ref = concept.reference
    if ref is not None:
        terms = [Term(ref.en, "en", "acronym" if ref.ru_full and ref.ru.isupper() else FULL_FORM,
                      status=APPROVED, confidence=1.0, origin="reference")]
        if ref.en_full:
            terms.append(Term(ref.en_full, "en", FULL_FORM, status=APPROVED, confidence=1.0, origin="reference"))
        return terms
    terms = []
    for member in concept.members:
        machine = [translations.get(t) for t in (member.canonical, member.variants[0])]
        found = evidence.equivalent(member.key, [m for m in machine if m]) if evidence is not None else None
        if found is not None:
            terms.append(Term(found.text, "en", "acronym" if member.kind == ACRONYM and found.text.isupper() else FULL_FORM,
                              status=PROPOSED, confidence=found.confidence, origin="aligned"))
            continue
        equivalent: Equivalent = choose_equivalent(machine, english)
        if equivalent.text:
            term_type: TermType = "acronym" if member.kind == ACRONYM else FULL_FORM
            terms.append(Term(equivalent.text, "en", term_type, status=PROPOSED,
                              confidence=equivalent.confidence, origin=equivalent.origin))
    return terms

