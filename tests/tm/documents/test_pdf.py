"""The PDF reader: paragraphs, columns, hyphenation, running headers, bad PDFs, and the target
on PDFs LibreOffice exports from the seeds (≥ 95% of sentences segmented as in the text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import DATA
from tm.core.errors import InputError
from tm.documents import pdf

NEEDS_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def image_only_pdf() -> bytes:
    """A one-page PDF holding an image and no text: what a scanner writes."""
    image = bytes([0, 255, 255, 0])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 33 >>\nstream\nq 400 0 0 600 90 120 cm /Im0 Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n"
        + image
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("Развивается сотрудни-", "чество двух стран", "Развивается сотрудничество двух стран"),
        ("из города Алма-", "Ата в столицу", "из города Алма-Ата в столицу"),
        ("сказал кое-", "что важное", "сказал кое-что важное"),
        ("как и по-", "прежнему", "как и по-прежнему"),
        ("в 2019-", "2020 годах", "в 2019-2020 годах"),
        ("Касым-", "Жомарт Токаев", "Касым-Жомарт Токаев"),
        ("мягкий пере\u00ad", "нос", "мягкий перенос"),
        ("конец строки", "и начало", "конец строки и начало"),
    ],
)
def test_line_ends_are_joined_and_hyphenated_words_rejoined(first: str, second: str, joined: str) -> None:
    assert pdf._join(first, second) == joined


def test_no_text_layer_is_scanned() -> None:
    with pytest.raises(InputError, match=r"^scan\.pdf: no text layer \(scanned: needs OCR\)$"):
        pdf.read(image_only_pdf(), "scan.pdf")


def test_encrypted_pdf_is_one_line() -> None:
    data = (DATA / "pdf" / "encrypted.pdf").read_bytes()  # LibreOffice's export with an open password
    with pytest.raises(InputError, match=r"^enc\.pdf: an encrypted PDF \(password-protected\); save an unprotected copy$"):
        pdf.read(data, "enc.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj garbage", image_only_pdf()[:200], b"%PDF-1.7\n" + bytes(range(256)) * 4])
def test_corrupt_pdf_is_one_line(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        pdf.read(data, "bad.pdf")
    message = str(caught.value)
    assert message.startswith("bad.pdf: ") and "\n" not in message


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> list:  # type: ignore[type-arg]
    """Two seeds exported by LibreOffice: one in one column, one in two columns."""
    from bench.pdf_segments import make_documents

    return make_documents(tmp_path_factory.mktemp("pdf"), ["001_expert-interview-web-page", "002_tokayev-article-rg"])


@NEEDS_SOFFICE
def test_libreoffice_pdfs_segment_as_their_text(exported: list) -> None:  # type: ignore[type-arg]
    from bench.pdf_segments import compare

    assert len(exported) == 2
    for made in exported:
        text, _, same = compare(made)
        assert same / text >= 0.95, (made.name, text, same)


@NEEDS_SOFFICE
def test_running_headers_and_page_numbers_are_dropped(exported: list) -> None:  # type: ignore[type-arg]
    document = pdf.read(exported[1].pdf.read_bytes(), "article.pdf")  # three pages, two columns
    texts = [block.text for block in document.blocks]
    assert not any("материалы прессы" in text or text.startswith("Страница") for text in texts)
    assert all(block.part == "body" and not block.codes for block in document.blocks)
    assert {block.ref for block in document.blocks} >= {"page 1", "page 2", "page 3"}


@NEEDS_SOFFICE
def test_hyphenated_line_breaks_in_a_real_pdf(tmp_path: Path) -> None:
    from bench.pdf_segments import to_pdf

    paragraph = (
        "Стороны обсудили сотрудни-<text:line-break/>чество в области энергетики, а делегация из Алма-<text:line-break/>"
        "Ата рассказала кое-<text:line-break/>что о планах."
    )
    source = tmp_path / "hyphens.fodt"
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
        ' office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
        f"<text:p>{paragraph}</text:p></office:text></office:body></office:document>",
        encoding="utf-8",
    )
    to_pdf([source], tmp_path)
    (block,) = pdf.read((tmp_path / "hyphens.pdf").read_bytes(), "hyphens.pdf").blocks
    assert (
        block.text == "Стороны обсудили сотрудничество в области энергетики, а делегация из Алма-Ата рассказала кое-что о планах."
    )
