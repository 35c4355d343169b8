"""Translated blocks back into a copy of a Word document (DOCX and its kin).

The package is copied member by member, in its order and with each member's compression;
only the parts that hold a translated paragraph are rewritten. Each paragraph is found again
by its `ref` (`word/document.xml#p12`), walking the part with the reader's own traversal
(`tm.documents.docx._PartReader`, subclassed to note what each code came from), so the
paragraph numbering is the reader's by construction. Then the paragraph keeps its `w:pPr`
and its runs are rebuilt from the target:

- each stretch of text takes the run properties of the formatting span around it (the
  `w:rPr` of the run that opened the span), or, outside any, those of the paragraph's first
  plain run (its language, say);
- a hyperlink pair is the original `w:hyperlink` (its `r:id`, anchor, history) around what
  the target puts between the pair;
- a placeholder is its original element, moved, once, in a run with its own original run
  properties (a footnote mark stays superscript): footnote, endnote and comment references,
  breaks, tabs, drawings and text boxes (the whole `mc:AlternateContent`, whose text box
  paragraphs are rewritten by their own refs), math; a complex field's begin and instruction
  stay before its placeholder, its end after its result; a `w:fldSimple` wraps as many target
  characters as its result had;
- what is neither text nor code (bookmarks, comment ranges, proofing marks, deleted and
  hidden runs, a note's own number) is kept, next to the code it touched or at the same
  relative place in the text (tm.documents.writeback.layout).

Tracked insertions, smart tags and inline content controls around text are flattened: the
text is the translation's, not the reviser's. A text box's VML Fallback gets the Choice's
rewritten paragraphs, so old readers show the same text (or, when the two boxes do not
match, the Fallback is dropped, which the markup-compatibility rules allow).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tm.documents import docx as reader
from tm.documents.docx import MC, BlockBuilder, W
from tm.documents.model import Block
from tm.documents.packages import Package, parse_part
from tm.documents.writeback.layout import Entry, Event, layout
from tm.documents.writeback.result import WriteResult

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CONTAINERS = frozenset(
    W + name for name in ("hyperlink", "fldSimple", "ins", "moveTo", "smartTag", "customXml", "dir", "bdo", "sdt")
) | {MC + "AlternateContent", MC + "Choice"}
_MATH = frozenset({reader.M + "oMath", reader.M + "oMathPara"})


@dataclass
class _Placeholder:
    element: Any  # the element to put back
    run: Any = None  # the run it stood in (its rPr is copied), None for a paragraph-level element
    result: int = 0  # a w:fldSimple's result length, in characters


@dataclass
class _Trace:
    """What one paragraph's re-read met."""

    paragraph: Any
    block: Block | None = None
    entries: list[Entry] = field(default_factory=list)
    placeholders: dict[int, _Placeholder] = field(default_factory=dict)
    links: dict[int, Any] = field(default_factory=dict)
    spans: dict[int, Any] = field(default_factory=dict)  # format span id → the rPr that opened it
    base: Any = None  # the rPr of the first plain run with text
    has_base: bool = False


