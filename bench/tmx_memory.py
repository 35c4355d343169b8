"""Peak memory of writing a TMX: tm's streaming writer against building the tree with lxml.

Each measurement runs in a fresh process and reports its peak resident set size, for
10,000, 100,000 and 1,000,000 units (the tree-building peer stops at 100,000).

    .venv/bin/python bench/tmx_memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STREAMING = """
import sys; sys.path.insert(0, {root!r})
from pathlib import Path
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx
units = (TmxUnit(f"Предложение номер {{i}} о сотрудничестве.", f"Sentence number {{i}} on cooperation.",
                 props=[("x-document", "doc.txt"), ("x-Origin", "MachineTranslation")]) for i in range({n}))
write_tmx(Path({out!r}), units, TmxHeader())
"""

TREE = """
from lxml import etree
root = etree.Element("tmx", version="1.4")
etree.SubElement(root, "header", srclang="ru-RU")
body = etree.SubElement(root, "body")
for i in range({n}):
    tu = etree.SubElement(body, "tu")
    etree.SubElement(tu, "prop", type="x-document").text = "doc.txt"
    etree.SubElement(tu, "prop", type="x-Origin").text = "MachineTranslation"
    for lang, text in (("ru-RU", f"Предложение номер {{i}} о сотрудничестве."), ("en-US", f"Sentence number {{i}} on cooperation.")):
        tuv = etree.SubElement(tu, "tuv", {{"{{http://www.w3.org/XML/1998/namespace}}lang": lang}})
        etree.SubElement(tuv, "seg").text = text
etree.ElementTree(root).write({out!r}, encoding="UTF-8", xml_declaration=True)
"""


REPORT = "\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"


def peak_mb(code: str) -> float:
    """Run code in a fresh interpreter; its own peak resident set size in MB."""
    process = subprocess.run([sys.executable, "-c", code + REPORT], capture_output=True, text=True)
    if process.returncode:
        raise RuntimeError(process.stderr)
    return int(process.stdout.split()[-1]) / 1024


def main() -> None:
    out = str(Path(tempfile.mkdtemp()) / "m.tmx")
    print(f"{'units':>10} {'streaming MB':>13} {'tree MB':>9} {'tree / streaming':>17}")
    for n in (10_000, 100_000, 1_000_000):
        streaming = peak_mb(STREAMING.format(root=str(ROOT), n=n, out=out))
        if n > 100_000:
            print(f"{n:>10} {streaming:>13.0f} {'-':>9} {'-':>17}")
            continue
        tree = peak_mb(TREE.format(n=n, out=out))
        print(f"{n:>10} {streaming:>13.0f} {tree:>9.0f} {tree / streaming:>16.1f}×")


if __name__ == "__main__":
    main()
