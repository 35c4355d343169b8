"""XLIFF 1.2 and 2.x from a CAT tool: its source segments, their inline codes and targets.

One block per segment: an XLIFF 1.2 `<trans-unit>` (or, where the tool segmented it in
`<seg-source>`, each `<mrk mtype="seg">` of it: Trados, Okapi), an XLIFF 2.x `<segment>`.
`Block.ref` is `file/unit[/segment]` so that a later writer can put translations back:
the file is the 2.x `<file id>`, or the 1-based position of the 1.2 `<file>` (which has no
id); the unit is the `<trans-unit>`/`<unit>` id; the segment is the 1.2 `mid` or the 2.x
segment id (its 1-based position where it has none). A `/` or `%` inside an id is written
`%2F`/`%25`. A non-empty target becomes `Block.target`: a bilingual XLIFF is a memory.

The file is parsed without entities, DTDs or network access: a document type that
declares anything (the XXE and "billion laughs" tricks) is refused, not expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tm.core import xmlsafe
from tm.core.errors import InputError
from tm.documents.model import Block, Code, StructuredDocument

NS_12 = ("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:1.1")
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"  # 2.1 and 2.2 keep the 2.0 namespace
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
MEMOQ = "MQXliff"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# XLIFF 1.2 ctype values (and the `x-` names tools make up) → the model's code types.
_CTYPES = {
    "bold": "bold",
    "italic": "italic",
    "underline": "underline",
    "link": "link",
    "image": "image",
    "lb": "break",
    "pb": "break",
    "x-b": "bold",
    "x-bold": "bold",
    "x-strong": "bold",
    "x-i": "italic",
    "x-em": "italic",
    "x-italic": "italic",
    "x-u": "underline",
    "x-a": "link",
    "x-link": "link",
    "x-hyperlink": "link",
    "x-br": "break",
    "x-tab": "tab",
    "x-footnote": "footnote",
    "x-endnote": "endnote",
    "x-img": "image",
    "x-image": "image",
    "x-field": "field",
}
# XLIFF 2.x subType (xlf: values of the spec) and type → code types.
_SUBTYPES = {
    "xlf:b": "bold",
    "xlf:i": "italic",
    "xlf:u": "underline",
    "xlf:lb": "break",
    "xlf:pb": "break",
    "xlf:var": "field",
}
_TYPES_20 = {"fmt": "format", "link": "link", "image": "image", "ui": "other", "quote": "other", "other": "other"}
_XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')
_SPACES = re.compile(r"\s+")


def read(data: bytes, label: str) -> StructuredDocument:
    """The segments of an XLIFF 1.2 or 2.x file, with their codes, targets and ids."""
    root = _parse(data, label)
    namespace, local = _split(root.tag)
    if local != "xliff" or (namespace not in NS_12 and namespace != NS_20):
        shown = f"{{{namespace}}}{local}" if namespace else local
        raise InputError(f"{label}: not an XLIFF file (its root element is <{shown}>, not an XLIFF 1.2 or 2.x <xliff>)")
    if namespace == NS_20:
        blocks = tuple(_read_20(root))
        return StructuredDocument("xliff", blocks, root.get("srcLang"), root.get("trgLang"))
    files = root.findall(f"{{{namespace}}}file")
    source = next((f.get("source-language") for f in files if f.get("source-language")), None)
    target = next((f.get("target-language") for f in files if f.get("target-language")), None)
    return StructuredDocument("xliff", tuple(_read_12(root, namespace)), source, target)


def _parse(data: bytes, label: str) -> Any:
    from lxml import etree

    # tm.core.xmlsafe's policy (no entity expanded, no DTD loaded, nothing fetched); a
    # DOCTYPE is refused below, whatever it declares.
    parser = xmlsafe.parser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{label}: not a well-formed XLIFF file ({str(exc).splitlines()[0]})") from None
    if root is None:
        raise InputError(f"{label}: not an XLIFF file (empty)")
    xmlsafe.refuse_doctype(root, f"{label}: XLIFF with a document type declaration (DTD or entities) is refused")
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise InputError(f"{label}: XLIFF with entity references is refused")
    return root


def _split(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):  # a comment or processing instruction
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _escape(part: str) -> str:
    return part.replace("%", "%25").replace("/", "%2F")


def _no(element: Any, inherited: bool) -> bool:
    """Whether `element` (or an ancestor, `inherited`) says its content is not to be translated."""
    value = element.get("translate")
    return value == "no" if value is not None else inherited


# --- inline content ---


@dataclass
class _Builder:
    """Text and codes of one source or target, as the XLIFF elements are walked."""

    text: list[str] = field(default_factory=list)
    codes: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # kind, id, offset, type, data
    pairs: dict[str, tuple[int, str]] = field(default_factory=dict)  # a pair's key (rid, startRef) → id, type
    next_id: int = 1
    length: int = 0

    def add_text(self, value: str | None) -> None:
        if value:
            self.text.append(value)
            self.length += len(value)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def code(self, kind: str, code_id: int, code_type: str, data: str) -> None:
        self.codes.append((kind, code_id, self.length, code_type, data))

    def open(self, key: str | None, code_type: str, data: str) -> None:
        code_id = self.new_id()
        if key is not None:
            self.pairs[key] = (code_id, code_type)
        self.code("open", code_id, code_type, data)

    def close(self, key: str | None, code_type: str, data: str) -> None:
        opened = self.pairs.pop(key, None) if key is not None else None
        if opened is None:  # an end without its start in this segment: isolated
            self.code("placeholder", self.new_id(), code_type, data)
        else:  # an end tag (`<ept>`, `<ex/>`) rarely repeats the ctype: it is its start's
            self.code("close", opened[0], opened[1], data)

    def block(self, preserve: bool, **fields: Any) -> Block | None:
        text, codes = "".join(self.text), _nested(self.codes)
        text, codes = _tidy(text, codes, preserve)
        if not text.strip():
            return None
        return Block(text, tuple(Code(k, i, o, t, d) for k, i, o, t, d in codes), **fields)  # type: ignore[arg-type]


def _nested(codes: list[tuple[str, int, int, str, str]]) -> list[tuple[str, int, int, str, str]]:
    """The codes with every pair that is unmatched or overlaps another (XLIFF allows both:
    `<bx/>`/`<sc/>` without their end, spans that cross) turned into two placeholders, so
    that the block's spans nest as the model requires."""
    codes = list(codes)
    while True:
        opened = {c[1] for c in codes if c[0] == "open"}
        closed = {c[1] for c in codes if c[0] == "close"}
        broken = opened ^ closed
        stack: list[int] = []
        for kind, code_id, *_ in codes:
            if code_id in broken:
                continue
            if kind == "open":
                stack.append(code_id)
            elif kind == "close":
                if stack and stack[-1] == code_id:
                    stack.pop()
                else:
                    broken.add(code_id)
                    break
        if not broken:
            return codes
        codes = [("placeholder", *c[1:]) if c[0] != "placeholder" and c[1] in broken else c for c in codes]


