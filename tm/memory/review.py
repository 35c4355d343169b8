"""Bilingual review files: a memory or an XLIFF out to a reviewer as a table, and back.

`export_review(MEMORY.tmx|DOC.xlf, review.xlsx|review.docx)` writes one row per unit (TMX) or
segment (XLIFF): id, source, target, origin, match, QA flags (what a `qa` callable says of
each row: `tm review export` passes tm qa's findings, computed above this layer), comment (empty).
`import_review(review, into, output)` applies the targets the
reviewer changed, by id, as human-reviewed, and reports what it would not apply.

Ids. TMX: the unit's `tuid`; a unit without one (or repeating an earlier unit's) gets
`@POSITION:HASH`, its 1-based position among the memory's units and the first 8 hex digits
of the SHA-256 of its source text, so a memory changed in between no longer matches.
XLIFF: `Block.ref` of tm/documents/xliff.py, `file/unit[/segment]`.

Inline codes are shown as tags a reviewer can keep in place: `{1}…{/1}` a paired code,
`{2/}` a standalone one; a literal `{` is written `{{` (and a lone `{` read as itself). The
numbers follow the source's codes; a target code that is none of the source's gets a
number of its own. Import turns each tag back into the native markup it stood for (the
target's own, else the source's); a tag that stood for nothing, or tags that do not nest,
leave the row unapplied and reported.

Applying. Only rows whose target differs from the file's are applied; a row whose source
differs from the file's is not (the reviewer was not to edit it), nor a row whose id the
file does not have. A review file that repeats an id is refused: which of the rows is the
reviewer's cannot be told. TMX: the unit gets `x-Origin` "Review" (the top rank of
`origin_rank`, so `tm build --merge` keeps it over MT and other human units), `changedate`
now and `changeid` the reviewer. XLIFF 1.2: `state="signed-off"` on the `<target>` (the
1.2 value for a translation a reviewer approved; 2.0's `reviewed` maps to it), its
`state-qualifier` dropped (the text is no longer the leveraged one); XLIFF 2.0:
`state="reviewed"` on the `<segment>`, `subState` dropped. A TMX or an XLIFF is parsed
once and rewritten with lxml from its own tree, so only the changed targets (and states,
origins, dates) differ in substance: a TMX keeps its header, comments, and the units the
reader skips or repeats, as the TMX writer would not; lxml writes an empty element as
`<a/>`. With nothing to apply the output is the input's bytes.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tm.core import xmlsafe
from tm.core.atomic import check_outputs, write_bytes
from tm.core.display import shown_name
from tm.core.errors import InputError, UsageError
from tm.core.inputs import read_input

if TYPE_CHECKING:
    from tm.memory.tmx import TmxUnit

COLUMNS = ("id", "source", "target", "origin", "match", "qa", "comment")
HEADINGS = ("ID", "Source", "Target", "Origin", "Match", "QA flags", "Comment")
REVIEW_SUFFIXES = (".xlsx", ".docx")
REVIEWER = "diplotm-review"
STATE_12 = "signed-off"
STATE_20 = "reviewed"


def mark_reviewed(unit: TmxUnit) -> None:
    """Mark a TMX unit human-reviewed, as `tm review import` marks the units it applies:
    `x-Origin` Review (the top rank, tm/memory/tmx.py `origin_rank`), last among its props,
    `changedate` now and `changeid` REVIEWER. The glossary's alignment review uses it too."""
    from tm.memory.tmx import ORIGIN_REVIEW, tmx_date

    unit.props = [(k, v) for k, v in unit.props if k != "x-Origin"] + [("x-Origin", ORIGIN_REVIEW)]
    unit.changedate, unit.changeid = tmx_date(), REVIEWER


@dataclass
class ReviewRow:
    """One row of a review file (texts with tags, as the reviewer sees them)."""

    id: str
    source: str
    target: str
    origin: str = ""
    match: str = ""
    qa: str = ""
    comment: str = ""
    line: int = 0  # the row's number in the review file (for messages), 0 when written
    formula: bool = False  # the target cell is a formula the reviewer typed (never evaluated)


@dataclass
class ImportReport:
    """What `import_review` did: ids applied, and the rows it left, each with its reason."""

    output: Path
    applied: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)  # one line each, naming the row and id

    def summary(self) -> str:
        return f"{shown_name(self.output)}: {len(self.applied)} reviewed targets applied, {self.unchanged} unchanged, {len(self.problems)} not applied"  # noqa: E501


# --- tags ---

_TAG = re.compile(r"\{\{|\{(/?)(\d+)(/?)\}")
OPEN, CLOSE, ALONE = "open", "close", "alone"


