"""The coefficients that turn a link's features into the probability that it is right.

Two logistic regressions over the features the aligner computes for each link of the best
path (`aligner._Scorer.features` and `aligner._with_neighbours`), in the order of FEATURES.
The first, over the link's own features and its neighbours' margins, gives each link its
own logit; the second adds the lowest own logit of the links either side (a link next to a
doubtful one is more often wrong: a missing or swapped sentence shifts the pairs around it)
and gives the score, `x-align-score`.

Signature of the numbers below: fitted by `bench/alignment.py --calibrate` (ridge 1.0 on
standardised features, Newton's method, both stages on the same links) on the links this
aligner (with the reference list's term pairs, no MT) finds in newstest2017 cut into
documents of 20-60 sentences and perturbed under six seeds (11-16) in the eight ways of
`bench.alignment.PERTURBATIONS` (1-0, 0-1, replaced, swapped neighbours, 1-2, 2-1, 1-3, 3-1);
each link is right when its sides are a truth link's. Checked on newstest2018 built the same
way; bench/data/alignment_calibration.txt has the report. Refit and paste again whenever the
costs or the features change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

FEATURES = (
    "length cost",  # -log of Gale & Church's probability of the length difference (capped)
    "anchors shared",  # log(1 + numbers, months, names, Latin words and term pairs on both sides)
    "numbers on one side only",  # log(1 + numbers and Latin words of one side missing on the other)
    "kind 1-2/2-1",
    "kind 2-2",
    "kind 1-3/3-1",
    "margin",  # how much cheaper than the best other bead into the same cell (capped)
    "next to a 1-0/0-1",  # a neighbouring link is a left-out sentence
    "neighbours' margin",  # the smaller margin of the links either side
    "neighbours' logit",  # the lower own logit (first stage) of the links either side (capped)
)
OWN = len(FEATURES) - 1  # the first stage's features
MAX_LENGTH_COST = 10.0
MAX_MARGIN = 20.0
MAX_LOGIT = 10.0

# Fitted on newstest2017 (see the module docstring): 14,696 links, 1,042 wrong. AUC of right
# against wrong links (95% bootstrap interval over the corpus's cuts): dev 0.909 [0.893, 0.923]
# (grouped 5-fold cross-validated 0.908), test (newstest2018, 14,660 links, 1,099 wrong) 0.904
# [0.892, 0.912]. The terms of a kind and of the length cost share the weight of the bead's
# cost, so single coefficients mean little.
OWN_INTERCEPT = 1.8294
OWN_COEFFICIENTS = (-1.6369, 1.1641, -1.6009, -1.5792, -3.2335, -1.7444, 0.3723, -1.0501, 0.1548)
INTERCEPT = 1.9802
COEFFICIENTS = (-1.6508, 1.2006, -1.6321, -1.6479, -3.2741, -1.8467, 0.3386, -1.1674, 0.0034, 0.2151)
# tm align --min-score's default. The dev choice, 0.65 (the highest that loses at most 2% of
# right dev links: 1.9%, dropping 51% of wrong ones), loses 3.3% [2.7%, 3.9%] of right test
# links: newstest2018's right links score lower than newstest2017's at every threshold, so by
# default no pair is left out.
MIN_SCORE = 0.0


def own_logit(features: Sequence[float]) -> float:
    """The first stage's logit of a link from its first OWN features."""
    return OWN_INTERCEPT + sum(c * x for c, x in zip(OWN_COEFFICIENTS, features[:OWN], strict=True))


def with_neighbours_logit(
    links: Sequence[tuple[float, ...] | None], logit: Callable[[Sequence[float]], float] = own_logit
) -> list[tuple[float, ...] | None]:
    """Each link's first OWN features with the lower own logit of the links either side
    appended (None stays None: a 1-0/0-1, which has no score); `logit` is the first stage's
    (bench/alignment.py passes the one it is fitting)."""
    logits = [None if f is None else max(min(logit(f), MAX_LOGIT), -MAX_LOGIT) for f in links]
    out: list[tuple[float, ...] | None] = []
    for k, f in enumerate(links):
        if f is None:
            out.append(None)
            continue
        around = [z for n in (k - 1, k + 1) if 0 <= n < len(links) and (z := logits[n]) is not None]
        out.append((*f[:OWN], min(around, default=MAX_LOGIT)))
    return out


def probability(features: Sequence[float]) -> float:
    """The estimated probability that a link with these features (all of FEATURES) is right."""
    z = INTERCEPT + sum(c * x for c, x in zip(COEFFICIENTS, features, strict=True))
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)
