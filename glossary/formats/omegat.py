"""OmegaT glossary: UTF-8 text, three tab-separated columns (source, target, comment), no header.

OmegaT guesses the encoding of `.tab` files, so we write `.txt` or `.utf8`. Each line pairs a
Russian term with its English equivalent (acronym with acronym, full form with full form);
the comment says status, confidence and origin, and names the other form of an acronym. This
format cannot hold contexts or occurrences: reading it back gives terms and statuses only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from glossary.formats.notes import format_note, parse_note
from glossary.model import PROPOSED, Entry, Glossary, Term


def _field(text: str) -> str:
    return " ".join(text.split())  # no tabs or line breaks inside a field


def write(glossary: Glossary) -> bytes:
    lines = []
    for entry in glossary.entries:
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        for i, r in enumerate(ru):
            e = en[i] if i < len(en) else (en[0] if en else None)
            other = [t.text for t in ru + en if t is not r and t is not e]
            comment = format_note({
                "status": e.status if e else r.status,
                "confidence": e.confidence if e else None,
                "origin": e.origin if e else None,
                "also": ", ".join(other),
            })
            lines.append("\t".join(_field(x) for x in (r.text, e.text if e else "", comment)))
    return ("\n".join(lines) + "\n").encode("utf-8")


def read(path: Path) -> Glossary:
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, _, rest = line.partition("\t")
        target, _, comment = rest.partition("\t")
        fields = parse_note(comment)
        status = fields.get("status", PROPOSED)
        confidence = float(fields["confidence"]) if fields.get("confidence") else None
        terms = [Term(source.strip(), "ru", "acronym" if source.isupper() else "fullForm", status=status)]
        if target.strip():
            terms.append(Term(target.strip(), "en", "acronym" if source.isupper() else "fullForm", status=status,
                              confidence=confidence, origin=fields.get("origin")))
        entry_id = "t" + hashlib.sha1(source.strip().encode("utf-8")).hexdigest()[:10]
        entries.append(Entry(id=entry_id, terms=terms))
    return Glossary(entries)