@dataclass
class _Token:
    kind: str  # OPEN, CLOSE, ALONE
    xml: str  # the native markup: an element, or a container's start or end tag
    pair: str | None = None  # what pairs an open with its close (bpt i, sc id, a container)
    number: int = 0


Piece = str | _Token


@dataclass(frozen=True)
class _Vocabulary:
    """How a format's inline elements read as tags: containers (text inside, `<g>`, `<pc>`,
    `<hi>`), openers and closers with the attribute that pairs them, everything else alone."""

    containers: frozenset[str]
    openers: dict[str, tuple[str, ...]]
    closers: dict[str, tuple[str, ...]]
    namespace: str = ""


TMX_WORDS = _Vocabulary(frozenset({"hi"}), {"bpt": ("i",)}, {"ept": ("i",)})
XLIFF12_WORDS = _Vocabulary(
    frozenset({"g", "mrk"}), {"bx": ("rid", "id"), "bpt": ("rid", "id")}, {"ex": ("rid", "id"), "ept": ("rid", "id")}
)
XLIFF20_WORDS = _Vocabulary(frozenset({"pc", "mrk"}), {"sc": ("id",), "sm": ("id",)}, {"ec": ("startRef",), "em": ("startRef",)})


def _local(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _serialize(element: Any, declared: Sequence[str]) -> str:
    from lxml import etree

    text = etree.tostring(element, encoding="unicode", with_tail=False)
    for declaration in declared:  # the namespaces the enclosing element has in scope already
        text = text.replace(declaration, "")
    return text


def _pieces(element: Any, words: _Vocabulary, declared: Sequence[str]) -> list[Piece]:
    """An element's inline content as text and tokens, in order."""
    out: list[Piece] = []

    def walk(node: Any) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            namespace, local = _local(child.tag)
            if not local:  # a comment or processing instruction: kept as it was
                out.append(_Token(ALONE, _serialize(child, declared)))
            elif namespace == words.namespace and local in words.containers:
                full = _serialize(child, declared)
                start = full[: full.index(">") + 1]
                start = start[:-2] + ">" if start.endswith("/>") else start
                prefix = start[1:].split(None, 1)[0].rstrip(">").rstrip("/")
                out.append(_Token(OPEN, start, pair=f"#{id(child)}"))
                walk(child)
                out.append(_Token(CLOSE, f"</{prefix}>", pair=f"#{id(child)}"))
            else:
                kind, pair = ALONE, None
                names = words.openers.get(local) if namespace == words.namespace else None
                if names and child.get("isolated") != "yes":
                    kind, pair = OPEN, f"{local}:" + next((child.get(n) for n in names if child.get(n)), "")
                names = words.closers.get(local) if namespace == words.namespace else None
                if names and child.get("isolated") != "yes":
                    opener = {"ept": "bpt", "ex": "bx", "ec": "sc", "em": "sm"}[local]
                    kind, pair = CLOSE, f"{opener}:" + next((child.get(n) for n in names if child.get(n)), "")
                if local == "it" and words is TMX_WORDS:
                    kind = OPEN if child.get("pos") == "begin" else CLOSE
                out.append(_Token(kind, _serialize(child, declared), pair))
            if child.tail:
                out.append(child.tail)

    walk(element)
    return out


def _number(source: list[Piece], target: list[Piece]) -> None:
    """Number the tokens: the source's in order (a pair shares its number), then each target
    token takes the number of an unused source token with the same markup, else a new one."""
    count = 0
    pairs: dict[str, int] = {}
    for token in source:
        if isinstance(token, _Token):
            if token.kind == CLOSE and token.pair in pairs:
                token.number = pairs.pop(token.pair)
            else:
                count += 1
                token.number = count
                if token.kind == OPEN and token.pair:
                    pairs[token.pair] = count
    free = [t for t in source if isinstance(t, _Token)]
    pairs = {}
    for token in target:
        if not isinstance(token, _Token):
            continue
        if token.kind == CLOSE and token.pair in pairs:
            token.number = pairs.pop(token.pair)
            continue
        same = next((t for t in free if t.kind == token.kind and t.xml == token.xml), None)
        if same is not None:
            free.remove(same)
            token.number = same.number
        else:
            count += 1
            token.number = count
        if token.kind == OPEN and token.pair:
            pairs[token.pair] = token.number


def render(pieces: Sequence[Piece]) -> str:
    """Text with tags: `{N}`, `{/N}`, `{N/}`; a literal `{` doubled."""
    parts = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece.replace("{", "{{"))
        else:
            parts.append({OPEN: "{%d}", CLOSE: "{/%d}", ALONE: "{%d/}"}[piece.kind] % piece.number)
    return "".join(parts)


class TagError(ValueError):
    """A reviewed target whose tags cannot be turned back into the file's markup."""


