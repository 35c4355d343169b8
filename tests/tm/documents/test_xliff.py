"""The XLIFF reader on files as OmegaT, Okapi Tikal, memoQ and Trados write them (tests/data/xliff,
Russian text written for these tests): segments, ids, codes, targets, translate="no"."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.support import DATA, ROOT
from tm.core.errors import InputError
from tm.documents import xliff
from tm.documents.model import Block, StructuredDocument, check_block

FIXTURES = DATA / "xliff"
SCHEMAS = ROOT.parent / "shared" / "schemas"


def _read(name: str) -> StructuredDocument:
    document = xliff.read((FIXTURES / name).read_bytes(), name)
    for block in document.blocks:
        check_block(block)
        if block.target is not None:
            check_block(block.target)
    return document


def _by_ref(document: StructuredDocument) -> dict[str, Block]:
    return {block.ref: block for block in document.blocks}


def _spans(block: Block) -> list[tuple[str, str, str]]:
    """Each code as (kind, type, the text from it to the next code)."""
    result: list[tuple[str, str, str]] = []
    for index, code in enumerate(block.codes):
        end = block.codes[index + 1].offset if index + 1 < len(block.codes) else len(block.text)
        result.append((code.kind, code.type, block.text[code.offset : end]))
    return result


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_fixtures_are_valid_xliff(name: str) -> None:
    """The fixtures are what the specs allow (1.2 transitional, as the tools write; 2.0 core)."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"no schemas at {SCHEMAS}")
    document = etree.parse(str(FIXTURES / name))
    version_2 = document.getroot().tag.startswith(f"{{{xliff.NS_20}}}")
    schema = etree.XMLSchema(
        etree.parse(str(SCHEMAS / ("xliff_core_2.0.xsd" if version_2 else "xliff-core-1.2-transitional.xsd")))
    )
    assert schema.validate(document), schema.error_log


def test_okapi_segmented_units_are_read_per_mrk_with_their_targets() -> None:
    document = _read("okapi_tikal.xlf")
    assert (document.format, document.source_lang, document.target_lang) == ("xliff", "ru-RU", "en-US")
    blocks = _by_ref(document)
    assert list(blocks) == ["1/NFDBB2FA9-tu1/0", "1/NFDBB2FA9-tu1/1", "1/NFDBB2FA9-tu2/0", "1/NFDBB2FA9-tu3"]
    first = blocks["1/NFDBB2FA9-tu1/0"]
    assert first.text == "Министр Мухтар Тлеуберди провёл переговоры в Астане."
    assert first.lang == "ru-RU"
    assert _spans(first) == [
        ("open", "bold", "Мухтар Тлеуберди"),
        ("close", "bold", " провёл переговоры в Астане."),
        ("placeholder", "footnote", ""),
    ]
    assert first.codes[0].data == '<g id="1" ctype="x-bold">' and first.codes[1].data == "</g>"
    assert first.codes[2].data == '<x id="2" ctype="x-footnote"/>'
    assert first.target is not None and first.target.text == "Minister Mukhtar Tleuberdi held talks in Astana."
    assert [c.kind for c in first.target.codes] == ["open", "close", "placeholder"]
    assert blocks["1/NFDBB2FA9-tu1/1"].target is not None
    link = blocks["1/NFDBB2FA9-tu2/0"]
    assert _spans(link)[:2] == [("open", "link", "сайте министерства"), ("close", "link", ".")]  # bx/ex paired by rid
    assert link.target is None  # an empty target is no translation
    assert not blocks["1/NFDBB2FA9-tu3"].translate


def test_memoq_bpt_ept_ph_and_locked_segments() -> None:
    document = _read("memoq.mqxliff")
    assert (document.source_lang, document.target_lang) == ("ru", "en-us")
    blocks = _by_ref(document)
    first = blocks["1/1"]
    assert first.text == "Вопрос: как Казахстан привлекает инвестиции?"
    assert _spans(first)[0] == ("open", "bold", "Казахстан")
    assert first.codes[0].data == '<bpt id="1" ctype="bold">{}</bpt>' and first.codes[1].data == '<ept id="1">{}</ept>'
    assert first.target is not None and first.target.text.startswith("Question")
    second = blocks["1/2"]
    assert second.text == "Курс тенге составил  за доллар."  # xml:space="preserve": the spaces around the code stay
    assert second.codes[0].kind == "placeholder" and "mq:rxt" in second.codes[0].data
    assert second.target is None
    assert not blocks["1/3"].translate  # mq:locked="locked"


