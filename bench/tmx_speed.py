"""TMX write and read speed and peak memory: this project against translate-toolkit.

Both sides handle the same 100,000 units (two props, two languages), each measurement in a
fresh process that reports wall time and its peak RSS. With `--before REV`, the project as
it was at git revision REV is measured too (from a temporary worktree).

    .venv/bin/python bench/tmx_speed.py [--units 100000] [--before c4ab3d9]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
N, OUT = {n}, Path({out!r})
def texts(i):
    return f"Предложение номер {{i}} о сотрудничестве & <развитии>.", f"Sentence number {{i}} on cooperation & <growth>."
started = time.perf_counter()
"""
REPORT = """
print(json.dumps({"seconds": time.perf_counter() - started, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

OURS_WRITE = """
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx
write_tmx(OUT, (TmxUnit(*texts(i), props=[("x-document", "doc.txt"), ("x-Origin", "MachineTranslation")]) for i in range(N)), TmxHeader())
"""
OURS_READ = """
from tm.memory.tmx import read_tmx
count = sum(1 for _ in read_tmx(OUT))
assert count == N, count
"""
TTK_WRITE = """
from translate.storage.tmx import tmxfile
store = tmxfile(sourcelanguage="ru-RU", targetlanguage="en-US")
for i in range(N):
    source, target = texts(i)
    store.addtranslation(source, "ru-RU", target, "en-US")
OUT.write_bytes(bytes(store))
"""
TTK_READ = """
from translate.storage.tmx import tmxfile
with open(OUT, "rb") as handle:
    store = tmxfile(handle)
count = sum(1 for u in store.units if u.source)
assert count == N, count
"""


def measure(code: str, root: Path, n: int, out: Path) -> dict[str, float]:
    script = PRELUDE.format(root=str(root), n=n, out=str(out)) + code + REPORT
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--before", help="also measure the project at this git revision")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        roots = {"this project": ROOT}
        if args.before:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tmp / "before"), args.before],
                check=True,
                capture_output=True,
            )
            roots[f"before ({args.before})"] = tmp / "before"
        rows = []
        try:
            for name, root in roots.items():
                ours = tmp / f"{len(rows)}.tmx"
                rows.append((name, "write", measure(OURS_WRITE, root, args.units, ours)))
                rows.append((name, "read", measure(OURS_READ, root, args.units, ours)))
            theirs = tmp / "ttk.tmx"
            peer = {"write": measure(TTK_WRITE, ROOT, args.units, theirs), "read": measure(TTK_READ, ROOT, args.units, theirs)}
        finally:
            if args.before:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "before")], capture_output=True
                )
    print(f"{args.units:,} units; ratio = translate-toolkit time / this time (above 1: faster than translate-toolkit)\n")
    print(
        f"| {'side':<22} | {'operation':<9} | {'seconds':>7} | {'peak RSS MB':>11} | {'translate-toolkit s, MB':>24} | {'ratio':>6} |"
    )
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 9}|{'-' * 13}|{'-' * 26}|{'-' * 8}|")
    for name, operation, result in rows:
        other = peer[operation]
        print(
            f"| {name:<22} | {operation:<9} | {result['seconds']:>7.2f} | {result['rss_mb']:>11.0f} | "
            f"{other['seconds']:>16.2f} s, {other['rss_mb']:>4.0f} | {other['seconds'] / result['seconds']:>5.2f}× |"
        )


if __name__ == "__main__":
    main()
