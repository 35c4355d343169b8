"""OmegaT glossary: UTF-8 text, three tab-separated columns (source, target, comment), no header.

OmegaT guesses the encoding of `.tab` files, so we write `.txt` or `.utf8`. Each line pairs a
Russian term with its English equivalent (acronym with acronym, full form with full form);
the comment says status, confidence and origin, and names the other form of an acronym. This
format cannot hold contexts or occurrences: reading it back gives terms and statuses only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from glossary.entries import Entry, Term, TermType, entry_id
from glossary.errors import GlossaryError
from glossary.formats import fields
from glossary.formats.notes import format_note, parse_note
from tm.core.inputs import open_input


def _field(text: str) -> str:
    return " ".join(text.split())  # no tabs or line breaks inside a field


# OmegaT shows the comment beside the term: it is kept to about one line.
MAX_COMMENT = 120


def _short(comment: str) -> str:
    """The comment cut to MAX_COMMENT characters; only the trailing "also" list is ever cut."""
    return comment if len(comment) <= MAX_COMMENT else comment[: MAX_COMMENT - 1].rstrip(" ,") + "…"


def write(entries: Iterable[Entry], out: BinaryIO) -> int:
    count, first = 0, True
    for entry in entries:
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        for i, r in enumerate(ru):
            e = en[i] if i < len(en) else (en[0] if en else None)
            other = [t.text for t in ru + en if t is not r and t is not e]
            comment = _short(
                format_note(
                    {
                        "status": e.status if e else r.status,
                        "confidence": e.confidence if e else None,
                        "origin": e.origin if e else None,
                        # Which sense of a word it is («Сибирь» twice: a place's name, an
                        # organisation's), or a reference conflict: the note's first clause.
                        "note": entry.note.split("; ", 1)[0].replace(";", ",") if entry.note else None,
                        "also": ", ".join(other).replace(";", ","),  # shown to translators, not read back
                    }
                )
            )
            line = "\t".join(_field(x) for x in (r.text, e.text if e else "", comment)) + "\n"
            if first and line.startswith("\ufeff"):
                line = "\ufeff" + line  # else a reader takes the term's own U+FEFF for the file's BOM
            first = False
            out.write(line.encode("utf-8"))
        count += 1
    return count


def iter_entries(path: Path) -> Iterator[Entry]:
    """The file's lines as entries, one a line. The id comes from the source term; a source
    seen again (two senses of one word, «Сибирь» a region and a club, or a second English for
    it) gets the id of its n-th line (_line_id), so that no two entries share an id."""
    seen: Counter[str] = Counter()
    with open_input(path) as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
                if number == 1:
                    line = line.removeprefix("\ufeff")  # a BOM begins the file, not every line
            except UnicodeDecodeError:
                raise GlossaryError(f"{where}: not UTF-8 text") from None
            if not line.strip() or line.startswith("#"):
                continue
            fields.xml_safe(line, where, "the line")
            source, _, rest = line.partition("\t")
            target, _, comment = rest.partition("\t")
            source, target = source.strip(), target.strip()
            if not source:
                raise GlossaryError(f"{where}: no source term in the first column")
            note = parse_note(comment)
            status = fields.status(note.get("status"), where)
            term_type: TermType = "acronym" if source.isupper() else "fullForm"
            terms = [Term(source, "ru", term_type, status=status)]
            if target:
                terms.append(
                    Term(
                        target,
                        "en",
                        term_type,
                        status=status,
                        confidence=fields.real(note.get("confidence"), "confidence", where),
                        origin=fields.origin(note.get("origin"), where),
                    )
                )
            seen[source] += 1
            yield Entry(id=_line_id(source, seen[source]), terms=terms)


def _line_id(source: str, nth: int) -> str:
    """The id of the `nth` line with this source term: entry_id(source) for the first, as
    always, and entry_id(f"{source}#{nth}") for the others."""
    return entry_id(source if nth == 1 else f"{source}#{nth}")
