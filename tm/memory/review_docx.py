"""The review table as a .docx document: a table, written with zipfile and read with lxml.

One row per segment under a header row that Word repeats on every page, in a landscape
page; the columns are those of the .xlsx (ID, Source, Target, Origin, Match, QA flags,
Comment), Source and Target the two wide ones. A line break in a text is a `<w:br/>`, a tab
a `<w:tab/>`, as python-docx and Word write them, a `\r` a `<w:cr/>` (a carriage return,
also a line break to Word), each read back as it was; a cell's paragraphs are joined by
line breaks. Word does not run formulas in a table, so cells are written as they are (no
`'` escape). The first table of the document is read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from tm.core import xmlsafe
from tm.core.errors import InputError
from tm.memory.review import HEADINGS, ReviewRow, rows_of_table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WIDTHS = (1400, 4300, 4300, 1300, 900, 1000, 2000)  # twentieths of a point: 15,200 of the 15,398 between margins
MAX_UNPACKED = 1 << 30

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'  # noqa: E501
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'  # noqa: E501
    "</Relationships>"
)


def _t(text: str) -> str:
    """A `<w:t>`, `xml:space="preserve"` only where the text starts or ends with white space
    (where Word would drop it; each attribute costs a reader of 70,000 cells)."""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f"<w:t{space}>{xmlsafe.escape_text(text)}</w:t>"


def _runs(text: str, bold: bool = False) -> str:
    """A cell's text as runs: line breaks and tabs as Word's elements."""
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if "\n" not in text and "\r" not in text and "\t" not in text:  # most cells: one run, built at once
        return f"<w:r>{properties}{_t(text)}</w:r>" if text else ""
    parts: list[str] = []
    # `\n` is a `<w:br/>`, `\r` a `<w:cr/>` (both a line break to Word), read back as they
    # were: a segment's `\r` survives the round trip, so its unchanged source still matches.
    for number, line in enumerate(text.split("\n")):
        if number:
            parts.append("<w:br/>")
        for returns, chunk in enumerate(line.split("\r")):
            if returns:
                parts.append("<w:cr/>")
            for index, piece in enumerate(chunk.split("\t")):
                if index:
                    parts.append("<w:tab/>")
                if piece:
                    parts.append(_t(piece))
    return f"<w:r>{properties}{''.join(parts)}</w:r>" if parts else ""


def _row(values: Sequence[str], header: bool = False) -> str:
    """A row; the header's cells carry their widths, the others take them from the table's
    grid (its layout is fixed), which halves the part a reader parses."""
    if header:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{_runs(value, True)}</w:p></w:tc>'
            for value, width in zip(values, WIDTHS, strict=True)
        )
        return f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>"
    return "<w:tr>" + "".join(f"<w:tc><w:p>{_runs(value)}</w:p></w:tc>" for value in values) + "</w:tr>"


def write(rows: Sequence[ReviewRow]) -> bytes:
    """The document's bytes."""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in WIDTHS)
    body = [_row(HEADINGS, header=True)]
    body += [_row((r.id, r.source, r.target, r.origin, r.match, r.qa, r.comment)) for r in rows]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl><w:p/>'
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document.encode("utf-8"))
    return out.getvalue()


def _cells(table: Any) -> Iterator[tuple[int, list[tuple[str, bool]]]]:
    """The table's rows (its own `<w:tr>`s, numbered from 1), each cell's text: its
    paragraphs (those of a table nested in it too) joined by line breaks, `<w:br/>` a line
    break (`\n`), `<w:cr/>` a carriage return (`\r`), `<w:tab/>` a tab; `<w:delText>`
    (text a reviewer deleted with track changes on) is not the target. One walk in document
    order, tag-filtered in C: a 10,000-row table is some 200,000 elements, and reading each
    cell's paragraphs from Python cost 4× as much."""
    w = f"{{{W}}}"
    tr, tc, p, t, tab, br, cr = (w + name for name in ("tr", "tc", "p", "t", "tab", "br", "cr"))
    line = 0
    row: Any = None  # the current row of this table (not of one nested in a cell)
    cells: list[tuple[str, bool]] = []
    # The current cell's text as parts, a line break between its paragraphs: None before
    # its first paragraph (text outside one is not read), and before the first cell.
    parts: list[str] | None = None
    in_cell = False
    # A cell is the table's own only where a table is nested in one (its rows and cells are
    # then text of the outer cell); without one, no element's parent need be asked.
    nested = table.find(f".//{w}tbl") is not None
    for element in table.iter(tr, tc, p, t, tab, br, cr):
        tag = element.tag
        if tag == t:
            if parts is not None:
                parts.append(element.text or "")
        elif tag == p:
            if parts is not None:
                parts.append("\n")
            elif in_cell:
                parts = []
        elif tag == tc:
            if row is not None and (not nested or element.getparent() is row):
                if in_cell:
                    cells.append(("".join(parts) if parts else "", False))
                parts, in_cell = None, True
        elif tag == tr:
            if not nested or element.getparent() is table:
                if row is not None:
                    if in_cell:
                        cells.append(("".join(parts) if parts else "", False))
                    yield line, cells
                line += 1
                row, cells, parts, in_cell = element, [], None, False
        elif parts is not None:
            parts.append("\t" if tag == tab else "\r" if tag == cr else "\n")
    if row is not None:
        if in_cell:
            cells.append(("".join(parts) if parts else "", False))
        yield line, cells


def read(data: bytes, label: str) -> list[ReviewRow]:
    """The rows of a review document's first table. InputError for anything that is not one."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
                raise InputError(f"{label}: unpacks to more than {MAX_UNPACKED:,} bytes; refused")
            document = package.read("word/document.xml")
    except zipfile.BadZipFile:
        raise InputError(f"{label}: not a .docx document (not a zip archive)") from None
    except KeyError:
        raise InputError(f"{label}: not a .docx document (no word/document.xml)") from None
    except (zlib.error, EOFError, OSError) as exc:
        raise InputError(f"{label}: a damaged .docx document ({exc})") from None
    try:
        root = etree.fromstring(document, xmlsafe.parser(huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{label}: a damaged .docx document ({str(exc).splitlines()[0]})") from None
    table = root.find(f".//{{{W}}}tbl")
    if table is None:
        raise InputError(f"{label}: no table in the document; not a review file")
    return rows_of_table(_cells(table), label, escaped=False)
