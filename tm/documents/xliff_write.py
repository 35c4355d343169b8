"""Writing a document's segments as XLIFF 1.2 or 2.0, for a CAT tool, and reading back what
`tm merge` needs to rebuild the document from it.

The layout, the same in both versions, lets merge map every unit back to its place:

- one `<file original="NAME">` per document, with a reference to the original (1.2
  `<header><skl><external-file href=…/>`, 2.0 `<skeleton href=…/>`) and its SHA-256 in a
  note (category or `from` "diplotm"), so that merge refuses a different original;
- one group per block (1.2 `<group resname=REF>`, 2.0 `<group name=REF>`: the block's place
  in the original, as its reader gives it), and in it one unit per sentence, with the id
  `BLOCK.SENTENCE` (1-based: the block's position among the document's blocks, the sentence's
  in the block);
- the source with its inline codes: XLIFF 1.2 `<g>` for a span, `<x/>` for a placeholder,
  `<bx/>`/`<ex/>` for half a span cut by a sentence boundary (with `ctype`); XLIFF 2.0 `<pc>`,
  `<ph/>`, `<sc/>`/`<ec/>` with `isolated="yes"`, and the code's original markup in
  `<originalData>` (`dataRef`). A code's XLIFF id is its number in the segment
  (tm/documents/codes.py numbers a block's codes), and the target's codes carry the same.

States, as the field reads them (README, "XLIFF states"): in 1.2 an MT target is
`state="needs-review-translation" state-qualifier="leveraged-mt"`, a memory's exact match
`state="translated" state-qualifier="exact-match"` (a context match also, with a note saying
101%), a copied source `state="needs-translation"`; fuzzy matches go in `<alt-trans
match-quality=… origin=…>`. In 2.0 the `state` is `initial` (MT, copied source) or
`translated` (memory), `subState` says which (`diplotm:mt`, `diplotm:exact`,
`diplotm:context`, `diplotm:copy-source`), and every candidate is an `<mtc:match>` with its
type, origin and similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tm.core.errors import InputError
from tm.documents.codes import isolated
from tm.documents.model import Code

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL = "diplotm"
SHA_NOTE = "original-sha256"
FORMAT_NOTE = "original-format"
VERSIONS = ("1.2", "2.0")

# Unit origins (`Unit.origin`).
MT, EXACT, CONTEXT, COPY = "mt", "exact", "context", "copy-source"

# The model's code types as 1.2 `ctype`: a span's (`<g>`, `<bx>`) and a placeholder's (`<x>`).
_SPAN_CTYPES = {"bold": "bold", "italic": "italic", "underline": "underline", "link": "link"}
_PLACEHOLDER_CTYPES = {"image": "image", "break": "lb"}
# … and as 2.0 `type`/`subType`.
_TYPES_20 = {
    "bold": ("fmt", "xlf:b"),
    "italic": ("fmt", "xlf:i"),
    "underline": ("fmt", "xlf:u"),
    "format": ("fmt", None),
    "link": ("link", None),
    "image": ("image", None),
    "break": ("fmt", "xlf:lb"),
}
_DATATYPES = {"plaintext": "plaintext", "html": "html"}
# The XLIFF id of a code as the reader keeps it (`Code.data` is the element's markup where
# the file has no originalData for it): `<g id="3" …>`, `<x id="5"/>`, `<pc id="2" …>`.
_CODE_ID = re.compile(r'^<(?:g|x|bx|ex|ph|pc|sc|ec)\b[^>]*?\sid="([^"]*)"')


@dataclass(frozen=True)
class Candidate:
    """A match offered beside the target: a fuzzy memory match (1.2 `<alt-trans>`, 2.0
    `<mtc:match>`), or in 2.0 the target's own origin as a match."""

    target: str
    codes: tuple[Code, ...] = ()
    origin: str = ""  # the memory file, or the MT model
    kind: str = "tm"  # mtc:match type: "tm" or "mt"
    similarity: int | None = None  # 0 … 100
    source: str | None = None  # the memory unit's source, where it is not the segment's
    own: bool = False  # the target's own origin (2.0 only: 1.2 says it with the state)


