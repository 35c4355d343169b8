"""Translated blocks back into a copy of an HTML page (lxml.html round trip).

A block is found again by its `ref` (the block element's path, as the reader gives it, with
`#2`, `#3` … for the later blocks of one element: text around a nested list or paragraph,
the lines of a `pre`); its stretch of the element's content is replaced by the target: text,
and each code's original inline element rebuilt from the code's data (the reader's opening
tag, attributes kept; a placeholder's whole markup). The child block elements, a pre's line
breaks and the white space around each block stay as they were. Written in the page's
declared encoding when it declares one that decodes it (characters it cannot hold become
character references); otherwise as UTF-8 with a `<meta charset="utf-8">` added. Not
written (reported): a block that ends inside an inline element (a `div` in a `span`, a line
break inside a pre's `b`).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any

from lxml import etree, html

from tm.documents import html as reader
from tm.documents.model import Block
from tm.documents.writeback.layout import layout
from tm.documents.writeback.result import WriteResult


def _element(markup: str) -> Any:
    return html.fragment_fromstring(markup, create_parent=False)


def _append_text(container: Any, text: str) -> None:
    if len(container):
        container[-1].tail = (container[-1].tail or "") + text
    else:
        container.text = (container.text or "") + text


# An element's content as the writer cuts it: ("text", str), ("node", an inline child), and
# ("sep", a child block element, a <br> or "\n" of a pre) where the reader ends a block.
Piece = tuple[str, Any]


def _tag(element: Any) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _pieces(element: Any, pre: bool) -> list[Piece] | None:
    """The element's content, cut where the reader cuts its blocks; None when a block ends
    inside an inline child (a block element in a span, a line break in a pre's span)."""
    pieces: list[Piece] = []

    def text(value: str | None) -> None:
        lines = (value or "").split("\n") if pre else [value or ""]
        for i, line in enumerate(lines):
            if i:
                pieces.append(("sep", "\n"))
            if line:
                pieces.append(("text", line))

    text(element.text)
    for child in element:
        tag = _tag(child)
        if tag in reader.BLOCK_ELEMENTS:
            pieces.append(("sep", child))
        elif pre and tag == "br":  # the reader's break code ends the line's block
            pieces += [("node", child), ("sep", "")]
        else:
            inner = [d for d in child.iterdescendants() if _tag(d) in reader.BLOCK_ELEMENTS or (pre and _tag(d) == "br")]
            if inner or (pre and tag not in reader.SKIPPED_ELEMENTS and "\n" in "".join(child.itertext())):
                return None
            pieces.append(("node", child))
        text(child.tail)
    return pieces


def _visible(node: Any) -> str:
    """A child's text as the reader reads it (nothing of script, style and the like)."""
    if not isinstance(node.tag, str) or _tag(node) in reader.SKIPPED_ELEMENTS:
        return ""
    return (node.text or "") + "".join(_visible(child) + (child.tail or "") for child in node)


def _has_text(segment: list[Piece]) -> bool:
    """Whether the reader makes a block of this stretch of content (it has visible text)."""
    return any((value if kind == "text" else _visible(value)).strip() for kind, value in segment)


def _built(label: str, ref: str, source: Block, target: Block, problems: list[str]) -> Any:
    """The target as content of a fresh element: text, and each code's original inline element."""
    events, found_problems = layout(label, ref, source, [], target)
    problems.extend(found_problems)
    holder: Any = html.Element("div")
    stack: list[Any] = [holder]
    for event in events:
        code = event.code
        if event.kind == "text":
            _append_text(stack[-1], event.text)
        elif code is None:
            continue
        elif event.kind == "open":
            made = _element(code.data)
            for child in list(made):
                made.remove(child)
            made.text = None
            stack[-1].append(made)
            stack.append(made)
        elif event.kind == "close" and len(stack) > 1:
            stack.pop()
        elif event.kind == "placeholder":
            made = _element(code.data)
            made.tail = None
            stack[-1].append(made)
    return holder


def _as_pieces(holder: Any) -> list[Piece]:
    pieces: list[Piece] = [("text", holder.text or "")]
    for child in list(holder):
        tail, child.tail = child.tail, None
        pieces += [("node", child), ("text", tail or "")]
    return pieces


def _rewrite(label: str, element: Any, blocks: list[Block], targets: Mapping[str, Block], problems: list[str]) -> None:
    """The element's blocks (the reader's, in order: its ref, then `#2`, `#3` …) each replaced
    by its target where it has one; the block elements, line breaks and white space between
    them kept."""
    pre = _tag(element) in ("pre", "xmp", "listing")
    pieces = _pieces(element, pre)
    segments: list[list[Piece]] = [[]]
    separators: list[Piece] = []
    for piece in pieces or []:
        if piece[0] == "sep":
            separators.append(piece)
            segments.append([])
        else:
            segments[-1].append(piece)
    bearing = [i for i, segment in enumerate(segments) if _has_text(segment)]
    if pieces is None or len(bearing) != len(blocks):
        for block in blocks:
            if block.ref in targets:
                problems.append(f"{label}: {block.ref}: a block ends inside an inline element there; left as it was")
        return
    for index, block in zip(bearing, blocks, strict=True):
        target = targets.get(block.ref)
        if target is None:
            continue
        segment = segments[index]
        lead = trail = ""
        if not pre:  # the reader trims a block; the white space around it stays the page's
            first, last = segment[0], segment[-1]
            if first[0] == "text":
                lead = first[1][: len(first[1]) - len(first[1].lstrip())]
            if last[0] == "text":
                trail = last[1][len(last[1].rstrip()) :]
        segments[index] = [("text", lead), *_as_pieces(_built(label, block.ref, block, target, problems)), ("text", trail)]
    tail = element.tail
    for child in list(element):
        element.remove(child)
    element.text = None
    for i, segment in enumerate(segments):
        if i:
            segment = [separators[i - 1], *segment]
        for kind, value in segment:
            if kind == "text" or (kind == "sep" and isinstance(value, str)):
                _append_text(element, value)
            else:
                value.tail = None
                element.append(value)
    element.tail = tail


def write(original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult:
    """A copy of the page `original` with the blocks named in `targets` holding the target text."""
    text, _ = reader.decode_html(original, label)
    declaration = reader._XML_DECLARATION.match(text)
    stripped = reader._INTERNAL_SUBSET.sub("<!DOCTYPE html>", reader._XML_DECLARATION.sub("", text, count=1), count=1)
    parser = html.HTMLParser(no_network=True, recover=True)
    root: Any = html.document_fromstring(stripped, parser=parser)
    tree: Any = root.getroottree()
    walker = reader._Walker(tree)
    walker.walk(root, reader._Context(lang=reader._lang(root)))
    refs = {b.ref for b in walker.blocks}
    by_element: dict[str, list[Block]] = {}
    for block in walker.blocks:
        by_element.setdefault(block.ref.partition("#")[0], []).append(block)
    problems = [f"{label}: {ref}: no block there; not written" for ref in targets if ref not in refs]
    # Every element found before any is rewritten: a rewrite keeps the child block elements
    # themselves, but found first, no path can shift.
    elements = {path: tree.xpath(path)[0] for path, blocks in by_element.items() if any(b.ref in targets for b in blocks)}
    for path, element in elements.items():
        _rewrite(label, element, by_element[path], targets, problems)
    encoding = "utf-8"
    declared = reader._declared_charset(original[: reader._PRESCAN_BYTES])
    if declared is not None:
        try:
            codec = codecs.lookup(declared).name
            original.decode(codec)
            encoding = codec
        except (LookupError, UnicodeDecodeError):
            declared = None
    if declared is None:
        head = root.find("head")
        if head is not None:
            meta = etree.Element("meta", charset="utf-8")
            head.insert(0, meta)
    data: bytes = html.tostring(tree, encoding=encoding, method="html", doctype=tree.docinfo.doctype)
    if declaration:
        data = declaration.group().encode(encoding) + b"\n" + data
    return WriteResult(data, tuple(problems))
