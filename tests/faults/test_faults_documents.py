"""The fault table, reading documents (issue 17, point 4): corrupt zips, zip bombs,
password-protected Office files, entity tricks in an XML part, macros. Each bad input is one
line naming the file and the reason, exit 3, nothing written.

Two ways in: `test_reader_fault` calls the format reader itself (fast), and `test_fault`
runs the real commands (`tm segment`, `tm build -o`, `glossary build -o`) through
`check_fault`: exit 3, one line, no traceback, the input unchanged, the `-o` file absent.
`DOCUMENT_COMMANDS` is the one place these commands are spelled, for the HTML, XLIFF and PDF
tables too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.test_faults import PROGRAMS, Fault, check_fault, model_env  # noqa: F401  (model_env is a fixture)
from tests.support.office import (
    LAUGHS_DOCUMENT,
    XXE_DOCUMENT,
    bomb_docx,
    corrupt_docx,
    encrypted_docx,
    word_zip,
)
from tm.core.errors import InputError


@dataclass(frozen=True)
class DocumentFault:
    name: str
    file: str
    build: Callable[[Path], Path]
    message: str


ROWS = [
    DocumentFault("corrupt zip", "cut.docx", corrupt_docx, "cut.docx: corrupt zip archive ("),
    DocumentFault("corrupt odt", "cut.odt", corrupt_docx, "cut.odt: corrupt zip archive ("),
    DocumentFault("zip bomb", "bomb.docx", bomb_docx, "refused as a possible zip bomb"),
    DocumentFault(
        "encrypted docx", "locked.docx", encrypted_docx, "locked.docx: password-protected Office file; save it without a password"
    ),
    DocumentFault("encrypted odt", "locked.odt", encrypted_docx, "locked.odt: password-protected Office file"),
    DocumentFault(
        "XXE in document.xml",
        "xxe.docx",
        lambda p: word_zip(p, XXE_DOCUMENT),
        "xxe.docx: word/document.xml declares a DTD (entities), which Office files never do; refused",
    ),
    DocumentFault(
        "billion laughs", "laughs.docx", lambda p: word_zip(p, LAUGHS_DOCUMENT), "laughs.docx: word/document.xml declares a DTD"
    ),
]

# The commands each bad document is given: what a user runs on a document, with the output
# each would write (which must not be there afterwards).
DOCUMENT_COMMANDS: dict[str, tuple[str, Callable[[Path, str], list[str]], str]] = {
    "tm segment": ("tm", lambda w, f: ["segment", str(w / f)], ""),
    "tm build": ("tm", lambda w, f: ["build", str(w / f), "-o", str(w / "o.tmx")], "o.tmx"),
    "glossary build": ("glossary", lambda w, f: ["build", str(w / f), "-o", str(w / "x.tbx")], "x.tbx"),
}


def document_faults(name: str, file: str, message: str) -> list[Fault]:
    """One row per command in `DOCUMENT_COMMANDS`: exit 3, `message` in the one line, the
    file unchanged, no output file."""
    rows = []
    for command, (program, args, output) in DOCUMENT_COMMANDS.items():
        rows.append(
            Fault(
                f"{command}: {name}",
                program,
                lambda w, args=args: args(w, file),  # type: ignore[misc]
                3,
                message,
                inputs=lambda w: [w / file],
                after=lambda w, output=output: not output or not (w / output).exists(),
            )
        )
    return rows


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_reader_fault(row: DocumentFault, tmp_path: Path) -> None:
    from tm.documents.registry import BY_SUFFIX

    path = row.build(tmp_path / row.file)
    before = path.read_bytes()
    with pytest.raises(InputError) as caught:
        BY_SUFFIX[path.suffix].reader()(path.read_bytes(), path.name)
    assert caught.value.exit_code == 3
    assert "\n" not in str(caught.value) and row.message in str(caught.value)
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


CLI_ROWS = [(row, fault) for row in ROWS for fault in document_faults(row.name, row.file, row.message)]


@pytest.mark.parametrize(("row", "fault"), CLI_ROWS, ids=[fault.name for _, fault in CLI_ROWS])
def test_fault(row: DocumentFault, fault: Fault, tmp_path: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    row.build(tmp_path / row.file)
    check_fault(fault, tmp_path, model_env)


def test_macros_are_never_run(tmp_path: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    """A macro-enabled document (DOCM) is read as text; its vbaProject.bin is never opened
    (only XML parts are read), so a macro that would write a file writes nothing."""
    import subprocess

    word_zip(
        tmp_path / "macro.docm",
        **{"word__vbaProject.bin": b'Attribute VB_Name = "AutoOpen"\nOpen "pwned.txt" For Output As #1\n'},
    )
    result = subprocess.run(
        [*PROGRAMS["tm"], "segment", str(tmp_path / "macro.docm")], env=model_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout == "Привет.\n" and result.stderr == "", result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["macro.docm"]
