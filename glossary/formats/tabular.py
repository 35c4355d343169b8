"""CSV (RFC 4180, UTF-8) and TSV: one row per term pair, lossless for our data.

The language columns are headed with locale codes (`ru-RU`, `en-US`), which memoQ and
MultiTerm Convert map on import. A concept with an acronym and a full form takes two rows
with the same `id` (acronym with acronym, full form with full form); concept-level columns
(contexts, frequency, score, occurrences) repeat on each row. Lists inside a cell are joined
with ` | `. TSV cells never hold tabs or line breaks (they become spaces).

Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula (CSV
injection). As OWASP advises, such a cell is written with a leading `'`; so is a cell that
starts with `'`, which keeps the escaping reversible: reading drops one leading `'`.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from glossary.entries import Context, Entry, Term
from glossary.errors import GlossaryError
from glossary.formats import fields
from glossary.formats.notes import join, parse_source_ref, source_ref, split
from tm.core.cells import escape_cell, unescape_cell
from tm.core.inputs import open_input_text

RU, EN = "ru-RU", "en-US"
COLUMNS = [
    "id",
    RU,
    EN,
    f"{RU} type",
    f"{EN} type",
    "part of speech",
    f"{RU} status",
    f"{EN} status",
    "confidence",
    "origin",
    "variants",
    f"context 1 {RU}",
    f"context 1 {EN}",
    "context 1 source",
    f"context 2 {RU}",
    f"context 2 {EN}",
    "context 2 source",
    "frequency",
    "score",
    "ranking",
    "occurrences",
    "category",  # issue 19: organisation, treaty, post, concept or place; older files lack it
    "note",  # issue 19: a reference-list conflict; older files lack it
    f"{EN} variants",  # issue 19: the reference list's other English (Russia of РФ); older files lack it
]
# A cell may be as long as the data it holds (a long context), not csv's default 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _clean(value: object, dialect: str) -> str:
    text = "" if value is None else str(value)
    return escape_cell(" ".join(text.split()) if dialect == "tsv" else text)


def rows(entry: Entry) -> list[dict[str, object]]:
    ru, en = entry.terms_in("ru"), entry.terms_in("en")
    shared: dict[str, object] = {
        "frequency": entry.frequency,
        "score": entry.score,
        "ranking": entry.ranking,
        "occurrences": join([source_ref(d, t) for d, t in entry.sources]),
        "category": entry.category,
        "note": entry.note,
    }
    for k, context in enumerate(entry.contexts[:2], start=1):
        shared |= {
            f"context {k} {RU}": context.source,
            f"context {k} {EN}": context.target,
            f"context {k} source": source_ref(context.document, context.tuid),
        }
    out = []
    for i in range(max(len(ru), len(en))):
        r = ru[i] if i < len(ru) else None
        e = en[i] if i < len(en) else None
        out.append(
            shared
            | {
                "id": entry.id,
                RU: r.text if r else "",
                EN: e.text if e else "",
                f"{RU} type": r.term_type if r else "",
                f"{EN} type": e.term_type if e else "",
                "part of speech": (r or e).pos,  # type: ignore[union-attr]
                f"{RU} status": r.status if r else "",
                f"{EN} status": e.status if e else "",
                "confidence": "" if not e or e.confidence is None else e.confidence,
                "origin": e.origin if e and e.origin else "",
                "variants": join(r.variants) if r else "",
                f"{EN} variants": join(e.variants) if e else "",
            }
        )
    return out


def write(entries: Iterable[Entry], out: BinaryIO, dialect: str = "csv") -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    if dialect == "tsv":
        # Cells hold no tabs or line breaks, so TSV needs no quoting at all.
        text.write("\t".join(COLUMNS) + "\n")
        for entry in entries:
            for row in rows(entry):
                text.write("\t".join(_clean(row.get(k, ""), "tsv") for k in COLUMNS) + "\n")
            count += 1
    else:
        writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180
        writer.writerow(COLUMNS)
        for entry in entries:
            writer.writerows([_clean(row.get(k, ""), dialect) for k in COLUMNS] for row in rows(entry))
            count += 1
    text.detach()  # leave `out` open for the caller
    return count


def iter_entries(path: Path) -> Iterator[Entry]:
    """Entries in file order; the rows of one entry (same `id`) must be adjacent."""
    tsv = path.suffix.lower() == ".tsv"
    with open_input_text(path, "utf-8-sig", newline="") as handle:
        reader = csv.reader(
            handle, strict=True, delimiter="\t" if tsv else ",", quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL
        )
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise GlossaryError(f"{path}:1: not a readable {'TSV' if tsv else 'CSV'} file ({exc})") from None
        if not header or RU not in header or EN not in header:
            raise GlossaryError(f"{path}: no {RU} and {EN} columns in the header row")
        current: Entry | None = None
        finished: set[str] = set()
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                raise GlossaryError(f"{path}:{line}: {exc} (an unterminated quote?)") from None
            except UnicodeDecodeError:
                raise GlossaryError(f"{path}:{line}: not UTF-8 text") from None
            if cells is None:
                break
            where = f"{path}:{line}"
            if len(cells) > len(header):
                raise GlossaryError(f"{where}: {len(cells)} cells, but the header has {len(header)}")
            for name, cell in zip(header, cells, strict=False):
                fields.xml_safe(cell, where, f"the {name!r} cell")
            row = {name: unescape_cell(cell) for name, cell in zip(header, cells, strict=False)}
            line = reader.line_num + 1
            if not any(row.values()):
                continue
            entry_id = row.get("id") or f"row{reader.line_num}"
            if current is None or entry_id != current.id:
                if entry_id in finished:
                    raise GlossaryError(f"{where}: the rows of entry {entry_id} are not together")
                if current is not None:
                    finished.add(current.id)
                    yield _sorted(current)
                current = _entry(entry_id, row, where)
            _add_terms(current, row, where)
        if current is not None:
            yield _sorted(current)


def _sorted(entry: Entry) -> Entry:
    entry.terms.sort(key=lambda t: t.lang != "ru")  # Russian first, each language in file order
    return entry


def _add_terms(entry: Entry, row: dict[str, str], where: str) -> None:
    pos = row.get("part of speech") or "noun"
    if row.get(RU):
        entry.terms.append(
            Term(
                row[RU],
                "ru",
                fields.term_type(row.get(f"{RU} type"), where),
                pos,
                fields.status(row.get(f"{RU} status"), where),
                variants=split(row.get("variants", "")),
            )
        )
    if row.get(EN):
        entry.terms.append(
            Term(
                row[EN],
                "en",
                fields.term_type(row.get(f"{EN} type"), where),
                pos,
                fields.status(row.get(f"{EN} status"), where),
                fields.real(row.get("confidence"), "confidence", where),
                fields.origin(row.get("origin"), where),
                variants=split(row.get(f"{EN} variants", "")),
            )
        )


def _entry(entry_id: str, row: dict[str, str], where: str) -> Entry:
    contexts = []
    for k in (1, 2):
        if row.get(f"context {k} {RU}"):
            document, tuid = parse_source_ref(row.get(f"context {k} source", ""))
            contexts.append(Context(row[f"context {k} {RU}"], row.get(f"context {k} {EN}", ""), document, tuid))
    return Entry(
        id=entry_id,
        frequency=fields.whole(row.get("frequency"), "frequency", where),
        score=fields.real(row.get("score"), "score", where) or 0.0,
        ranking=row.get("ranking", ""),
        category=row.get("category", ""),
        note=row.get("note", ""),
        contexts=contexts,
        sources=[parse_source_ref(r) for r in split(row.get("occurrences", ""))],
    )
