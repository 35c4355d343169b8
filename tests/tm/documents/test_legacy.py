"""Legacy .doc/.rtf: LibreOffice converts them to .docx (tm/documents/legacy.py)."""

from __future__ import annotations

import importlib.util
import shutil
import zipfile
from io import BytesIO

import pytest

from tm.core.errors import InputError
from tm.documents import legacy

NEEDS_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
RTF = rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}\f0 \'cf\'f0\'e8\'e2\'e5\'f2, {\b \'ec\'e8\'f0}.\par}"


def test_without_libreoffice_one_line_says_how(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError) as error:
        legacy.convert_to_docx(RTF, "old.rtf")
    assert str(error.value) == (
        "old.rtf: Word 97–2003/RTF documents need LibreOffice (apt-get install libreoffice-writer-nogui), or save as .docx"
    )


@pytest.mark.slow
@NEEDS_SOFFICE
def test_rtf_converts_to_a_docx() -> None:
    converted = legacy.convert_to_docx(RTF, "old.rtf")
    with zipfile.ZipFile(BytesIO(converted)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Привет" in body and "мир" in body


@pytest.mark.slow
@NEEDS_SOFFICE
def test_garbage_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match=r"^junk.doc: LibreOffice could not convert it"):
        legacy.convert_to_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "junk.doc")


@pytest.mark.slow
@NEEDS_SOFFICE
@pytest.mark.skipif(importlib.util.find_spec("tm.documents.docx") is None, reason="tm/documents/docx.py not merged yet")
def test_rtf_reads_through_the_docx_reader() -> None:
    document = legacy.read(RTF, "old.rtf")
    assert document.format == "legacy"
    assert any("Привет" in b.text for b in document.blocks)
