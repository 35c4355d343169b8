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
