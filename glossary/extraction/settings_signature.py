"""The extraction settings signature: what decided which terms a glossary holds, in one line.

Like the MT signature (tm/mt/signature.py) and sacrebleu's, a compact `key:value|…` form:
the thresholds, where states and places go (`--places`), whether the reference list drove extraction (`--no-reference`), which
reference list it was (a hash of glossary/data/reference.tsv: the list changes between
releases), the general-news frequencies compared against, the relevance and NER settings, the
learned termhood model (a hash of glossary/data/termhood_model.npz, or `off`: retrained, it
reorders the list), the diplotm version, and the MT signature of the model that gave
equivalents (or `none`).
`glossary build` writes it into the TBX `sourceDesc` (a `<p type="x-extraction-signature">`,
glossary/formats/tbx.py) and its `--json` report.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from glossary.extraction.learned_termhood import MODEL
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.reference import REFERENCE_FILE
from tm import __version__
from tm.mt.signature import MtSignature

NO_MODEL = "none"
BUILTIN = "builtin"  # the general-news frequencies shipped in glossary/data


class _Signed(Protocol):
    @property
    def signature(self) -> MtSignature: ...


@dataclass(frozen=True)
class ExtractionSignature:
    """The settings one extraction ran with; `str()` gives the compact form."""

    min_frequency: int
    min_specificity: float
    min_word_specificity: float
    max_terms: int
    use_reference: bool
    reference_list: str  # the first 12 hex digits of the reference list's SHA-256
    news: str  # `builtin`, or `corpus=` and the name of the --reference-corpus folder
    use_names: bool
    min_relevance: float
    relevance_weight: float
    places: str = "last"  # where states and places go (ExtractionOptions.places)
    termhood: str = "off"  # the learned termhood model: the first 12 hex digits of its file's SHA-256, or `off`
    model: str = NO_MODEL  # the MT signature, or `none`
    version: str = __version__

    def __str__(self) -> str:
        parts = [
            f"minf:{self.min_frequency}",
            f"spec:{self.min_specificity}",
            f"wspec:{self.min_word_specificity}",
            f"max:{self.max_terms}",
            f"ref:{_yes(self.use_reference)}",
            f"reflist:{self.reference_list}",
            f"news:{self.news}",
            f"ner:{_yes(self.use_names)}",
            f"rel:{self.min_relevance}",
            f"relw:{self.relevance_weight}",
            f"places:{self.places}",
            f"termhood:{self.termhood}",
            f"diplotm:{self.version}",
            # The MT signature has `|` of its own: in brackets, it stays one field.
            f"mt:{self.model if self.model == NO_MODEL else '(' + self.model + ')'}",
        ]
        return "|".join(parts)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def reference_list_version(path: Path = REFERENCE_FILE) -> str:
    """The reference list's identity: the first 12 hex digits of its SHA-256 (8 KB: read
    each time, never stale)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def termhood_version(path: Path = MODEL) -> str:
    """The learned termhood model's identity (its file's SHA-256, 12 hex digits), or `off` where none is shipped."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "off"


def extraction_signature(options: ExtractionOptions, translator: _Signed | None = None) -> ExtractionSignature:
    """The signature of an extraction with `options` and, for equivalents, `translator`."""
    corpus = options.reference_corpus
    return ExtractionSignature(
        min_frequency=options.min_frequency,
        min_specificity=options.min_specificity,
        min_word_specificity=options.min_word_specificity,
        max_terms=options.max_terms,
        use_reference=options.use_reference,
        reference_list=reference_list_version(),
        # A folder name with `|` would break the form's fields.
        news=BUILTIN if corpus is None else "corpus=" + corpus.name.replace("|", "_"),
        use_names=options.use_names,
        min_relevance=options.min_relevance,
        relevance_weight=options.relevance_weight,
        places=options.places,
        termhood=termhood_version() if options.learned_termhood and options.use_domain else "off",
        model=NO_MODEL if translator is None else str(translator.signature),
    )
