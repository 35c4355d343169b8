"""Peak memory on large inputs, before and after: a huge TBX, a 50 MB one-line document and
a TMX of one very long unit.

1. Glossary: a synthetic TBX of N entries (about 1 KB each) is converted to CSV
   (`glossary export`) and indexed for lookup (`glossary lookup`, first run), each in a fresh
   process; peak RSS and wall time are reported for this project and, with `--before REV`,
   for the project at git revision REV (from a temporary worktree), side by side.
   `--entries 0` leaves this part out.
2. `tm segment` on a 50 MB single line without punctuation (`--line`).
3. `glossary build` from a TMX of ONE unit of MB megabytes (`--long-unit MB`): the seeds'
   Russian repeated, two thirds of the file, and English filler of as many characters; no
   model (a TMX needs none). Also measured at REV with `--before`.

    .venv/bin/python bench/large_inputs.py [--entries 200000] [--before c4ab3d9] [--line] [--long-unit 10]
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
from glossary.entries import Context, Entry, Term
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


def long_unit_tmx(path: Path, megabytes: float) -> int:
    """A TMX of one unit of about `megabytes` MB: two thirds Russian (in UTF-8), one third
    English."""
    from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

    seeds = " ".join(p.read_text(encoding="utf-8").replace("\n", " ") for p in sorted((ROOT / "seeds").glob("*.txt")))
    characters = int(megabytes * 1e6 * 2 / 3 * len(seeds) / len(seeds.encode("utf-8")))
    russian = (seeds * (characters // len(seeds) + 1))[:characters]
    english_size = int(megabytes * 1e6 / 3)
    english = ("The parties discussed cooperation in trade, energy and transport. " * (english_size // 60 + 1))[:english_size]
    write_tmx(path, [TmxUnit(russian, english, props=[("x-document", "long.txt")])], TmxHeader())
    return len(russian)


def long_unit_rows(roots: dict[str, Path], megabytes: float, tmp: Path) -> None:
    tmx = tmp / "long-unit.tmx"
    russian = long_unit_tmx(tmx, megabytes)
    print(f"\nglossary build, a TMX of one unit, {tmx.stat().st_size / 1e6:.1f} MB ({russian:,} Russian characters):\n")
    print(f"| {'side':<20} | {'seconds':>8} | {'peak RSS MB':>11} | {'output MB':>9} |")
    print(f"|{'-' * 22}|{'-' * 10}|{'-' * 13}|{'-' * 11}|")
    for name, root in roots.items():
        home = tmp / f"home-{root.name}"
        env = dict(
            os.environ,
            PYTHONPATH=str(root),
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_CONFIG_HOME=str(home / "config"),
            TM_CACHE=str(home / "tm.sqlite3"),
        )
        out = tmp / f"long-{root.name}.tbx"
        r = timed([sys.executable, "-m", "glossary.cli", "build", str(tmx), "-o", str(out)], env, root)
        print(f"| {name:<20} | {r.seconds:>8.1f} | {r.rss_mb:>11.0f} | {out.stat().st_size / 1e6:>9.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--before", help="also measure the project at this git revision")
    parser.add_argument("--line", action="store_true", help="also segment a 50 MB line")
    parser.add_argument("--long-unit", type=float, metavar="MB", help="also build a glossary from a TMX of one MB-sized unit")
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
        try:
            if args.entries:
                tbx = tmp / "big.tbx"
                subprocess.run([sys.executable, "-c", MAKE_TBX.format(root=str(ROOT), n=args.entries, out=str(tbx))], check=True)
                print(f"TBX of {args.entries:,} entries, {tbx.stat().st_size / 1e6:.0f} MB\n")
                print(f"| {'operation':<22} | {'side':<20} | {'seconds':>8} | {'peak RSS MB':>11} |")
                print(f"|{'-' * 24}|{'-' * 22}|{'-' * 10}|{'-' * 13}|")
                results = {name: glossary_rows(root, tbx, tmp) for name, root in roots.items()}
                for operation in next(iter(results.values())):
                    for name, rows in results.items():
                        r = rows[operation]
                        print(f"| {operation:<22} | {name:<20} | {r.seconds:>8.1f} | {r.rss_mb:>11.0f} |")
            if args.long_unit:
                long_unit_rows(roots, args.long_unit, tmp)
        finally:
            if args.before:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "before")], capture_output=True
                )
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
