"""The fault tables run the real commands in subprocesses (their contract), so every test
here is `slow`, except three representative rows (data loss, a bad option, a malformed
glossary: exits 5, 2, 3; they share test_faults.py's one installed model) and the checks
that need no process: those stay in `pytest -m "not slow"`."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

FAST = {
    "test_faults.py::test_fault[output is the input]",  # data loss refused: exit 5
    "test_faults.py::test_fault[negative threads]",  # a bad option value: exit 2
    "test_faults.py::test_fault[CSV status bogus]",  # glossary, a malformed input: exit 3
    "test_faults_inputs.py::test_plain_texts_are_not_taken_for_other_formats",  # in-process
    "test_faults_inputs.py::test_the_seeds_are_plain_text",  # in-process
    "test_faults_xliffpdf.py::test_fault_xliffpdf",  # in-process: the readers' read() (issue 17)
    "test_faults_documents.py::test_reader_fault",  # in-process: the DOCX/ODT readers' read()
    "test_faults_html.py::test_refused_in_one_line",  # in-process: the HTML reader's read()
}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent != HERE:
            continue
        function = getattr(item, "originalname", item.name)  # a parametrized test's name without its id
        if f"{item.path.name}::{item.name}" not in FAST and f"{item.path.name}::{function}" not in FAST:
            item.add_marker(pytest.mark.slow)
