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

`--calibrate` fits the score (tm/align/calibration.py): two logistic regressions of "this
link is right" on the link's features (the second adds the first's logit of its neighbours),
over the links this aligner (reference list, no MT) finds in the calibration documents of
dev: the same cuts perturbed under several seeds in more ways (PERTURBATIONS), for about a
thousand wrong links a set rather than sixty. It reports AUC with a bootstrap interval,
grouped cross-validated AUC, Brier score and reliability on dev and test, picks the highest
`--min-score` (in steps of 0.01) that loses at most 2% of right dev links, checks it on test,
prints the coefficients to paste into calibration.py and writes
bench/data/alignment_calibration.txt (about a minute).

`--peer PATH/TO/hunalign` (built from danielvarga/hunalign with `make` in src/hunalign; never
part of the project or CI) compares hunalign, in one pass and with `-realign`, with `tm align`
on two long document pairs: 5,000 and 10,000 lines of newstest 2017+2018 (past 6,001 lines they
repeat with their numbers raised), 4% of the English lines deleted, the original line pairs the
truth. hunalign gets an empty dictionary and the sentences one per line, tokenized; `tm align`
gets them presegmented (one pass, and with the second pass of its learned dictionary) and on
its normal path (the lines as paragraphs, segmented again, links mapped back to lines). F1 is
over line pairs; each aligner runs in a process of its own, for its time, CPU seconds and peak RSS.

    .venv/bin/python bench/alignment.py [--set dev|test] [--speed 10000] [--peer bleualign|PATH] [--calibrate]
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
from collections.abc import Callable, Sequence
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


# The calibration's documents: the same cuts of the corpus, each perturbed under several
# seeds and in more ways than the F1 documents, so that there are hundreds of wrong links to
# fit and check the score on, not sixty. Rates per position: what each perturbation is.
CALIBRATION_SEEDS = (11, 12, 13, 14, 15, 16)
PERTURBATIONS = (
    (0.03, "deleted from the English (1-0)"),
    (0.03, "deleted from the Russian (0-1)"),
    (0.02, "replaced on the English by a sentence of another document (1-0 and 0-1)"),
    (0.02, "two English neighbours swapped (a 2-2)"),
    (0.05, "two Russian sentences merged (1-2)"),
    (0.05, "two English sentences merged (2-1)"),
    (0.01, "three Russian sentences merged (1-3)"),
    (0.01, "three English sentences merged (3-1)"),
)


@dataclass
class Chunk:
    """One cut of the corpus under one seed: `chunk` numbers the cut, the same for every seed,
    so that a bootstrap can resample cuts with all their perturbed copies together."""

    chunk: int
    document: Document


