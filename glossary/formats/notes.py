"""`key: value; key: value` notes, the way formats without fields of their own carry ours.

List values are joined with ` | `. So that any text survives, each list item has `%`, `|`,
`;` and line breaks percent-encoded (`%25`, `%7C`, `%3B`, `%0A`, `%0D`: a PO comment is one
line); scalar values are numbers and names, which hold none of them.
"""

from __future__ import annotations

LIST_SEPARATOR = " | "
_ENCODE = (("%", "%25"), ("|", "%7C"), (";", "%3B"), ("\n", "%0A"), ("\r", "%0D"))


def format_note(pairs: dict[str, object]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in pairs.items() if v not in (None, "", []))


def parse_note(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in text.split("; "):
        key, sep, value = part.partition(": ")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def _encode(item: str) -> str:
    for char, code in _ENCODE:
        item = item.replace(char, code)
    return item


def _decode(item: str) -> str:
    for char, code in reversed(_ENCODE):
        item = item.replace(code, char)
    return item


def join(values: list[str]) -> str:
    return LIST_SEPARATOR.join(_encode(v) for v in values)


def split(value: str) -> list[str]:
    return [_decode(v) for v in value.split(LIST_SEPARATOR) if v] if value else []


def source_ref(document: str, tuid: str) -> str:
    return f"{document}#{tuid}"


def parse_source_ref(text: str) -> tuple[str, str]:
    document, _, tuid = text.rpartition("#")
    return document, tuid
