"""HTML pages: block elements are blocks, inline elements are codes (lxml.html).

Decoding follows the order a browser uses, less the HTTP header we never see: a byte-order
mark, then the page's own declaration (`<meta charset>`, `<meta http-equiv="Content-Type">`,
an XHTML `<?xml encoding?>`), then `tm.documents.plaintext.decode_bytes`, which detects the legacy
Cyrillic code pages. A page that is UTF-8 in one place and CP1251 in another, or whose
declared charset does not decode it, is refused in one line: guessing would put mojibake
into the memory.

Reading: `p`, `h1`–`h6`, `li`, `td`/`th`, `dt`/`dd`, `blockquote`, `figcaption`, `title`,
each line of a `pre`, and the text a `div` (or any other container) holds directly are
blocks. Inline elements are codes: `b`/`strong` bold, `i`/`em` italic, `u` underline, `a` a
link (its opening tag, with the href, in `Code.data`), every other inline element a
`format` span; `br` and `img` are placeholders. Scripts, styles, `noscript`, `template`,
SVG, MathML, forms' controls and comments are never text; entities are HTML's own, nothing
is fetched (lxml's HTML parser never loads a DTD or resolves a doctype's entities).
Whitespace collapses as a browser collapses it (`pre` keeps it).

`lang` is inherited: it is each block's `lang`, and the root's is the document's. HTML's
`translate="no"` on a block (or around it) makes the block `translate=False`; on an
inline element inside a translatable block it becomes one placeholder whose data is the
whole element, text included, as Okapi's HTML filter does (its PLACEHOLDER code): the
words stay in the file, out of the text to translate.

Page furniture (navigation, the site's header and footer, asides, share buttons, cookie
banners, lists of other stories) is marked `part="furniture"` by element and class rules
(`_furniture_reason`); `tm.text.structure`'s line rules then run on runs of sibling
blocks (`sibling_runs`). `bench/html_article.py` measures these rules against trafilatura.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from lxml import etree, html

from tm.core.errors import InputError
from tm.documents.model import Block, Code, StructuredDocument
from tm.documents.plaintext import bom_encoding, decode_bytes
from tm.language.normalize import normalize_text

# Elements that start and end a block. Text a container holds directly (between its child
# blocks) is a block of its own, as a browser shows it on its own line.
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body caption head center dd details dialog dir div dl dt fieldset figcaption"
    " figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu nav"
    " ol p plaintext pre section summary table tbody td tfoot th thead title tr ul xmp".split()
)
# Never text: code, styling, things a browser does not render as the page's words.
SKIPPED_ELEMENTS = frozenset(
    "script style noscript template svg math iframe object embed canvas audio video select option"
    " optgroup textarea input button datalist map area param source track meta link base".split()
)
_INLINE_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "a": "link"}
_PLACEHOLDER_TYPES = {"br": "break", "img": "image", "wbr": "break"}
_PARTS = {"title": "title", "td": "table", "th": "table", "caption": "table", "li": "list", "dt": "list", "dd": "list"}

# Page chrome by element, ARIA role and class/id word. `header`/`footer` are the site's only
# outside an `article`/`main` (HTML5: inside one they are the article's own byline and notes).
_FURNITURE_ELEMENTS = frozenset({"nav", "aside"})
_SITE_ELEMENTS = frozenset({"header", "footer"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation menu topmenu footer sidebar related share sharing social cookie cookies consent"
    " breadcrumb breadcrumbs comments tags banner ad ads advert adv promo subscribe newsletter"
    " readmore recommended popular".split()
)
_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # what HTML collapses; U+00A0 is not among them

# Where a page says its encoding: <meta charset>, <meta http-equiv content="…; charset=…">,
# <?xml … encoding="…"?>. Searched in the first bytes, as browsers do (HTML's prescan: 1024).
_DECLARED = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I
)
_PRESCAN_BYTES = 4096
# Two Cyrillic letters in a row as UTF-8 bytes: never in CP1251/KOI8-R Russian text, whose
# letters are single bytes (0xD0/0xD1 there are `Р`/`С`, and a letter after them is >= 0xC0).
_UTF8_CYRILLIC = re.compile(rb"(?:[\xd0\xd1][\x80-\xbf]){2,}")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
_LANG_ATTRIBUTES = ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang")
_SINGLE_BYTE_UTF8_ALIASES = {"utf-8", "utf8"}


def read(data: bytes, label: str) -> StructuredDocument:
    """Read an HTML or XHTML page into blocks with inline codes."""
    text, notes = decode_html(data, label)
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares an encoding
    # An XHTML doctype's internal subset declares entities; HTML has none to declare, and the
    # HTML parser would show the subset's end as text. Its entities stay unresolved, as text.
    text = _INTERNAL_SUBSET.sub("<!DOCTYPE html>", text, count=1)
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{label}: not an HTML page ({exc})") from None
    walker = _Walker(root.getroottree())
    walker.walk(root, _Context(lang=_lang(root)))
    blocks = walker.blocks
    if USE_TRAFILATURA and _looks_like_a_site(root, blocks):
        blocks = mark_beyond_article(blocks, text, label, notes)
    return StructuredDocument(format="html", blocks=tuple(blocks), source_lang=_lang(root), notes=tuple(notes))


# --- the article, as trafilatura finds it ---

# bench/html_article.py: on 21 pages in six site templates, element rules + structure.py's
# line rules find the article's text with precision 0.954 / recall 1.000; trafilatura 0.996 /
# 0.992; both together 0.999 / 0.992. So trafilatura has the last word on which of our blocks
# are article, unless it keeps less than half of what the rules keep: then the file is no
# article page (a document saved as HTML, a table of data) and its verdict is not used.
USE_TRAFILATURA = True
_MIN_KEPT_SHARE = 0.5
_MATCH_LENGTH = 40  # a block this long may be part of one of trafilatura's lines


_LANDMARKS = "//nav | //header | //footer | //aside | //menu | //*[@role='navigation' or @role='banner' or @role='contentinfo']"


_MENU_BLOCKS = 3  # blocks that are mostly a link: a menu or a list of other stories


def _looks_like_a_site(root: etree._Element, blocks: Sequence[Block]) -> bool:
    """Whether the page has a site around its text: landmarks, furniture the element rules
    found, or blocks that are mostly a link. A document saved as HTML has none of them: there
    every block is the document's, and trafilatura, made for news sites, would drop its
    headings and table cells."""
    if any(b.part == "furniture" for b in blocks) or root.xpath(_LANDMARKS):
        return True
    return sum(_link_share(b) >= 0.8 for b in blocks) >= _MENU_BLOCKS


def _link_share(block: Block) -> float:
    """How much of a block's text stands inside links."""
    inside, start, depth = 0, 0, 0
    for code in block.codes:
        if code.type != "link" or code.kind == "placeholder":
            continue
        if code.kind == "open":
            depth += 1
            start = code.offset if depth == 1 else start
        elif depth:
            depth -= 1
            inside += code.offset - start if depth == 0 else 0
    return inside / len(block.text) if len(block.text.strip()) > 1 else 0.0