@dataclass(frozen=True)
class Unit:
    """One segment: its source and target with their codes (ids numbered in the segment)."""

    id: str  # "BLOCK.SENTENCE"
    source: str
    source_codes: tuple[Code, ...]
    target: str | None
    target_codes: tuple[Code, ...] = ()
    origin: str = MT
    note: str = ""
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Group:
    """One block's units, and the block's place in the original (`Block.ref`)."""

    number: int
    ref: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Skeleton:
    """What merge needs to find and check the original."""

    original: str  # the document's name, as <file original>
    href: str  # where it is, relative to the XLIFF's folder (or absolute)
    sha256: str
    format: str  # the reader's format name: "docx", "odt", "html", "plaintext"
    source_lang: str = "ru"
    target_lang: str = "en"
    notes: tuple[str, ...] = field(default=())


def write_xliff(version: str, skeleton: Skeleton, groups: Sequence[Group]) -> bytes:
    """The XLIFF file (UTF-8, with declaration) of one document's groups."""
    etree = _lxml()

    root = _xliff_12(skeleton, groups) if version == "1.2" else _xliff_20(skeleton, groups)
    # Pretty printing indents an element that has children and no text: inside a source or
    # target that starts with a code, that indentation would become the content (xml:space
    # is "preserve"). An empty text keeps libxml2 from indenting there.
    for element in root.iter("{*}source", "{*}target", "{*}seg", "{*}g", "{*}pc", "{*}mrk"):
        if element.text is None and len(element):
            element.text = ""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- inline content ---


def _lxml() -> Any:
    """lxml's etree, imported when first needed (as Any: its stubs type attributes too narrowly)."""
    from lxml import etree

    return etree


