"""The coefficients that turn a link's features into the probability that it is right.

A logistic regression over the features `aligner._Scorer.features` computes for each link
of the best path, in the order of FEATURES. It was fitted by `bench/alignment.py --calibrate`
on the links this aligner (with the reference list's term pairs, no MT) finds in perturbed
newstest2017 documents, each labelled right when both of its sides are exactly the truth's,
and checked on newstest2018 (bench/data/alignment_calibration.txt has the report). The
numbers below are pasted from that run; refit and paste again whenever the costs change.
"""

from __future__ import annotations

import math

FEATURES = (
    "length cost",  # -log of Gale & Church's probability of the length difference
    "anchors shared",
    "numbers on one side only",
    "other anchors on one side only",
    "kind 1-2/2-1",
    "kind 2-2",
    "kind 1-3/3-1",
    "bead cost",  # what the DP paid for the link
    "margin",  # how much cheaper than the best other bead into the same cell (capped)
    "log characters",  # log(1 + characters of both sides)
    "next to a 1-0/0-1",  # a neighbouring link is a left-out sentence
    "neighbours' margin",  # the smaller margin of the links either side
)
MAX_MARGIN = 20.0

# Fitted by `bench/alignment.py --calibrate` on newstest2017 (2,667 links, 60 wrong; ridge 1.0,
# Newton's method). AUC of right against wrong links: dev 0.951, test (newstest2018) 0.898.
# The bead cost is nearly a sum of the first seven features, so single coefficients mean little
# (a shared anchor, for one, counts -1.35 here and +0.48 × 3.5 through the bead cost).
INTERCEPT = 5.4274
COEFFICIENTS = (-0.9350, -1.3457, 1.6752, 0.0364, 0.3840, -3.3403, -0.8728, -0.4822, 0.6761, -1.0805, -1.0804, 0.6038)
# tm align --min-score's default. The dev choice, 0.89, loses 1.8% of right dev links but 3.8%
# of right test links (over the 2% allowed), so by default no pair is left out.
MIN_SCORE = 0.0


def probability(features: tuple[float, ...]) -> float:
    """The estimated probability that a link with these features is right."""
    z = INTERCEPT + sum(c * x for c, x in zip(COEFFICIENTS, features, strict=True))
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)
