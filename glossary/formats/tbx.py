"""TBX-Basic, in two versions:

- 2 (default): the TBX 2008 form (`martif`, `termEntry`/`langSet`/`tig`), which OmegaT,
  MultiTerm Convert, Weblate and translate-toolkit read (OmegaT does not read TBX v3);
- 3: TBX v3 (ISO 30042:2019), `<tbx type="TBX-Basic" style="dct">`, with the TBX-Basic data
  categories as elements of the `min:` and `basic:` namespaces.

One entry per concept, a language section per language, per term: part of speech, term type
(fullForm / acronym), administrative status, and on the first term of each language the
context sentences with their source (`document#tuid`). Our statuses map onto TBX-Basic's
values: approved ↔ preferredTerm-admn-sts, proposed ↔ admittedTerm-admn-sts. What TBX-Basic
has no category for goes, in TBX 2008, where CAT tools do not show it: frequency, score,
ranking, occurrences, variants, origin and confidence in `<admin type="x-…">`; one `<note>`
per entry sums up status · origin · confidence; one Russian context is shown as a snippet,
the full sentences kept in admin fields
(OmegaT joins every note and descrip of an entry into the comment beside the term). TBX v3
keeps them all in `<note>`s and contexts.

TBX 2008 is written for one of two readers (`--tbx-for`): `omegat` (default) puts the English
terms' part of speech, term type and status in `<admin type="x-…">`, because OmegaT 3.6's
reader appends a target-language term's every termNote verbatim to its pane and skips admin;
`standard` writes them as TBX-Basic termNotes on both languages, which Trados MultiTerm, memoQ
and Phrase read as data categories. Both are read back the same. TBX v3 has one form: OmegaT
does not read it, and its terms always carry the TBX-Basic elements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from glossary.entries import APPROVED, LABELS, PROPOSED, REJECTED, Context, Entry, Status, Term
from glossary.errors import GlossaryError
from glossary.formats import TBX_FOR, fields
from glossary.formats.notes import format_note, join, parse_note, parse_source_ref, source_ref, split
from tm import __version__
from tm.core import xmlsafe
from tm.core.xmlsafe import local_name
from tm.core.xmlstream import iter_elements

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
MIN_NS = "http://www.tbxinfo.net/ns/min"
BASIC_NS = "http://www.tbxinfo.net/ns/basic"
STATUS_TO_TBX: dict[Status, str] = {
    APPROVED: "preferredTerm-admn-sts",
    PROPOSED: "admittedTerm-admn-sts",
    REJECTED: "deprecatedTerm-admn-sts",
}
TBX_TO_STATUS: dict[str, Status] = {v: k for k, v in STATUS_TO_TBX.items()} | {
    "supersededTerm-admn-sts": PROPOSED,
}
LANGS = ("ru", "en")
# The languages a CAT tool translates into from our glossaries: in TBX 2008 for OmegaT their
# terms' codes go in admin fields (OmegaT shows a target term's termNotes verbatim), the
# source's stay termNotes.
SHOWN_LANGS = ("en",)
# Whom a TBX 2008 file is written for (`--tbx-for`): OMEGAT puts the English terms' grammar and
# status in `<admin type="x-…">`, which OmegaT's pane skips; STANDARD writes TBX-Basic's
# termNotes on every language, which Trados MultiTerm, memoQ and Phrase read as data categories.
OMEGAT, STANDARD = TBX_FOR
GRAMMAR = ("partOfSpeech", "termType", "administrativeStatus")
_NSMAP_V3: Any = {None: TBX3_NS, "min": MIN_NS, "basic": BASIC_NS}  # lxml takes None for the default namespace


class _Vocabulary:
    """Element names of one TBX version."""

    def __init__(self, version: int, tbx_for: str = OMEGAT) -> None:
        self.v3 = version == 3
        # The languages whose terms' grammar and status go in admin fields (TBX 2008 for OmegaT only).
        self.admin_langs = SHOWN_LANGS if not self.v3 and tbx_for == OMEGAT else ()
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


# The `type` of the sourceDesc `<p>` holding the extraction settings (glossary/extraction/settings_signature.py).
SIGNATURE_TYPE = "x-extraction-signature"


def write(entries: Iterable[Entry], out: BinaryIO, version: int = 2, signature: str = "", tbx_for: str = OMEGAT) -> int:
    """Write entries one by one: memory does not grow with the glossary. `signature`, the
    extraction settings, goes into the header's sourceDesc; `tbx_for` (TBX 2008 only; v3,
    which OmegaT does not read, is always standard) says where the English terms' codes go."""
    if tbx_for not in TBX_FOR:
        raise ValueError(f"tbx_for must be one of {TBX_FOR}, not {tbx_for!r}")
    v = _Vocabulary(version, tbx_for)
    root = _root(v, signature)
    # Serialise the skeleton with a marker in <body>, and write the entries in its place.
    body = root.find(f"{v.ns}text/{v.ns}body")
    assert body is not None
    body.append(etree.Comment(_BODY_MARK))
    head, _, tail = etree.tostring(root, encoding="UTF-8", pretty_print=True).partition(f"<!--{_BODY_MARK}-->".encode())
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n' + head.rstrip(b" "))
    count = 0
    for entry in entries:
        try:
            element = _entry_element(v, entry)
        except ValueError:  # lxml: "All strings must be XML compatible" (the readers refuse such text)
            raise GlossaryError(f"entry {entry.id!r}: holds a control character, which TBX (XML) cannot hold") from None
        out.write(etree.tostring(element, encoding="UTF-8", pretty_print=True))
        count += 1
    if count == 0:
        raise GlossaryError("the glossary is empty: TBX needs at least one entry")
    out.write(tail.lstrip(b"\n"))
    return count


