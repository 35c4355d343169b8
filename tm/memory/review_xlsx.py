"""The review table as an .xlsx workbook: one sheet, "Review", written and read directly.

The writer formats the sheet XML itself, as the TMX writer does (openpyxl takes 5-6× longer
on 10,000 rows): inline strings, the header row frozen and bold, column widths set, and the
sheet protected without a password with only the target and comment cells unlocked, so a
reviewer edits what is to be edited (Review → Unprotect Sheet lifts it). Every cell is
escaped as the CSV writer does (`tm.core.cells`): `=1+1` is written `'=1+1` and read back as
text. The reader takes what Excel, LibreOffice or openpyxl save: shared or inline strings,
rich text runs, numbers; a cell the reviewer turned into a formula is read as `=FORMULA`
and flagged, never evaluated. The sheet named "Review" is read, or the only sheet there is.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from tm.core import xmlsafe
from tm.core.cells import escape_cell
from tm.core.errors import InputError
from tm.memory.review import COLUMNS, HEADINGS, ReviewRow, rows_of_table

SHEET = "Review"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WIDTHS = (18, 60, 60, 16, 10, 14, 30)
EDITABLE = {"target", "comment"}
_LETTERS = "ABCDEFG"
MAX_UNPACKED = 1 << 30  # a workbook unpacking past 1 GiB is refused (a zip bomb)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'  # noqa: E501
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'  # noqa: E501
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'  # noqa: E501
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'  # noqa: E501
    "</Relationships>"
)
# Cell formats: 0 wrapped, locked (id, source, origin…: the cells written without `s`, as
# every attribute a cell carries costs its reader; the sheet has no other cells); 1 wrapped,
# unlocked (target, comment); 2 the header, bold.
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'  # noqa: E501
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'  # noqa: E501
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" applyProtection="1">'
    '<alignment vertical="top" wrapText="1"/><protection locked="0"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _row(number: int, values: Sequence[str], styles: Sequence[str]) -> str:
    """A row's XML, an empty value no cell. A cell has the attributes it needs only (libxml2
    reading 40,000 cells spends most of its time on attributes): `s` where the format is
    not 0, `xml:space="preserve"` where the text starts or ends with white space (what
    openpyxl does; a reader keeps the white space inside a text anyway)."""
    parts = [f'<row r="{number}">']
    for letter, value, style in zip(_LETTERS, values, styles, strict=True):
        if value:
            text = xmlsafe.escape_text(escape_cell(value))
            space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
            parts.append(f'<c r="{letter}{number}" t="inlineStr"{style}><is><t{space}>{text}</t></is></c>')
    parts.append("</row>")
    return "".join(parts)


def write(rows: Sequence[ReviewRow]) -> bytes:
    """The workbook's bytes."""
    styles = [' s="1"' if column in EDITABLE else "" for column in COLUMNS]
    body = [_row(1, HEADINGS, [' s="2"'] * len(COLUMNS))]
    body += [
        _row(number, (r.id, r.source, r.target, r.origin, r.match, r.qa, r.comment), styles)
        for number, r in enumerate(rows, start=2)
    ]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, start=1))
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
        f'<dimension ref="A1:G{len(rows) + 1}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="C2" sqref="C2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(body)}</sheetData>'
        '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>'
        "</worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/styles.xml", _STYLES),
            ("xl/worksheets/sheet1.xml", sheet),
        ):
            package.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def _parse(package: zipfile.ZipFile, name: str, label: str) -> Any:
    from lxml import etree

    try:
        data = package.read(name)
    except KeyError:
        raise InputError(f"{label}: not an .xlsx workbook (no {name})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(f"{label}: a damaged .xlsx workbook ({name}: {exc})") from None
    try:
        return etree.fromstring(data, xmlsafe.parser(huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{label}: a damaged .xlsx workbook ({name}: {str(exc).splitlines()[0]})") from None


def _sheet_path(package: zipfile.ZipFile, label: str) -> str:
    book = _parse(package, "xl/workbook.xml", label)
    sheets = book.findall(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")
    chosen = next((s for s in sheets if s.get("name") == SHEET), sheets[0] if len(sheets) == 1 else None)
    if chosen is None:
        names = ", ".join(repr(s.get("name")) for s in sheets) or "none"
        raise InputError(f"{label}: no sheet named {SHEET!r} (its sheets: {names}); not a review file")
    rels = _parse(package, "xl/_rels/workbook.xml.rels", label)
    target = next((r.get("Target", "") for r in rels if r.get("Id") == chosen.get(f"{{{REL}}}id")), "")
    if not target:
        raise InputError(f"{label}: a damaged .xlsx workbook (sheet {chosen.get('name')!r} has no part)")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


@functools.lru_cache(maxsize=256)
def _letters(letters: str) -> int:
    return _column_number(letters)


def _column(reference: str) -> int:
    """The 0-based column of a cell reference ("C12" → 2), its letters' number cached."""
    return _letters(reference.rstrip("0123456789"))


def _column_number(reference: str) -> int:
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number - 1


def _cells(sheet: Any, shared: list[str]) -> Iterator[tuple[int, list[tuple[str, bool]]]]:
    m = f"{{{MAIN}}}"
    data = sheet.find(f"{m}sheetData")
    if data is None:
        return
    # One walk in document order over the elements that carry a value, tag-filtered in C:
    # each row, cell, formula, value and inline-string text once (a 10,000-row file is 90,000
    # of them; reading each cell's children from Python cost 2-3× as much).
    row_tag, cell_tag, formula_tag, value_tag, text_tag = (m + n for n in ("row", "c", "f", "v", "t"))
    empty = ("", False)
    cells: list[tuple[str, bool]] = []
    number = position = 0
    kind: str | None = None
    formula = False  # the current cell is a formula: its <v> (the cached result) is not read
    # Each element fills the current cell, the last of `cells`, as it comes: a cell's <f>
    # comes before its <v>, and an inline string's <t> runs are joined.
    for element in data.iter(row_tag, cell_tag, formula_tag, value_tag, text_tag):
        tag = element.tag
        if tag == text_tag:
            if kind == "inlineStr" and not formula:
                cells[-1] = (cells[-1][0] + (element.text or ""), False)
        elif tag == cell_tag:
            reference = element.get("r")
            index = _column(reference) if reference else len(cells)
            if len(cells) < index:
                cells.extend([empty] * (index - len(cells)))
            cells.append(empty)
            kind, formula = element.get("t", "n"), False
        elif tag == value_tag:
            if kind is not None and not formula and kind != "inlineStr":
                text = element.text
                if kind == "s" and text is not None:
                    at = int(text)
                    cells[-1] = (shared[at] if at < len(shared) else "", False)
                else:
                    cells[-1] = (text or "", False)
        elif tag == formula_tag:
            if kind is not None and element.text:
                cells[-1], formula = ("=" + element.text, True), True
        else:  # a row
            if position:
                yield number, cells
            position += 1
            number, cells, kind = int(element.get("r") or position), [], None
    if position:
        yield number, cells


def read(data: bytes, label: str) -> list[ReviewRow]:
    """The rows of a review workbook. InputError for anything that is not one."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{label}: not an .xlsx workbook (not a zip archive)") from None
    with package:
        if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
            raise InputError(f"{label}: unpacks to more than {MAX_UNPACKED:,} bytes; refused")
        sheet_path = _sheet_path(package, label)
        shared: list[str] = []
        if "xl/sharedStrings.xml" in package.namelist():
            strings = _parse(package, "xl/sharedStrings.xml", label)
            # A rich-text string is runs <r><t>; its phonetic hints <rPh><t> are not text.
            shared = [
                "".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t") if t.getparent().tag != f"{{{MAIN}}}rPh")
                for si in strings.iterfind(f"{{{MAIN}}}si")
            ]
        return rows_of_table(_cells(_parse(package, sheet_path, label), shared), label, escaped=True)
