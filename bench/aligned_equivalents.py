"""Are the English equivalents taken from human translations right? Old (Dice over whole units)
against new (word alignment, glossary/equivalents/aligned.py), on WMT newstest.

The set's pairs (dev = newstest2017, test = newstest2018; line N of .rus ↔ line N of .eng) are
aligned units (origin Alignment); `glossary build`'s own code (`build_glossary`, no model) makes
the glossary, and the first 60 entries whose equivalent is of origin `aligned` are looked up in
bench/data/equivalent_judgements.tsv. The target figure: of those that need more than copying
a name, the share fully right; and how many have a context word attached. Entries not judged
yet are printed with `??` (judge them, add them to the file, run again).

Also: the reference-list terms found there, where the aligned English agrees with the list or
not (the conflicts a build flags), and with `--fit` the logistic confidence map refitted on the
dev judgements (the coefficients of glossary/equivalents/aligned.py); on test, the calibration
of the confidence (accuracy and mean P(right) by confidence band, Brier score).

    .venv/bin/python bench/aligned_equivalents.py [--set dev|test] [--top 60] [--show] [--fit] [--new-only]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import glossary.build as build  # noqa: E402
from glossary.build import Unit, build_glossary  # noqa: E402
from glossary.entries import Entry, entry_id  # noqa: E402
from glossary.equivalents import aligned  # noqa: E402
from glossary.extraction.senses import plain_key  # noqa: E402
from tm.memory.tmx import ORIGIN_ALIGNMENT  # noqa: E402
from tm.mt.cache import TranslationCache  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
JUDGEMENTS = ROOT / "bench" / "data" / "equivalent_judgements.tsv"
SETS = {"dev": "newstest2017", "test": "newstest2018"}
OLD_COMMIT = "3e5466c"  # the Dice-over-units aligned.py, before issue 19's word alignment


def load_judgements() -> dict[tuple[str, str], tuple[str, str, bool]]:
    """(Russian, English) → (verdict, kind, context word attached)."""
    found = {}
    for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("set\t"):
            continue
        _, ru, en, verdict, kind, context, *_ = line.split("\t") + [""]
        found[(ru, en)] = (verdict, kind, context == "1")
    return found


def _old_module():  # type: ignore[no-untyped-def]
    """The aligned.py of OLD_COMMIT, loaded from git as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{OLD_COMMIT}:glossary/equivalents/aligned.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("old_aligned")
    sys.modules["old_aligned"] = module  # dataclasses look their module up
    exec(compile(source, "old_aligned.py", "exec"), module.__dict__)
    return module


def glossary_of(
    units: list[Unit], method: str, trace: frozenset[str] = frozenset()
) -> tuple[list[Entry], dict[str, object], float]:
    """The built entries, each key's AlignedEquivalent (by entry id), and the build time; for
    each term key in `trace`, every occurrence's linked English words and span printed."""
    found: dict[str, object] = {}
    if method == "old":
        old = _old_module()

        class Evidence(old.AlignedEvidence):  # type: ignore[misc, name-defined]
            def __init__(self, term_units, targets, sources):  # type: ignore[no-untyped-def]
                super().__init__(term_units, targets)
                self.count(targets.values())

            def equivalent(self, key, machine=()):  # type: ignore[no-untyped-def]
                result = super().equivalent(key, machine)
                found.setdefault(entry_id(key), result)
                if result is not None:  # the build reads the share of agreeing occurrences, which Dice stood for
                    result = types.SimpleNamespace(**vars(result), agreement=result.dice)
                return result
    else:

        class Evidence(aligned.AlignedEvidence):  # type: ignore[no-redef]
            def equivalent(self, key, machine=()):  # type: ignore[no-untyped-def]
                result = super().equivalent(key, machine)
                found.setdefault(entry_id(key), result)
                if key in trace:
                    words = plain_key(key).lower().split()
                    print(f"  trace {key}: {result}")
                    for i in self.term_units.get(key, []):
                        unit = self._unit(i)
                        for positions in aligned.occurrences(unit, words):
                            links = unit.links(positions)
                            print(
                                f"    unit {i}: {[(unit.en[j], round(p, 2)) for j, p in links]} → {aligned.span(unit, links, words)}"
                            )
                return result

    saved, merge = build.AlignedEvidence, build.merge_same_english

    def merging(entries, renderings):  # type: ignore[no-untyped-def]
        """merge_same_english, its merges printed (issue 19: judge each one)."""
        russian = {e.id: [t.text for t in e.terms_in("ru")] for e in entries}
        merged = merge(entries, renderings)
        for e in merged:
            if [t.text for t in e.terms_in("ru")] != russian[e.id]:
                print(
                    f"  {method}: merged on one human English: {' = '.join(t.text for t in e.terms_in('ru'))} → {e.terms_in('en')[0].text}"
                )
        print(f"  {method}: {len(entries) - len(merged)} entries merged on one human English")
        return merged

    build.AlignedEvidence = Evidence  # type: ignore[misc]
    build.merge_same_english = merging  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        glossary = build_glossary(units, None, TranslationCache(None))
        seconds = time.perf_counter() - start
    finally:
        build.AlignedEvidence, build.merge_same_english = saved, merge  # type: ignore[misc]
    return glossary.entries, found, seconds


