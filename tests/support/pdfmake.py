"""A small PDF with a real text layer, written by hand (no LibreOffice needed): each
character gets a one-byte code of a Helvetica font whose ToUnicode map says what it is, as
PDF writers subset fonts. Lines are wrapped at `width` characters; paragraphs are apart by
a blank line, so that the PDF reader's paragraph rules see them as a writer lays them out."""

from __future__ import annotations

import textwrap


def text_pdf(paragraphs: list[str], width: int = 80) -> bytes:
    """A one-page (or longer, by the text) A4 PDF of these paragraphs."""
    chars = sorted(set("".join(paragraphs)) | {" "})
    if len(chars) > 254:
        raise ValueError("more than 254 distinct characters: one font of one-byte codes cannot hold them")
    code = {c: i + 1 for i, c in enumerate(chars)}
    lines: list[str | None] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width) + [None]
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)] or [[]]

    def hex_of(text: str) -> str:
        return "".join(f"{code[c]:02X}" for c in text)

    objects: dict[int, bytes] = {}
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS)"
        " /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <01> <FF>"
        f" endcodespacerange {len(chars)} beginbfchar "
        + " ".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
        + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects[3] = (
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar {len(chars)}"
        f" /Widths [{' '.join('278' if c == ' ' else '556' for c in chars)}] /ToUnicode 4 0 R >>"
    ).encode()
    objects[4] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    kids = []
    for n, page in enumerate(pages):
        content = "BT /F1 11 Tf 14 TL 56 780 Td " + " ".join("T*" if line is None else f"<{hex_of(line)}> Tj T*" for line in page)
        content += " ET"
        page_id, content_id = 5 + 2 * n, 6 + 2 * n
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            f" /Contents {content_id} 0 R >>"
        ).encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(content) + content.encode() + b"\nendstream"
        kids.append(f"{page_id} 0 R")
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in sorted(objects))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
