"""OmegaT itself on an aligned interview (issue 16): a project with the Russian interview as
its source, our exported rules, and `tm align`'s memory in tm/auto. OmegaT fills every
segment, labels and dashes included, with the human English of the aligned pair. Skipped,
saying so, where Java or OmegaT is not installed (as tests/glossary/formats/test_omegat.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import DATA, sandbox_env
from tests.support.cli import run_cli

pytestmark = pytest.mark.slow

OMEGAT = shutil.which("omegat")
NEEDS_OMEGAT = pytest.mark.skipif(
    not (OMEGAT and shutil.which("java")), reason="OmegaT (Debian package omegat) or Java is not installed"
)
INTERVIEWS = DATA / "interview"

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>ru-RU</source_lang>
        <target_lang>en-US</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneRussianTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""


def _omegat(project: Path, *args: str) -> None:
    # Java takes its home from the user database, not from HOME: without user.home, OmegaT
    # writes ~/.omegat (prefs, logs) into the real home directory.
    home = project.parent / "home"
    java_options = " ".join(filter(None, [os.environ.get("JAVA_TOOL_OPTIONS", ""), f"-Duser.home={home}"]))
    env = dict(os.environ, HOME=str(home), JAVA_TOOL_OPTIONS=java_options)
    result = subprocess.run([OMEGAT, str(project), *args], capture_output=True, text=True, env=env, timeout=600)  # type: ignore[list-item]
    assert result.returncode == 0 and "Finished" in result.stdout + result.stderr, result.stderr[-2000:]


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
    _omegat(root, "--mode=console-translate")
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    assert int(re.search(r"^Remaining:\s+(\d+)", stats, re.M)[1]) == 0, stats  # type: ignore[index]
    # Each line of the target is the human English of its line: with the translator's own
    # labels ("Question:<TAB>"), or, for a translation without them, the mirrored ones.
    expected = (INTERVIEWS / "interview.en.txt").read_text(encoding="utf-8")
    if english == "interview-bare.en.txt":
        expected = expected.replace("Question:\t", "Question\t").replace("Answer:\t", "Answer\t")
    assert (root / "target" / "interview.txt").read_text(encoding="utf-8") == expected
