"""Fault rows for HTML pages (issue 17, point 4: mixed encodings): one line naming the file
and the reason, exit 3. `test_refused_in_one_line` calls `tm.documents.html.read` directly
(fast); `test_fault` runs `tm segment`, `tm build -o` and `glossary build -o` on the page
through `check_fault` (nothing written, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault, model_env  # noqa: F401  (model_env is a fixture)
from tests.faults.test_faults_documents import document_faults
from tm.core import exitcodes
from tm.core.errors import InputError
from tm.documents.html import read

HEAD = b'<html><head><meta charset="%s"></head><body>'
UTF8 = "<p>Отношения Казахстана и России переходят на новый уровень</p>".encode()
CP1251 = "<p>Старый фрагмент в кодировке Windows</p>".encode("cp1251")

ROWS = [
    ("utf-8 and cp1251 in one page", HEAD % b"utf-8" + UTF8 + CP1251, "mixed encodings"),
    ("utf-8 and cp1251, no declaration", b"<html><body>" + UTF8 + CP1251, "mixed encodings"),
    ("declares utf-8, is cp1251", HEAD % b"utf-8" + CP1251, "declares UTF-8, but byte"),
    ("declares cp1251 with utf-8 inside", HEAD % b"windows-1251" + CP1251 + UTF8 + UTF8, "mixed encodings"),
    ("declares an unknown charset", HEAD % b"klingon" + CP1251, "declares an unknown charset"),
    ("a UTF-8 BOM over cp1251 bytes", b"\xef\xbb\xbf" + HEAD % b"utf-8" + CP1251, "BOM, but byte"),
]


@pytest.mark.parametrize(("name", "data", "reason"), ROWS, ids=[r[0] for r in ROWS])
def test_refused_in_one_line(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as error:
        read(data, "news.html")
    message = str(error.value)
    assert message.startswith("news.html: ") and reason in message and "\n" not in message
    assert error.value.exit_code == exitcodes.BAD_INPUT == 3


CLI_ROWS = [(data, fault) for name, data, reason in ROWS for fault in document_faults(name, "news.html", reason)]


@pytest.mark.parametrize(("data", "fault"), CLI_ROWS, ids=[fault.name for _, fault in CLI_ROWS])
def test_fault(data: bytes, fault: Fault, tmp_path: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    (tmp_path / "news.html").write_bytes(data)
    assert "news.html: " in check_fault(fault, tmp_path, model_env).stderr  # the line names the file