_BODY_MARK = "diplotm-entries"


def _entry_element(v: _Vocabulary, entry: Entry) -> etree._Element:
    element = etree.Element(v.entry, id=entry.id, nsmap=_NSMAP_V3 if v.v3 else None)
    statistics = {
        "frequency": entry.frequency,
        "score": entry.score,
        "ranking": entry.ranking,
        "note": join([entry.note]) if entry.note else "",
        "occurrences": join([source_ref(d, t) for d, t in entry.sources]),
    }
    if v.v3:
        note = format_note(statistics)
        if note:
            etree.SubElement(element, v.note).text = note
    else:  # CAT tools show notes and descrips, not admin: statistics go out of their way
        _admin_fields(element, statistics)
        if summary := _summary(entry):
            etree.SubElement(element, "note").text = summary
    if entry.category:
        # The category as TBX's subject field: OmegaT shows it as «subjectField: organisation».
        etree.SubElement(element, v.ns + "descrip", type="subjectField").text = LABELS.get(entry.category, entry.category)
    for lang in LANGS:
        terms = entry.terms_in(lang)
        if not terms:
            continue
        section = etree.SubElement(element, v.lang_section, {XML_LANG: lang})
        for i, term in enumerate(terms):
            _write_term(v, section, term, entry.contexts if i == 0 else [], lang)
    return element


def _root(v: _Vocabulary, signature: str = "") -> etree._Element:
    description = f"RU–EN glossary of diplomatic and economic terminology, made by diplotm {__version__}"
    if v.v3:
        root = etree.Element(f"{v.ns}tbx", {"type": "TBX-Basic", "style": "dct", XML_LANG: "en"}, nsmap=_NSMAP_V3)
        header = etree.SubElement(root, f"{v.ns}tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
        header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, f"{v.ns}fileDesc")
    source_desc = etree.SubElement(file_desc, f"{v.ns}sourceDesc")
    etree.SubElement(source_desc, f"{v.ns}p").text = description
    if signature:  # a second paragraph (TBX 2008 and v3 allow one or more, with a type)
        etree.SubElement(source_desc, f"{v.ns}p", type=SIGNATURE_TYPE).text = signature
    if not v.v3:
        encoding = etree.SubElement(header, "encodingDesc")
        etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    text = etree.SubElement(root, f"{v.ns}text")
    etree.SubElement(text, f"{v.ns}body")
    return root


def _write_term(v: _Vocabulary, section: etree._Element, term: Term, contexts: list[Context], lang: str) -> None:
    element = etree.SubElement(section, v.term_section)
    etree.SubElement(element, v.term).text = term.text
    grammar = {"partOfSpeech": term.pos, "termType": term.term_type, "administrativeStatus": STATUS_TO_TBX[term.status]}
    if lang not in v.admin_langs:
        for kind, value in grammar.items():
            v.term_note(element, kind, value)
    else:
        # OmegaT appends the text of every termNote of a target-language term to the comment
        # beside it («noun ⏎ acronym ⏎ preferredTerm-admn-sts»), and skips admin elements:
        # the English terms' codes go there, and the entry's note says them in words.
        for kind, value in grammar.items():
            etree.SubElement(element, "admin", type=f"x-{kind}").text = value
    shown = [
        (context.source if lang == "ru" else context.target, source_ref(context.document, context.tuid)) for context in contexts
    ]
    details: dict[str, object] = {"variants": join(term.variants), "origin": term.origin, "confidence": term.confidence}
    if v.v3:
        for text, ref in shown:
            if text:
                v.context(element, text, ref)
        if note := format_note(details):
            etree.SubElement(element, v.note).text = note
    else:
        _contexts_v2(element, shown, term, lang)
        _admin_fields(element, details)


