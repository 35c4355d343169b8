from __future__ import annotations

import csv
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from glossary.entries import Context, Entry, Glossary, Term
from glossary.formats import read_glossary, write_glossary
from glossary.formats.po import import_review
from tests.support import DATA
from tm.core.errors import UsageError


def small_glossary() -> Glossary:
    """Awkward content on purpose: commas, quotes, a tab, a line break, markup, ё."""
    return Glossary(
        [
            Entry(
                "t1",
                [
                    Term("ЕАЭС", "ru", "acronym", status="approved", variants=["ЕАЭС"]),
                    Term(
                        "Евразийский экономический союз",
                        "ru",
                        "fullForm",
                        status="approved",
                        variants=["Евразийского экономического союза"],
                    ),
                    Term("EAEU", "en", "acronym", status="approved", confidence=1.0, origin="reference"),
                    Term("Eurasian Economic Union", "en", "fullForm", status="approved", confidence=1.0, origin="reference"),
                ],
                3,
                12.5,
                [Context('Договор о ЕАЭС, "десять лет", <b> & всё.', 'The "EAEU" treaty, <b> & all.', "a.txt", "abc123")],
                [("a.txt", "abc123"), ("b c.txt", "def456")],
            ),
            Entry(
                "t2",
                [
                    Term("товарооборот", "ru", status="proposed", variants=["товарооборот", "товарооборота"]),
                    Term("trade, turnover", "en", status="proposed", confidence=0.3, origin="mt"),
                ],
                2,
                4.0,
                [
                    Context("Наш товарооборот растёт.", "Our trade grows.", "b c.txt", "def456"),
                    Context("Товарооборот вырос.", "", "b c.txt", "0f0f"),
                ],
                [("b c.txt", "def456"), ("b c.txt", "0f0f")],
            ),
        ]
    )


@pytest.mark.parametrize("name", ["g.tbx", "g.csv", "g.tsv", "g.po"])
def test_lossless_round_trip(tmp_path: Path, name: str) -> None:
    glossary = small_glossary()
    write_glossary(glossary, tmp_path / name)
    assert read_glossary(tmp_path / name).entries == glossary.entries


def test_tbx_v3_round_trips_and_validates_against_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path, tbx_version=3)
    schema = etree.RelaxNG(etree.parse(str(DATA / "TBXcoreStructV03.rng")))
    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log.last_error
    root = tree.getroot()
    assert (etree.QName(root).localname, root.get("type"), root.get("style")) == ("tbx", "TBX-Basic", "dct")
    assert read_glossary(path).entries == small_glossary().entries


def test_default_tbx_is_the_2008_form_translate_toolkit_reads(tmp_path: Path) -> None:
    from translate.storage.tbx import tbxfile

    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.find("text/body/termEntry/langSet/tig/term") is not None
    store = tbxfile.parsefile(str(path))
    assert [(u.source, u.target) for u in store.units] == [("ЕАЭС", "EAEU"), ("товарооборот", "trade, turnover")]
    statuses = etree.parse(str(path)).xpath("//termNote[@type='administrativeStatus']/text()")
    assert set(statuses) == {"preferredTerm-admn-sts", "admittedTerm-admn-sts"}


def test_tbx_to_csv_to_tsv_to_tbx(tmp_path: Path) -> None:
    write_glossary(small_glossary(), tmp_path / "a.tbx")
    chain = ["a.tbx", "b.csv", "c.tsv", "d.tbx"]
    for source, target in zip(chain, chain[1:], strict=False):
        write_glossary(read_glossary(tmp_path / source), tmp_path / target)
    assert read_glossary(tmp_path / "d.tbx").entries == small_glossary().entries


