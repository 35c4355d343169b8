"""The shortcuts that make the DOCX and ODT readers fast give what the slow way gives: a
copy's markup is the element's own, codes and blocks made without `__init__` are the
model's (tm/documents/model.py `make_code`, `make_block`), and the memoised run
formatting is the formatting worked out afresh."""

from __future__ import annotations

import re
import zipfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from lxml import etree

from tests.support.office import feature_docx
from tm.documents import docx, odt
from tm.documents.model import Block, Code, make_block, make_code

_XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')

# Namespaces at their worst: one URI under two prefixes, a prefix bound again below, a
# default namespace set and unset, comments, a processing instruction, escapes, xml:space.
TRICKY = """<w:document xmlns:w="urn:w" xmlns:x="urn:w" xmlns="urn:d" xmlns:q="urn:q">
<w:body><w:p xmlns:w="urn:other"><w:r><x:rPr w:val="1" x:sz="2" q:z="&amp;&lt;&#10;é&#9;&quot;"><!-- c --><?pi a="b"?>
<w:b xmlns:w="urn:w" x:val="0" w:sz="t"/> text <plain xml:space="preserve" attr="1">t&amp;&gt;</plain>
<q:n xmlns:q="urn:q2" q:a="1"/></x:rPr></w:r></w:p>
<w:p><r:rPr xmlns:r="urn:w"><r:b r:val="1" x:sz="3"/></r:rPr><w:rPr xmlns:x="urn:x2"><x:i/></w:rPr>
<w:rPr xmlns="urn:w"><b val="1" x:v="2"/></w:rPr><w:rPr xmlns=""><b/></w:rPr></w:p></w:body></w:document>"""


def _in_place(element: Any) -> str:
    return _XMLNS.sub("", etree.tostring(element, encoding="unicode", with_tail=False))


def _elements(root: Any) -> list[Any]:
    return [e for e in root.iter() if e.getparent() is not None]


def test_markup_from_a_copy_is_the_elements_own(tmp_path: Path) -> None:
    roots = [etree.fromstring(TRICKY)]
    with zipfile.ZipFile(feature_docx(tmp_path / "feature.docx")) as archive:
        roots += [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xml")]
    elements = [e for root in roots for e in _elements(root)]
    assert len(elements) > 500
    assert [docx._xml(e) for e in elements] == [_in_place(e) for e in elements]


def test_codes_and_blocks_are_the_models() -> None:
    """`make_code` and `make_block` (tm/documents/model.py), which the readers and
    `distribute` use, make the constructors' instances, field for field; a field added to
    `Code` or `Block` and not to them, or a `__post_init__` they would skip, fails here."""
    code = make_code("open", 3, 7, "bold", "<w:rPr/>")
    expected = Code("open", 3, 7, "bold", "<w:rPr/>")
    assert code == expected and repr(code) == repr(expected) and hash(code) == hash(expected)
    assert list(vars(code).items()) == list(vars(expected).items())
    assert vars(make_code("close", 2, 0, outside=True)) == vars(Code("close", 2, 0, outside=True))
    block = make_block("Текст.", (code,), "table", "word/document.xml#p1", (3,))
    expected_block = Block("Текст.", (code,), part="table", ref="word/document.xml#p1", runs=(3,))
    assert block == expected_block and list(vars(block).items()) == list(vars(expected_block).items())
    for cls, made in ((Code, code), (Block, block)):
        assert [f.name for f in fields(cls)] == list(vars(made))
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")


def test_memoised_run_formatting_is_worked_out_afresh(tmp_path: Path) -> None:
    with zipfile.ZipFile(feature_docx(tmp_path / "feature.docx")) as archive:
        roots = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xml")]
    rprs = [rpr for root in roots for rpr in root.iter(docx.W + "rPr")]
    assert len(rprs) > 5
    # The memo's key counts comments and processing instructions among the children.
    commented = etree.fromstring(
        f'<w:r xmlns:w="{docx.W_NS}"><w:rPr><!-- c --><w:b/><?pi a?></w:rPr><w:rPr><w:b/><!-- c --></w:rPr>'
        "<w:rPr><!-- only a comment --></w:rPr><w:rPr><?pi?><w:vanish/></w:rPr></w:r>"
    )
    rprs += list(commented)
    for rpr in rprs * 2:  # the second time from the memo
        hidden = any(docx._on(v) for v in rpr.iterchildren(docx.W + "vanish"))
        assert docx._run_properties(rpr) == ((docx._visible(rpr) if len(rpr) else None), hidden)


def test_odt_formatting_memo() -> None:
    props = {"font-weight": "bold", "rsid": "0012"}
    assert odt._format(props) == odt._visible_format(props) == odt._format(dict(props))
    assert odt._format({}) is None and odt._visible_format({}) is None
