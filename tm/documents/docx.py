"""Word documents (DOCX, DOCM, DOTX, DOTM): the OOXML parts, read with lxml.

python-docx sees neither footnotes nor text boxes nor tracked changes, so this walks the
WordprocessingML itself, in reading order: the body (paragraphs and tables), then the
headers and footers its sections use, the footnotes, endnotes and comments. A text box
(`w:txbxContent`) follows the paragraph that anchors it, read once: `mc:AlternateContent`
carries a VML copy of each box in its Fallback, and only the Choice is read.

What is text: `w:t` of runs that are not hidden (`w:vanish`), including tracked insertions
(`w:ins`, `w:moveTo`); never deleted text (`w:del`, `w:delText`, `w:moveFrom`) or field
instructions (`w:instrText`). Inline codes, as a CAT tool's DOCX filter makes them:

- a run's visible formatting (bold, italic, underline; any other run property is "format")
  is an open/close pair around its text, and adjacent runs whose visible formatting is the
  same are one span: the splits Word makes for spell-checking and revision ids (`w:rsid*`,
  `w:proofErr`, `w:lang`, `w:noProof`) change nothing a reader sees, so they make no code;
- a hyperlink is a "link" pair (data: its attributes and target);
- footnote, endnote and comment references, breaks, tabs, images and drawings are
  placeholders; a field (`w:fldSimple`, or `w:fldChar` begin … separate … end) is a
  "field" placeholder holding its instruction, and the field's result stays text.

Each code's `data` is the original XML it stands for (namespace declarations left out), and
each block's `ref` is its part name and paragraph index (`word/document.xml#p12`), for a
later issue that writes a translation back. The body is streamed: memory holds one
top-level paragraph or table at a time, not the tree of the whole document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tm.core.errors import InputError
from tm.documents.model import Block, Code, StructuredDocument, make_block, make_code
from tm.documents.packages import Package, iter_part, parse_part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"

# Run properties that change nothing visible in a Russian text: spell-check language and
# proofing, revision marks of the properties themselves, and complex-script variants
# (Arabic, Hebrew …) of bold, italic and size. A run with only these has no code.
_INVISIBLE_PROPERTIES = frozenset(
    {"lang", "noProof", "rPrChange", "ins", "del", "moveFrom", "moveTo", "specVanish", "webHidden", "bCs", "iCs", "szCs"}
)
_FALSE = frozenset({"0", "false", "off"})
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')

# The tags the walk compares against, made once (not `W + "r"` at every element).
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (W + n for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_R, _RPR, _T, _HYPERLINK, _FLD_SIMPLE = (W + n for n in ("r", "rPr", "t", "hyperlink", "fldSimple"))
_FLD_CHAR, _INSTR_TEXT, _VANISH, _B, _I, _U = (W + n for n in ("fldChar", "instrText", "vanish", "b", "i", "u"))
_ALTERNATE, _CHOICE = MC + "AlternateContent", MC + "Choice"
_BODY, _SECT_PR, _HEADER_REFERENCE, _FOOTER_REFERENCE = (W + n for n in ("body", "sectPr", "headerReference", "footerReference"))
_RID = R + "id"
_BLOCK_WRAPPERS = frozenset({W + "customXml", W + "ins", W + "moveTo", _CHOICE})
_INLINE_WRAPPERS = frozenset(W + n for n in ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo")) | {_CHOICE}
_MATH = frozenset({M + "oMath", M + "oMathPara"})
# Run content that is a placeholder: tag → (code type, weak).
_RUN_PLACEHOLDERS = {
    **{W + n: ("tab", False) for n in ("tab", "ptab")},
    **{W + n: ("break", False) for n in ("br", "cr")},
    W + "sym": ("other", False),
    W + "footnoteReference": ("footnote", True),
    W + "endnoteReference": ("endnote", True),
    W + "commentReference": ("comment", True),
}
_NO_BREAK_HYPHEN = W + "noBreakHyphen"
_DRAWINGS = frozenset(W + n for n in ("drawing", "pict", "object"))
_VAL = W + "val"


def _xml(element: Any) -> str:
    """An element's markup as the file has it, without the namespace declarations lxml
    repeats on every fragment.

    lxml writes a fragment of a tree with every namespace in scope declared on it (some 30
    on a Word document's parts), which is most of the time spent here; a copy of the
    element is a tree of its own that declares only the namespaces it uses, with the same
    prefixes, so its markup is the same once the declarations are removed (checked on
    every element of the test documents) at a third of the cost."""
    return _without_namespaces(etree.tostring(element.__copy__(), encoding="unicode", with_tail=False))


@functools.lru_cache(maxsize=1024)
def _without_namespaces(markup: str) -> str:
    """`markup` without its `xmlns` declarations (a document repeats a few rPr and
    placeholders thousands of times)."""
    return _XMLNS.sub("", markup)


def _shallow(element: Any) -> str:
    """An element's start tag alone (for elements whose content is read as blocks)."""
    tag = element.tag.split("}", 1)[-1]
    prefix = f"{element.prefix}:" if element.prefix else ""
    attributes = "".join(f' {_qname(element, k)}="{v}"' for k, v in element.attrib.items())
    return f"<{prefix}{tag}{attributes}/>"


def _qname(element: Any, key: str) -> str:
    if key.startswith("{"):
        uri, local = key[1:].split("}", 1)
        for prefix, value in (element.nsmap or {}).items():
            if value == uri and prefix:
                return f"{prefix}:{local}"
        return local
    return key


def _on(element: Any) -> bool:
    """A toggle property (`<w:b/>`, `<w:vanish w:val="0"/>`) that is switched on."""
    return element.get(_VAL, "true").lower() not in _FALSE


# A run's visible formatting: (key compared when merging runs, code type, original rPr).
# The DOCX reader gives the rPr as its element and `BlockBuilder` serialises it only when a
# span opens (most runs continue a span or have none); ODT gives the markup as a string.
Format = tuple[str, str, Any]


def run_format(rpr: Any) -> Format | None:
    """The visible formatting of a run's `w:rPr`, or None when it has none."""
    found = _visible(rpr) if rpr is not None else None
    return None if found is None else (found[0], found[1], _xml(rpr))


# What an rPr shows, by what `_visible` and the hidden test read of it: the tag and the
# attributes of each child element. Word repeats a handful of rPr across a document, so
# each is worked out once. Cleared when full, to stay bounded on any document.
_RPR_MEMO: dict[tuple[tuple[Any, tuple[tuple[str, str], ...]], ...], tuple[tuple[str, str] | None, bool]] = {}
_RPR_MEMO_SIZE = 4096


def _run_properties(rpr: Any) -> tuple[tuple[str, str] | None, bool]:
    """(merge key and code type of the visible formatting, or None; whether hidden)."""
    if not len(rpr):
        return None, False  # `<w:rPr/>`, as LibreOffice writes for plain runs
    # Every child, comments and processing instructions too (their `tag` is a function and
    # they have no items): a key finer than the elements alone, the same values, and
    # cheaper than filtering the children for elements.
    key = tuple([(child.tag, tuple(child.items())) for child in rpr])
    found = _RPR_MEMO.get(key)
    if found is None:
        if len(_RPR_MEMO) >= _RPR_MEMO_SIZE:
            _RPR_MEMO.clear()
        found = _RPR_MEMO[key] = (_visible(rpr), any(_on(v) for v in rpr.iterchildren(_VANISH)))
    return found


def _visible(rpr: Any) -> tuple[str, str] | None:
    """The merge key and code type of an rPr's visible formatting, or None."""
    kept: list[tuple[str, str]] = []
    for child in rpr:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        local = child.tag.split("}", 1)[-1]
        if local in _INVISIBLE_PROPERTIES:
            continue
        attributes = {k.split("}", 1)[-1]: v for k, v in child.attrib.items()}
        if local == "rFonts":
            attributes.pop("hint", None)  # which script the font is meant for: nothing visible
            if not attributes:
                continue
        kept.append((local, " ".join(f"{k}={v}" for k, v in sorted(attributes.items()))))
    if not kept:
        return None
    kept.sort()
    names = [name for name, _ in kept]
    kind = "format"
    if names == ["b"] and _on(rpr.find(_B)):
        kind = "bold"
    elif names == ["i"] and _on(rpr.find(_I)):
        kind = "italic"
    elif names == ["u"] and (rpr.find(_U).get(_VAL) or "single") != "none":
        kind = "underline"
    return "|".join(f"{n}:{a}" for n, a in kept), kind


class BlockBuilder:
    """One paragraph's text and codes as a reader finds them, left to right.

    Formatting spans open lazily, when text (or a placeholder) in that formatting arrives,
    and stay open while the next run's formatting is the same: that is the merging of runs
    that differ in nothing visible. A link closes the span around it, so spans nest.
    """

    def __init__(self) -> None:
        self._text: list[str] = []
        self._length = 0
        self._codes: list[Code] = []
        self._next_id = 0
        self._span: tuple[str, int, str] | None = None  # key, id, type of the open formatting span
        self._links: list[tuple[int, str]] = []
        self._runs: list[int] = []  # where each text element starts and ends (Block.runs)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def _close_span(self) -> None:
        if self._span is not None:
            _, span_id, kind = self._span
            self._codes.append(make_code("close", span_id, self._length, kind, ""))
            self._span = None

    def _enter(self, fmt: Format | None) -> None:
        key = fmt[0] if fmt else None
        if self._span is not None and self._span[0] == key:
            return
        self._close_span()
        if fmt is not None:
            span_id = self._new_id()
            data = fmt[2] if isinstance(fmt[2], str) else _xml(fmt[2])
            self._codes.append(make_code("open", span_id, self._length, fmt[1], data))
            self._span = (fmt[0], span_id, fmt[1])

    def text(self, text: str | None, fmt: Format | None = None) -> None:
        if not text:
            return
        span = self._span
        if fmt is None:
            if span is not None:
                self._close_span()
        elif span is None or span[0] != fmt[0]:
            self._enter(fmt)  # (text in the open span, or in none, is the common case)
        if "\n" in text or "\r" in text:
            text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        self._text.append(text)
        self._runs.append(self._length)
        self._length += len(text)
        self._runs.append(self._length)

    def placeholder(self, kind: str, data: str, fmt: Format | None = None, weak: bool = False) -> None:
        """A placeholder code here. A `weak` one (a reference mark, an image) takes the
        formatting only of the span already open: a superscript footnote mark inside a
        plain sentence splits nothing and wraps nothing."""
        if weak and (self._span is None or fmt is None or self._span[0] != fmt[0]):
            self._close_span()
        else:
            self._enter(fmt)
        self._codes.append(make_code("placeholder", self._new_id(), self._length, kind, data))

    def open_link(self, data: str, kind: str = "link") -> None:
        self._close_span()
        link_id = self._new_id()
        self._codes.append(make_code("open", link_id, self._length, kind, data))
        self._links.append((link_id, kind))

    def close_link(self) -> None:
        self._close_span()
        if self._links:
            link_id, kind = self._links.pop()
            self._codes.append(make_code("close", link_id, self._length, kind, ""))

    def block(self, part: str, ref: str) -> Block | None:
        """The finished block, or None when it has no text to translate."""
        self._close_span()
        while self._links:
            self.close_link()
        text = "".join(self._text)
        if not text.strip():
            return None
        # `_runs` only grows (each element's start, then its end), so the boundaries are in
        # order already: duplicates dropped in place rather than a set sorted again.
        length = len(text)
        runs = tuple(offset for offset in dict.fromkeys(self._runs) if 0 < offset < length)
        return make_block(text, tuple(self._codes), part, ref, runs)


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    shown: bool = False  # its placeholder is written (at `separate`, or at `end` without a result)


class _PartReader:
    """Reads the paragraphs of one part (the body, a header, the footnotes …)."""

    def __init__(self, name: str, relationships: dict[str, tuple[str, str]]) -> None:
        self.name = name
        self.relationships = relationships
        self.index = 0  # paragraphs seen in this part, empty ones too: the `ref` index
        self.fields: list[_Field] = []  # complex fields open, which may span paragraphs
        self._boxes: list[Any] = []

    def blocks(self, container: Any, part: str) -> Iterator[Block]:
        """The blocks of a block-level container (body, cell, header, note, text box)."""
        for child in container:
            tag = child.tag
            if tag == _P:
                yield from self.paragraph(child, part)
            elif tag == _TBL:
                inner = "table" if part == "body" else part
                for row in child.iterchildren(_TR):
                    for cell in row.iterchildren(_TC):
                        yield from self.blocks(cell, inner)
                    for sdt in row.iterchildren(_SDT):  # a content control around cells
                        for content in sdt.iterchildren(_SDT_CONTENT):
                            for cell in content.iterchildren(_TC):
                                yield from self.blocks(cell, inner)
            elif tag == _SDT:
                for content in child.iterchildren(_SDT_CONTENT):
                    yield from self.blocks(content, part)
            elif tag in _BLOCK_WRAPPERS:
                yield from self.blocks(child, part)
            elif tag == _ALTERNATE:
                yield from self.blocks(_choice(child), part)

    def paragraph(self, paragraph: Any, part: str) -> Iterator[Block]:
        ref = f"{self.name}#p{self.index}"
        self.index += 1
        outer_boxes, self._boxes = self._boxes, []
        builder = BlockBuilder()
        self._inline(paragraph, builder)
        boxes, self._boxes = self._boxes, outer_boxes
        block = builder.block(part, ref)
        if block is not None:
            yield block
        for box in boxes:
            yield from self.blocks(box, "textbox")

    def _in_instruction(self) -> bool:
        return bool(self.fields) and not self.fields[-1].shown

    def _inline(self, container: Any, builder: BlockBuilder) -> None:
        """The inline content of a paragraph, a hyperlink, an insertion …"""
        for child in container:
            tag = child.tag
            if tag == _R:
                self._run(child, builder)
            elif tag == _HYPERLINK:
                builder.open_link(self._link_data(child))
                self._inline(child, builder)
                builder.close_link()
            elif tag == _FLD_SIMPLE:
                if not self._in_instruction():
                    builder.placeholder("field", _shallow(child))
                self._inline(child, builder)  # the field's result
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, builder)
            elif tag == _SDT:
                for content in child.iterchildren(_SDT_CONTENT):
                    self._inline(content, builder)
            elif tag == _ALTERNATE:
                self._inline(_choice(child), builder)
            elif tag in _MATH:
                if not self._in_instruction():
                    builder.placeholder("other", _xml(child))
            # w:del, w:moveFrom (deleted text), w:pPr, bookmarks, proofErr, comment ranges: nothing

    def _run(self, run: Any, builder: BlockBuilder) -> None:
        # The run's first w:rPr (its first child, by the schema), found by a loop over the
        # children: cheaper than `find` (ElementPath) or `iterchildren(tag)` for 1–3 children.
        for rpr in run:
            if rpr.tag == _RPR:
                visible, hidden = _run_properties(rpr)
                # The rPr element stands for its markup: serialised only if a span opens here.
                fmt = None if visible is None else (visible[0], visible[1], rpr)
                self._run_content(run, builder, fmt, hidden)
                return
        self._run_content(run, builder, None, False)

    def _run_content(self, run: Any, builder: BlockBuilder, fmt: Format | None, hidden: bool) -> None:
        fields = self.fields
        for child in run:
            tag = child.tag
            if tag == _T:  # the common case first; the same tests as below
                if not hidden and not (fields and not fields[-1].shown):
                    builder.text(child.text, fmt)
                continue
            if tag == _RPR:
                continue
            if tag == _FLD_CHAR:
                self._field_char(child, builder, fmt, hidden)
                continue
            if tag == _INSTR_TEXT:
                if fields and not fields[-1].shown:
                    fields[-1].instruction.append(child.text or "")
                continue
            if hidden or (fields and not fields[-1].shown):
                continue
            placeholder = _RUN_PLACEHOLDERS.get(tag)
            if placeholder is not None:
                builder.placeholder(placeholder[0], _xml(child), fmt, weak=placeholder[1])
            elif tag == _NO_BREAK_HYPHEN:
                builder.text("\u2011", fmt)
            elif tag in _DRAWINGS:
                boxes = list(_text_boxes(child))
                self._boxes.extend(boxes)
                builder.placeholder("image", _shallow(child) if boxes else _xml(child), fmt, weak=True)
            elif tag == _ALTERNATE:
                self._run_content(_choice(child), builder, fmt, hidden)
            # w:delText, w:softHyphen, w:lastRenderedPageBreak, w:footnoteRef (a note's own
            # number), w:annotationRef, separators: nothing to read

    def _field_char(self, char: Any, builder: BlockBuilder, fmt: Format | None, hidden: bool) -> None:
        kind = char.get(W + "fldCharType")
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            current = self.fields.pop()
            if not self._in_instruction() and not hidden:
                builder.placeholder("field", "".join(current.instruction).strip(), fmt)
            current.shown = True
            self.fields.append(current)
        elif kind == "end" and self.fields:
            current = self.fields.pop()
            if not current.shown and not self._in_instruction() and not hidden:
                builder.placeholder("field", "".join(current.instruction).strip(), fmt)

    def _link_data(self, link: Any) -> str:
        target = ""
        rid = link.get(R + "id")
        if rid and rid in self.relationships:
            target = self.relationships[rid][1]
        elif link.get(W + "anchor"):
            target = "#" + link.get(W + "anchor")
        return f"{_shallow(link)} {target}".strip()


