"""`tm build --workers N`: token batches, batches in flight, and output equal to one worker."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

from tests.support import SEEDS
from tests.support.cli import run_cli
from tm.core.errors import UsageError
from tm.memory.build import BuildOptions, build_memory
from tm.mt.cache import TranslationCache
from tm.mt.engine import WORKERS_AUTO, cpu_cores, parse_workers, resolve_workers, thread_layout
from tm.mt.translator import Translator
from tm.mt.workers import Batch, in_flight, token_batches

DATES = re.compile(rb'(creation|change)date="[^"]*"')


def test_batches_are_cut_by_sentences_and_by_tokens() -> None:
    lengths = [3, 3, 3, 3, 9, 1]
    batches = list(token_batches(range(6), lambda i: ["x"] * lengths[i], size=3, max_tokens=8))
    assert [b.order for b in batches] == [[0, 1], [2, 3], [4], [5]]  # 9 tokens: a batch of its own
    assert all(isinstance(b, Batch) and b.token_count == sum(lengths[i] for i in b.order) for b in batches)
    assert [b.order for b in token_batches(range(6), lambda i: ["x"], size=4)] == [[0, 1, 2, 3], [4, 5]]


def test_in_flight_keeps_order_runs_at_once_and_stays_bounded() -> None:
    running, most, lock = 0, 0, threading.Lock()
    submitted: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(12):
            submitted.append(i)
            yield i

    def work(i: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02 * (i % 3))  # later items may finish first
        with lock:
            running -= 1
        return i * i

    for done, (item, result) in enumerate(in_flight(items(), work, 3)):
        assert (item, result) == (done, done * done)
        assert len(submitted) <= done + 1 + 3 + 1  # never far ahead of what was used
    assert 1 < most <= 3
    assert [r for _, r in in_flight(range(4), lambda i: i + 1, 1)] == [1, 2, 3, 4]


def test_in_flight_raises_a_failure_in_order() -> None:
    def work(i: int) -> int:
        if i == 2:
            raise ValueError("batch 2")
        return i

    seen = []
    with pytest.raises(ValueError, match="batch 2"):
        for item, _ in in_flight(range(6), work, 2):
            seen.append(item)
    assert seen == [0, 1]


def test_thread_layout_splits_the_cores_and_keeps_one_worker_as_before() -> None:
    assert thread_layout(1, 0, 1, 0) == (1, 0)  # argostranslate's settings, CTranslate2's own choice
    assert thread_layout(1, 3, 1, 0) == (1, 3)
    assert thread_layout(2, 0, 1, 0) == (2, max(1, cpu_cores() // 2))
    assert thread_layout(4, 1, 1, 0) == (4, 1)
    assert resolve_workers(WORKERS_AUTO) == cpu_cores() and resolve_workers(3) == 3


@pytest.mark.parametrize("text, value", [("1", 1), ("2", 2), ("auto", WORKERS_AUTO), (" AUTO ", WORKERS_AUTO)])
def test_workers_option_values(text: str, value: int) -> None:
    assert parse_workers(text) == value


@pytest.mark.parametrize("text", ["0", "-1", "two", "", "1.5", "9999"])
def test_bad_workers_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--workers must be auto or a number"):
        parse_workers(text)


def test_two_workers_write_the_same_tmx_as_one(tmp_path: Path, tiny_package) -> None:
    """Same batches, same order, same cache writes: the TMX bytes are equal apart from dates."""
    outputs = []
    for workers in (1, 2):
        translator = Translator(tiny_package, device="cpu", batch_size=8, workers=workers)
        cache = TranslationCache(tmp_path / f"cache-{workers}.sqlite3")
        out = tmp_path / f"w{workers}.tmx"
        report = build_memory([str(SEEDS)], out, translator, cache, BuildOptions(creation_id="test"))
        cache.close()
        outputs.append(DATES.sub(b"", out.read_bytes()))
        assert report.workers == workers and report.target_tokens == translator.target_tokens > 0
        assert report.translated == report.unique and translator.calls == -(-report.unique // 8)
    assert outputs[0] == outputs[1]


def test_build_reports_tokens_and_sentences_per_second(tmp_path: Path, tiny_model: Path) -> None:
    out = tmp_path / "out.tmx"
    result = run_cli(
        "tm", ["build", str(SEEDS), "-o", str(out), "-m", str(tiny_model), "--device", "cpu", "--workers", "2", "--no-cache"]
    )
    assert result.returncode == 0, result.stderr
    assert "target tokens/s translated (2 workers)" in result.stdout and "sentences/s" in result.stdout
    data = json.loads(
        run_cli(
            "tm",
            [
                "build",
                str(SEEDS),
                "-o",
                str(out),
                "-m",
                str(tiny_model),
                "--device",
                "cpu",
                "--workers",
                "auto",
                "--no-cache",
                "--json",
            ],
        ).stdout
    )
    assert data["workers"] == cpu_cores() and data["target_tokens"] > 0
    assert data["tokens_per_second"] > 0 and data["sentences_per_second"] > 0


@pytest.mark.parametrize("value", ["0", "many"])
def test_bad_workers_option_is_one_line_exit_2(tmp_path: Path, value: str) -> None:
    result = run_cli("tm", ["build", str(SEEDS), "-o", str(tmp_path / "o.tmx"), "--workers", value])
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--workers must be auto or a number" in result.stderr
    assert not (tmp_path / "o.tmx").exists()


def test_cuda_with_workers_is_parsed_and_refused_without_a_gpu(tmp_path: Path, tiny_model: Path) -> None:
    """The GPU path: --device cuda reaches CTranslate2's device check (no GPU here: one line)."""
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("a GPU is visible: the refusal cannot be checked here")
    args = ["build", str(SEEDS), "-o", str(tmp_path / "o.tmx"), "-m", str(tiny_model), "--device", "cuda", "--workers", "2"]
    result = run_cli("tm", args)
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "--device cuda: CTranslate2 sees no usable CUDA GPU" in result.stderr


