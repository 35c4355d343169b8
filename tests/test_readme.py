"""The README's library example runs as written (with the tiny model installed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SEEDS, sandbox_env


def library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "no python example under '## As a library'"
    return match.group(1)


@pytest.mark.slow
def test_readme_library_example_runs(tmp_path: Path, tiny_model: Path) -> None:
    env = sandbox_env(tmp_path / "home") | {"PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "tm.cli", "model", "install", "--file", str(tiny_model)], env=env, check=True, capture_output=True
    )
    (tmp_path / "seeds").symlink_to(SEEDS)
    result = subprocess.run(
        [sys.executable, "-c", library_example()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.strip().splitlines()
    assert re.fullmatch(r"\d{3} units from 5 documents", first), first
    assert second == "EAEU"
    assert (tmp_path / "out" / "seeds.tmx").is_file() and (tmp_path / "out" / "glossary.csv").is_file()


def test_readme_documents_every_exit_code() -> None:
    from tm.cli.runner import EXIT_CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for row in re.findall(r"^\| ([\d, ]+) \|", table, re.MULTILINE) for code in row.split(",")}
    assert documented == set(EXIT_CODES)
