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

    .venv/bin/python bench/alignment.py [--set dev|test] [--speed 10000] [--peer bleualign]
"""

from __future__ import annotations

import argparse
import itertools
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--speed", type=int, default=0, help="also time one document pair of this many sentences")
    parser.add_argument("--peer", choices=["bleualign"])
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here")
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
