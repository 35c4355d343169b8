"""PO (gettext) for review in Poedit, through polib.

One message per Russian term: `msgid` the Russian term, `msgstr` its English equivalent,
`msgctxt` the concept id and the term's place in it (`t5090fb16d7#0`), so that two concepts
sharing a spelling stay apart. Proposed equivalents are marked fuzzy; contexts, variants and
the equivalent's origin and confidence are extracted comments (`#.`); occurrences are
references (`#: document:tuid`).

A context comment is `context: RUSSIAN → ENGLISH @ document#tuid`. So that any sentence and
any file name survive the round trip, the sentences have line breaks, `→` and a `%` that
would read as one of these codes percent-encoded (`%0A`, `%0D`, `%E2%86%92`, `%25`; a plain
`5%` stays as it is, for the reviewer's eyes), and the location, like the references, has
`%`, white space and control characters percent-encoded (`%20` for a space).

`import_review` takes a reviewed file back into a glossary: an entry the reviewer un-fuzzied
becomes approved, an edited `msgstr` replaces the equivalent, and nothing else changes. A
message applies only where its `msgctxt` names an entry and a term of the glossary AND its
`msgid` is that term: a message whose Russian was edited, or that belongs to another
version of the glossary, is counted as a mismatch and not applied. Obsolete messages
(`#~`, which msgmerge keeps for reference) are never applied.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polib

from glossary.entries import APPROVED, PROPOSED, Context, Entry, Glossary, Status, Term
from glossary.errors import GlossaryError
from glossary.formats import fields
from glossary.formats.notes import format_note, join, parse_note, parse_source_ref, source_ref, split
from tm.core.inputs import read_input

CONTEXT_PREFIX = "context: "
LOCATION_MARK = " @ "  # ends a context comment with the unit it comes from: " @ document#tuid"


# In a location: what would end the reference or the comment line (white space, line
# breaks, controls) and `%` itself.
_LOCATION_CHARS = re.compile(r"[%\s\x00-\x1f\x7f]")
# In a context sentence: line breaks (a comment is one line) and the arrow between the two
# sentences; a `%` is encoded only where it would read as one of these codes.
_TEXT_CODES = {"\n": "%0A", "\r": "%0D", "\u2192": "%E2%86%92", "%": "%25"}
_TEXT_DECODE = {code: char for char, code in _TEXT_CODES.items()}
_TEXT_ENCODE = re.compile("[\n\r\u2192]|%(?=25|0A|0D|E2%86%92)")
_TEXT_CODE = re.compile("%(?:25|0A|0D|E2%86%92)")


def _quote(document: str) -> str:
    """References are separated by spaces, so a space in a file name is written %20; so are
    line breaks and other white space (%0A …) and `%` (%25)."""
    return _LOCATION_CHARS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), document)


def _unquote(document: str) -> str:
    return urllib.parse.unquote(document)


def _encode_text(text: str) -> str:
    return _TEXT_ENCODE.sub(lambda m: _TEXT_CODES[m.group()], text)


def _decode_text(text: str) -> str:
    return _TEXT_CODE.sub(lambda m: _TEXT_DECODE[m.group()], text)


def _context(entry_id: str, index: int) -> str:
    return f"{entry_id}#{index}"


def _header() -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "diplotm glossary",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "ru",
    }
    return po


def _messages(entry: Entry) -> Iterator[polib.POEntry]:
    ru, en = entry.terms_in("ru"), entry.terms_in("en")
    for i, r in enumerate(ru):
        e = en[i] if i < len(en) else None
        comments = [
            CONTEXT_PREFIX
            + _encode_text(c.source)
            + " → "
            + _encode_text(c.target)
            + LOCATION_MARK
            + _quote(source_ref(c.document, c.tuid))
            for c in entry.contexts
        ]
        comments.append(
            format_note(
                {
                    "type": f"{r.term_type}/{e.term_type}" if e else r.term_type,
                    "confidence": e.confidence if e else None,
                    "origin": e.origin if e else None,
                    "variants": join(r.variants),
                    "frequency": entry.frequency,
                    "score": entry.score,
                    "ranking": entry.ranking,
                    "note": join([entry.note]) if entry.note else None,
                }
            )
        )
        message = polib.POEntry(
            msgctxt=_context(entry.id, i),
            msgid=r.text,
            msgstr=e.text if e else "",
            comment="\n".join(c for c in comments if c),
            occurrences=[(_quote(d), t) for d, t in entry.sources] if i == 0 else [],
        )
        if e is None or e.status != APPROVED:
            message.flags.append("fuzzy")
        yield message


def write(entries: Iterable[Entry], out: BinaryIO) -> int:
    """Write message by message, as polib would write the whole file."""
    out.write(_header().metadata_as_entry().__unicode__(0).encode("utf-8"))
    count = 0
    for entry in entries:
        for message in _messages(entry):
            out.write(("\n" + message.__unicode__(0)).encode("utf-8"))
        count += 1
    out.write(b"\n")
    return count


# A PO string: quotes around anything but unescaped quotes and backslashes.
_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def _check_syntax(path: Path) -> dict[str, int]:
    """polib reads `msgstr "EAEU` (no closing quote) as `EAE`; refuse it, naming the line.
    Returns the line of each `msgctxt` (polib numbers the first message 0)."""
    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 text (byte offset {exc.start})") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        fields.xml_safe(line.rstrip("\r"), f"{path}:{number}", "the line")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(stripped):
            raise GlossaryError(f"{path}:{number}: malformed PO line (an unterminated string?): {stripped[:60]}")
        if stripped.startswith("msgctxt "):
            lines.setdefault(stripped[len("msgctxt ") :].strip().strip('"'), number)
    return lines


def _load(path: Path) -> polib.POFile:
    context_lines = _check_syntax(path)
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise GlossaryError(f"{path}: not a readable PO file ({exc})") from None
    seen: dict[tuple[str | None, str], int] = {}
    for message in po:
        if message.obsolete:
            continue  # `#~`: msgmerge keeps old messages for reference; they may repeat a live one
        if message.msgctxt is not None and message.msgctxt in context_lines:
            message.linenum = max(message.linenum, context_lines[message.msgctxt])
        where = f"{path}:{message.linenum}"
        for what, value in (("msgctxt", message.msgctxt), ("msgid", message.msgid), ("msgstr", message.msgstr)):
            fields.xml_safe(value, where, f"the {what}")  # escapes (`\\v`) polib turned into controls
        key = (message.msgctxt, message.msgid if message.msgctxt is None else "")
        if key in seen:
            name = message.msgctxt or message.msgid
            raise GlossaryError(f"{path}:{message.linenum}: {name!r} appears twice (first on line {seen[key]}); keep one")
        seen[key] = message.linenum
    return po


def iter_entries(path: Path) -> Iterator[Entry]:
    """Entries of a PO file. polib parses the whole file at once, so unlike the other
    readers this one holds it in memory; PO files are review copies, not the master."""
    entries: dict[str, Entry] = {}
    for message in _live(_load(path)):
        where = f"{path}:{message.linenum}"
        entry_id = _entry_id(message)
        entry = entries.setdefault(entry_id, Entry(id=entry_id))
        lines = (message.comment or "").splitlines()
        notes = parse_note(next((line for line in lines if not line.startswith(CONTEXT_PREFIX)), ""))
        types = notes.get("type", "fullForm").split("/")
        status: Status = PROPOSED if "fuzzy" in message.flags else APPROVED
        entry.terms.append(
            Term(message.msgid, "ru", fields.term_type(types[0], where), status=status, variants=split(notes.get("variants", "")))
        )
        if message.msgstr:
            entry.terms.append(
                Term(
                    message.msgstr,
                    "en",
                    fields.term_type(types[-1], where),
                    status=status,
                    confidence=fields.real(notes.get("confidence"), "confidence", where),
                    origin=fields.origin(notes.get("origin"), where),
                )
            )
        if not entry.contexts:
            for line in lines:
                if line.startswith(CONTEXT_PREFIX):
                    text, _, location = line[len(CONTEXT_PREFIX) :].rpartition(LOCATION_MARK)
                    source, _, target = text.partition(" → ")
                    entry.contexts.append(
                        Context(_decode_text(source), _decode_text(target), *parse_source_ref(_unquote(location)))
                    )
            entry.frequency = fields.whole(notes.get("frequency"), "frequency", where)
            entry.score = fields.real(notes.get("score"), "score", where) or 0.0
            entry.ranking = notes.get("ranking", "")
            entry.note = "".join(split(notes.get("note", "")))
        if message.occurrences:
            # polib keeps "document:tuid" whole when the part after the colon is not a line number.
            pairs = [(d, t) if t else d.rpartition(":")[::2] for d, t in message.occurrences]
            entry.sources = [(_unquote(d), t) for d, t in pairs]
    for entry in entries.values():
        entry.terms.sort(key=lambda t: t.lang != "ru")
        yield entry


def _live(messages: Iterable[polib.POEntry]) -> Iterator[polib.POEntry]:
    """The messages that are not obsolete (`#~`)."""
    return (m for m in messages if not m.obsolete)


def _entry_id(message: polib.POEntry) -> str:
    """The concept id of `msgctxt` `ID#N` (an id may itself hold a `#`), else the msgid."""
    context: str | None = message.msgctxt
    if context is None:
        return str(message.msgid)
    entry_id, sep, _ = context.rpartition("#")
    return entry_id if sep else context


@dataclass
class ReviewResult:
    approved: int = 0
    edited: int = 0
    unknown: int = 0  # messages whose concept is not in the glossary
    skipped: list[str] = field(default_factory=list)  # messages that cannot apply, with the reason
    mismatched: list[str] = field(default_factory=list)  # msgid is not the term msgctxt names: where and why
    obsolete: int = 0  # `#~` messages, never applied

    def to_dict(self) -> dict[str, object]:
        return {
            "approved": self.approved,
            "edited": self.edited,
            "unknown": self.unknown,
            "skipped": len(self.skipped),
            "mismatched": len(self.mismatched),
            "obsolete": self.obsolete,
        }


def import_review(glossary: Glossary, path: Path) -> ReviewResult:
    """Apply a reviewed PO file to the glossary in place: only messages whose msgctxt and
    msgid both agree with the glossary; the rest are counted in the result."""
    result = ReviewResult()
    entries = glossary.by_id()
    for message in _load(path):
        if message.obsolete:
            result.obsolete += 1
            continue
        entry_id, _, index = (message.msgctxt or "").rpartition("#")
        entry = entries.get(entry_id)
        if entry is None or not index.isdigit():
            result.unknown += 1
            continue
        i = int(index)
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        if i >= len(ru):
            result.skipped.append(
                f"{path}:{message.linenum}: {message.msgctxt} names term #{i}, but the entry has {len(ru)} Russian terms"
            )
            continue
        if message.msgid != ru[i].text:
            result.mismatched.append(
                f"{path}:{message.linenum}: {message.msgctxt} is {ru[i].text!r} in the glossary, not {message.msgid!r}"
            )
            continue
        if not message.msgstr:
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