def _tidy(
    text: str, codes: list[tuple[str, int, int, str, str]], preserve: bool
) -> tuple[str, list[tuple[str, int, int, str, str]]]:
    """Line breaks and tabs become spaces (a block is one line); without xml:space="preserve"
    runs of white space are one space and the ends are trimmed, as XML allows. Code offsets
    follow the characters they stood before."""
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    if preserve:
        return text, codes
    kept: list[str] = []
    new_offset = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        new_offset[index] = len(kept)
        if char == " " and (not kept or kept[-1] == " "):
            continue
        kept.append(char)
    new_offset[len(text)] = len(kept)
    result = "".join(kept).rstrip(" ")
    return result, [(k, i, min(new_offset[o], len(result)), t, d) for k, i, o, t, d in codes]


def _markup(element: Any) -> str:
    """The element as the file wrote it, without the namespace declarations lxml repeats."""
    from lxml import etree

    return _XMLNS.sub("", etree.tostring(element, encoding="unicode", with_tail=False))


def _start_tag(element: Any) -> str:
    """`<g id="1" ctype="bold">`: the opening tag of a paired element."""
    full = _markup(element)
    end = full.find(">")
    start = full[: end + 1]
    return start[:-2] + ">" if start.endswith("/>") else start


def _end_tag(element: Any) -> str:
    return f"</{_markup(element)[1:].split(None, 1)[0].rstrip('/>')}>"


def _ctype(element: Any, default: str) -> str:
    ctype = element.get("ctype")
    if ctype is None:
        return default
    return _CTYPES.get(ctype.lower(), "format" if ctype.lower().startswith("x-") else default)


