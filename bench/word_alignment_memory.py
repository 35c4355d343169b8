"""Peak memory and time of the word-alignment tables (glossary/equivalents/word_alignment.py).

`train` runs on N WMT newstest pairs (../shared/corpora, cycled with a number appended past
the corpus's 6,001, as bench/glossary_scale.py cycles them), in this process, after the
Russian lemmas are warmed so that the figure is the tables', not the analyser's. It prints
the peak RSS before and after training, the training time and a hash of the tables (equal
hashes: equal tables, bit for bit). `--against DIR` runs a second checkout's module too
(a `git worktree` of an older commit, say), alternately, `--rounds` times each.

    .venv/bin/python bench/word_alignment_memory.py [--units 10000] [--against DIR] [--rounds 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"

RUN = """
import hashlib, itertools, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from glossary.equivalents import word_alignment as wa
pairs = []
for name in ("newstest2017", "newstest2018"):
    ru = (Path({corpus!r}) / f"{{name}}.rus").read_text(encoding="utf-8").splitlines()
    en = (Path({corpus!r}) / f"{{name}}.eng").read_text(encoding="utf-8").splitlines()
    pairs += list(zip(ru, en, strict=False))
pairs = [(s + (f" ({{i // len(pairs)}})" if i >= len(pairs) else ""), t) for i, (s, t) in zip(range({units}), itertools.cycle(pairs))]
for s, _ in pairs:
    [wa.russian_key(w) for w in wa.RU_WORD.findall(s)]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
a = wa.train(pairs)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
digest = hashlib.sha256(a.pair_codes.tobytes() + a.t_er.tobytes() + a.t_re.tobytes()).hexdigest()[:16]
print(f"{{len(a.pair_codes):>9,}} {{before:>9.0f}} {{peak:>8.0f}} {{peak - before:>+7.0f}} {{seconds:>8.2f}} {{digest}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--against", type=Path, help="another checkout, run alternately with this one")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    roots = [ROOT] + ([args.against.resolve()] if args.against else [])
    print(f"{args.units:,} units")
    print(f"{'checkout':<30} {'pairs':>9} {'before MB':>9} {'peak MB':>8} {'added':>7} {'seconds':>8} tables")
    for _ in range(args.rounds):
        for root in roots:
            script = RUN.format(root=str(root), corpus=str(CORPUS), units=args.units)
            out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
            print(f"{str(root)[-30:]:<30} {out.strip()}")


if __name__ == "__main__":
    main()