class _Walker(reader._PartReader):
    """The reader's walk, noting for each paragraph where its codes came from."""

    def __init__(self, name: str, relationships: dict[str, tuple[str, str]]) -> None:
        super().__init__(name, relationships)
        self.traces: dict[str, _Trace] = {}
        self._trace: _Trace | None = None
        self._run_element: Any = None

    def paragraph(self, paragraph: Any, part: str) -> Iterator[Block]:
        ref = f"{self.name}#p{self.index}"
        outer = self._trace
        trace = self._trace = _Trace(paragraph)
        self.traces[ref] = trace
        for block in super().paragraph(paragraph, part):
            if block.ref == ref:
                trace.block = block
                self._trace = outer
            yield block
        self._trace = outer

    def _note_codes(self, builder: BlockBuilder, start: int, run: Any) -> list[Any]:
        """Record the spans opened since code `start`; return the new codes."""
        trace = self._trace
        new = builder._codes[start:]
        for code in new:
            if code.kind == "open" and code.type != "link" and trace is not None:
                trace.spans[code.id] = run.find(W + "rPr") if run is not None else None
        return new

    def _inline(self, container: Any, builder: BlockBuilder) -> None:
        trace = self._trace
        for child in container:
            if trace is None or not isinstance(child.tag, str):
                super()._inline([child], builder)
                continue
            tag = child.tag
            if tag == W + "r":
                self._run(child, builder)
            elif tag == W + "hyperlink":
                slot = len(trace.entries)
                trace.entries.append(Entry("text", builder._length))  # replaced below
                start = len(builder._codes)
                super()._inline([child], builder)
                new = builder._codes[start:]
                opens = [c for c in new if c.kind == "open" and c.type == "link"]
                if opens:
                    link = opens[0]
                    trace.links[link.id] = child
                    trace.entries[slot] = Entry("anchor", link.offset, (link.id, "open"))
                    trace.entries.append(Entry("anchor", builder._length, (link.id, "close")))
                else:
                    del trace.entries[slot]
            elif tag == W + "fldSimple":
                slot = len(trace.entries)
                trace.entries.append(Entry("text", builder._length))
                start, length = len(builder._codes), builder._length
                super()._inline([child], builder)
                fields = [c for c in builder._codes[start:] if c.kind == "placeholder" and c.type == "field"]
                if fields and fields[0].data.startswith("<"):
                    code = fields[0]
                    trace.placeholders[code.id] = _Placeholder(child, None, builder._length - length)
                    trace.entries[slot] = Entry("anchor", code.offset, (code.id, "placeholder"))
                else:
                    del trace.entries[slot]
            elif tag in _CONTAINERS:
                super()._inline([child], builder)  # its runs come back here: flattened
            elif tag in _MATH:
                start = len(builder._codes)
                super()._inline([child], builder)
                new = [c for c in builder._codes[start:] if c.kind == "placeholder"]
                if new:
                    trace.placeholders[new[0].id] = _Placeholder(child)
                    trace.entries.append(Entry("anchor", new[0].offset, (new[0].id, "placeholder")))
            elif tag != W + "pPr":
                trace.entries.append(Entry("silent", builder._length, payload=(child, None)))

    def _run(self, run: Any, builder: BlockBuilder) -> None:
        self._run_element = run
        super()._run(run, builder)

    def _run_content(self, run: Any, builder: BlockBuilder, fmt: Any, hidden: bool) -> None:
        trace = self._trace
        top = run is self._run_element
        for child in run:
            if not top or trace is None:
                super()._run_content([child], builder, fmt, hidden)
                continue
            if child.tag == W + "rPr":
                continue
            start, length = len(builder._codes), builder._length
            super()._run_content([child], builder, fmt, hidden)
            new = self._note_codes(builder, start, run)
            placeholders = [c for c in new if c.kind == "placeholder"]
            if placeholders:
                code = placeholders[0]
                trace.placeholders[code.id] = _Placeholder(child, run)
                trace.entries.append(Entry("anchor", code.offset, (code.id, "placeholder")))
            elif builder._length > length:
                trace.entries.append(Entry("text", length))
                if fmt is None and not trace.has_base:
                    trace.base, trace.has_base = run.find(W + "rPr"), True
            else:
                trace.entries.append(Entry("silent", length, payload=(child, run)))


def _walk(root: Any, name: str, relationships: dict[str, tuple[str, str]]) -> _Walker:
    """Walk a whole part as the reader does (the body, a header or footer, the notes)."""
    walker = _Walker(name, relationships)
    local = etree.QName(root).localname
    if local == "document":
        for body in root.iterchildren(W + "body"):
            for _ in walker.blocks(body, "body"):
                pass
    elif local in ("footnotes", "endnotes", "comments"):
        for note in root.iterchildren(W + local[:-1]):
            if note.get(W + "type") in reader._NOTE_SEPARATORS:
                continue
            for _ in walker.blocks(note, "footnote"):
                pass
    else:
        for _ in walker.blocks(root, "header"):
            pass
    return walker