def _admin_fields(element: etree._Element, values: dict[str, object]) -> None:
    """TBX 2008: each value in an `<admin type="x-NAME">`, which CAT tools leave alone."""
    for name, value in values.items():
        if value not in (None, "", []):
            etree.SubElement(element, "admin", type=f"x-{name}").text = str(value)


_CATEGORY_OF = {label: category for category, label in LABELS.items()}

# How the comment a CAT tool shows names where an English equivalent came from.
_ORIGIN_WORDS = {
    "reference": "from the reference list",
    "aligned": "from human translations",
    "context": "from the texts' English",
    "mt": "machine translation",
    "review": "reviewed",
}


def _summary(entry: Entry) -> str:
    """The one line a CAT tool shows for the entry, in words: status, where its English came
    from, confidence, and which English term is the acronym («approved · from the reference
    list · EAEU is the acronym»)."""
    english = entry.terms_in("en")
    if not english:
        return ""
    first = english[0]
    parts = [
        first.status,
        _ORIGIN_WORDS.get(first.origin or "", first.origin or ""),
        f"confidence {first.confidence:.2f}" if first.confidence is not None and first.origin != "reference" else "",
    ]
    acronyms = [t.text for t in english if t.term_type == "acronym"]
    if acronyms and len(english) > 1:
        parts.append(f"{acronyms[0]} is the acronym")
    if entry.note:
        parts.append(entry.note)
    return " · ".join(p for p in parts if p)


# What a CAT tool shows of a TBX 2008 entry is its notes and descrips (OmegaT: all of them,
# joined, beside the term). One short Russian context is shown; the full sentences, the
# English ones and the rest ride in admin fields, which such tools leave alone.
SHOWN_CONTEXT = 45


def _contexts_v2(element: etree._Element, contexts: list[tuple[str, str]], term: Term, lang: str) -> None:
    for k, (text, ref) in enumerate(contexts):
        if not text:
            continue
        if k == 0 and lang == "ru":
            group = etree.SubElement(element, "descripGrp")
            etree.SubElement(group, "descrip", type="context").text = snippet(text, [term.text, *term.variants])
            etree.SubElement(group, "admin", type="source").text = ref
            etree.SubElement(group, "admin", type="x-full-context").text = text
        else:
            group = etree.SubElement(element, "adminGrp")
            etree.SubElement(group, "admin", type="x-context").text = text
            etree.SubElement(group, "adminNote", type="source").text = ref