def test_csv_is_rfc4180_with_locale_columns(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    write_glossary(small_glossary(), path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert list(rows[0])[:3] == ["id", "ru-RU", "en-US"]
    assert [(r["ru-RU"], r["en-US"]) for r in rows] == [
        ("ЕАЭС", "EAEU"),
        ("Евразийский экономический союз", "Eurasian Economic Union"),
        ("товарооборот", "trade, turnover"),
    ]


def test_omegat_glossary_has_three_clean_columns(tmp_path: Path) -> None:
    glossary = small_glossary()
    glossary.entries[1].terms[1].text = "trade\tturn\nover"
    path = tmp_path / "glossary.utf8"
    write_glossary(glossary, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["ЕАЭС", "EAEU"],
        ["Евразийский экономический союз", "Eurasian Economic Union"],
        ["товарооборот", "trade turn over"],
    ]
    assert all(line.count("\t") == 2 for line in lines)
    assert "approved" in lines[0].split("\t")[2]
    back = read_glossary(path)
    assert [(t.text, t.status) for e in back.entries for t in e.terms][:2] == [("ЕАЭС", "approved"), ("EAEU", "approved")]


def test_po_marks_proposed_fuzzy_and_review_comes_back(tmp_path: Path) -> None:
    glossary = small_glossary()
    po_path = tmp_path / "review.po"
    write_glossary(glossary, po_path)
    po = polib.pofile(str(po_path))
    assert [(m.msgid, m.msgstr, "fuzzy" in m.flags) for m in po] == [
        ("ЕАЭС", "EAEU", False),
        ("Евразийский экономический союз", "Eurasian Economic Union", False),
        ("товарооборот", "trade, turnover", True),
    ]
    assert any("Наш товарооборот растёт." in line for line in po[2].comment.splitlines())

    # The reviewer fixes the translation and un-fuzzies it.
    po[2].msgstr = "trade turnover"
    po[2].flags.remove("fuzzy")
    po.save(str(po_path))
    result = import_review(glossary, po_path)
    assert (result.approved, result.edited) == (1, 1)
    english = glossary.entries[1].terms_in("en")[0]
    assert (english.text, english.status, english.origin, english.confidence) == ("trade turnover", "approved", "review", 1.0)
    # nothing else changed
    untouched = small_glossary()
    assert glossary.entries[0] == untouched.entries[0]
    assert glossary.entries[1].contexts == untouched.entries[1].contexts
    assert glossary.entries[1].sources == untouched.entries[1].sources


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    from glossary.errors import GlossaryError

    with pytest.raises(UsageError, match="unknown glossary format"):
        write_glossary(small_glossary(), tmp_path / "g.xlsx")
    with pytest.raises(GlossaryError, match="no such glossary file"):
        read_glossary(tmp_path / "missing.tbx")


# --- PO: contexts and locations survive; reviews apply only where they agree (issue 14) ---


@given(st.text(alphabet=st.sampled_from(list("%→\n\r 0AD25E86920aé@#")), max_size=30))
def test_po_context_text_and_location_encodings_round_trip(text: str) -> None:
    from glossary.formats.po import _decode_text, _encode_text, _quote, _unquote

    encoded = _encode_text(text)
    assert _decode_text(encoded) == text and "\n" not in encoded and "\r" not in encoded and "→" not in encoded
    quoted = _quote(text)
    assert _unquote(quoted) == text and not any(c.isspace() for c in quoted)


def test_po_keeps_a_plain_percent_readable(tmp_path: Path) -> None:
    from glossary.formats.po import _encode_text

    assert _encode_text("рост на 5% за год") == "рост на 5% за год"


def test_po_round_trip_of_awkward_contexts_and_document_names(tmp_path: Path) -> None:
    glossary = Glossary(
        [
            Entry(
                "t#1",
                [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym")],
                contexts=[Context("A → B\nC @ D 5% %0A", "x → y", "dir @ x/отчёт\n2.txt", "u1")],
                sources=[("отчёт\n2.txt", "u1"), ("a\tb c%.txt", "u2")],
            )
        ]
    )
    write_glossary(glossary, tmp_path / "g.po")
    assert read_glossary(tmp_path / "g.po").entries == glossary.entries


def _review_po(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_import_review_ignores_obsolete_messages(tmp_path: Path) -> None:
    glossary = small_glossary()
    po = _review_po(tmp_path / "r.po", '#~ msgctxt "t2#0"\n#~ msgid "товарооборот"\n#~ msgstr "trade"\n')
    result = import_review(glossary, po)
    assert (result.obsolete, result.approved, result.edited) == (1, 0, 0)
    assert glossary.entries == small_glossary().entries


def test_import_review_applies_only_where_msgctxt_and_msgid_agree(tmp_path: Path) -> None:
    glossary = small_glossary()
    po = _review_po(
        tmp_path / "r.po",
        'msgctxt "t2#0"\nmsgid "ЕАЭС"\nmsgstr "moved"\n\n'
        'msgctxt "t2#0x"\nmsgid "товарооборот"\nmsgstr "trade"\n\n'
        'msgctxt "t1#1"\nmsgid "Евразийский экономический союз"\nmsgstr "EEU"\n',
    )
    result = import_review(glossary, po)
    assert len(result.mismatched) == 1 and "r.po:1: t2#0 is 'товарооборот' in the glossary, not 'ЕАЭС'" in result.mismatched[0]
    assert result.unknown == 1 and (result.edited, result.approved) == (1, 0)
    assert glossary.entries[1] == small_glossary().entries[1]
    assert glossary.entries[0].terms_in("en")[1].text == "EEU"


def test_a_live_message_may_repeat_an_obsolete_one(tmp_path: Path) -> None:
    po = _review_po(
        tmp_path / "r.po", 'msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n\n#~ msgctxt "t1#0"\n#~ msgid "ЕАЭС"\n#~ msgstr "old"\n'
    )
    assert [t.text for e in read_glossary(po).entries for t in e.terms] == ["ЕАЭС", "EAEU"]


# --- control characters XML forbids: refused by every reader, naming the line ---


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("g.csv", "id,ru-RU,en-US\r\nt1,ЕАЭС,EA\x01EU\r\n", "g.csv:2"),
        ("g.tsv", "id\tru-RU\ten-US\nt0\tОДКБ\tCSTO\nt1\tЕА\x0cЭС\tEAEU\n", "g.tsv:3"),
        ("g.txt", "ОДКБ\tCSTO\nЕАЭС\tEAEU\tstatus: approved\x1f\n", "g.txt:2"),
        ("g.po", 'msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n#. context: \x08\n', "g.po:4"),
        ("g.po", 'msgctxt "t1#0"\nmsgid "ЕА\\fЭС"\nmsgstr "EAEU"\n', "g.po:1"),
    ],
)
def test_control_characters_are_refused_at_read(tmp_path: Path, name: str, content: str, where: str) -> None:
    from glossary.errors import GlossaryError

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=f"^{tmp_path / where}: .*control character U\\+00"):
        read_glossary(tmp_path / name)


def test_the_tbx_writer_names_an_entry_xml_cannot_hold(tmp_path: Path) -> None:
    from glossary.errors import GlossaryError

    with pytest.raises(GlossaryError, match="entry 't1': holds a control character"):
        write_glossary(Glossary([Entry("t1", [Term("ЕА\x07ЭС", "ru")])]), tmp_path / "g.tbx")
    assert list(tmp_path.iterdir()) == []


# --- which existing files a glossary command may replace ---


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("a.txt", "Статья о ЕАЭС.\nВторая строка.\n", "line 1 is not 2 or 3 tab-separated columns"),
        ("a.txt", "date\tnote\n2024\tcall\n", "no line pairs a Russian term"),
        ("a.txt", b"\xff\xfe", "not UTF-8 text"),
        ("a.csv", "a,b\n1,2\n", "no ru-RU and en-US columns"),
        ("a.csv", "id,ru-RU,en-US\nt1,ЕАЭС,\n", "no row pairs a ru-RU term with an en-US one"),
        ("a.csv", "id,ru-RU,en-US\nt1,ЕАЭС,EAEU,x\n", "line 2 has 4 cells"),
        ("a.tsv", "ru-RU,en-US\nЕАЭС,EAEU\n", "no ru-RU and en-US columns"),
        ("a.tbx", "not xml", "not XML"),
        ("a.tbx", "<tmx version='1.4'/>", "its root element is <tmx>"),
        ("a.po", "hello\n", "malformed PO line"),
        ("a.po", 'msgid "x"\nmsgstr "y"\n', "no message has a msgctxt ID#N"),
    ],
)
def test_what_is_not_a_glossary(tmp_path: Path, name: str, content: str | bytes, problem: str) -> None:
    from glossary.formats import detect
    from glossary.targets import why_not_a_glossary

    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    found = why_not_a_glossary(path, detect(path))
    assert found is not None and problem in found


