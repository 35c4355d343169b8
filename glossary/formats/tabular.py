"""CSV (RFC 4180, UTF-8) and TSV: one row per term pair, lossless for our data.

The language columns are headed with locale codes (`ru-RU`, `en-US`), which memoQ and
MultiTerm Convert map on import. A concept with an acronym and a full form takes two rows
with the same `id` (acronym with acronym, full form with full form); concept-level columns
(contexts, frequency, score, occurrences) repeat on each row. Lists inside a cell are joined
with ` | `. TSV cells never hold tabs or line breaks (they become spaces).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from glossary.formats.notes import join, parse_source_ref, source_ref, split
from glossary.model import PROPOSED, Context, Entry, Glossary, Term

RU, EN = "ru-RU", "en-US"
COLUMNS = [
    "id", RU, EN, f"{RU} type", f"{EN} type", "part of speech", f"{RU} status", f"{EN} status",
    "confidence", "origin", "variants",
    f"context 1 {RU}", f"context 1 {EN}", "context 1 source",
    f"context 2 {RU}", f"context 2 {EN}", "context 2 source",
    "frequency", "score", "occurrences",
]


def _clean(value: object, dialect: str) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()) if dialect == "tsv" else text


def rows(glossary: Glossary) -> list[dict[str, object]]:
    out = []
    for entry in glossary.entries:
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        shared: dict[str, object] = {
            "frequency": entry.frequency, "score": entry.score,
            "occurrences": join([source_ref(d, t) for d, t in entry.sources]),
        }
        for k, context in enumerate(entry.contexts[:2], start=1):
            shared |= {f"context {k} {RU}": context.source, f"context {k} {EN}": context.target,
                       f"context {k} source": source_ref(context.document, context.tuid)}
        for i in range(max(len(ru), len(en))):
            r = ru[i] if i < len(ru) else None
            e = en[i] if i < len(en) else None
            out.append(shared | {
                "id": entry.id,
                RU: r.text if r else "", EN: e.text if e else "",
                f"{RU} type": r.term_type if r else "", f"{EN} type": e.term_type if e else "",
                "part of speech": (r or e).pos,  # type: ignore[union-attr]
                f"{RU} status": r.status if r else "", f"{EN} status": e.status if e else "",
                "confidence": "" if not e or e.confidence is None else e.confidence,
                "origin": e.origin or "" if e else "",
                "variants": join(r.variants) if r else "",
            })
    return out


def write(glossary: Glossary, dialect: str = "csv") -> bytes:
    table = rows(glossary)
    if dialect == "tsv":
        # Cells hold no tabs or line breaks, so TSV needs no quoting at all.
        lines = ["\t".join(COLUMNS)] + ["\t".join(_clean(row.get(k, ""), "tsv") for k in COLUMNS) for row in table]
        return ("\n".join(lines) + "\n").encode("utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\r\n")  # RFC 4180
    writer.writeheader()
    for row in table:
        writer.writerow({k: _clean(row.get(k, ""), dialect) for k in COLUMNS})
    return buffer.getvalue().encode("utf-8")


def read(path: Path) -> Glossary:
    from glossary.errors import GlossaryError

    text = path.read_text(encoding="utf-8-sig")
    tsv = path.suffix.lower() == ".tsv"
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tsv else ",",
                            quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL)
    if not reader.fieldnames or RU not in reader.fieldnames or EN not in reader.fieldnames:
        raise GlossaryError(f"{path}: no {RU} and {EN} columns in the header row")
    entries: dict[str, Entry] = {}
    for number, row in enumerate(reader, start=2):
        entry_id = row.get("id") or f"row{number}"
        entry = entries.get(entry_id)
        if entry is None:
            entry = entries[entry_id] = _entry(entry_id, row)
        pos = row.get("part of speech") or "noun"
        if row.get(RU):
            entry.terms.append(Term(row[RU], "ru", row.get(f"{RU} type") or "fullForm", pos,
                                    row.get(f"{RU} status") or PROPOSED, variants=split(row.get("variants", ""))))
        if row.get(EN):
            confidence = row.get("confidence")
            entry.terms.append(Term(row[EN], "en", row.get(f"{EN} type") or "fullForm", pos,
                                    row.get(f"{EN} status") or PROPOSED,
                                    float(confidence) if confidence else None, row.get("origin") or None))
    for entry in entries.values():
        entry.terms.sort(key=lambda t: t.lang != "ru")  # Russian first, each language in file order
    return Glossary(list(entries.values()))


def _entry(entry_id: str, row: dict[str, str]) -> Entry:
    contexts = []
    for k in (1, 2):
        if row.get(f"context {k} {RU}"):
            document, tuid = parse_source_ref(row.get(f"context {k} source", ""))
            contexts.append(Context(row[f"context {k} {RU}"], row.get(f"context {k} {EN}", ""), document, tuid))
    return Entry(
        id=entry_id,
        frequency=int(row.get("frequency") or 0),
        score=float(row.get("score") or 0),
        contexts=contexts,
        sources=[parse_source_ref(r) for r in split(row.get("occurrences", ""))],
    )
