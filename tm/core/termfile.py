"""The one reader in `tm` of a glossary file: a TBX, a CSV or a TSV with Russian and English
columns, as `glossary export` writes them (or any TBX-Basic, or two columns without a header).

`tm` sits below the `glossary` package and may not import its readers, so this small reader
takes what `tm`'s three users of a glossary need and nothing else: the terminology check
(tm/qa/termbase.py), constrained MT (tm/mt/terms.py) and the aligner's anchors
(tm/align/termlist.py). Each takes its own view of the same `TermFileEntry` list; the rules
of the file formats live here only.

- TBX (2008 `martif` and v3 `tbx`): per `termEntry`/`conceptEntry`, the Russian and English
  terms of its `langSet`/`langSec` sections, each with its status (`administrativeStatus` or
  `normativeAuthorization`, a `termNote`, `admin` or `descrip`; a forbidding one is kept over
  any other), its `termType` and its declared variants (`x-variants`, joined by " | ").
- CSV/TSV: columns named by language code (`ru-RU`, `en-US`), with optional `en-US status`,
  `variants` (the Russian's), `en variants`, `forbidden` (English that must not be used, joined
  by " | ") and `id` columns; or two columns without a header, every row approved. Cells are
  unescaped as `glossary export` escapes them (tm/core/cells.py). OmegaT's glossary text
  (`.txt`, `.utf8`: source, target, comment, no header) is such a table; the comment's
  `status: …` (as `glossary export` writes it) is the English's status.
- PO (`.po`, as `glossary export` writes it for Poedit): msgid Russian, msgstr English,
  APPROVED unless the message is `fuzzy` (OTHER: PO says no more than "not approved").

A status is one of APPROVED (`preferredTerm-admn-sts`, `approved`, `preferred`), FORBIDDEN
(`rejected`, `deprecatedTerm-admn-sts`, `supersededTerm-admn-sts`, `deprecated`,
`superseded`, `forbidden`, `notRecommended`, `wrong`), UNSTATED (none given) or OTHER
(anything else, such as `proposed` or `admittedTerm-admn-sts`); case does not matter. The
English that must not be used is `TermFileEntry.forbidden_english()`, for every user.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.core import xmlsafe
from tm.core.cells import unescape_cell
from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.inputs import read_input
from tm.core.langcodes import normalize_code, primary
from tm.core.xmlsafe import local_name

MAX_GLOSSARY_BYTES = 256 * 1024 * 1024
LIST_SEPARATOR = " | "  # how `glossary export` joins a list in a cell
APPROVED, FORBIDDEN, OTHER, UNSTATED = "approved", "forbidden", "other", ""
_APPROVED = {"preferredterm-admn-sts", "approved", "preferred"}
# `rejected` is `glossary`'s own word (a TSV/CSV `en-US status`, an OmegaT comment's
# `status:`), written `deprecatedTerm-admn-sts` in its TBX: forbidden whichever the file said.
_FORBIDDEN = {
    "rejected",
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "superseded",
    "forbidden",
    "notrecommended",
    "wrong",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FileTerm:
    """One term of an entry in one language: its text (whitespace collapsed), its status
    (APPROVED, FORBIDDEN, OTHER or UNSTATED), its TBX `termType` and its declared variants."""

    text: str
    status: str = UNSTATED
    kind: str = ""
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermFileEntry:
    """One concept of a glossary file: its Russian and English terms in file order (a table's
    `ru`/`en` cells first) and the English its `forbidden` column lists, which have no term
    of their own."""

    id: str
    russian: tuple[FileTerm, ...]
    english: tuple[FileTerm, ...]
    forbidden: tuple[str, ...] = ()

    def forbidden_english(self) -> tuple[str, ...]:
        """The English that must not be used, each once: the `forbidden` column's and every
        FORBIDDEN English term. The one view of it for the terminology check and for MT's
        wrong renderings, so a term is forbidden in both, whichever format said so."""
        return tuple(dict.fromkeys((*self.forbidden, *(t.text for t in self.english if t.status == FORBIDDEN))))


@dataclass(frozen=True)
class TermFile:
    """The entries of one glossary file; `digest` is the SHA-256 of its bytes (the MT
    signature and cache key take it), `table` whether it was read as a CSV/TSV."""

    entries: list[TermFileEntry]
    digest: str
    name: str
    table: bool


def status_of(value: str) -> str:
    """APPROVED, FORBIDDEN, OTHER or UNSTATED for a status as a file writes it."""
    folded = value.strip().lower()
    if not folded:
        return UNSTATED
    return APPROVED if folded in _APPROVED else FORBIDDEN if folded in _FORBIDDEN else OTHER


def read_term_file(path: Path, *, max_bytes: int = MAX_GLOSSARY_BYTES, prefix: str = "") -> TermFile:
    """The entries of a TBX (a `.tbx`/`.xml` name, or content that starts with `<`), else of
    a CSV (`.csv`) or TSV; InputError naming the file (after `prefix`, e.g. `--glossary `)
    when it cannot be read. An empty list when it holds no entry: each caller says why that
    is an error for it."""
    data = read_input(path, max_bytes)
    label = f"{prefix}{shown_name(path)}"
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or data.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"<":
        return TermFile(_read_tbx(data, label), digest, path.name, table=False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if suffix in (".po", ".pot"):
        return TermFile(_read_po(text, label), digest, path.name, table=True)
    return TermFile(_read_table(text, "," if suffix == ".csv" else "\t", label), digest, path.name, table=True)


def split_list(cell: str) -> tuple[str, ...]:
    """The items of a cell `glossary export` joined with " | "."""
    return tuple(v for v in (" ".join(p.split()) for p in cell.split(LIST_SEPARATOR)) if v)


def _language(value: str) -> str | None:
    try:
        return primary(normalize_code(value.replace("_", "-")))
    except ValueError:
        return None


def _read_tbx(data: bytes, label: str) -> list[TermFileEntry]:
    from lxml import etree

    parser = xmlsafe.parser(huge_tree=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{label}: not a readable TBX file ({str(exc).splitlines()[0]})") from None
    if local_name(root.tag) not in ("martif", "tbx"):
        raise InputError(f"{label}: not a TBX file (root element <{local_name(root.tag)}>)")
    entries: list[TermFileEntry] = []
    concepts = (e for e in root.iter() if local_name(e.tag) in ("termEntry", "conceptEntry"))
    for number, concept in enumerate(concepts, 1):
        terms: dict[str, list[FileTerm]] = {"ru": [], "en": []}
        for section in (e for e in concept.iter() if local_name(e.tag) in ("langSet", "langSec")):
            lang = _language(section.get(_XML_LANG) or section.get("lang") or "")
            if lang not in terms:
                continue
            for group in (e for e in section.iter() if local_name(e.tag) in ("tig", "ntig", "termSec")):
                term = _term(group)
                if term is not None:
                    terms[lang].append(term)
        if terms["ru"] or terms["en"]:
            entries.append(TermFileEntry(concept.get("id") or str(number), tuple(terms["ru"]), tuple(terms["en"])))
    return entries


_OWN_ADMIN = frozenset({"x-administrativeStatus", "x-termType", "x-partOfSpeech"})


def _term(group: Any) -> FileTerm | None:
    """The term of one `tig`/`ntig`/`termSec`, or None when it has no text."""
    text, status, kind = "", UNSTATED, ""
    variants: tuple[str, ...] = ()
    for child in group.iter():
        name = local_name(child.tag)
        what = (child.get("type") or name) if name in ("termNote", "admin", "descrip") else name
        # `glossary export` writes an English term's grammar and status as <admin type="x-…">
        # (OmegaT shows termNotes verbatim, admin not): the same fields, read the same way.
        what = what[2:] if what in _OWN_ADMIN else what
        if name == "term" and not text:
            text = " ".join(str(child.xpath("string()")).split())
        elif what in ("administrativeStatus", "normativeAuthorization") and status != FORBIDDEN:
            status = status_of(child.text or "")
        elif what == "termType":
            kind = " ".join((child.text or "").split())
        elif what == "x-variants":
            variants = split_list(child.text or "")
    return FileTerm(text, status, kind, variants) if text else None


def _column(cell: str) -> str:
    """A header cell as a column name: its language code's primary subtag, then the rest
    lowercased (`en-US status` → `en status`, `ru-RU` → `ru`, `ID` → `id`)."""
    head, _, rest = " ".join(cell.split()).lower().partition(" ")
    lang = _language(head) or head
    return f"{lang} {rest}" if rest else lang


_NOTE_STATUS = re.compile(r"(?:^|;)\s*status:\s*([^;]*)")


def _note_status(rest: list[str]) -> str:
    """The status an OmegaT glossary line's comment gives (`glossary export` writes
    `status: rejected; confidence: …`), `approved` when it gives none: a headerless row is
    approved unless it says otherwise."""
    found = _NOTE_STATUS.search(rest[0]) if rest else None
    return found.group(1).strip() if found and found.group(1).strip() else APPROVED


def _read_po(text: str, label: str) -> list[TermFileEntry]:
    """A PO glossary's messages: each a Russian term (msgid) and its English (msgstr),
    APPROVED unless `fuzzy`; obsolete (`#~`) and untranslated messages are left out."""
    import polib

    try:
        messages = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(f"{label}: not a readable PO file ({exc})") from None
    entries: list[TermFileEntry] = []
    for number, message in enumerate(messages, 1):
        russian, english = " ".join(message.msgid.split()), " ".join(message.msgstr.split())
        if message.obsolete or not russian:
            continue
        status = OTHER if "fuzzy" in message.flags else APPROVED
        english_terms = (FileTerm(english, status),) if english else ()
        entries.append(TermFileEntry(message.msgctxt or str(number), (FileTerm(russian),), english_terms))
    return entries


def _read_table(text: str, delimiter: str, label: str) -> list[TermFileEntry]:
    try:
        parsed = list(csv.reader(text.splitlines(), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{label}: not a readable table ({exc})") from None
    rows = [(n, [unescape_cell(c) for c in row]) for n, row in enumerate(parsed, 1) if any(c.strip() for c in row)]
    if not rows:
        return []
    header = [_column(c) for c in rows[0][1]]
    if "ru" in header and "en" in header:
        body = rows[1:]
    else:
        # no header: two columns, or OmegaT's three (the comment says the status, if anything)
        header, body = (
            ["ru", "en", "en status"],
            [(n, [*row[:2], _note_status(row[2:])] if len(row) >= 2 else row) for n, row in rows],
        )
    ru, en = header.index("ru"), header.index("en")
    index = {name: i for i, name in reversed(list(enumerate(header)))}  # the first column of a name

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return " ".join(row[i].split()) if i is not None and i < len(row) else ""

    has_status = "en status" in index
    entries: list[TermFileEntry] = []
    for number, row in body:
        russian, english = cell(row, "ru"), cell(row, "en")
        if len(row) <= max(ru, en) or not russian:
            continue
        status = status_of(cell(row, "en status")) if has_status else APPROVED
        entries.append(
            TermFileEntry(
                cell(row, "id") or str(number),
                (FileTerm(russian, variants=split_list(cell(row, "variants"))),),
                (FileTerm(english, status, variants=split_list(cell(row, "en variants"))),) if english else (),
                split_list(cell(row, "forbidden")),
            )
        )
    return entries
