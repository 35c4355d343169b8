"""Peak memory on large inputs, before and after: a huge TBX and a 50 MB one-line document.

1. Glossary: a synthetic TBX of N entries (about 1 KB each) is converted to CSV
   (`glossary export`) and indexed for lookup (`glossary lookup`, first run), each in a fresh
   process; peak RSS and wall time are reported for this project and, with `--before REV`,
   for the project at git revision REV (from a temporary worktree), side by side.
2. `tm segment` on a 50 MB single line without punctuation (`--line`).

    .venv/bin/python bench/large_inputs.py [--entries 200000] [--before c4ab3d9] [--line]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Measured, timed  # noqa: E402

MAKE_TBX = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from glossary.formats import write_glossary
from glossary.model import Context, Entry, Term
def entries(n):
    for i in range(n):
        yield Entry(f"t{{i}}", [Term(f"термин номер {{i}} экономического сотрудничества", "ru", variants=[f"термина номер {{i}}"]),
                                Term(f"term number {{i}} of economic cooperation", "en", status="proposed", confidence=0.5, origin="mt")],
                    frequency=3, score=1.5,
                    contexts=[Context(f"Предложение {{i}} о термине экономического сотрудничества и развитии связей.",
                                      f"Sentence {{i}} on the term of economic cooperation and ties.", "doc.txt", f"{{i:016x}}")],
                    sources=[("doc.txt", f"{{i:016x}}")])
write_glossary(entries({n}), Path({out!r}))
"""


def glossary_rows(root: Path, tbx: Path, tmp: Path) -> dict[str, Measured]:
    env = dict(os.environ, PYTHONPATH=str(root), XDG_CACHE_HOME=str(tmp / f"cache-{root.name}"))
    program = [sys.executable, "-m", "glossary.cli"]
    return {
        "export TBX → CSV": timed(program + ["export", str(tbx), "-o", str(tmp / "out.csv")], env, root),
        "first lookup (index)": timed(program + ["lookup", "термин номер 7", "-g", str(tbx)], env, root),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--before", help="also measure the project at this git revision")
    parser.add_argument("--line", action="store_true", help="also segment a 50 MB line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        tbx = tmp / "big.tbx"
        subprocess.run([sys.executable, "-c", MAKE_TBX.format(root=str(ROOT), n=args.entries, out=str(tbx))], check=True)
        print(f"TBX of {args.entries:,} entries, {tbx.stat().st_size / 1e6:.0f} MB\n")
        roots = {"this project": ROOT}
        if args.before:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tmp / "before"), args.before],
                           check=True, capture_output=True)
            roots[f"before ({args.before})"] = tmp / "before"
        try:
            print(f"| {'operation':<22} | {'side':<20} | {'seconds':>8} | {'peak RSS MB':>11} |")
            print(f"|{'-' * 24}|{'-' * 22}|{'-' * 10}|{'-' * 13}|")
            results = {name: glossary_rows(root, tbx, tmp) for name, root in roots.items()}
            for operation in next(iter(results.values())):
                for name, rows in results.items():
                    r = rows[operation]
                    print(f"| {operation:<22} | {name:<20} | {r.seconds:>8.1f} | {r.rss_mb:>11.0f} |")
        finally:
            if args.before:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "before")], capture_output=True)
        if args.line:
            random.seed(1)
            words = "сотрудничество развитие партнерство Казахстан Россия экономика торговля союз договор".split()
            line = tmp / "line.txt"
            with open(line, "w", encoding="utf-8") as out:
                for _ in range(50_000_000 // 180):
                    out.write(" ".join(random.choice(words) for _ in range(10)) + " ")
                out.write("\n")
            r = timed([sys.executable, "-m", "tm.cli", "segment", str(line)], dict(os.environ, PYTHONPATH=str(ROOT)), ROOT)
            print(f"\ntm segment, {line.stat().st_size / 1e6:.0f} MB single line: {r.seconds:.1f} s, {r.rss_mb:.0f} MB peak RSS")


if __name__ == "__main__":
    main()
