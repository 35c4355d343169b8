"""Test support: the project's folders and the sandboxed environment of a `tm` subprocess.

Test modules import from here (`from tests.support import SEEDS, sandbox_env`), never from
`conftest`: a conftest is pytest's to load, and importing it a second time under another
name runs its module code twice."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"


def sandbox_env(home: Path) -> dict[str, str]:
    """Environment for a `tm` subprocess with its own empty argos and cache directories."""
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env["TM_CACHE"] = str(home / "cache.sqlite3")
    env["HOME"] = str(home)
    return env
