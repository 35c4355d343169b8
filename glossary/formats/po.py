"""PO (gettext) for review in Poedit, through polib.

One message per Russian term: `msgid` the Russian term, `msgstr` its English equivalent,
`msgctxt` the concept id and the term's place in it (`t5090fb16d7#0`), so that two concepts
sharing a spelling stay apart. Proposed equivalents are marked fuzzy; contexts, variants and
the equivalent's origin and confidence are extracted comments (`#.`); occurrences are
references (`#: document:tuid`).

`import_review` takes a reviewed file back into a glossary: an entry the reviewer un-fuzzied
becomes approved, an edited `msgstr` replaces the equivalent, and nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from glossary.formats.notes import format_note, join, parse_note, parse_source_ref, source_ref, split
from glossary.model import APPROVED, PROPOSED, Context, Entry, Glossary, Term

CONTEXT_PREFIX = "context: "
LOCATION_MARK = " @ "  # ends a context comment with the unit it comes from: " @ document#tuid"


def _quote(document: str) -> str:
    """References are separated by spaces, so a space in a file name is written %20."""
    return document.replace("%", "%25").replace(" ", "%20")


def _unquote(document: str) -> str:
    return document.replace("%20", " ").replace("%25", "%")


def _context(entry_id: str, index: int) -> str:
    return f"{entry_id}#{index}"


def write(glossary: Glossary) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "diplotm glossary",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "ru",
    }
    for entry in glossary.entries:
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        for i, r in enumerate(ru):
            e = en[i] if i < len(en) else None
            comments = [
                CONTEXT_PREFIX + c.source + f" → {c.target}" + LOCATION_MARK + source_ref(c.document, c.tuid)
                for c in entry.contexts
            ]
            comments.append(format_note({
                "type": f"{r.term_type}/{e.term_type}" if e else r.term_type,
                "confidence": e.confidence if e else None,
                "origin": e.origin if e else None,
                "variants": join(r.variants),
                "frequency": entry.frequency, "score": entry.score,
            }))
            message = polib.POEntry(
                msgctxt=_context(entry.id, i),
                msgid=r.text,
                msgstr=e.text if e else "",
                comment="\n".join(c for c in comments if c),
                occurrences=[(_quote(d), t) for d, t in entry.sources] if i == 0 else [],
            )
            if e is None or e.status != APPROVED:
                message.flags.append("fuzzy")
            po.append(message)
    return str(po).encode("utf-8")


def _load(path: Path) -> polib.POFile:
    from glossary.errors import GlossaryError

    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise GlossaryError(f"{path}: not a readable PO file ({exc})") from None


def read(path: Path) -> Glossary:
    entries: dict[str, Entry] = {}
    for message in _load(path):
        entry_id, _, _ = (message.msgctxt or message.msgid).partition("#")
        entry = entries.setdefault(entry_id, Entry(id=entry_id))
        lines = (message.comment or "").splitlines()
        fields = parse_note(next((l for l in lines if not l.startswith(CONTEXT_PREFIX)), ""))
        types = fields.get("type", "fullForm").split("/")
        status = PROPOSED if "fuzzy" in message.flags else APPROVED
        entry.terms.append(Term(message.msgid, "ru", types[0], status=status, variants=split(fields.get("variants", ""))))
        if message.msgstr:
            entry.terms.append(Term(message.msgstr, "en", types[-1], status=status,
                                    confidence=float(fields["confidence"]) if fields.get("confidence") else None,
                                    origin=fields.get("origin")))
        if not entry.contexts:
            for line in lines:
                if line.startswith(CONTEXT_PREFIX):
                    text, _, location = line[len(CONTEXT_PREFIX):].rpartition(LOCATION_MARK)
                    source, _, target = text.partition(" → ")
                    entry.contexts.append(Context(source, target, *parse_source_ref(location)))
            entry.frequency = int(fields.get("frequency", 0) or 0)
            entry.score = float(fields.get("score", 0) or 0)
        if message.occurrences:
            # polib keeps "document:tuid" whole when the part after the colon is not a line number.
            pairs = [(d, t) if t else d.rpartition(":")[::2] for d, t in message.occurrences]
            entry.sources = [(_unquote(d), t) for d, t in pairs]
    for entry in entries.values():
        entry.terms.sort(key=lambda t: t.lang != "ru")
    return Glossary(list(entries.values()))


@dataclass
class ReviewResult:
    approved: int = 0
    edited: int = 0
    unknown: int = 0


def import_review(glossary: Glossary, path: Path) -> ReviewResult:
    """Apply a reviewed PO file to the glossary in place."""
    result = ReviewResult()
    entries = glossary.by_id()
    for message in _load(path):
        entry_id, _, index = (message.msgctxt or "").partition("#")
        entry = entries.get(entry_id)
        if entry is None or not index.isdigit():
            result.unknown += 1
            continue
        i = int(index)
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        if i >= len(ru) or not message.msgstr:
            continue
        reviewed = "fuzzy" not in message.flags
        if i < len(en):
            term = en[i]
        else:
            term = Term(message.msgstr, "en", ru[i].term_type, origin="review")
            entry.terms.append(term)
        if term.text != message.msgstr:
            term.text, term.origin = message.msgstr, "review"
            result.edited += 1
        if reviewed and term.status != APPROVED:
            result.approved += 1
        if reviewed:
            term.status, term.confidence = APPROVED, 1.0
            ru[i].status = APPROVED
    return result
