"""What OmegaT 3.6 shows of our TBX: its own GlossaryReaderTBX, run headless on a file
(tests/support/java/OmegaTGlossaryTBX.java), with a ru → en stub project. Compiled once per
session into a temporary folder; Java and OmegaT write only into that folder (`user.home`)."""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from tests.support.omegat_oracle import JAVA, JAVAC, NEEDS_JAVA_OMEGAT, OMEGAT_JAR

__all__ = ["NEEDS_JAVA_OMEGAT", "omegat_glossary_entries"]

SOURCE = Path(__file__).with_name("java") / "OmegaTGlossaryTBX.java"


@cache
def _classes() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="diplotm-omegat-tbx-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "home").mkdir()
    command = [str(JAVAC), "-nowarn", "-encoding", "UTF-8", "-cp", str(OMEGAT_JAR), "-d", str(folder), str(SOURCE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"javac failed: {result.stderr[-2000:]}")
    return folder


def omegat_glossary_entries(path: Path) -> list[dict[str, str]]:
    """OmegaT's glossary entries of a TBX file: source, target and the comment it shows."""
    folder = _classes()
    home = folder / "home"
    command = [str(JAVA), f"-Duser.home={home}", "-cp", f"{folder}:{OMEGAT_JAR}", "OmegaTGlossaryTBX", str(path)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"OmegaT's TBX reader failed: {result.stderr[-2000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
