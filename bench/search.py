"""`tm search` with its index (tm/memory/index.py) against brute force, at scale.

A TMX of N units (default 1,000,000) is made from the WMT newstest 2017+2018 Russian sentences
(../shared/corpora/wmt-newstest-ru-en, never committed): 4/5 of them are the memory's bases,
1/5 are held out. Each unit is a base, or a held-out sentence, perturbed (words dropped,
inserted, replaced, numbers changed) or two halves recombined, so there are many near
matches. Queries are held-out sentences, perturbed again (near matches, none exact), and a
fifth of them held-out sentences that are never in the memory.

Measured on one core: the index build (from the TMX), the index's query time per query (the
index open and fingerprint check reported apart), and the oracle: every unit scored exactly
as tm/memory/matching.py scores it (tokens mapped to one character each, so rapidfuzz's C edit
distance scores a unit; ranked as OmegaT ranks, the earlier unit first on a tie), on a
sample of the queries. `--check K` also runs tm/memory/search.py itself, the `--no-index`
brute force, on K queries and asserts the oracle's top-1 equals it.

    nice .venv/bin/python bench/search.py [--units 1000000] [--queries 300] [--oracle 60] [--check 2]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"


def _sentences() -> list[str]:
    lines: list[str] = []
    for name in ("newstest2017.rus", "newstest2018.rus"):
        lines += [line.strip() for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(lines))


def _perturb(rng: random.Random, text: str, vocabulary: list[str], edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        choice = rng.random()
        if choice < 0.3 and len(words) > 3:
            words.pop(rng.randrange(len(words)))
        elif choice < 0.6:
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        elif choice < 0.85:
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        else:
            words.insert(rng.randrange(len(words) + 1), f"{rng.randint(1, 999)},{rng.randint(0, 9)}")
    return " ".join(words)


def make_memory(path: Path, units: int, queries: int, seed: int = 1) -> list[str]:
    """Write the TMX and return the queries."""
    from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

    rng = random.Random(seed)
    sentences = _sentences()
    rng.shuffle(sentences)
    held = sentences[: len(sentences) // 5]
    bases = sentences[len(sentences) // 5 :]
    near, unseen = held[: len(held) * 4 // 5], held[len(held) * 4 // 5 :]
    vocabulary = [w for s in bases[:2000] for w in s.split()]

    def generate() -> object:
        for n in range(units):
            kind = rng.random()
            if kind < 0.1:
                a, b = rng.choice(bases).split(), rng.choice(bases).split()
                text = " ".join(a[: len(a) // 2] + b[len(b) // 2 :])
            else:
                text = _perturb(rng, rng.choice(near if kind < 0.3 else bases), vocabulary, rng.randint(0, 4))
            yield TmxUnit(text, f"English {n}.", props=[("x-document", f"d{n % 997}.txt"), ("x-Origin", "Alignment")])

    write_tmx(path, generate(), TmxHeader())  # type: ignore[arg-type]
    picked = [_perturb(rng, rng.choice(near), vocabulary, rng.randint(1, 3)) for _ in range(queries * 4 // 5)]
    return picked + [rng.choice(unseen) for _ in range(queries - len(picked))]


class Oracle:
    """Every unit scored against a query exactly as matching.py scores it, vectorised."""

    def __init__(self, index: object) -> None:
        import numpy as np

        from tm.memory.matching import tokens_all, tokens_no_stem

        self.codes: dict[str, str] = {}
        self.sources: list[str] = []
        self.lists: tuple[list[str], list[str], list[str]] = ([], [], [])
        for _, source, _, _, _, _, stems in index.conn.execute("SELECT * FROM units ORDER BY id"):  # type: ignore[attr-defined]
            self.sources.append(source)
            for store, tokens in zip(
                self.lists, ((stems.split(" ") if stems else []), tokens_no_stem(source), tokens_all(source)), strict=True
            ):
                store.append(self.encode(tokens))
        self.lengths = [np.array([len(s) for s in store], dtype=np.int64) for store in self.lists]

    def encode(self, tokens: object) -> str:
        codes = self.codes
        out = []
        for token in tokens:  # type: ignore[attr-defined]
            code = codes.get(token)
            if code is None:
                number = len(codes) + 0x100
                code = codes[token] = chr(number if number < 0xD800 else number + 0x800)
            out.append(code)
        return "".join(out)

    def top1(self, text: str) -> tuple[int, tuple[int, int, int]] | None:
        import numpy as np
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import cdist

        from tm.language.numbers import numbers
        from tm.memory.matching import tokens_all, tokens_no_stem, tokens_stem

        scores = []
        for store, lengths, tokens in zip(
            self.lists, self.lengths, (tokens_stem(text), tokens_no_stem(text), tokens_all(text)), strict=True
        ):
            query = self.encode(tokens)
            distance = cdist([query], store, scorer=Levenshtein.distance, workers=1, dtype=np.int32)[0].astype(np.int64)
            longest = np.maximum(lengths, len(query))
            scores.append(np.where(longest > 0, 100 * (longest - distance) // np.maximum(longest, 1), 0))
        # OmegaT keeps a unit when its score or no-stem score reaches the threshold
        passing = (scores[0] >= 30) | (scores[1] >= 30)
        if not passing.any():
            return None
        candidates = np.flatnonzero(passing)
        s, n, a = (x[candidates].copy() for x in scores)
        # numbers count (matching.numbers_cap): a unit whose numbers differ scores at most 99
        wanted = numbers(text)
        for i in np.flatnonzero((s == 100) | (n == 100) | (a == 100)):
            if numbers(self.sources[candidates[i]]) != wanted:
                s[i], n[i], a[i] = min(s[i], 99), min(n[i], 99), min(a[i], 99)
        best = (int(s.max()), 0, 0)
        best = (best[0], int(n[s == best[0]].max()), 0)
        best = (best[0], best[1], int(a[(s == best[0]) & (n == best[1])].max()))
        top = candidates[(s == best[0]) & (n == best[1]) & (a == best[2])]
        # OmegaT's order after the scores: at 100 the same case first, then the earlier unit
        if best[0] == 100:
            exact = [int(c) for c in top if self.sources[c] == text]
            if exact:
                return exact[0], best
        return int(top[0]), best


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--oracle", type=int, default=60, help="queries also scored by brute force")
    parser.add_argument("--check", type=int, default=0, help="queries also run through tm/memory/search.py")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        from tm.memory import index as ix
        from tm.memory import search as brute

        tmx = Path(folder) / "memory.tmx"
        started = time.perf_counter()
        queries = make_memory(tmx, args.units, args.queries)
        made = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        ix.MemoryIndex(tmx).close()
        build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        opened = ix.MemoryIndex(tmx)
        reopen = time.perf_counter() - started
        times, results = [], []
        cpu = time.process_time()
        for text in queries:
            started = time.perf_counter()
            results.append(ix._search_one(text, [opened], 5, 30))
            times.append((time.perf_counter() - started) * 1000)
        query_cpu = (time.process_time() - cpu) * 1000 / len(queries)
        oracle = Oracle(opened)
        sample = list(range(0, len(queries), max(1, len(queries) // args.oracle)))[: args.oracle]
        oracle_times, same = [], 0
        for i in sample:
            started = time.perf_counter()
            expected = oracle.top1(queries[i])
            oracle_times.append((time.perf_counter() - started) * 1000)
            got = results[i][0] if results[i] else None
            if expected is None or got is None:
                same += expected is None and got is None
            else:
                row = opened.conn.execute("SELECT source, target FROM units WHERE id = ?", (expected[0],)).fetchone()
                same += (got.scores.as_tuple(), got.source, got.target) == (expected[1], *row)
        check_ms = []
        for text in queries[: args.check]:
            started = time.perf_counter()
            [found] = brute.search([text], [tmx], top=5)
            check_ms.append((time.perf_counter() - started) * 1000)
            expected = oracle.top1(text)
            assert (found[0].scores.as_tuple() if found else None) == (expected[1] if expected else None), text
        size = tmx.stat().st_size / 1e6
        per_million, cpu_per_million = build * 1_000_000 / args.units, build_cpu * 1_000_000 / args.units
        print(f"memory: {args.units:,} units ({size:.0f} MB TMX, made in {made:.0f} s), {len(queries)} queries, one core")
        print("| measure | index | brute force | target |")
        print("| --- | --- | --- | --- |")
        print(
            f"| build | {build:.1f} s ({per_million:.0f} s per 1M units; CPU {cpu_per_million:.0f} s) | – | ≤ 120 s per 1M units |"
        )
        print(f"| open (fingerprint check) | {reopen * 1000:.0f} ms a run | – | – |")
        print(
            f"| query p50 / p95 | {statistics.median(times):.1f} / {_percentile(times, 0.95):.1f} ms (CPU {query_cpu:.1f} ms a query on average) |"
            f" {statistics.median(oracle_times):.0f} / {_percentile(oracle_times, 0.95):.0f} ms (vectorised oracle, {len(sample)} queries) |"
            " p95 ≤ 50 ms |"
        )
        if check_ms:
            print(
                f"| tm/memory/search.py (--no-index), a run of one query | – | {statistics.median(check_ms) / 1000:.1f} s ({len(check_ms)} runs) | – |"
            )
        print(f"| identical top-1 | {100 * same / len(sample):.1f}% of {len(sample)} | (oracle) | ≥ 99% |")
        opened.close()


if __name__ == "__main__":
    main()