def test_trados_sdlxliff_segments_targets_and_locks() -> None:
    document = _read("trados.sdlxliff")
    assert (document.source_lang, document.target_lang) == ("ru-RU", "en-GB")
    blocks = _by_ref(document)
    assert list(blocks) == ["1/a1f3e2c0-0001/1", "1/a1f3e2c0-0001/2", "1/a1f3e2c0-0002/3"]  # the code-only unit has no text
    first = blocks["1/a1f3e2c0-0001/1"]
    assert first.text == "Президент подписал указ о реформе."
    assert [(c.kind, c.data) for c in first.codes] == [
        ("open", '<g id="pt1">'),
        ("close", "</g>"),
        ("placeholder", '<x id="pt2"/>'),
    ]
    assert first.target is not None and first.target.text == "The President signed a decree on the reform."
    assert blocks["1/a1f3e2c0-0001/2"].target is None
    locked = blocks["1/a1f3e2c0-0002/3"]
    assert not locked.translate and locked.target is not None  # sdl:seg locked="true"


def test_omegat_target_whitespace_groups_and_translate_no() -> None:
    blocks = _by_ref(_read("omegat_target.xlf"))
    first = blocks["1/1"]
    assert first.text == "Переговоры прошли в\xa0конструктивном ключе."  # white space collapsed, the no-break space kept
    assert _spans(first)[0] == ("open", "italic", "конструктивном")
    assert blocks["1/2"].codes[0].type == "break"
    assert not blocks["1/3"].translate  # from its group


def test_xliff_2_segments_original_data_and_codes() -> None:
    document = _read("okapi_20.xlf")
    assert (document.source_lang, document.target_lang) == ("ru", "en")
    blocks = _by_ref(document)
    assert list(blocks) == ["f1/u1/s1", "f1/u1/s2", "f1/u2", "f1/u3"]
    first = blocks["f1/u1/s1"]
    assert first.text == "Визит Токаева в Москву завершился."
    assert [(c.kind, c.type, c.data) for c in first.codes] == [
        ("open", "bold", "<b>"),
        ("close", "bold", "</b>"),
        ("placeholder", "break", "<br/>"),
    ]
    assert first.target is not None and first.target.text == "Tokayev's visit to Moscow is over."
    second = blocks["f1/u1/s2"]
    assert second.text == "Текст есть на сайте МИД и в прессе."  # mrk and sm/em are text, not codes
    assert _spans(second)[0] == ("open", "link", "сайте МИД")
    assert second.codes[0].data == '<a href="https://mfa.gov.kz">'
    assert not blocks["f1/u2"].translate
    assert blocks["f1/u3"].target is None


def test_overlapping_and_isolated_pairs_become_placeholders() -> None:
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru"><file id="f"><unit id="u">'
        '<segment><source><sc id="1"/>Один <sc id="2"/>два<ec startRef="1"/> три<ec startRef="2"/> и <ec id="9" isolated="yes"/>'
        "четыре</source></segment></unit></file></xliff>"
    ).encode()
    (block,) = xliff.read(data, "x.xlf").blocks
    check_block(block)
    assert block.text == "Один два три и четыре"
    # the first span crosses the second: it alone becomes two placeholders; the lone end is one
    assert [c.kind for c in block.codes] == ["placeholder", "open", "placeholder", "close", "placeholder"]


def test_ids_with_slashes_are_escaped() -> None:
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a" source-language="ru">'
        '<body><trans-unit id="menu/file%1"><source>Файл</source></trans-unit></body></file></xliff>'
    ).encode()
    assert xliff.read(data, "x.xlf").blocks[0].ref == "1/menu%2Ffile%251"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', "not an XLIFF file"),
        (b'<xliff version="1.2"><file/></xliff>', "not an XLIFF file"),
        (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"><file>', "not a well-formed XLIFF file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body><trans-unit id="1">'
            b"<source>&e;</source></trans-unit></body></file></xliff>",
            "document type declaration",
        ),
    ],
    ids=["tmx", "no namespace", "truncated", "xxe"],
)
def test_bad_input_is_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        xliff.read(data, "bad.xlf")
    message = str(caught.value)
    assert message.startswith("bad.xlf: ") and reason in message and "\n" not in message
    assert "root:" not in message