def rebuild(text: str, native: dict[tuple[str, int], str]) -> tuple[str, bool]:
    """A reviewed text back as markup (text escaped, tags as the markup they stood for), and
    whether it has any tag. Raises TagError for a tag that stood for nothing."""
    parts: list[str] = []
    tagged = False
    last = 0
    found_tags = [(m, m.group(0) != "{{" and not (m.group(1) and m.group(3))) for m in _TAG.finditer(text)]
    _check_order([(m.group(1), int(m.group(2)), m.group(3)) for m, is_tag in found_tags if is_tag])
    for found, _ in found_tags:
        parts.append(xmlsafe.escape_text(text[last : found.start()]))
        last = found.end()
        if found.group(0) == "{{":
            parts.append("{")
            continue
        closing, number, alone = found.group(1), int(found.group(2)), found.group(3)
        if closing and alone:
            parts.append(xmlsafe.escape_text(found.group(0)))
            continue
        kind = CLOSE if closing else ALONE if alone else OPEN
        xml = native.get((kind, number))
        if xml is None:
            raise TagError(f"the tag {found.group(0)} stands for no code of this segment")
        parts.append(xml)
        tagged = True
    parts.append(xmlsafe.escape_text(text[last:]))
    return "".join(parts), tagged


def _check_order(tags: Sequence[tuple[str, int, str]]) -> None:
    """Raise TagError where a pair's tags cross another pair or close before they open (a
    tag without its partner in the text, as a source may have one, is allowed)."""
    opens = {number for closing, number, alone in tags if not closing and not alone}
    stack: list[int] = []
    for closing, number, alone in tags:
        if alone:
            continue
        if not closing:
            stack.append(number)
        elif number in stack:
            if stack[-1] != number:
                raise TagError(f"the tags {{{stack[-1]}}} and {{/{number}}} cross")
            stack.pop()
        elif number in opens:
            raise TagError(f"the tag {{/{number}}} comes before its {{{number}}}")


def _native(source: list[Piece], target: list[Piece]) -> dict[tuple[str, int], str]:
    table: dict[tuple[str, int], str] = {}
    for token in (*target, *source):
        if isinstance(token, _Token):
            table.setdefault((token.kind, token.number), token.xml)
    return table


# --- the review file ---


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in REVIEW_SUFFIXES:
        raise UsageError(f"{shown_name(path)}: not a .xlsx or .docx review file name")
    return suffix


def write_rows(path: Path, rows: Sequence[ReviewRow], inputs: Sequence[Path]) -> None:
    from tm.memory import review_docx, review_xlsx

    data = (review_xlsx.write if _format(path) == ".xlsx" else review_docx.write)(rows)
    write_bytes(path, data, inputs)


def read_rows(path: Path) -> list[ReviewRow]:
    from tm.memory import review_docx, review_xlsx

    reader = review_xlsx.read if _format(path) == ".xlsx" else review_docx.read
    return reader(read_input(path), shown_name(path))


# --- what a file holds: segments with their pieces and how to change them ---


