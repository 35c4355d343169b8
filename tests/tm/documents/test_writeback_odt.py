"""Writing translated blocks back into a copy of an OpenDocument text: the identity round
trip on a hand-made ODT (spans, a link, a note, spaces, a header) and on LibreOffice's ODT
files, and LibreOffice opening what was written, its text the targets'."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.support.office import FEATURE_HTML, NEEDS_SOFFICE, feature_docx, soffice_convert
from tests.support.writeback import identity, same_blocks, soffice_text, upper, uppercased
from tests.tm.documents.test_odt import _odt
from tm.documents import odt
from tm.documents.writeback.odt import write


def _round_trip(data: bytes) -> bytes:
    blocks = odt.read(data, "in.odt").blocks
    result = write(data, "in.odt", identity(blocks))
    assert result.problems == ()
    assert same_blocks(blocks, odt.read(result.data, "out.odt").blocks) == []
    return result.data


def test_identity_round_trip_of_a_hand_made_odt(tmp_path: Path) -> None:
    data = _odt(tmp_path / "doc.odt").read_bytes()
    written = _round_trip(data)
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(io.BytesIO(written)) as new:
        assert [(i.filename, i.compress_type) for i in old.infolist()] == [(i.filename, i.compress_type) for i in new.infolist()]
        assert new.infolist()[0].filename == "mimetype" and new.read("mimetype") == old.read("mimetype")


def test_changed_targets_and_lost_codes(tmp_path: Path) -> None:
    data = _odt(tmp_path / "doc.odt").read_bytes()
    blocks = odt.read(data, "in.odt").blocks
    result = write(data, "in.odt", uppercased(blocks))
    assert result.problems == ()
    assert [b.text for b in odt.read(result.data, "out.odt").blocks] == [upper(b.text) for b in blocks]
    coded = next(b for b in blocks if b.codes)
    lost = write(data, "in.odt", {coded.ref: type(coded)(coded.text, coded.codes[1:], coded.part, coded.ref)})
    assert any("lost bold span 0; placed (empty) at its end" in p for p in lost.problems), lost.problems


@pytest.mark.slow
@NEEDS_SOFFICE
def test_libreoffice_odt_round_trip_and_libreoffice_opens_what_is_written(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text(FEATURE_HTML, encoding="utf-8")
    sources = [
        soffice_convert(html, "odt", tmp_path / "html"),
        soffice_convert(feature_docx(tmp_path / "feature.docx"), "odt", tmp_path / "word"),
    ]
    for path in sources:
        data = path.read_bytes()
        original_text = soffice_text(path)
        out = path.with_name("identity.odt")
        out.write_bytes(_round_trip(data))
        assert soffice_text(out) == original_text
        blocks = odt.read(data, path.name).blocks
        result = write(data, path.name, uppercased(blocks))
        assert result.problems == ()
        out = path.with_name("upper.odt")
        out.write_bytes(result.data)
        assert soffice_text(out) == upper(original_text)


def test_write_back_walks_the_readers_order(tmp_path: Path) -> None:
    """The write-back finds paragraphs by the reader's walk (`odt.walk`): the blocks its
    tracing walkers meet are the reader's, in the same order, with the same refs and parts,
    on a file with a table, a header and a footer (a table in the footer), a text frame
    (and one inside a footnote) and a footnote holding a comment. (Before, the write-back had
    its own copy of the walk, and called a footer's blocks "header".)"""
    from lxml import etree

    from tests.support.office import build_zip
    from tests.tm.documents.test_odt import CONTENT, MANIFEST, STYLES
    from tm.documents.writeback.odt import traced_walkers

    content = CONTENT.replace(
        "<text:p>Указ № 123.</text:p>",
        '<text:p>Указ<draw:frame draw:name="F2"><draw:text-box><text:p>Врезка в сноске.</text:p></draw:text-box>'
        "</draw:frame> № 123.<office:annotation><text:p>Сверить номер.</text:p></office:annotation></text:p>",
    )
    styles = STYLES.replace(
        "<text:p>Москва</text:p>",
        "<text:p>Москва</text:p><table:table><table:table-row><table:table-cell><text:p>Стр. 1</text:p>"
        "</table:table-cell></table:table-row></table:table>",
    )
    path = build_zip(
        tmp_path / "order.odt",
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": MANIFEST.format("").encode(),
            "content.xml": content.encode(),
            "styles.xml": styles.encode(),
        },
    )
    blocks = odt.read(path.read_bytes(), path.name).blocks
    parts = [b.part for b in blocks]
    for wanted in ("table", "header", "footer", "textbox", "footnote", "comment"):
        assert wanted in parts
    walked = [
        trace.block
        for walker in traced_walkers(etree.fromstring(content.encode()), etree.fromstring(styles.encode()))
        for trace in walker.traces.values()
        if trace.block is not None
    ]
    # the walkers are per part (content.xml, styles.xml): the reader's order within each
    for name in ("content.xml", "styles.xml"):
        assert [b for b in walked if b.ref.startswith(name)] == [b for b in blocks if b.ref.startswith(name)]
    assert sorted(b.ref for b in walked) == sorted(b.ref for b in blocks)
    _round_trip(path.read_bytes())