def test_two_workers_with_a_glossary_write_the_same_tmx_as_one(tmp_path: Path, tiny_package, tiny_model: Path) -> None:  # type: ignore[no-untyped-def]
    """--workers with --glossary: each batch's constrained decoding runs in its worker, and
    the English, the x-terms props, the call count and the target tokens are one worker's."""
    from tests.support import sandbox_env
    from tests.tm.mt.test_constrained import DOCUMENT, GLOSSARY_TSV
    from tm.mt.terms import read_glossary

    glossary_file = tmp_path / "terms.tsv"
    glossary_file.write_text(GLOSSARY_TSV, encoding="utf-8")
    runs = []
    for workers in (1, 2):
        translator = Translator(tiny_package, device="cpu", batch_size=4, glossary=read_glossary(glossary_file), workers=workers)
        out = tmp_path / f"lib{workers}.tmx"
        report = build_memory([str(DOCUMENT)], out, translator, TranslationCache(None), BuildOptions(creation_id="test"))
        runs.append((DATES.sub(b"", out.read_bytes()), translator.calls, translator.target_tokens, translator.term_outcomes))
        # A batch with a term takes more than one call (n-best, forcing, scoring): all counted.
        assert translator.calls > -(-report.translated // 4) and report.target_tokens == translator.target_tokens > 0
    assert runs[0] == runs[1] and b'type="x-terms"' in runs[0][0] and runs[0][3]
    # The CLI: --workers 2 --glossary G against --workers 1 --glossary G.
    env = sandbox_env(tmp_path / "home")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"cli{workers}.tmx"
        args = ["build", str(DOCUMENT), "-o", str(out), "-m", str(tiny_model), "--device", "cpu", "--no-cache"]
        result = run_cli("tm", [*args, "--batch-size", "4", "--workers", workers, "--glossary", str(glossary_file)], env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(DATES.sub(b"", out.read_bytes()))
    assert outputs[0] == outputs[1] and b'type="x-terms"' in outputs[0]
