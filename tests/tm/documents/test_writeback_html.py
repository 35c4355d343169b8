"""Writing translated blocks back into a copy of an HTML page: identity round trip, a
changed target, the page's encoding kept."""

from __future__ import annotations

from tests.support.office import FEATURE_HTML
from tests.support.writeback import identity, same_blocks, upper, uppercased
from tm.documents import html
from tm.documents.writeback.html import write


def test_identity_round_trip_and_changed_targets() -> None:
    data = FEATURE_HTML.encode()
    blocks = html.read(data, "page.html").blocks
    result = write(data, "page.html", identity(blocks))
    assert result.problems == ()
    assert same_blocks(blocks, html.read(result.data, "out.html").blocks) == []
    assert b'href="https://eaeunion.org/"' in result.data
    result = write(data, "page.html", uppercased(blocks))
    assert [b.text for b in html.read(result.data, "out.html").blocks] == [upper(b.text) for b in blocks]


def test_the_declared_legacy_encoding_is_kept() -> None:
    data = FEATURE_HTML.replace("utf-8", "windows-1251").encode("cp1251")
    blocks = html.read(data, "page.html").blocks
    result = write(data, "page.html", uppercased(blocks))
    assert b"windows-1251" in result.data
    assert [b.text for b in html.read(result.data, "out.html").blocks] == [upper(b.text) for b in blocks]