def _choice(alternate: Any) -> Any:
    """The first `mc:Choice` of an `mc:AlternateContent` (never the Fallback, a copy of the
    same content for older readers), or an empty list."""
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else []


def _text_boxes(element: Any) -> Iterator[Any]:
    """The outermost `w:txbxContent` inside a drawing, not counting Fallback copies."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag == MC + "Fallback":
            continue
        if child.tag == W + "txbxContent":
            yield child
        else:
            yield from _text_boxes(child)


def _relationships(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships, id → (type, target part or URL)."""
    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels not in package:
        return {}
    result: dict[str, tuple[str, str]] = {}
    for rel in parse_part(package, rels).iter(PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            target = _resolve(folder, target)
        result[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return result


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name inside the package."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _in_top_level(element: Any, top_level: tuple[str, ...]) -> bool:
    """Whether an element is inside a child of `w:body` that the body's walk reads."""
    node = element.getparent()
    while node is not None:
        parent = node.getparent()
        if parent is not None and parent.tag == _BODY and node.tag in top_level:
            return True
        node = parent
    return False


def _main_part(package: Package) -> str:
    for kind, target in _relationships(package, "").values():
        if kind.endswith(OFFICE_DOCUMENT) and target in package:
            return target
    if "word/document.xml" in package:
        return "word/document.xml"
    raise InputError(f"{package.label}: not a Word document (no word/document.xml in the package)")


def read(data: bytes, label: str) -> StructuredDocument:
    """The blocks of a Word document, in reading order."""
    package = Package(data, label, "a Word document (.docx)")
    main = _main_part(package)
    return StructuredDocument("docx", tuple(_read_package(package, main)))


def _read_package(package: Package, main: str) -> Iterator[Block]:
    relationships = _relationships(package, main)
    body = _PartReader(main, relationships)
    section_parts: list[str] = []
    top_level = (_P, _TBL, _SDT, W + "customXml", _SECT_PR, _ALTERNATE, W + "ins")
    # The section's header and footer references come as events of their own (searching
    # each paragraph for them cost more than reading it), in document order as before.
    for element in iter_part(package, main, (*top_level, _HEADER_REFERENCE, _FOOTER_REFERENCE)):
        tag = element.tag
        if tag == _HEADER_REFERENCE or tag == _FOOTER_REFERENCE:
            if _in_top_level(element, top_level):
                rel = relationships.get(element.get(_RID, ""))
                if rel and rel[1] not in section_parts:
                    section_parts.append(rel[1])
            continue
        parent = element.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # inside a top-level element, which reads it when it ends
        if tag == _P:  # most of a document: straight to the paragraph, one generator fewer
            yield from body.paragraph(element, "body")
        elif tag != _SECT_PR:
            yield from body.blocks([element], "body")
        # Free what is read: the element and whatever came before it in the body.
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]

    for name in section_parts:
        if name not in package:
            continue
        kind = "header" if name.rsplit("/", 1)[-1].startswith("header") else "footer"
        for rel_type, target in relationships.values():
            if target == name:
                kind = "header" if rel_type.endswith("/header") else "footer"
        reader = _PartReader(name, _relationships(package, name))
        yield from reader.blocks(parse_part(package, name), kind)

    for rel_suffix, note_tag, part in (
        ("/footnotes", "footnote", "footnote"),
        ("/endnotes", "endnote", "endnote"),
        ("/comments", "comment", "comment"),
    ):
        names = [t for k, t in relationships.values() if k.endswith(rel_suffix) and t in package]
        for name in dict.fromkeys(names):
            reader = _PartReader(name, _relationships(package, name))
            for note in parse_part(package, name).iterchildren(W + note_tag):
                if note.get(W + "type") in _NOTE_SEPARATORS:
                    continue
                yield from reader.blocks(note, part)
