"""Translated blocks back into a copy of an HTML page (lxml.html round trip).

A block is found again by its `ref` (the block element's path, as the reader gives it); its
content is replaced by the target: text, and each code's original inline element rebuilt
from the code's data (the reader's opening tag, attributes kept; a placeholder's whole
markup). Written in the page's declared encoding when it declares one that decodes it
(characters it cannot hold become character references); otherwise as UTF-8 with a
`<meta charset="utf-8">` added. Not written (reported): blocks whose element holds other
blocks or text around child blocks (its ref names several blocks), `pre` lines.
"""

from __future__ import annotations

import codecs
from collections import Counter
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
    counts = Counter(b.ref for b in walker.blocks)
    sources = {b.ref: b for b in walker.blocks}
    problems: list[str] = []
    for ref, target in targets.items():
        source = sources.get(ref)
        found: Any = tree.xpath(ref) if ref.startswith("/") else []
        if source is None or not found:
            problems.append(f"{label}: {ref}: no block there; not written")
            continue
        element: Any = found[0]
        nested = any(isinstance(e.tag, str) and e.tag.lower() in reader.BLOCK_ELEMENTS for e in element.iterdescendants())
        if counts[ref] > 1 or nested or element.tag == "pre":
            problems.append(f"{label}: {ref}: holds more than one block; left as it was")
            continue
        events, found_problems = layout(label, ref, source, [], target)
        problems.extend(found_problems)
        tail = element.tail
        for child in list(element):
            element.remove(child)
        element.text = None
        stack: list[Any] = [element]
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
        element.tail = tail
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
