"""Russian→English translation memory: documents → segments → argostranslate → TMX.

The public library API, importable from `tm` (loaded on first use, so `import tm` stays
light):

    build_memory(paths, output, translator, cache, options) -> BuildReport   the whole pipeline
    read_segments(paths) -> SegmentedInputs        documents → sentences, with errors/notices
    translate_unique(sentences, translator, cache) -> Translations   cached, batched MT
    Translator(package), resolve_model(file|None)  an installed argos ru→en package
    TranslationCache(path|None)                    the SQLite translation cache
    read_tmx(path, "ru", "en"), write_tmx(path, units, TmxHeader())   TMX 1.4b, streaming

Errors are `tm.errors.TmError` subclasses; each carries the CLI's exit code.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build_memory": "tm.build", "read_segments": "tm.build", "translate_unique": "tm.build",
    "BuildOptions": "tm.build", "BuildReport": "tm.build", "SegmentedInputs": "tm.build", "Translations": "tm.build",
    "Translator": "tm.translator", "TranslationCache": "tm.cache",
    "read_tmx": "tm.tmx", "write_tmx": "tm.tmx", "TmxReader": "tm.tmx", "TmxWriter": "tm.tmx",
    "TmxUnit": "tm.tmx", "TmxHeader": "tm.tmx",
    "TmError": "tm.errors",
}
__all__ = ["__version__", "resolve_model", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name == "resolve_model":
        return import_module("tm.models").resolve
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tm' has no attribute {name!r}")
