from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.support import DATA
from tm.core.langcodes import normalize_code
from tm.memory.tmx import XML_LANG, TmxHeader, TmxUnit, TmxWriter, read_tmx, write_tmx

DTD = etree.DTD(str(DATA / "tmx14.dtd"))


def valid(path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    return tree


def test_header_and_units_follow_tmx_14b(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    unit = TmxUnit("Привет.", "Hello.", props=[("x-document", "a.txt")], source_props=[("x-context-pre", "До.")])
    write_tmx(path, [unit], TmxHeader("ru", "en-GB", creationid="tester"))
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')  # no BOM
    tree = valid(path)
    header = tree.find("header")
    for attribute in ("creationtool", "creationtoolversion", "o-tmf", "adminlang", "creationdate"):
        assert header.get(attribute)
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    assert header.get("srclang") == "ru"
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tu = tree.find("body/tu")
    assert tu.get("tuid") and tu.get("creationid") == "tester"
    assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("creationdate"))
    assert [tuv.get(XML_LANG) for tuv in tu.iterfind("tuv")] == ["ru", "en-GB"]
    assert all(p.get("type").startswith("x-") for p in tree.iter("prop"))


def test_markup_round_trips_and_forbidden_characters_go(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    write_tmx(path, [TmxUnit("Тег <b> & «A&B»\x0b\x1f.", 'Tag <b> & "A&B"\ufffe.')], TmxHeader())
    valid(path)
    [unit] = list(read_tmx(path))
    assert (unit.source, unit.target) == ("Тег <b> & «A&B».", 'Tag <b> & "A&B".')


def test_exact_duplicate_pairs_are_written_once_and_tuids_are_stable(tmp_path: Path) -> None:
    units = [TmxUnit("Да.", "Yes."), TmxUnit("Да. ", "Yes."), TmxUnit("Да.", "Yeah.")]
    first, second = tmp_path / "1.tmx", tmp_path / "2.tmx"
    assert write_tmx(first, units, TmxHeader()) == 2
    write_tmx(second, units[::-1], TmxHeader())
    assert {u.tuid for u in read_tmx(first)} == {u.tuid for u in read_tmx(second)}


def test_long_segments_are_counted(tmp_path: Path) -> None:
    with TmxWriter(tmp_path / "m.tmx", TmxHeader()) as writer:
        writer.write(TmxUnit("Я" * 2001, "I"))
        writer.write(TmxUnit("Я", "I"))
    assert writer.long_segments == 1


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_text("old", encoding="utf-8")

    def units():
        yield TmxUnit("Один.", "One.")
        raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError):
        write_tmx(path, units(), TmxHeader())
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


def test_reader_streams_a_large_file_without_keeping_elements(tmp_path: Path) -> None:
    path = tmp_path / "big.tmx"
    write_tmx(path, (TmxUnit(f"Предложение {i}.", f"Sentence {i}.") for i in range(20000)), TmxHeader())
    count = sum(1 for _ in read_tmx(path))
    assert count == 20000


def test_translate_toolkit_reads_the_same_pairs(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    units = [TmxUnit("Первое <x> & предложение.", "First <x> & sentence."), TmxUnit("Второе.", "Second.")]
    path = tmp_path / "m.tmx"
    write_tmx(path, units, TmxHeader("ru-RU", "en-US"))
    with open(path, "rb") as handle:
        store = tmxfile(handle, sourcelanguage="ru-RU", targetlanguage="en-US")
    assert [(u.source, u.target) for u in store.units] == [(u.source, u.target) for u in units]


@pytest.mark.parametrize("code, expected", [("ru", "ru"), ("ru-ru", "ru-RU"), ("EN-us", "en-US"), ("sr-latn-rs", "sr-Latn-RS")])
def test_language_codes_are_normalised(code: str, expected: str) -> None:
    assert normalize_code(code) == expected


@pytest.mark.parametrize("code", ["*all*", "russian", "ru_RU", "", "r"])
def test_invalid_language_codes_are_rejected(code: str) -> None:
    with pytest.raises(ValueError, match="invalid language code"):
        normalize_code(code)


CODES_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY r "Россия">]>
<tmx version="1.4"><header srclang="ru-RU" creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="html"/><body>
<tu tuid="u1"><tuv xml:lang="ru-RU"><seg>Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>здесь<ept i="1">&lt;/b&gt;</ept>,\
<ph x="2">&lt;br/&gt;</ph> <it pos="begin">&lt;i&gt;</it>и <hi type="x-b">тут<ph/></hi><ut>{u}</ut>\
<bpt i="2">&lt;a title="<sub>сноска</sub>"&gt;</bpt>.<!-- a comment --></seg></tuv>
<tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu><tuv xml:lang="ru-RU"><seg>&r; и &amp;r;&#x21;</seg></tuv><tuv xml:lang="en-US"><seg>Russia and &amp;r;!</seg></tuv></tu>
</body></tmx>
"""


def test_inline_codes_are_kept_as_codes_and_the_plain_text_has_none(tmp_path: Path) -> None:
    source = tmp_path / "codes.tmx"
    source.write_text(CODES_TMX, encoding="utf-8")
    units = list(read_tmx(source))
    assert (units[0].source, units[0].target) == ("Нажмите здесь, и тут.", "Click here.")
    assert units[0].source_markup.startswith('Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>здесь<ept i="1">')
    assert "comment" not in units[0].source_markup
    out = tmp_path / "out.tmx"
    assert write_tmx(out, units, TmxHeader()) == 2
    seg = valid(out).find("body/tu/tuv/seg")
    assert [e.tag for e in seg.iter()] == ["seg", "bpt", "ept", "ph", "it", "hi", "ph", "ut", "bpt", "sub"]
    assert seg.find("bpt").text == "<b>" and seg.find("bpt/sub").text == "сноска" and seg.find("hi").get("type") == "x-b"
    again = list(read_tmx(out))
    assert [(u.source, u.target, u.source_markup, u.target_markup) for u in again] == [
        (u.source, u.target, u.source_markup, u.target_markup) for u in units
    ]


def test_declared_entities_are_expanded_and_text_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "codes.tmx"
    source.write_text(CODES_TMX, encoding="utf-8")
    unit = list(read_tmx(source))[1]
    assert (unit.source, unit.target, unit.source_markup) == ("Россия и &r;!", "Russia and &r;!", None)
    out = tmp_path / "out.tmx"
    write_tmx(out, [unit], TmxHeader())
    assert "<seg>Россия и &amp;r;!</seg>" in out.read_text(encoding="utf-8")
    assert [(u.source, u.target) for u in read_tmx(out)] == [(unit.source, unit.target)]


def test_codes_the_dtd_does_not_allow_become_valid_ones(tmp_path: Path) -> None:
    source = tmp_path / "odd.tmx"
    source.write_text(
        CODES_TMX.replace(
            "Russia and &amp;r;!", 'A<bpt>x</bpt><it pos="middle">y</it><b k="1">c<ph>z</ph></b><sub>s</sub><ph><hi>h</hi></ph>'
        ),
        encoding="utf-8",
    )
    unit = list(read_tmx(source))[1]
    assert unit.target == "Acs"
    assert unit.target_markup == "A<ph>x</ph><ph>y</ph>c<ph>z</ph>s<ph>h</ph>"
    write_tmx(tmp_path / "out.tmx", [unit], TmxHeader())
    valid(tmp_path / "out.tmx")


def test_units_that_differ_only_in_codes_are_both_kept(tmp_path: Path) -> None:
    plain = TmxUnit("Нажмите здесь.", "Click here.")
    bold = TmxUnit(
        "Нажмите здесь.",
        "Click here.",
        source_markup="Нажмите <ph>&lt;b/&gt;</ph>здесь.",
        target_markup="Click <ph>&lt;b/&gt;</ph>here.",
    )
    italic = TmxUnit(
        "Нажмите здесь.",
        "Click here.",
        source_markup="Нажмите <ph>&lt;i/&gt;</ph>здесь.",
        target_markup="Click <ph>&lt;i/&gt;</ph>here.",
    )
    assert write_tmx(tmp_path / "m.tmx", [plain, bold, italic, bold, plain], TmxHeader()) == 3
    valid(tmp_path / "m.tmx")


@pytest.mark.parametrize(
    "subset, reference",
    [
        (
            '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)),
            "&j;",
        ),
        ('<!ENTITY a "' + "x" * 50_000 + '">', "&a;" * 50_000),
        ('<!ENTITY e SYSTEM "file:///etc/hostname">', "&e;"),
    ],
)
def test_entity_attacks_are_refused(tmp_path: Path, subset: str, reference: str) -> None:
    from tm.core.errors import TmxError

    path = tmp_path / "attack.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [{subset}]><tmx version="1.4"><header srclang="ru"/><body>'
        f'<tu><tuv xml:lang="ru"><seg>{reference}</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    # Refused while the header is read or while the units are: which depends on how much of
    # the file lxml buffers before its first event (lxml 6.2 reads this small file whole).
    with pytest.raises(TmxError, match="attack.tmx: not a (?:valid|readable) TMX file"):
        list(read_tmx(path))


def test_the_reader_and_pick_segs_make_one_choice() -> None:
    """The reader's unit and `pick_segs` come from one choice of `<tuv>`s (tmx._pick): a
    source `<tuv>` without a `<seg>` is passed over (its props with it), a later target
    changes nothing, and a unit's props are read wherever they stand."""
    from tm.memory.tmx import _unit_from_element, pick_segs

    tu = etree.fromstring(
        '<tu tuid="a"><prop type="x-Origin">Alignment</prop><tuv xml:lang="ru"><prop type="p">0</prop></tuv>'
        '<tuv xml:lang="ru-RU"><prop type="p">1</prop><seg>Да <hi>вот</hi>.</seg></tuv><tuv xml:lang="de"><seg>Ja.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Yes.</seg></tuv><prop type="late">x</prop></tu>'
    )
    unit = _unit_from_element(tu, "ru", None)
    assert unit is not None and (unit.source, unit.target) == ("Да вот.", "Ja.")
    assert unit.props == [("x-Origin", "Alignment"), ("late", "x")] and unit.source_props == [("p", "1")]
    picked = pick_segs(tu, "ru", "en")
    assert picked is not None and [s.xpath("string()") for s in picked] == ["Да вот.", "Yes."]
    assert _unit_from_element(tu, "ru", "fr") is None and pick_segs(tu, "ru", "fr") is None


# The reader's markup as the TMX DTD defines it, written as the plain recursion it replaced
# (one walk of the element, `inline_pieces`, now makes it for the reader and tm review).
_CODE_ATTRS = {"bpt": ("i", "x", "type"), "ept": ("i",), "it": ("pos", "x", "type"), "ph": ("x", "assoc", "type"), "ut": ("x",)}
_TEXT_ATTRS = {"hi": ("x", "type"), "sub": ("datatype", "type")}


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _reference_markup(element: etree._Element, in_code: bool) -> str:
    out = [_escaped(element.text or "")]
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            if not in_code and tag in _CODE_ATTRS:
                required = {"bpt": "i", "ept": "i", "it": "pos"}
                if (tag in required and child.get(required[tag]) is None) or (
                    tag == "it" and child.get("pos") not in ("begin", "end")
                ):
                    tag = "ph"
                out.append(_reference_wrapped(child, tag, _CODE_ATTRS[tag], in_code=True))
            elif (tag == "hi" and not in_code) or (tag == "sub" and in_code):
                out.append(_reference_wrapped(child, tag, _TEXT_ATTRS[tag], in_code=False))
            else:
                out.append(_reference_markup(child, in_code))
        out.append(_escaped(child.tail or ""))
    return "".join(out)


def _reference_wrapped(element: etree._Element, tag: str, attributes: tuple[str, ...], in_code: bool) -> str:
    def attr(value: str) -> str:
        return _escaped(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")

    kept = "".join(f' {n}="{attr(element.get(n) or "")}"' for n in attributes if element.get(n) is not None)
    inner = _reference_markup(element, in_code)
    return f"<{tag}{kept}>{inner}</{tag}>" if inner else f"<{tag}{kept}/>"


def _reference_plain(element: etree._Element) -> str:
    out = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _CODE_ATTRS:
            out.append(_reference_plain(child))
        out.append(child.tail or "")
    return "".join(out)


def test_the_one_seg_walk_gives_the_dtds_markup_and_the_plain_text() -> None:
    """`seg_content` (from `inline_pieces`) on generated `<seg>`s of every inline element,
    nested, with attributes the DTD gives and does not give, comments, processing
    instructions, empty elements: the recursive definition's text and markup."""
    import random

    from tm.memory.tmx import seg_content

    rng = random.Random(5)
    tags = ["bpt", "ept", "it", "ph", "ut", "hi", "sub", "foo"]
    attributes = ["i='1'", "x='2'", "type='b&amp;\"\t'", "pos='begin'", "pos='end'", "pos='mid'", "assoc='p'", "datatype='x'"]
    texts = ["", "a", "&lt;b&gt;", " ", "&#13;", "x&amp;y", "<!-- c -->", "<?pi d?>", "{1}"]

    def content(depth: int) -> str:
        out = [rng.choice(texts)]
        for _ in range(rng.randint(0, 3)):
            if depth < 4 and rng.random() < 0.7:
                tag = rng.choice(tags)
                chosen = {a.split("=")[0]: a for a in rng.sample(attributes, rng.randint(0, 3))}
                attrs = " ".join(chosen.values())
                out.append(f"<{tag} {attrs}>{content(depth + 1)}</{tag}>" if rng.random() < 0.8 else f"<{tag} {attrs}/>")
            out.append(rng.choice(texts))
        return "".join(out)

    for _ in range(3000):
        seg = etree.fromstring(f"<seg>{content(0)}</seg>".encode())
        markup = _reference_markup(seg, in_code=False)
        expected = (seg.text or "", None) if len(seg) == 0 else (_reference_plain(seg), markup if "<" in markup else None)
        assert seg_content(seg) == expected, etree.tostring(seg)
