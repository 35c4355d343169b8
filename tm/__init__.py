"""Russian→English translation memory: documents → segments → argostranslate → TMX.

The public library API, importable from `tm` (loaded on first use, so `import tm` stays
light):

    build_memory(paths, output, translator, cache, options) -> BuildReport   the whole pipeline
    read_segments(paths) -> SegmentedInputs        documents → sentences, with errors/notices
    translate_unique(sentences, translator, cache) -> Translations   cached, batched MT
    Translator(package), resolve_model(file|None)  an installed argos ru→en package
    TranslationCache(path|None)                    the SQLite translation cache
    read_tmx(path, "ru", "en"), write_tmx(path, units, TmxHeader())   TMX 1.4b, streaming

Errors are `tm.core.errors.TmError` subclasses; each carries the CLI's exit code.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build_memory": "tm.memory.build",
    "read_segments": "tm.memory.build",
    "translate_unique": "tm.memory.build",
    "BuildOptions": "tm.memory.build",
    "BuildReport": "tm.memory.build",
    "SegmentedInputs": "tm.memory.build",
    "Translations": "tm.memory.build",
    "Translator": "tm.mt.translator",
    "TranslationCache": "tm.mt.cache",
    "read_tmx": "tm.memory.tmx",
    "write_tmx": "tm.memory.tmx",
    "TmxReader": "tm.memory.tmx",
    "TmxWriter": "tm.memory.tmx",
    "TmxUnit": "tm.memory.tmx",
    "TmxHeader": "tm.memory.tmx",
    "TmError": "tm.core.errors",
}
__all__ = ["__version__", "resolve_model", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name == "resolve_model":
        return import_module("tm.mt.models").resolve
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tm' has no attribute {name!r}")
