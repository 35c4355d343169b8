"""The OmegaT-flavoured TMX (tm/memory/omegat_tmx.py, `tm build --omegat-tmx`): OmegaT's
reading of our level-2 markup, its OpenXML run tags from a DOCX reader's blocks, and the
units and file written. OmegaT itself checks the result in test_omegat_formats.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.office import NS, word_zip
from tm.documents import docx
from tm.documents.model import Block, Code
from tm.memory.build import BuildOptions, build_memory
from tm.memory.inline_tmx import seg_markup
from tm.memory.omegat_tmx import level2_shortcuts, omegat_unit, openxml_tags, with_shortcuts
from tm.memory.tmx import TmxUnit, read_tmx
from tm.mt.cache import TranslationCache
from tm.mt.signature import MtSignature
from tm.text.documents import Document
from tm.text.segment import segment_document


def test_level2_pairs_placeholders_and_isolated_codes_read_as_omegat_does() -> None:
    assert level2_shortcuts('a <bpt i="2" x="2" type="bold">&lt;b&gt;</bpt>b<ept i="2">&lt;/b&gt;</ept> c') == "a <b1>b</b1> c"
    # A <ph> takes the count of the codes before it (the <bpt> counts), with the slash after.
    markup = '<bpt i="1" x="1">&lt;a href="x"&gt;</bpt>b<ept i="1">&lt;/a&gt;</ept> <ph x="5" type="footnote"/>'
    assert level2_shortcuts(markup) == "<a0>b</a0> <f1/>"
    assert level2_shortcuts(markup, use_slash=False) == "<a0>b</a0> <f1>"
    # An isolated end has the slash before; no letter in the content: the type's, else f.
    assert level2_shortcuts('x<it pos="end" x="3" type="italic"></it>') == "x</i0>"
    assert level2_shortcuts('x<ph x="1">&lt;/&gt;</ph>') == "x<f0/>"
    assert level2_shortcuts("<hi>plain</hi> text") == "plain text"


def test_level2_shortcuts_of_our_own_html_markup() -> None:
    block_text = "Президент Токаев провёл встречу на сайте министерства."
    codes = [
        Code("open", 1, 10, "bold", "<b>"),
        Code("close", 1, 16, "bold", "</b>"),
        Code("open", 2, 35, "link", '<a href="https://example.kz/">'),
        Code("close", 2, 40, "link", "</a>"),
    ]
    shortcut = level2_shortcuts(seg_markup(block_text, codes))
    assert shortcut == "Президент <b0>Токаев</b0> провёл встречу на <a1>сайте</a1> министерства."


def _docx_document(*blocks: Block) -> Document:
    return Document("doc.docx", "\n".join(b.text for b in blocks), "utf-8", "docx", blocks)


def _tags(document: Document) -> list[str]:
    segments = segment_document(document)
    return [with_shortcuts(s.text, tags) for s, tags in zip(segments, openxml_tags(document, segments), strict=True)]


def test_run_tags_are_numbered_per_paragraph_across_its_sentences() -> None:
    """Every run boundary and code inside the text is one tag; the paragraph's ends are not
    tagged (removeTags); a second sentence goes on counting; a tag before a sentence's first
    word is that sentence's."""
    text = "Первое предложение стоит здесь. Второе предложение стоит там."
    second = text.index("Второе")
    block = Block(
        text,
        (Code("open", 1, 7, "bold", "<w:rPr><w:b/></w:rPr>"), Code("close", 1, 30, "bold")),
        runs=(7, 30, second, second + 6),
    )
    assert _tags(_docx_document(block)) == [
        "Первое <t0/>предложение стоит здесь<t1/>.",
        "<t2/>Второе<t3/> предложение стоит там.",
    ]
    plain = Block("Обычный абзац. Без тегов.", runs=())
    edges = Block("Весь абзац в одном жирном.", (Code("open", 1, 0, "bold"), Code("close", 1, 26, "bold")))
    assert _tags(_docx_document(plain, edges)) == ["Обычный абзац.", "Без тегов.", "Весь абзац в одном жирном."]


def test_a_dialogue_dash_is_text_to_omegat() -> None:
    """OmegaT's paragraph text starts at the dash: a run boundary after it is a tag."""
    block = Block("– Что касается нашего сотрудничества, мы пришли к мнению.", runs=(2, 15, 21))
    document = _docx_document(block)
    segments = segment_document(document)
    tags = openxml_tags(document, segments)
    unit = TmxUnit("– " + segments[0].text, "– " + segments[0].text.upper())
    written = omegat_unit(unit, segments[0], tags[0])
    assert written.source == "– <t0/>Что касается <t1/>нашего<t2/> сотрудничества, мы пришли к мнению."
    assert written.target == "– <t0/>ЧТО КАСАЕТСЯ <t1/>НАШЕГО<t2/> СОТРУДНИЧЕСТВА, МЫ ПРИШЛИ К МНЕНИЮ."
    assert written.source_markup is None and written.target_markup is None