@dataclass
class _Segment:
    id: str
    source: list[Piece]
    target: list[Piece]
    origin: str
    match: str
    apply: Callable[[str], None]  # puts a reviewed text (with tags) in

    def row(self) -> ReviewRow:
        return ReviewRow(self.id, render(self.source), render(self.target), self.origin, self.match)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        return "tmx"
    if suffix in (".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
        return "xliff"
    raise UsageError(f"{shown_name(path)}: not a .tmx or .xlf file (a memory or an XLIFF to review)")


class _Memory:
    """A TMX parsed once into a tree (a review goes over every unit). Import changes the
    reviewed units' elements in place and writes the tree back, so every other unit, the
    header, comments and the file's own layout stay as they were; with nothing changed the
    output is the input's bytes. The units and ids are the reader's (`pick_segs`)."""

    def __init__(self, path: Path) -> None:
        from lxml import etree

        from tm.core.errors import TmxError
        from tm.memory.tmx import PARSER_OPTIONS, TmxReader

        self.path = path
        self.source = TmxReader(path).source  # the header and its languages, checked as every reader does
        self.data = read_input(path)
        try:
            self.root = etree.fromstring(self.data, xmlsafe.parser(**PARSER_OPTIONS))
        except etree.XMLSyntaxError as exc:
            raise TmxError(f"{path}: not a valid TMX file ({str(exc).splitlines()[0]})") from None
        self.changed = False

    def segments(self, details: bool = True) -> Iterator[_Segment]:
        """The units as segments; `details`: with their origin and match (the export's
        columns; import compares texts only). Written for speed (it runs once per unit of a
        memory under review): a `<seg>` without inline elements is its text, one with them
        is read in one walk (`_seg_pieces`), neither parsed again; the props are the `<tu>`'s
        own, picked in C (`iterchildren`)."""
        from tm.memory.tmx import pick_segs

        seen: set[str] = set()
        position = 0
        source_lang = self.source
        for tu in self.root.iter("tu"):
            picked = pick_segs(tu, source_lang, None)
            if picked is None:
                continue  # the reader skips it: no position, no row
            position += 1
            source_seg, target_seg = picked
            if len(source_seg) or len(target_seg):
                (source_text, source, coded), (_, target, target_coded) = _seg_pieces(source_seg), _seg_pieces(target_seg)
                if coded or target_coded:
                    _number(source, target)
            else:  # the common case: plain text on both sides
                source_text, target_text = source_seg.text or "", target_seg.text or ""
                source = [source_text] if source_text else []
                target = [target_text] if target_text else []
            uid = tu.get("tuid")
            if not uid or uid in seen:
                uid = f"@{position}:{hashlib.sha256(source_text.encode('utf-8')).hexdigest()[:8]}"
            seen.add(uid)
            origin = match = ""
            if details:
                props: dict[str, str] = {}
                for prop in tu.iterchildren("prop"):
                    props.setdefault(prop.get("type", ""), prop.text or "")
                if props:
                    origin = props.get("x-Origin") or ""
                    leverage, fuzzy = props.get("x-leverage"), props.get("x-fuzzy-match")
                    match = leverage or (f"fuzzy {fuzzy}" if fuzzy else "")
            yield _Segment(uid, source, target, origin, match, functools.partial(self._apply, tu, target_seg, source, target))

    def _apply(self, tu: Any, seg: Any, source: list[Piece], target: list[Piece], text: str) -> None:
        """Put a reviewed `text` (with tags) into the unit `tu` in place of its target `seg`."""
        from lxml import etree

        from tm.language.normalize import drop_xml_forbidden
        from tm.memory.tmx import ORIGIN_REVIEW, tmx_date

        markup, tagged = rebuild(text, _native(source, target))
        # without tags the text is plain, its doubled braces single again (as `rebuild` reads them)
        plain, normalised = _tmx_seg(markup) if tagged else (text.replace("{{", "{"), None)
        if normalised is None:
            new = etree.Element("seg")
            new.text = drop_xml_forbidden(plain)
        else:
            new = etree.fromstring(f"<seg>{normalised}</seg>".encode(), xmlsafe.parser())
        new.tail = seg.tail
        seg.getparent().replace(seg, new)
        # x-Origin "Review", after the unit's other props (the DTD: (note|prop)*, tuv+)
        for prop in [p for p in tu if p.tag == "prop" and p.get("type") == "x-Origin"]:
            tu.remove(prop)  # its tail (the line break before the next element) goes too
        before = [child for child in tu if child.tag in ("prop", "note")]
        element = etree.Element("prop", type="x-Origin")
        element.text = ORIGIN_REVIEW
        if before:
            element.tail = before[-1].tail
            before[-1].addnext(element)
        else:
            element.tail = tu.text
            tu.insert(0, element)
        tu.set("changedate", tmx_date())
        tu.set("changeid", REVIEWER)
        self.changed = True

    def write(self, output: Path, inputs: Sequence[Path]) -> None:
        write_bytes(output, _serialised(self.root, self.data) if self.changed else self.data, inputs)


def _serialised(root: Any, data: bytes) -> bytes:
    """A changed tree as a file again: the input's XML declaration (and the line break
    after it) kept as it was, the rest from lxml; a file in another encoding than UTF-8
    is written in that encoding with lxml's declaration."""
    from lxml import etree

    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "UTF-8"
    if encoding.upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        whole = etree.tostring(tree, encoding=encoding, xml_declaration=True)
        assert isinstance(whole, bytes)
        return whole
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    head = b""
    start = data.lstrip(b"\xef\xbb\xbf")
    if start.startswith(b"<?xml"):
        end = start.index(b"?>") + 2
        head = start[:end] + start[end : len(start) - len(start[end:].lstrip())][:1]
    return head + body + (b"\n" if data.endswith(b"\n") and not body.endswith(b"\n") else b"")


def _seg_pieces(seg: Any) -> tuple[str, list[Piece], bool]:
    """A TMX `<seg>`'s plain text (the reader's), its pieces, and whether it has a code: the
    pieces of its content as the reader gives it (tm/memory/tmx.py `seg_content`: codes with
    the DTD's attributes only, a code without its required one a `<ph>`, elements the DTD
    does not allow giving their content, comments gone), made from the reader's own walk
    (`inline_pieces`) instead of writing that markup and parsing it again (which was half of
    an export's time per coded unit). `_tmx_pieces(*seg_content(seg))` is what it must equal
    (tested)."""
    from tm.memory.tmx import inline_pieces

    out: list[Piece] = []
    pairs = 0  # a `<hi>`'s open and close share a pair of their own, numbered as they open
    open_pairs: list[str] = []
    coded = False
    for piece in inline_pieces(seg):
        if isinstance(piece, str):
            out.append(piece)
            continue
        coded = True
        tag, xml = piece.tag, piece.xml
        if tag == "bpt":
            out.append(_Token(OPEN, xml, "bpt:" + (piece.element.get("i") or "")))
        elif tag == "ept":
            out.append(_Token(CLOSE, xml, "bpt:" + (piece.element.get("i") or "")))
        elif tag == "it":
            out.append(_Token(OPEN if piece.element.get("pos") == "begin" else CLOSE, xml))
        elif tag == "hi":
            pairs += 1
            open_pairs.append(f"#{pairs}")
            out.append(_Token(OPEN, xml, open_pairs[-1]))
        elif tag == "/hi":
            out.append(_Token(CLOSE, xml, open_pairs.pop()))
        else:
            out.append(_Token(ALONE, xml))
    plain = "".join(piece for piece in out if isinstance(piece, str))
    if coded:
        return plain, out, True
    return plain, [plain] if plain else [], False


def _tmx_pieces(text: str, markup: str | None) -> list[Piece]:
    """The pieces of a `<seg>` read by the TMX reader (its plain text, its markup or None),
    by parsing that markup: the definition `_seg_pieces` is held equal to."""
    if markup is None:
        return [text] if text else []
    from lxml import etree

    seg = etree.fromstring(f"<seg>{markup}</seg>".encode(), xmlsafe.parser())
    return _pieces(seg, TMX_WORDS, ())


def _tmx_seg(markup: str) -> tuple[str, str | None]:
    """A rebuilt `<seg>` content as the TMX reader reads it: plain text, DTD-valid markup."""
    from lxml import etree

    from tm.memory.tmx import tuv_content

    try:
        tuv = etree.fromstring(f"<tuv><seg>{markup}</seg></tuv>".encode(), xmlsafe.parser())
    except etree.XMLSyntaxError:
        raise TagError("its tags do not nest (a closing tag before its opening one, or one missing)") from None
    result = tuv_content(tuv)
    assert result is not None
    return result


def _tmx_match(unit: Any) -> str:
    leverage, fuzzy = unit.prop("x-leverage"), unit.prop("x-fuzzy-match")
    return leverage or (f"fuzzy {fuzzy}" if fuzzy else "")


def _tmx_header(path: Path, source: str) -> tuple[Any, str]:
    """The memory's header as the writer takes it (languages, dates, `<prop>`s), and the
    target language as its first unit gives it."""
    from tm.memory.tmx import PARSER_OPTIONS, XML_LANG, TmxHeader, iter_tu_elements

    header = TmxHeader()
    for _, element in xmlsafe.iterparse(path, events=("end",), tag="header", **PARSER_OPTIONS):
        a = element.attrib
        props = tuple((p.get("type", ""), p.text or "") for p in element if p.tag == "prop")
        header = TmxHeader(
            a.get("srclang", header.source_lang),
            header.target_lang,
            a.get("creationid", header.creationid),
            a.get("creationdate", header.creationdate),
            a.get("adminlang", header.adminlang),
            props,
        )
        break
    target, source_code = header.target_lang, header.source_lang
    for tu in iter_tu_elements(path):
        langs = [tuv.get(XML_LANG) or tuv.get("lang") or "" for tuv in tu if tuv.tag == "tuv"]
        others = [code for code in langs if code.split("-")[0].split("_")[0].lower() != source]
        mine = [code for code in langs if code not in others]
        if others:
            target = others[0]
            if source_code == "*all*" and mine:
                source_code = mine[0]
            break
    return TmxHeader(source_code, target, header.creationid, header.creationdate, header.adminlang, header.props), target


class _Xliff:
    """An XLIFF 1.2 or 2.x tree, comments and all, changed in place with lxml."""

    def __init__(self, path: Path) -> None:
        from lxml import etree

        self.path = path
        self.data = read_input(path)
        parser = xmlsafe.parser(huge_tree=True)
        label = shown_name(path)
        try:
            self.tree = etree.ElementTree(etree.fromstring(self.data, parser))
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{label}: not a well-formed XLIFF file ({str(exc).splitlines()[0]})") from None
        root = self.tree.getroot()
        docinfo = self.tree.docinfo
        if docinfo.internalDTD is not None or docinfo.system_url:
            raise InputError(f"{label}: XLIFF with a document type declaration (DTD or entities) is refused")
        namespace, local = _local(root.tag)
        from tm.documents.xliff import NS_12, NS_20

        if local != "xliff" or (namespace not in NS_12 and namespace != NS_20):
            raise InputError(f"{label}: not an XLIFF 1.2 or 2.x file (its root element is <{local}>)")
        self.namespace: str = namespace
        self.version2: bool = namespace == NS_20
        self.changed: bool = False
        base = XLIFF20_WORDS if self.version2 else XLIFF12_WORDS
        self.words: _Vocabulary = _Vocabulary(base.containers, base.openers, base.closers, namespace)

    def _declared(self, element: Any) -> list[str]:
        return [f' xmlns="{uri}"' if prefix is None else f' xmlns:{prefix}="{uri}"' for prefix, uri in element.nsmap.items()]

    def segments(self, details: bool = True) -> Iterator[_Segment]:
        q = f"{{{self.namespace}}}"
        root = self.tree.getroot()
        for position, file in enumerate(root.findall(f"{q}file"), start=1):
            if self.version2:
                yield from self._units_20(file, q, _ref_part(file.get("id") or str(position)), file.get("translate") == "no")
            else:
                body = file.find(f"{q}body")
                if body is not None:
                    yield from self._units_12(body, q, str(position), file.get("translate") == "no", file.get("target-language"))

    def _pieces(self, element: Any) -> list[Piece]:
        """An element's pieces; one without children is its text, asked nothing more (the
        namespaces in scope, which its codes' markup leaves out, cost a walk up the tree)."""
        if not len(element):
            return [element.text] if element.text else []
        return _pieces(element, self.words, self._declared(element))

    def _segment(
        self,
        ref: str,
        source: Any,
        target: Any | None,
        make_target: Callable[[], Any],
        state: Callable[[], None],
        origin: str,
        match: str,
    ) -> _Segment | None:
        src = self._pieces(source)
        if not "".join(p for p in src if isinstance(p, str)).strip():
            return None
        tgt = self._pieces(target) if target is not None else []
        if any(isinstance(p, _Token) for p in (*src, *tgt)):  # else there is nothing to number
            _number(src, tgt)

        def apply(text: str) -> None:
            from lxml import etree

            element = target if target is not None else make_target()
            markup, _ = rebuild(text, _native(src, tgt))
            declarations = "".join(self._declared(element))
            try:
                wrapper = etree.fromstring(f"<wrap{declarations}>{markup}</wrap>".encode(), xmlsafe.parser())
            except etree.XMLSyntaxError:
                raise TagError("its tags do not nest (a closing tag before its opening one, or one missing)") from None
            for child in list(element):
                element.remove(child)
            element.text = wrapper.text
            for child in list(wrapper):
                element.append(child)
            state()
            self.changed = True

        return _Segment(ref, src, tgt, origin, match, apply)

    def _units_12(self, container: Any, q: str, file_id: str, no: bool, lang: str | None) -> Iterator[_Segment]:
        from lxml import etree

        for unit in container:
            if unit.tag == f"{q}group":
                yield from self._units_12(unit, q, file_id, no or unit.get("translate") == "no", lang)
                continue
            if unit.tag != f"{q}trans-unit" or no or unit.get("translate") == "no":
                continue
            if unit.get("{MQXliff}locked") == "locked":
                continue
            ref = f"{file_id}/{_ref_part(unit.get('id', ''))}"
            # each the first child of its name (as find() gives it), picked in C
            source = next(unit.iterchildren(f"{q}source"), None)
            target = next(unit.iterchildren(f"{q}target"), None)
            seg_source = next(unit.iterchildren(f"{q}seg-source"), None)
            qualities = [a.get("match-quality", "") for a in unit.iterchildren(f"{q}alt-trans") if a.get("match-quality")]
            match = max(qualities, key=_quality, default="")

            def origin(target: Any = target) -> str:
                return (target.get("state-qualifier") or target.get("state") or "") if target is not None else ""

            def make_target(unit: Any = unit, source: Any = source, seg_source: Any = seg_source) -> Any:
                element = etree.Element(f"{q}target")
                if lang:
                    element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
                (seg_source if seg_source is not None else source).addnext(element)
                element.tail = source.tail
                return element

            def state(unit: Any = unit) -> None:
                element = unit.find(f"{q}target")
                element.set("state", STATE_12)
                element.attrib.pop("state-qualifier", None)

            marks = seg_source.findall(f".//{q}mrk[@mtype='seg']") if seg_source is not None else []
            if not marks:
                if source is not None:
                    found = self._segment(ref, source, target, make_target, state, origin(), match)
                    if found is not None:
                        yield found
                continue
            targets = {m.get("mid"): m for m in target.iter(f"{q}mrk") if m.get("mtype") == "seg"} if target is not None else {}
            locked = {s.get("id") for s in unit.iter("{http://sdl.com/FileTypes/SdlXliff/1.0}seg") if s.get("locked") == "true"}
            for mark in marks:
                mid = mark.get("mid", "")
                if mid in locked:
                    continue

                def no_target(mid: str = mid) -> Any:
                    raise TagError(f"its unit has no target segment (mrk mid={mid!r}) to fill")

                found = self._segment(f"{ref}/{_ref_part(mid)}", mark, targets.get(mid), no_target, state, origin(), match)
                if found is not None:
                    yield found

    def _units_20(self, container: Any, q: str, file_id: str, no: bool) -> Iterator[_Segment]:
        from lxml import etree

        mtc = "{urn:oasis:names:tc:xliff:matches:2.0}"
        for unit in container:
            if unit.tag == f"{q}group":
                yield from self._units_20(unit, q, file_id, no or unit.get("translate") == "no")
                continue
            if unit.tag != f"{q}unit" or no or unit.get("translate") == "no":
                continue
            ref = f"{file_id}/{_ref_part(unit.get('id', ''))}"
            segments = list(unit.iterchildren(f"{q}segment"))
            similarities = [m.get("similarity", "") for m in unit.iter(f"{mtc}match") if m.get("similarity")]
            match = max(similarities, key=_quality, default="")
            for position, segment in enumerate(segments, start=1):
                segment_ref = (
                    ref
                    if len(segments) == 1 and not segment.get("id")
                    else f"{ref}/{_ref_part(segment.get('id') or str(position))}"
                )
                source, target = next(segment.iterchildren(f"{q}source"), None), next(segment.iterchildren(f"{q}target"), None)
                if source is None:
                    continue

                def make_target(source: Any = source) -> Any:
                    element = etree.Element(f"{q}target")
                    source.addnext(element)
                    element.tail, source.tail = source.tail, source.tail
                    return element

                def state(segment: Any = segment) -> None:
                    segment.set("state", STATE_20)
                    segment.attrib.pop("subState", None)

                origin = segment.get("subState") or segment.get("state") or ""
                found = self._segment(segment_ref, source, target, make_target, state, origin, match)
                if found is not None:
                    yield found

    def write(self, output: Path, inputs: Sequence[Path]) -> None:
        write_bytes(output, _serialised(self.tree.getroot(), self.data) if self.changed else self.data, inputs)


def _quality(value: str) -> float:
    try:
        return float(value.rstrip("%"))
    except ValueError:
        return -1.0


def _ref_part(part: str) -> str:
    """An id as tm/documents/xliff.py writes it in `Block.ref`."""
    return part.replace("%", "%25").replace("/", "%2F")


def _open(path: Path) -> _Memory | _Xliff:
    return _Memory(path) if _kind(path) == "tmx" else _Xliff(path)


# --- the two operations ---


# The QA flags of rows: given (id, source, target) of each row as plain text (tags left
# out), the flags text by id. tm/qa sits above this layer: the CLI passes it in.
QaFlags = Callable[[Sequence[tuple[str, str, str]]], Mapping[str, str]]


def _plain(pieces: Sequence[Piece]) -> str:
    return "".join(piece for piece in pieces if isinstance(piece, str))


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Python's cycle collector held off while a review builds its rows: tens of thousands
    of objects that all stay alive made it run over and over (a fifth of the time on 10,000
    units). Nothing here makes cycles; refcounting frees what goes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_rows(path: Path, qa: QaFlags | None = None) -> list[ReviewRow]:
    """The review rows of a memory or an XLIFF, with the QA flags `qa` gives them."""
    rows: list[ReviewRow] = []
    plain: list[tuple[str, str, str]] = []  # what `qa` reads, only when it is asked
    with _no_collections():
        # Each segment goes as soon as its row is made (keeping 10,000 of them, with their
        # elements, alive until the end cost a fifth of an export in freeing them).
        for segment in _open(path).segments():
            rows.append(segment.row())
            if qa is not None:
                plain.append((segment.id, _plain(segment.source), _plain(segment.target)))
    if qa is not None:
        flags = qa(plain)
        for row in rows:
            row.qa = flags.get(row.id, "")
    return rows


def export_review(source: Path, output: Path, qa: QaFlags | None = None) -> int:
    """Write the review file of `source` (a TMX or an XLIFF) to `output`; return the rows."""
    _format(output)
    check_outputs({"-o": output}, [source])
    rows = export_rows(source, qa)
    write_rows(output, rows, [source])
    return len(rows)


def import_review(review: Path, into: Path, output: Path | None = None) -> ImportReport:
    """Apply the reviewed targets of `review` to `into`, written to `output` (default: `into`
    in place, atomically). Returns what was applied and what was not, and why."""
    _format(review)
    kind = _kind(into)
    target = output or into
    if output is not None:
        if _kind(output) != kind:
            raise UsageError(f"-o {shown_name(output)}: not a {'.tmx' if kind == 'tmx' else '.xlf'} file like --into")
        check_outputs({"-o": output}, [review, into])
    else:
        check_outputs({"--into": into}, [review])
    with _no_collections():
        rows = read_rows(review)
        _refuse_duplicates(rows, review)
        document = _open(into)
        report = _apply_rows(rows, document, review, into, target)
    document.write(target, [review] if output is None else [review, into])
    return report


def _apply_rows(rows: Sequence[ReviewRow], document: _Memory | _Xliff, review: Path, into: Path, target: Path) -> ImportReport:
    """Put each changed row's target into `document` (see `import_review`)."""
    report = ImportReport(target)
    by_id = {row.id: row for row in rows}
    found: set[str] = set()
    for segment in document.segments(details=False):
        row = by_id.get(segment.id)
        if row is None:
            continue
        found.add(segment.id)
        if row.target == render(segment.target):
            report.unchanged += 1
            continue
        where = f"{shown_name(review)}: row {row.line} (id {segment.id})"
        if row.source != render(segment.source):
            report.problems.append(f"{where}: the source was edited; the target is not applied")
        elif row.formula:
            report.problems.append(f"{where}: the target is a spreadsheet formula; it is not applied")
        else:
            try:
                segment.apply(row.target)
            except TagError as exc:
                report.problems.append(f"{where}: {exc}; the target is not applied")
            else:
                report.applied.append(segment.id)
    for row in rows:
        if row.id not in found:
            report.problems.append(f"{shown_name(review)}: row {row.line}: id {row.id} is not in {shown_name(into)}; not applied")
    return report


def _refuse_duplicates(rows: Sequence[ReviewRow], review: Path) -> None:
    if len({row.id for row in rows}) == len(rows):
        return  # the usual file: no list of lines for each of its ids
    lines: dict[str, list[int]] = {}
    for row in rows:
        lines.setdefault(row.id, []).append(row.line)
    repeated = {key: at for key, at in lines.items() if len(at) > 1}
    if repeated:
        key, at = next(iter(repeated.items()))
        more = f" (and {len(repeated) - 1} more ids)" if len(repeated) > 1 else ""
        raise InputError(
            f"{shown_name(review)}: id {key} is on rows {', '.join(map(str, at))}{more}; "
            "which row is the review cannot be told, so nothing was applied"
        )


def rows_of_table(table: Iterator[tuple[int, list[tuple[str, bool]]]], label: str, escaped: bool) -> list[ReviewRow]:
    """Review rows from a table's rows (`(line, [(text, is_formula), …])`, the first non-empty
    one the header): the columns are found by their headings, in any order. `escaped`:
    cells were written with `escape_cell` (a spreadsheet), so one leading `'` goes."""
    from tm.core.cells import unescape_cell

    names = {heading.lower(): column for column, heading in zip(COLUMNS, HEADINGS, strict=True)}
    names.update({column: column for column in COLUMNS})
    where: dict[str, int] | None = None
    indexes: list[int | None] = []
    rows: list[ReviewRow] = []
    empty = ("", False)
    for line, cells in table:
        for text, _ in cells:  # a loop, not any(): this runs for each of 10,000 rows
            if text and not text.isspace():
                break
        else:
            continue
        if where is None:
            where = {}
            for index, (text, _) in enumerate(cells):
                name = names.get(text.strip().lower())
                if name is not None:
                    where.setdefault(name, index)
            missing = [
                heading
                for column, heading in zip(COLUMNS, HEADINGS, strict=True)
                if column in ("id", "source", "target") and column not in where
            ]
            if missing:
                raise InputError(f"{label}: no {', '.join(missing)} column in its header row (line {line}); not a review file")
            indexes = [where.get(column) for column in COLUMNS]  # each row's cells in COLUMNS order
            continue

        count = len(cells)
        values = [cells[i] if i is not None and i < count else empty for i in indexes]
        if escaped:
            values = [
                (unescape_cell(text), False) if text[:1] == "'" and not formula else (text, formula) for text, formula in values
            ]
        (key, _), (source, _), (target, formula), (origin, _), (match, _), (qa, _), (comment, _) = values
        rows.append(ReviewRow(key.strip(), source, target, origin, match, qa, comment, line, formula))
    if where is None:
        raise InputError(f"{label}: an empty table; not a review file")
    return rows
