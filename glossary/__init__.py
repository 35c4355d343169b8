"""RU–EN glossary of diplomatic and economic terminology: extraction, equivalents, formats, lookup.

The public library API, importable from `glossary` (loaded on first use):

    load_units(sources, translator, cache) -> list[Unit]      TMX files or Russian text
    build_glossary(units, translator, cache, options) -> Glossary
    read_glossary(path), iter_glossary(path), write_glossary(glossary, path)   any format
    carry_reviews(new, old_entries) -> (Glossary, CarriedReviews)   keep human decisions
    GlossaryIndex(glossary).lookup(query) -> LookupResult     any inflected form, RU or EN
    Glossary, Entry, Term, Context                             the data
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_units": "glossary.build", "build_glossary": "glossary.build", "GlossaryOptions": "glossary.build",
    "read_glossary": "glossary.formats", "iter_glossary": "glossary.formats", "write_glossary": "glossary.formats",
    "carry_reviews": "glossary.reviews", "CarriedReviews": "glossary.reviews",
    "GlossaryIndex": "glossary.lookup.index", "LookupResult": "glossary.lookup.index",
    "Glossary": "glossary.entries", "Entry": "glossary.entries", "Term": "glossary.entries", "Context": "glossary.entries",
    "GlossaryError": "glossary.errors",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'glossary' has no attribute {name!r}")