def test_other_formats_take_omegats_reading_of_the_level2_markup() -> None:
    segment = segment_document(Document("a.html", "Президент Токаев.", "utf-8", "html", (Block("Президент Токаев."),)))[0]
    unit = TmxUnit(
        "Президент Токаев.",
        "ПРЕЗИДЕНТ ТОКАЕВ.",
        source_markup='Президент <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Токаев<ept i="1">&lt;/b&gt;</ept>.',
        target_markup='ПРЕЗИДЕНТ <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>ТОКАЕВ<ept i="1">&lt;/b&gt;</ept>.',
    )
    written = omegat_unit(unit, segment, None)
    assert (written.source, written.target) == ("Президент <b0>Токаев</b0>.", "ПРЕЗИДЕНТ <b0>ТОКАЕВ</b0>.")


def test_the_docx_reader_keeps_the_run_splits_it_merges() -> None:
    """Two runs in the same formatting (an rsid split) are one text to us, no code, but
    OmegaT's OpenXML filter shows the boundary: `Block.runs` has it."""
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Впереди у нас </w:t></w:r>'
        '<w:r w:rsidR="00A1"><w:t>очень</w:t></w:r><w:r><w:t xml:space="preserve"> большая работа.</w:t></w:r></w:p>'
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document {NS}><w:body>{body}</w:body></w:document>'
    (block,) = docx.read(word_zip_bytes(document), "a.docx").blocks
    assert block.text == "Впереди у нас очень большая работа." and block.codes == ()
    assert block.runs == (14, 19)


def word_zip_bytes(document: str) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return word_zip(Path(folder) / "a.docx", document).read_bytes()


class Upper:
    label = cache_key = "upper 1"
    signature = MtSignature("upper", "1", 1, 0.0, 1, "none", "cpu")

    def translate(self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None) -> list[str]:
        targets = [s.upper() for s in sentences]
        if on_batch:
            on_batch(list(sentences), targets)
        return targets


def test_build_writes_the_omegat_memory_beside_the_standard_one(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Обычное предложение. Впереди у нас </w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>очень</w:t></w:r><w:r><w:t xml:space="preserve"> большая работа.</w:t></w:r></w:p>'
    )
    path = word_zip(
        tmp_path / "a.docx", f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document {NS}><w:body>{body}</w:body></w:document>'
    )
    memory, flavoured = tmp_path / "memory.tmx", tmp_path / "omegat.tmx"
    build_memory([str(path)], memory, Upper(), TranslationCache(None), BuildOptions(omegat_tmx=flavoured))
    standard = list(read_tmx(memory))
    assert [u.source for u in standard] == ["Обычное предложение.", "Впереди у нас очень большая работа."]
    assert standard[1].source_markup is not None and "<bpt" in standard[1].source_markup
    raw = flavoured.read_text(encoding="utf-8")
    assert "<seg>Впереди у нас &lt;t0/&gt;очень&lt;t1/&gt; большая работа.</seg>" in raw
    assert "<seg>ВПЕРЕДИ У НАС &lt;t0/&gt;ОЧЕНЬ&lt;t1/&gt; БОЛЬШАЯ РАБОТА.</seg>" in raw
    assert "<bpt" not in raw and "<ph" not in raw


def test_the_omegat_tmx_option_must_name_a_tmx_file(tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Привет.\n", encoding="utf-8")
    result = run_cli("tm", ["build", str(document), "-o", str(tmp_path / "m.tmx"), "--omegat-tmx", str(tmp_path / "o.txt")])
    assert result.returncode == 2 and "--omegat-tmx" in result.stderr and not (tmp_path / "o.txt").exists()


@pytest.mark.parametrize("same", ["m.tmx", "a.txt"])
def test_the_omegat_tmx_is_neither_the_memory_nor_an_input(tmp_path: Path, same: str) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Привет.\n", encoding="utf-8")
    result = run_cli("tm", ["build", str(document), "-o", str(tmp_path / "m.tmx"), "--omegat-tmx", str(tmp_path / same)])
    assert result.returncode == 5 and "--omegat-tmx" in result.stderr
