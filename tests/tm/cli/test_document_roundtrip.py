"""Documents through the whole CLI: `tm pretranslate --copy-source` then `tm merge` gives back
the original (every visible character with its run formatting and link, the same blocks and
codes) for python-docx's and LibreOffice's DOCX, LibreOffice's ODT and HTML pages; with MT
(the tiny real argos model), LibreOffice opens every translated DOCX/ODT and its text is the
merged targets in document order; `tm translate DOC -o OUT [--tm]` does both steps in one."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from tests.support import sandbox_env
from tests.support.cli import run_cli
from tests.support.office import DELETED, FEATURE_HTML, HIDDEN, NEEDS_SOFFICE, SOFFICE, feature_docx, soffice_convert
from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat
from tests.support.writeback import same_blocks, soffice_text, visible_chars
from tm.documents import docx, odt, xliff
from tm.documents import html as html_reader
from tm.documents.model import Block
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
XLINK = "{http://www.w3.org/1999/xlink}href"
T = "{" + TEXT_NS + "}"

# Blocks that share an element: text around a nested list, a div with text around a p, pre lines.
SHARED_HTML = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Разделы</title></head><body>
<ul><li>Первый <b>пункт</b> списка<ul><li>Вложенный пункт.</li></ul>и его <i>окончание</i>.</li><li>Второй пункт.</li></ul>
<div>Текст перед абзацем.<p>Абзац внутри.</p>Текст после <a href="/x">абзаца</a>.</div>
<pre>
Первая строка кода.
  Вторая <b>строка</b>.<br>Третья строка.
</pre>
</body></html>
"""

READERS = {".docx": docx.read, ".odt": odt.read, ".html": html_reader.read}


def _blocks(path: Path) -> tuple[Block, ...]:
    return READERS[path.suffix](path.read_bytes(), path.name).blocks


_OdtChar = tuple[str, tuple[str, ...], str | None]


