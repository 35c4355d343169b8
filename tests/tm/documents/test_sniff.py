"""The format by content (tm/documents/sniff.py)."""

from __future__ import annotations

import io
import zipfile

from tm.documents.sniff import sniff


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return out.getvalue()


def test_each_format_by_its_first_bytes() -> None:
    assert sniff(_zip(word__document_xml=b"<w/>")) == "docx"
    assert sniff(_zip(mimetype=b"application/vnd.oasis.opendocument.text", content_xml=b"<x/>")) == "odt"
    assert sniff(b"%PDF-1.4\n") == "pdf"
    assert sniff(b"\xef\xbb\xbf<!DOCTYPE html><p>x") == "html"
    assert sniff(b"<html><body>x</body></html>") == "html"
    assert sniff(b'<?xml version="1.0"?>\n<xliff version="1.2">') == "xliff"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == "legacy"
    assert sniff(b"{\\rtf1\\ansi x}") == "legacy"


def test_plain_text_and_other_zips_are_none() -> None:
    assert sniff("Токаев приехал в <html> и %PDF-1.4.".encode()) is None
    assert sniff(_zip(xl__workbook_xml=b"<x/>")) is None
    assert sniff(b"PK\x03\x04broken") is None
