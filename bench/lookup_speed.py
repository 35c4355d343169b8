"""Glossary lookup speed on a synthetic glossary of 50,000 entries.

In process: `GlossaryIndex.lookup` (index built once) against a peer that scans every entry
and lemmatizes each query the same way (for the fuzzy query: WRatio over every known form).
From the command line: `glossary lookup` from a cold
start (a new process; the SQLite index already built) against starting a bare interpreter
and against `glossary --help`.

    .venv/bin/python bench/lookup_speed.py [--entries 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SANDBOX = Path(tempfile.mkdtemp(prefix="diplotm-bench-"))
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "cache")

from glossary.entries import Context, Entry, Glossary, Term  # noqa: E402
from glossary.extraction.morphology import analyzer, fold, lemma_key  # noqa: E402


def synthetic_glossary(size: int, seed: int = 7) -> Glossary:
    """Adjective + noun terms built from the shipped frequency list, with genitive variants."""
    from glossary.extraction.frequency import reference_frequencies

    morph = analyzer()
    nouns, adjectives = [], []
    for word in reference_frequencies().counts:
        parse = morph.parse(word)[0]
        if parse.tag.POS == "NOUN" and parse.tag.number != "plur" and parse.tag.gender:
            nouns.append(parse)
        elif parse.tag.POS == "ADJF":
            adjectives.append(parse)
    rng = random.Random(seed)
    seen: set[str] = set()
    entries = []
    while len(entries) < size:
        noun, adjective = rng.choice(nouns), rng.choice(adjectives)
        form = adjective.inflect({"nomn", "sing", noun.tag.gender})
        genitive_adj, genitive_noun = adjective.inflect({"gent", "sing", noun.tag.gender}), noun.inflect({"gent", "sing"})
        if not (form and genitive_adj and genitive_noun):
            continue
        text = f"{form.word} {noun.word}"
        if text in seen:
            continue
        seen.add(text)
        n = len(entries)
        entries.append(
            Entry(
                f"s{n}",
                [
                    Term(text, "ru", variants=[text, f"{genitive_adj.word} {genitive_noun.word}"]),
                    Term(f"synthetic term {n}", "en", confidence=0.3, origin="mt"),
                ],
                1,
                1.0,
                [Context(f"Пример: {text}.", f"Example {n}.", "synthetic.txt", f"{n:016x}")],
                [("synthetic.txt", f"{n:016x}")],
            )
        )
    return Glossary(entries)


def linear_scan(glossary: Glossary, query: str) -> list[Entry]:
    """The peer: no index, compare the query with every term and variant."""
    key, lemma = fold(query), lemma_key(query)
    return [
        e
        for e in glossary.entries
        if any(fold(t.text) == key or key in map(fold, t.variants) for t in e.terms)
        or any(lemma_key(t.text) == lemma for t in e.terms_in("ru"))
    ][:5]


def fuzzy_scan(index, query: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The fuzzy peer: WRatio over every known form, as the first version of lookup did."""
    from rapidfuzz import fuzz, process

    return process.extract(fold(query), index.forms(), scorer=fuzz.WRatio, limit=5, score_cutoff=70)


def timed(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()
    from glossary.formats import write_glossary
    from glossary.lookup.index import GlossaryIndex, build_index

    start = time.perf_counter()
    glossary = synthetic_glossary(args.entries)
    path = _SANDBOX / "synthetic.tbx"
    write_glossary(glossary, path)
    print(f"{len(glossary.entries)} entries, {path.stat().st_size / 1e6:.1f} MB TBX, made in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    index = GlossaryIndex(glossary)
    print(f"in-memory index built in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    build_index(path, glossary)
    print(f"SQLite index built in {time.perf_counter() - start:.1f} s\n")

    sample = glossary.entries[len(glossary.entries) // 2]
    ru, genitive = sample.terms[0].text, sample.terms[0].variants[1]
    words = ru.split()
    unseen = " ".join(analyzer().parse(w)[0].inflect({"ablt"}).word for w in words)  # instrumental: not a stored variant
    queries = {
        "known form": genitive,
        "unseen inflection (lemma)": unseen,
        "English": sample.terms[1].text,
        "typo (fuzzy)": ru[:-1] + "ъ",
    }
    print(f"{'in-process query':<28} {'index ms':>9} {'scan ms':>9} {'index is':>14}")
    for name, query in queries.items():
        assert index.lookup(query).hits, query
        ours = timed(lambda q=query: index.lookup(q), 21) * 1000
        if name == "typo (fuzzy)":
            peer = timed(lambda q=query: fuzzy_scan(index, q), 3) * 1000
        else:
            peer = timed(lambda q=query: linear_scan(glossary, q), 3) * 1000
        ratio = f"{peer / ours:.0f}× faster"
        print(f"{name:<28} {ours:>9.2f} {peer:>9.1f} {ratio:>14}")

    env = dict(os.environ)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "glossary --help": [sys.executable, "-m", "glossary.cli", "--help"],
        "glossary lookup (form)": [sys.executable, "-m", "glossary.cli", "lookup", genitive, "--glossary", str(path)],
        "glossary lookup (lemma)": [sys.executable, "-m", "glossary.cli", "lookup", unseen, "--glossary", str(path)],
        "glossary lookup (fuzzy)": [
            sys.executable,
            "-m",
            "glossary.cli",
            "lookup",
            queries["typo (fuzzy)"],
            "--glossary",
            str(path),
        ],
    }
    base = timed(lambda: subprocess.run(commands["python -c pass"], env=env, capture_output=True), 5)
    print(f"\n{'command (cold process)':<28} {'wall s':>8} {'× bare python':>14}")
    for name, command in commands.items():
        seconds = timed(lambda c=command: subprocess.run(c, env=env, capture_output=True), 5)
        print(f"{name:<28} {seconds:>8.3f} {seconds / base:>14.1f}")


if __name__ == "__main__":
    main()