def _odt_walk(element: etree._Element, styles: tuple[str, ...], link: str | None, chars: list[_OdtChar]) -> None:
    if element.tag in (T + "p", T + "h", T + "span"):
        styles = (*styles, element.get(T + "style-name") or "")
    if element.tag == T + "a":
        link = element.get(XLINK)
    if element.tag == T + "s":
        chars.extend((" ", styles, link) for _ in range(int(element.get(T + "c") or 1)))
    chars.extend((ch, styles, link) for ch in element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _odt_walk(child, styles, link, chars)
        chars.extend((ch, styles, link) for ch in child.tail or "")


def odt_chars(data: bytes) -> dict[str, list[_OdtChar]]:
    """Per content.xml/styles.xml, every character with the style names of its paragraph and
    spans and its link (text:s as its spaces)."""
    result: dict[str, list[_OdtChar]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in ("content.xml", "styles.xml"):
            chars: list[_OdtChar] = []
            _odt_walk(etree.fromstring(archive.read(name)), (), None, chars)
            result[name] = chars
    return result


def html_chars(data: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """Every character of the page's body with the tags (and attributes) of its ancestors;
    white space collapsed as a browser shows it."""
    root = html.document_fromstring(data)
    chars: list[tuple[str, tuple[str, ...]]] = []

    def add(text: str | None, path: tuple[str, ...]) -> None:
        for ch in re.sub(r"\s+", " ", text or ""):
            if not (ch == " " and chars and chars[-1][0] == " "):
                chars.append((ch, path))

    def walk(element: etree._Element, path: tuple[str, ...]) -> None:
        path = (*path, f"{element.tag}{sorted(element.attrib.items())}")
        add(element.text, path)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, path)
            add(child.tail, path)

    body = root.find("body")
    assert body is not None
    walk(body, ())
    return chars


def _characters(path: Path) -> object:
    data = path.read_bytes()
    return {".docx": visible_chars, ".odt": odt_chars, ".html": html_chars}[path.suffix](data)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test documents: python-docx's feature DOCX, the HTML pages, and LibreOffice's
    DOCX and ODT of the feature page when soffice is installed."""
    folder = tmp_path_factory.mktemp("documents")
    page = folder / "page.html"
    page.write_text(FEATURE_HTML, "utf-8")
    shared = folder / "shared.html"
    shared.write_text(SHARED_HTML, "utf-8")
    found = {"python-docx": feature_docx(folder / "feature.docx"), "html": page, "html shared": shared}
    if SOFFICE is not None:
        found["LibreOffice docx"] = soffice_convert(page, "docx", folder / "lo-docx")
        found["LibreOffice odt"] = soffice_convert(page, "odt", folder / "lo-odt")
        found["LibreOffice odt of Word"] = soffice_convert(found["python-docx"], "odt", folder / "lo-word")
    return found


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return sandbox_env(tmp_path_factory.mktemp("home"))


def _tm(args: list[str], env: dict[str, str]) -> str:
    done = run_cli("tm", args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "name", ["python-docx", "html", "html shared", "LibreOffice docx", "LibreOffice odt", "LibreOffice odt of Word"]
)
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_copy_source_then_merge_is_the_original(
    name: str, version: str, documents: dict[str, Path], env: dict[str, str], tmp_path: Path
) -> None:
    if name not in documents:
        pytest.skip("LibreOffice (soffice) is not installed: its documents cannot be made")
    original = documents[name]
    xlf, out = tmp_path / "doc.xlf", tmp_path / f"out{original.suffix}"
    _tm(["pretranslate", str(original), "-o", str(xlf), "--copy-source", "--xliff", version], env)
    warnings = _tm(["merge", str(xlf), "-o", str(out)], env)
    assert "warning" not in warnings
    assert same_blocks(_blocks(original), _blocks(out)) == []
    assert _characters(out) == _characters(original)


def _pieces(block: Block) -> list[str]:
    """The block's text cut at its placeholders (what LibreOffice renders there is its own)."""
    cuts = sorted({c.offset for c in block.codes if c.kind == "placeholder"})
    bounds = [0, *cuts, len(block.text)]
    return [block.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _libreoffice_shows(blocks: tuple[Block, ...], text: str) -> None:
    """LibreOffice's text export is the blocks of the main text and tables, in order, one a
    line (a placeholder: the few characters LibreOffice writes for a note or field)."""
    text = re.sub(f"{DELETED} ?|{HIDDEN}", "", text)  # tracked deletions and hidden text: LibreOffice shows them
    shown = [b for b in blocks if b.part in ("body", "table", "list")]
    pattern = "\n".join(r"[\s\S]{0,3}?".join(re.escape(p) for p in _pieces(b)) for b in shown)
    assert re.fullmatch(pattern + "\n", text), (text, [b.text for b in shown])


def _targets(xlf: Path) -> list[str]:
    return [u.target.text for u in xliff.read(xlf.read_bytes(), xlf.name).blocks if u.target is not None]


def _in_order(targets: list[str], blocks: tuple[Block, ...]) -> None:
    """Every XLIFF target in the merged blocks' text, in order."""
    text, at = " ".join(b.text for b in blocks), 0
    for target in targets:
        found = text.find(target, at)
        assert found >= 0, (target, text[at : at + 200])
        at = found + len(target)


@pytest.mark.slow
@NEEDS_SOFFICE
@pytest.mark.parametrize("name", ["python-docx", "LibreOffice docx", "LibreOffice odt", "LibreOffice odt of Word"])
def test_machine_translated_documents_open_in_libreoffice(
    name: str, documents: dict[str, Path], env: dict[str, str], tiny_model: Path, tmp_path: Path
) -> None:
    original = documents[name]
    xlf, out = tmp_path / "doc.xlf", tmp_path / f"doc.en{original.suffix}"
    _tm(["pretranslate", str(original), "-o", str(xlf), "--model", str(tiny_model)], env)
    _tm(["merge", str(xlf), "-o", str(out)], env)
    merged = _blocks(out)
    assert [b.ref for b in merged] == [b.ref for b in _blocks(original)]
    _in_order(_targets(xlf), merged)
    _libreoffice_shows(merged, soffice_text(out))
    # tm translate does both steps in one: the same targets (from the translation cache).
    one_step = tmp_path / f"one{original.suffix}"
    _tm(["translate", str(original), "-o", str(one_step), "--model", str(tiny_model)], env)
    assert [b.text for b in _blocks(one_step)] == [b.text for b in merged]
    _libreoffice_shows(_blocks(one_step), soffice_text(one_step))


def test_translate_to_a_file_with_a_memory(
    documents: dict[str, Path], env: dict[str, str], tiny_model: Path, tmp_path: Path
) -> None:
    """`tm translate DOC.docx -o DOC.en.docx --tm M.tmx`: the memory's exact match lands in the
    output (a sentence with codes matches only a unit with the same codes, as in OmegaT: the
    table cells have none); MT fills the rest."""
    original = documents["python-docx"]
    memory = tmp_path / "m.tmx"
    write_tmx(memory, [TmxUnit("Казахстан", "Kazakhstan"), TmxUnit("Столица", "Capital")], TmxHeader())
    out = tmp_path / "feature.en.docx"
    _tm(["translate", str(original), "-o", str(out), "--tm", str(memory), "--model", str(tiny_model)], env)
    blocks = {b.ref: b for b in _blocks(out)}
    sources = {b.ref: b for b in _blocks(original)}
    assert blocks.keys() == sources.keys()
    by_source = {sources[ref].text: b.text for ref, b in blocks.items()}
    assert by_source["Казахстан"] == "Kazakhstan" and by_source["Столица"] == "Capital"
    assert sum(text != source for source, text in by_source.items()) == len(by_source)  # MT everywhere else


def _upper_targets(tmx: str) -> str:
    """A TMX whose targets are their sources with Cyrillic upper-cased (OmegaT's tags kept)."""

    def upper(match: re.Match[str]) -> str:
        return match.group(1) + re.sub(r"[а-яё]+", lambda m: m.group().upper(), match.group(2)) + match.group(3)

    return re.sub(r'(<tuv lang="en-US">\s*<seg>)(.*?)(</seg>)', upper, tmx, flags=re.S)


@pytest.mark.slow
@NEEDS_OMEGAT
def test_an_xliff_translated_in_omegat_merges(documents: dict[str, Path], env: dict[str, str], tmp_path: Path) -> None:
    """OmegaT 3.6 with our XLIFF 1.2 as its source file and a TMX in tm/auto (its own pseudo-
    translation TMX, targets changed) writes the translated XLIFF in target/; tm merge puts
    those targets, with every code, into the Word file."""
    original = documents["python-docx"]
    root = tmp_path / "project"
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    _tm(["pretranslate", str(original), "-o", str(root / "source" / "doc.xlf"), "--copy-source"], env)
    (root / "omegat.project").write_text(PROJECT.replace("<sentence_seg>true", "<sentence_seg>false"), encoding="utf-8")
    pseudo = tmp_path / "pseudo.tmx"
    run_omegat(root, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}", "--pseudotranslatetype=equal")
    (root / "tm" / "auto" / "upper.tmx").write_text(_upper_targets(pseudo.read_text("utf-8")), "utf-8")
    run_omegat(root, "--mode=console-translate")
    translated = root / "target" / "doc.xlf"
    out = tmp_path / "doc.en.docx"
    warnings = _tm(["merge", str(translated), "-o", str(out)], env)  # the skeleton's href holds from target/ too
    assert "warning" not in warnings
    sources, merged = _blocks(original), _blocks(out)
    assert [b.text for b in merged] == [b.text.upper() for b in sources]
    assert [[(c.kind, c.type, c.offset) for c in b.codes] for b in merged] == [
        [(c.kind, c.type, c.offset) for c in b.codes] for b in sources
    ]
