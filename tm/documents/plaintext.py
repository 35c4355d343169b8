"""Plain text: the bytes of a `.txt` (or standard input) decoded, whatever the encoding.

Encodings are detected, never assumed: UTF-8 (with or without BOM), UTF-16 with a BOM, and
the legacy Cyrillic code pages (CP1251, KOI8-R, CP866, ISO-8859-5, Mac Cyrillic) all give the
same text. charset-normalizer proposes the code page; on short snippets it can be fooled, so
its candidates are re-ranked by how much the result looks like Russian (`_russian_score`).
The HTML reader falls back on the same detection when a page declares no charset.
"""

from __future__ import annotations

import re

from tm.core.errors import InputError

LEGACY_CYRILLIC = ["cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"]
_CYRILLIC_LOWER = re.compile("[а-яё]")
_CYRILLIC = re.compile("[А-ЯЁа-яё]")
# An upper-case Cyrillic letter right after a lower-case one: rare in Russian, common when
# KOI8-R is read as CP1251 (the two swap letter case).
_MIDWORD_CAPITAL = re.compile("[а-яё][А-ЯЁ]")
# The byte order marks a text or page may start with, and the codec that decodes it (and
# drops the BOM; utf_16 reads its byte order from the BOM). The one table: the HTML reader
# uses it too, through `bom_encoding`.
BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The codec of the BOM `data` starts with (`utf_8_sig`, `utf_16`), None without one."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def decode_bytes(data: bytes, label: str) -> tuple[str, str]:
    """Decode a document's bytes, or raise InputError naming the file and the problem."""
    if not data.strip():
        raise InputError(f"{label}: empty file")
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: undecodable bytes at offset {exc.start} ({encoding})") from None
    if _looks_binary(data):
        raise InputError(f"{label}: binary file, not text")
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise InputError(f"{label}: invalid UTF-8 at byte offset {exc.start}") from None
    return _decode_legacy(data, label)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _mostly_utf8(data: bytes) -> bool:
    """True for UTF-8 text with a few broken bytes, which must not pass for CP1251."""
    decoded = data.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    return len(_CYRILLIC.findall(decoded)) > 10 * broken


def _decode_legacy(data: bytes, label: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=LEGACY_CYRILLIC)
    candidates = [m.encoding for m in matches] + LEGACY_CYRILLIC
    best: tuple[float, str, str] | None = None
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _russian_score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] <= 0:
        raise InputError(f"{label}: undecodable bytes (not UTF-8 and no Cyrillic encoding fits)")
    return best[1], best[2]


def _russian_score(text: str) -> float:
    """Lower-case Cyrillic letters, minus mid-word capitals, per character."""
    lower = len(_CYRILLIC_LOWER.findall(text))
    midword = len(_MIDWORD_CAPITAL.findall(text))
    return (lower - 4 * midword) / max(len(text), 1)
