"""Plain-text rendering of lookup results for the terminal."""

from __future__ import annotations

from glossary.entries import Entry
from glossary.lookup.index import LookupResult


def render_entry(entry: Entry) -> list[str]:
    ru = " / ".join(t.text for t in entry.terms_in("ru"))
    lines = [ru]
    for term in entry.terms_in("en"):
        confidence = f"{term.confidence:.2f}" if term.confidence is not None else "-"
        lines.append(f"  → {term.text:<40} {term.status:<9} confidence {confidence:<5} ({term.origin or '-'}, {term.term_type})")
    if entry.note:
        # Which sense of a word it is («Сибирь» the region, «Сибирь» the club: two entries
        # of one term), or a conflict with the reference list: what every export says too.
        lines.append(f"  note: {entry.note}")
    if entry.contexts:
        context = entry.contexts[0]
        lines.append(f"  ru: {context.source}")
        if context.target:
            lines.append(f"  en: {context.target}")
        if context.document:
            lines.append(f"      ({context.document})")
    return lines


def render_result(result: LookupResult) -> str:
    if result.contains:
        terms = ", ".join(f"«{h.matched}»" for h in result.contains)
        lines = [f"«{result.query}» is not a term itself; it contains {terms}:"]
        for hit in result.contains:
            lines += render_entry(hit.entry) + [""]
        return "\n".join(lines).rstrip()
    if not result.hits:
        return f"nothing found for «{result.query}»"
    lines = [] if result.exact else [f"no exact match for «{result.query}»; closest entries:"]
    for hit in result.hits:
        lines += render_entry(hit.entry) + [""]
    return "\n".join(lines).rstrip()
