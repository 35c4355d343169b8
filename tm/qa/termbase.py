"""The glossary the terminology check reads: a TBX (as `glossary export` writes it, or any
TBX-Basic), a CSV or a TSV with Russian and English columns, read by tm/core/termfile.py.

The check's view of an entry: the Russian terms (and their declared variants), the English
renderings accepted (approved, admitted and unstated terms, and their declared variants), and
the English ones that must not be used (`TermFileEntry.forbidden_english`: a FORBIDDEN status,
such as `rejected` or `deprecatedTerm-admn-sts`, or a table's `forbidden` column).
Only entries whose English has an approved term, or which say nothing of status, require a
rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.termfile import APPROVED, FORBIDDEN, UNSTATED, TermFileEntry, read_term_file


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
    if path.suffix.lower() not in (".tbx", ".xml", ".csv", ".tsv", ".txt", ".utf8", ".po"):
        raise InputError(f"{shown_name(path)}: not a glossary this check reads (a .tbx, .csv, .tsv, OmegaT .txt or .po)")
    entries = [e for e in map(_entry, read_term_file(path).entries) if e.russian and (e.english or e.forbidden)]
    if not entries:
        raise InputError(f"{shown_name(path)}: no entry with a Russian and an English term")
    return entries


def _entry(entry: TermFileEntry) -> TermEntry:
    accepted = [t for t in entry.english if t.status != FORBIDDEN]
    return TermEntry(
        entry.id,
        tuple(form for t in entry.russian for form in (t.text, *t.variants)),
        tuple(form for t in accepted for form in (t.text, *t.variants)),
        entry.forbidden_english(),
        any(t.status in (APPROVED, UNSTATED) for t in accepted),
    )
