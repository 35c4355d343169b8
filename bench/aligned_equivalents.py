"""Do the English equivalents taken from human translations agree with the reference list?

The first N pairs of WMT newstest (human translations, line N of .rus ↔ line N of .eng) are
taken as aligned units (origin Alignment). Terms are extracted with the extractor alone
(`--no-reference`), each term's equivalent is chosen from the English of its units
(glossary/equivalents/aligned.py), and for every term that is also in the reference list the two
equivalents are compared: they agree when equal after case, dots and a plural -s, or when
the aligned one is the reference's full form (ЕС → EU or European Union both agree).
Side by side, a naive peer: the English n-gram most frequent in the term's units.

    .venv/bin/python bench/aligned_equivalents.py [--pairs 3000] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.equivalents.aligned import AlignedEvidence, english_ngrams  # noqa: E402
from glossary.extraction.options import ExtractionOptions  # noqa: E402
from glossary.extraction.ranking import rank_candidates  # noqa: E402
from glossary.extraction.reference import reference_index  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"


def _norm(text: str) -> str:
    text = re.sub(r"[^a-z0-9 ]", "", text.lower().replace("-", " "))
    words = [w for w in text.split() if w != "the"]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def agrees(found: str, en: str, en_full: str) -> bool:
    return bool(found) and _norm(found) in {_norm(en), _norm(en_full)} - {""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--show", action="store_true", help="print every compared term")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here")
    ru, en = [], []
    for name in ("newstest2017", "newstest2018"):
        ru += (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
        en += (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()
    ru, en = ru[: args.pairs], en[: args.pairs]
    # Every candidate, before the thresholds: the question is the equivalents, not the ranking.
    candidates = rank_candidates(
        ru,
        ExtractionOptions(use_reference=False, max_terms=100_000, min_specificity=-99, min_word_specificity=-99, min_relevance=0),
    )
    targets = dict(enumerate(en))
    evidence = AlignedEvidence({c.key: c.sentences for c in candidates}, targets)
    evidence.count(en)
    known = reference_index()
    rows = []
    for c in candidates:
        entry, is_full = known.get(c.key, (None, False))
        if entry is None:
            continue
        reference = (entry.en_full, entry.en) if is_full else (entry.en, entry.en_full)
        aligned = evidence.equivalent(c.key)
        frequent = Counter(g for i in c.sentences for g in english_ngrams(en[i])).most_common(1)
        rows.append(
            (
                c.canonical,
                reference[0],
                aligned.text if aligned else "",
                frequent[0][0] if frequent else "",
                aligned.confidence if aligned else 0.0,
                agrees(aligned.text if aligned else "", *reference),
                agrees(frequent[0][0] if frequent else "", *reference),
            )
        )
    if args.show:
        for row in rows:
            print(f"{row[0]:<40} {row[1]:<28} {row[2]:<28} {row[4]:.2f} {'ok' if row[5] else '--'}")
    answered = [r for r in rows if r[2]]
    print(f"{args.pairs:,} aligned pairs; {len(rows)} reference-list terms found by the extractor alone")
    print(f"{'method':<36} {'answered':>8} {'agree':>6} {'agree/answered':>15} {'agree/all':>10}")
    for label, column, answered_rows in (
        ("aligned (Dice, glossary/equivalents/aligned.py)", 5, answered),
        ("most frequent n-gram (peer)", 6, rows),
    ):
        agree = sum(r[column] for r in rows)
        print(
            f"{label:<36} {len(answered_rows):>8} {agree:>6} {agree / max(len(answered_rows), 1):>15.2f}"
            f" {agree / max(len(rows), 1):>10.2f}"
        )


if __name__ == "__main__":
    main()
