"""TBX-Basic, in two versions:

- 2 (default): the TBX 2008 form (`martif`, `termEntry`/`langSet`/`tig`), which OmegaT,
  MultiTerm Convert, Weblate and translate-toolkit read (OmegaT does not read TBX v3);
- 3: TBX v3 (ISO 30042:2019), `<tbx type="TBX-Basic" style="dct">`, with the TBX-Basic data
  categories as elements of the `min:` and `basic:` namespaces.

One entry per concept, a language section per language, per term: part of speech, term type
(fullForm / acronym), administrative status, and on the first term of each language the
context sentences with their source (`document#tuid`). Our statuses map onto TBX-Basic's
values: approved ↔ preferredTerm-admn-sts, proposed ↔ admittedTerm-admn-sts. What TBX-Basic
has no category for (variants seen, confidence, origin, frequency) goes into `<note>`s.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.formats.notes import format_note, join, parse_note, parse_source_ref, source_ref, split
from glossary.model import APPROVED, PROPOSED, Context, Entry, Glossary, Term
from tm import __version__

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
MIN_NS = "http://www.tbxinfo.net/ns/min"
BASIC_NS = "http://www.tbxinfo.net/ns/basic"
STATUS_TO_TBX = {APPROVED: "preferredTerm-admn-sts", PROPOSED: "admittedTerm-admn-sts"}
TBX_TO_STATUS = {v: k for k, v in STATUS_TO_TBX.items()} | {"deprecatedTerm-admn-sts": PROPOSED, "supersededTerm-admn-sts": PROPOSED}
LANGS = ("ru", "en")


class _Vocabulary:
    """Element names of one TBX version."""

    def __init__(self, version: int) -> None:
        self.v3 = version == 3
        ns = f"{{{TBX3_NS}}}" if self.v3 else ""
        self.ns = ns
        self.entry = ns + ("conceptEntry" if self.v3 else "termEntry")
        self.lang_section = ns + ("langSec" if self.v3 else "langSet")
        self.term_section = ns + ("termSec" if self.v3 else "tig")
        self.term, self.note, self.descrip_grp = ns + "term", ns + "note", ns + "descripGrp"

    def term_note(self, parent: etree._Element, kind: str, value: str) -> None:
        if self.v3:
            namespace = BASIC_NS if kind == "termType" else MIN_NS
            etree.SubElement(parent, f"{{{namespace}}}{kind}").text = value
        else:
            etree.SubElement(parent, "termNote", type=kind).text = value

    def context(self, parent: etree._Element, text: str, source: str) -> None:
        group = etree.SubElement(parent, self.descrip_grp)
        if self.v3:
            etree.SubElement(group, f"{{{BASIC_NS}}}context").text = text
            etree.SubElement(group, f"{{{BASIC_NS}}}source").text = source
        else:
            etree.SubElement(group, "descrip", type="context").text = text
            etree.SubElement(group, "admin", type="source").text = source


def write(glossary: Glossary, version: int = 2) -> bytes:
    v = _Vocabulary(version)
    root = _root(v)
    body = root.find(f"{v.ns}text/{v.ns}body")
    for entry in glossary.entries:
        element = etree.SubElement(body, v.entry, id=entry.id)
        note = format_note({
            "frequency": entry.frequency, "score": entry.score,
            "occurrences": join([source_ref(d, t) for d, t in entry.sources]),
        })
        if note:
            etree.SubElement(element, v.note).text = note
        for lang in LANGS:
            terms = entry.terms_in(lang)
            if not terms:
                continue
            section = etree.SubElement(element, v.lang_section, {XML_LANG: lang})
            for i, term in enumerate(terms):
                _write_term(v, section, term, entry.contexts if i == 0 else [], lang)
    if not glossary.entries:
        raise ValueError("the glossary is empty: TBX needs at least one entry")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _root(v: _Vocabulary) -> etree._Element:
    description = f"RU–EN glossary of diplomatic and economic terminology, made by diplotm {__version__}"
    if v.v3:
        root = etree.Element(f"{v.ns}tbx", {"type": "TBX-Basic", "style": "dct", XML_LANG: "en"},
                             nsmap={None: TBX3_NS, "min": MIN_NS, "basic": BASIC_NS})
        header = etree.SubElement(root, f"{v.ns}tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
        header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, f"{v.ns}fileDesc")
    source_desc = etree.SubElement(file_desc, f"{v.ns}sourceDesc")
    etree.SubElement(source_desc, f"{v.ns}p").text = description
    if not v.v3:
        encoding = etree.SubElement(header, "encodingDesc")
        etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    text = etree.SubElement(root, f"{v.ns}text")
    etree.SubElement(text, f"{v.ns}body")
    return root


def _write_term(v: _Vocabulary, section: etree._Element, term: Term, contexts: list[Context], lang: str) -> None:
    element = etree.SubElement(section, v.term_section)
    etree.SubElement(element, v.term).text = term.text
    v.term_note(element, "partOfSpeech", term.pos)
    v.term_note(element, "termType", term.term_type)
    v.term_note(element, "administrativeStatus", STATUS_TO_TBX[term.status])
    for context in contexts:
        text = context.source if lang == "ru" else context.target
        if text:
            v.context(element, text, source_ref(context.document, context.tuid))
    note = format_note({"variants": join(term.variants), "origin": term.origin, "confidence": term.confidence})
    if note:
        etree.SubElement(element, v.note).text = note


def read(path: Path) -> Glossary:
    from glossary.errors import GlossaryError

    try:
        tree = etree.parse(str(path))
    except (etree.XMLSyntaxError, OSError) as exc:
        raise GlossaryError(f"{path}: not a readable TBX file ({str(exc).splitlines()[0]})") from None
    root = tree.getroot()
    v = _Vocabulary(3 if etree.QName(root).localname == "tbx" else 2)
    entries = [_read_entry(v, element) for element in root.iter(v.entry)]
    if not entries and root.tag not in ("martif", f"{{{TBX3_NS}}}tbx"):
        raise GlossaryError(f"{path}: not a TBX file (root element {etree.QName(root).localname})")
    return Glossary(entries)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _read_entry(v: _Vocabulary, element: etree._Element) -> Entry:
    entry = Entry(id=element.get("id") or "")
    note = element.find(v.note)
    fields = parse_note(note.text or "") if note is not None else {}
    entry.frequency = int(fields.get("frequency", 0) or 0)
    entry.score = float(fields.get("score", 0) or 0)
    entry.sources = [parse_source_ref(r) for r in split(fields.get("occurrences", ""))]
    contexts: dict[str, list[tuple[str, str]]] = {}
    for section in element.iter(v.lang_section):
        lang = (section.get(XML_LANG) or "").split("-")[0].lower()
        for i, term_element in enumerate(section.iter(v.term_section)):
            term, found = _read_term(v, term_element, lang)
            entry.terms.append(term)
            if i == 0:
                contexts[lang] = found
    ru, en = contexts.get("ru", []), contexts.get("en", [])
    for k, (text, ref) in enumerate(ru):
        document, tuid = parse_source_ref(ref)
        target = en[k][0] if k < len(en) else ""
        entry.contexts.append(Context(text, target, document, tuid))
    return entry


def _read_term(v: _Vocabulary, element: etree._Element, lang: str) -> tuple[Term, list[tuple[str, str]]]:
    term = Term(text=(element.findtext(v.term) or "").strip(), lang=lang)
    contexts: list[tuple[str, str]] = []
    for child in element:
        name = _local(child)
        kind = child.get("type") if name == "termNote" else name
        if kind == "partOfSpeech":
            term.pos = (child.text or "").strip()
        elif kind == "termType":
            term.term_type = (child.text or "").strip()
        elif kind == "administrativeStatus":
            term.status = TBX_TO_STATUS.get((child.text or "").strip(), PROPOSED)
        elif name == "descripGrp":
            text = source = ""
            for part in child:
                part_kind = part.get("type") or _local(part)
                if part_kind == "context":
                    text = part.text or ""
                elif part_kind == "source":
                    source = part.text or ""
            contexts.append((text, source))
        elif name == "note":
            fields = parse_note(child.text or "")
            term.variants = split(fields.get("variants", ""))
            term.origin = fields.get("origin") or None
            term.confidence = float(fields["confidence"]) if fields.get("confidence") else None
    return term, contexts