def _append_text(parent: Any, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _ctype(code: Code, span: bool) -> str:
    table = _SPAN_CTYPES if span else _PLACEHOLDER_CTYPES
    return table.get(code.type) or f"x-{code.type or 'other'}"


def _inline(parent: Any, text: str, codes: Sequence[Code], version: str, data: dict[str, str] | None = None) -> None:
    """`text` with `codes` (offsets in it, in order, spans nested) as inline elements of
    `parent`. In 2.0 each code's original markup goes into `data` (originalData)."""
    etree = _lxml()

    q = f"{{{NS_12}}}" if version == "1.2" else f"{{{NS_20}}}"
    alone = isolated(codes)
    stack = [parent]
    last = 0
    for position, code in enumerate(codes):
        _append_text(stack[-1], text[last : code.offset])
        last = code.offset
        number = str(code.id)
        if version == "1.2":
            if code.kind == "placeholder":
                etree.SubElement(stack[-1], f"{q}x", id=number, ctype=_ctype(code, False))
            elif position in alone and code.kind == "open":
                etree.SubElement(stack[-1], f"{q}bx", id=number, ctype=_ctype(code, True))
            elif position in alone:
                etree.SubElement(stack[-1], f"{q}ex", id=number)
            elif code.kind == "open":
                stack.append(etree.SubElement(stack[-1], f"{q}g", id=number, ctype=_ctype(code, True)))
            elif len(stack) > 1:
                stack.pop()
            continue
        kind, sub = _TYPES_20.get(code.type, ("other", None))
        attributes = {"id": number, "type": kind, **({"subType": sub} if sub else {})}
        ref = f"d{number}" + ("e" if code.kind == "close" and position not in alone else "")
        if code.data and data is not None:
            data[ref] = code.data
        if code.kind == "placeholder":
            if code.data:
                attributes["dataRef"] = ref
            etree.SubElement(stack[-1], f"{q}ph", **attributes)
        elif position in alone:
            if code.data:
                attributes["dataRef"] = ref
            etree.SubElement(stack[-1], f"{q}{'sc' if code.kind == 'open' else 'ec'}", isolated="yes", **attributes)
        elif code.kind == "open":
            if code.data:
                attributes["dataRefStart"] = ref
            stack.append(etree.SubElement(stack[-1], f"{q}pc", **attributes))
        elif len(stack) > 1:
            element = stack.pop()
            if code.data:
                element.set("dataRefEnd", ref)
    _append_text(stack[-1], text[last:])


# --- XLIFF 1.2 ---

_STATES_12 = {
    MT: ("needs-review-translation", "leveraged-mt"),
    EXACT: ("translated", "exact-match"),
    CONTEXT: ("translated", "exact-match"),
    COPY: ("needs-translation", None),
}


def _xliff_12(skeleton: Skeleton, groups: Sequence[Group]) -> Any:
    etree = _lxml()

    q = f"{{{NS_12}}}"
    root = etree.Element(f"{q}xliff", nsmap={None: NS_12}, version="1.2")
    file = etree.SubElement(
        root,
        f"{q}file",
        original=skeleton.original,
        datatype=_DATATYPES.get(skeleton.format, f"x-{skeleton.format}"),
        **{"source-language": skeleton.source_lang, "target-language": skeleton.target_lang, "tool-id": TOOL},
    )
    header = etree.SubElement(file, f"{q}header")
    etree.SubElement(etree.SubElement(header, f"{q}skl"), f"{q}external-file", href=skeleton.href)
    etree.SubElement(header, f"{q}tool", **{"tool-id": TOOL, "tool-name": TOOL})
    for note in _header_notes(skeleton):
        etree.SubElement(header, f"{q}note", {"from": TOOL}).text = note
    body = etree.SubElement(file, f"{q}body")
    for group in groups:
        element = etree.SubElement(body, f"{q}group", id=f"b{group.number}", resname=group.ref)
        for unit in group.units:
            trans_unit = etree.SubElement(element, f"{q}trans-unit", id=unit.id, **{XML_SPACE: "preserve"})
            _inline(etree.SubElement(trans_unit, f"{q}source"), unit.source, unit.source_codes, "1.2")
            if unit.target is not None:
                state, qualifier = _STATES_12.get(unit.origin, ("needs-review-translation", None))
                target = etree.SubElement(trans_unit, f"{q}target", state=state)
                if qualifier:
                    target.set("state-qualifier", qualifier)
                _inline(target, unit.target, unit.target_codes, "1.2")
            for candidate in unit.candidates:
                if candidate.own or candidate.similarity is None:
                    continue  # the target's own origin is its state; only fuzzy matches are alternatives
                alt = etree.SubElement(trans_unit, f"{q}alt-trans", {"match-quality": str(candidate.similarity)})
                if candidate.origin:
                    alt.set("origin", candidate.origin)
                if candidate.source is not None:
                    etree.SubElement(alt, f"{q}source").text = candidate.source
                _inline(etree.SubElement(alt, f"{q}target"), candidate.target, candidate.codes, "1.2")
            if unit.note:
                etree.SubElement(trans_unit, f"{q}note", {"from": TOOL}).text = unit.note
    return root


def _header_notes(skeleton: Skeleton) -> list[str]:
    return [f"{SHA_NOTE}: {skeleton.sha256}", f"{FORMAT_NOTE}: {skeleton.format}", *skeleton.notes]


# --- XLIFF 2.0 ---

_STATES_20 = {
    MT: ("initial", "diplotm:mt"),
    EXACT: ("translated", "diplotm:exact"),
    CONTEXT: ("translated", "diplotm:context"),
    COPY: ("initial", "diplotm:copy-source"),
}


def _xliff_20(skeleton: Skeleton, groups: Sequence[Group]) -> Any:
    etree = _lxml()

    q, m = f"{{{NS_20}}}", f"{{{NS_MTC}}}"
    root = etree.Element(
        f"{q}xliff",
        nsmap={None: NS_20, "mtc": NS_MTC},
        version="2.0",
        srcLang=skeleton.source_lang,
        trgLang=skeleton.target_lang,
    )
    file = etree.SubElement(root, f"{q}file", id="f1", original=skeleton.original)
    etree.SubElement(file, f"{q}skeleton", href=skeleton.href)
    notes = etree.SubElement(file, f"{q}notes")
    for note in _header_notes(skeleton):
        category, _, text = note.partition(": ")
        etree.SubElement(notes, f"{q}note", category=f"{TOOL}:{category}" if text else TOOL).text = text or note
    for group in groups:
        element = etree.SubElement(file, f"{q}group", id=f"b{group.number}", name=group.ref)
        for unit in group.units:
            unit_element = etree.SubElement(element, f"{q}unit", id=unit.id, **{XML_SPACE: "preserve"})
            data: dict[str, str] = {}
            if unit.candidates:
                matches = etree.SubElement(unit_element, f"{m}matches")
                for number, candidate in enumerate(unit.candidates, start=1):
                    match = etree.SubElement(matches, f"{m}match", id=f"m{number}", ref="#s1", type=candidate.kind)
                    if candidate.origin:
                        match.set("origin", candidate.origin)
                    if candidate.similarity is not None:
                        match.set("similarity", str(min(candidate.similarity, 100)))
                    if candidate.similarity is not None and candidate.similarity > 100:
                        match.set("subType", "diplotm:context")
                    source_text = unit.source if candidate.source is None else candidate.source
                    source_codes = unit.source_codes if candidate.source is None else ()
                    _inline(etree.SubElement(match, f"{q}source"), source_text, source_codes, "2.0")
                    _inline(etree.SubElement(match, f"{q}target"), candidate.target, candidate.codes, "2.0")
            if unit.note:
                etree.SubElement(etree.SubElement(unit_element, f"{q}notes"), f"{q}note", category=TOOL).text = unit.note
            original_data = etree.SubElement(unit_element, f"{q}originalData")
            segment = etree.SubElement(unit_element, f"{q}segment", id="s1")
            _inline(etree.SubElement(segment, f"{q}source"), unit.source, unit.source_codes, "2.0", data)
            if unit.target is not None:
                state, sub_state = _STATES_20.get(unit.origin, ("initial", None))
                segment.set("state", state)
                if sub_state:
                    segment.set("subState", sub_state)
                _inline(etree.SubElement(segment, f"{q}target"), unit.target, unit.target_codes, "2.0", data)
            if data:
                for ref, value in sorted(data.items(), key=lambda item: _data_order(item[0])):
                    etree.SubElement(original_data, f"{q}data", id=ref).text = value
            else:
                unit_element.remove(original_data)
    return root


def _data_order(ref: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", ref)
    return (int(digits) if digits else 0, ref)


# --- reading back (tm merge) ---


def code_xliff_id(code: Code) -> str | None:
    """The XLIFF id of a code read by tm/documents/xliff.py, where its markup names one."""
    found = _CODE_ID.match(code.data)
    return found[1] if found else None


def read_skeleton(data: bytes, label: str) -> Skeleton:
    """The first `<file>`'s original, skeleton reference and our notes (SHA-256, format);
    an XLIFF without a skeleton reference is refused (exit 3): merge cannot find the original."""
    from tm.documents.xliff import _parse

    root = _parse(data, label)
    version = "2.0" if root.tag == f"{{{NS_20}}}xliff" else "1.2"
    q = f"{{{NS_20}}}" if version == "2.0" else f"{{{root.tag[1:].partition('}')[0]}}}"
    file = root.find(f"{q}file")
    if file is None:
        raise InputError(f"{label}: an XLIFF without a <file>; nothing to merge")
    if version == "2.0":
        skeleton = file.find(f"{q}skeleton")
        href = skeleton.get("href") if skeleton is not None else None
        notes = {n.get("category", ""): (n.text or "") for n in file.iterfind(f"{q}notes/{q}note")}
        facts = {category.removeprefix(f"{TOOL}:"): text for category, text in notes.items()}
        source, target = root.get("srcLang") or "ru", root.get("trgLang") or "en"
    else:
        external = file.find(f"{q}header/{q}skl/{q}external-file")
        href = external.get("href") if external is not None else None
        facts = {}
        for note in file.iterfind(f"{q}header/{q}note"):
            key, _, value = (note.text or "").partition(": ")
            facts[key] = value
        source, target = file.get("source-language") or "ru", file.get("target-language") or "en"
    if not href:
        raise InputError(
            f"{label}: no skeleton: the XLIFF does not name its original document (made by another tool?); "
            "merge needs the file tm pretranslate wrote"
        )
    return Skeleton(
        original=file.get("original") or href,
        href=href,
        sha256=facts.get(SHA_NOTE, ""),
        format=facts.get(FORMAT_NOTE, ""),
        source_lang=source,
        target_lang=target,
    )
