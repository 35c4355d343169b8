"""OmegaT 3.6 as a test client: whether it is installed, a minimal ru-RU → en-US project
file, and one way to run it in console mode without touching the real home directory."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

OMEGAT = shutil.which("omegat")
NEEDS_OMEGAT = pytest.mark.skipif(
    not (OMEGAT and shutil.which("java")), reason="OmegaT (Debian package omegat) or Java is not installed"
)

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


def run_omegat(project: Path, *args: str) -> None:
    # Java takes its home from the user database, not from HOME: without user.home, OmegaT
    # writes ~/.omegat (prefs, logs) into the real home directory.
    home = project.parent / "home"
    java_options = " ".join(filter(None, [os.environ.get("JAVA_TOOL_OPTIONS", ""), f"-Duser.home={home}"]))
    env = dict(os.environ, HOME=str(home), JAVA_TOOL_OPTIONS=java_options)
    result = subprocess.run([OMEGAT, str(project), *args], capture_output=True, text=True, env=env, timeout=600)  # type: ignore[list-item]
    assert result.returncode == 0 and "Finished" in result.stdout + result.stderr, result.stderr[-2000:]