def mark_beyond_article(blocks: list[Block], text: str, label: str, notes: list[str]) -> list[Block]:
    """Mark as furniture the translatable blocks trafilatura does not take for the article."""
    candidates = [i for i, b in enumerate(blocks) if b.part not in ("furniture", "title")]
    if not candidates:
        return blocks
    try:
        import trafilatura

        extracted = trafilatura.extract(text, output_format="txt", include_comments=False, include_tables=True)
    except Exception:  # noqa: BLE001 - a third-party heuristic: never a reason to refuse a page
        extracted = None
    if not extracted:
        return blocks
    hits = article_blocks([blocks[i] for i in candidates], extracted)
    kept = {i for i, hit in zip(candidates, hits, strict=True) if hit}
    total = sum(len(blocks[i].text) for i in candidates)
    if sum(len(blocks[i].text) for i in kept) < _MIN_KEPT_SHARE * total:
        notes.append(f"{label}: trafilatura found no article; only element rules mark furniture")
        return blocks
    return [replace(b, part="furniture") if i in candidates and i not in kept else b for i, b in enumerate(blocks)]


def article_blocks(blocks: Sequence[Block], extracted: str) -> list[bool]:
    """Which blocks trafilatura's text holds: one of its lines, or a long part of one."""
    lines = [" ".join(line.split()) for line in extracted.splitlines() if line.strip()]
    exact = set(lines)
    found = []
    for block in blocks:
        text = " ".join(block.text.split())
        found.append(text in exact or (len(text) >= _MATCH_LENGTH and any(text in line for line in lines)))
    return found


# --- decoding ---