def _inline_12(element: Any, builder: _Builder, namespace: str) -> None:
    """Walk XLIFF 1.2 inline content: text into the builder's text, elements into codes."""
    builder.add_text(element.text)
    for child in element:
        ns, local = _split(child.tag)
        if ns != namespace:  # another vocabulary's element: its text, nothing else
            _inline_12(child, builder, namespace)
        elif local == "g":
            code_type = _ctype(child, "format")
            code_id = builder.new_id()
            builder.code("open", code_id, code_type, _start_tag(child))
            _inline_12(child, builder, namespace)
            builder.code("close", code_id, code_type, _end_tag(child))
        elif local == "x":
            builder.code("placeholder", builder.new_id(), _ctype(child, "other"), _markup(child))
        elif local == "bx":
            builder.open(f"bx:{child.get('rid') or child.get('id')}", _ctype(child, "format"), _markup(child))
        elif local == "ex":
            builder.close(f"bx:{child.get('rid') or child.get('id')}", _ctype(child, "format"), _markup(child))
        elif local == "bpt":
            builder.open(f"bpt:{child.get('rid') or child.get('id')}", _ctype(child, "format"), _markup(child))
        elif local == "ept":
            builder.close(f"bpt:{child.get('rid') or child.get('id')}", _ctype(child, "format"), _markup(child))
        elif local in ("ph", "it"):
            builder.code("placeholder", builder.new_id(), _ctype(child, "other"), _markup(child))
        elif local == "mrk" and child.get("mtype") == "protected":
            code_id = builder.new_id()
            builder.code("open", code_id, "other", _start_tag(child))
            _inline_12(child, builder, namespace)
            builder.code("close", code_id, "other", _end_tag(child))
        else:  # mrk of any other kind, and anything unknown: its text is the segment's
            _inline_12(child, builder, namespace)
        builder.add_text(child.tail)


def _read_12(root: Any, namespace: str) -> Iterator[Block]:
    q = f"{{{namespace}}}"
    for position, file in enumerate(root.findall(f"{q}file"), start=1):
        body = file.find(f"{q}body")
        if body is None:
            continue
        target_lang = file.get("target-language")
        yield from _units_12(body, q, str(position), _no(file, False), target_lang)


def _units_12(container: Any, q: str, file_id: str, no: bool, target_lang: str | None) -> Iterator[Block]:
    for child in container:
        if child.tag == f"{q}group":
            yield from _units_12(child, q, file_id, _no(child, no), target_lang)
        elif child.tag == f"{q}trans-unit":
            yield from _unit_12(child, q, file_id, _no(child, no), target_lang)


def _unit_12(unit: Any, q: str, file_id: str, no: bool, target_lang: str | None) -> Iterator[Block]:
    namespace = q[1:-1]
    ref = f"{file_id}/{_escape(unit.get('id', ''))}"
    if unit.get(f"{{{MEMOQ}}}locked") == "locked":
        no = True
    source, target = unit.find(f"{q}source"), unit.find(f"{q}target")
    seg_source = unit.find(f"{q}seg-source")
    marks = seg_source.findall(f".//{q}mrk[@mtype='seg']") if seg_source is not None else []
    if not marks:
        if source is not None:
            block = _block_12(source, target, namespace, ref, no, target_lang, _lang(source))
            if block is not None:
                yield block
        return
    targets = {m.get("mid"): m for m in target.iter(f"{q}mrk") if m.get("mtype") == "seg"} if target is not None else {}
    locked = {s.get("id") for s in unit.iter(f"{{{SDL}}}seg") if s.get("locked") == "true"}
    for mark in marks:
        mid = mark.get("mid", "")
        segment_ref, lang = f"{ref}/{_escape(mid)}", _lang(mark) or (_lang(source) if source is not None else None)
        block = _block_12(mark, targets.get(mid), namespace, segment_ref, no or mid in locked, target_lang, lang)
        if block is not None:
            yield block


def _preserve(element: Any) -> bool:
    for node in (element, *element.iterancestors()):
        space = node.get(XML_SPACE)
        if space is not None:
            return bool(space == "preserve")
    return False


def _lang(element: Any) -> str | None:
    for node in (element, *element.iterancestors()):
        lang = node.get(XML_LANG)
        if lang:
            return str(lang)
    return None


