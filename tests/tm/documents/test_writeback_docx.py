"""Writing translated blocks back into a copy of a Word document: the identity round trip
(the same blocks, and every visible character with the same run formatting, on python-docx's
and LibreOffice's files), changed targets with codes moved, lost and unknown codes, and
LibreOffice opening what was written (its text is the targets')."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.office import FALLBACK, FEATURE_HTML, NEEDS_SOFFICE, feature_docx, soffice_convert
from tests.support.writeback import identity, same_blocks, soffice_text, upper, uppercased, visible_chars
from tm.documents import docx
from tm.documents.model import Block, Code, check_block
from tm.documents.writeback.docx import write


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return feature_docx(tmp_path_factory.mktemp("wb") / "feature.docx").read_bytes()


def _round_trip(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    blocks = docx.read(data, "in.docx").blocks
    result = write(data, "in.docx", identity(blocks))
    assert same_blocks(blocks, docx.read(result.data, "out.docx").blocks) == []
    return result.data, result.problems


def _char_diffs(before: bytes, after: bytes) -> list[str]:
    a, b = visible_chars(before), visible_chars(after)
    assert a.keys() == b.keys()
    return [f"{name}: {a[name][:60]} != {b[name][:60]}" for name in a if a[name] != b[name]]


def test_identity_round_trip_keeps_text_formatting_and_package(feature: bytes) -> None:
    written, problems = _round_trip(feature)
    assert problems == ()
    assert _char_diffs(feature, written) == []
    with zipfile.ZipFile(io.BytesIO(feature)) as old, zipfile.ZipFile(io.BytesIO(written)) as new:
        assert [(i.filename, i.compress_type) for i in old.infolist()] == [(i.filename, i.compress_type) for i in new.infolist()]
        touched = {"word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml"}
        touched |= {"word/endnotes.xml", "word/comments.xml"}
        for name in old.namelist():
            if name not in touched:
                assert old.read(name) == new.read(name), name
        document = new.read("word/document.xml").decode()
    # Footnote and endnote references, the field, the break, the text box, the comment, the
    # hyperlink's relationship, hidden and deleted text: all still there, once.
    for marker in ('w:footnoteReference w:id="1"', 'w:endnoteReference w:id="1"', "NUMPAGES", "<w:br/>", "w:commentReference"):
        assert document.count(marker) == 1, marker
    assert document.count("<w:txbxContent>") == 2 and FALLBACK not in document  # the VML copy now says the same
    assert "СКРЫТЫЙ_ТЕКСТ" in document and "УДАЛЁННЫЙ_ТЕКСТ" in document


def _moved(block: Block, text: str, places: dict[tuple[int, str], int]) -> Block:
    codes = sorted((replace(c, offset=places[(c.id, c.kind)], data="") for c in block.codes), key=lambda c: c.offset)
    return replace(block, text=text, codes=tuple(codes))


ENGLISH = "The EAEU decree was signed by President Tokayev."


def _english(first: Block) -> Block:
    t = ENGLISH
    places = {
        (3, "open"): t.index("EAEU"),
        (4, "open"): t.index("EAEU"),
        (4, "close"): t.index(" decree"),
        (3, "close"): t.index(" decree"),
        (1, "open"): t.index("decree"),
        (1, "close"): t.index(" was"),
        (2, "placeholder"): t.index(" was"),
        (0, "open"): t.index("Tokayev"),
        (0, "close"): t.index("."),
    }
    return _moved(first, t, places)


def test_a_translation_with_codes_moved(feature: bytes) -> None:
    first = docx.read(feature, "in.docx").blocks[0]
    result = write(feature, "in.docx", {first.ref: _english(first)})
    assert result.problems == ()
    again = docx.read(result.data, "out.docx").blocks[0]
    check_block(again)
    assert again.text == ENGLISH
    assert [(c.kind, c.offset, c.type) for c in again.codes] == [
        ("open", 4, "link"),
        ("open", 4, "format"),
        ("close", 8, "format"),
        ("close", 8, "link"),
        ("open", 9, "italic"),
        ("close", 15, "italic"),
        ("placeholder", 15, "footnote"),
        ("open", 40, "bold"),
        ("close", 47, "bold"),
    ]
    link = next(c for c in again.codes if c.type == "link")
    assert "https://eaeunion.org/" in link.data


def test_lost_and_unknown_codes_are_reported(feature: bytes) -> None:
    first = docx.read(feature, "in.docx").blocks[0]
    kept = tuple(c for c in first.codes if c.type != "footnote") + (Code("placeholder", 99, 0, "other"),)
    result = write(feature, "in.docx", {first.ref: replace(first, codes=kept), "word/document.xml#p999": first})
    assert len(result.problems) == 3, result.problems
    assert any("lost footnote code 2; placed at its end" in p for p in result.problems)
    assert any("code 99" in p and "ignored" in p for p in result.problems)
    assert any("#p999" in p for p in result.problems)
    again = docx.read(result.data, "out.docx").blocks[0]
    assert again.text == first.text and again.codes[-1].type == "footnote" and again.codes[-1].offset == len(first.text)


@pytest.mark.slow
@NEEDS_SOFFICE
def test_libreoffice_files_round_trip_and_libreoffice_opens_what_is_written(feature: bytes, tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text(FEATURE_HTML, encoding="utf-8")
    source = tmp_path / "feature.docx"
    source.write_bytes(feature)
    files = {
        "python-docx": source,
        "LibreOffice from HTML": soffice_convert(html, "docx", tmp_path / "html"),
        "LibreOffice resaved": soffice_convert(source, "docx", tmp_path / "resaved"),
    }
    for name, path in files.items():
        data = path.read_bytes()
        written, problems = _round_trip(data)
        assert problems == (), name
        assert _char_diffs(data, written) == [], name
        original_text = soffice_text(path)
        out = tmp_path / f"identity-{path.parent.name}.docx"
        out.write_bytes(written)
        assert soffice_text(out) == original_text, name
        # Changed targets (every Cyrillic letter upper-cased, codes kept): LibreOffice shows them.
        blocks = docx.read(data, name).blocks
        result = write(data, name, uppercased(blocks))
        assert result.problems == ()
        out = tmp_path / f"upper-{path.parent.name}.docx"
        out.write_bytes(result.data)
        assert soffice_text(out) == upper(original_text), name
    # And a real translation, its codes moved: the first line reads as the target.
    first = docx.read(feature, "in.docx").blocks[0]
    out = tmp_path / "english.docx"
    out.write_bytes(write(feature, "in.docx", {first.ref: _english(first)}).data)
    assert soffice_text(out).splitlines()[0] == ENGLISH.replace("decree", "decree1")
