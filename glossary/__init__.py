"""RU–EN glossary of diplomatic and economic terminology: extraction, equivalents, formats, lookup.

The public library API, importable from `glossary` (loaded on first use):

    load_units(sources, translator, cache) -> Units           TMX files or Russian text
    build_glossary(units, translator, cache, options) -> Glossary
    build_and_write(sources, GlossaryBuildRequest(...), translator, cache) -> GlossaryBuildReport
                                                              all of `glossary build`: check, build, keep reviews, write
    read_glossary(path), iter_glossary(path), write_glossary(glossary, path)   any format
    carry_reviews(new, old_entries) -> (Glossary, CarriedReviews)   keep human decisions
    GlossaryIndex(glossary).lookup(query) -> LookupResult     any inflected form, RU or EN
    TermIndex                                                  what lookup and scan ask of an index
    Glossary, Entry, Term, Context                             the data
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_units": "glossary.build",
    "build_glossary": "glossary.build",
    "GlossaryOptions": "glossary.build",
    "build_and_write": "glossary.build",
    "GlossaryBuildRequest": "glossary.build",
    "GlossaryBuildReport": "glossary.build",
    "read_glossary": "glossary.formats",
    "iter_glossary": "glossary.formats",
    "write_glossary": "glossary.formats",
    "carry_reviews": "glossary.reviews",
    "CarriedReviews": "glossary.reviews",
    "GlossaryIndex": "glossary.lookup.index",
    "LookupResult": "glossary.lookup.index",
    "TermIndex": "glossary.lookup.keys",
    "Glossary": "glossary.entries",
    "Entry": "glossary.entries",
    "Term": "glossary.entries",
    "Context": "glossary.entries",
    "GlossaryError": "glossary.errors",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'glossary' has no attribute {name!r}")
