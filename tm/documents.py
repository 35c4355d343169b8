"""Reading Russian documents: which files, which encoding, what text.

Encodings are detected, never assumed: UTF-8 (with or without BOM), UTF-16 with a BOM, and
the legacy Cyrillic code pages (CP1251, KOI8-R, CP866, ISO-8859-5, Mac Cyrillic) all give the
same text. charset-normalizer proposes the code page; on short snippets it can be fooled, so
its candidates are re-ranked by how much the result looks like Russian (`_russian_score`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tm.errors import InputError
from tm.names import shown_name
from tm.normalize import normalize_text

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
LEGACY_CYRILLIC = ["cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
)
_CYRILLIC_LOWER = re.compile("[а-яё]")
_CYRILLIC = re.compile("[А-ЯЁа-яё]")
# An upper-case Cyrillic letter right after a lower-case one: rare in Russian, common when
# KOI8-R is read as CP1251 (the two swap letter case).
_MIDWORD_CAPITAL = re.compile("[а-яё][А-ЯЁ]")


@dataclass(frozen=True)
class Document:
    """One input text, decoded and normalised."""

    name: str
    text: str
    encoding: str


def collect_inputs(
    paths: Iterable[str], keep_going: bool = False, errors: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Expand the user's paths into the files to read, in a stable order.

    Directories are searched recursively for `*.txt`; other files in them are skipped with a
    notice (returned second). A path given explicitly is read whatever its suffix. A missing
    path raises InputError; with keep_going it is recorded in `errors` and skipped.
    """
    files: list[str] = []
    notices: list[str] = []
    for raw in paths:
        try:
            files.extend(_expand(raw, notices))
        except InputError as exc:
            if not keep_going or errors is None:
                raise
            errors.append(str(exc))
    return files, notices


def _expand(raw: str, notices: list[str]) -> list[str]:
    if raw == STDIN:
        return [STDIN]
    path = Path(raw)
    if not path.exists():
        raise InputError(f"{shown_name(raw)}: no such file or directory")
    if path.is_file():
        return [str(path)]
    if not path.is_dir():
        raise InputError(f"{shown_name(raw)}: not a file or folder (a device, FIFO or socket)")
    found = sorted(p for p in path.rglob("*") if p.is_file())
    texts = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES]
    for skipped in sorted(set(found) - set(texts)):
        notices.append(f"{shown_name(skipped)}: skipped (not a .txt file)")
    if not texts:
        raise InputError(f"{shown_name(raw)}: directory has no .txt files")
    return [str(p) for p in texts]


def read_document(name: str) -> Document:
    """Read one file (or standard input for `-`) into a normalised Document."""
    if name == STDIN:
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        label = shown_name(name)
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    text, encoding = decode_bytes(data, label)
    return Document(name=label, text=normalize_text(text), encoding=encoding)


def iter_documents(names: Iterable[str], keep_going: bool, errors: list[str]) -> Iterator[Document]:
    """Read documents in order; with keep_going, bad ones are recorded in `errors` and skipped."""
    for name in names:
        try:
            yield read_document(name)
        except InputError as exc:
            if not keep_going:
                raise
            errors.append(str(exc))


def decode_bytes(data: bytes, label: str) -> tuple[str, str]:
    """Decode a document's bytes, or raise InputError naming the file and the problem."""
    if not data.strip():
        raise InputError(f"{label}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
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


def looks_like_path(text: str) -> bool:
    """A one-word argument with no Cyrillic and a slash or a file suffix: a mistyped path,
    not Russian text to translate."""
    return not _CYRILLIC.search(text) and not any(c.isspace() for c in text) and (
        "/" in text or bool(re.search(r"\.[A-Za-z0-9]{1,5}$", text))
    )