def _block_12(
    source: Any, target: Any | None, namespace: str, ref: str, no: bool, target_lang: str | None, lang: str | None
) -> Block | None:
    builder = _Builder()
    _inline_12(source, builder, namespace)
    translation = None
    if target is not None:
        target_builder = _Builder()
        _inline_12(target, target_builder, namespace)
        translation = target_builder.block(_preserve(target), ref=ref, lang=_lang(target) or target_lang)
    return builder.block(_preserve(source), ref=ref, translate=not no, lang=lang, target=translation)


# --- XLIFF 2.x ---


def _type_20(element: Any, default: str) -> str:
    sub_type = element.get("subType")
    if sub_type in _SUBTYPES:
        return _SUBTYPES[sub_type]
    return _TYPES_20.get(element.get("type", ""), default)


def _inline_20(element: Any, builder: _Builder, data: dict[str, str]) -> None:
    """Walk XLIFF 2.x inline content. A code's data is its `<originalData>` where it points
    there (`dataRef`, `dataRefStart`/`dataRefEnd`), else its own element."""
    builder.add_text(element.text)
    for child in element:
        ns, local = _split(child.tag)
        if ns != NS_20:
            _inline_20(child, builder, data)
        elif local == "pc":
            code_type = _type_20(child, "format")
            code_id = builder.new_id()
            builder.code("open", code_id, code_type, data.get(child.get("dataRefStart", ""), _start_tag(child)))
            _inline_20(child, builder, data)
            builder.code("close", code_id, code_type, data.get(child.get("dataRefEnd", ""), _end_tag(child)))
        elif local == "ph":
            builder.code(
                "placeholder", builder.new_id(), _type_20(child, "other"), data.get(child.get("dataRef", ""), _markup(child))
            )
        elif local == "sc":
            original = data.get(child.get("dataRef", ""), _markup(child))
            if child.get("isolated") == "yes":
                builder.code("placeholder", builder.new_id(), _type_20(child, "format"), original)
            else:
                builder.open(f"sc:{child.get('id')}", _type_20(child, "format"), original)
        elif local == "ec":
            original = data.get(child.get("dataRef", ""), _markup(child))
            key = child.get("startRef")
            builder.close(f"sc:{key}" if key and child.get("isolated") != "yes" else None, _type_20(child, "format"), original)
        elif local in ("sm", "em"):
            pass  # annotation markers carry no text and no formatting
        else:  # mrk and anything unknown: text
            _inline_20(child, builder, data)
        builder.add_text(child.tail)


def _read_20(root: Any) -> Iterator[Block]:
    q = f"{{{NS_20}}}"
    target_lang = root.get("trgLang")
    for position, file in enumerate(root.findall(f"{q}file"), start=1):
        yield from _units_20(file, q, _escape(file.get("id") or str(position)), _no(file, False), target_lang)


def _units_20(container: Any, q: str, file_id: str, no: bool, target_lang: str | None) -> Iterator[Block]:
    for child in container:
        if child.tag == f"{q}group":
            yield from _units_20(child, q, file_id, _no(child, no), target_lang)
        elif child.tag == f"{q}unit":
            yield from _unit_20(child, q, file_id, _no(child, no), target_lang)


def _unit_20(unit: Any, q: str, file_id: str, no: bool, target_lang: str | None) -> Iterator[Block]:
    data = {d.get("id"): "".join(d.itertext()) for d in unit.iterfind(f"{q}originalData/{q}data")}
    segments = unit.findall(f"{q}segment")
    ref = f"{file_id}/{_escape(unit.get('id', ''))}"
    for position, segment in enumerate(segments, start=1):
        segment_ref = (
            ref if len(segments) == 1 and not segment.get("id") else f"{ref}/{_escape(segment.get('id') or str(position))}"
        )
        source, target = segment.find(f"{q}source"), segment.find(f"{q}target")
        if source is None:
            continue
        builder = _Builder()
        _inline_20(source, builder, data)
        translation = None
        if target is not None:
            target_builder = _Builder()
            _inline_20(target, target_builder, data)
            translation = target_builder.block(_preserve(target), ref=segment_ref, lang=_lang(target) or target_lang)
        block = builder.block(_preserve(source), ref=segment_ref, translate=not no, lang=_lang(source), target=translation)
        if block is not None:
            yield block
