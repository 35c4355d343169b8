"""Sentence boundary precision/recall: tm's splitter vs razdel alone vs pysbd, same paragraphs.

Two gold sets:
- the hand-checked seed documents in tests/data/gold (made by reviewing tm's output, so
  they favour it; they show what the repairs change on these texts);
- WMT newstest 2017+2018 Russian (../shared/corpora), one sentence per line, joined into
  paragraphs of five lines: an independent gold the rules were not written against.

Only boundaries inside a paragraph count; all three splitters get the same paragraphs.

    .venv/bin/python bench/segmentation.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.text.documents import read_document  # noqa: E402
from tm.text.sentences import JOIN_RULES, SPLIT_RULES, sentence_spans, split_sentences  # noqa: E402
from tm.text.structure import split_paragraphs  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
_IGNORED = re.compile(r"[\s\-–—]")

Splitter = Callable[[str], list[str]]


def razdel_alone(text: str) -> list[str]:
    from razdel import sentenize

    return [s.text for s in sentenize(text)]


def pysbd_splitter() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="ru", clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def boundaries(sentences: Iterable[str]) -> set[int]:
    """Sentence ends as offsets into the text with spaces and dashes removed (the last excluded)."""
    ends, total = set(), 0
    for sentence in sentences:
        total += len(_IGNORED.sub("", sentence))
        ends.add(total)
    ends.discard(total)
    return ends


def score(paragraphs: list[tuple[str, list[str]]], splitter: Splitter) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for text, gold in paragraphs:
        expected, got = boundaries(gold), boundaries(splitter(text))
        tp += len(expected & got)
        fp += len(got - expected)
        fn += len(expected - got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def seed_paragraphs() -> list[tuple[str, list[str]]]:
    """Pair each gold document's paragraphs with their gold sentences, in order."""
    pairs = []
    for gold_file in sorted((ROOT / "tests" / "data" / "gold").glob("*.txt")):
        gold = gold_file.read_text(encoding="utf-8").splitlines()
        document = read_document(str(ROOT / "seeds" / gold_file.name))
        for paragraph in split_paragraphs(document.text):
            if paragraph.furniture:
                continue
            count = len(split_sentences(paragraph.text))
            sentences, gold = gold[:count], gold[count:]
            pairs.append((paragraph.text, sentences))
    return pairs


def wmt_paragraphs(size: int = 5) -> list[tuple[str, list[str]]]:
    lines = []
    for name in ("newstest2017.rus", "newstest2018.rus"):
        path = CORPUS / name
        if path.exists():
            lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(" ".join(lines[i : i + size]), lines[i : i + size]) for i in range(0, len(lines), size)]


def main() -> None:
    splitters: dict[str, Splitter] = {"tm (razdel + rules)": split_sentences, "razdel alone": razdel_alone}
    try:
        splitters["pysbd (ru)"] = pysbd_splitter()
    except ImportError:
        print("pysbd is not installed; pip install pysbd to compare with it")
    sets = {"seeds gold (3 docs)": seed_paragraphs(), "WMT newstest 2017+18": wmt_paragraphs()}
    print(f"{'gold set':<22} {'splitter':<20} {'boundaries':>10} {'precision':>9} {'recall':>7} {'F1':>6}")
    for set_name, paragraphs in sets.items():
        if not paragraphs:
            print(f"{set_name:<22} (not found, skipped)")
            continue
        gold_count = sum(len(boundaries(g)) for _, g in paragraphs)
        for name, splitter in splitters.items():
            p, r, f = score(paragraphs, splitter)
            print(f"{set_name:<22} {name:<20} {gold_count:>10} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    if sets["WMT newstest 2017+18"]:
        rule_effects(sets["WMT newstest 2017+18"])


def rule_effects(paragraphs: list[tuple[str, list[str]]]) -> None:
    """What each repair rule changes against razdel + the other rules: boundaries it adds or
    removes, and how many of those changes agree with the gold."""
    print(f"\n{'rule (WMT)':<34} {'changes':>7} {'right':>6} {'wrong':>6}")
    for rule in (*SPLIT_RULES, *JOIN_RULES):
        split_rules = tuple(r for r in SPLIT_RULES if r is not rule)
        join_rules = tuple(r for r in JOIN_RULES if r is not rule)
        right = wrong = 0
        examples: list[str] = []
        for text, gold in paragraphs:
            expected = boundaries(gold)
            with_rule = boundaries([text[a:b] for a, b in sentence_spans(text)])
            without = boundaries([text[a:b] for a, b in sentence_spans(text, split_rules, join_rules)])
            for boundary in with_rule ^ without:
                if (boundary in with_rule) == (boundary in expected):
                    right += 1
                else:
                    wrong += 1
                    examples.append(text[:120])
        print(f"{rule.__name__:<34} {right + wrong:>7} {right:>6} {wrong:>6}")
        for example in examples[:3]:
            print(f"    wrong: {example}")


if __name__ == "__main__":
    main()
