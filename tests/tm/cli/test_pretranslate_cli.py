"""`tm pretranslate` and `tm merge` as a user runs them: the identity round trip, OmegaT 3.6
loading the XLIFF 1.2 file with as many segments as ours, and the fault rows (the real
command in a subprocess, through tests/faults/test_faults.check_fault)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault
from tests.support import sandbox_env
from tests.support.cli import run_cli
from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat

TEXT = "Первое предложение. Второе предложение!\n\n– Реплика в диалоге. Ещё одна.\nПоследняя строка\n"


def _document(folder: Path) -> Path:
    path = folder / "doc.txt"
    path.write_text(TEXT, "utf-8")
    return path


def test_copy_source_then_merge_gives_the_same_file(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    document = _document(tmp_path)
    done = run_cli("tm", ["pretranslate", str(document), "-o", str(tmp_path / "doc.xlf"), "--copy-source"], env=env)
    assert done.returncode == 0, done.stderr
    assert "5 segments in 3 blocks" in done.stdout
    merged = run_cli("tm", ["merge", str(tmp_path / "doc.xlf"), "-o", str(tmp_path / "doc.en.txt")], env=env)
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "doc.en.txt").read_bytes() == document.read_bytes()


def test_merge_finds_a_moved_original_with_original_option(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    document = _document(tmp_path)
    assert (
        run_cli("tm", ["pretranslate", str(document), "-o", str(tmp_path / "doc.xlf"), "--copy-source"], env=env).returncode == 0
    )
    (tmp_path / "elsewhere").mkdir()
    moved = tmp_path / "elsewhere" / "renamed.txt"
    shutil.move(document, moved)
    merged = run_cli(
        "tm", ["merge", str(tmp_path / "doc.xlf"), "-o", str(tmp_path / "out.txt"), "--original", str(moved)], env=env
    )
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "out.txt").read_text("utf-8") == TEXT


def _workspace(w: Path) -> None:
    """doc.txt and its XLIFF; a copy whose ids are not the original's; one without a skeleton;
    one with an unbalanced target."""
    if (w / "doc.xlf").exists():
        return
    _document(w)
    done = run_cli(
        "tm", ["pretranslate", str(w / "doc.txt"), "-o", str(w / "doc.xlf"), "--copy-source"], env=sandbox_env(w / "h")
    )
    assert done.returncode == 0, done.stderr
    xml = (w / "doc.xlf").read_text("utf-8")
    (w / "ids.xlf").write_text(xml.replace('id="3.2"', 'id="9.9"'), "utf-8")
    (w / "noskl.xlf").write_text(re.sub(r"<skl>.*?</skl>", "", xml, flags=re.S), "utf-8")
    (w / "gone").mkdir()
    (w / "gone" / "doc.xlf").write_text(xml, "utf-8")  # its skeleton names gone/doc.txt, which is not there
    (w / "codes.xlf").write_text(
        xml.replace('<target state="needs-translation">Последняя строка</target>', '<target>Last <bx id="1"/>line</target>'),
        "utf-8",
    )


FAULTS = [
    Fault(
        "merge: no skeleton",
        "tm",
        lambda w: ["merge", str(w / "noskl.xlf"), "-o", str(w / "out.txt")],
        3,
        "noskl.xlf: no skeleton",
        inputs=lambda w: [w / "noskl.xlf"],
        after=lambda w: not (w / "out.txt").exists(),
    ),
    Fault(
        "merge: original missing",
        "tm",
        lambda w: ["merge", str(w / "gone" / "doc.xlf"), "-o", str(w / "out.txt")],
        3,
        "pass --original PATH",
        after=lambda w: not (w / "out.txt").exists(),
    ),
    Fault(
        "merge: ids do not match",
        "tm",
        lambda w: ["merge", str(w / "ids.xlf"), "-o", str(w / "out.txt")],
        3,
        "doc.txt (ids or sources differ): 9.9",
        inputs=lambda w: [w / "ids.xlf", w / "doc.txt"],
        after=lambda w: not (w / "out.txt").exists(),
    ),
    Fault(
        "merge: unbalanced codes",
        "tm",
        lambda w: ["merge", str(w / "codes.xlf"), "-o", str(w / "codes.txt")],
        0,
        "unit 4.1: its target's codes are not the source's",
        after=lambda w: (w / "codes.txt").read_text("utf-8").endswith("Last line\n"),
    ),
    Fault(
        "merge onto the original",
        "tm",
        lambda w: ["merge", str(w / "doc.xlf"), "-o", str(w / "doc.txt")],
        5,
        "is also an input",
        inputs=lambda w: [w / "doc.txt", w / "doc.xlf"],
    ),
    Fault(
        "pretranslate onto the document",
        "tm",
        lambda w: ["pretranslate", str(w / "doc.txt"), "-o", str(w / "doc.txt"), "--copy-source"],
        2,
        "not a .xlf or .xliff file name",
        inputs=lambda w: [w / "doc.txt"],
    ),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    w = tmp_path_factory.mktemp("merge-faults")
    _workspace(w)
    return w


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(fault: Fault, workspace: Path) -> None:
    check_fault(fault, workspace, sandbox_env(workspace / "h"))


@pytest.mark.slow  # OmegaT in a JVM, 3 s
@NEEDS_OMEGAT
def test_omegat_loads_the_xliff_with_our_segment_count(tmp_path: Path) -> None:
    """OmegaT 3.6's XLIFF filter reads our 1.2 file as its source (sentence segmentation off:
    the units are the sentences already); project_stats.txt counts as many segments as units."""
    root = tmp_path / "project"
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    document = _document(tmp_path)
    done = run_cli(
        "tm",
        ["pretranslate", str(document), "-o", str(root / "source" / "doc.xlf"), "--copy-source"],
        env=sandbox_env(tmp_path / "h"),
    )
    assert done.returncode == 0, done.stderr
    (root / "omegat.project").write_text(PROJECT.replace("<sentence_seg>true", "<sentence_seg>false"), encoding="utf-8")
    run_omegat(root, "--mode=console-translate")
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    row = next(line for line in stats.splitlines() if line.strip().startswith("Total:"))
    ours = (root / "source" / "doc.xlf").read_text("utf-8").count("<trans-unit ")
    assert int(row.split("\t")[1].strip()) == ours == 5, stats
    assert (root / "target" / "doc.xlf").is_file()
