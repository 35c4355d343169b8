"""OmegaT 3.6's own classes as a test oracle (tests/support/java/OmegaTOracle.java).

The harness is compiled with javac against OmegaT.jar (whose manifest names the Lucene 3 and
other jars it needs) once per test session, into a temporary folder, and run with `user.home`
in that folder so that nothing of Java or OmegaT is written into the real home directory.
`scores` gives FindMatches' three numbers for (segment, candidate) pairs, `counts` StatCount's
words and characters of texts; both run one JVM for the whole batch."""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pytest

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
SOURCE = Path(__file__).with_name("java") / "OmegaTOracle.java"
JAVA, JAVAC = shutil.which("java"), shutil.which("javac")

NEEDS_JAVA_OMEGAT = pytest.mark.skipif(
    not (JAVA and JAVAC and OMEGAT_JAR.is_file()),
    reason=f"the OmegaT oracle needs java, javac and {OMEGAT_JAR} (Debian packages omegat and a JDK)",
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@cache
def compiled(source: Path = SOURCE) -> Path:
    """A Java harness compiled against OmegaT.jar, in a temporary folder (with a `home` for
    `user.home`) that lives as long as the test session; one per source file."""
    folder = Path(tempfile.mkdtemp(prefix=f"diplotm-{source.stem.lower()}-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "home").mkdir()
    command = [str(JAVAC), "-nowarn", "-encoding", "UTF-8", "-cp", str(OMEGAT_JAR), "-d", str(folder), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"javac failed: {result.stderr[-2000:]}")
    return folder


def run_harness(source: Path, args: Sequence[str] = (), stdin: str | None = None) -> str:
    """Run a compiled harness (its class named as its file) with OmegaT.jar, user.home and HOME
    in its temporary folder; its stdout, or RuntimeError with its stderr's tail."""
    folder = compiled(source)
    home = folder / "home"
    command = [str(JAVA), f"-Duser.home={home}", "-cp", f"{folder}:{OMEGAT_JAR}", source.stem, *args]
    result = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"{source.stem} failed: {result.stderr[-2000:]}")
    return result.stdout


def _run(requests: Iterable[str]) -> list[dict[str, object]]:
    lines = list(requests)
    stdout = run_harness(SOURCE, stdin="".join(line + "\n" for line in lines))
    answers = [json.loads(line) for line in stdout.splitlines()]
    if len(answers) != len(lines) or any("error" in a for a in answers):
        raise RuntimeError(f"the OmegaT oracle answered {len(answers)} of {len(lines)}: {stdout[-2000:]}")
    return answers


def compare(pairs: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
    """OmegaT's answer for each (segment, candidate): `scores` and each side's token lists."""
    return _run(f"P\t{_escape(query)}\t{_escape(candidate)}" for query, candidate in pairs)


def scores(pairs: Sequence[tuple[str, str]]) -> list[tuple[int, int, int]]:
    """OmegaT's (score, score_no_stem, adjusted_score) for each (segment, candidate)."""
    return [tuple(answer["scores"]) for answer in compare(pairs)]  # type: ignore[misc, arg-type]


def counts(texts: Sequence[str]) -> list[dict[str, int]]:
    """OmegaT's words, characters and characters with spaces of each segment's source."""
    return _run(f"W\t{_escape(text)}" for text in texts)  # type: ignore[return-value]
