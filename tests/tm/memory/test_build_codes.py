"""`tm build` on a document with inline codes: level-2 TMX, codes kept in the MT, leverage by codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.support import DATA
from tm.documents.codes import isolated
from tm.documents.model import Block, Code, StructuredDocument
from tm.memory.build import BuildOptions, build_memory
from tm.memory.inline_tmx import codes_of
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx
from tm.mt.cache import TranslationCache
from tm.mt.codes import CODES_PLACED_PROP
from tm.mt.translator import Translator

DTD = etree.DTD(str(DATA / "tmx14.dtd"))
BLOCKS = (
    Block("Новости"),  # a headline: furniture, as in a plain text
    Block(
        "Президент Токаев провёл встречу в Астане. Она была важной для всех участников.",
        (
            Code("open", 1, 10, "bold", "<b>"),
            Code("close", 1, 16, "bold", "</b>"),
            Code("open", 2, 34, "link", '<a href="x">'),
            Code("close", 2, 40, "link", "</a>"),
            Code("open", 3, 51, "italic", "<i>"),  # crosses nothing: «важной»
            Code("close", 3, 57, "italic", "</i>"),
            Code("placeholder", 4, 78, "footnote"),
        ),
    ),
    Block(
        "Первое предложение здесь. Второе предложение там.",
        (Code("open", 1, 7, "bold", "<b>"), Code("close", 1, 32, "bold", "</b>")),  # across the boundary
    ),
    Block("Обычное предложение без кодов."),
)


@pytest.fixture()
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An .html file read as BLOCKS (the HTML reader is another branch's)."""
    import tm.text.documents as documents

    def read(data: bytes, label: str) -> StructuredDocument:
        return StructuredDocument("html", BLOCKS)

    monkeypatch.setattr(documents, "_reader", lambda name: read)
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>placeholder</p></body></html>", encoding="utf-8")
    return path


def test_units_have_level2_sources_and_targets_with_the_same_codes(tmp_path: Path, page: Path, tiny_package: Any) -> None:
    out = tmp_path / "m.tmx"
    translator = Translator(tiny_package, device="cpu")
    cache = TranslationCache(tmp_path / "c.db")
    build_memory([str(page)], out, translator, cache, BuildOptions())
    assert DTD.validate(etree.parse(str(out)))
    units = list(read_tmx(out))
    assert len(units) == 5
    mt = translator.translate([u.source for u in units])
    for unit, english in zip(units, mt, strict=True):
        assert unit.target == english  # the plain target is the MT of the plain source
        if unit.source.startswith("Обычное"):
            assert unit.source_markup is None and unit.target_markup is None
            assert unit.prop(CODES_PLACED_PROP) is None
            continue
        assert unit.source_markup is not None and unit.target_markup is not None
        assert unit.prop(CODES_PLACED_PROP) in ("aligned", "ends")
        text, source_codes = codes_of(unit.source_markup)
        target_text, target_codes = codes_of(unit.target_markup)
        assert text == unit.source and target_text == english
        assert sorted((c.kind, c.id) for c in target_codes) == sorted((c.kind, c.id) for c in source_codes)
        lone = {(source_codes[i].kind, source_codes[i].id) for i in isolated(source_codes)}
        assert {(target_codes[i].kind, target_codes[i].id) for i in isolated(target_codes)} == lone
        stack = []
        for index, code in enumerate(target_codes):
            if index in isolated(target_codes) or code.kind == "placeholder":
                continue
            if code.kind == "open":
                stack.append(code.id)
            else:
                assert stack.pop() == code.id
        assert not stack
    first = units[0]
    assert first.source_markup is not None
    assert '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Токаев<ept i="1">&lt;/b&gt;</ept>' in first.source_markup
    split = [u for u in units if u.source.startswith(("Первое", "Второе"))]
    assert ['<it pos="begin"' in (u.source_markup or "") for u in split] == [True, False]
    assert ['<it pos="end"' in (u.target_markup or "") for u in split] == [False, True]
    # The cache is keyed by the plain text: a second build translates nothing.
    again = build_memory([str(page)], tmp_path / "again.tmx", translator, cache, BuildOptions())
    assert again.translated == 0 and again.from_cache == 5


def test_leverage_matches_codes_only_with_the_same_codes(tmp_path: Path, page: Path, tiny_package: Any) -> None:
    source = "Президент Токаев провёл встречу в Астане."
    memory = tmp_path / "human.tmx"
    same = (
        'Президент <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Токаев<ept i="1">&lt;/b&gt;</ept> провёл встречу в '
        '<bpt i="2" x="2" type="link">&lt;a&gt;</bpt>Астане<ept i="2">&lt;/a&gt;</ept>.'
    )
    other = 'Президент Токаев провёл встречу в <bpt i="1" x="1" type="link">&lt;a&gt;</bpt>Астане<ept i="1">&lt;/a&gt;</ept>.'
    english = (
        'President <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Tokayev<ept i="1">&lt;/b&gt;</ept> met in '
        '<bpt i="2" x="2" type="link">&lt;a&gt;</bpt>Astana<ept i="2">&lt;/a&gt;</ept>.'
    )
    units = [
        TmxUnit(source, "PLAIN", source_markup=None),  # no codes: not this segment
        TmxUnit(source, "OTHER", source_markup=other),  # other codes: not this segment
        TmxUnit(source, "President Tokayev met in Astana.", source_markup=same, target_markup=english),
        TmxUnit("Обычное предложение без кодов.", "An ordinary sentence."),
        TmxUnit(
            "Обычное предложение без кодов.",
            "WITH CODES",
            source_markup='<ph x="1">&lt;x/&gt;</ph>Обычное предложение без кодов.',
        ),
    ]
    write_tmx(memory, units, TmxHeader())
    out = tmp_path / "m.tmx"
    options = BuildOptions(tm=[memory], fuzzy_threshold=0)
    report = build_memory([str(page)], out, Translator(tiny_package, device="cpu"), TranslationCache(None), options)
    assert report.leveraged_exact + report.leveraged_context == 2
    by_source = {u.source: u for u in read_tmx(out)}
    leveraged = by_source[source]
    assert leveraged.target == "President Tokayev met in Astana." and leveraged.target_markup is not None
    assert "Tokayev<ept" in leveraged.target_markup and leveraged.source_markup is not None
    assert by_source["Обычное предложение без кодов."].target == "An ordinary sentence."
