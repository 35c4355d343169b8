"""The fault table of the XLIFF and PDF readers (issue 17, point 4): each bad input is refused
with one line naming the file and the reason, as `tm.core.errors.InputError` (exit 3).

`test_fault_xliffpdf` calls each reader's `read()` in-process (fast); `test_fault` runs
`tm segment`, `tm build -o` and `glossary build -o` on the file through `check_fault`
(nothing written, no traceback). "XLIFF that is HTML" has no command row: the format is
chosen by content, so the commands read that file as the HTML page it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault, model_env  # noqa: F401  (model_env is a fixture)
from tests.faults.test_faults_documents import document_faults
from tests.support import DATA
from tests.tm.documents.test_pdf import image_only_pdf
from tm.core import exitcodes
from tm.core.errors import InputError
from tm.documents import pdf, xliff

_XLIFF_HEAD = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="ru"><body>'
_XLIFF_TAIL = b"</body></file></xliff>"


@dataclass(frozen=True)
class ReaderFault:
    name: str
    read: Callable[[bytes, str], object]
    data: Callable[[], bytes]
    label: str
    reason: str  # what the one line must say


FAULTS = [
    ReaderFault("PDF encrypted", pdf.read, lambda: (DATA / "pdf" / "encrypted.pdf").read_bytes(), "secret.pdf", "encrypted PDF"),
    ReaderFault("PDF scanned, no text layer", pdf.read, image_only_pdf, "scan.pdf", "no text layer (scanned: needs OCR)"),
    ReaderFault("PDF corrupt", pdf.read, lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog", "broken.pdf", "not a readable PDF"),
    ReaderFault("PDF truncated", pdf.read, lambda: image_only_pdf()[:300], "cut.pdf", "not a readable PDF"),
    ReaderFault(
        "XLIFF external entity (XXE)",
        xliff.read,
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _XLIFF_HEAD
            + b'<trans-unit id="1"><source>&x;</source></trans-unit>'
            + _XLIFF_TAIL
        ),
        "xxe.xlf",
        "document type declaration",
    ),
    ReaderFault(
        "XLIFF billion laughs",
        xliff.read,
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
            + _XLIFF_HEAD
            + b'<trans-unit id="1"><source>&d;&d;&d;</source></trans-unit>'
            + _XLIFF_TAIL
        ),
        "laughs.xlf",
        "document type declaration",
    ),
    ReaderFault(
        "XLIFF external DTD",
        xliff.read,
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "http://example.invalid/xliff.dtd">'
            + _XLIFF_HEAD
            + '<trans-unit id="1"><source>Текст</source></trans-unit>'.encode()
            + _XLIFF_TAIL
        ),
        "dtd.xlf",
        "document type declaration",
    ),
    ReaderFault(
        "XLIFF that is TMX", xliff.read, lambda: b'<tmx version="1.4"><header/><body/></tmx>', "memory.xlf", "not an XLIFF file"
    ),
    ReaderFault(
        "XLIFF that is HTML", xliff.read, lambda: b"<html><body><p>Text</p></body></html>", "page.xlf", "not an XLIFF file"
    ),
    ReaderFault("XLIFF not XML", xliff.read, lambda: "Просто текст".encode(), "plain.xlf", "not a well-formed XLIFF file"),
    ReaderFault(
        "XLIFF truncated",
        xliff.read,
        lambda: _XLIFF_HEAD + '<trans-unit id="1"><source>Те'.encode(),
        "cut.xlf",
        "not a well-formed XLIFF file",
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_xliffpdf(fault: ReaderFault) -> None:
    with pytest.raises(InputError) as caught:
        fault.read(fault.data(), fault.label)
    message = str(caught.value)
    assert message.startswith(f"{fault.label}: "), message
    assert fault.reason in message and "\n" not in message, message
    assert "passwd" not in message and "root:" not in message
    assert caught.value.exit_code == exitcodes.BAD_INPUT == 3


CLI_ROWS = [
    (fault, row)
    for fault in FAULTS
    if fault.name != "XLIFF that is HTML"
    for row in document_faults(fault.name, fault.label, fault.reason)
]


@pytest.mark.parametrize(("fault", "row"), CLI_ROWS, ids=[row.name for _, row in CLI_ROWS])
def test_fault(fault: ReaderFault, row: Fault, tmp_path: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    (tmp_path / fault.label).write_bytes(fault.data())
    result = check_fault(row, tmp_path, model_env)
    assert f"{fault.label}: " in result.stderr  # the line names the file
    assert "passwd" not in result.stderr and "root:" not in result.stderr
