"""`key: value; key: value` notes, the way formats without fields of their own carry ours."""

from __future__ import annotations

LIST_SEPARATOR = " | "


def format_note(pairs: dict[str, object]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in pairs.items() if v not in (None, "", []))


def parse_note(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in text.split("; "):
        key, sep, value = part.partition(": ")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def join(values: list[str]) -> str:
    return LIST_SEPARATOR.join(values)


def split(value: str) -> list[str]:
    return [v for v in value.split(LIST_SEPARATOR) if v] if value else []


def source_ref(document: str, tuid: str) -> str:
    return f"{document}#{tuid}"


def parse_source_ref(text: str) -> tuple[str, str]:
    document, _, tuid = text.rpartition("#")
    return document, tuid
