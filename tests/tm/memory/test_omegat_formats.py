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

    target: Any = html.fromstring(_omegat_target(tmp_path / "project", page, memory).read_bytes())
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
    target: Any = html.fromstring(_omegat_target(tmp_path / "project", page, memory, prefs=False).read_bytes())
    texts = [p.text_content() for p in target.iter("p")]
    assert texts[2] == blocks[2].text.upper()
    assert texts[:2] == [b.text for b in blocks[:2]]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_blocks_for(path: Path) -> tuple[Block, ...]:
    """A python-docx file's body paragraphs as blocks (a stand-in for tm/documents/docx.py):
    a placeholder where OmegaT's OpenXML filter shows a run tag, `<t0/>`, with tags
    aggregated: at the paragraph's start, between runs and at its end."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        body: Any = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    blocks = []
    for paragraph in body.iter(f"{W}p"):
        runs = ["".join(t.text or "" for t in run.iter(f"{W}t")) for run in paragraph.iter(f"{W}r")]
        text, codes = "", []
        for number, run in enumerate(runs, 1):
            codes.append(Code("placeholder", number, len(text), "format", "<t/>"))
            text += run
        codes.append(Code("placeholder", len(runs) + 1, len(text), "format", "<t/>"))
        blocks.append(Block(text, tuple(codes)))
    return tuple(blocks)


@NEEDS_OMEGAT
def test_omegat_fills_the_docx_segments_a_level2_tmx_can_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OmegaT numbers a DOCX paragraph's run tags before it segments (`<t3/>` may open a
    second sentence), and reads a TMX `<ph>`/`<it>` by its place in the segment (the first
    is always `<t0/>`): a segment whose first code is not the paragraph's first cannot be
    written so that OmegaT reads it back as its own. Those stay unfilled; the rest are ours."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    paragraph = document.add_paragraph("Президент ")
    paragraph.add_run("Токаев").bold = True
    paragraph.add_run(" провёл встречу в столице. Она была ")
    paragraph.add_run("очень важной").italic = True
    paragraph.add_run(" для всех участников.")
    document.add_paragraph("Обычный абзац без всякого форматирования. Второе предложение абзаца.")
    paragraph = document.add_paragraph("Первое ")
    paragraph.add_run("предложение стоит здесь. Второе").bold = True
    paragraph.add_run(" предложение стоит там.")
    path = tmp_path / "doc.docx"
    document.save(str(path))
    memory = tmp_path / "ours.tmx"
    blocks = docx_blocks_for(path)
    _memory(path, blocks, memory, monkeypatch, "docx")
    units = list(read_tmx(memory))
    assert len(units) == 6 and all(u.source_markup for u in units)

    target = docx.Document(str(_omegat_target(tmp_path / "project", path, memory)))
    texts = [p.text for p in target.paragraphs]
    filled = {u.source: u.target in " ".join(texts) for u in units}
    # A segment's first code is the paragraph's first (id 1): OmegaT's <t0/>, as it reads ours.
    expected = {u.source: '<ph x="1"' in (u.source_markup or "") for u in units}
    assert filled == expected, texts
    assert sum(expected.values()) == 3  # the first sentence of each paragraph
    # The bold run of the first paragraph kept its tag, on the same word.
    runs = [(r.text, bool(r.bold)) for r in target.paragraphs[0].runs]
    assert ("ТОКАЕВ", True) in runs, runs
