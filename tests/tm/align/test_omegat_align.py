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
