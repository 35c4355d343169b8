"""TMX 1.4b: a streaming writer and a streaming reader for translation units.

What we write is what OmegaT, Trados, memoQ and Phrase all accept: UTF-8 without BOM, a
header with every attribute the DTD requires and an explicit `srclang`, `xml:lang` on every
`<tuv>`, UTC dates as `YYYYMMDDThhmmssZ`, and custom `<prop>` types that start with `x-`.
Both directions work unit by unit, so memory stays flat however large the file. The writer
formats the XML itself (a few fixed elements with escaped text), which is 3-4× faster than
building lxml elements; the tests validate its output against the DTD.

Inline codes (TMX 1.4b level 2: `<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>` with their `<sub>`,
and `<hi>`) of a unit read from a TMX are kept: the unit carries its `<seg>` content as XML
(`source_markup`, `target_markup`), rebuilt from the parsed elements so that it is valid
against the DTD, and the writer copies it. `source` and `target` are the plain text: the
`<seg>` text without the codes' native content, which is what de-duplication keys, glossary
extraction and anything else that wants words use. Entities are the parser's job: character
references and entities declared in the file's internal DTD subset are expanded (libxml2's
entity amplification limit still stops a "billion laughs"), external entities and network
access never are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from tm import __version__
from tm.core import xmlsafe
from tm.core.atomic import atomic_output
from tm.core.errors import TmxError
from tm.core.langcodes import primary
from tm.core.xmlstream import iter_elements
from tm.language.normalize import drop_xml_forbidden, normalize_segment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "diplotm"
TRADOS_SEGMENT_LIMIT = 2000
ALL_LANGUAGES = "*all*"  # TMX 1.4b: srclang="*all*" means any tuv may be the source

ORIGIN_MT = "MachineTranslation"
ORIGIN_ALIGNMENT = "Alignment"
ORIGIN_REVIEW = "Review"  # a human translation a reviewer checked

# How far each origin is trusted, best last. A unit without `x-Origin`, or with any origin
# but MT and review, is a human translation (a translator's TMX, OmegaT's project memory).
RANK_MT, RANK_HUMAN, RANK_REVIEW = 1, 2, 3


def tmx_date(moment: datetime | None = None) -> str:
    """UTC in the basic ISO form TMX and OmegaT use: 20261122T101500Z."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def pair_key(source: str, target: str) -> tuple[str, str]:
    """Two units are duplicates when their normalised texts are equal."""
    return normalize_segment(source), normalize_segment(target)


def source_key(source: str) -> str:
    """The key units for one source share: normalised as the translation cache's key is."""
    return normalize_segment(source)


def origin_rank(unit: TmxUnit) -> int:
    """How far a unit's translation is trusted (`x-Origin`): review > alignment or another
    human origin (none given included) > machine translation. The one ranking behind
    `tm build --merge`, `tm align --merge` and anything else that writes both."""
    origin = (unit.prop("x-Origin") or "").strip().lower()
    if origin == ORIGIN_MT.lower():
        return RANK_MT
    if origin == ORIGIN_REVIEW.lower():
        return RANK_REVIEW
    return RANK_HUMAN


def best_origins(units: Iterable[TmxUnit]) -> dict[str, int]:
    """The best origin rank of each source that has a human unit among `units` (sources
    with MT alone are left out, so the map is as small as the human part of a memory)."""
    best: dict[str, int] = {}
    for unit in units:
        rank = origin_rank(unit)
        if rank > RANK_MT:
            key = source_key(unit.source)
            if rank > best.get(key, RANK_MT):
                best[key] = rank
    return best


def is_superseded(unit: TmxUnit, best: Mapping[str, int]) -> bool:
    """Whether a better-trusted unit for the same source exists (`best`, from `best_origins`)."""
    return bool(best) and origin_rank(unit) < best.get(source_key(unit.source), RANK_MT)


def stable_tuid(source: str, target: str) -> str:
    return _tuid_of("\x1f".join(pair_key(source, target)).encode("utf-8"))


