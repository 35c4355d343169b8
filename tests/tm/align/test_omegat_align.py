"""OmegaT itself on an aligned interview (issue 16): a project with the Russian interview as
its source, our exported rules, and `tm align`'s memory in tm/auto. OmegaT fills every
segment, labels and dashes included, with the human English of the aligned pair. Skipped,
saying so, where Java or OmegaT is not installed (as tests/glossary/formats/test_omegat.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support import DATA, sandbox_env
from tests.support.cli import run_cli
from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat

pytestmark = pytest.mark.slow

INTERVIEWS = DATA / "interview"


@NEEDS_OMEGAT
@pytest.mark.parametrize("english", ["interview.en.txt", "interview-bare.en.txt"], ids=["labelled", "bare"])
def test_omegat_fills_an_aligned_interview_with_its_human_english(tmp_path: Path, english: str) -> None:
    root = tmp_path / "project"
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    shutil.copy(INTERVIEWS / "interview.ru.txt", root / "source" / "interview.txt")
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    env = sandbox_env(tmp_path / "sandbox")
    rules = run_cli("tm", ["srx", "--omegat", "-o", str(root / "omegat")], env=env)
    assert rules.returncode == 0, rules.stderr
    memory = root / "tm" / "auto" / "aligned.tmx"
    aligned = run_cli(
        "tm", ["align", str(INTERVIEWS / "interview.ru.txt"), str(INTERVIEWS / english), "-o", str(memory)], env=env
    )
    assert aligned.returncode == 0, aligned.stderr
    run_omegat(root, "--mode=console-translate")
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    assert int(re.search(r"^Remaining:\s+(\d+)", stats, re.M)[1]) == 0, stats  # type: ignore[index]
    # Each line of the target is the human English of its line: with the translator's own
    # labels ("Question:<TAB>"), or, for a translation without them, the mirrored ones.
    expected = (INTERVIEWS / "interview.en.txt").read_text(encoding="utf-8")
    if english == "interview-bare.en.txt":
        expected = expected.replace("Question:\t", "Question\t").replace("Answer:\t", "Answer\t")
    assert (root / "target" / "interview.txt").read_text(encoding="utf-8") == expected


@NEEDS_OMEGAT
def test_omegat_inserts_the_human_translation_of_a_source_aligned_over_an_mt_memory(tmp_path: Path) -> None:
    """`tm align --merge MT.tmx`: the MT units of the sources aligned now are not written, so
    OmegaT (which takes the last unit of a source) inserts the human English for each."""
    from tm.memory.tmx import ORIGIN_MT, TmxHeader, TmxUnit, read_tmx, write_tmx

    visit = DATA / "align"
    root = tmp_path / "project"
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    shutil.copy(visit / "visit.ru.txt", root / "source" / "visit.txt")
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    env = sandbox_env(tmp_path / "sandbox")
    assert run_cli("tm", ["srx", "--omegat", "-o", str(root / "omegat")], env=env).returncode == 0
    human = tmp_path / "human.tmx"
    pair = [str(visit / "visit.ru.txt"), str(visit / "visit.en.txt")]
    assert run_cli("tm", ["align", *pair, "-o", str(human)], env=env).returncode == 0
    one_to_one = {u.source: u.target for u in read_tmx(human) if "\n" not in u.source}
    mt = tmp_path / "mt.tmx"
    write_tmx(mt, [TmxUnit(s, f"MT {n}.", props=[("x-Origin", ORIGIN_MT)]) for n, s in enumerate(one_to_one)], TmxHeader())
    merged = run_cli("tm", ["align", *pair, "-o", str(root / "tm" / "auto" / "merged.tmx"), "--merge", str(mt)], env=env)
    assert merged.returncode == 0, merged.stderr
    assert not [u for u in read_tmx(root / "tm" / "auto" / "merged.tmx") if u.target.startswith("MT ")]  # not written
    run_omegat(root, "--mode=console-translate")
    target = (root / "target" / "visit.txt").read_text(encoding="utf-8")
    assert not re.search(r"\bMT \d+\.", target), target
    inserted = [english for english in one_to_one.values() if english in target]
    assert len(inserted) >= len(one_to_one) - 1 and inserted, target  # a 1-2 link's pair is two segments' text
