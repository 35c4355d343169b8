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


def test_blocks_that_share_an_element_are_each_written() -> None:
    """Text around a nested list and around a paragraph, and a pre's lines: the reader names
    each block (`#2` for an element's second), and each is rewritten in its place."""
    from tests.tm.cli.test_document_roundtrip import SHARED_HTML

    data = SHARED_HTML.encode()
    blocks = html.read(data, "page.html").blocks
    refs = [b.ref for b in blocks]
    assert len(set(refs)) == len(refs) and any(r.endswith("#2") for r in refs) and any(r.endswith("#3") for r in refs)
    result = write(data, "page.html", identity(blocks))
    assert result.problems == ()
    assert same_blocks(blocks, html.read(result.data, "out.html").blocks) == []
    result = write(data, "page.html", uppercased(blocks))
    assert result.problems == ()
    assert [b.text for b in html.read(result.data, "out.html").blocks] == [upper(b.text) for b in blocks]
    page = result.data.decode()
    assert "<ul><li>ВЛОЖЕННЫЙ ПУНКТ.</li></ul>" in page and '<a href="/x">АБЗАЦА</a>' in page
    assert "<pre>ПЕРВАЯ СТРОКА КОДА.\n  ВТОРАЯ <b>СТРОКА</b>.<br>ТРЕТЬЯ СТРОКА.\n</pre>" in page


def test_a_block_ending_inside_an_inline_element_is_reported() -> None:
    data = "<html><body><p><b>Жирный <div>блок</div> текст</b></p></body></html>".encode()
    blocks = html.read(data, "page.html").blocks
    result = write(data, "page.html", uppercased(blocks))
    assert result.problems and all("inside an inline element" in p for p in result.problems)
