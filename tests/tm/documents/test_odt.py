"""The ODT reader: a hand-made OpenDocument text with every feature, and LibreOffice's own
ODT of the feature Word file and of the feature HTML page where `soffice` is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.office import DELETED, FEATURE_HTML, HIDDEN, NEEDS_SOFFICE, build_zip, feature_docx, soffice_convert
from tm.core.errors import InputError
from tm.documents import odt
from tm.documents.model import StructuredDocument, check_block

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:officeooo="http://openoffice.org/2009/office" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink"'
)
CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="bold" officeooo:rsid="0012"/></style:style>
<style:style style:name="T3" style:family="text"><style:text-properties officeooo:rsid="0034" fo:language="ru"/></style:style>
<style:style style:name="T4" style:family="text"><style:text-properties text:display="none"/></style:style>
<style:style style:name="T5" style:family="text" style:parent-style-name="Emph"/>
</office:automatic-styles><office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>{DELETED}</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Заголовок</text:h>
<text:p>Президент <text:span text:style-name="T1">Ток</text:span><text:span text:style-name="T2">аев</text:span> подписал <text:span text:style-name="T5">указ</text:span><text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Указ № 123.</text:p></text:note-body></text:note> о <text:a xlink:href="https://eaeunion.org/">ЕАЭС</text:a>.</text:p>
<text:p><text:span text:style-name="T3">Договор</text:span> вступил<text:s text:c="2"/>в силу<text:change text:change-id="c1"/> <text:span text:style-name="T4">{HIDDEN}</text:span>года.<text:line-break/>Конец<text:tab/>строки.</text:p>
<text:list><text:list-item><text:p>Пункт списка.<draw:frame draw:name="F1"><draw:text-box><text:p>Текст во врезке.</text:p></draw:text-box></draw:frame></text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Страна</text:p></table:table-cell><table:table-cell><text:p>Столица</text:p></table:table-cell></table:table-row></table:table>
<text:p>Совещание<office:annotation><dc:creator>Р</dc:creator><text:p>Проверить дату.</text:p></office:annotation> прошло в Минске.</text:p>
</office:text></office:body></office:document-content>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}><office:styles>
<style:style style:name="Emph" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:styles><office:automatic-styles/><office:master-styles><style:master-page style:name="Standard">
<style:header><text:p>Министерство иностранных дел</text:p></style:header><style:footer><text:p>Москва</text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>"""
MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{}</manifest:file-entry>'
    "</manifest:manifest>"
)


def _odt(path: Path, manifest: str = MANIFEST.format("")) -> Path:
    return build_zip(
        path,
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": manifest.encode(),
            "content.xml": CONTENT.encode(),
            "styles.xml": STYLES.encode(),
        },
    )


def _read(path: Path) -> StructuredDocument:
    document = odt.read(path.read_bytes(), path.name)
    for block in document.blocks:
        check_block(block)
    return document


def test_reading_order_parts_and_codes(tmp_path: Path) -> None:
    blocks = _read(_odt(tmp_path / "a.odt")).blocks
    assert [(b.part, b.text) for b in blocks] == [
        ("body", "Заголовок"),
        ("body", "Президент Токаев подписал указ о ЕАЭС."),
        ("body", "Договор вступил  в силу года.Конецстроки."),
        ("body", "Пункт списка."),
        ("textbox", "Текст во врезке."),
        ("table", "Страна"),
        ("table", "Столица"),
        ("body", "Совещание прошло в Минске."),
        ("header", "Министерство иностранных дел"),
        ("footer", "Москва"),
        ("footnote", "Указ № 123."),
        ("comment", "Проверить дату."),
    ]
    sentence = blocks[1]
    # T1 and T2 differ only in a revision id: one bold span; T5 inherits italic from a common style.
    assert [(c.kind, c.offset, c.type) for c in sentence.codes] == [
        ("open", 10, "bold"),
        ("close", 16, "bold"),
        ("open", 26, "italic"),
        ("close", 30, "italic"),
        ("placeholder", 30, "footnote"),
        ("open", 33, "link"),
        ("close", 37, "link"),
    ]
    assert "https://eaeunion.org/" in sentence.codes[5].data
    assert [c.type for c in blocks[2].codes] == ["break", "tab"]  # T3 (rsid, language) makes no code
    text = " ".join(b.text for b in blocks)
    assert DELETED not in text and HIDDEN not in text


def test_password_protected_and_wrong_kind(tmp_path: Path) -> None:
    encrypted = _odt(tmp_path / "locked.odt", MANIFEST.format("<manifest:encryption-data/>"))
    with pytest.raises(InputError, match="locked.odt: password-protected OpenDocument file"):
        odt.read(encrypted.read_bytes(), "locked.odt")
    sheet = build_zip(tmp_path / "s.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"})
    with pytest.raises(InputError, match="another kind"):
        odt.read(sheet.read_bytes(), "s.ods")


@NEEDS_SOFFICE
@pytest.mark.slow
def test_files_written_by_libreoffice(tmp_path: Path) -> None:
    html = tmp_path / "feature.html"
    html.write_text(FEATURE_HTML, encoding="utf-8")
    from_html = _read(soffice_convert(html, "odt", tmp_path / "html")).blocks
    assert from_html[0].text == "Президент Токаев подписал указ о ЕАЭС."
    assert [c.type for c in from_html[0].codes] == ["bold", "bold", "italic", "italic", "link", "link"]

    from_word = _read(soffice_convert(feature_docx(tmp_path / "feature.docx"), "odt", tmp_path / "word")).blocks
    parts = [b.part for b in from_word]
    for part in ("body", "table", "textbox", "header", "footer", "footnote", "endnote", "comment"):
        assert part in parts, part
    assert from_word[0].text == "Президент Токаев подписал указ о ЕАЭС."
    assert "footnote" in [c.type for c in from_word[0].codes]
    text = " ".join(b.text for b in from_word)
    assert DELETED not in text and HIDDEN not in text and "в январе" in text
