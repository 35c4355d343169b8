"""Review files (tm/memory/review.py): export, edit 10 targets, import: exactly those 10 change,
marked reviewed (TMX, XLIFF 1.2 and 2.0, .xlsx and .docx); lossless without edits; tags and
formulas read back literally; rows that must not be applied are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.support import DATA
from tests.support.office import NEEDS_SOFFICE, SOFFICE
from tests.support.writeback import soffice_text
from tm.core.errors import InputError, OutputError
from tm.memory.review import ReviewRow, export_review, export_rows, import_review, read_rows, rebuild, render, write_rows
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx

CODED = '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Токаев<ept i="1">&lt;/b&gt;</ept> прибыл<ph x="2">&lt;br/&gt;</ph> в Москву.'
CODED_EN = (
    '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Tokayev<ept i="1">&lt;/b&gt;</ept> arrived<ph x="2">&lt;br/&gt;</ph> in Moscow.'
)
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"


def _memory(path: Path, count: int = 30) -> list[TmxUnit]:
    units = [
        TmxUnit(
            f"Стороны обсудили вопрос номер {i}.",
            f"The parties discussed issue {i}.",
            [("x-Origin", "MachineTranslation")],
            tuid=f"t{i}",
        )
        for i in range(count)
    ]
    units[3] = TmxUnit(
        "Токаев прибыл в Москву.", "Tokayev arrived in Moscow.", tuid="coded", source_markup=CODED, target_markup=CODED_EN
    )
    units[4] = TmxUnit("=SUM(A1:A3) и +7 и 'кавычка", "-1 @user\ttab", tuid="formula")
    write_tmx(path, units, TmxHeader(props=(("x-mt-signature", "abc"),)))
    return list(read_tmx(path))


def _edit_xlsx(path: Path, edits: dict[str, str], column: int = 3) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Review"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in edits:
            row[column - 1].value = edits[row[0].value]
    book.save(path)


def _edit_docx(path: Path, edits: dict[str, str], column: int = 3) -> None:
    import docx

    document = docx.Document(str(path))
    for row in document.tables[0].rows[1:]:
        if row.cells[0].text in edits:
            row.cells[column - 1].text = edits[row.cells[0].text]
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_ten_edited_targets_change_and_only_they(tmp_path: Path, suffix: str) -> None:
    memory = tmp_path / "m.tmx"
    before = _memory(memory)
    review = tmp_path / f"r{suffix}"
    assert export_review(memory, review) == 30
    edits = {f"t{i}": f"The sides discussed question {i}." for i in range(10, 19)}
    edits["coded"] = "{1}President Tokayev{/1} came{2/} to Moscow."
    (_edit_xlsx if suffix == ".xlsx" else _edit_docx)(review, edits)
    report = import_review(review, memory, tmp_path / "out.tmx")
    assert sorted(report.applied) == sorted(edits) and not report.problems and report.unchanged == 20
    after = list(read_tmx(tmp_path / "out.tmx"))
    assert [u.tuid for u in after] == [u.tuid for u in before]
    for old, new in zip(before, after, strict=True):
        if old.tuid in edits:
            assert new.prop("x-Origin") == "Review" and new.changeid and new.changedate
            assert new.source == old.source and new.source_markup == old.source_markup
        else:
            assert new == old
    coded = next(u for u in after if u.tuid == "coded")
    assert coded.target == "President Tokayev came to Moscow."
    assert (
        coded.target_markup
        == '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>President Tokayev<ept i="1">&lt;/b&gt;</ept> came<ph x="2">&lt;br/&gt;</ph> to Moscow.'
    )
    assert next(u for u in after if u.tuid == "t10").target == "The sides discussed question 10."
    assert b"x-mt-signature" in (tmp_path / "out.tmx").read_bytes()


def test_lossless_on_ten_thousand_units(tmp_path: Path) -> None:
    memory = tmp_path / "m.tmx"
    units = [
        TmxUnit(f"Предложение {i} {{скобки}} и <знаки> & {i}.", f"Sentence {i} {{braces}} & <signs>.", tuid=f"u{i}")
        for i in range(10_000)
    ]
    units[7] = TmxUnit(
        "Токаев прибыл в Москву.", "Tokayev arrived in Moscow.", tuid="coded", source_markup=CODED, target_markup=CODED_EN
    )
    write_tmx(memory, units, TmxHeader())
    review = tmp_path / "r.xlsx"
    export_review(memory, review)
    rows = read_rows(review)
    assert len(rows) == 10_000 and rows[0].source == "Предложение 0 {{скобки} и <знаки> & 0."
    # the same file rewritten as if a unit had changed: every unit parses back identical
    rows[1].target = rows[1].target  # no edit
    write_rows(review, rows, [memory])
    report = import_review(review, memory, tmp_path / "out.tmx")
    assert report.unchanged == 10_000 and not report.applied
    assert list(read_tmx(tmp_path / "out.tmx")) == list(read_tmx(memory))


def test_tags_round_trip_and_literal_braces() -> None:
    from tm.memory.review import _Token

    pieces = ["a {b} ", _Token("open", "<g>", "p", 1), "x", _Token("close", "</g>", "p", 1), _Token("alone", "<x/>", None, 2)]
    text = render(pieces)
    assert text == "a {{b} {1}x{/1}{2/}"
    native = {("open", 1): "<g>", ("close", 1): "</g>", ("alone", 2): "<x/>"}
    assert rebuild(text, native) == ("a {b} <g>x</g><x/>", True)
    assert rebuild("a { lone {/1/}", native) == ("a { lone {/1/}", False)


def _xliff12(path: Path, count: int = 20) -> None:
    units = "".join(
        f'<trans-unit id="u{i}"><source>Стороны обсудили <g id="1" ctype="bold">вопрос</g> {i}.</source>'
        f'<target state="needs-review-translation" state-qualifier="leveraged-mt">The parties discussed <g id="1" ctype="bold">issue</g> {i}.</target></trans-unit>\n'
        for i in range(count)
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{X12}"><file original="a.docx" source-language="ru" '
        f'target-language="en" datatype="plaintext"><body>\n<!-- kept -->\n{units}</body></file></xliff>\n',
        encoding="utf-8",
    )


def _xliff20(path: Path, count: int = 20) -> None:
    units = "".join(
        f'<unit id="u{i}"><originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>'
        f'<segment state="translated" subState="x:mt"><source>Стороны обсудили <pc id="1" dataRefStart="d1" dataRefEnd="d2">вопрос</pc> {i}.</source>'
        f'<target>The parties discussed <pc id="1" dataRefStart="d1" dataRefEnd="d2">issue</pc> {i}.</target></segment></unit>\n'
        for i in range(count)
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="{X20}" srcLang="ru" trgLang="en"><file id="f1">\n{units}</file></xliff>\n',
        encoding="utf-8",
    )


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_xliff_ten_targets_reviewed_in_place(tmp_path: Path, version: str, suffix: str) -> None:
    from tm.documents.xliff import read

    doc = tmp_path / "d.xlf"
    (_xliff12 if version == "1.2" else _xliff20)(doc)
    original = doc.read_bytes()
    review = tmp_path / f"r{suffix}"
    export_review(doc, review)
    prefix = "1" if version == "1.2" else "f1"
    edits = {f"{prefix}/u{i}": f"The sides discussed {{1}}the question{{/1}} {i}." for i in range(10)}
    (_edit_xlsx if suffix == ".xlsx" else _edit_docx)(review, edits)
    report = import_review(review, doc)
    assert sorted(report.applied) == sorted(edits) and report.unchanged == 10 and not report.problems
    blocks = {b.ref: b for b in read(doc.read_bytes(), "d.xlf").blocks}
    before = {b.ref: b for b in read(original, "d.xlf").blocks}
    root = etree.fromstring(doc.read_bytes())
    old_root = etree.fromstring(original)
    q = f"{{{X12 if version == '1.2' else X20}}}"
    for i in range(20):
        ref = f"{prefix}/u{i}"
        if ref in edits:
            assert blocks[ref].target.text == f"The sides discussed the question {i}."
            assert [c.kind for c in blocks[ref].target.codes] == ["open", "close"]
            if version == "1.2":
                target = root.find(f".//{q}trans-unit[@id='u{i}']/{q}target")
                assert target.get("state") == "signed-off" and target.get("state-qualifier") is None
            else:
                segment = root.find(f".//{q}unit[@id='u{i}']/{q}segment")
                assert segment.get("state") == "reviewed" and segment.get("subState") is None
        else:
            assert blocks[ref] == before[ref]
            tag = "trans-unit" if version == "1.2" else "unit"
            assert etree.tostring(root.find(f".//{q}{tag}[@id='u{i}']")) == etree.tostring(
                old_root.find(f".//{q}{tag}[@id='u{i}']")
            )
    text = doc.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and ("<!-- kept -->" in text or version == "2.0")


@pytest.mark.parametrize("name", ["okapi_tikal.xlf", "okapi_20.xlf", "omegat_target.xlf", "trados.sdlxliff", "memoq.mqxliff"])
def test_fixtures_export_with_the_readers_ids_and_import_unchanged(tmp_path: Path, name: str) -> None:
    from tm.documents.xliff import read

    doc = tmp_path / name
    shutil.copy(DATA / "xliff" / name, doc)
    rows = export_rows(doc)
    refs = [b.ref for b in read(doc.read_bytes(), name).blocks if b.translate]
    assert [r.id for r in rows] == refs
    review = tmp_path / "r.xlsx"
    export_review(doc, review)
    before = doc.read_bytes()
    report = import_review(review, doc)
    assert not report.applied and not report.problems and doc.read_bytes() == before


def test_fixture_targets_filled_where_there_were_none(tmp_path: Path) -> None:
    from tm.documents.xliff import read

    doc = tmp_path / "okapi_20.xlf"
    shutil.copy(DATA / "xliff" / "okapi_20.xlf", doc)
    review = tmp_path / "r.xlsx"
    export_review(doc, review)
    _edit_xlsx(
        review,
        {
            "f1/u1/s2": "The text is on {1}the ministry's site{/1} and in the {2}press{/2}{3}.{/3}",
            "f1/u3": "Both sides are pleased.",
        },
    )
    report = import_review(review, doc)
    assert sorted(report.applied) == ["f1/u1/s2", "f1/u3"], report.problems
    blocks = {b.ref: b for b in read(doc.read_bytes(), "x").blocks}
    assert blocks["f1/u3"].target.text == "Both sides are pleased."
    assert blocks["f1/u1/s2"].target.text == "The text is on the ministry's site and in the press."


def test_rows_not_applied_are_named(tmp_path: Path) -> None:
    memory = tmp_path / "m.tmx"
    _memory(memory)
    review = tmp_path / "r.xlsx"
    export_review(memory, review)
    rows = read_rows(review)
    rows[0].source, rows[0].target = "Изменённый источник.", "Changed."
    rows[1].target = "{9}Bad tag{/9}"
    rows[3].target = "Closing {/1} too soon {1}"
    rows.append(ReviewRow("nope", "Нет.", "No."))
    write_rows(review, rows, [memory])
    report = import_review(review, memory, tmp_path / "o.tmx")
    assert not report.applied and len(report.problems) == 4
    assert "row 2 (id t0): the source was edited" in report.problems[0]
    assert "row 3 (id t1): the tag {9} stands for no code" in report.problems[1]
    assert "row 5 (id coded): the tag {/1} comes before its {1}" in report.problems[2]
    assert "id nope is not in" in report.problems[3]
    assert (tmp_path / "o.tmx").read_bytes() == memory.read_bytes()


def test_formulas_are_text_and_typed_formulas_are_not_applied(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    memory = tmp_path / "m.tmx"
    _memory(memory)
    review = tmp_path / "r.xlsx"
    export_review(memory, review)
    sheet = load_workbook(review)["Review"]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["formula"][1].value == "'=SUM(A1:A3) и +7 и 'кавычка" and cells["formula"][1].data_type == "s"
    assert cells["formula"][2].value == "'-1 @user\ttab"
    assert sheet.freeze_panes == "A2" and sheet.protection.sheet and cells["t0"][2].protection.locked is False
    row = next(r for r in read_rows(review) if r.id == "formula")
    assert row.source == "=SUM(A1:A3) и +7 и 'кавычка" and row.target == "-1 @user\ttab"
    _edit_xlsx(review, {"formula": "'=2+2 literally", "t0": "=1+1"})
    report = import_review(review, memory, tmp_path / "o.tmx")
    assert report.applied == ["formula"] and "id t0): the target is a spreadsheet formula" in report.problems[0]
    assert next(u for u in read_tmx(tmp_path / "o.tmx") if u.tuid == "formula").target == "=2+2 literally"


def test_tuid_less_units_get_positional_ids(tmp_path: Path) -> None:
    memory = tmp_path / "m.tmx"
    memory.write_text(
        '<tmx version="1.4"><header srclang="ru" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="ru"><seg>Да.</seg></tuv><tuv xml:lang="en-GB"><seg>Yes.</seg></tuv></tu>'
        '<tu tuid="k"><tuv xml:lang="ru"><seg>Нет.</seg></tuv><tuv xml:lang="en-GB"><seg>No.</seg></tuv></tu>'
        '<tu tuid="k"><tuv xml:lang="ru"><seg>Ещё.</seg></tuv><tuv xml:lang="en-GB"><seg>More.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    ids = [r.id for r in export_rows(memory)]
    assert ids[1] == "k" and ids[0].startswith("@1:") and ids[2].startswith("@3:") and len(ids[0]) == 11
    review = tmp_path / "r.docx"
    export_review(memory, review)
    _edit_docx(review, {ids[0]: "Yes indeed."})
    import_review(review, memory)
    units = list(read_tmx(memory))
    assert units[0].target == "Yes indeed." and b'xml:lang="en-GB"' in memory.read_bytes()


def test_refusals(tmp_path: Path) -> None:
    memory = tmp_path / "m.tmx"
    _memory(memory)
    review = tmp_path / "r.xlsx"
    export_review(memory, review)
    rows = read_rows(review)
    write_rows(review, [*rows, rows[5]], [memory])
    with pytest.raises(InputError, match="id t5 is on rows 7, 32"):
        import_review(review, memory)
    with pytest.raises(OutputError):
        import_review(review, memory, review.with_suffix(".tmx").parent / "m.tmx")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        import_review(tmp_path / "bad.xlsx", memory)


def test_import_changes_only_the_reviewed_units_elements(tmp_path: Path) -> None:
    """A memory from another tool keeps what the writer would not write: its comments, a unit
    without the target language, a repeated pair; only the reviewed unit's target, x-Origin
    and change attributes differ. The units read are the reader's (`pick_segs`)."""
    from tm.memory.tmx import _unit_from_element, pick_segs, seg_content

    memory = tmp_path / "m.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ru" creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>\n'
        "<!-- a comment the writer would drop -->\n"
        '<tu tuid="a"><prop type="x-Origin">MachineTranslation</prop><note>n</note>'
        '<tuv xml:lang="ru"><prop type="p">1</prop></tuv><tuv xml:lang="ru"><seg>Да.</seg></tuv>'
        '<tuv xml:lang="de"/><tuv xml:lang="en-GB"><seg>Yes.</seg></tuv></tu>\n'
        '<tu tuid="lone"><tuv xml:lang="ru"><seg>Один.</seg></tuv></tu>\n'
        '<tu tuid="b"><tuv xml:lang="ru"><seg>Нет.</seg></tuv><tuv xml:lang="en"><seg>No.</seg></tuv></tu>\n'
        '<tu tuid="c"><tuv xml:lang="ru"><seg>Нет.</seg></tuv><tuv xml:lang="en"><seg>No.</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    root = etree.parse(str(memory)).getroot()
    for tu in root.iter("tu"):
        unit, picked = _unit_from_element(tu, "ru", None), pick_segs(tu, "ru", None)
        assert (unit is None) == (picked is None)
        if unit is not None and picked is not None:
            assert (seg_content(picked[0]), seg_content(picked[1])) == (
                (unit.source, unit.source_markup),
                (unit.target, unit.target_markup),
            )
    assert [r.id for r in export_rows(memory)] == ["a", "b", "c"]
    review = tmp_path / "r.xlsx"
    export_review(memory, review)
    _edit_xlsx(review, {"a": "Yes indeed."})
    report = import_review(review, memory)
    assert report.applied == ["a"] and report.unchanged == 2
    text = memory.read_text(encoding="utf-8")
    assert "<!-- a comment the writer would drop -->" in text and 'tuid="lone"' in text and text.count("<seg>Нет.</seg>") == 2
    a = next(u for u in read_tmx(memory) if u.tuid == "a")
    assert a.target == "Yes indeed." and a.props == [("x-Origin", "Review")] and a.changeid == "diplotm-review"
    assert '<note>n</note><prop type="x-Origin">Review</prop><tuv' in text and '<tuv xml:lang="de"/>' in text


