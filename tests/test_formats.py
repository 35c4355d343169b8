from __future__ import annotations

import csv
from pathlib import Path

import polib
import pytest
from lxml import etree

from glossary.formats import read_glossary, write_glossary
from glossary.formats.po import import_review
from glossary.model import Context, Entry, Glossary, Term
from tm.errors import UsageError

DATA = Path(__file__).resolve().parent / "data"


def small_glossary() -> Glossary:
    """Awkward content on purpose: commas, quotes, a tab, a line break, markup, ё."""
    return Glossary([
        Entry("t1", [
            Term("ЕАЭС", "ru", "acronym", status="approved", variants=["ЕАЭС"]),
            Term("Евразийский экономический союз", "ru", "fullForm", status="approved", variants=["Евразийского экономического союза"]),
            Term("EAEU", "en", "acronym", status="approved", confidence=1.0, origin="reference"),
            Term("Eurasian Economic Union", "en", "fullForm", status="approved", confidence=1.0, origin="reference"),
        ], 3, 12.5, [Context('Договор о ЕАЭС, "десять лет", <b> & всё.', 'The "EAEU" treaty, <b> & all.', "a.txt", "abc123")],
           [("a.txt", "abc123"), ("b c.txt", "def456")]),
        Entry("t2", [
            Term("товарооборот", "ru", status="proposed", variants=["товарооборот", "товарооборота"]),
            Term("trade, turnover", "en", status="proposed", confidence=0.3, origin="mt"),
        ], 2, 4.0, [Context("Наш товарооборот растёт.", "Our trade grows.", "b c.txt", "def456"),
                    Context("Товарооборот вырос.", "", "b c.txt", "0f0f")], [("b c.txt", "def456"), ("b c.txt", "0f0f")]),
    ])


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
    for source, target in zip(chain, chain[1:]):
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
        ("ЕАЭС", "EAEU"), ("Евразийский экономический союз", "Eurasian Economic Union"), ("товарооборот", "trade, turnover")]


def test_omegat_glossary_has_three_clean_columns(tmp_path: Path) -> None:
    glossary = small_glossary()
    glossary.entries[1].terms[1].text = "trade\tturn\nover"
    path = tmp_path / "glossary.utf8"
    write_glossary(glossary, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["ЕАЭС", "EAEU"], ["Евразийский экономический союз", "Eurasian Economic Union"], ["товарооборот", "trade turn over"]]
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
        ("ЕАЭС", "EAEU", False), ("Евразийский экономический союз", "Eurasian Economic Union", False),
        ("товарооборот", "trade, turnover", True)]
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
