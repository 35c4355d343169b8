"""The MT settings signature: everything that decides a machine translation, in one line.

As sacrebleu prints `nrefs:1|case:mixed|tok:13a|smooth:exp|version:2.0.0` beside a score, a
memory says how its translations were made: model and version, the decoding settings, the
compute type and device, and the argostranslate and CTranslate2 versions. `tm build` writes
it into the TMX header (`<prop type="x-mt-signature">`) and its `--json` report, and the
glossary's extraction signature (glossary/extraction/settings_signature.py) quotes it.

The translation cache key is derived from the same object (`cache_key`). It leaves out the
library versions, and is the very string the cache used before signatures existed, so the
caches already on disk keep answering.

With `--glossary`, the glossary's content hash (its first 16 hex digits) joins both: `gloss:`
at the end of the compact form and `|glossary=` at the end of the cache key, so English made
without the glossary (or with another version of it) is never reused with it. Without one,
both strings are exactly what they were before.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from importlib import metadata

# Field → short key in the compact form, in the order it is written.
_KEYS = {
    "model": "model",
    "version": "v",
    "beam_size": "beam",
    "length_penalty": "lp",
    "max_decoding_length": "max",
    "compute_type": "ct",
    "device": "dev",
    "argostranslate": "argos",
    "ctranslate2": "ct2",
    "glossary": "gloss",
}
_OPTIONAL = {"glossary"}  # written only when set: signatures without them read as before
TMX_PROP = "x-mt-signature"
UNKNOWN = "?"  # a library whose version cannot be read (not installed: a test's fake model)


@dataclass(frozen=True)
class MtSignature:
    """The settings one translation ran with; `str()` gives the compact form."""

    model: str  # the argos package code, e.g. translate-ru_en
    version: str  # the package version
    beam_size: int
    length_penalty: float
    max_decoding_length: int
    compute_type: str  # argostranslate's ARGOS_COMPUTE_TYPE (auto, int8, float32…)
    device: str  # the resolved device: cpu or cuda, never auto
    argostranslate: str = UNKNOWN
    ctranslate2: str = UNKNOWN
    glossary: str = ""  # the --glossary file's content hash (16 hex digits); "" without one

    def __str__(self) -> str:
        return "|".join(
            f"{key}:{getattr(self, name)}" for name, key in _KEYS.items() if name not in _OPTIONAL or getattr(self, name)
        )

    @property
    def label(self) -> str:
        """Model name and version, as `x-mt-model` has them."""
        return f"{self.model} {self.version}"

    @property
    def cache_key(self) -> str:
        """The key of this signature's translations in the cache: model and decoding
        settings, not the library versions. Unchanged from the cache's first format."""
        key = (
            f"{self.label}|beam={self.beam_size}|lp={self.length_penalty}"
            f"|max={self.max_decoding_length}|compute={self.compute_type}|device={self.device}"
        )
        return f"{key}|glossary={self.glossary}" if self.glossary else key

    def to_dict(self) -> dict[str, object]:
        values = asdict(self)
        return {name: value for name, value in values.items() if name not in _OPTIONAL or value}

    @classmethod
    def parse(cls, text: str) -> MtSignature:
        """The signature a compact form stands for (ValueError when it is not one)."""
        by_key = {key: name for name, key in _KEYS.items()}
        values: dict[str, str] = {}
        for part in text.split("|"):
            key, sep, value = part.partition(":")
            if not sep or key not in by_key or by_key[key] in values:
                raise ValueError(f"not an MT signature: {text!r}")
            values[by_key[key]] = value
        if not set(_KEYS) - _OPTIONAL <= set(values):
            raise ValueError(f"not an MT signature (fields missing): {text!r}")
        types = {f.name: f.type for f in fields(cls)}
        converted: dict[str, object] = {
            name: int(value) if types[name] == "int" else float(value) if types[name] == "float" else value
            for name, value in values.items()
        }
        return cls(**converted)  # type: ignore[arg-type]


def library_version(distribution: str) -> str:
    """An installed distribution's version, or `?` (read from its metadata: importing
    CTranslate2 just for its version would cost a second)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return UNKNOWN