def calibration_documents(name: str, seeds: tuple[int, ...] = CALIBRATION_SEEDS) -> list[Chunk]:
    ru_lines = (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
    en_lines = (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()
    cuts, start, sizes = [], 0, random.Random(1)
    while start < len(ru_lines):
        size = sizes.randint(20, 60)
        cuts.append((start, min(start + size, len(ru_lines))))
        start += size
    chunks = []
    for seed in seeds:
        rng = random.Random(seed)
        for number, (lo, hi) in enumerate(cuts):
            chunks.append(Chunk(number, _perturb_more(ru_lines[lo:hi], en_lines[lo:hi], en_lines, rng)))
    return chunks


def _perturb_more(ru_lines: list[str], en_lines: list[str], elsewhere: list[str], rng: random.Random) -> Document:
    """`_perturb` with every kind of PERTURBATIONS; `elsewhere` gives the replacing sentences."""
    ru: list[str] = []
    en: list[str] = []
    truth: Links = set()
    bounds = list(itertools.accumulate(rate for rate, _ in PERTURBATIONS))
    k = 0
    while k < len(ru_lines):
        roll = rng.random()
        kind = next((n for n, bound in enumerate(bounds) if roll < bound), -1)
        need = (1, 1, 1, 2, 2, 2, 3, 3)[kind] if kind >= 0 else 1
        if k + need > len(ru_lines):
            kind = -1
        i, j = len(ru), len(en)
        if kind == 0:
            ru.append(ru_lines[k])
        elif kind == 1:
            en.append(en_lines[k])
        elif kind == 2:
            ru.append(ru_lines[k])
            en.append(rng.choice(elsewhere))
        elif kind == 3:  # the 2-2 is right, and so is either sentence with its own translation
            truth |= {((i, i + 1), (j, j + 1)), ((i,), (j + 1,)), ((i + 1,), (j,))}
            ru += ru_lines[k : k + 2]
            en += [en_lines[k + 1], en_lines[k]]
        elif kind in (4, 6):
            truth.add(((i,), tuple(range(j, j + need))))
            ru.append(" ".join(ru_lines[k : k + need]))
            en += en_lines[k : k + need]
        elif kind in (5, 7):
            truth.add((tuple(range(i, i + need)), (j,)))
            ru += ru_lines[k : k + need]
            en.append(" ".join(en_lines[k : k + need]))
        else:
            truth.add(((i,), (j,)))
            ru.append(ru_lines[k])
            en.append(en_lines[k])
        k += need
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


Labelled = list[tuple[int, list[tuple[tuple[float, ...], int] | None]]]


def labelled_links(chunks: list[Chunk], lexicon: Lexicon) -> Labelled:
    """Per document, its cut's number and every link of the path in order: its features and
    right (1) or wrong (0), or None for a 1-0/0-1 (the neighbours' logit needs the order)."""
    out: Labelled = []
    for c in chunks:
        d = c.document
        links = align(d.ru, d.en, lexicon)
        out.append(
            (c.chunk, [(link.features, int((link.ru, link.en) in d.truth)) if link.ru and link.en else None for link in links])
        )
    return out


def fit_logistic(x: list[tuple[float, ...]], y: list[int], ridge: float = 1.0) -> list[float]:
    """Intercept then coefficients (for the raw features), by Newton's method (IRLS) with an
    L2 penalty on the standardised features (not on the intercept): every feature is shrunk
    alike whatever its unit, and collinear ones stay finite."""
    import numpy as np

    raw = np.array(x, dtype=float)
    mean, spread = raw.mean(axis=0), raw.std(axis=0)
    spread[spread == 0] = 1.0
    a = np.column_stack([np.ones(len(x)), (raw - mean) / spread])
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
    coefficients = w[1:] / spread
    return [float(w[0] - coefficients @ mean), *(float(c) for c in coefficients)]


def _logit(weights: list[float]) -> Callable[[Sequence[float]], float]:
    return lambda f: weights[0] + sum(c * v for c, v in zip(weights[1:], f, strict=True))


def fit_two_stages(data: Labelled, ridge: float = 1.0) -> tuple[list[float], list[float]]:
    """The first stage on the links' own features, then the second with the neighbours'
    logit of that first stage (calibration.with_neighbours_logit, as the aligner adds it)."""
    links = [link for _, path in data for link in path if link is not None]
    first = fit_logistic([f[: calibration.OWN] for f, _ in links], [r for _, r in links], ridge)
    x, y = _second_stage(data, first)
    return first, fit_logistic(x, y, ridge)


def _second_stage(data: Labelled, first: list[float]) -> tuple[list[tuple[float, ...]], list[int]]:
    x, y = [], []
    own = _logit(first)
    for _, path in data:
        features = calibration.with_neighbours_logit(
            [None if link is None else link[0] for link in path], lambda f: own(f[: calibration.OWN])
        )
        for link, f in zip(path, features, strict=True):
            if link is not None and f is not None:
                x.append(f)
                y.append(link[1])
    return x, y


def predict(data: Labelled, first: list[float], second: list[float]) -> tuple[list[float], list[int], list[int]]:
    """Scores (rounded as x-align-score is), right or wrong, and the cut of every link."""
    x, y = _second_stage(data, first)
    chunks = [c for c, path in data for link in path if link is not None]
    z = _logit(second)
    return [round(1 / (1 + math.exp(-max(min(z(f), 50), -50))), 3) for f in x], y, chunks


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


def bootstrap(
    measure: Callable[[list[float], list[int]], float],
    scores: list[float],
    right: list[int],
    chunks: list[int],
    rounds: int = 300,
) -> tuple[float, float]:
    """The 95% interval of `measure` over resampled cuts of the corpus (each with all its
    perturbed copies): links of one document, and one cut's copies, are not independent."""
    by_chunk: dict[int, list[int]] = {}
    for k, c in enumerate(chunks):
        by_chunk.setdefault(c, []).append(k)
    groups = list(by_chunk.values())
    rng = random.Random(7)
    values = []
    for _ in range(rounds):
        picked = [k for g in rng.choices(groups, k=len(groups)) for k in g]
        values.append(measure([scores[k] for k in picked], [right[k] for k in picked]))
    values.sort()
    return values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]


def _old_score(features: tuple[float, ...]) -> float:
    """The score before calibration: 1 - (1 - length match)·e^-shared, times e^(-missing/2)."""
    match = math.exp(-features[0])
    shared, missing = math.expm1(features[1]), math.expm1(features[2])
    return (1 - (1 - match) * math.exp(-shared)) * math.exp(-0.5 * missing)


def _lost(threshold: float) -> Callable[[list[float], list[int]], float]:
    return lambda scores, right: _cut(scores, right, threshold)[0]


def _cut(scores: list[float], right: list[int], threshold: float) -> tuple[float, float]:
    """The share of right links lost and of wrong links dropped below `threshold`."""
    lost = sum(1 for s, y in zip(scores, right, strict=True) if y and s < threshold)
    dropped = sum(1 for s, y in zip(scores, right, strict=True) if not y and s < threshold)
    wrong = len(right) - sum(right)
    return lost / max(sum(right), 1), dropped / max(wrong, 1)


def calibrate() -> None:
    """Fit the score on dev, check it on test, and write the report (see the module docstring)."""
    lexicon = reference_lexicon()
    data = {name: labelled_links(calibration_documents(SETS[name]), lexicon) for name in ("dev", "test")}
    first, second = fit_two_stages(data["dev"])
    predicted = {name: predict(labelled, first, second) for name, labelled in data.items()}
    # grouped 5-fold cross-validation on dev: how much of the dev AUC is the fit's own
    cross: list[tuple[float, int]] = []
    for fold in range(5):
        train = [(c, path) for c, path in data["dev"] if c % 5 != fold]
        held = [(c, path) for c, path in data["dev"] if c % 5 == fold]
        s, y, _ = predict(held, *fit_two_stages(train))
        cross += list(zip(s, y, strict=True))
    dev_scores, dev_right, _ = predicted["dev"]
    steps = [k / 100 for k in range(100)]
    threshold = max(t for t in steps if _cut(dev_scores, dev_right, t)[0] <= 0.02)
    old = {
        name: [_old_score(f) for _, path in labelled for link in path if link is not None for f in [link[0]]]
        for name, labelled in data.items()
    }
    lines = [
        f"Calibration of x-align-score (bench/alignment.py --calibrate): fitted on {SETS['dev']}, checked on {SETS['test']},",
        f"each cut into documents of 20-60 sentences perturbed under seeds {', '.join(map(str, CALIBRATION_SEEDS))}:",
        *(f"  {rate:.0%} of positions: {what}" for rate, what in PERTURBATIONS),
        "Intervals: 95%, bootstrap over the corpus's cuts (each with all its perturbed copies), 300 rounds.",
        f"Grouped 5-fold cross-validated AUC on dev: {auc([s for s, _ in cross], [y for _, y in cross]):.3f}.",
        "",
        "| set | links | right | wrong | AUC before | AUC calibrated | Brier | mean score | share right |"
        f" right lost at {threshold:.2f} | wrong dropped at {threshold:.2f} |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in data:
        scores, right, chunks = predicted[name]
        brier = sum((s - r) ** 2 for s, r in zip(scores, right, strict=True)) / len(right)
        lost, dropped = _cut(scores, right, threshold)
        low, high = bootstrap(auc, scores, right, chunks)
        lost_low, lost_high = bootstrap(_lost(threshold), scores, right, chunks)
        lines.append(
            f"| {name} | {len(right):,} | {sum(right):,} | {len(right) - sum(right):,} | {auc(old[name], right):.3f} |"
            f" {auc(scores, right):.3f} [{low:.3f}, {high:.3f}] | {brier:.4f} | {sum(scores) / len(scores):.3f} |"
            f" {sum(right) / len(right):.3f} | {lost:.1%} [{lost_low:.1%}, {lost_high:.1%}] | {dropped:.1%} |"
        )
    lines += ["", "Reliability (links by score band: mean score against the share right, dev | test):", ""]
    for lo, hi in ((0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01)):
        cells = []
        for name in data:
            scores, right, _ = predicted[name]
            band = [(s, r) for s, r in zip(scores, right, strict=True) if lo <= s < hi]
            mean = sum(s for s, _ in band) / max(len(band), 1)
            cells.append(f"{len(band):>6} links, mean score {mean:.3f}, right {sum(r for _, r in band) / max(len(band), 1):.3f}")
        lines.append(f"  [{lo:.2f}, {min(hi, 1):.2f}): " + " | ".join(cells))
    lines += ["", "Right links lost and wrong links dropped by --min-score, dev | test:", ""]
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        dev_cut, test_cut = _cut(dev_scores, dev_right, t), _cut(*predicted["test"][:2], t)
        lines.append(
            f"  {t:.2f}: lost {dev_cut[0]:.1%}, dropped {dev_cut[1]:.1%} | lost {test_cut[0]:.1%}, dropped {test_cut[1]:.1%}"
        )
    test_lost, test_dropped = _cut(*predicted["test"][:2], threshold)
    default = test_lost <= 0.02 and test_dropped > 0.5
    lines += [
        "",
        f"min-score chosen on dev (the highest that loses at most 2% of right dev links): {threshold:.2f};"
        f" on test it loses {test_lost:.1%} of right links and drops {test_dropped:.1%} of wrong ones"
        + (
            " (within 2%, and most wrong ones: the default)"
            if default
            else " (not within 2% and most wrong ones: the default stays 0)"
        ),
        "",
        "Paste into tm/align/calibration.py:",
        f"OWN_INTERCEPT = {first[0]:.4f}",
        "OWN_COEFFICIENTS = (" + ", ".join(f"{w:.4f}" for w in first[1:]) + ")",
        f"INTERCEPT = {second[0]:.4f}",
        "COEFFICIENTS = (" + ", ".join(f"{w:.4f}" for w in second[1:]) + ")",
        "  # " + ", ".join(calibration.FEATURES),
        f"MIN_SCORE = {threshold if default else 0.0:.2f}",
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    (ROOT / "bench" / "data" / "alignment_calibration.txt").write_text(report, encoding="utf-8")


PEER_SIZES = (5000, 10000)
PEER_DELETED = 0.04


def peer_pair(size: int, seed: int = 3) -> tuple[list[str], list[str], set[tuple[int, int]]]:
    """`size` lines of newstest 2017+2018 (repeats with their numbers raised), 4% of the
    English lines deleted; the truth as (Russian line, English line) pairs."""
    ru_lines, en_lines = [], []
    for name in SETS.values():
        ru_lines += (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
        en_lines += (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()

    def repeat(lines: list[str]) -> list[str]:
        return [_raised(s, k // len(lines)) for k, s in zip(range(size), itertools.cycle(lines), strict=False)]

    ru, en = repeat(ru_lines), repeat(en_lines)
    rng = random.Random(seed)
    kept = [j for j in range(size) if rng.random() >= PEER_DELETED]
    return ru, [en[j] for j in kept], {(i, n) for n, i in enumerate(kept)}


def line_f1(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> float:
    hits = len(found & truth)
    p, r = hits / max(len(found), 1), hits / max(len(truth), 1)
    return 2 * p * r / max(p + r, 1e-9)


_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _hunalign(binary: str, size: int, realign: bool, folder: Path) -> tuple[set[tuple[int, int]], float, float, float]:
    import os
    import subprocess

    ru, en, _ = peer_pair(size)
    for name, lines in (("ru", ru), ("en", en)):
        (folder / f"{name}.txt").write_text("".join(" ".join(_TOKEN.findall(s)) + "\n" for s in lines), encoding="utf-8")
    (folder / "null.dic").write_text("", encoding="utf-8")
    command = [
        binary,
        *(["-realign"] if realign else []),
        str(folder / "null.dic"),
        str(folder / "ru.txt"),
        str(folder / "en.txt"),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=folder)  # it writes translate.txt
    out = process.stdout.read().decode() if process.stdout else ""
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in out.splitlines() if line.strip()]
    found = {(i, j) for (i0, j0), (i1, j1) in zip(rungs, rungs[1:], strict=False) for i in range(i0, i1) for j in range(j0, j1)}
    return found, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _ours_child(size: int, mode: str) -> None:
    """One run of `tm align`'s aligner in this process (for its own peak RSS): prints F1 and seconds."""
    import json
    import tempfile

    ru, en, truth = peer_pair(size)
    started, cpu = time.perf_counter(), time.process_time()
    if mode.startswith("normal"):
        from tm.align.pairs import read_pair

        with tempfile.TemporaryDirectory() as folder:
            paths = [Path(folder) / f"pair.{side}.txt" for side in ("ru", "en")]
            for path, lines in zip(paths, (ru, en), strict=True):
                path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
            ru_segments, en_segments = read_pair(str(paths[0]), str(paths[1]))
        links = align([s.text for s in ru_segments], [s.text for s in en_segments], realign=mode == "normal")
        found = {(ru_segments[i].paragraph, en_segments[j].paragraph) for link in links for i in link.ru for j in link.en}
    else:
        links = align(ru, en, realign=mode == "two")
        found = {(i, j) for link in links for i in link.ru for j in link.en}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"f1": line_f1(found, truth), "seconds": seconds, "cpu": cpu}))


def _ours(size: int, mode: str) -> tuple[float, float, float, float]:
    import json
    import os
    import subprocess

    process = subprocess.Popen([sys.executable, __file__, "--ours-child", str(size), mode], stdout=subprocess.PIPE)
    out = process.stdout.read().decode() if process.stdout else "{}"
    _, _, usage = os.wait4(process.pid, 0)
    result = json.loads(out.strip().splitlines()[-1])
    return result["f1"], result["seconds"], result["cpu"], usage.ru_maxrss / 1024


def peer_table(binary: str, repeats: int = 1) -> None:
    """The issue's table: F1 on both pairs, time and peak RSS on the larger (the spread of
    `repeats` runs, wall clock and CPU: the machine is shared, and CPU seconds are what one
    core spends whatever else runs). Our times are of the alignment (segmentation included
    on the normal path), hunalign's of its whole process."""
    import tempfile

    print(
        f"| aligner | {' | '.join(f'{n // 1000}k pair F1' for n in PEER_SIZES)} | 10k time (s) | 10k CPU (s) |"
        " 10k peak RSS (MB) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    rows: list[tuple[str, Callable[[int], tuple[float, float, float, float]]]] = [
        ("`tm align --presegmented --one-pass`", lambda n: _ours(n, "one")),
        ("`tm align --presegmented` (second pass)", lambda n: _ours(n, "two")),
        ("`tm align --one-pass`, its own segmentation", lambda n: _ours(n, "normal-one")),
        ("`tm align`, its own segmentation (second pass)", lambda n: _ours(n, "normal")),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for realign in (False, True):

            def run(n: int, realign: bool = realign) -> tuple[float, float, float, float]:
                found, seconds, cpu, rss = _hunalign(binary, n, realign, Path(folder))
                return line_f1(found, peer_pair(n)[2]), seconds, cpu, rss

            rows.append(("hunalign -realign" if realign else "hunalign", run))
        for label, measure in rows:
            f1s = [measure(n)[0] for n in PEER_SIZES[:-1]]
            runs = [measure(PEER_SIZES[-1]) for _ in range(repeats)]
            f1s.append(runs[0][0])
            print(
                f"| {label} | {' | '.join(f'{f:.4f}' for f in f1s)} | {_spread([r[1] for r in runs])} |"
                f" {_spread([r[2] for r in runs])} | {max(r[3] for r in runs):.0f} |",
                flush=True,
            )


def _spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.1f}" + (f"–{high:.1f}" if len(values) > 1 else "")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--ours-child":
        _ours_child(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--speed", type=int, default=0, help="also time one document pair of this many sentences")
    parser.add_argument("--peer", help="bleualign, or the path of a hunalign binary (the issue's table)")
    parser.add_argument("--repeats", type=int, default=1, help="with --peer PATH: runs of the 10k pair, for the spread of times")
    parser.add_argument("--calibrate", action="store_true", help="fit x-align-score on dev, report on test (and nothing else)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here")
    if args.calibrate:
        calibrate()
        return
    if args.peer and args.peer != "bleualign":
        peer_table(args.peer, args.repeats)
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
