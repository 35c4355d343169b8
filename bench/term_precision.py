"""Precision of the top-ranked terms on the seeds, against hand judgements.

bench/data/term_judgements.tsv holds a judgement for every term that has appeared in the top
of the ranking; a term not judged yet is listed, not guessed, so the number cannot drift up
unnoticed when the ranking changes. Also prints recall of the gold list in tests/data.

    .venv/bin/python bench/term_precision.py [--top 50]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.extract import ExtractionOptions, rank_candidates  # noqa: E402
from glossary.morphology import lemma_key  # noqa: E402
from tm.documents import read_document  # noqa: E402
from tm.segment import segment_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--no-reference", action="store_true", help="rank with the extractor alone")
    args = parser.parse_args()
    sentences = list(dict.fromkeys(
        s.text for p in sorted((ROOT / "seeds").glob("*.txt")) for s in segment_document(read_document(str(p)))
    ))
    ranked = rank_candidates(sentences, ExtractionOptions(use_reference=not args.no_reference))
    judgements = {}
    for line in (ROOT / "bench" / "data" / "term_judgements.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            term, verdict = line.split("\t")
            judgements[lemma_key(term)] = verdict == "1"
    top = ranked[: args.top]
    unjudged = [c.canonical for c in top if lemma_key(c.canonical) not in judgements]
    good = sum(1 for c in top if judgements.get(lemma_key(c.canonical)))
    print(f"top {len(top)} of {len(ranked)} candidates: {good} terms, {len(top) - good - len(unjudged)} not terms, "
          f"{len(unjudged)} not judged")
    print(f"precision@{len(top)}: {good / len(top):.2f}" + (" (lower bound)" if unjudged else ""))
    for term in unjudged:
        print(f"  not judged: {term}")
    gold = [l for l in (ROOT / "tests" / "data" / "gold_terms.txt").read_text(encoding="utf-8").splitlines()
            if l and not l.startswith("#")]
    keys = {lemma_key(c.canonical) for c in ranked}
    found = [g for g in gold if lemma_key(g) in keys]
    print(f"gold recall: {len(found)}/{len(gold)} = {len(found) / len(gold):.2f}")
    for g in gold:
        if g not in found and lemma_key(g) not in keys:
            print(f"  missed: {g}")


if __name__ == "__main__":
    main()
