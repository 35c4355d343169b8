"""The `tm` command as a user runs it: a subprocess with its own argos and cache folders."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support import SEEDS, sandbox_env

# `tm` as a real process: installed models, the environment, a local package index.
pytestmark = pytest.mark.slow

TM = [sys.executable, "-m", "tm.cli"]


def run(args: list[str], env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        TM + args, env=env, input=stdin.decode() if stdin else None, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tm: error: ")
    return lines[0]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> dict[str, str]:
    """A sandbox with the tiny model installed once for all CLI tests."""
    environment = sandbox_env(tmp_path_factory.mktemp("home"))
    installed = run(["model", "install", "--file", str(tiny_model)], environment)
    assert installed.returncode == 0, installed.stderr
    return environment


def test_help_does_not_load_the_translation_stack() -> None:
    code = (
        "import sys, tm.cli; print(sorted(m for m in ('torch', 'stanza', 'ctranslate2', 'argostranslate') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
    result = subprocess.run(TM + ["--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout and "segment" in result.stdout


def test_build_twice_second_run_from_cache(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out" / "seeds.tmx"
    first = run(["build", str(SEEDS), "-o", str(out), "--json"], env)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["documents"] == 5 and summary["written"] == summary["unique"] > 150
    second = json.loads(run(["build", str(SEEDS), "-o", str(out), "--json"], env).stdout)
    assert second["translated"] == 0 and second["from_cache"] == summary["unique"]
    stats = json.loads(run(["stats", str(out), "--json"], env).stdout)
    assert stats["units"] == summary["written"]
    assert stats["languages"] == {"ru-RU": summary["written"], "en-US": summary["written"]}
    assert stats["origins"] == {"MachineTranslation": summary["written"]}
    assert len(stats["documents"]) == 5


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "readme.md").write_text("x")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (tmp_path / "broken.txt").write_bytes("Договор о дружбе и сотрудничестве подписан".encode() + b"\xc3\x28")
    return {
        "missing": ([str(tmp_path / "missing.txt")], "no such file or directory"),
        "no text": ([str(tmp_path / "nothing")], "directory has no .txt files"),
        "empty": ([str(tmp_path / "empty.txt")], "empty file"),
        "binary": ([str(tmp_path / "binary.txt")], "binary file"),
        "undecodable": ([str(tmp_path / "broken.txt")], "invalid UTF-8"),
    }


@pytest.mark.parametrize("case", ["missing", "no text", "empty", "binary", "undecodable"])
def test_bad_input_gets_one_line_naming_the_file_and_no_output(env, tmp_path: Path, case: str) -> None:
    paths, message = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out.tmx"
    result = run(["build", *paths, str(SEEDS / "003_talks-narrow-format.txt"), "-o", str(out)], env)
    assert result.returncode == 3
    line = one_line_error(result)
    assert paths[0] in line and message in line
    assert not out.exists() and not list(tmp_path.glob(".out.tmx*"))
    segmented = run(["segment", *paths], env)
    assert segmented.returncode == 3 and message in one_line_error(segmented)


def test_keep_going_processes_the_other_files(env, tmp_path: Path) -> None:
    cases = _bad_inputs(tmp_path)
    bad = [cases[c][0][0] for c in ("empty", "binary", "undecodable")]
    out = tmp_path / "out.tmx"
    result = run(["build", *bad, str(SEEDS / "003_talks-narrow-format.txt"), "-o", str(out), "--keep-going", "--json"], env)
    assert result.returncode == 4
    assert json.loads(result.stdout)["written"] == 18
    errors = [line for line in result.stderr.splitlines() if line.startswith("tm: error:")]
    assert [e.split(": ")[2] for e in errors] == bad


def test_standard_input_and_json_segments(env) -> None:
    text = "Вопрос\tКогда подписан договор?\nОтвет\t- В 1992 г. Президент подписал его. Он действует.\n".encode()
    result = run(["segment", "-", "--json"], env, stdin=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["paragraph"], r["position"], r["speaker"], r["text"]) for r in rows] == [
        (0, 0, "Вопрос", "Когда подписан договор?"),
        (1, 0, "Ответ", "В 1992 г. Президент подписал его."),
        (1, 1, "Ответ", "Он действует."),
    ]
    assert rows[0]["document"] == "<stdin>" and rows[1]["dash"] == "-"


def test_translate_a_string_and_a_file(env) -> None:
    result = run(["translate", "Казахстан и Россия. Договор подписан."], env)
    assert result.returncode == 0 and len(result.stdout.strip().splitlines()) == 1 and result.stdout.strip()
    from_file = run(["translate", str(SEEDS / "003_talks-narrow-format.txt")], env)
    assert len(from_file.stdout.strip().splitlines()) == 6  # one line per paragraph


def test_no_model_says_what_to_do(tmp_path: Path) -> None:
    result = run(["build", str(SEEDS), "-o", str(tmp_path / "o.tmx")], sandbox_env(tmp_path))
    assert result.returncode == 6
    line = one_line_error(result)
    assert "tm model install" in line and "--model" in line


@pytest.mark.parametrize("content, message", [(b"not a zip", "not an .argosmodel package"), (None, "no such model file")])
def test_bad_model_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    model = tmp_path / "bad.argosmodel"
    if content is not None:
        model.write_bytes(content)
    result = run(["build", str(SEEDS), "-o", str(tmp_path / "o.tmx"), "--model", str(model)], sandbox_env(tmp_path))
    assert result.returncode == 6 and message in one_line_error(result)


@pytest.mark.parametrize("option, value", [("--source-lang", "ru_RU"), ("--target-lang", "*all*"), ("--device", "tpu")])
def test_bad_option_values(env, tmp_path: Path, option: str, value: str) -> None:
    result = run(["build", str(SEEDS), "-o", str(tmp_path / "o.tmx"), option, value], env)
    assert result.returncode == 2 and value in one_line_error(result)


def test_merge_with_a_broken_tmx_fails_before_translating(env, tmp_path: Path) -> None:
    broken = tmp_path / "old.tmx"
    broken.write_text("<tmx><header", encoding="utf-8")
    result = run(["build", str(SEEDS), "-o", str(tmp_path / "o.tmx"), "--merge", str(broken)], env)
    assert result.returncode == 3 and "old.tmx" in one_line_error(result)


@pytest.fixture()
def package_server(tmp_path: Path, tiny_model: Path):  # type: ignore[no-untyped-def]
    """An argos package index on 127.0.0.1 serving the tiny model as translate-ru_en."""
    root = tmp_path / "index"
    root.mkdir()
    shutil.copy(tiny_model, root / "translate-ru_en-1_9.argosmodel")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    entry = {
        "package_version": "1.9",
        "argos_version": "1.9.0",
        "from_code": "ru",
        "from_name": "Russian",
        "to_code": "en",
        "to_name": "English",
        "code": "translate-ru_en",
        "type": "translate",
        "links": [base + "translate-ru_en-1_9.argosmodel"],
    }
    (root / "index.json").write_text(json.dumps([entry]), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_model_install_downloads_from_the_package_index(tmp_path: Path, package_server) -> None:
    base, _ = package_server
    env = sandbox_env(tmp_path / "home") | {"ARGOS_PACKAGE_INDEX": base}
    result = run(["model", "install"], env)
    assert result.returncode == 0, result.stderr
    assert "installed translate-ru_en-synthetic-tiny 0.0" in result.stdout
    listed = json.loads(run(["model", "list", "--json"], env).stdout)
    assert [(p["code"], p["used"]) for p in listed] == [("translate-ru_en-synthetic-tiny", True)]
    assert not list((tmp_path / "home").rglob("*.part"))


def test_model_install_reports_a_failed_download(tmp_path: Path, package_server) -> None:
    base, root = package_server
    (root / "translate-ru_en-1_9.argosmodel").unlink()
    env = sandbox_env(tmp_path / "home") | {"ARGOS_PACKAGE_INDEX": base}
    result = run(["model", "install"], env)
    assert result.returncode == 6
    assert "download failed" in [line for line in result.stderr.splitlines() if line.startswith("tm: error")][0]
    assert json.loads(run(["model", "list", "--json"], env).stdout) == []


# --- the CLI layer's mechanisms, each defined once (issue 15); in-process, fast -----------


def _readme_exit_codes() -> set[int]:
    import re

    from tests.support import ROOT

    table = (ROOT / "README.md").read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code) for row in re.findall(r"^\| ([\d, ]+) \|", table, re.MULTILINE) for code in row.split(",")}


def test_exit_codes_are_one_table_the_epilog_and_readme_agree() -> None:
    import re

    from tm.cli.runner import EPILOG
    from tm.core import errors, exitcodes

    table = {row.code for row in exitcodes.TABLE}
    assert set(exitcodes.EXIT_CODES) == table
    assert {int(c) for c in re.findall(r"(?:^Exit codes: |; )(\d+) ", EPILOG)} == table  # generated, every code
    assert _readme_exit_codes() == table
    classes = [
        errors.TmError,
        errors.UsageError,
        errors.InputError,
        errors.TmxError,
        errors.OutputError,
        errors.ModelError,
        errors.Terminated,
    ]
    assert all(cls.exit_code in table for cls in classes)


def test_both_programs_show_the_generated_epilog() -> None:
    from glossary.cli import app as glossary_app
    from tm.cli.commands import app as tm_app
    from tm.cli.runner import EPILOG

    assert tm_app.info.epilog == glossary_app.info.epilog == EPILOG


def test_the_domain_imports_neither_the_cli_nor_typer() -> None:
    import ast

    from tests.support import ROOT

    offenders = []
    for package in ("core", "text", "mt", "memory", "align"):
        for path in sorted((ROOT / "tm" / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                )
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}"
                    for n in names
                    if n.split(".")[0] in ("typer", "click") or n == "tm.cli" or n.startswith("tm.cli.")
                ]
    assert offenders == []


def test_library_warnings_go_to_the_runners_sink(capsys: pytest.CaptureFixture[str]) -> None:
    from tm.core import notices

    heard: list[str] = []
    previous = notices.set_sink(heard.append)
    try:
        notices.warn_once("a folder is not a package")
        notices.warn_once("a folder is not a package")
    finally:
        notices.set_sink(previous)
    assert heard == ["a folder is not a package"]
    notices.set_sink(None)
    notices.warn("unheard before")
    assert capsys.readouterr().err == "tm: warning: unheard before\n"


def _options(app: object, command: str) -> set[str]:
    import typer

    group = typer.main.get_command(app)  # type: ignore[arg-type]
    found = group.commands[command]  # type: ignore[attr-defined]
    return {opt for param in found.params for opt in param.opts}


def test_commands_that_translate_take_the_same_mt_and_cache_options() -> None:
    from tm.cli.commands import app

    for command in ("build", "align"):
        assert {"--model", "--device", "--threads", "--batch-size", "--cache", "--no-cache", "--json"} <= _options(app, command)
    assert {"--model", "--device", "--threads", "--batch-size"} <= _options(app, "translate")


def test_option_defaults_are_the_librarys() -> None:
    import typer

    from tm.align.run import AlignOptions
    from tm.cli.commands import app
    from tm.memory.build import BuildOptions
    from tm.mt.engine import MtSettings
    from tm.mt.translator import Translator

    build = {p.name: p.default for p in typer.main.get_command(app).commands["build"].params}  # type: ignore[attr-defined]
    align = {p.name: p.default for p in typer.main.get_command(app).commands["align"].params}  # type: ignore[attr-defined]
    mt, options, aligned = MtSettings(), BuildOptions(creation_id="x"), AlignOptions()
    assert (build["device"], build["threads"], build["batch_size"]) == (mt.device, mt.threads, mt.batch_size)
    assert (build["source_lang"], build["target_lang"]) == (options.source_lang, options.target_lang)
    assert (align["source_lang"], align["target_lang"], align["min_score"]) == (
        aligned.source_lang,
        aligned.target_lang,
        aligned.min_score,
    )
    assert (build["keep_going"], build["keep_furniture"], build["merge"]) == (
        options.keep_going,
        options.keep_furniture,
        options.merge,
    )
    import inspect

    defaults = {k: v.default for k, v in inspect.signature(Translator).parameters.items()}
    assert (defaults["device"], defaults["threads"], defaults["batch_size"]) == (mt.device, mt.threads, mt.batch_size)


def test_readme_option_defaults_are_the_librarys() -> None:
    from tests.support import ROOT
    from tm.mt.engine import MtSettings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: cells[1]
        for line in readme.splitlines()
        if line.startswith("| `--")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    mt = MtSettings()
    assert rows["`--device`"] == f"`{mt.device}`"
    assert rows["`--threads`"] == str(mt.threads)
    assert rows["`--batch-size`"] == str(mt.batch_size)
    assert rows["`--source-lang`, `--target-lang`"] == "`ru-RU`, `en-US`"


def test_text_or_file_is_one_rule_for_both_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.cli
    from tm.cli import arguments
    from tm.core.errors import InputError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "документ.txt").write_text("Договор подписан.", encoding="utf-8")
    assert arguments.read_argument("./документ.txt", "glossary scan", "scan").text == "Договор подписан."
    assert arguments.read_argument("Договор подписан.", "tm translate", "translate").name == "<argument>"
    with pytest.raises(InputError, match="no such file"):
        arguments.read_argument("missing.txt", "tm translate", "translate")
    with pytest.raises(InputError, match="is a folder"):
        arguments.read_argument(str(tmp_path), "glossary scan", "scan")
    source = Path(glossary.cli.__file__).read_text(encoding="utf-8")
    assert "from tm.cli.arguments import read_argument" in source
