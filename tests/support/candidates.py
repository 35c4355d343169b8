"""A ranked candidate made by hand, for the tests of the merging stages: its key and lemmas from
its canonical form, one sighting per sentence number given."""

from __future__ import annotations

from glossary.extraction.candidates import PHRASE
from glossary.extraction.morphology import lemma_key
from glossary.extraction.ranking import Candidate


def candidate(canonical: str, sentences: list[int], kind: str = PHRASE) -> Candidate:
    return Candidate(
        key=lemma_key(canonical),
        kind=kind,
        canonical=canonical,
        frequency=len(sentences),
        sentences=sentences,
        variants=[canonical],
        lemmas=tuple(lemma_key(canonical).split()),
    )
