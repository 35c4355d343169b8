"""The mechanisms written once and used in several places: the keep-going policy, the
streaming XML loop, the TMX merge, the segmentation vocabulary, the entry id and the lemma
count. In-process and fast: each is checked where it is defined, and that its users agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tm.core.errors import InputError, OutputError
from tm.core.keepgoing import KeepGoing
from tm.core.xmlstream import iter_elements
from tm.memory.tmx import MergeCount, TmxHeader, TmxReader, TmxUnit, TmxWriter, write_tmx
from tm.text import vocabulary


def _bad(name: str) -> str:
    raise InputError(f"{name}: empty file")


def test_keep_going_off_raises_the_input_error_as_it_is() -> None:
    policy = KeepGoing(False)
    with pytest.raises(InputError, match="a.txt: empty file"):
        policy.attempt(_bad, "a.txt")
    with pytest.raises(InputError, match="no sentences"):
        policy.skip("b.txt: no sentences to translate")
    assert policy.errors == []


def test_keep_going_on_records_input_errors_in_order_and_goes_on() -> None:
    policy = KeepGoing(True)
    assert policy.attempt(_bad, "a.txt") is None
    assert policy.attempt(len, "abc") == 3
    policy.skip("b.txt: no sentences to translate")
    assert policy.errors == ["a.txt: empty file", "b.txt: no sentences to translate"]


def test_keep_going_never_swallows_other_errors() -> None:
    def unwritable() -> None:
        raise OutputError("out.tmx: is a folder")

    with pytest.raises(OutputError):
        KeepGoing(True).attempt(unwritable)


def test_documents_and_folders_share_one_policy(tmp_path: Path) -> None:
    from tm.text.documents import collect_inputs, iter_documents

    (tmp_path / "good.txt").write_text("Стороны обсудили сотрудничество.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    policy = KeepGoing(True)
    files, _ = collect_inputs([str(tmp_path), str(tmp_path / "missing.txt")], policy)
    documents = list(iter_documents(files, policy))
    assert [Path(d.name).name for d in documents] == ["good.txt"]
    assert len(policy.errors) == 2 and "missing.txt" in policy.errors[0] and "empty file" in policy.errors[1]


def test_iter_elements_frees_each_record_and_the_ones_before_it(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(b"<root>" + b"".join(b"<r n='%d'><x/></r>" % i for i in range(50)) + b"</root>")
    seen = []
    for element in iter_elements(path, "r"):
        previous = element.getprevious()  # the record before, emptied; those before it, gone
        assert previous is None or (len(previous) == 0 and not previous.attrib and previous.getprevious() is None)
        assert len(element) == 1  # this one is whole
        seen.append(element.get("n"))
    assert seen == [str(i) for i in range(50)]


def test_iter_elements_checks_the_root_before_any_record(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(b"<other><r/></other>")

    def check_root(element: object) -> None:
        raise InputError("not ours")

    with pytest.raises(InputError, match="not ours"):
        list(iter_elements(path, "r", check_root))
    assert [e.tag for e in iter_elements(path, "r", lambda element: None)] == ["r"]


def test_merge_writes_each_pair_once_and_counts_what_it_skipped(tmp_path: Path) -> None:
    old = tmp_path / "old.tmx"
    write_tmx(old, [TmxUnit("Да.", "Yes."), TmxUnit("Нет.", "No.")], TmxHeader())
    # a unit without an English side: skipped, and counted
    text = old.read_text(encoding="utf-8").replace(
        "  </body>", '    <tu><tuv xml:lang="ru-RU"><seg>Один.</seg></tuv></tu>\n  </body>'
    )
    old.write_text(text, encoding="utf-8")
    out = tmp_path / "new.tmx"
    with TmxWriter(out, TmxHeader()) as writer:
        count = writer.merge(TmxReader(old, "ru-RU", "en-US"))
        assert writer.write(TmxUnit("Да.", "Yes.")) is False  # already merged
    assert count == MergeCount(merged=2, skipped=1)
    assert writer.written == 2


def test_srx_and_sentence_rules_read_one_vocabulary() -> None:
    from tm.text import sentences, srx

    (units_rule,) = [r for r in srx.RUSSIAN_RULES if "млрд долл" in r.why]
    for unit in vocabulary.UNITS:  # a period after each unit: no sentence end before «США» for either
        assert sentences._ABBREVIATION_END.search(f"30 {unit}.") and re.search(units_rule.before + "$", f"30 {unit}.")
    # The same dateline, as razdel's sentences show it and as a CAT tool sees the paragraph.
    assert sentences._CITY.match("Нур-Султан.") and sentences._DATE.match("11 ноября 2019 г.")
    dateline = re.compile(srx.RUSSIAN_RULES[0].before + srx.RUSSIAN_RULES[0].after)
    assert dateline.match("Нур-Султан.\u00a011\tноября 2019 г.")


def test_anchor_months_are_the_vocabulary_months() -> None:
    from tm.align.anchors import russian_anchors

    for number, month in enumerate(vocabulary.MONTHS_GENITIVE, 1):
        assert f"m:{number}" in russian_anchors(f"11 {month} 2020 года")
    assert "m:5" not in russian_anchors("Мандат истёк")


def test_entry_ids_are_one_hash_for_build_and_omegat(tmp_path: Path) -> None:
    from glossary.entries import entry_id
    from glossary.formats import omegat

    path = tmp_path / "g.txt"
    path.write_text("санкции\tsanctions\t\n", encoding="utf-8")
    (entry,) = omegat.iter_entries(path)
    assert entry.id == entry_id("санкции") and re.fullmatch(r"t[0-9a-f]{10}", entry.id)


def test_the_mined_texts_and_the_reference_are_counted_alike() -> None:
    from glossary.extraction.frequency import count_lemmas, lemma_counts
    from glossary.extraction.tally import Chunk, count_chunk

    sentences = ["Стороны обсудили санкции.", "Санкции обсуждались 2 дня."]
    table = count_chunk(Chunk(0, sentences, use_reference=False, use_names=False))
    assert table.lemmas == lemma_counts(sentences) == count_lemmas(sentences).counts
    assert table.lemmas["санкция"] == 2


CR_SOURCE, CR_TARGET = "Строка\rдве & <три>\r\nчетыре", "Line\rtwo & <three>\r\nfour"


def test_one_xml_text_escaper_keeps_a_carriage_return() -> None:
    """tm.core.xmlsafe.escape_text is the one escaper of text written as XML by hand (TMX,
    TMX inline codes, the review files, the glossary's alignment review): `\r` is `&#13;`,
    which a parser reads back as `\r` (a raw one it would read as `\n`)."""
    import glossary.review.alignment as alignment
    from tm.core import xmlsafe
    from tm.memory import inline_tmx

    assert xmlsafe.escape_text(CR_SOURCE) == "Строка&#13;две &amp; &lt;три&gt;&#13;\nчетыре"
    assert inline_tmx._escape is xmlsafe.escape_text
    assert alignment._markup(CR_SOURCE, None) == xmlsafe.escape_text(CR_SOURCE)


def test_a_carriage_return_survives_tmx_with_and_without_codes(tmp_path: Path) -> None:
    from tm.documents.model import Code
    from tm.memory.inline_tmx import codes_of, seg_markup

    path = tmp_path / "cr.tmx"
    write_tmx(path, [TmxUnit(CR_SOURCE, CR_TARGET, tuid="1")], TmxHeader())
    assert "&#13;" in path.read_text("utf-8")
    [unit] = TmxReader(path, "ru", "en")
    assert (unit.source, unit.target) == (CR_SOURCE, CR_TARGET)
    codes = (Code("open", 1, 7, "bold", "<b>"), Code("close", 1, 11, "bold", "</b>"))
    markup = seg_markup(CR_SOURCE, codes)
    assert "&#13;" in markup and "\r" not in markup
    text, read = codes_of(markup)
    assert text == CR_SOURCE and [(c.kind, c.offset) for c in read] == [("open", 7), ("close", 11)]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_carriage_return_survives_xliff(version: str) -> None:
    from lxml import etree

    from tm.core import xmlsafe
    from tm.documents import xliff
    from tm.documents.xliff_write import MT, Group, Skeleton, Unit, write_xliff

    skeleton = Skeleton("a.txt", "a.txt", "ab" * 32, "plaintext")
    data = write_xliff(version, skeleton, [Group(1, "a.txt#p1", (Unit("1.1", CR_SOURCE, (), CR_TARGET, (), MT),))])
    assert b"&#13;" in data
    root = etree.fromstring(data, xmlsafe.parser())
    source, target = (root.find(f".//{{*}}{name}") for name in ("source", "target"))
    assert (source.text, target.text) == (CR_SOURCE, CR_TARGET)  # what `tm review import` reads
    # the document reader (`tm merge`) makes a block one line, a `\r` a space, by design
    [block] = xliff.read(data, "a.xlf").blocks
    assert block.text == CR_SOURCE.replace("\r\n", "  ").replace("\r", " ")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_carriage_return_survives_the_review_file(tmp_path: Path, suffix: str) -> None:
    """Exported and imported unchanged, a unit with `\r` in its source is unchanged (before,
    the .docx made it a line break, read back as `\n`, and the row was refused as "the
    source was edited"); an edited target with `\r` is applied with it."""
    from tm.memory import review_docx, review_xlsx
    from tm.memory.review import export_review, import_review, read_rows

    memory = tmp_path / "m.tmx"
    write_tmx(memory, [TmxUnit(CR_SOURCE, CR_TARGET, tuid="1"), TmxUnit("Одна.", "One.", tuid="2")], TmxHeader())
    review = tmp_path / f"review{suffix}"
    export_review(memory, review)
    rows = read_rows(review)
    assert [(r.source, r.target) for r in rows] == [(CR_SOURCE, CR_TARGET), ("Одна.", "One.")]
    report = import_review(review, memory, tmp_path / "same.tmx")
    assert report.problems == [] and report.applied == []
    rows[0].target = "Edited\rtarget"
    module = review_docx if suffix == ".docx" else review_xlsx
    review.write_bytes(module.write(rows))
    report = import_review(review, memory, tmp_path / "edited.tmx")
    assert report.problems == [] and report.applied == ["1"]
    assert [u.target for u in TmxReader(tmp_path / "edited.tmx", "ru", "en")] == ["Edited\rtarget", "One."]


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".po", ".txt", ".tbx"])
def test_a_rejected_term_is_forbidden_alike_in_qa_and_mt(tmp_path: Path, suffix: str) -> None:
    """tm/core/termfile.py's one mapping of statuses: a glossary exported by `glossary`
    (its own writers) with an approved entry, a rejected one and a proposed one, read by the
    terminology check (tm/qa/termbase.py) and by MT's term constraints (tm/mt/terms.py). The
    rejected English (TSV/CSV/OmegaT `rejected`, TBX `deprecatedTerm-admn-sts`) is forbidden
    in both and required by neither; the approved one is required by both. (Before, `rejected`
    in a table or an OmegaT comment was an accepted rendering for tm qa and no wrong one for
    MT, and an OmegaT line was approved whatever its comment said.) PO cannot say "rejected":
    a fuzzy message is not approved, and neither forbidden nor required, in both."""
    from glossary.entries import APPROVED, PROPOSED, REJECTED, Entry, Term
    from glossary.formats import write_glossary
    from tm.mt.terms import read_glossary
    from tm.qa.termbase import read_termbase

    entries = [
        Entry("e1", [Term("Евразийский союз", "ru", status=APPROVED), Term("Eurasian Union", "en", status=APPROVED)]),
        Entry("e2", [Term("таможня", "ru", status=REJECTED), Term("customs house", "en", status=REJECTED)]),
        Entry("e3", [Term("пошлина", "ru", status=PROPOSED), Term("duty", "en", status=PROPOSED)]),
    ]
    path = tmp_path / f"glossary{suffix}"
    write_glossary(entries, path)
    qa = {entry.russian[0]: entry for entry in read_termbase(path)}
    mt = read_glossary(path)
    forbidden_qa = {english for entry in qa.values() for english in entry.forbidden}
    required_qa = {english for entry in qa.values() if entry.required for english in entry.english}
    required_mt = {term.en for term in mt.terms}
    assert required_qa == required_mt == {"Eurasian Union"}
    assert forbidden_qa == set(mt.wrong) == (set() if suffix == ".po" else {"customs house"})
    assert "customs house" not in {english for entry in qa.values() for english in entry.english} or suffix == ".po"


def test_a_tables_forbidden_column_is_forbidden_in_qa_and_mt(tmp_path: Path) -> None:
    """The `forbidden` column (English that must not be used) was the terminology check's
    only: MT's wrong renderings now read it too (`TermFileEntry.forbidden_english`)."""
    from tm.mt.terms import read_glossary
    from tm.qa.termbase import read_termbase

    path = tmp_path / "g.tsv"
    path.write_text("ru-RU\ten-US\tforbidden\nЕАЭС\tEAEU\tEEU | Eurasian Economic Community\n", "utf-8")
    [entry] = read_termbase(path)
    assert entry.forbidden == ("EEU", "Eurasian Economic Community")
    assert read_glossary(path).wrong == ["EEU", "Eurasian Economic Community"]
