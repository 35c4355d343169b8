"""`--queries FILE` of `tm search` and `tm concord` is read through the one input check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tm.cli.arguments import queries_of
from tm.core.errors import InputError, UsageError


def test_queries_come_from_the_argument_then_the_file(tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("первый запрос\n\n  второй  \n", encoding="utf-8")
    assert queries_of(" ЕАЭС ", queries, "a word") == ["ЕАЭС", "первый запрос", "второй"]


def test_a_fifo_as_queries_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "q.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="q.fifo"):
        queries_of(None, fifo, "a word")


def test_no_query_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="a word or phrase or --queries FILE"):
        queries_of("  ", None, "a word or phrase")


def test_an_empty_or_binary_queries_file_is_a_malformed_input(tmp_path: Path) -> None:
    empty, nul = tmp_path / "empty.txt", tmp_path / "nul.txt"
    empty.write_text("\n \n", encoding="utf-8")
    nul.write_bytes("ЕАЭС\x00\n".encode())
    with pytest.raises(InputError, match="empty.txt: no query in it"):
        queries_of(None, empty, "a word")
    assert queries_of("ЕАЭС", empty, "a word") == ["ЕАЭС"]
    with pytest.raises(InputError, match="nul.txt: binary file"):
        queries_of(None, nul, "a word")


def test_a_query_too_long_is_refused_naming_the_argument_or_the_line(tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("короткий\n\nочень длинный запрос\n", encoding="utf-8")

    def too_long(text: str) -> str | None:
        return "too long" if len(text) > 10 else None

    with pytest.raises(UsageError, match="a word: too long"):
        queries_of("очень длинный запрос", None, "a word", too_long)
    with pytest.raises(InputError, match="q.txt:3: too long"):
        queries_of(None, queries, "a word", too_long)
