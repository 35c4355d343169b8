"""The DOCX reader on Word files made with python-docx (parts it cannot write added with
lxml) and, where LibreOffice is installed, on files LibreOffice writes: reading order,
inline codes, tracked changes, hidden text, and the coverage of every visible `w:t`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.office import (
    DELETED,
    FALLBACK,
    FEATURE_HTML,
    HIDDEN,
    INSTRUCTION,
    NEEDS_SOFFICE,
    docx_parts,
    feature_docx,
    long_docx,
    soffice_convert,
    visible_runs,
)
from tm.documents import docx
from tm.documents.model import Block, StructuredDocument, check_block


@pytest.fixture(scope="module")
def feature_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feature_docx(tmp_path_factory.mktemp("docx") / "feature.docx")


def _read(path: Path) -> StructuredDocument:
    document = docx.read(path.read_bytes(), path.name)
    for block in document.blocks:
        check_block(block)
    return document


def _codes(block: Block) -> list[tuple[str, int, str]]:
    return [(c.kind, c.offset, c.type) for c in block.codes]


def test_reading_order_and_parts(feature_file: Path) -> None:
    blocks = _read(feature_file).blocks
    assert [(b.part, b.text) for b in blocks] == [
        ("body", "Президент Токаев подписал указ о ЕАЭС."),
        ("body", "Договор вступил в силу в январе года."),
        ("body", "Страница 1 из 3Стороны обменялись нотами."),
        ("textbox", "Текст во врезке."),  # after the paragraph that anchors it, once
        ("table", "Страна"),
        ("table", "Столица"),
        ("table", "Казахстан"),
        ("table", "Астана"),
        ("body", "Совещание прошло в Минске."),
        ("header", "Министерство иностранных дел"),
        ("footer", "Москва, 2024"),
        ("footnote", " Указ № 123 от 1 марта."),
        ("endnote", " По данным МИД."),
        ("comment", "Проверить дату совещания."),
    ]
    assert blocks[0].ref == "word/document.xml#p0" and blocks[9].ref == "word/header1.xml#p0"


def test_runs_become_codes_and_splits_that_change_nothing_merge(feature_file: Path) -> None:
    first = _read(feature_file).blocks[0]
    # "Ток" and "аев" are two runs (other rsid, a spell-check mark, w:lang, w:noProof): one span.
    assert _codes(first) == [
        ("open", 10, "bold"),
        ("close", 16, "bold"),
        ("open", 26, "italic"),
        ("close", 30, "italic"),
        ("placeholder", 30, "footnote"),  # its superscript run wraps nothing
        ("open", 33, "link"),
        ("open", 33, "format"),  # the Hyperlink character style
        ("close", 37, "format"),
        ("close", 37, "link"),
    ]
    assert first.text[10:16] == "Токаев"
    link = first.codes[5]
    assert 'r:id="rId' in link.data and "https://eaeunion.org/" in link.data
    assert first.codes[0].data.startswith("<w:rPr><w:b/>")  # the original XML, for writing back
    assert first.codes[4].data == '<w:footnoteReference w:id="1"/>'
    assert {c.id for c in first.codes if c.kind == "open"} == {c.id for c in first.codes if c.kind == "close"}


def test_tracked_changes_hidden_text_fields_and_placeholders(feature_file: Path) -> None:
    blocks = _read(feature_file).blocks
    changed, fields = blocks[1], blocks[2]
    assert "в январе" in changed.text  # the tracked insertion
    assert _codes(changed) == [("placeholder", len(changed.text) - 1, "endnote")]
    assert [(c.type, c.data) for c in fields.codes] == [
        ("field", INSTRUCTION),  # complex field: the instruction is the placeholder, "1" is text
        ("field", '<w:fldSimple w:instr=" NUMPAGES "/>'),
        ("break", "<w:br/>"),
        ("image", "<w:drawing/>"),  # the text box's anchor; its text is a block of its own
    ]
    assert blocks[8].codes[-1].type == "comment"
    text = " ".join(b.text for b in blocks)
    for never in (DELETED, HIDDEN, INSTRUCTION, FALLBACK):
        assert never not in text


def test_every_visible_run_is_read_exactly_once(feature_file: Path) -> None:
    """Coverage: the characters of all visible w:t (body, tables, headers, footers, notes,
    comments, text boxes), found independently, are those of the blocks, each once."""
    runs = visible_runs(feature_file)
    read = "".join(b.text for b in _read(feature_file).blocks)

    def characters(text: str) -> Counter[str]:
        return Counter(ch for ch in text if not ch.isspace())

    assert characters("".join(runs)) == characters(read)
    for run in runs:
        if len(run.strip()) > 3:
            assert run.strip() in read
    assert not any(never in "".join(runs) for never in (DELETED, HIDDEN, FALLBACK))


def test_docm_and_dotx_are_read_and_macros_never_run(feature_file: Path, tmp_path: Path) -> None:
    parts = docx_parts(feature_file)
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = AutoOpen" * 10
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    macro = tmp_path / "macro.docm"
    with zipfile.ZipFile(macro, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert [b.text for b in _read(macro).blocks] == [b.text for b in _read(feature_file).blocks]


def test_a_run_with_only_invisible_properties_has_no_code() -> None:
    from lxml import etree

    rpr = etree.fromstring(
        f'<w:rPr xmlns:w="{docx.W_NS}"><w:rFonts w:hint="eastAsia"/><w:lang w:val="ru-RU"/><w:noProof/><w:bCs/></w:rPr>'
    )
    assert docx.run_format(rpr) is None
    bold_off = etree.fromstring(f'<w:rPr xmlns:w="{docx.W_NS}"><w:b w:val="0"/></w:rPr>')
    assert docx.run_format(bold_off) is not None and docx.run_format(bold_off)[1] == "format"  # type: ignore[index]


@NEEDS_SOFFICE
@pytest.mark.slow
def test_files_written_by_libreoffice(feature_file: Path, tmp_path: Path) -> None:
    """A second writer: LibreOffice's DOCX from HTML, and its re-save of the feature file."""
    html = tmp_path / "feature.html"
    html.write_text(FEATURE_HTML, encoding="utf-8")
    from_html = _read(soffice_convert(html, "docx", tmp_path / "html")).blocks
    assert from_html[0].text == "Президент Токаев подписал указ о ЕАЭС."
    assert [t for _, _, t in _codes(from_html[0]) if t in ("bold", "italic", "link")] == [
        "bold",
        "bold",
        "italic",
        "italic",
        "link",
        "link",
    ]
    assert [b.part for b in from_html].count("table") == 4

    resaved = _read(soffice_convert(feature_file, "docx", tmp_path / "resaved")).blocks
    ours = _read(feature_file).blocks
    assert [(b.part, b.text.strip()) for b in resaved if b.part != "body" or "Страница" not in b.text] == [
        (b.part, b.text.strip()) for b in ours if b.part != "body" or "Страница" not in b.text
    ]  # the page-count field's result is LibreOffice's own


@pytest.mark.slow
def test_memory_stays_bounded_on_a_500_page_document(tmp_path: Path) -> None:
    """The body is streamed: reading 500 pages (3.6 MB of document.xml) takes little more
    memory than the blocks it returns. Measured in a fresh interpreter."""
    path = long_docx(tmp_path / "long.docx", 500)
    script = (
        "import resource, sys\nfrom tm.documents import docx\ndata = open(sys.argv[1], 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "document = docx.read(data, 'long.docx')\n"
        "print(len(document.blocks), before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, cwd=ROOT, check=True)
    blocks, before, peak = map(int, result.stdout.split())
    assert blocks == 500 * 12 + 50 * 10
    assert (peak - before) / 1024 < 60, f"{(peak - before) / 1024:.0f} MB more while reading"
