"""What OmegaT 3.6 shows of our TBX: its own GlossaryReaderTBX, run headless on a file
(tests/support/java/OmegaTGlossaryTBX.java), with a ru → en stub project. Compiled once per
session into a temporary folder; Java and OmegaT write only into that folder (`user.home`)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.omegat_oracle import NEEDS_JAVA_OMEGAT, run_harness

__all__ = ["NEEDS_JAVA_OMEGAT", "omegat_glossary_entries"]

SOURCE = Path(__file__).with_name("java") / "OmegaTGlossaryTBX.java"


def omegat_glossary_entries(path: Path) -> list[dict[str, str]]:
    """OmegaT's glossary entries of a TBX file: source, target and the comment it shows."""
    stdout = run_harness(SOURCE, [str(path)])
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