# LibreOffice's spreadsheet (Calc, libsclo.so beside soffice) is a package of its own; a
# machine with Writer alone cannot open a workbook.
NEEDS_CALC = pytest.mark.skipif(
    SOFFICE is None or not (Path(SOFFICE).resolve().parent / "libsclo.so").exists(),
    reason="LibreOffice Calc is not installed (libreoffice-calc): the .xlsx cannot be opened by a second reader",
)


@pytest.mark.slow  # LibreOffice, 2 s each
@pytest.mark.parametrize("suffix", [pytest.param(".xlsx", marks=NEEDS_CALC), pytest.param(".docx", marks=NEEDS_SOFFICE)])
def test_libreoffice_opens_the_review_files(tmp_path: Path, suffix: str) -> None:
    """LibreOffice reads the .xlsx (as CSV) and the .docx (as text) the review writers make:
    every row, with its target as the reviewer sees it (tags and all)."""
    import csv
    import os
    import subprocess
    import tempfile

    memory = tmp_path / "m.tmx"
    units = _memory(memory)
    review = tmp_path / f"r{suffix}"
    export_review(memory, review)
    if suffix == ".docx":
        text = soffice_text(review)
    else:
        with tempfile.TemporaryDirectory(prefix="soffice-") as profile:
            subprocess.run(
                [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
                + ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"), str(review)],
                env=dict(os.environ, HOME=profile),
                capture_output=True,
                timeout=180,
                stdin=subprocess.DEVNULL,
                check=True,
            )
        with (tmp_path / "csv" / "r.csv").open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert table[0][:3] == ["ID", "Source", "Target"] and len(table) == len(units) + 1
        assert [cells[0] for cells in table[1:]] == [u.tuid for u in units]
        text = "\n".join("\t".join(cells) for cells in table)
    for row in export_rows(memory):
        assert row.target.split("\t")[0] in text


SEGS = [
    CODED,
    CODED_EN,
    "a<hi x='1' type=\"b&amp;c\">b<hi>c<ph/>d</hi>e</hi>f<bpt i='2'>&lt;i&gt;<sub>note <hi>x</hi></sub></bpt>g<ept i='2'>&lt;/i&gt;</ept>",
    "no i<bpt x='1'>&lt;b&gt;</bpt>x<ept>&lt;/b&gt;</ept><it pos='begin' x='3'>[</it><it pos='middle'>?</it><it>?</it>",
    "<!-- a comment -->text<?pi data?> and <foo a='1'>unknown <b>element</b></foo> <sub>top sub</sub>\r end",
    "<!-- only a comment -->",
    "<ut x='1'>&lt;u&gt;</ut><ph x='2' assoc='p' type='image' extra='dropped'>\"&amp;\"\t\n</ph>{1}{{x}}",
    "",
    "plain {braces}",
    "<hi/><hi type='a'></hi><bpt i='7' type='q&quot;'/><ept i='7'/>",
]


@pytest.mark.parametrize("markup", SEGS)
def test_seg_pieces_equal_the_readers_markup_parsed(markup: str) -> None:
    """`_seg_pieces` (one walk of the element) gives the pieces of the TMX reader's markup
    parsed again, the definition: the same text, tokens, markup and numbers with any other seg."""
    from tm.memory.review import Piece, _number, _seg_pieces, _tmx_pieces
    from tm.memory.tmx import seg_content

    def seg(content: str) -> etree._Element:
        return etree.fromstring(f"<seg>{content}</seg>".encode())

    def shown(pieces: list[Piece]) -> list[object]:
        return [p if isinstance(p, str) else (p.kind, p.xml, p.number) for p in pieces]

    for other in SEGS:
        plain, fast, _ = _seg_pieces(seg(markup))
        other_plain, other_fast, _ = _seg_pieces(seg(other))
        reference, other_reference = _tmx_pieces(*seg_content(seg(markup))), _tmx_pieces(*seg_content(seg(other)))
        assert plain == seg_content(seg(markup))[0] and other_plain == seg_content(seg(other))[0]
        _number(fast, other_fast)
        _number(reference, other_reference)
        assert render(fast) == render(reference) and render(other_fast) == render(other_reference)
        assert [p for p in shown(fast) if not isinstance(p, str)] == [p for p in shown(reference) if not isinstance(p, str)]
        assert "".join(p for p in fast if isinstance(p, str)) == "".join(p for p in reference if isinstance(p, str))


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_an_edited_target_with_a_literal_brace_keeps_one(tmp_path: Path, suffix: str) -> None:
    """A literal `{` is shown `{{`; a reviewed target without tags is stored with one `{`, as
    one with tags is (it was stored doubled)."""
    memory = tmp_path / "m.tmx"
    write_tmx(
        memory, [TmxUnit("Слово {x}.", "Word {x}.", tuid="a"), TmxUnit(CODED.replace("<", "{"), "B {y}", tuid="b")], TmxHeader()
    )
    review = tmp_path / f"r{suffix}"
    export_review(memory, review)
    rows = read_rows(review)
    assert rows[0].target == "Word {{x}."
    rows[0].target, rows[1].target = "A word {{x}.", "The {{y} and {{{{z}}"
    write_rows(review, rows, [memory])
    assert len(import_review(review, memory, tmp_path / "out.tmx").applied) == 2
    assert [u.target for u in read_tmx(tmp_path / "out.tmx")] == ["A word {x}.", "The {y} and {{z}}"]
