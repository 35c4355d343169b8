"""Learned termhood: how likely an extracted phrase is a term rather than a free combination,
from the words it is made of.

The hand rules (ranking.py, combinations.py) catch free combinations by kind: a free modifier,
an evaluative adjective, a noun of action. What they cannot tell is the bulk of what a
terminologist still deletes: «военная мощь», «банковское сообщество», «долгосрочный заказ» are
made like «процентная ставка» and «таможенный союз». What tells them apart is the words: some
heads and modifiers make terms, others make descriptions. This module scores a phrase by a
logistic regression over the navec news vectors of its head noun and of its other words, plus a
few plain features (length, script, capitals, general-Russian frequency, domain margin).

It is trained by `bench/train_termhood.py` on the hand judgements of bench/data/ (the terms
that reached a top list of the development sets, the seeds included), and shipped as
glossary/data/termhood_model.npz with the settings and judgement counts behind it. It is no
list of answers: a vector model generalises to phrases it never saw, and it is measured on
held-out news that no judgement came from (bench/term_precision.py, `raw-test5`,
`topic-test3`). The ranking uses it as a soft prior (`termhood_prior`), never as a filter.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.core.errors import InputError

MODEL = Path(__file__).resolve().parent.parent / "data" / "termhood_model.npz"
DIMENSIONS = 300  # navec's
# The ranking multiplies a candidate's score by its odds of being a term to this power: 1 would
# trust the model as much as the evidence of the counts. Chosen on the nine seen sets with
# bench/train_termhood.py --evaluate, each set's own entries left out of the training: mean P@50
# 0.75 without the model, 0.793 at 0.5, 0.800 at 0.75, 0.802 at 1; the middle trusts it less
# for about the same gain. Remeasured at s7-F with 7 more judgements (977): 0.802 at 0.75,
# 0.811 at 1, too close to keep a change for.
PRIOR_EXPONENT = 0.75
# Odds kept within these bounds: the model is one signal among several, and an entry it is
# sure of either way is still ranked by its counts. The bounds barely bind: 0.05..8, 0.2..4 and
# 0.1..2.5 gave the same leave-one-set-out P@50 as these (s7-F).
MIN_ODDS, MAX_ODDS = 0.1, 4.0
PLAIN_FEATURES = (
    "single word",
    "three words or more",
    "acronym",
    "capitalised",
    "Latin script",
    "head's general frequency",
    "mean general frequency",
    "head's domain margin",
    "lowest domain margin",
    "head unknown",
    "noun first",
)
# What did not help (s7-F, bench/train_termhood.py --evaluate's measure, mean 0.804 with these
# features on 970 judgements, 0.802 on 977; one entry is 0.02 of one set's P@50, so a gain under
# +0.01 is noise): the first other word's vector apart from the rest's mean (0.796); seven flags
# together — a qualitative or a free modifier, an animate head, the head's lexeme_zipf, a noun-first
# phrase with a genitive, the head's cosine to the core words and to OTHER_TOPICS (0.791; each alone
# 0.802–0.804); the cosine of head and other words (0.802); their elementwise product (0.807); the
# candidate's own relevance, context, domain, company and source shares, taken for each judged entry
# from another set's ranking (0.802, or 0.784 trained on the 467 entries that have them); an L2 per
# block (vectors 0.02, plain 0.01: 0.809, 0.811 at exponent 1); 300 or 1,500 descent steps. On 977
# judgements the product, the flags and the split gave 0.807, 0.800, 0.804 (0.811, 0.811, 0.809 at
# exponent 1), the per-block L2 0.809: all within a swap or two of the plain model.


@dataclass(frozen=True)
class TermhoodModel:
    """Weights of the logistic regression, and the signature of its training (what data, which
    settings), printed by bench/train_termhood.py and kept in the model file."""

    weights: Any  # numpy vector: head vector, other words' vector, PLAIN_FEATURES
    bias: float
    signature: dict[str, object]

    def probability(self, canonical: str) -> float:
        import numpy as np

        return float(1 / (1 + np.exp(-(features(canonical) @ self.weights + self.bias))))

    def save(self, path: Path | None = None) -> None:
        """Write the model to `path` (MODEL by default) atomically, as every output of the
        project (tm.core.atomic): a training run that fails or is stopped leaves the old model
        and no temporary file."""
        import numpy as np

        from tm.core.atomic import atomic_output

        with atomic_output(path or MODEL) as handle:
            np.savez(handle, weights=self.weights.astype("float32"), bias=self.bias, signature=json.dumps(self.signature))


def load(path: Path | None = None) -> TermhoodModel | None:
    """The model at `path` (the shipped one, MODEL, by default); None where there is no file
    (the ranking then goes without it, and the extraction signature says `termhood:off`).

    A file that is there but cannot be used (truncated, not an .npz, weights of another
    feature layout) raises InputError, which the CLIs print as one line: ranking without it
    would give another list under a signature naming the file's hash, so it is no fallback."""
    import zipfile

    import numpy as np

    path = path or MODEL
    if not path.exists():
        return None
    try:
        with np.load(path) as data:
            weights = np.asarray(data["weights"], dtype="float64")
            bias = float(data["bias"])
            signature = json.loads(str(data["signature"]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # json's error is a ValueError
        raise InputError(f"{path}: the learned termhood model cannot be read ({_reason(exc)}); {_REMEDY}") from None
    width = 2 * DIMENSIONS + len(PLAIN_FEATURES)
    if weights.shape != (width,) or not np.isfinite(weights).all() or not np.isfinite(bias) or not isinstance(signature, dict):
        raise InputError(f"{path}: not a learned termhood model of {width} finite weights and a signature; {_REMEDY}")
    return TermhoodModel(weights, bias, signature)


_REMEDY = "reinstall diplotm, or delete the file to rank without it"


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@functools.lru_cache(maxsize=1)
def shipped() -> TermhoodModel | None:
    return load()


def features(canonical: str) -> Any:
    """The feature vector of a phrase written in its canonical form: the navec vector of its
    head noun (categories.head_noun; a single word is its own head), the mean vector of its
    other words, and PLAIN_FEATURES."""
    import numpy as np

    from glossary.extraction.categories import head_noun
    from glossary.extraction.frequency import general_zipf
    from glossary.extraction.morphology import lemma
    from glossary.extraction.relevance import word_domain, word_vector

    words = canonical.replace("«", " ").replace("»", " ").replace('"', " ").split() or [canonical]
    lower = [w.lower().replace("ё", "е") for w in words]
    found = head_noun(lower) if len(words) > 1 else None
    head = found[0] if found is not None else 0
    head_vector = word_vector(words[head])
    others = [v for i, w in enumerate(words) if i != head and (v := word_vector(w)) is not None]
    margins = [word_domain(w) or 0.0 for w in lower]
    plain = [
        len(words) == 1,
        len(words) >= 3,
        canonical.isupper() and len(canonical) > 1,
        canonical[:1].isupper(),
        any("a" <= ch <= "z" for ch in canonical.lower()),
        general_zipf(lemma(lower[head])) / 7,
        sum(general_zipf(lemma(w)) for w in lower) / len(lower) / 7,
        margins[head],
        min(margins),
        head_vector is None,
        len(words) > 1 and head == 0,
    ]
    return np.concatenate(
        [
            head_vector if head_vector is not None else np.zeros(DIMENSIONS),
            np.mean(others, axis=0) if others else np.zeros(DIMENSIONS),
            np.array(plain, dtype=float),
        ]
    )


def fit(matrix: Any, labels: Any, l2: float, steps: int = 600, rate: float = 1.0) -> tuple[Any, float]:
    """Logistic regression by full-batch gradient descent with an L2 penalty (the bias free):
    a few hundred features and a thousand judgements need nothing more."""
    import numpy as np

    weights, bias = np.zeros(matrix.shape[1]), 0.0
    for _ in range(steps):
        error = 1 / (1 + np.exp(-(matrix @ weights + bias))) - labels
        weights -= rate * (matrix.T @ error / len(labels) + l2 * weights)
        bias -= rate * float(error.mean())
    return weights, bias


def termhood_prior(canonical: str, model: TermhoodModel | None = None, exponent: float = PRIOR_EXPONENT) -> float:
    """The factor a candidate's score is multiplied by: its odds of being a term under the
    model, within MIN_ODDS..MAX_ODDS, to the power `exponent`; 1 without a model."""
    model = model or shipped()
    if model is None:
        return 1.0
    p = min(max(model.probability(canonical), 1e-6), 1 - 1e-6)
    return float(min(max(p / (1 - p), MIN_ODDS), MAX_ODDS) ** exponent)
