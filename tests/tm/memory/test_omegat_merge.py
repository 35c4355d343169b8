"""OmegaT itself on a merged MT + human memory (issue 16, point 1): `tm build --merge` leaves
no MT unit beside a human one, so OmegaT (which takes the last unit for a source in
`tm/auto`) inserts the human translation; `--mt-out` keeps the MT apart, for `tm/mt/`.
The harness is tests/glossary/formats/test_omegat.py's: console mode, with its home in the
test's folder. Skipped, saying so, where Java or OmegaT is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import SEEDS, sandbox_env
from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat
from tm.memory.tmx import ORIGIN_ALIGNMENT, ORIGIN_MT, TmxHeader, TmxUnit, read_tmx, write_tmx
from tm.text.documents import read_document
from tm.text.segment import segment_document
from tm.text.srx import omegat_filters_xml, omegat_segmentation_conf

pytestmark = pytest.mark.slow


def _translate(root: Path, document: Path, memories: dict[str, Path]) -> str:
    """OmegaT's target document for `document`, with `memories` ({"tm/auto": file, …}) and our rules."""
    for folder in ("source", "tm/auto", "tm/mt", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    shutil.copy(document, root / "source" / document.name)
    for folder, memory in memories.items():
        shutil.copy(memory, root / folder / memory.name)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (root / "omegat" / "segmentation.conf").write_text(omegat_segmentation_conf(), encoding="utf-8")
    (root / "omegat" / "filters.xml").write_text(omegat_filters_xml(), encoding="utf-8")
    run_omegat(root, "--mode=console-translate")
    return (root / "target" / document.name).read_text(encoding="utf-8")


def _tm(args: list[str], home: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "tm.cli", *args, "--json"], env=sandbox_env(home), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A small Russian document of three seed sentences (two in one paragraph), and its sources."""
    seed = [s.text for s in segment_document(read_document(str(SEEDS / "003_talks-narrow-format.txt"))) if not s.prefix]
    document = tmp_path_factory.mktemp("job") / "talks.txt"
    document.write_text(f"{seed[0]}\n{seed[1]} {seed[2]}\n", encoding="utf-8")
    sources = [s.prefix + s.text for s in segment_document(read_document(str(document)))]
    assert sources == seed[:3]
    return document, sources


@NEEDS_OMEGAT
def test_omegat_inserts_the_human_translation_of_a_merged_memory(
    tmp_path: Path, tiny_model: Path, job: tuple[Path, list[str]]
) -> None:
    document, sources = job
    human = tmp_path / "human.tmx"
    write_tmx(human, [TmxUnit(s, f"HUMAN {i}.", [("x-Origin", ORIGIN_ALIGNMENT)]) for i, s in enumerate(sources, 1)], TmxHeader())
    merged, side, home = tmp_path / "merged.tmx", tmp_path / "mt.tmx", tmp_path / "tm-home"
    summary = _tm(["build", str(document), "-o", str(merged), "--merge", str(human), "--model", str(tiny_model)], home)
    assert summary["merged"] == 3 and summary["mt_superseded"] == 3
    assert [(u.source, u.target) for u in read_tmx(merged)] == [(s, f"HUMAN {i}.") for i, s in enumerate(sources, 1)]

    target = _translate(tmp_path / "merged", document, {"tm/auto": merged})
    assert [f"HUMAN {i}." in target for i in (1, 2, 3)] == [True, True, True], target
    assert not any(s in target for s in sources)  # every segment was filled

    # --mt-out: the superseded MT units in a side memory, OmegaT's tm/mt/; the human ones still win.
    summary = _tm(
        ["build", str(document), "-o", str(merged), "--merge", str(human), "--mt-out", str(side), "--model", str(tiny_model)],
        home,
    )
    assert summary["mt_superseded"] == 3 and summary["mt_out"] == str(side)
    machine = list(read_tmx(side))
    assert [u.source for u in machine] == sources and all(u.prop("x-Origin") == ORIGIN_MT for u in machine)
    assert not any(u.target.startswith("HUMAN") for u in machine)
    target = _translate(tmp_path / "with-mt", document, {"tm/auto": merged, "tm/mt": side})
    assert [f"HUMAN {i}." in target for i in (1, 2, 3)] == [True, True, True], target
    assert not any(u.target in target for u in machine)


@NEEDS_OMEGAT
def test_the_order_matters_omegat_takes_the_last_unit_for_a_source(tmp_path: Path, job: tuple[Path, list[str]]) -> None:
    """The control: the old merged file (human units, then MT ones for the same sources) made
    OmegaT insert the MT. The test above would see it."""
    document, sources = job
    old = tmp_path / "old-merged.tmx"
    human = [TmxUnit(s, f"HUMAN {i}.", [("x-Origin", ORIGIN_ALIGNMENT)]) for i, s in enumerate(sources, 1)]
    machine = [TmxUnit(s, f"MACHINE {i}.", [("x-Origin", ORIGIN_MT)]) for i, s in enumerate(sources, 1)]
    write_tmx(old, human + machine, TmxHeader())
    target = _translate(tmp_path / "old", document, {"tm/auto": old})
    assert [f"MACHINE {i}." in target for i in (1, 2, 3)] == [True, True, True], target
    assert "HUMAN" not in target
