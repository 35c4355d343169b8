"""Train the learned termhood model (glossary/extraction/learned_termhood.py) on the hand
judgements of bench/data/, and measure what it does to the issue 19 sets.

    .venv/bin/python bench/train_termhood.py            # train on every judgement, write the model
    .venv/bin/python bench/train_termhood.py --evaluate # leave-one-set-out: P@50 without and with it

The training data is every judged entry of the development sets: domain_judgements.tsv (issue
19's sets; `place` rows left out, since states go to their own list), term_judgements.tsv (the
seeds) and the two news_*term_judgements.tsv. `--evaluate` ranks each set without the model,
trains on the judgements of every entry that is not among that set's first EVALUATED_TOP
candidates, re-ranks the set with that model, and prints P@50 before and after: the model never
sees a judgement of the set it is measured on. The held-out sets (`raw-test5`, `topic-test3`)
are not evaluated here: they are judged once, blind, at the end of a round.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from glossary.extraction import learned_termhood  # noqa: E402
from glossary.extraction.morphology import lemma_key  # noqa: E402

DATA = ROOT / "bench" / "data"
FILES = ("domain_judgements.tsv", "term_judgements.tsv", "news_term_judgements.tsv", "news_test_term_judgements.tsv")
L2 = 0.01  # chosen by --evaluate (the grid it prints): mean leave-one-set-out P@50 0.787 against 0.776 at 0.03, 0.751 at 0.1
DEVELOPMENT_SETS = ("dev", "test", "raw-dev", "raw-test", "raw-test2", "raw-test3", "raw-test4", "topic-test2", "seeds")
EVALUATED_TOP = 400  # candidates re-scored per set: a prior of at most MAX_ODDS ** PRIOR_EXPONENT lifts none from lower


def judgements() -> dict[str, int]:
    """Judged entry (as written) → 1 for a term, 0 for anything else; states and places left out."""
    labels: dict[str, int] = {}
    for name in FILES:
        labels.update(_file_labels(name))
    return labels


def train(labels: dict[str, int], l2: float = L2) -> learned_termhood.TermhoodModel:
    import numpy as np

    terms = sorted(labels)
    matrix = np.array([learned_termhood.features(t) for t in terms])
    weights, bias = learned_termhood.fit(matrix, np.array([labels[t] for t in terms], dtype=float), l2)
    signature = {
        "judgements": len(terms),
        "terms": sum(labels.values()),
        "files": list(FILES),
        "l2": l2,
        "features": f"navec head {learned_termhood.DIMENSIONS} + others {learned_termhood.DIMENSIONS} + "
        + ", ".join(learned_termhood.PLAIN_FEATURES),
    }
    return learned_termhood.TermhoodModel(weights, bias, signature)


def cross_validated_auc(labels: dict[str, int], l2: float, folds: int = 5) -> float:
    """Mean AUC of a random `folds`-fold split of the judgements."""
    import numpy as np

    terms = sorted(labels)
    random.Random(1).shuffle(terms)
    matrix = np.array([learned_termhood.features(t) for t in terms])
    y = np.array([labels[t] for t in terms], dtype=float)
    aucs = []
    for k in range(folds):
        test = np.zeros(len(terms), dtype=bool)
        test[k::folds] = True
        weights, bias = learned_termhood.fit(matrix[~test], y[~test], l2)
        scores = matrix[test] @ weights + bias
        order = scores.argsort().argsort()
        positive = y[test] == 1
        n_pos, n_neg = positive.sum(), (~positive).sum()
        aucs.append((order[positive].sum() - n_pos * (n_pos - 1) / 2) / (n_pos * n_neg))
    return float(np.mean(aucs))


def evaluate(sets: list[str], l2s: list[float], exponents: list[float]) -> None:
    """P@50 of each set without the model and with it (trained without the set's own entries)."""
    import term_precision as tp

    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import rank_candidates

    labels = judgements()
    print(f"{'set':12} {'without':>8} " + " ".join(f"l2={l2:g},b={b:g}".rjust(14) for l2 in l2s for b in exponents))
    totals: dict[tuple[float, float], float] = {}
    base_total = 0.0
    missing: set[str] = set()
    for name in sets:
        sentences = tp.seed_sentences() if name == "seeds" else [s for _, s in tp.year_sentences(name)]
        ranked = rank_candidates(sentences, ExtractionOptions(use_reference=False, learned_termhood=False))
        top = ranked[:EVALUATED_TOP]
        own = {lemma_key(c.canonical) for c in top}
        training = {t: v for t, v in labels.items() if lemma_key(t) not in own}
        base, base_unjudged = precision(name, tp._concept_top(ranked, sentences), missing)
        base_total += base
        cells = []
        for l2 in l2s:
            model = train(training, l2)
            priors = {id(c): learned_termhood.termhood_prior(c.canonical, model, exponent=1.0) for c in top}
            for exponent in exponents:
                rescored = sorted(top, key=lambda c: -(c.score * (priors[id(c)] ** exponent if not c.in_reference else 1.0)))
                p, unjudged = precision(name, tp._concept_top(rescored + ranked[EVALUATED_TOP:], sentences), missing)
                totals[(l2, exponent)] = totals.get((l2, exponent), 0.0) + p
                cells.append(f"{p:.2f} ({unjudged})".rjust(14))
        print(f"{name:12} {base:.2f} ({base_unjudged})".ljust(22) + " ".join(cells))
    print(
        f"{'mean':12} {base_total / len(sets):.2f}".ljust(22) + " ".join(f"{totals[k] / len(sets):.3f}".rjust(14) for k in totals)
    )
    print("(n): entries of the top 50 with no judgement, counted as not terms: " + ", ".join(sorted(missing)))


def precision(name: str, concepts: list[str], missing: set[str]) -> tuple[float, int]:
    """P@len(concepts) of a set's concept list, and how many of them have no judgement (added to `missing`)."""
    import term_precision as tp

    if name == "seeds":
        seeds = {lemma_key(t): v for t, v in _file_labels("term_judgements.tsv").items()}
        verdicts = [seeds.get(lemma_key(t)) for t in concepts]
        missing.update(t for t, v in zip(concepts, verdicts, strict=True) if v is None)
        return sum(v == 1 for v in verdicts) / len(concepts), verdicts.count(None)
    categories = tp.load_categories(name)
    judged = [tp.category(categories, t) for t in concepts]
    missing.update(t for t, j in zip(concepts, judged, strict=True) if j is None)
    return sum(j is not None and j[0].startswith("term") for j in judged) / len(concepts), judged.count(None)


def _file_labels(name: str) -> dict[str, int]:
    """One judgement file's entries → 1 or 0, its `place` rows left out (states have a list of their own)."""
    labels = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            term, verdict, *rest = line.split("\t")
            if not (rest and rest[0] == "place"):
                labels[term] = 1 if verdict == "1" else 0
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluate", action="store_true", help="leave-one-set-out P@50, without and with the model")
    parser.add_argument("--set", nargs="+", default=list(DEVELOPMENT_SETS))
    parser.add_argument("--l2", type=float, nargs="+", default=[L2])
    parser.add_argument("--exponent", type=float, nargs="+", default=[learned_termhood.PRIOR_EXPONENT])
    args = parser.parse_args()
    if args.evaluate:
        evaluate(args.set, args.l2, args.exponent)
        return
    labels = judgements()
    for l2 in args.l2:
        print(f"l2 {l2:g}: cross-validated AUC {cross_validated_auc(labels, l2):.3f} on {len(labels)} judgements")
    model = train(labels, args.l2[0])
    model.save()
    print(f"wrote {learned_termhood.MODEL.relative_to(ROOT)}: {model.signature}")


if __name__ == "__main__":
    main()
