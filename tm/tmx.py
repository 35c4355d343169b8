"""TMX 1.4b: a streaming writer and a streaming reader for plain-text translation units.

What we write is what OmegaT, Trados, memoQ and Phrase all accept: UTF-8 without BOM, a
header with every attribute the DTD requires and an explicit `srclang`, `xml:lang` on every
`<tuv>`, UTC dates as `YYYYMMDDThhmmssZ`, and custom `<prop>` types that start with `x-`.
Both directions work element by element, so memory stays flat however large the file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from tm import __version__
from tm.errors import TmxError
from tm.langcodes import primary
from tm.normalize import drop_xml_forbidden, normalize_segment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "diplotm"
TRADOS_SEGMENT_LIMIT = 2000

ORIGIN_MT = "MachineTranslation"
ORIGIN_ALIGNMENT = "Alignment"


def tmx_date(moment: datetime | None = None) -> str:
    """UTC in the basic ISO form TMX and OmegaT use: 20261122T101500Z."""
    return (moment or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def pair_key(source: str, target: str) -> tuple[str, str]:
    """Two units are duplicates when their normalised texts are equal."""
    return normalize_segment(source), normalize_segment(target)


def stable_tuid(source: str, target: str) -> str:
    digest = hashlib.sha256("\x1f".join(pair_key(source, target)).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass
class TmxUnit:
    """One translation unit: a source and a target sentence with their properties."""

    source: str
    target: str
    props: list[tuple[str, str]] = field(default_factory=list)
    source_props: list[tuple[str, str]] = field(default_factory=list)
    tuid: str | None = None
    creationdate: str | None = None
    creationid: str | None = None

    def prop(self, kind: str) -> str | None:
        return next((value for key, value in self.props if key == kind), None)


@dataclass(frozen=True)
class TmxHeader:
    source_lang: str = "ru-RU"
    target_lang: str = "en-US"
    creationid: str = TOOL
    creationdate: str = field(default_factory=tmx_date)
    adminlang: str = "en-US"


class TmxWriter:
    """Writes units one by one into a temporary file that replaces `path` on `close()`.

    Use as a context manager: on an exception the temporary file is removed and `path` is
    left as it was, so there is never a half-written memory.
    """

    def __init__(self, path: Path, header: TmxHeader) -> None:
        from lxml import etree

        self.path = path
        self.header = header
        self.written = 0
        self.long_segments = 0
        self._seen: set[bytes] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        self._file = os.fdopen(fd, "wb")
        self._xml = etree.xmlfile(self._file, encoding="utf-8")
        self._etree = etree
        self._open()

    def _open(self) -> None:
        E = self._etree
        # Written by hand: lxml's declaration uses single quotes, which some importers reject.
        self._file.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        self._w = self._xml.__enter__()
        self._tmx = self._w.element("tmx", version="1.4")
        self._tmx.__enter__()
        h = self.header
        self._w.write(
            E.Element(
                "header",
                creationtool=TOOL,
                creationtoolversion=__version__,
                segtype="sentence",
                **{"o-tmf": TOOL},
                adminlang=h.adminlang,
                srclang=h.source_lang,
                datatype="plaintext",
                creationdate=h.creationdate,
                creationid=h.creationid,
            ),
            pretty_print=True,
        )
        self._body = self._w.element("body")
        self._body.__enter__()

    def write(self, unit: TmxUnit) -> bool:
        """Write a unit unless the same pair was written already; returns whether it was."""
        source, target = drop_xml_forbidden(unit.source), drop_xml_forbidden(unit.target)
        key = hashlib.blake2b("\x1f".join(pair_key(source, target)).encode("utf-8"), digest_size=12).digest()
        if key in self._seen:
            return False
        self._seen.add(key)
        if max(len(source), len(target)) > TRADOS_SEGMENT_LIMIT:
            self.long_segments += 1
        E, h = self._etree, self.header
        tu = E.Element(
            "tu",
            tuid=unit.tuid or stable_tuid(source, target),
            creationdate=unit.creationdate or h.creationdate,
            creationid=unit.creationid or h.creationid,
        )
        for kind, value in unit.props:
            E.SubElement(tu, "prop", type=kind).text = drop_xml_forbidden(value)
        src = E.SubElement(tu, "tuv", {XML_LANG: h.source_lang})
        for kind, value in unit.source_props:
            E.SubElement(src, "prop", type=kind).text = drop_xml_forbidden(value)
        E.SubElement(src, "seg").text = source
        tgt = E.SubElement(tu, "tuv", {XML_LANG: h.target_lang})
        E.SubElement(tgt, "seg").text = target
        self._w.write(tu, pretty_print=True)
        self.written += 1
        return True

    def close(self) -> None:
        self._body.__exit__(None, None, None)
        self._tmx.__exit__(None, None, None)
        self._xml.__exit__(None, None, None)
        self._file.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._file.close()
        Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> "TmxWriter":
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def write_tmx(path: Path, units: Iterable[TmxUnit], header: TmxHeader) -> int:
    with TmxWriter(path, header) as writer:
        for unit in units:
            writer.write(unit)
    return writer.written


@dataclass(frozen=True)
class TmxInfo:
    source_lang: str
    attributes: dict[str, str]


def read_header(path: Path) -> TmxInfo:
    from lxml import etree

    try:
        for _, element in etree.iterparse(str(path), events=("end",), tag="header"):
            attrs = dict(element.attrib)
            return TmxInfo(attrs.get("srclang", ""), attrs)
    except (etree.XMLSyntaxError, OSError) as exc:
        raise TmxError(f"{path}: not a readable TMX file ({_first_line(exc)})") from None
    raise TmxError(f"{path}: not a TMX file (no <header>)")


def iter_tu_elements(path: Path) -> Iterator[object]:
    """Each `<tu>` element of a TMX file, freed once the caller is done with it, so memory
    stays flat however long the file."""
    from lxml import etree

    try:
        for _, tu in etree.iterparse(str(path), events=("end",), tag="tu", huge_tree=True):
            yield tu
            tu.clear(keep_tail=False)
            while tu.getprevious() is not None:
                del tu.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise TmxError(f"{path}: not a valid TMX file ({_first_line(exc)})") from None


def read_tmx(path: Path, source_lang: str | None = None) -> Iterator[TmxUnit]:
    """Stream the units of a TMX file. Source and target `<tuv>` are told apart by language:
    the source is the one whose primary subtag matches the header's `srclang`."""
    header = read_header(path)
    src_primary = primary(source_lang or header.source_lang or "ru")
    for tu in iter_tu_elements(path):
        unit = _unit_from_element(tu, src_primary)
        if unit is not None:
            yield unit


def _unit_from_element(tu: object, src_primary: str) -> TmxUnit | None:
    source = target = None
    source_props: list[tuple[str, str]] = []
    for tuv in tu.iterfind("tuv"):  # type: ignore[attr-defined]
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        text = "".join(seg.itertext()) if seg is not None else ""
        if primary(lang) == src_primary and source is None:
            source = text
            source_props = [(p.get("type", ""), p.text or "") for p in tuv.iterfind("prop")]
        elif target is None:
            target = text
    if source is None or target is None:
        return None
    return TmxUnit(
        source=source,
        target=target,
        props=[(p.get("type", ""), p.text or "") for p in tu.iterfind("prop")],  # type: ignore[attr-defined]
        source_props=source_props,
        tuid=tu.get("tuid"),  # type: ignore[attr-defined]
        creationdate=tu.get("creationdate"),  # type: ignore[attr-defined]
        creationid=tu.get("creationid"),  # type: ignore[attr-defined]
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