def decode_html(data: bytes, label: str) -> tuple[str, list[str]]:
    """The page's text, and notes for the user; InputError for mixed or mis-declared encodings."""
    if not data.strip():
        raise InputError(f"{label}: empty file")
    if (bom := bom_encoding(data)) is not None:
        encoding = codecs.lookup(bom).name  # as the messages name it: utf-8-sig, utf-16
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: mixed encodings: a {encoding} BOM, but byte {exc.start} is not {encoding}") from None
    utf8 = _valid_utf8(data)
    if not utf8 and len(_UTF8_CYRILLIC.findall(data)) >= 3:
        raise InputError(f"{label}: mixed encodings: UTF-8 text and a legacy code page in one page")
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is None:
        return decode_bytes(data, label)[0], []
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{label}: declares an unknown charset {declared!r}") from None
    if codec in _SINGLE_BYTE_UTF8_ALIASES or codec == "utf-8":
        if not utf8:
            offset = _utf8_error_offset(data)
            raise InputError(f"{label}: mixed encodings: declares UTF-8, but byte {offset} is not UTF-8")
        return data.decode("utf-8"), []
    if utf8 and _UTF8_CYRILLIC.search(data):
        # UTF-8 through and through, under a stale template's declaration: the bytes leave no
        # doubt (two-byte Cyrillic letters never occur in a single-byte Russian text).
        return data.decode("utf-8"), [f"{label}: declares {declared}, but is UTF-8; read as UTF-8"]
    try:
        return data.decode(codec), []
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: mixed encodings: declares {declared}, but byte {exc.start} is not {declared}") from None


