"""Translated blocks back into a copy of an OpenDocument text (ODT, OTT).

As for DOCX (tm.documents.writeback.docx): the package is copied member by member, and the
paragraphs (`text:p`, `text:h`) of `content.xml` and of `styles.xml` (headers and footers)
named by the targets' refs are found again by the reader's own walk and rebuilt: the text
of a formatting span goes into the same `text:span` elements (their style names) as the
original span, a link pair is the original `text:a`, spaces are `text:s` where ODF would
collapse them, a tab, line break, note (`text:note`, its body rewritten by its own blocks),
comment or frame is its original element, once; a field (page number, date …) wraps as many
target characters as its value had; bookmarks, change marks and hidden spans are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tm.documents import odt as reader
from tm.documents.docx import BlockBuilder
from tm.documents.model import Block
from tm.documents.odt import OFFICE, TEXT
from tm.documents.packages import Package, parse_part
from tm.documents.writeback.docx import copy_package
from tm.documents.writeback.layout import Entry, Event, layout
from tm.documents.writeback.result import WriteResult

_SPACE_RUN = re.compile(r" {2,}|^ ")
_ELEMENT_PLACEHOLDERS = frozenset({TEXT + "tab", TEXT + "line-break", TEXT + "note", OFFICE + "annotation"}) | {
    reader.DRAW + name for name in ("frame", "a", "custom-shape", "g")
}


@dataclass
class _Trace:
    paragraph: Any
    block: Block | None = None
    entries: list[Entry] = field(default_factory=list)
    placeholders: dict[int, tuple[Any, int]] = field(default_factory=dict)  # element, a field's value length
    links: dict[int, Any] = field(default_factory=dict)
    spans: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # format span id → the text:span chain
    # placeholder id → the text:span chain around it (a note citation's superscript span,
    # which holds no text and so is no format span of the reader's)
    around: dict[int, tuple[Any, ...]] = field(default_factory=dict)


class _Walker(reader._PartReader):
    def __init__(self, name: str, styles: Any) -> None:
        super().__init__(name, styles)
        self.traces: dict[str, _Trace] = {}
        self._trace: _Trace | None = None
        self._chain: list[Any] = []

    def paragraph(self, paragraph: Any, part: str) -> Iterator[Block]:
        ref = f"{self.name}#p{self.index}"
        outer, outer_chain = self._trace, self._chain
        trace = self._trace = _Trace(paragraph)
        self._chain = []
        self.traces[ref] = trace
        for block in super().paragraph(paragraph, part):
            if block.ref == ref:
                trace.block = block
                self._trace, self._chain = outer, outer_chain
            yield block
        self._trace, self._chain = outer, outer_chain

    def _inline(self, element: Any, builder: BlockBuilder, props: dict[str, str]) -> None:
        span = element.tag == TEXT + "span"
        if span:
            self._chain.append(element)
        super()._inline(element, builder, props)
        if span:
            self._chain.pop()

    def _text(self, text: str | None, builder: BlockBuilder, props: dict[str, str]) -> None:
        start = len(builder._codes)
        length = builder._length
        super()._text(text, builder, props)
        trace = self._trace
        if trace is not None and builder._length > length:
            self._note_spans(builder, start)
            trace.entries.append(Entry("text", length))

    def _note_spans(self, builder: BlockBuilder, start: int) -> None:
        assert self._trace is not None
        for code in builder._codes[start:]:
            if code.kind == "open" and code.type != "link":
                self._trace.spans[code.id] = tuple(self._chain)

    def _child(self, child: Any, builder: BlockBuilder, props: dict[str, str]) -> None:
        trace = self._trace
        tag = child.tag
        if trace is None or not isinstance(tag, str):
            super()._child(child, builder, props)
            return
        start, length = len(builder._codes), builder._length
        if tag == TEXT + "a":
            slot = len(trace.entries)
            trace.entries.append(Entry("text", length))
            super()._child(child, builder, props)
            link = next(c for c in builder._codes[start:] if c.kind == "open" and c.type == "link")
            trace.links[link.id] = child
            trace.entries[slot] = Entry("anchor", link.offset, (link.id, "open"))
            trace.entries.append(Entry("anchor", builder._length, (link.id, "close")))
        elif tag in reader._FIELDS:
            slot = len(trace.entries)
            trace.entries.append(Entry("text", length))
            super()._child(child, builder, props)
            code = next(c for c in builder._codes[start:] if c.kind == "placeholder")
            trace.placeholders[code.id] = (child, builder._length - length)
            trace.around[code.id] = tuple(self._chain)
            trace.entries[slot] = Entry("anchor", code.offset, (code.id, "placeholder"))
            self._note_spans(builder, start)
        elif tag in _ELEMENT_PLACEHOLDERS and tag not in reader._SKIPPED:
            super()._child(child, builder, props)
            code = next(c for c in builder._codes[start:] if c.kind == "placeholder")
            self._note_spans(builder, start)
            trace.placeholders[code.id] = (child, 0)
            trace.around[code.id] = tuple(self._chain)
            trace.entries.append(Entry("anchor", code.offset, (code.id, "placeholder")))
        elif (
            tag == TEXT + "s"
            or tag == TEXT + "span"
            or (tag.startswith(TEXT) and reader._local(tag) in ("meta", "ruby", "ruby-base", "meta-field"))
        ):
            before = len(trace.entries)
            super()._child(child, builder, props)
            if tag == TEXT + "s":
                self._note_spans(builder, start)
                trace.entries.append(Entry("text", length))
            elif len(trace.entries) == before and builder._length == length:
                trace.entries.append(Entry("silent", length, payload=child))  # a hidden or empty span
        else:
            super()._child(child, builder, props)
            trace.entries.append(Entry("silent", length, payload=child))


def traced_walkers(content: Any, styles_root: Any | None) -> list[_Walker]:
    """content.xml's and styles.xml's walks: the reader's own walk (`reader.walk`) with
    tracing part readers, so the paragraph numbers and the order are the reader's."""
    walkers: list[_Walker] = []

    def make(name: str, styles: Any) -> _Walker:
        made = _Walker(name, styles)
        walkers.append(made)
        return made

    for _ in reader.walk(content, styles_root, make):
        pass
    return walkers


