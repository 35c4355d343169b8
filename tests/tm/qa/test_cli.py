"""`tm qa` from the command line: inputs, outputs, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import sandbox_env
from tests.support.cli import run_cli


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    ru, en, glossary = tmp_path / "ru.txt", tmp_path / "en.txt", tmp_path / "g.tsv"
    ru.write_text("ЕАЭС вырос на 18,3 млрд долл. США.\nРост 2 000 тенге.\n", encoding="utf-8")
    en.write_text("The Eurasian Union grew by $18.3 million.\nGrowth of 2,000 tenge.\n", encoding="utf-8")
    glossary.write_text("ru-RU\ten-US\tforbidden\nЕАЭС\tEAEU\tEurasian Union\n", encoding="utf-8")
    return ru, en, glossary


def test_plain_pair_table_json_tsv_and_exit_codes(tmp_path: Path) -> None:
    ru, en, glossary = _files(tmp_path)
    env = sandbox_env(tmp_path / "home")
    result = run_cli("tm", ["qa", str(ru), str(en), "--glossary", str(glossary), "--tsv", str(tmp_path / "f.tsv")], env=env)
    assert result.returncode == 1, result.stderr
    assert "numbers      error" in result.stdout and "forbidden term “Eurasian Union”" in result.stdout
    assert (tmp_path / "f.tsv").read_text(encoding="utf-8").splitlines()[0] == "id\tcheck\tseverity\tmessage"
    report = json.loads(run_cli("tm", ["qa", str(ru), str(en), "--json", "--checks", "numbers"], env=env).stdout)
    assert {f["check"] for f in report["findings"]} == {"numbers"} and report["pairs"] == 2
    assert run_cli("tm", ["qa", str(ru), str(en), "--skip", "numbers,terminology"], env=env).returncode == 0
    assert run_cli("tm", ["qa", str(ru), str(en), "--checks", "bogus"], env=env).returncode == 2
    assert run_cli("tm", ["qa", str(ru), str(tmp_path / "missing.txt")], env=env).returncode == 3