def snippet(sentence: str, forms: list[str], width: int = SHOWN_CONTEXT) -> str:
    """At most about `width` characters of the sentence around the first form found in it."""
    if len(sentence) <= width:
        return sentence
    lower = sentence.lower()
    at = next((lower.find(f.lower()) for f in forms if f and f.lower() in lower), 0)
    start = max(0, at - width // 3)
    end = min(len(sentence), start + width)
    start = max(0, end - width)
    if start > 0:
        start = sentence.find(" ", start) + 1 or start
    if end < len(sentence) and (space := sentence.rfind(" ", start, end)) > start:
        end = space
    return ("…" if start > 0 else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")


def version_of(path: Path) -> int:
    """2 for TBX 2008 (`martif`), 3 for TBX v3 (`tbx`), from the root element alone."""
    root = _root_tag(path)
    return 3 if root is not None and local_name(root) == "tbx" else 2


# Entries `form_of` looks at for an English term: the form shows on the first one that has one.
# A bound, not a tuned value: it only stops a large file whose first entries carry no grammar
# from being read whole (such a file reads as OMEGAT, the form both share then).
FORM_PROBE = 200


def form_of(path: Path) -> str:
    """Whom a TBX 2008 file was written for, from its first English term's grammar: STANDARD
    if it is in termNotes, else OMEGAT (also for a file without English terms, where the two
    forms are the same, and for a file broken before one: which is replaced, not read, by
    `glossary build --discard-reviews`). A rewrite (`glossary import-po`, the review) keeps the form."""
    try:
        for k, section in enumerate(iter_elements(path, "langSet", huge_tree=True)):
            if (section.get(XML_LANG) or "").split("-")[0].lower() in SHOWN_LANGS:
                notes = section.xpath("tig/termNote/@type")
                admins = section.xpath("tig/admin/@type")
                if any(kind in GRAMMAR for kind in notes):
                    return STANDARD
                if any(kind[2:] in GRAMMAR for kind in admins):
                    return OMEGAT
            if k >= 2 * FORM_PROBE:  # two language sections an entry
                break
    except etree.XMLSyntaxError:
        pass  # whoever reads the file says what is wrong with it
    return OMEGAT


def _root_tag(path: Path) -> str | None:
    """The root element's tag, from the file's first start tag alone (None: no element)."""
    try:
        for _, element in xmlsafe.iterparse(path, events=("start",)):
            return str(element.tag)
    except (etree.XMLSyntaxError, OSError) as exc:
        raise GlossaryError(f"{path}: not a readable TBX file ({str(exc).splitlines()[0]})") from None
    return None


def iter_entries(path: Path) -> Iterator[Entry]:
    """Entries one by one, each freed once read: memory stays flat however large the file."""
    root = _root_tag(path)
    v = _Vocabulary(3 if root is not None and local_name(root) == "tbx" else 2)
    if root is not None and root not in ("martif", f"{{{TBX3_NS}}}tbx"):
        raise GlossaryError(f"{path}: not a TBX file (root element {local_name(root)})")
    try:
        # The root checked first, the entries are filtered by tag in C: Python sees one
        # event an entry, not two an element (a 50,000-entry file: 1,000,000 events fewer).
        for element in iter_elements(path, v.entry, huge_tree=True):
            yield _read_entry(v, element, f"{path}: entry {element.get('id') or '?'}")
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(f"{path}: not a readable TBX file ({str(exc).splitlines()[0]})") from None


def _read_entry(v: _Vocabulary, element: etree._Element, where: str) -> Entry:
    entry = Entry(id=element.get("id") or "")
    note = element.find(v.note)
    notes = parse_note(note.text or "") if note is not None else {}  # TBX v3, and TBX 2008 before 0.2
    for admin in element.findall("admin"):
        kind = admin.get("type") or ""
        if kind.startswith("x-"):
            notes[kind[2:]] = admin.text or ""
    entry.frequency = fields.whole(notes.get("frequency"), "frequency", where)
    entry.score = fields.real(notes.get("score"), "score", where) or 0.0
    entry.ranking = notes.get("ranking", "")
    entry.note = "".join(split(notes.get("note", "")))
    entry.sources = [parse_source_ref(r) for r in split(notes.get("occurrences", ""))]
    subject = element.find(v.ns + "descrip[@type='subjectField']")
    if subject is not None and subject.text:
        entry.category = _CATEGORY_OF.get(subject.text.strip(), subject.text.strip())
    contexts: dict[str, list[tuple[str, str]]] = {}
    for section in element.iter(v.lang_section):
        lang = (section.get(XML_LANG) or "").split("-")[0].lower()
        for i, term_element in enumerate(section.iter(v.term_section)):
            term, found = _read_term(v, term_element, lang, where)
            entry.terms.append(term)
            if i == 0:
                contexts[lang] = found
    ru, en = contexts.get("ru", []), contexts.get("en", [])
    for k, (text, ref) in enumerate(ru):
        document, tuid = parse_source_ref(ref)
        target = en[k][0] if k < len(en) else ""
        entry.contexts.append(Context(text, target, document, tuid))
    return entry


def _read_term(v: _Vocabulary, element: etree._Element, lang: str, where: str) -> tuple[Term, list[tuple[str, str]]]:
    term = Term(text=(element.findtext(v.term) or "").strip(), lang=lang)
    contexts: list[tuple[str, str]] = []
    details: dict[str, str] = {}  # variants, origin, confidence: in admin fields, or in a note (TBX v3, older files)
    for child in element:
        name = local_name(child.tag)
        kind = child.get("type") if name == "termNote" else name
        if name == "admin" and (child.get("type") or "")[2:] in GRAMMAR:
            kind = (child.get("type") or "")[2:]  # a target-language term's codes, out of OmegaT's comment
        if kind == "partOfSpeech":
            term.pos = (child.text or "").strip()
        elif kind == "termType":
            term.term_type = fields.term_type(child.text, where)
        elif kind == "administrativeStatus":
            value = (child.text or "").strip()
            if value not in TBX_TO_STATUS:
                raise GlossaryError(f"{where}: unknown administrative status {value!r}")
            term.status = TBX_TO_STATUS[value]
        elif name in ("descripGrp", "adminGrp"):
            text = source = full = ""
            for part in child:
                part_kind = part.get("type") or local_name(part.tag)
                if part_kind in ("context", "x-context"):
                    text = part.text or ""
                elif part_kind == "source":
                    source = part.text or ""
                elif part_kind == "x-full-context":
                    full = part.text or ""
            if text or full:
                contexts.append((full or text, source))
        elif name == "admin" and (child.get("type") or "").startswith("x-"):
            details[(child.get("type") or "")[2:]] = child.text or ""
        elif name == "note":
            details.update(parse_note(child.text or ""))
    term.variants = split(details.get("variants", ""))
    term.origin = fields.origin(details.get("origin"), where)
    term.confidence = fields.real(details.get("confidence"), "confidence", where)
    return term, contexts
