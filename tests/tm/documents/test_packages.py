"""Reading Office packages safely: corrupt zips, zip bombs (declared and actual sizes),
encrypted Office files (OLE2), Word 97–2003 files named .docx, XML parts with a DTD."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.support.office import (
    LAUGHS_DOCUMENT,
    XXE_DOCUMENT,
    bomb_docx,
    build_zip,
    corrupt_docx,
    encrypted_docx,
    word_zip,
)
from tm.core.errors import InputError
from tm.documents import docx, odt, packages


def _error(path: Path, reader: object = docx) -> str:
    with pytest.raises(InputError) as caught:
        reader.read(path.read_bytes(), path.name)  # type: ignore[attr-defined]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path.name}: ")
    assert caught.value.exit_code == 3
    return message


def test_a_minimal_package_is_read(tmp_path: Path) -> None:
    assert [b.text for b in docx.read(word_zip(tmp_path / "a.docx").read_bytes(), "a.docx").blocks] == ["Привет."]


def test_corrupt_and_not_a_zip(tmp_path: Path) -> None:
    assert "corrupt zip archive (" in _error(corrupt_docx(tmp_path / "cut.docx"))
    (tmp_path / "text.docx").write_bytes(b"just text, not a zip")
    assert "corrupt zip archive (" in _error(tmp_path / "text.docx")
    assert "corrupt zip archive (" in _error(corrupt_docx(tmp_path / "cut.odt"), odt)


def test_corrupt_member_data(tmp_path: Path) -> None:
    path = word_zip(tmp_path / "crc.docx", "<w:document " + "x" * 5000)
    data = bytearray(path.read_bytes())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 20 : start + 60] = bytes(40)  # damage the deflated stream
    path.write_bytes(bytes(data))
    assert "corrupt zip archive" in _error(path) or "not well-formed XML" in _error(path)


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    path = bomb_docx(tmp_path / "bomb.docx")
    assert path.stat().st_size < 200_000
    assert "refused as a possible zip bomb" in _error(path)


def test_zip_bomb_that_lies_about_its_size(tmp_path: Path) -> None:
    """A member whose header claims a small size is still read in bounded chunks: zipfile
    stops at the claimed size and the CRC check refuses the rest."""
    path = bomb_docx(tmp_path / "liar.docx", megabytes=20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/media/zeros.bin")
    real = info.file_size.to_bytes(4, "little")
    fake = (1000).to_bytes(4, "little")
    data = data.replace(real, fake)  # local header and central directory
    package = packages.Package(bytes(data), "liar.docx")
    with pytest.raises(InputError, match="corrupt zip archive"):
        package.read("word/media/zeros.bin")


def test_budget_counts_what_is_read(tmp_path: Path) -> None:
    package = packages.Package(word_zip(tmp_path / "a.docx").read_bytes(), "a.docx")
    package.limit = 10
    with pytest.raises(InputError, match="zip bomb"):
        package.read("word/document.xml")


def test_encrypted_office_file(tmp_path: Path) -> None:
    message = _error(encrypted_docx(tmp_path / "locked.docx"))
    assert message == "locked.docx: password-protected Office file; save it without a password"
    assert "password-protected" in _error(encrypted_docx(tmp_path / "locked.odt"), odt)


def test_a_word_97_file_named_docx(tmp_path: Path) -> None:
    (tmp_path / "old.docx").write_bytes(packages.OLE_MAGIC + bytes(1024))
    assert "OLE2 file" in _error(tmp_path / "old.docx")


@pytest.mark.parametrize("document", [XXE_DOCUMENT, LAUGHS_DOCUMENT], ids=["xxe", "billion laughs"])
def test_entities_are_refused(tmp_path: Path, document: str) -> None:
    assert "word/document.xml declares a DTD" in _error(word_zip(tmp_path / "evil.docx", document))
    # and in any other part: a header
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"'
        ' Target="footnotes.xml"/></Relationships>'
    )
    path = word_zip(
        tmp_path / "evil2.docx",
        **{"word__footnotes.xml": document.encode(), "word___rels__document.xml.rels": rels.encode()},
    )
    assert "word/footnotes.xml declares a DTD" in _error(path)


def test_not_a_word_package(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "sheet.docx", {"xl/workbook.xml": b"<workbook/>"})
    assert "not a Word document" in _error(path)
    assert "not well-formed XML" in _error(word_zip(tmp_path / "broken.docx", "<w:document><w:body>"))
