"""OmegaT 3.6 itself on documents with inline formatting (issue 17, point 2): `tm build`'s
level-2 TMX, in `tm/auto`, with our exported filters.xml, segmentation.conf and the two
preferences of omegat.prefs.

The seed tests: the seeds' first paragraphs as HTML, DOCX (python-docx) and DOCX/ODT from
LibreOffice (tests/support/office.py: bold, italic, links and footnote references inside
sentences, a table, a header, a text box), read by the real readers through `build_memory`.
OmegaT's own segments come from `--mode=console-createpseudotranslatetmx`. The older tests
below them use small in-test readers (`blocks_for`, `docx_blocks_for`) to pin the
level-2 conventions. The "translation" is the source upper-cased (`Upper`), so the target
shows which text OmegaT inserted: a segment it did not fill stays lower-case. Skipped
without OmegaT (and, per format, without python-docx or LibreOffice)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    """OmegaT numbers a DOCX paragraph's run tags before it segments (`<t2/>` may open a
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
    # The run tags at a paragraph's ends are outside its segments (removeTags, as OmegaT's).
    assert len(units) == 6 and sum(u.source_markup is None for u in units) == 2

    target = docx.Document(str(_omegat_target(tmp_path / "project", path, memory)))
    texts = [p.text for p in target.paragraphs]
    filled = {u.source for u in units if u.target in " ".join(texts)}
    # Filled: the untagged sentences and those whose tags OmegaT numbers from 0 (the
    # paragraph's first tags), as a <ph> is numbered by its place in the segment.
    assert filled == {
        "Президент Токаев провёл встречу в столице.",
        "Обычный абзац без всякого форматирования.",
        "Второе предложение абзаца.",
        "Первое предложение стоит здесь.",
    }, texts
    # The bold run of the first paragraph kept its tag, on the same word.
    runs = [(r.text, bool(r.bold)) for r in target.paragraphs[0].runs]
    assert ("ТОКАЕВ", True) in runs, runs


# --- the seeds in four real files, read by the real readers (issue 17's OmegaT target) ---

_OMEGAT_TAG = re.compile(r"</?[a-zA-Z]+\d+/?>")


def _seed_documents(folder: Path) -> dict[str, Path]:
    """The seed paragraphs as HTML, as DOCX from python-docx and, with LibreOffice, as DOCX
    and ODT converted from the LibreOffice-flavoured page (header, footnotes, frame)."""
    from tests.support import office

    folder.mkdir()
    documents = {"html": folder / "seeds.html"}
    documents["html"].write_text(office.seed_html(libreoffice=False), encoding="utf-8")
    if importlib.util.find_spec("docx"):
        documents["docx-python-docx"] = office.seed_docx(folder / "seeds_pd.docx")
    if office.SOFFICE:
        page = folder / "lo" / "seeds.html"
        page.parent.mkdir()
        page.write_text(office.seed_html(), encoding="utf-8")
        for fmt in ("docx", "odt"):
            converted = office.soffice_convert(page, fmt, page.parent)
            documents[f"{fmt}-libreoffice"] = converted.rename(folder / f"seeds_lo.{fmt}")
    return documents


def _project(root: Path, document: Path, memory: Path | None = None, prefs: bool = True) -> None:
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(document, root / "source" / document.name)
    if memory:
        shutil.copy(memory, root / "tm" / "auto" / memory.name)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (root / "omegat" / "segmentation.conf").write_text(omegat_segmentation_conf(), encoding="utf-8")
    (root / "omegat" / "filters.xml").write_text(omegat_filters_xml(), encoding="utf-8")
    home = root.parent / "home" / ".omegat"
    home.mkdir(parents=True, exist_ok=True)
    if prefs:
        (home / PREFS_FILE).write_text(omegat_prefs(), encoding="utf-8")


def omegat_segments(document: Path, work: Path) -> list[str]:
    """OmegaT's segments of `document` (each once, with its tag shortcuts), from
    `--mode=console-createpseudotranslatetmx` with our exported rules and filters."""
    _project(work / "project", document)
    out = work / "pseudo.tmx"
    run_omegat(
        work / "project", "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={out}", "--pseudotranslatetype=equal"
    )
    return [tu.findtext("tuv/seg") or "" for tu in etree.parse(str(out)).iter("tu")]


def _plain(segment: str) -> str:
    return _OMEGAT_TAG.sub("", segment).strip()