def _declared_charset(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_error_offset(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


# --- the walk ---


@dataclass(frozen=True)
class _Context:
    """What an element inherits from its ancestors."""

    lang: str | None = None
    translate: bool = True
    part: str = "body"
    furniture: str | None = None  # why the nearest furniture ancestor is furniture
    in_article: bool = False  # inside <article> or <main>: its header/footer are its own
    pre: bool = False


@dataclass
class _Builder:
    """The block being assembled: text so far and its codes."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    codes: list[Code] = field(default_factory=list)
    next_id: int = 0

    def add_text(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def ends_with_space(self) -> bool:
        return self.length == 0 or (bool(self.parts) and self.parts[-1].endswith(" "))

    def code(self, kind: str, type_: str, data: str, id_: int | None = None) -> int:
        if id_ is None:
            id_ = self.next_id
            self.next_id += 1
        self.codes.append(Code(kind=kind, id=id_, offset=self.length, type=type_, data=data))  # type: ignore[arg-type]
        return id_


class _Walker:
    """Walks the tree in document order, cutting blocks at block elements."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.blocks: list[Block] = []
        self.current = _Builder()
        self.context = _Context()
        self.ref = ""
        self.refs: dict[str, int] = {}  # blocks cut so far per element: the 2nd and later get "#n"
        self.open: list[tuple[int, str, str, str]] = []  # inline spans open now: id, type, open and close data

    def walk(self, element: etree._Element, context: _Context) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()  # XHTML's namespace
        if not tag or tag in SKIPPED_ELEMENTS:
            self._text(element.tail)  # the tail is the parent's text
            return
        context = self._inherit(element, tag, context)
        if tag in BLOCK_ELEMENTS:
            self.flush()
            outer = (self.context, self.ref)
            self.context, self.ref = context, self.tree.getpath(element)
            self._reopen()
            if tag == "pre":
                self._pre(element)
            else:
                self._children(element, context)
            self.flush()
            self.context, self.ref = outer
            self._reopen()
        elif not context.translate and self.context.translate:
            # translate="no" inside a translatable block: one placeholder carrying the words.
            markup = etree.tostring(element, encoding="unicode", with_tail=False, method="html")
            self.current.code("placeholder", "other", markup)
        elif tag in _PLACEHOLDER_TYPES:
            self.current.code("placeholder", _PLACEHOLDER_TYPES[tag], _start_tag(element, tag))
            if tag == "br" and context.pre:
                self.flush()
                self._reopen()
        else:
            type_ = _INLINE_TYPES.get(tag, "format")
            id_ = self.current.code("open", type_, _start_tag(element, tag))
            self.open.append((id_, type_, _start_tag(element, tag), f"</{tag}>"))
            self._children(element, context)
            opened = self.open.pop()
            self.current.code("close", type_, opened[3], id_=opened[0])
        self._text(element.tail)

    def _inherit(self, element: etree._Element, tag: str, context: _Context) -> _Context:
        lang = _lang(element) or context.lang
        translate = context.translate
        if (value := (element.get("translate") or "").strip().lower()) in ("no", "yes"):
            translate = value == "yes"
        part = _PARTS.get(tag, context.part) if context.part in ("body", "list", "table") or tag == "title" else context.part
        furniture = context.furniture or _furniture_reason(element, tag, context.in_article)
        in_article = context.in_article or tag in ("article", "main")
        return _Context(lang, translate, part, furniture, in_article, context.pre or tag in ("pre", "xmp", "listing"))

    def _children(self, element: etree._Element, context: _Context) -> None:
        self._text(element.text)
        for child in element:
            self.walk(child, context)

    def _text(self, text: str | None) -> None:
        if not text:
            return
        text = normalize_text(text)
        if self.context.pre:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self.flush()
                    self._reopen()
                if line:
                    self.current.add_text(line.replace("\t", " "))
            return
        text = _SPACES.sub(" ", text)
        if text.startswith(" ") and self.current.ends_with_space():
            text = text[1:]
        if text:
            self.current.add_text(text)

    def _pre(self, element: etree._Element) -> None:
        text = element.text or ""
        if text.startswith("\n"):  # HTML drops a newline right after <pre>
            element.text = text[1:]
        self._children(element, self.context)

    def _reopen(self) -> None:
        """Open again, in a new block, the inline spans a block element interrupted."""
        for i, (_, type_, start, close) in enumerate(self.open):
            self.open[i] = (self.current.code("open", type_, start), type_, start, close)

    def flush(self) -> None:
        """End the current block: close its open spans, trim it, keep it if it has text."""
        builder = self.current
        for id_, type_, _, close in reversed(self.open):
            builder.code("close", type_, close, id_=id_)
        self.current = _Builder()
        text = "".join(builder.parts)
        lead = 0 if self.context.pre else len(text) - len(text.lstrip(" "))
        text = text if self.context.pre else text.strip(" ")
        if not text.strip():
            return
        codes = _drop_empty_spans([_shift(c, lead, len(text)) for c in builder.codes])
        context = self.context
        count = self.refs[self.ref] = self.refs.get(self.ref, 0) + 1
        self.blocks.append(
            Block(
                text=text,
                codes=tuple(codes),
                part="furniture" if context.furniture else context.part,
                ref=self.ref if count == 1 else f"{self.ref}#{count}",
                translate=context.translate,
                lang=context.lang,
            )
        )


def _lang(element: etree._Element) -> str | None:
    """The element's own language attribute (HTML `lang`, XHTML `xml:lang`), or None."""
    for name in _LANG_ATTRIBUTES:
        if value := (element.get(name) or "").strip():
            return str(value)
    return None


def _shift(code: Code, lead: int, length: int) -> Code:
    offset = min(max(code.offset - lead, 0), length)
    return code if offset == code.offset else Code(code.kind, code.id, offset, code.type, code.data)


def _drop_empty_spans(codes: list[Code]) -> list[Code]:
    """An open followed at once by its close wraps nothing a CAT tool would show: drop it."""
    changed = True
    while changed:
        changed = False
        for i in range(len(codes) - 1):
            a, b = codes[i], codes[i + 1]
            if a.kind == "open" and b.kind == "close" and a.id == b.id and a.offset == b.offset:
                del codes[i : i + 2]
                changed = True
                break
    return codes


def _start_tag(element: etree._Element, tag: str) -> str:
    """The element's opening tag as markup, for TMX bpt/ph and XLIFF originalData."""
    attributes = "".join(f' {name}="{_escape(str(value))}"' for name, value in element.attrib.items() if isinstance(name, str))
    return f"<{tag}{attributes}>"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _furniture_reason(element: etree._Element, tag: str, in_article: bool) -> str | None:
    """Why this element is page chrome rather than the article, or None."""
    if tag in _FURNITURE_ELEMENTS:
        return tag
    if tag in _SITE_ELEMENTS and not in_article:
        return tag
    role = (element.get("role") or "").strip().lower()
    if role in _FURNITURE_ROLES:
        return f"role={role}"
    words = set(_WORD.findall(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))
    hit = words & _FURNITURE_WORDS
    return f"class={sorted(hit)[0]}" if hit else None


def sibling_runs(blocks: Sequence[Block]) -> Iterator[list[int]]:
    """Indices of consecutive blocks with one parent element: the "lines of a paragraph"
    `tm.text.structure.furniture_verdicts` judges together (a list of headlines is one run)."""
    run: list[int] = []
    parent = None
    for i, block in enumerate(blocks):
        here = block.ref.rsplit("/", 1)[0]
        if run and here != parent:
            yield run
            run = []
        run.append(i)
        parent = here
    if run:
        yield run
