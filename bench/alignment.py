"""Sentence alignment quality and speed on WMT newstest (line N of .rus translates line N of .eng).

The corpus is cut into documents of 20–60 sentences. Each is made realistic: about 10% of
adjacent sentence pairs are merged on one side (2-1 and 1-2 beads) and about 3% of sentences
deleted from one side (1-0, 0-1); the original line pairs are the truth. Link precision,
recall and F1 count the 1-1/1-2/2-1 links (a link is right when both its sides are exactly
the truth's). Side by side on the same documents: Gale & Church alone (lengths only, its six
bead shapes), this aligner without and with the reference list's term pairs, and optionally
the peer Bleualign (`--peer bleualign`, `pip install pypi-bleualign`; without a real MT model
it gets the Russian itself as the "translation", so only numbers and names can match), and
Bleualign's own Gale-Church.

newstest2017 is the development half (weights were chosen on it), newstest2018 the test half.

`--calibrate` fits the score (tm/align/calibration.py): a logistic regression of "this link
is right" on the link's features, over the links this aligner (reference list, no MT) finds
in the dev documents; it reports AUC, Brier score and reliability on dev and test, picks the
highest `--min-score` (in steps of 0.01) that loses at most 2% of right dev links, prints
the coefficients to paste into calibration.py and writes bench/data/alignment_calibration.txt.

    .venv/bin/python bench/alignment.py [--set dev|test] [--speed 10000] [--peer bleualign] [--calibrate]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.align import calibration  # noqa: E402
from tm.align.aligner import align  # noqa: E402
from tm.align.anchors import Lexicon  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
SETS = {"dev": "newstest2017", "test": "newstest2018"}
GALE_CHURCH_BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))

Links = set[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass
class Document:
    ru: list[str]
    en: list[str]
    truth: Links  # non-null links, as indices into ru and en


def make_documents(name: str, seed: int = 1) -> list[Document]:
    ru_lines = (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
    en_lines = (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    documents, start = [], 0
    while start < len(ru_lines):
        size = rng.randint(20, 60)
        documents.append(_perturb(ru_lines[start : start + size], en_lines[start : start + size], rng))
        start += size
    return documents


def _perturb(ru_lines: list[str], en_lines: list[str], rng: random.Random) -> Document:
    ru: list[str] = []
    en: list[str] = []
    truth: Links = set()
    k = 0
    while k < len(ru_lines):
        roll = rng.random()
        if roll < 0.015:  # deleted from the English: a 1-0
            ru.append(ru_lines[k])
            k += 1
        elif roll < 0.03:  # deleted from the Russian: a 0-1
            en.append(en_lines[k])
            k += 1
        elif roll < 0.08 and k + 1 < len(ru_lines):  # two Russian sentences made one: 1-2
            truth.add(((len(ru),), (len(en), len(en) + 1)))
            ru.append(ru_lines[k] + " " + ru_lines[k + 1])
            en += en_lines[k : k + 2]
            k += 2
        elif roll < 0.13 and k + 1 < len(ru_lines):  # two English sentences made one: 2-1
            truth.add(((len(ru), len(ru) + 1), (len(en),)))
            ru += ru_lines[k : k + 2]
            en.append(en_lines[k] + " " + en_lines[k + 1])
            k += 2
        else:
            truth.add(((len(ru),), (len(en),)))
            ru.append(ru_lines[k])
            en.append(en_lines[k])
            k += 1
    return Document(ru, en, truth)


Aligner = Callable[[list[str], list[str]], Links]


def ours(lexicon: Lexicon | None = None, **options: object) -> Aligner:
    def run(ru: list[str], en: list[str]) -> Links:
        return {(link.ru, link.en) for link in align(ru, en, lexicon or Lexicon(), **options) if link.ru and link.en}  # type: ignore[arg-type]

    return run


def bleualign_peer(gale_church: bool = False) -> Aligner:
    """Bleualign (pypi-bleualign), given the Russian itself as the machine translation: with no
    real model here, only numbers, names and Latin words can match. Its output is sentence
    text; links are found again by matching it to runs of one to three sentences."""
    from bleualign.align import Aligner as Bleualign  # type: ignore[import-not-found]

    def runs(sentences: list[str]) -> dict[str, tuple[int, ...]]:
        return {" ".join(sentences[i : i + n]): tuple(range(i, i + n)) for n in (3, 2, 1) for i in range(len(sentences) - n + 1)}

    def run(ru: list[str], en: list[str]) -> Links:
        options = {
            "srcfile": [s + "\n" for s in ru],
            "targetfile": [s + "\n" for s in en],
            "srctotarget": [[s + "\n" for s in ru]],
            "targettosrc": [],
            "verbosity": 0,
        }
        if gale_church:
            options["galechurch"] = True
        aligner = Bleualign(options)
        aligner.mainloop()
        source, target = (out.getvalue().splitlines() for out in aligner.results())
        ru_runs, en_runs = runs(ru), runs(en)
        return {(ru_runs[a], en_runs[b]) for a, b in zip(source, target, strict=False) if a in ru_runs and b in en_runs}

    return run


def score(documents: list[Document], aligner: Aligner) -> tuple[float, float, float, float]:
    hits = found = truth = 0
    started = time.perf_counter()
    for d in documents:
        got = aligner(d.ru, d.en)
        hits += len(got & d.truth)
        found += len(got)
        truth += len(d.truth)
    p, r = hits / max(found, 1), hits / max(truth, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9), time.perf_counter() - started


def reference_lexicon() -> Lexicon:
    pairs = []
    for line in (ROOT / "glossary" / "data" / "reference.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith(("#", "ru\t")) or len(cells) < 2:
            continue
        pairs.append((cells[0], cells[1]))
        if len(cells) >= 4 and cells[2] and cells[3]:
            pairs.append((cells[2], cells[3]))
    return Lexicon.from_pairs(pairs)


def _raised(sentence: str, times: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m[0]) + 7919 * times), sentence) if times else sentence


def speed(size: int) -> None:
    """One long document pair, and one of half its length: time and peak memory should
    double, not quadruple. The corpus is cycled to reach the size; in each repeat every
    number is raised by the same amount on both sides, so that a repeat's numbers are new
    anchors, as a long real document's would be."""
    ru_lines, en_lines = [], []
    for name in SETS.values():
        ru_lines += (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
        en_lines += (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()

    def repeat(lines: list[str]) -> list[str]:
        return [_raised(s, k // len(lines)) for k, s in zip(range(size), itertools.cycle(lines))]

    ru_long, en_long = repeat(ru_lines), repeat(en_lines)
    print(f"\n{'aligner':<34} {'sentences':>9} {'seconds':>8} {'peak MB':>8} {'F1':>6}")
    for label, aligner in (
        ("Gale-Church (lengths only)", ours(use_anchors=False, beads=GALE_CHURCH_BEADS, skips_by_length=True)),
        ("this aligner, reference list", ours(reference_lexicon())),
    ):
        for count in (size // 2, size):
            document = _perturb(ru_long[:count], en_long[:count], random.Random(2))
            p, r, f, seconds = score([document], aligner)
            tracemalloc.start()  # a second run: tracing slows Python down
            aligner(document.ru, document.en)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            print(f"{label:<34} {len(document.ru):>9,} {seconds:>8.1f} {peak:>8.0f} {f:>6.3f}")


def labelled_links(documents: list[Document], lexicon: Lexicon) -> tuple[list[tuple[float, ...]], list[int], list[float]]:
    """Features, right (1) or wrong (0), and the aligner's score of every non-null link found."""
    features, right, scores = [], [], []
    for d in documents:
        for link in align(d.ru, d.en, lexicon):
            if link.ru and link.en:
                features.append(link.features)
                right.append(int((link.ru, link.en) in d.truth))
                scores.append(link.score)
    return features, right, scores


def fit_logistic(x: list[tuple[float, ...]], y: list[int], ridge: float = 1.0) -> list[float]:
    """Intercept then coefficients, by Newton's method (IRLS) with a small L2 penalty (not on
    the intercept) so that collinear features (the bead cost is nearly a sum of the others)
    stay finite."""
    import numpy as np

    a = np.column_stack([np.ones(len(x)), np.array(x, dtype=float)])
    t = np.array(y, dtype=float)
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], ridge)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(a @ w)))
        gradient = a.T @ (p - t) + penalty * w
        hessian = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return [float(v) for v in w]


def auc(scores: list[float], right: list[int]) -> float:
    """The probability that a right link scores above a wrong one (ties count half)."""
    order = sorted(range(len(scores)), key=lambda k: scores[k])
    ranks = [0.0] * len(scores)
    k = 0
    while k < len(order):  # average ranks over ties
        end = k
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[k]]:
            end += 1
        for m in range(k, end + 1):
            ranks[order[m]] = (k + end) / 2 + 1
        k = end + 1
    positives = sum(right)
    negatives = len(right) - positives
    rank_sum = sum(r for r, y in zip(ranks, right, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / max(positives * negatives, 1)


def _old_score(features: tuple[float, ...]) -> float:
    """The score before calibration: 1 - (1 - length match)·e^-shared, times e^(-missing/2)."""
    match = math.exp(-features[0])
    return (1 - (1 - match) * math.exp(-features[1])) * math.exp(-0.5 * features[2])


def _cut(scores: list[float], right: list[int], threshold: float) -> tuple[float, float]:
    """The share of right links lost and of wrong links dropped below `threshold`."""
    lost = sum(1 for s, y in zip(scores, right, strict=True) if y and s < threshold)
    dropped = sum(1 for s, y in zip(scores, right, strict=True) if not y and s < threshold)
    wrong = len(right) - sum(right)
    return lost / max(sum(right), 1), dropped / max(wrong, 1)


def calibrate() -> None:
    """Fit the score on dev, check it on test, and write the report (see the module docstring)."""
    lexicon = reference_lexicon()
    data = {name: labelled_links(make_documents(SETS[name]), lexicon) for name in ("dev", "test")}
    x, y, _ = data["dev"]
    weights = fit_logistic(x, y)

    def predict(features: list[tuple[float, ...]]) -> list[float]:
        out = []
        for f in features:
            z = weights[0] + sum(c * v for c, v in zip(weights[1:], f, strict=True))
            out.append(round(1 / (1 + math.exp(-z)), 3))  # rounded as x-align-score is
        return out

    predicted = {name: predict(features) for name, (features, _, _) in data.items()}
    steps = [k / 100 for k in range(100)]
    threshold = max(t for t in steps if _cut(predicted["dev"], y, t)[0] <= 0.02)
    lines = [
        f"Calibration of x-align-score (bench/alignment.py --calibrate): fitted on {SETS['dev']}, checked on {SETS['test']}.",
        "",
        "| set | links | wrong | AUC before | AUC calibrated | Brier | mean score | share right |"
        f" right lost at {threshold:.2f} | wrong dropped at {threshold:.2f} |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, (features, right, _) in data.items():
        scores = predicted[name]
        brier = sum((s - r) ** 2 for s, r in zip(scores, right, strict=True)) / len(right)
        lost, dropped = _cut(scores, right, threshold)
        lines.append(
            f"| {name} | {len(right):,} | {len(right) - sum(right)} | {auc([_old_score(f) for f in features], right):.3f} |"
            f" {auc(scores, right):.3f} | {brier:.4f} | {sum(scores) / len(scores):.3f} | {sum(right) / len(right):.3f} |"
            f" {lost:.1%} | {dropped:.1%} |"
        )
    lines += ["", "Reliability on test (links by score band: mean score against the share right):", ""]
    test_right = data["test"][1]
    for lo, hi in ((0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01)):
        band = [(s, r) for s, r in zip(predicted["test"], test_right, strict=True) if lo <= s < hi]
        if band:
            mean = sum(s for s, _ in band) / len(band)
            lines.append(
                f"  [{lo:.2f}, {min(hi, 1):.2f}): {len(band):>5} links, mean score {mean:.3f}, right {sum(r for _, r in band) / len(band):.3f}"
            )
    test_lost = _cut(predicted["test"], test_right, threshold)[0]
    lines += [
        "",
        f"min-score chosen on dev: {threshold:.2f}; on test it loses {test_lost:.1%} of right links"
        + (" (within 2%: the default)" if test_lost <= 0.02 else " (over 2%: the default stays 0)"),
        "",
        "Paste into tm/align/calibration.py:",
        f"INTERCEPT = {weights[0]:.4f}",
        "COEFFICIENTS = (" + ", ".join(f"{w:.4f}" for w in weights[1:]) + ")",
        "  # " + ", ".join(calibration.FEATURES),
        f"MIN_SCORE = {threshold if test_lost <= 0.02 else 0.0:.2f}",
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    (ROOT / "bench" / "data" / "alignment_calibration.txt").write_text(report, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--speed", type=int, default=0, help="also time one document pair of this many sentences")
    parser.add_argument("--peer", choices=["bleualign"])
    parser.add_argument("--calibrate", action="store_true", help="fit x-align-score on dev, report on test (and nothing else)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here")
    if args.calibrate:
        calibrate()
        return
    documents = make_documents(SETS[args.set])
    links = sum(len(d.truth) for d in documents)
    print(f"{SETS[args.set]} ({args.set}): {len(documents)} documents, {links:,} true links")
    print(f"{'aligner':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    aligners: list[tuple[str, Aligner]] = [
        ("Gale-Church (its variance 6.8)", ours(use_anchors=False, beads=GALE_CHURCH_BEADS, variance=6.8, skips_by_length=True)),
        ("Gale-Church (variance 10)", ours(use_anchors=False, beads=GALE_CHURCH_BEADS, skips_by_length=True)),
        ("this aligner, lengths only", ours(use_anchors=False)),
        ("this aligner, anchors", ours()),
        ("this aligner, reference list", ours(reference_lexicon())),
    ]
    if args.peer == "bleualign":
        aligners += [
            ("Bleualign (Russian as its MT)", bleualign_peer()),
            ("Bleualign's Gale-Church", bleualign_peer(gale_church=True)),
        ]
    for label, aligner in aligners:
        p, r, f, seconds = score(documents, aligner)
        print(f"{label:<34} {p:>9.3f} {r:>7.3f} {f:>6.3f} {seconds:>8.1f}")
    if args.speed:
        speed(args.speed)


if __name__ == "__main__":
    main()
