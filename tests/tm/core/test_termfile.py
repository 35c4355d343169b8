"""tm.core.termfile: the one reader of glossary files in `tm`, and the three views of it
(the terminology check, constrained MT, the aligner's anchors) on the same glossary written
as TBX and as the TSV/CSV `glossary export` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.entries import Entry, Glossary, Term
from glossary.formats import write_glossary
from tm.align.termlist import read_term_pairs
from tm.core.errors import InputError
from tm.core.termfile import APPROVED, FORBIDDEN, OTHER, UNSTATED, read_term_file, status_of
from tm.mt.terms import read_glossary
from tm.qa.termbase import read_termbase

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="c1">
  <langSet xml:lang="ru-RU"><tig><term>таможенная пошлина</term>
    <termNote type="x-variants">пошлина</termNote></tig></langSet>
  <langSet xml:lang="en-US">
    <tig><term>customs  duty</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      <termNote type="x-variants">duty</termNote></tig>
    <tig><term>custom tax</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>tariff</term><descrip type="normativeAuthorization">Forbidden</descrip>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="c2">
  <langSet lang="ru"><tig><term>ЕАЭС</term><termNote type="termType">acronym</termNote></tig>
    <tig><term>Евразийский экономический союз</term><termNote type="termType">fullForm</termNote></tig></langSet>
  <langSet xml:lang="en"><tig><term>Eurasian Economic Union</term><termNote type="termType">fullForm</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>EAEU</term><termNote type="termType">acronym</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
</termEntry>
<termEntry id="c3">
  <langSet xml:lang="ru"><tig><term>ставка</term></tig></langSet>
  <langSet xml:lang="en"><tig><term><hi>rate</hi></term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_status_of() -> None:
    assert [status_of(s) for s in ("preferredTerm-admn-sts", "Approved", "notRecommended", "WRONG", "admitted", " ")] == [
        APPROVED,
        APPROVED,
        FORBIDDEN,
        FORBIDDEN,
        OTHER,
        UNSTATED,
    ]


def test_tbx_entries_and_views(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(TBX, encoding="utf-8")
    file = read_term_file(path)
    assert [e.id for e in file.entries] == ["c1", "c2", "c3"] and not file.table
    first = file.entries[0]
    assert [(t.text, t.status, t.variants) for t in first.english] == [
        ("customs duty", APPROVED, ("duty",)),
        ("custom tax", FORBIDDEN, ()),
        ("tariff", FORBIDDEN, ()),  # a forbidding status is kept over a later one
    ]
    assert file.entries[2].english[0].text == "rate"  # the term's whole text, markup or not
    qa = read_termbase(path)
    assert (qa[0].russian, qa[0].english, qa[0].forbidden, qa[0].required) == (
        ("таможенная пошлина", "пошлина"),
        ("customs duty", "duty"),
        ("custom tax", "tariff"),
        True,
    )
    assert qa[2].required  # no status said: an approved rendering for the check
    mt = read_glossary(path)
    assert [(t.ru, t.en, t.variants) for t in mt.terms] == [
        ("таможенная пошлина", "customs duty", ()),
        ("ЕАЭС", "EAEU", ()),
        ("Евразийский экономический союз", "Eurasian Economic Union", ()),
    ]  # c3 has no approved English: MT does not require it
    assert mt.wrong == ["custom tax", "tariff"]
    assert read_term_pairs(path)[:2] == [("таможенная пошлина", "customs duty"), ("ЕАЭС", "Eurasian Economic Union")]


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
def test_exported_table_reads_as_the_tbx(tmp_path: Path, suffix: str) -> None:
    glossary = Glossary(
        [
            Entry("t1", [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym", status="approved")]),
            Entry("t2", [Term("=формула", "ru"), Term("-minus", "en", status="rejected")]),  # TBX: deprecated
            Entry("t3", [Term("ставка", "ru"), Term("rate", "en")]),  # proposed: admitted
        ]
    )
    table, tbx = tmp_path / f"g{suffix}", tmp_path / "g.tbx"
    write_glossary(glossary, table)
    write_glossary(glossary, tbx)
    file = read_term_file(table)
    assert file.table and [e.russian[0].text for e in file.entries] == ["ЕАЭС", "=формула", "ставка"]  # cells unescaped
    assert read_termbase(table)[0] == read_termbase(tbx)[0]
    assert read_termbase(table)[2] == read_termbase(tbx)[2]
    assert not read_termbase(table)[2].required
    assert read_glossary(table).terms == read_glossary(tbx).terms == [read_glossary(tbx).terms[0]]
    # a `rejected` English: the TBX export says deprecated, the table says rejected; both
    # are forbidden (one mapping, tm/core/termfile.py), for tm qa and MT alike
    assert read_glossary(tbx).wrong == read_glossary(table).wrong == ["-minus"]
    assert read_termbase(table)[1] == read_termbase(tbx)[1]
    assert read_term_pairs(table) == read_term_pairs(tbx) == [("ЕАЭС", "EAEU"), ("=формула", "-minus"), ("ставка", "rate")]


def test_forbidden_table_rows(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "id,ru-RU,en-US,en-US status,forbidden\na,пошлина,duty,deprecated,\nb,ставка,rate,approved,tariff | fee\n",
        encoding="utf-8",
    )
    qa = read_termbase(path)
    assert [(e.id, e.english, e.forbidden, e.required) for e in qa] == [
        ("a", (), ("duty",), False),
        ("b", ("rate",), ("tariff", "fee"), True),
    ]
    mt = read_glossary(path)
    # MT's wrong renderings are the check's forbidden English: the `forbidden` column's too
    assert [t.en for t in mt.terms] == ["rate"] and mt.wrong == ["duty", "tariff", "fee"]


def test_headerless_table_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("\nпошлина\tduty\n\t\nставка\trate\n", encoding="utf-8")
    assert read_term_pairs(path) == [("пошлина", "duty"), ("ставка", "rate")]
    assert [t.en for t in read_glossary(path).terms] == ["duty", "rate"]
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match=r"^--glossary .*bad.tsv: not UTF-8 text"):
        read_term_file(bad, prefix="--glossary ")
    html = tmp_path / "page.tbx"
    html.write_text("<html/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a TBX file \(root element <html>\)"):
        read_term_file(html)
