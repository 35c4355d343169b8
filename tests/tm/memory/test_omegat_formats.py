"""OmegaT 3.6 itself on documents with inline formatting (issue 17, point 2): `tm build`'s
level-2 TMX, in `tm/auto`, with our exported filters.xml, segmentation.conf and the two
preferences of omegat.prefs, fills every segment OmegaT makes of an HTML page, tags in place.

The blocks come from `blocks_for`, a small lxml reader in this file (the real readers,
tm/documents/{html,docx}.py, are built apart; swap them in here once they are there). The
"translation" is the source upper-cased (`Upper`), so the target document shows which text
OmegaT inserted: a segment it did not fill stays lower-case. Skipped without OmegaT."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat
from tm.documents.model import Block, Code, StructuredDocument, check_block
from tm.memory.build import BuildOptions, build_memory
from tm.memory.tmx import read_tmx
from tm.mt.cache import TranslationCache
from tm.mt.signature import MtSignature
from tm.text.srx import PREFS_FILE, omegat_filters_xml, omegat_prefs, omegat_segmentation_conf

pytestmark = pytest.mark.slow

PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"></head><body>
<p>Президент <b>Токаев</b> провёл встречу на <a href="https://example.kz/">сайте</a> министерства. Она была <i>очень важной</i> для всех участников.</p>
<p>Первое <b>предложение стоит здесь. Второе</b> предложение стоит там.</p>
<p>Обычный абзац без всякого форматирования остался как был.</p>
</body></html>
"""
_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "a": "link"}
_LOWER_CYRILLIC = re.compile("[а-яё]")


def _html_codes(element: Any, text: list[str], codes: list[Code], counter: list[int]) -> None:
    """The text and codes of an element's content (inline elements become paired codes)."""
    text.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            counter[0] += 1
            number, kind = counter[0], _TYPES.get(child.tag, "format")
            attributes = "".join(f' {k}="{v}"' for k, v in child.attrib.items())
            codes.append(Code("open", number, len("".join(text)), kind, f"<{child.tag}{attributes}>"))
            _html_codes(child, text, codes, counter)
            codes.append(Code("close", number, len("".join(text)), kind, f"</{child.tag}>"))
        text.append(child.tail or "")


def blocks_for(path: Path) -> tuple[Block, ...]:
    """An HTML page's paragraphs as blocks with paired codes (a stand-in for tm/documents/html.py)."""
    blocks = []
    for paragraph in html.fromstring(path.read_bytes()).iter("p"):
        text: list[str] = []
        codes: list[Code] = []
        _html_codes(paragraph, text, codes, [0])
        block = Block(" ".join("".join(text).split()), tuple(codes))
        assert block.text == "".join(text)  # the page has single spaces, so offsets hold
        check_block(block)
        blocks.append(block)
    return tuple(blocks)


class Upper:
    """A translator whose "English" is the source upper-cased: words and their order kept."""

    label = cache_key = "upper 1"
    signature = MtSignature("upper", "1", 1, 0.0, 1, "none", "cpu")

    def translate(self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None) -> list[str]:
        targets = [s.upper() for s in sentences]
        if on_batch:
            on_batch(list(sentences), targets)
        return targets


def _memory(document: Path, blocks: tuple[Block, ...], out: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """`tm build` through the library on `document`, read as `blocks`."""
    import tm.text.documents as documents

    monkeypatch.setattr(documents, "_reader", lambda name: lambda data, label: StructuredDocument(fmt, blocks))
    build_memory([str(document)], out, Upper(), TranslationCache(None), BuildOptions())


def _omegat_target(root: Path, document: Path, memory: Path, prefs: bool = True) -> Path:
    """OmegaT's console-translate of `document` with `memory` in tm/auto and our exported files."""
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary", "home/.omegat"):
        (root / folder).mkdir(parents=True)
    shutil.copy(document, root / "source" / document.name)
    shutil.copy(memory, root / "tm" / "auto" / memory.name)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (root / "omegat" / "segmentation.conf").write_text(omegat_segmentation_conf(), encoding="utf-8")
    (root / "omegat" / "filters.xml").write_text(omegat_filters_xml(), encoding="utf-8")
    # run_omegat's user.home is the project's sibling "home"; OmegaT reads ~/.omegat/omegat.prefs.
    home = root.parent / "home" / ".omegat"
    home.mkdir(parents=True, exist_ok=True)
    if prefs:
        (home / PREFS_FILE).write_text(omegat_prefs(), encoding="utf-8")
    run_omegat(root, "--mode=console-translate")
    return root / "target" / document.name


@NEEDS_OMEGAT
def test_omegat_fills_every_html_segment_with_our_target_and_its_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    memory = tmp_path / "ours.tmx"
    blocks = blocks_for(page)
    _memory(page, blocks, memory, monkeypatch, "html")
    units = list(read_tmx(memory))
    assert len(units) == 5 and sum(u.source_markup is not None for u in units) == 4
    assert all(u.prop("x-codes-placed") == "aligned" for u in units if u.source_markup)

    target = html.fromstring(_omegat_target(tmp_path / "project", page, memory).read_bytes())
    paragraphs = list(target.iter("p"))
    assert [p.text_content() for p in paragraphs] == [b.text.upper() for b in blocks]
    assert not _LOWER_CYRILLIC.search(target.text_content()), etree.tostring(target, encoding="unicode")
    first, second, _ = paragraphs
    assert [(e.tag, e.text) for e in first] == [("b", "ТОКАЕВ"), ("a", "САЙТЕ"), ("i", "ОЧЕНЬ ВАЖНОЙ")]
    assert first.find("a").get("href") == "https://example.kz/"
    assert [(e.tag, e.text) for e in second] == [("b", "ПРЕДЛОЖЕНИЕ СТОИТ ЗДЕСЬ. ВТОРОЕ")]


@NEEDS_OMEGAT
def test_without_the_preferences_omegat_fills_only_the_plain_paragraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: OmegaT reads a TMX from another tool at level 1 unless ext_tmx_show_level2 is on."""
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    memory = tmp_path / "ours.tmx"
    blocks = blocks_for(page)
    _memory(page, blocks, memory, monkeypatch, "html")
    target = html.fromstring(_omegat_target(tmp_path / "project", page, memory, prefs=False).read_bytes())
    texts = [p.text_content() for p in target.iter("p")]
    assert texts[2] == blocks[2].text.upper()
    assert texts[:2] == [b.text for b in blocks[:2]]
