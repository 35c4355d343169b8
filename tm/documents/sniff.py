"""Which format a file is in, from its first bytes (its suffix only where they say nothing).

The registry's format names (tm/documents/registry.py): an OOXML zip with `word/` is "docx",
an ODF zip whose `mimetype` is a text document "odt", `%PDF-` "pdf", a first element `<html>`
(or an HTML doctype, `<head>`, `<body>`) "html", `<xliff>` "xliff", an OLE2 container or
`{\\rtf` "legacy". A `.txt` that is HTML is HTML. Anything else is plain text (None).
"""

from __future__ import annotations

import io
import re
import zipfile

from tm.documents.registry import BY_SUFFIX

_PDF = re.compile(rb"(?:^|[\r\n])%PDF-\d")
# The first element, after an XML declaration, comments and a doctype of the file.
_FIRST_TAG = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+(\w+)[^>]*>\s*)?(?:<!--.*?-->\s*)*<([\w:]+)", re.I | re.S
)
_MARKUP = {b"html": "html", b"head": "html", b"body": "html", b"xliff": "xliff"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_TEXT = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")


def sniff(data: bytes) -> str | None:
    """The format these bytes are in, by content alone, or None (plain text, or a zip or
    container of something the tool does not read)."""
    head = data[:4096]
    if _PDF.search(head[:1024]):  # the header may follow a little junk, but starts a line
        return "pdf"
    if head.startswith(b"{\\rtf") or head.startswith(OLE2):
        return "legacy"
    if head.startswith(b"PK\x03\x04"):
        return _zip(data)
    first = _FIRST_TAG.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if first:
        doctype, element = (first.group(1) or b"").lower(), first.group(2).lower().rsplit(b":", 1)[-1]
        return _MARKUP.get(doctype) or _MARKUP.get(element)
    return None


def _zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            with archive.open("mimetype") if "mimetype" in names else io.BytesIO() as member:
                mimetype = member.read(100).strip()  # a few bytes, however large the member claims
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    if mimetype in ODF_TEXT:
        return "odt"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return None


def format_of(data: bytes, suffix: str) -> str | None:
    """The format to read a file in: its content decides; a suffix the registry knows
    decides only where the content is plain text is not what it is (None for plain text).
    A `.txt` stays plain text unless its content is a format."""
    found = sniff(data)
    if found:
        return found
    known = BY_SUFFIX.get(suffix.lower())
    # HTML and XLIFF fragments without a first element, say, are still read by their suffix.
    return known.name if known and known.name in ("html", "xliff") else None


def suffix_format(suffix: str) -> str | None:
    """The registry's format for a file suffix, or None."""
    known = BY_SUFFIX.get(suffix.lower())
    return known.name if known else None