def _shallow(element: Any) -> Any:
    made = etree.Element(element.tag, nsmap=element.nsmap)
    for key, value in element.attrib.items():
        made.set(key, value)
    return made


def _add_text(container: Any, text: str, at_start: bool) -> None:
    """Text at the end of `container`, with `text:s` where ODF would collapse spaces."""
    pieces: list[Any] = []
    cursor = 0
    for match in _SPACE_RUN.finditer(text):
        if match.start() == 0 and not at_start and match.group() == " ":
            continue
        literal = 0 if match.start() == 0 and at_start else 1
        pieces.append(text[cursor : match.start() + literal])
        count = len(match.group()) - literal
        if count:
            space = etree.Element(TEXT + "s")
            if count > 1:
                space.set(TEXT + "c", str(count))
            pieces.append(space)
        cursor = match.end()
    pieces.append(text[cursor:])
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if len(container):
                container[-1].tail = (container[-1].tail or "") + piece
            else:
                container.text = (container.text or "") + piece
        else:
            container.append(piece)


def _rebuild(trace: _Trace, events: list[Event]) -> None:
    paragraph = trace.paragraph
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    links: list[tuple[int, Any]] = [(-1, paragraph)]
    spans: list[int] = []
    open_chain: list[tuple[Any, Any]] = []  # (original span, its copy) now open
    written = [False]

    def container() -> Any:
        chain = next((trace.spans[s] for s in reversed(spans) if s in trace.spans), ())
        if tuple(o for o, _ in open_chain) != chain:
            open_chain.clear()
            parent = links[-1][1]
            for original in chain:
                made = _shallow(original)
                parent.append(made)
                open_chain.append((original, made))
                parent = made
        return open_chain[-1][1] if open_chain else links[-1][1]

    def put(element: Any, around: tuple[Any, ...] = ()) -> None:
        element.tail = None
        parent = container()
        # the spans the original had around a placeholder beyond the open format spans' chain
        # (a footnote citation's superscript): made again around it alone
        chain = tuple(o for o, _ in open_chain)
        if around[: len(chain)] == chain:
            for original in around[len(chain) :]:
                made = _shallow(original)
                parent.append(made)
                parent = made
        parent.append(element)
        written[0] = True

    capture: list[Any] = []
    for event in events:
        code = event.code
        if event.kind == "text":
            text = event.text
            if capture:
                taken, text = text[: capture[1]], text[capture[1] :]
                _add_text(capture[0], taken, False)
                capture.clear()
            if text:
                _add_text(container(), text, not written[0])
                written[0] = True
            continue
        capture.clear()
        if event.kind == "silent":
            put(event.payload)
        elif code is None:
            continue
        elif event.kind == "open" and code.id in trace.links:
            link = _shallow(trace.links[code.id])
            put(link)
            links.append((code.id, link))
            open_chain.clear()
        elif event.kind == "open":
            spans.append(code.id)
        elif event.kind == "close" and code.id in trace.links:
            if any(i == code.id for i, _ in links):
                while links[-1][0] != code.id:
                    links.pop()
                links.pop()
                open_chain.clear()
        elif event.kind == "close":
            if code.id in spans:
                spans.remove(code.id)
        elif event.kind == "placeholder" and code.id in trace.placeholders:
            element, value = trace.placeholders[code.id]
            around = trace.around.get(code.id, ())
            if element.tag in reader._FIELDS:
                made = _shallow(element)
                put(made, around)
                capture[:] = [made, value]
            else:
                put(element, around)


def write(original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult:
    """A copy of the OpenDocument text `original` with the paragraphs named in `targets`
    (by `Block.ref`) holding the target blocks' text and codes."""
    package = Package(original, label, "an OpenDocument text (.odt)")
    reader._check_package(package)
    content = parse_part(package, "content.xml")
    styles_root = parse_part(package, "styles.xml") if "styles.xml" in package else None
    traces: dict[str, _Trace] = {}
    for walker in traced_walkers(content, styles_root):
        traces.update(walker.traces)
    problems: list[str] = []
    changed: set[str] = set()
    for ref, target in targets.items():
        trace = traces.get(ref)
        if trace is None or trace.block is None:
            problems.append(f"{label}: {ref}: no paragraph with text there; not written")
            continue
        events, found = layout(label, ref, trace.block, trace.entries, target)
        problems.extend(found)
        _rebuild(trace, events)
        changed.add(ref.partition("#")[0])
    parts = {"content.xml": content, "styles.xml": styles_root}
    data = {
        name: etree.tostring(parts[name].getroottree(), xml_declaration=True, encoding="UTF-8")
        for name in changed
        if parts.get(name) is not None
    }
    return WriteResult(copy_package(original, data, package), tuple(problems))