def aligned_rows(entries: list[Entry]) -> list[tuple[Entry, str, str]]:
    rows = []
    for e in entries:
        english = next((t for t in e.terms_in("en") if t.origin == "aligned"), None)
        if english is not None and all(t.origin != "reference" for t in e.terms_in("en")):
            rows.append((e, e.terms_in("ru")[0].text, english.text))
    return rows


def figures(
    rows: list[tuple[Entry, str, str]], judged: dict[tuple[str, str], tuple[str, str, bool]], show: bool, label: str
) -> None:
    right = partly = wrong = missing = need = need_right = context = 0
    for _entry, ru, en in rows:
        verdict, kind, ctx = judged.get((ru, en), ("??", "", False))
        if show or verdict == "??":
            print(f"  {label}\t{ru}\t{en}\t{verdict}\t{kind}\t{int(ctx)}")
        missing += verdict == "??"
        right += verdict == "right"
        partly += verdict == "partly"
        wrong += verdict == "wrong"
        context += ctx
        if kind == "translate":
            need += 1
            need_right += verdict == "right"
    print(
        f"{label:<4} top {len(rows)} aligned: right {right}, partly {partly}, wrong {wrong}, not judged {missing}; "
        f"needing a translation: {need_right} of {need} fully right ({need_right / max(need, 1):.2f}); "
        f"context word attached: {context}"
    )


def fit(points: list[tuple[list[float], int]]) -> list[float]:
    """Logistic regression by gradient descent (a few features, a few hundred points)."""
    w = [0.0] * (len(points[0][0]) + 1)
    for _ in range(5_000):
        grad = [0.0] * len(w)
        for x, y in points:
            z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x, strict=True))
            p = 1 / (1 + math.exp(-z))
            grad[0] += p - y
            for k, xi in enumerate(x):
                grad[k + 1] += (p - y) * xi
        w = [wi - 0.2 * g / len(points) - 0.001 * wi * (k > 0) for k, (wi, g) in enumerate(zip(w, grad, strict=True))]
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=SETS, default="dev")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--show", action="store_true", help="print every entry with its judgement")
    parser.add_argument("--fit", action="store_true", help="refit the confidence map on these judgements")
    parser.add_argument("--trace", action="append", default=[], help="a term key whose links to print (repeatable)")
    parser.add_argument("--new-only", action="store_true", help="skip the old Dice method (half the time)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not here")
    name = SETS[args.set]
    ru = (CORPUS / f"{name}.rus").read_text(encoding="utf-8").splitlines()
    en = (CORPUS / f"{name}.eng").read_text(encoding="utf-8").splitlines()
    units = [Unit(r, e, f"{name}.txt", str(i), ORIGIN_ALIGNMENT) for i, (r, e) in enumerate(zip(ru, en, strict=True))]
    judged = load_judgements()
    print(f"{args.set} ({name}): {len(units):,} aligned pairs")
    for method in ("new",) if args.new_only else ("old", "new"):
        entries, found, seconds = glossary_of(units, method, frozenset(args.trace))
        rows = aligned_rows(entries)
        print(f"{method}: build {seconds:.1f} s, {len(rows)} aligned entries")
        figures(rows[: args.top], judged, args.show, method)
        conflicts = [
            (e.terms_in("ru")[0].text, [(t.text, t.origin) for t in e.terms_in("en")])
            for e in entries
            if {t.origin for t in e.terms_in("en")} >= {"reference", "aligned"}
        ]
        if method == "new":
            print(f"new: {len(conflicts)} reference-list conflicts flagged")
            for c in conflicts:
                print("  conflict", *c)
            points, calib = [], []
            for e, r, t in rows:
                verdict = judged.get((r, t), ("??", "", False))[0]
                feat = found.get(e.id)
                if verdict == "??" or not isinstance(feat, aligned.AlignedEquivalent):
                    continue
                y = int(verdict == "right")
                points.append(([feat.agreement, math.log(feat.together), feat.link], y))
                calib.append((feat.confidence, y))
            if args.fit and points:
                w = fit(points)
                print("fitted B0, B_AGREE, B_COUNT, B_LINK =", ", ".join(f"{x:.2f}" for x in w))
            if calib:
                brier = sum((p - y) ** 2 for p, y in calib) / len(calib)
                print(f"calibration on {len(calib)} judged: Brier {brier:.3f}")
                for lo, hi in ((0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01)):
                    band = [(p, y) for p, y in calib if lo <= p < hi]
                    if band:
                        print(
                            f"  confidence {lo:.2f}–{min(hi, 1):.2f}: {len(band):>3} entries, mean P {sum(p for p, _ in band) / len(band):.2f},"
                            f" right {sum(y for _, y in band) / len(band):.2f}"
                        )


if __name__ == "__main__":
    main()
