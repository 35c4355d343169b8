"""Ray against one machine: `tm build` through a local Ray cluster of two worker nodes (one
CPU each, the head node holding none), side by side with `tm build --workers 2`.

Issue 21's target: Ray reaches at least 0.8 of `--workers 2` (an overhead of at most 25%) on
2,000 sentences. Both are the library's `build_memory` (what `tm build` runs) with an empty
cache, interleaved so that a shared machine's load falls on both alike; tokens/s is the
build's own figure (target tokens over the whole build, reading and TMX writing included).
The package is bench/scale.py's: transformer-base with the real tokenizer and vocabulary
(random weights), with one decoding length limit (random weights decode to the limit).

    .venv/bin/python bench/ray_scale.py [--sentences 2000] [--max-length 64] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/scale.py's package, corpus and sandbox (importing it points the XDG folders there).
from bench.scale import _SANDBOX, CORPUS, MODEL, REAL  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from tests.support.ray_cluster import LocalCluster, have_ray

    if not have_ray():
        sys.exit("bench/ray_scale.py: Ray is not installed (pip install 'diplotm[ray]')")
    if not MODEL.exists():
        from tests.support.models import build_package

        build_package(MODEL, size="base", like=REAL)

    from tm.memory.build import BuildOptions, build_memory
    from tm.mt.cache import TranslationCache
    from tm.mt.models import argos_settings, install_file
    from tm.mt.ray_runner import ray_translator
    from tm.mt.translator import DecodingOptions, Translator

    settings = argos_settings()
    package = install_file(MODEL)
    decoding = DecodingOptions(beam_size=max(1, settings.beam_size), max_decoding_length=args.max_length)
    lines = (CORPUS / "newstest2018.rus").read_text(encoding="utf-8").splitlines()[: args.sentences]
    text = _SANDBOX / "input.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")

    cluster = LocalCluster()
    try:
        cluster.start(workers=2, head_cpus=0, timeout=180)
        # The driver joins the cluster with its temporary folder; its own home stays in the sandbox.
        os.environ.update({k: cluster.env[k] for k in ("RAY_TMPDIR", "RAY_USAGE_STATS_ENABLED", "RAY_DEDUP_LOGS")})
        workers2 = Translator(package, device="cpu", decoding=decoding, workers=2)
        on_ray = ray_translator(Translator(package, device="cpu", decoding=decoding, threads=1), cluster.address)
        runs = {"--workers 2": workers2, "--ray (2 worker nodes × 1 CPU)": on_ray}
        rates: dict[str, list[float]] = {name: [] for name in runs}
        walls: dict[str, list[float]] = {name: [] for name in runs}
        outputs: dict[str, bytes] = {}
        print(f"{len(lines)} sentences, max length {args.max_length}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        for round_ in range(args.repeat):
            for name, translator in runs.items():
                out = _SANDBOX / f"{round_}-{len(outputs)}.tmx"
                report = build_memory([str(text)], out, translator, TranslationCache(None), BuildOptions())
                rates[name].append(report.tokens_per_second)
                walls[name].append(report.seconds)
                outputs[name] = re.sub(rb'creationdate="[^"]*"', b"", out.read_bytes())
                print(f"  {name}: {report.tokens_per_second:.1f} tokens/s, {report.seconds:.1f} s", flush=True)
        on_ray.close()
    finally:
        cluster.stop()
    base = statistics.median(rates["--workers 2"])
    print("\n| run | tokens/s, median (min–max) | seconds, median | against --workers 2 |\n| --- | --- | --- | --- |")
    for name in runs:
        r = statistics.median(rates[name])
        low, high = min(rates[name]), max(rates[name])
        print(f"| {name} | {r:.1f} ({low:.1f}–{high:.1f}) | {statistics.median(walls[name]):.1f} | {r / base:.2f} |")
    same = len(set(outputs.values())) == 1
    print(f"\nthe two TMX files are {'identical' if same else 'DIFFERENT'} apart from creation dates")


if __name__ == "__main__":
    main()
