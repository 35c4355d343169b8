"""OpenDocument texts (ODT, OTT): `content.xml`, and the headers and footers of `styles.xml`.

The same model as DOCX, in reading order: the body (paragraphs, headings, lists, tables),
each frame's text box after the paragraph that anchors it, then the master pages' headers
and footers, the footnotes, endnotes and comments (`office:annotation`). A note leaves a
placeholder in its paragraph, and its body becomes blocks of their own.

Inline codes: a `text:span` whose style (an automatic style, resolved through its parents)
shows something (bold, italic, underline; other visible properties are "format") is an
open/close pair, and adjacent spans that look the same are one, so LibreOffice's
revision-id styles (`officeooo:rsid`) and language marks make no code; `text:a` is a
"link" pair; `text:line-break` and `text:tab` are placeholders; `text:s` is spaces, text.
Tracked changes: the text of insertions stands in the body and is read; deletions live in
`text:tracked-changes`, which is never read. Hidden text (`text:hidden-text`,
`text:display="none"`) is not read either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from tm.core.errors import InputError
from tm.documents.docx import BlockBuilder, Format
from tm.documents.model import Block, StructuredDocument
from tm.documents.packages import Package, parse_part

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
TEXT_MIME = "application/vnd.oasis.opendocument.text"

# Text properties that change nothing visible: revision ids, language and hyphenation
# (spell-check), and the fonts for Asian and complex scripts.
_INVISIBLE = re.compile(r"rsid$|^(language|country|script|rfc-language-tag|hyphenat)|-(asian|complex)$")
_SPACES = re.compile(r"[ \t\r\n]+")
# Fields: their text is the field's current value, read as text after a "field" placeholder.
_FIELDS = frozenset(
    TEXT + name
    for name in (
        "page-number",
        "page-count",
        "date",
        "time",
        "sequence",
        "chapter",
        "title",
        "subject",
        "author-name",
        "author-initials",
        "file-name",
        "word-count",
        "paragraph-count",
        "character-count",
        "user-defined",
        "variable-get",
        "variable-set",
        "user-field-get",
        "expression",
        "bookmark-ref",
        "reference-ref",
        "sequence-ref",
        "note-ref",
    )
)
_SKIPPED = frozenset(
    {
        TEXT + "tracked-changes",
        TEXT + "hidden-text",
        TEXT + "hidden-paragraph",
        TEXT + "note-citation",
        TEXT + "ruby-text",
        TEXT + "sequence-decls",
        TEXT + "variable-decls",
        TEXT + "user-field-decls",
        OFFICE + "forms",
    }
)


def _local(key: str) -> str:
    return key.rsplit("}", 1)[-1]


class _Styles:
    """Text styles by name, each resolved through its parents to its visible properties."""

    def __init__(self, *roots: Any) -> None:
        self._raw: dict[str, tuple[str | None, dict[str, str]]] = {}
        for root in roots:
            for style in root.iter(STYLE + "style"):
                if style.get(STYLE + "family") not in ("text", None):
                    continue
                props: dict[str, str] = {}
                for text_props in style.iterchildren(STYLE + "text-properties"):
                    props.update({_local(k): v for k, v in text_props.attrib.items()})
                self._raw[style.get(STYLE + "name", "")] = (style.get(STYLE + "parent-style-name"), props)
        self._resolved: dict[str, dict[str, str]] = {}

    def properties(self, name: str) -> dict[str, str]:
        if name not in self._resolved:
            self._resolved[name] = {}  # a cycle of parents resolves to nothing
            parent, own = self._raw.get(name, (None, {}))
            props = dict(self.properties(parent)) if parent else {}
            props.update(own)
            self._resolved[name] = props
        return self._resolved[name]


# `_format` of each set of properties met, worked out once: a document's text pieces share a
# handful of styles (and most have none). Cleared when full, to stay bounded on any file.
_FORMATS: dict[tuple[tuple[str, str], ...], Format | None] = {}
_FORMATS_SIZE = 4096


def _format(props: dict[str, str]) -> Format | None:
    """The visible formatting of resolved text properties, or None."""
    if not props:
        return None
    key = tuple(props.items())
    if key in _FORMATS:
        return _FORMATS[key]
    if len(_FORMATS) >= _FORMATS_SIZE:
        _FORMATS.clear()
    found = _FORMATS[key] = _visible_format(props)
    return found


def _visible_format(props: dict[str, str]) -> Format | None:
    """`_format`, worked out."""
    kept = {k: v for k, v in props.items() if not _INVISIBLE.search(k) and k != "display"}
    if kept.get("text-underline-style") == "none":
        kept = {k: v for k, v in kept.items() if not k.startswith("text-underline")}
    if kept.get("font-weight") == "normal":
        del kept["font-weight"]
    if kept.get("font-style") == "normal":
        del kept["font-style"]
    if not kept:
        return None
    names = {k for k in kept if not k.startswith("text-underline")} | (
        {"u"} if any(k.startswith("text-underline") for k in kept) else set()
    )
    kind = {frozenset({"font-weight"}): "bold", frozenset({"font-style"}): "italic", frozenset({"u"}): "underline"}.get(
        frozenset(names), "format"
    )
    key = "|".join(f"{k}={v}" for k, v in sorted(kept.items()))
    data = "<style:text-properties " + " ".join(f'{k}="{v}"' for k, v in sorted(kept.items())) + "/>"
    return key, kind, data


class _PartReader:
    """The paragraphs of one XML part, with the notes and comments they carry set aside."""

    def __init__(self, name: str, styles: _Styles) -> None:
        self.name = name
        self.styles = styles
        self.index = 0
        self.notes: list[tuple[str, Any]] = []  # (footnote|endnote|comment, the element holding its paragraphs)
        self._boxes: list[Any] = []

    def blocks(self, container: Any, part: str) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag in (TEXT + "p", TEXT + "h"):
                yield from self.paragraph(child, part)
            elif tag == TABLE + "table":
                yield from self._table(child, "table" if part == "body" else part)
            elif tag in (DRAW + "frame", DRAW + "a", DRAW + "custom-shape", DRAW + "g"):
                for box in _boxes(child):
                    yield from self.blocks(box, "textbox")
            elif tag.startswith(TEXT) or tag.startswith(OFFICE):
                # lists, list items, sections, indexes, the office:text itself …
                yield from self.blocks(child, part)

    def _table(self, table: Any, part: str) -> Iterator[Block]:
        for child in table:
            if child.tag == TABLE + "table-cell":
                yield from self.blocks(child, part)
            elif child.tag in (
                TABLE + "table-row",
                TABLE + "table-rows",
                TABLE + "table-header-rows",
                TABLE + "table-row-group",
            ):
                yield from self._table(child, part)

    def paragraph(self, paragraph: Any, part: str) -> Iterator[Block]:
        ref = f"{self.name}#p{self.index}"
        self.index += 1
        outer, self._boxes = self._boxes, []
        builder = BlockBuilder()
        self._inline(paragraph, builder, {})
        boxes, self._boxes = self._boxes, outer
        block = builder.block(part, ref)
        if block is not None:
            yield block
        for box in boxes:
            yield from self.blocks(box, "textbox")

    def _text(self, text: str | None, builder: BlockBuilder, props: dict[str, str]) -> None:
        if text:
            # (most text has no run of white space to fold: the regex only where it has)
            if "  " in text or "\n" in text or "\t" in text or "\r" in text:
                text = _SPACES.sub(" ", text)
            builder.text(text, _format(props))

    def _inline(self, element: Any, builder: BlockBuilder, props: dict[str, str]) -> None:
        self._text(element.text, builder, props)
        for child in element:
            self._child(child, builder, props)
            self._text(child.tail, builder, props)

    def _child(self, child: Any, builder: BlockBuilder, props: dict[str, str]) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            return
        fmt = _format(props)
        if tag == TEXT + "span":
            own = self.styles.properties(child.get(TEXT + "style-name", ""))
            if own.get("display") == "none":
                return  # hidden
            self._inline(child, builder, {**props, **own})
        elif tag == TEXT + "a":
            builder.open_link(f"{_start_tag(child)} {child.get(XLINK + 'href', '')}".strip())
            self._inline(child, builder, props)
            builder.close_link()
        elif tag == TEXT + "s":
            builder.text(" " * max(1, _count(child.get(TEXT + "c"))), fmt)
        elif tag == TEXT + "tab":
            builder.placeholder("tab", "<text:tab/>", fmt)
        elif tag == TEXT + "line-break":
            builder.placeholder("break", "<text:line-break/>", fmt)
        elif tag == TEXT + "note":
            kind = "endnote" if child.get(TEXT + "note-class") == "endnote" else "footnote"
            builder.placeholder(kind, _start_tag(child), fmt, weak=True)
            for body in child.iterchildren(TEXT + "note-body"):
                self.notes.append((kind, body))
        elif tag == OFFICE + "annotation":
            builder.placeholder("comment", _start_tag(child), fmt, weak=True)
            self.notes.append(("comment", child))
        elif tag in (DRAW + "frame", DRAW + "a", DRAW + "custom-shape", DRAW + "g"):
            self._boxes.extend(_boxes(child))
            builder.placeholder("image", _start_tag(child), fmt, weak=True)
        elif tag in _FIELDS:
            builder.placeholder("field", _start_tag(child), fmt)
            self._inline(child, builder, props)
        elif tag.startswith(TEXT) and _local(tag) in ("meta", "ruby", "ruby-base", "meta-field", "span"):
            self._inline(child, builder, props)
        # bookmarks, reference marks, change marks, soft page breaks, index marks: nothing


def _count(value: str | None) -> int:
    try:
        return int(value or "1")
    except ValueError:
        return 1


def _start_tag(element: Any) -> str:
    prefixes = {uri: prefix for prefix, uri in (element.nsmap or {}).items() if prefix}

    def name(key: str) -> str:
        if key.startswith("{"):
            uri, local = key[1:].split("}", 1)
            return f"{prefixes[uri]}:{local}" if uri in prefixes else local
        return key

    attributes = "".join(f' {name(k)}="{v}"' for k, v in element.attrib.items())
    return f"<{name(element.tag)}{attributes}/>"


def _boxes(element: Any) -> Iterator[Any]:
    """The text containers of a drawing: text boxes, and shapes with text of their own."""
    for child in element:
        if child.tag == DRAW + "text-box":
            yield child
        elif child.tag in (DRAW + "frame", DRAW + "a", DRAW + "g"):
            yield from _boxes(child)
    if element.tag == DRAW + "custom-shape":
        yield element  # its text:p children


def _check_package(package: Package) -> None:
    if "mimetype" in package:
        mime = package.read("mimetype").decode("ascii", "replace").strip()
        if mime.startswith("application/vnd.oasis.opendocument.") and not mime.startswith(TEXT_MIME):
            raise InputError(f"{package.label}: an OpenDocument file of another kind ({mime}), not a text document")
    if "META-INF/manifest.xml" in package:
        manifest = parse_part(package, "META-INF/manifest.xml")
        if next(manifest.iter(MANIFEST + "encryption-data"), None) is not None:
            raise InputError(f"{package.label}: password-protected OpenDocument file; save it without a password")
    if "content.xml" not in package:
        raise InputError(f"{package.label}: not an OpenDocument text (no content.xml in the package)")


def read(data: bytes, label: str) -> StructuredDocument:
    """The blocks of an OpenDocument text, in reading order."""
    package = Package(data, label, "an OpenDocument text (.odt)")
    _check_package(package)
    return StructuredDocument("odt", tuple(_read_package(package)))


def _read_package(package: Package) -> Iterator[Block]:
    content = parse_part(package, "content.xml")
    styles_root = parse_part(package, "styles.xml") if "styles.xml" in package else None
    yield from walk(content, styles_root)


def walk(content: Any, styles_root: Any | None, make: Callable[[str, _Styles], _PartReader] = _PartReader) -> Iterator[Block]:
    """The blocks of a parsed `content.xml` and `styles.xml`, in reading order: the body,
    the master pages' headers and footers, then the footnotes, endnotes and comments (those
    inside a note in the same turn). The one walk of an ODT: the reader's, and the write-back's
    (tm/documents/writeback/odt.py), whose `make` gives its tracing part readers, so that the
    paragraph numbers in the refs are the same in both."""
    common = [r for r in (styles_root,) if r is not None]
    shared_styles = [s for r in common for s in r.iterchildren(OFFICE + "styles")]
    content_styles = _Styles(*shared_styles, *content.iterchildren(OFFICE + "automatic-styles"))
    body = make("content.xml", content_styles)
    notes: list[tuple[str, Any, _PartReader]] = []
    for office_body in content.iterchildren(OFFICE + "body"):
        for text in office_body.iterchildren(OFFICE + "text"):
            yield from body.blocks(text, "body")
    notes.extend((kind, element, body) for kind, element in body.notes)

    if styles_root is not None:
        header_styles = _Styles(*shared_styles, *styles_root.iterchildren(OFFICE + "automatic-styles"))
        reader = make("styles.xml", header_styles)
        for master in styles_root.iter(STYLE + "master-page"):
            for child in master:
                local = _local(child.tag)
                if local.startswith("header") or local.startswith("footer"):
                    part = "header" if local.startswith("header") else "footer"
                    yield from reader.blocks(child, part)
        notes.extend((kind, element, reader) for kind, element in reader.notes)

    for wanted in ("footnote", "endnote", "comment"):
        # A note's own paragraphs may hold notes and comments; read them in the same turn.
        index = 0
        while index < len(notes):
            kind, element, owner = notes[index]
            index += 1
            if kind != wanted:
                continue
            before = len(owner.notes)
            yield from owner.blocks(element, kind)
            notes.extend((k, e, owner) for k, e in owner.notes[before:])