@pytest.mark.parametrize("name", ["g.tbx", "g.csv", "g.tsv", "g.txt", "g.utf8", "g.po"])
def test_every_glossary_the_tool_writes_is_a_glossary(tmp_path: Path, name: str) -> None:
    from glossary.formats import detect
    from glossary.targets import why_not_a_glossary

    write_glossary(small_glossary(), tmp_path / name)
    assert why_not_a_glossary(tmp_path / name, detect(tmp_path / name)) is None


def test_plan_target_keeps_an_existing_tbx_version_and_allows_an_empty_file(tmp_path: Path) -> None:
    from glossary.targets import plan_target
    from tm.core.errors import OutputError

    write_glossary(small_glossary(), tmp_path / "v3.tbx", tbx_version=3)
    assert plan_target(tmp_path / "v3.tbx").format == "tbx3"
    assert plan_target(tmp_path / "v3.tbx", 2).format == "tbx"
    (tmp_path / "empty.txt").write_bytes(b"")
    assert plan_target(tmp_path / "empty.txt").glossary is False
    (tmp_path / "doc.txt").write_text("Текст.\n", encoding="utf-8")
    with pytest.raises(OutputError, match="pass --force"):
        plan_target(tmp_path / "doc.txt")
    assert plan_target(tmp_path / "doc.txt", force=True).glossary is False
