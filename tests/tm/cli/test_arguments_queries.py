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
