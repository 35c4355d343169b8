"""Running a command in a fresh process under GNU time: wall seconds, peak RSS, its output."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    seconds: float
    rss_mb: float
    stdout: str


def timed(command: list[str], env: dict[str, str], cwd: Path | None = None) -> Measured:
    """Run `command` under /usr/bin/time. `python -m` puts the working folder first on
    sys.path, so `cwd` picks which copy of the project runs."""
    with tempfile.NamedTemporaryFile("r") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
            env=env,
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, kilobytes = report.read().split()[-2:]
    return Measured(float(seconds), int(kilobytes) / 1024, result.stdout)
