"""Approved glossary terms in the MT (issue 20, point 2): terms present, outcomes, MT time.

The glossary is the reference list (glossary/data/reference.tsv, read as a TSV here: `tm`
code does not import `glossary`), acronyms and full forms as separate pairs. The sentences
are those of WMT newstest2017/2018 (Russian side) with at least one of its Russian terms in
any inflected form. The model is a synthetic package built like the tests' one
(tests/support/models.py) but with the real translate-ru_en package's SentencePiece model
and 32,000-token vocabulary (`--like ../shared/models/translate-ru_en-1_9-no-weights`), so
English terms take the real model's tokens and sentences its token counts; its weights are
random, so it never writes a term by itself: this measures the mechanism and its cost, not
the quality of the forced terms (which only the real model can show).

    .venv/bin/python bench/terms_mt.py [--sentences 40] [--size base] [--max-length 64] [--repeat 3]
        [--model FILE]

With `--repeat N` the two runs alternate N times (the machine may be shared): the table gives
the median seconds with the spread (min–max), wall clock and CPU, and the median of the
per-pair ratios. `--model FILE` keeps the built package there for the next run.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if (p / "models").is_dir()), ROOT.parent / "shared"
)
CORPUS = SHARED / "corpora" / "wmt-newstest-ru-en"
REAL = SHARED / "models" / "translate-ru_en-1_9-no-weights"
REFERENCE = ROOT / "glossary" / "data" / "reference.tsv"

_SANDBOX = Path(tempfile.mkdtemp(prefix="diplotm-bench-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())


def reference_glossary(path: Path) -> Path:
    """The reference list as a two-column TSV of approved pairs (ru, en)."""
    lines = [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    with path.open("w", encoding="utf-8") as out:
        out.write("ru\ten\n")
        for row in rows:
            out.write(f"{row['ru']}\t{row['en']}\n")
            if row.get("ru_full") and row.get("en_full"):
                out.write(f"{row['ru_full']}\t{row['en_full']}\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--size", choices=("tiny", "base"), default="base")
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1, help="alternating runs of each (median and spread)")
    parser.add_argument("--model", type=Path, help="the built package: reused when it exists, else written there")
    args = parser.parse_args()
    if not (REAL / "sentencepiece.model").is_file() or not CORPUS.is_dir():
        print(f"{REAL} or {CORPUS} not found; this benchmark needs ../shared")
        return

    from argostranslate import settings

    from tests.support.models import build_package
    from tm.mt.models import install_file
    from tm.mt.terms import FORCED, MISSING, OK, contains, read_glossary
    from tm.mt.translator import DecodingOptions, Translator

    glossary = read_glossary(reference_glossary(_SANDBOX / "reference.tsv"))
    lines = [line for year in (2017, 2018) for line in (CORPUS / f"newstest{year}.rus").read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    chosen = [line for line in lines if len(line) < 400 and glossary.find(line)]
    scan = time.perf_counter() - started
    sentences = chosen[: args.sentences]
    model = args.model or _SANDBOX / f"{args.size}-like-real.argosmodel"
    started = time.perf_counter()
    if not model.is_file():
        build_package(model, size=args.size, like=REAL)
    package = install_file(model)
    print(
        f"glossary: {len(glossary.terms)} approved pairs from the reference list; {len(chosen)} of {len(lines)} WMT "
        f"sentences have a term (scanned in {scan:.1f} s); {len(sentences)} used. Model: {args.size}, real tokenizer "
        f"and vocabulary, built in {time.perf_counter() - started:.0f} s; beam {settings.beam_size}, max length "
        f"{args.max_length}, {os.cpu_count()} CPUs",
        flush=True,
    )
    decoding = DecodingOptions(beam_size=max(1, settings.beam_size), max_decoding_length=args.max_length)
    translators = {
        name: Translator(package, device="cpu", batch_size=args.batch_size, decoding=decoding, glossary=terms)
        for name, terms in (("without glossary", None), ("with glossary", glossary))
    }
    for translator in translators.values():
        translator.translate(["Разогрев модели."])  # load the model outside the timing
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in translators}
    targets: dict[str, list[str]] = {}
    calls: dict[str, int] = {}
    for _ in range(max(1, args.repeat)):
        for name, translator in translators.items():
            translator.term_outcomes.clear()
            translator.calls = 0
            started, cpu = time.perf_counter(), time.process_time()
            targets[name] = translator.translate(sentences)
            times[name].append((time.perf_counter() - started, time.process_time() - cpu))
            calls[name] = translator.calls

    required = [[h.term for h in glossary.find(s)] for s in sentences]
    print(f"\n{'run':<18} {'sentences':>9} {'terms':>6} {'present':>8} {'present %':>9} {'ok':>4} {'forced':>6} {'missing':>7}")
    for name, translator in translators.items():
        present = sum(
            any(contains(t, r) for r in term.renderings)
            for t, terms in zip(targets[name], required, strict=True)
            for term in terms
        )
        total = sum(len(terms) for terms in required)
        outcomes = Counter(o.status for o in translator.term_outcomes.values())
        print(
            f"{name:<18} {len(sentences):>9} {total:>6} {present:>8} {100 * present / max(1, total):>8.1f}% "
            f"{outcomes[OK]:>4} {outcomes[FORCED]:>6} {outcomes[MISSING]:>7}"
        )
    base = times["without glossary"]
    print(
        f"\n{'run':<18} {'wall s (min–max)':>18} {'CPU s (min–max)':>18} {'sentences/s':>11} {'model calls':>11} "
        f"{'wall ×':>7} {'CPU ×':>6}   ({len(base)} runs each, alternating)"
    )
    for name, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        ratio_wall = statistics.median(w / b for (w, _), (b, _) in zip(runs, base, strict=True))
        ratio_cpu = statistics.median(c / b for (_, c), (_, b) in zip(runs, base, strict=True))
        print(
            f"{name:<18} {statistics.median(walls):>5.1f} ({min(walls):.1f}–{max(walls):.1f}) "
            f"{statistics.median(cpus):>6.1f} ({min(cpus):.1f}–{max(cpus):.1f}) "
            f"{len(sentences) / statistics.median(walls):>11.1f} {calls[name]:>11} {ratio_wall:>6.2f}× {ratio_cpu:>5.2f}×"
        )


if __name__ == "__main__":
    main()