def _run(rpr: Any) -> Any:
    run = etree.Element(W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    return run


def _text_run(rpr: Any, text: str) -> Any:
    run = _run(rpr)
    t = etree.SubElement(run, W + "t")
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")
    return run


def _shallow(element: Any) -> Any:
    made = etree.Element(element.tag, nsmap=element.nsmap)
    for key, value in element.attrib.items():
        made.set(key, value)
    return made


def _rebuild(trace: _Trace, events: list[Event]) -> None:
    """Replace the paragraph's content (all but w:pPr) by the events."""
    paragraph = trace.paragraph
    for child in list(paragraph):
        if child.tag != W + "pPr":
            paragraph.remove(child)
    containers: list[tuple[int, Any]] = [(-1, paragraph)]
    spans: list[int] = []  # format spans open, innermost last
    capture: list[Any] = []  # [fldSimple element, characters still to take]

    def put(element: Any) -> None:
        containers[-1][1].append(element)

    def rpr() -> Any:
        for span_id in reversed(spans):
            if span_id in trace.spans:
                return trace.spans[span_id]
        return trace.base

    for event in events:
        if event.kind == "text":
            text = event.text
            if capture:
                taken, text = text[: capture[1]], text[capture[1] :]
                if taken:
                    capture[0].append(_text_run(rpr(), taken))
                capture.clear()
            if text:
                put(_text_run(rpr(), text))
            continue
        capture.clear()
        code = event.code
        if event.kind == "silent":
            element, run = event.payload
            if run is None:
                put(element)
            else:
                holder = _run(run.find(W + "rPr"))
                holder.append(element)
                put(holder)
        elif code is None:
            continue
        elif event.kind == "open":
            if code.id in trace.links:
                link = _shallow(trace.links[code.id])
                put(link)
                containers.append((code.id, link))
            else:
                spans.append(code.id)
        elif event.kind == "close":
            if code.id in trace.links:
                if any(i == code.id for i, _ in containers):
                    while containers[-1][0] != code.id:
                        containers.pop()
                    containers.pop()
            elif code.id in spans:
                spans.remove(code.id)
        elif event.kind == "placeholder":
            placeholder = trace.placeholders.get(code.id)
            if placeholder is None:
                continue
            if placeholder.element.tag == W + "fldSimple":
                simple = _shallow(placeholder.element)
                put(simple)
                capture[:] = [simple, placeholder.result]
            elif placeholder.run is None:
                put(placeholder.element)
            else:
                holder = _run(placeholder.run.find(W + "rPr"))
                holder.append(placeholder.element)
                put(holder)


def _sync_fallbacks(root: Any, rewritten: set[Any]) -> None:
    """Give each text box's VML Fallback the Choice's rewritten paragraphs, or drop it."""
    for alternate in list(root.iter(MC + "AlternateContent")):
        choice = alternate.find(MC + "Choice")
        fallback = alternate.find(MC + "Fallback")
        if choice is None or fallback is None:
            continue
        boxes = list(reader._text_boxes(choice))
        if not any(p in rewritten for box in boxes for p in box.iter(W + "p")):
            continue
        old = [b for b in fallback.iter(W + "txbxContent") if not any(a.tag == W + "txbxContent" for a in b.iterancestors())]
        if len(old) != len(boxes):
            alternate.remove(fallback)
            continue
        for new_box, old_box in zip(boxes, old, strict=True):
            for child in list(old_box):
                old_box.remove(child)
            for child in new_box:
                old_box.append(copy.deepcopy(child))


def _serialise(root: Any) -> bytes:
    tree = root.getroottree()
    standalone = tree.docinfo.standalone
    data: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)
    return data


def write(original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult:
    """A copy of the Word document `original` with the paragraphs named in `targets`
    (by `Block.ref`) holding the target blocks' text and codes."""
    package = Package(original, label, "a Word document (.docx)")
    problems: list[str] = []
    by_part: dict[str, dict[str, Block]] = {}
    for ref, block in targets.items():
        part = ref.partition("#")[0]
        if part not in package:
            problems.append(f"{label}: {ref}: no such part in the document; not written")
            continue
        by_part.setdefault(part, {})[ref] = block
    changed: dict[str, bytes] = {}
    for part, blocks in by_part.items():
        root = parse_part(package, part)
        walker = _walk(root, part, reader._relationships(package, part))
        rewritten: set[Any] = set()
        for ref, target in blocks.items():
            trace = walker.traces.get(ref)
            if trace is None or trace.block is None:
                problems.append(f"{label}: {ref}: no paragraph with text there; not written")
                continue
            events, found = layout(label, ref, trace.block, trace.entries, target)
            problems.extend(found)
            _rebuild(trace, events)
            rewritten.add(trace.paragraph)
        _sync_fallbacks(root, rewritten)
        changed[part] = _serialise(root)
    return WriteResult(copy_package(original, changed, package), tuple(problems))


def copy_package(original: bytes, changed: Mapping[str, bytes], package: Package) -> bytes:
    """The zip `original` again, member by member in its order and compression, with the
    `changed` members' new content (the others' content is the original's, byte for byte)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.is_dir():
                data = b""
            else:
                data = changed[info.filename] if info.filename in changed else package.read(info.filename)
            copied = zipfile.ZipInfo(info.filename, info.date_time)
            copied.compress_type = info.compress_type
            copied.external_attr = info.external_attr
            copied.create_system = info.create_system
            copied.comment = info.comment
            target.writestr(copied, data)
    return output.getvalue()