@dataclass
class FormatResult:
    omegat: list[str]  # OmegaT's segments, with its tags
    ours: list[str]  # our segments' text, as the TMX source has it without codes
    filled: list[str]  # OmegaT's segments whose translation in the target is our (marked) one
    # The same with the OmegaT-flavoured TMX (`--omegat-tmx`), without the level-2 preferences
    filled_omegat: list[str]
    omegat_tmx: list[str]  # its sources, OmegaT's shortcuts as text


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FormatResult]:
    """Per format: OmegaT's segments, ours, and which of OmegaT's it filled from our TMX
    (built by `tm build`'s library call on the file itself, the target upper-cased), and
    from the OmegaT-flavoured TMX of the same build in a project without the preferences."""
    from tm.text.documents import read_document

    base = tmp_path_factory.mktemp("seeds")
    results = {}
    for name, document in _seed_documents(base / "documents").items():
        work = base / name
        found = omegat_segments(document, work / "pseudo")
        memory, flavoured = work / "ours.tmx", work / "omegat.tmx"
        report = build_memory([str(document)], memory, Upper(), TranslationCache(None), BuildOptions(omegat_tmx=flavoured))
        ours = [u.source for u in read_tmx(memory)]
        assert report is not None and ours
        filled = []
        for folder, tmx, prefs in (("translate", memory, True), ("translate-omegat", flavoured, False)):
            _project(work / folder / "project", document, tmx, prefs)
            run_omegat(work / folder / "project", "--mode=console-translate")
            target = work / folder / "project" / "target" / document.name
            text = " ".join(b.text for b in read_document(str(target)).blocks)
            filled.append([s for s in found if _plain(s).upper() in text and _plain(s) not in text])
        results[name] = FormatResult(found, ours, filled[0], filled[1], [u.source for u in read_tmx(flavoured)])
    return results


FORMATS = ("html", "docx-python-docx", "docx-libreoffice", "odt-libreoffice")


def _result(results: dict[str, FormatResult], name: str) -> FormatResult:
    if name not in results:
        pytest.skip(f"{name}: its writer (python-docx or LibreOffice) is not installed")
    return results[name]


@NEEDS_OMEGAT
@pytest.mark.parametrize("name", FORMATS)
def test_we_segment_the_seed_documents_as_omegat_does(seed_results: dict[str, FormatResult], name: str) -> None:
    """The same sentences, each once: text without tags (ours without codes) equal."""
    result = _result(seed_results, name)
    assert sorted({_plain(s) for s in result.omegat}) == sorted({s.strip() for s in result.ours})


@NEEDS_OMEGAT
def test_omegat_fills_every_segment_of_the_seed_page_with_our_target(seed_results: dict[str, FormatResult]) -> None:
    result = _result(seed_results, "html")
    assert len(result.omegat) >= 15
    assert result.filled == result.omegat


@NEEDS_OMEGAT
def test_omegat_fills_every_odt_segment_with_our_target(seed_results: dict[str, FormatResult]) -> None:
    """ODT: spans, links and note references included (their TMX content starts with
    OmegaT's letter: `<f0>`, `<a1>`, `<t2/>`)."""
    result = _result(seed_results, "odt-libreoffice")
    assert len(result.omegat) >= 15 and any("<f" in s for s in result.omegat)
    assert result.filled == result.omegat


@NEEDS_OMEGAT
@pytest.mark.parametrize("name", ("docx-python-docx", "docx-libreoffice"))
def test_omegat_fills_exactly_the_docx_segments_without_inner_tags(seed_results: dict[str, FormatResult], name: str) -> None:
    """DOCX: OmegaT 3.6 shows every run boundary inside a sentence as a standalone tag
    numbered per paragraph (`<t3/>очень<t4/>`), which a level-2 `<ph>` (numbered by its
    place in the segment) and a `<bpt>`/`<ept>` pair cannot be; the sentences without tags
    inside (the paragraph's end tags are outside, removeTags) are all filled, and only them."""
    result = _result(seed_results, name)
    untagged = [s for s in result.omegat if not _OMEGAT_TAG.search(s)]
    assert len(untagged) == 8
    assert sorted(result.filled) == sorted(untagged)


@NEEDS_OMEGAT
@pytest.mark.parametrize("name", ("docx-python-docx", "docx-libreoffice"))
def test_the_omegat_tmx_fills_every_docx_segment(seed_results: dict[str, FormatResult], name: str) -> None:
    """`--omegat-tmx`: OmegaT's run tags predicted from the reader's `Block.runs` (the
    LibreOffice file splits a run after the dialogue dash: `– <t0/>Что`), numbered per
    paragraph: every segment is one of the TMX's sources exactly, and OmegaT fills it with
    our (upper-cased) translation, without the level-2 preferences."""
    result = _result(seed_results, name)
    assert len(result.omegat) == 15 and sum(bool(_OMEGAT_TAG.search(s)) for s in result.omegat) == 7
    assert set(result.omegat) <= set(result.omegat_tmx)
    assert result.filled_omegat == result.omegat


@NEEDS_OMEGAT
@pytest.mark.parametrize("name", ("html", "odt-libreoffice"))
def test_the_omegat_tmx_fills_html_and_odt_as_the_level2_tmx_does(seed_results: dict[str, FormatResult], name: str) -> None:
    """The same segments filled as from the level-2 TMX (OmegaT's reading of its markup,
    written as text), here without the preferences that the level-2 TMX needs."""
    result = _result(seed_results, name)
    assert result.filled_omegat == result.filled
    assert set(result.filled) <= set(result.omegat_tmx)
