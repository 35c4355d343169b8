"""The XLIFF writer (tm/documents/xliff_write.py): every file it writes validates against the
XLIFF 1.2 strict schema or the 2.0 core and matches schemas (../shared/schemas, imports resolved
there only: never the network), and the XLIFF reader reads back its sources, codes and targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.support import ROOT
from tests.support.office import feature_docx
from tm.documents import xliff
from tm.documents.model import Code, check_block
from tm.documents.xliff_write import COPY, EXACT, MT, Candidate, Group, Skeleton, Unit, read_skeleton, write_xliff

SCHEMAS = ROOT.parent / "shared" / "schemas"
NEEDS_SCHEMAS = pytest.mark.skipif(not SCHEMAS.is_dir(), reason=f"no XLIFF schemas at {SCHEMAS}")
SCHEMA_FILES = {"1.2": "xliff-core-1.2-strict.xsd", "2.0": "xliff_matches_2.0.xsd"}  # matches imports core


class _LocalSchemas(etree.Resolver):
    """Schema imports from ../shared/schemas only: an import from anywhere else fails the test."""

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        path = SCHEMAS / Path(url).name
        if path.is_file():
            return self.resolve_filename(str(path), context)
        raise AssertionError(f"a schema import outside {SCHEMAS}: {url}")


_CACHE: dict[str, Any] = {}


def schema(version: str) -> Any:
    if version not in _CACHE:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        parser.resolvers.add(_LocalSchemas())
        _CACHE[version] = etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[version]), parser))
    return _CACHE[version]


def assert_valid(data: bytes, version: str) -> None:
    """`data` validates against the version's schema (skipped without the schemas)."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"no XLIFF schemas at {SCHEMAS}")
    checker = schema(version)
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False)).getroottree()
    assert checker.validate(document), checker.error_log


SKELETON = Skeleton("report.docx", "report.docx", "ab" * 32, "docx")
BOLD_OPEN, BOLD_CLOSE = Code("open", 1, 4, "bold", "<w:b/>"), Code("close", 1, 10, "bold", "</w:b>")
UNITS = (
    Unit(
        "1.1",
        "Это жирный текст.",
        (BOLD_OPEN, BOLD_CLOSE, Code("placeholder", 2, 17, "footnote", "<w:footnoteReference/>")),
        "This bold text.",
        (Code("open", 1, 5, "bold", "<w:b/>"), Code("close", 1, 9, "bold", "</w:b>"), Code("placeholder", 2, 15, "footnote")),
        MT,
        candidates=(
            Candidate("This bold text.", (), "tiny-model", "mt", own=True),
            Candidate("This is text.", (), "memory.tmx", "tm", 82),
        ),
    ),
    Unit(
        "1.2",
        "Начало <ссылки.",
        (Code("open", 3, 7, "link", '<a href="x">'),),
        "Start of a link.",
        (Code("open", 3, 6, "link"),),
        EXACT,
    ),
    Unit("2.1", "Конец.", (Code("close", 3, 5, "link", "</a>"),), "Конец.", (Code("close", 3, 5, "link"),), COPY),
)
GROUPS = [Group(1, "word/document.xml#p1", UNITS[:2]), Group(2, "word/document.xml#p2", UNITS[2:])]


@NEEDS_SCHEMAS
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_written_xliff_validates_and_reads_back(version: str) -> None:
    data = write_xliff(version, SKELETON, GROUPS)
    assert_valid(data, version)
    document = xliff.read(data, "x.xlf")
    assert [b.ref.split("/")[1] for b in document.blocks] == ["1.1", "1.2", "2.1"]
    assert [b.text for b in document.blocks] == [u.source for u in UNITS]
    first = document.blocks[0]
    # 2.0 has no type for a footnote reference: it reads back as "other"
    footnote = "footnote" if version == "1.2" else "other"
    assert [(c.kind, c.type, c.offset) for c in first.codes] == [
        ("open", "bold", 4),
        ("close", "bold", 10),
        ("placeholder", footnote, 17),
    ]
    assert first.target is not None and first.target.text == "This bold text."
    for block in document.blocks:
        check_block(block)
    skeleton = read_skeleton(data, "x.xlf")
    assert (skeleton.href, skeleton.sha256, skeleton.format) == ("report.docx", "ab" * 32, "docx")


def test_states_follow_the_field_conventions() -> None:
    one = write_xliff("1.2", SKELETON, GROUPS).decode()
    assert 'state="needs-review-translation" state-qualifier="leveraged-mt"' in one
    assert 'state="translated" state-qualifier="exact-match"' in one
    assert '<alt-trans match-quality="82" origin="memory.tmx">' in one
    assert one.count("<alt-trans") == 1  # the target's own origin is its state, not an alternative
    assert '<bx id="3" ctype="link"/>' in one and '<ex id="3"/>' in one
    two = write_xliff("2.0", SKELETON, GROUPS).decode()
    assert 'state="initial" subState="diplotm:mt"' in two and 'subState="diplotm:exact"' in two
    assert '<mtc:match id="m1" ref="#s1" type="mt" origin="tiny-model">' in two
    assert 'type="tm" origin="memory.tmx" similarity="82"' in two
    assert '<sc isolated="yes" id="3" type="link" dataRef="d3"/>' in two
    assert '<data id="d1">&lt;w:b/&gt;</data>' in two


@NEEDS_SCHEMAS
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_pretranslated_docx_html_and_text_validate(version: str, tmp_path: Path) -> None:
    from tm.memory.pretranslate import PretranslateOptions, pretranslate

    html = tmp_path / "page.html"
    html.write_text('<html lang="ru"><body><p>Это <b>жирный. Текст</b> и <a href="x">ссылка</a>.</p></body></html>', "utf-8")
    text = tmp_path / "note.txt"
    text.write_text("Первое предложение. Второе.\n\nТретье.\n", "utf-8")
    for document in (feature_docx(tmp_path / "feature.docx"), html, text):
        out = tmp_path / f"{document.name}.xlf"
        pretranslate(str(document), out, None, None, PretranslateOptions(version, copy_source=True))
        assert_valid(out.read_bytes(), version)