def _tuid_of(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


@dataclass
class TmxUnit:
    """One translation unit: a source and a target sentence with their properties.

    `source_markup`/`target_markup`, when set, are the `<seg>` content as XML with inline
    codes (read from a TMX); they are what is written, and `source`/`target` are their plain
    text. Units made from documents have none.
    """

    source: str
    target: str
    props: list[tuple[str, str]] = field(default_factory=list)
    source_props: list[tuple[str, str]] = field(default_factory=list)
    tuid: str | None = None
    creationdate: str | None = None
    creationid: str | None = None
    source_markup: str | None = None
    target_markup: str | None = None
    changedate: str | None = None  # when and by whom it was last changed (a review: tm review import)
    changeid: str | None = None

    def prop(self, kind: str) -> str | None:
        return next((value for key, value in self.props if key == kind), None)


@dataclass(frozen=True)
class TmxHeader:
    """The file's `<header>`. `props` are `<prop type="x-…">` of the whole file, such as
    the MT settings signature (`x-mt-signature`, tm/mt/signature.py)."""

    source_lang: str = "ru-RU"
    target_lang: str = "en-US"
    creationid: str = TOOL
    creationdate: str = field(default_factory=tmx_date)
    adminlang: str = "en-US"
    props: tuple[tuple[str, str], ...] = ()


# --- writing ---


def _text(value: str) -> str:
    """Escape element content. `\\r` becomes a reference: a parser would turn a raw one into `\\n`."""
    return xmlsafe.escape_text(drop_xml_forbidden(value))


def _attr(value: str) -> str:
    """Escape an attribute value (always written in double quotes); whitespace is kept."""
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


class _Memo(dict[str, str]):
    """Escaped forms of values that repeat from unit to unit (prop types, document names,
    model labels), so each is escaped once. Bounded: it is cleared when it grows large."""

    def __init__(self, escape: Callable[[str], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, value: str) -> str:
        if len(self) > 10_000:
            self.clear()
        self[value] = escaped = self.escape(value)
        return escaped


class MergeCount(NamedTuple):
    """What merging an existing memory gave: units written, and units skipped for lacking
    either language (duplicates are neither)."""

    merged: int
    skipped: int


def _joined_key(unit: TmxUnit, source: str, target: str) -> bytes:
    """What makes two units the same pair (`source`, `target`: its texts without forbidden
    characters): the normalised texts and, for units with inline codes, the codes too."""
    joined = "\x1f".join(pair_key(source, target)).encode("utf-8")  # normalised once, for the key and the tuid
    if unit.source_markup is not None or unit.target_markup is not None:
        # \x00 never occurs in a text (drop_xml_forbidden), so these keys meet no plain unit's.
        marked = pair_key(unit.source_markup or xmlsafe.escape_text(source), unit.target_markup or xmlsafe.escape_text(target))
        joined += "\x00".join(("",) + marked).encode("utf-8")
    return joined


class SetAside:
    """Units left out because their source has a better-trusted unit (`is_superseded`):
    counted once per pair, MT (`mt`) and human ones below a reviewed one (`human`) apart.
    The MT ones are written to `writer` when there is one (`tm build --mt-out`), a memory
    for OmegaT's `tm/mt/` or a penalised TM; the human ones are dropped."""

    def __init__(self, writer: TmxWriter | None = None) -> None:
        self.writer = writer
        self.mt = 0
        self.human = 0
        self._seen: set[bytes] = set()

    def add(self, unit: TmxUnit) -> None:
        source, target = drop_xml_forbidden(unit.source), drop_xml_forbidden(unit.target)
        key = hashlib.blake2b(_joined_key(unit, source, target), digest_size=12).digest()
        if key in self._seen:
            return
        self._seen.add(key)
        if origin_rank(unit) > RANK_MT:
            self.human += 1
        else:
            self.mt += 1
            if self.writer is not None:
                self.writer.write(unit)


def _header_content(header: TmxHeader) -> str:
    """The end of the `<header>` start tag: `/>` alone, or its `<prop>`s (the DTD allows
    note, prop and ude there) and the end tag."""
    if not header.props:
        return "/>"
    props = "".join(f'    <prop type="{_attr(kind)}">{_text(value)}</prop>\n' for kind, value in header.props)
    return f">\n{props}  </header>"


class TmxWriter:
    """Writes units one by one into a temporary file that replaces `path` when the `with`
    block ends without error (see `tm.core.atomic`): there is never a half-written memory.

    `inputs` are files the output must not replace (the documents being translated).
    """

    def __init__(self, path: Path, header: TmxHeader, inputs: Iterable[Path | str] = ()) -> None:
        self.path = path
        self.header = header
        self.written = 0
        self.long_segments = 0
        self._seen: set[bytes] = set()
        self._attrs, self._props = _Memo(_attr), _Memo(_text)
        self._stack = ExitStack()
        self._file = self._stack.enter_context(atomic_output(path, inputs))
        self._src_lang = _attr(header.source_lang)
        self._tgt_lang = _attr(header.target_lang)
        h = header
        self._file.write(
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                f'  <header creationtool="{TOOL}" creationtoolversion="{_attr(__version__)}" segtype="sentence"'
                f' o-tmf="{TOOL}" adminlang="{_attr(h.adminlang)}" srclang="{self._src_lang}"'
                f' datatype="plaintext" creationdate="{_attr(h.creationdate)}" creationid="{_attr(h.creationid)}"'
                f"{_header_content(h)}\n"
                "  <body>\n"
            ).encode()
        )

    def write(self, unit: TmxUnit) -> bool:
        """Write a unit unless the same pair was written already; returns whether it was.

        Two units are the same pair when their normalised texts are equal and, for units with
        inline codes, their codes too: a unit is never dropped for one that differs in a code."""
        source, target = drop_xml_forbidden(unit.source), drop_xml_forbidden(unit.target)
        joined = _joined_key(unit, source, target)
        key = hashlib.blake2b(joined, digest_size=12).digest()
        if key in self._seen:
            return False
        self._seen.add(key)
        if max(len(source), len(target)) > TRADOS_SEGMENT_LIMIT:
            self.long_segments += 1
        h, attrs, props = self.header, self._attrs, self._props
        parts = [
            f'    <tu tuid="{_attr(unit.tuid) if unit.tuid else _tuid_of(joined)}"'
            f' creationdate="{attrs[unit.creationdate or h.creationdate]}"'
            f' creationid="{attrs[unit.creationid or h.creationid]}"'
            + (f' changedate="{attrs[unit.changedate]}"' if unit.changedate else "")
            + (f' changeid="{attrs[unit.changeid]}"' if unit.changeid else "")
            + ">\n"
        ]
        parts += [f'      <prop type="{attrs[kind]}">{props[value]}</prop>\n' for kind, value in unit.props]
        parts.append(f'      <tuv xml:lang="{self._src_lang}">\n')
        parts += [f'        <prop type="{attrs[kind]}">{_text(value)}</prop>\n' for kind, value in unit.source_props]
        source_seg = xmlsafe.escape_text(source) if unit.source_markup is None else unit.source_markup
        target_seg = xmlsafe.escape_text(target) if unit.target_markup is None else unit.target_markup
        parts.append(f"        <seg>{source_seg}</seg>\n      </tuv>\n")
        parts.append(f'      <tuv xml:lang="{self._tgt_lang}">\n        <seg>{target_seg}</seg>\n      </tuv>\n    </tu>\n')
        self._file.write("".join(parts).encode("utf-8"))
        self.written += 1
        return True

    def merge(self, reader: TmxReader, best: Mapping[str, int] | None = None, aside: SetAside | None = None) -> MergeCount:
        """Write every unit of an existing memory (`--merge`) as it was read (inline codes,
        props, dates), each pair once. Called before the new units are written, so that a new
        unit with a pair the memory already has is the one left out.

        With `best` (`TmxReader.best_origins`, the first of the two passes over the file), a
        unit whose source has a better-trusted unit (an MT one beside a human one) goes to
        `aside` instead: one source keeps its best translation, whatever the order."""
        merged = 0
        for unit in reader:
            if best and is_superseded(unit, best):
                if aside is not None:
                    aside.add(unit)
            else:
                merged += self.write(unit)
        return MergeCount(merged, reader.skipped)

    def __enter__(self) -> TmxWriter:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            self._file.write(b"  </body>\n</tmx>\n")
        self._stack.__exit__(kind, exc, tb)


def write_tmx(path: Path, units: Iterable[TmxUnit], header: TmxHeader) -> int:
    """Write units as a TMX file (atomically, duplicates once); return how many were written."""
    with TmxWriter(path, header) as writer:
        for unit in units:
            writer.write(unit)
    return writer.written


# --- reading ---


@dataclass(frozen=True)
class TmxInfo:
    source_lang: str
    attributes: dict[str, str]


# How every TMX is parsed: tm.core.xmlsafe's policy with two named exceptions. Entities
# declared in the file's internal subset are expanded (a TMX may declare `&r;` for a word);
# an external entity or DTD never is, nothing is fetched. huge_tree lifts libxml2's 10 MB
# limit on one text node (a long unit), not its entity amplification limit, which stops
# "billion laughs" and quadratic blow-ups with "Maximum entity amplification factor
# exceeded" (tests/tm/memory/test_tmx.py).
PARSER_OPTIONS: dict[str, Any] = {"internal_entities": True, "huge_tree": True}


def read_header(path: Path) -> TmxInfo:
    from lxml import etree

    try:
        for _, element in xmlsafe.iterparse(path, events=("end",), tag="header", **PARSER_OPTIONS):
            attrs = {str(k): str(v) for k, v in element.attrib.items()}
            return TmxInfo(attrs.get("srclang", ""), attrs)
    except (etree.XMLSyntaxError, OSError) as exc:
        raise TmxError(f"{path}: not a readable TMX file ({_first_line(exc)})") from None
    raise TmxError(f"{path}: not a TMX file (no <header>)")


def iter_tu_elements(path: Path) -> Iterator[Any]:
    """Each `<tu>` element of a TMX file, freed once the caller is done with it, so memory
    stays flat however long the file."""
    from lxml import etree

    try:
        yield from iter_elements(path, "tu", **PARSER_OPTIONS)
    except etree.XMLSyntaxError as exc:
        raise TmxError(f"{path}: not a valid TMX file ({_first_line(exc)})") from None


class TmxReader:
    """The units of a TMX file, streamed, with the source and target picked by language.

    The file's languages must fit the ones asked for: a header `srclang` of another language
    is an error, not a silent swap. With `srclang="*all*"` each unit is read by its `<tuv>`
    languages. Units lacking either language are skipped and counted in `skipped`.
    Without `target_lang`, the target is the first `<tuv>` in another language.
    """

    def __init__(self, path: Path, source_lang: str | None = None, target_lang: str | None = None) -> None:
        self.path = path
        self.header = read_header(path)
        declared = self.header.source_lang
        if source_lang is None:
            source_lang = "ru" if declared in ("", ALL_LANGUAGES) else declared
        if declared not in ("", ALL_LANGUAGES) and primary(declared) != primary(source_lang):
            raise TmxError(f"{path}: its source language is {declared}, not {source_lang}; it cannot be read as this memory")
        self.source = primary(source_lang)
        self.target = primary(target_lang) if target_lang else None
        if self.source == self.target:
            raise TmxError(f"{path}: source and target language are both {self.source}")
        self.skipped = 0

    def best_origins(self) -> dict[str, int]:
        """A first pass over the file: the best origin rank of each source with a human unit
        (`best_origins`), so that the second pass can leave out the MT units they supersede.
        Units it skips are counted by the second pass only."""
        skipped = self.skipped
        try:
            return best_origins(self)
        finally:
            self.skipped = skipped

    def __iter__(self) -> Iterator[TmxUnit]:
        for tu in iter_tu_elements(self.path):
            unit = _unit_from_element(tu, self.source, self.target)
            if unit is None:
                self.skipped += 1
            else:
                yield unit


def read_tmx(path: Path, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[TmxUnit]:
    """Stream the units of a TMX file (see TmxReader)."""
    return iter(TmxReader(path, source_lang, target_lang))


def _language(tuv: Any) -> str:
    code = tuv.get(XML_LANG) or tuv.get("lang") or ""
    return code.split("-", 1)[0].split("_", 1)[0].lower()


# TMX 1.4b inline elements and the attributes the DTD gives each. In a <seg>, a <hi> or a
# <sub>: text, codes and <hi>; in a code: text and <sub>. A code's content is native code
# (`<b>`, `{1}`), not text; <hi> and <sub> hold text.
_CODES = {"bpt": ("i", "x", "type"), "ept": ("i",), "it": ("pos", "x", "type"), "ph": ("x", "assoc", "type"), "ut": ("x",)}
_TEXT_ELEMENTS = {"hi": ("x", "type"), "sub": ("datatype", "type")}
_REQUIRED = {"bpt": "i", "ept": "i", "it": "pos"}


def tuv_content(tuv: Any) -> tuple[str, str | None] | None:
    """The plain text of a <tuv>'s <seg>, and its content as XML when it has inline elements."""
    for child in tuv:
        if child.tag == "seg":
            return seg_content(child)
    return None


def seg_content(seg: Any) -> tuple[str, str | None]:
    """A `<seg>`'s plain text, and its content as XML when it has inline elements."""
    if len(seg) == 0:
        return seg.text or "", None
    pieces = inline_pieces(seg)
    markup = pieces_markup(pieces)
    # Text escapes "<": one in the markup is an element kept (not only a comment gone).
    return "".join([piece for piece in pieces if isinstance(piece, str)]), markup if "<" in markup else None


class InlineCode(NamedTuple):
    """An inline element of a `<seg>` as the reader keeps it: a code whole, or the start or
    the end of a `<hi>` (whose text lies between them)."""

    tag: str  # bpt, ept, it, ph, ut (a code without its required attribute: ph); hi, /hi
    xml: str  # the code as DTD-valid XML (its attributes only); the <hi>'s start or end tag
    element: Any  # the element it comes from


def inline_pieces(element: Any) -> list[str | InlineCode]:
    """The content of a `<seg>` (or a `<hi>`, a `<sub>`) in order: its text, its codes and
    its `<hi>`s as `InlineCode`s; an element the DTD does not allow there gives its content,
    comments and processing instructions go. The one walk of a `<seg>`: the reader's text
    and markup (`seg_content`) and tm review's tags are made from it."""
    out: list[str | InlineCode] = []
    _walk(element, out)
    return out


def _walk(element: Any, out: list[str | InlineCode]) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str):  # not a comment or processing instruction: they go
            if tag in _CODES:
                if (tag in _REQUIRED and child.get(_REQUIRED[tag]) is None) or (
                    tag == "it" and child.get("pos") not in ("begin", "end")
                ):
                    tag = "ph"
                out.append(InlineCode(tag, _element(child, tag, _CODES[tag], _code_content(child)), child))
            elif tag == "hi":
                out.append(InlineCode("hi", f"<hi{_kept(child, _TEXT_ELEMENTS['hi'])}>", child))
                _walk(child, out)
                out.append(InlineCode("/hi", "</hi>", child))
            else:
                _walk(child, out)  # an element the DTD does not allow here: its content
        if child.tail:
            out.append(child.tail)


def pieces_markup(pieces: Iterable[str | InlineCode]) -> str:
    """Pieces as `<seg>` content valid against the TMX DTD: text escaped, codes as they are,
    an empty `<hi>` as one empty element."""
    parts: list[str] = []
    start = False  # the previous piece is a <hi>'s start
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(xmlsafe.escape_text(piece))
            start = False
        elif start and piece.tag == "/hi":
            parts[-1] = parts[-1][:-1] + "/>"
            start = False
        else:
            parts.append(piece.xml)
            start = piece.tag == "hi"
    return "".join(parts)


def _code_content(element: Any) -> str:
    """A code's content as XML: its native code, and its `<sub>`s (text, with codes, again);
    other elements give their content."""
    parts = [xmlsafe.escape_text(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            if child.tag == "sub":
                parts.append(_element(child, "sub", _TEXT_ELEMENTS["sub"], pieces_markup(inline_pieces(child))))
            else:
                parts.append(_code_content(child))
        parts.append(xmlsafe.escape_text(child.tail or ""))
    return "".join(parts)


def _kept(element: Any, attributes: tuple[str, ...]) -> str:
    """The element's attributes of `attributes` that it has, in that order, as XML."""
    kept = ""
    for name in attributes:
        value = element.get(name)
        if value is not None:
            kept += f' {name}="{_attr(value)}"'
    return kept


def _element(element: Any, tag: str, attributes: tuple[str, ...], inner: str) -> str:
    kept = _kept(element, attributes)
    return f"<{tag}{kept}>{inner}</{tag}>" if inner else f"<{tag}{kept}/>"


def pick_segs(tu: Any, source_lang: str, target_lang: str | None) -> tuple[Any, Any] | None:
    """The `<seg>` elements the reader reads a unit's source and target from (the first
    `<seg>` of the first `<tuv>` of the source language that has one, and of the first
    other-language `<tuv>`, of `target_lang` when given, that has one), or None for a unit
    the reader skips. tm review reads and changes a TMX's elements through it."""
    picked = _pick(tu, source_lang, target_lang)
    return None if picked is None else (picked[1], picked[2])


def _pick(
    tu: Any, source_lang: str, target_lang: str | None, props: list[tuple[str, str]] | None = None
) -> tuple[Any, Any, Any] | None:
    """The source `<tuv>`, its `<seg>` and the target `<seg>` of a unit (see `pick_segs`):
    the one choice of both the reader and `pick_segs`. With `props`, the unit's `<prop>`s
    are added to it on the way (the reader's one pass over the unit)."""
    source_tuv = source = target = None
    for tuv in tu:  # loops written out: this runs once per unit of every memory read
        tag = tuv.tag
        if tag != "tuv":
            if tag == "prop" and props is not None:
                props.append((tuv.get("type", ""), tuv.text or ""))
            continue
        if source is not None and target is not None:
            continue  # later <tuv>s change neither
        lang = _language(tuv)
        if lang == source_lang:
            if source is None:
                for child in tuv:
                    if child.tag == "seg":
                        source_tuv, source = tuv, child
                        break
        elif target is None and (target_lang is None or lang == target_lang):
            for child in tuv:
                if child.tag == "seg":
                    target = child
                    break
    return None if source is None or target is None else (source_tuv, source, target)


def _unit_from_element(tu: Any, source_lang: str, target_lang: str | None) -> TmxUnit | None:
    props: list[tuple[str, str]] = []
    picked = _pick(tu, source_lang, target_lang, props)
    if picked is None:
        return None
    source_tuv, source_seg, target_seg = picked
    source, target = seg_content(source_seg), seg_content(target_seg)
    source_props = [(p.get("type", ""), p.text or "") for p in source_tuv if p.tag == "prop"]
    return TmxUnit(
        source[0],
        target[0],
        props,
        source_props,
        tu.get("tuid"),
        tu.get("creationdate"),
        tu.get("creationid"),
        source_markup=source[1],
        target_markup=target[1],
        changedate=tu.get("changedate"),
        changeid=tu.get("changeid"),
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
