"""The extraction's settings, with their defaults: kept apart from the extractor so that the
CLI reads its option defaults from here without loading pymorphy3 and the NER models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_KEYS = 100_000  # about 1.3 KB each: the candidate table stays under about 150 MB

# Where states and places (category `place`, glossary/extraction/categories.py) go: in their own
# section after every ranked term (`last`), alone (`only`: a list of state and place names), or
# nowhere (`none`). Never ranked among the concepts.
PLACES_LAST, PLACES_ONLY, PLACES_NONE = "last", "only", "none"
PLACES = (PLACES_LAST, PLACES_ONLY, PLACES_NONE)


@dataclass
class ExtractionOptions:
    min_frequency: int = 1
    min_specificity: float = 1.0  # phrases: mean log-ratio against general news
    min_word_specificity: float = 4.5  # single words: about 90 times more frequent than in news
    max_terms: int = 400  # ranked terms kept besides those always kept (acronyms, names, reference terms)
    reference_corpus: Path | None = None
    use_reference: bool = True  # False: the extractor alone (no list-driven candidates, boost or keeping)
    use_names: bool = True  # NER: persons and places out, one-word organisations in (glossary/extraction/entities.py)
    min_relevance: float = 0.2  # words and phrases: closeness to the domain (glossary/extraction/relevance.py)
    relevance_weight: float = 1.0  # score × relevance ** weight
    use_domain: bool = True  # weight counts by their passage's domain relevance (relevance.passage_weight)
    min_domain: float = 0.35  # mean passage weight a candidate (of any form) needs, unless in the reference list
    jobs: int = 0  # processes counting candidates; 0: one per available core
    max_keys: int = MAX_KEYS  # candidate table size that triggers dropping the rarest keys
    places: str = PLACES_LAST  # `--places`: one of PLACES
    learned_termhood: bool = True  # score × the learned termhood prior (glossary/extraction/learned_termhood.py)
    ray: str | None = None  # `--ray`: count on this Ray cluster (auto or an address) instead of local processes
