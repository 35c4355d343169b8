"""The glossary the terminology check reads: a TBX (as `glossary export` writes it, or any
TBX-Basic), a CSV or a TSV with Russian and English columns.

`tm` never imports `glossary` (it sits below it): this small reader takes what the check
needs and nothing else. Per entry: the Russian terms, the English renderings accepted
(approved and admitted terms, and their declared variants: a table's `en variants`), and the English ones that must
not be used (TBX `deprecatedTerm-admn-sts`, `supersededTerm-admn-sts`, `notRecommended`;
a CSV/TSV `forbidden` column or an English status `forbidden`/`deprecated`).
Only entries whose English has an approved (preferred) term, or which say nothing of status,
require a rendering.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tm.core import xmlsafe
from tm.core.errors import InputError
from tm.core.inputs import read_input, read_input_text
from tm.core.langcodes import normalize_code, primary
from tm.core.xmlsafe import local_name

MAX_GLOSSARY_BYTES = 256 * 1024 * 1024
LIST_SEPARATOR = " | "  # how `glossary export` joins a list in a cell
_FORBIDDEN_STATUS = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "notRecommended", "forbidden", "deprecated"}
_APPROVED_STATUS = {"preferredTerm-admn-sts", "approved", "preferred", ""}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class TermEntry:
    """One concept: its Russian terms, the English that renders it, the English that must not."""

    id: str
    russian: tuple[str, ...]
    english: tuple[str, ...]  # any of these in the target will do
    forbidden: tuple[str, ...] = ()
    required: bool = True  # an approved English: its absence is an error


def read_termbase(path: Path) -> list[TermEntry]:
    """The entries of a TBX, CSV or TSV glossary; an unreadable one is an InputError naming it."""
    suffix = path.suffix.lower()
    if suffix == ".tbx" or suffix == ".xml":
        entries = _read_tbx(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        entries = _read_table(path, "," if suffix == ".csv" else "\t")
    else:
        raise InputError(f"{path}: not a glossary this check reads (a .tbx, .csv or .tsv)")
    if not entries:
        raise InputError(f"{path}: no entry with a Russian and an English term")
    return entries


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip()]


def _lang(value: str) -> str | None:
    try:
        return primary(normalize_code(value))
    except ValueError:
        return None


def _read_tbx(path: Path) -> list[TermEntry]:
    from lxml import etree

    parser = xmlsafe.parser()
    try:
        root = etree.fromstring(read_input(path, MAX_GLOSSARY_BYTES), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not a readable TBX ({' '.join(str(exc).split())})") from None
    entries: list[TermEntry] = []
    for number, element in enumerate((e for e in root.iter() if local_name(e.tag) in ("termEntry", "conceptEntry")), 1):
        russian: list[str] = []
        english: list[str] = []
        forbidden: list[str] = []
        approved = False
        for section in (e for e in element.iter() if local_name(e.tag) in ("langSet", "langSec")):
            lang = _lang(section.get(XML_LANG) or "")
            for term_section in (e for e in section.iter() if local_name(e.tag) in ("tig", "ntig", "termSec")):
                term = next((str(e.xpath("string()")).strip() for e in term_section.iter() if local_name(e.tag) == "term"), "")
                status, variants = "", []
                for child in term_section.iter():
                    kind = child.get("type") if local_name(child.tag) in ("termNote", "admin") else local_name(child.tag)
                    if kind == "administrativeStatus":
                        status = (child.text or "").strip()
                    elif kind == "x-variants":
                        variants = _split(child.text or "")
                if not term:
                    continue
                if lang == "ru":
                    russian += [term, *variants]
                elif lang == "en" and status in _FORBIDDEN_STATUS:
                    forbidden.append(term)
                elif lang == "en":
                    english += [term, *variants]
                    approved = approved or status in _APPROVED_STATUS
        if russian and (english or forbidden):
            entries.append(
                TermEntry(element.get("id") or str(number), tuple(russian), tuple(english), tuple(forbidden), approved)
            )
    return entries


def _read_table(path: Path, delimiter: str) -> list[TermEntry]:
    text = read_input_text(path, "utf-8-sig", MAX_GLOSSARY_BYTES)
    try:
        rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable table ({exc})") from None
    if not rows:
        raise InputError(f"{path}: empty")
    header = [c.strip().lower() for c in rows[0]]
    languages = [_lang(c) for c in rows[0]]
    if "ru" in languages and "en" in languages:
        ru, en, body = languages.index("ru"), languages.index("en"), rows[1:]
    else:
        ru, en, body, header = 0, 1, rows, []

    def cell(row: list[str], name: str) -> str:
        return row[header.index(name)].strip() if name in header and header.index(name) < len(row) else ""

    en_status = next((h for h in header if h.endswith(" status") and _lang(h.split()[0]) == "en"), "")
    entries: list[TermEntry] = []
    for number, row in enumerate(body, 2 if header else 1):
        if len(row) <= max(ru, en) or not row[ru].strip():
            continue
        status = cell(row, en_status).lower() if en_status else ""
        english = [row[en].strip(), *_split(cell(row, "en variants"))] if row[en].strip() else []
        forbidden = _split(cell(row, "forbidden"))
        if status in _FORBIDDEN_STATUS:
            english, forbidden = [], [*forbidden, row[en].strip()]
        if english or forbidden:
            entries.append(
                TermEntry(
                    cell(row, "id") or str(number),
                    (row[ru].strip(), *_split(cell(row, "variants"))),  # `glossary export`: the Russian's
                    tuple(english),
                    tuple(forbidden),
                    status in _APPROVED_STATUS,
                )
            )
    return entries
