"""Reading documents: which files, which format, what text.

Plain text is decoded by tm/documents/plaintext.py (encodings detected, never assumed).

Every file is opened through `tm.core.inputs.open_input` (regular files only). The format is
chosen by content first (tm/documents/sniff.py: a `.txt` that is HTML is HTML), then by
suffix; a document format's reader (tm/documents/registry.py) gives the blocks, kept on the
Document beside their text. A format with no reader yet (Excel, or a reader module that is
not there) is refused in one line that says what to do, rather than read as "binary" or
translated as markup; in a folder it is passed over with that notice.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.inputs import open_input
from tm.core.keepgoing import KeepGoing
from tm.documents.plaintext import decode_bytes
from tm.language.normalize import normalize_text

if TYPE_CHECKING:
    from tm.documents.model import Block, Reader

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
# Far beyond any document (War and Peace is 3 MB), and far below what would exhaust memory
# once decoded and segmented.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024

# Formats that are not read yet, by suffix, as the notice names them (those with a reader
# are the registry's, tm/documents/registry.py).
NOT_READ_YET = {
    ".ods": "OpenDocument spreadsheets",
    ".odp": "OpenDocument presentations",
    ".xlsx": "Excel workbooks",
    ".xlsm": "Excel workbooks",
    ".xls": "Excel workbooks",
    ".pptx": "PowerPoint presentations",
    ".ppt": "PowerPoint presentations",
    ".epub": "EPUB books",
}
_ZIP_PARTS = (  # a member that names an Office Open XML package the tool does not read
    ("xl/", "Excel workbooks"),
    ("ppt/", "PowerPoint presentations"),
)
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheets",
    b"application/vnd.oasis.opendocument.presentation": "OpenDocument presentations",
    b"application/epub+zip": "EPUB books",
}


@dataclass(frozen=True)
class Document:
    """One input text, decoded and normalised. A document format's file (`format` set) has
    its paragraphs as `blocks`, with their inline codes; `text` is then their texts, one a
    line. Plain text has neither (`format` None, `blocks` empty)."""

    name: str
    text: str
    encoding: str
    format: str | None = None
    blocks: tuple[Block, ...] = ()


def collect_inputs(paths: Iterable[str], keep_going: KeepGoing | None = None) -> tuple[list[str], list[str]]:
    """Expand the user's paths into the files to read, in a stable order.

    Directories are searched recursively for `*.txt` and every document format with a reader
    (by suffix, or by content for other names); other files in them are skipped with a
    notice (returned second). A path given explicitly is read whatever its suffix. A missing
    path raises InputError, unless `keep_going` is on: then it is recorded there and skipped.
    """
    policy = keep_going or KeepGoing()
    files: list[str] = []
    notices: list[str] = []
    for raw in paths:
        files.extend(policy.attempt(_expand, raw, notices) or [])
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
        raise InputError(f"{shown_name(raw)}: not a regular file or folder (a device, FIFO or socket)")
    found = sorted(p for p in path.rglob("*") if p.is_file())
    texts = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES or _readable_format(p)]
    for skipped in sorted(set(found) - set(texts)):
        kind = NOT_READ_YET.get(skipped.suffix.lower())
        why = f"{kind} are not read yet; save as plain text" if kind else "not a .txt file"
        notices.append(f"{shown_name(skipped)}: skipped ({why})")
    if not texts:
        raise InputError(f"{shown_name(raw)}: directory has no .txt files or documents in a format the tool reads")
    return [str(p) for p in texts]


def read_document(name: str) -> Document:
    """Read one file (or standard input for `-`) into a normalised Document."""
    if name == STDIN:
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        label, suffix = "<stdin>", ""
    else:
        label, suffix = shown_name(name), os.path.splitext(name)[1].lower()
        # Missing, a folder, a FIFO, a device, a (sparse) file of gigabytes: refused here.
        with open_input(name, max_bytes=MAX_DOCUMENT_BYTES) as handle:
            try:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
            except OSError as exc:
                raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{label}: more than the {MAX_DOCUMENT_BYTES:,} bytes a document may have")
    from tm.documents.registry import BY_NAME
    from tm.documents.sniff import sniff, suffix_format

    # By content first: a `.txt` that is HTML is HTML, a `.docx` that is an OLE2 file is
    # what Word 97–2003 (or "Encrypt with password") wrote.
    format_name = sniff(data) or suffix_format(suffix)
    if format_name:
        read = _reader(format_name)
        if read is None:
            raise InputError(_not_read_yet(label, BY_NAME[format_name].label))
        return _structured(label, format_name, read(data, label).blocks)
    kind = NOT_READ_YET.get(suffix) or sniff_format(data)
    if kind:
        raise InputError(_not_read_yet(label, kind))
    text, encoding = decode_bytes(data, label)
    return Document(name=label, text=normalize_text(text), encoding=encoding)


def _reader(format_name: str) -> Reader | None:
    """The registry's reader for a format, or None while its module is not there."""
    from tm.documents.registry import BY_NAME

    entry = BY_NAME[format_name]
    try:
        return entry.reader()
    except ModuleNotFoundError as exc:
        if exc.name != f"tm.documents.{entry.module}":
            raise  # a library the reader needs is missing: not the same as no reader
        return None


def _readable_format(path: Path) -> bool:
    """Whether a file in a folder is in a format with a reader: by suffix, or, for a suffix
    the registry does not know, by its first bytes."""
    from tm.documents.registry import BY_SUFFIX
    from tm.documents.sniff import sniff

    known = BY_SUFFIX.get(path.suffix.lower())
    if known is None:
        try:
            with open_input(str(path), max_bytes=MAX_DOCUMENT_BYTES) as handle:
                head = handle.read(64 * 1024)
        except (InputError, OSError):
            return False
        name = sniff(head) if not head.startswith(b"PK") else None  # a zip needs its directory, at its end
        return name is not None and _reader(name) is not None
    return _reader(known.name) is not None


def _structured(label: str, format_name: str, blocks: Iterable[Block]) -> Document:
    """A Document of a reader's blocks: their texts normalised, one a line (what the glossary
    and the aligner read), the blocks kept for segments with codes."""
    from dataclasses import replace

    kept = []
    for block in blocks:
        if normalize_text(block.text) == block.text:  # already normalised: the common case
            kept.append(block)
            continue
        # Each piece between codes is normalised apart, so every code keeps its place.
        cuts = sorted({0, len(block.text), *(c.offset for c in block.codes)})
        pieces = [normalize_text(block.text[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
        text = "".join(pieces)
        if text != block.text:
            moved = {0: 0}
            for cut, piece in zip(cuts[1:], pieces, strict=False):
                moved[cut] = moved[max(k for k in moved)] + len(piece)
            codes = tuple(replace(c, offset=moved[c.offset]) for c in block.codes)
            block = replace(block, text=text.replace("\n", " "), codes=codes)
        kept.append(block)
    return Document(label, "\n".join(b.text for b in kept), "utf_8", format_name, tuple(kept))


def sniff_format(data: bytes) -> str | None:
    """What these bytes are, as users call the format ("Word documents", "Excel workbooks"),
    or None for plain text. Formats with a reader are recognised by tm/documents/sniff.py
    (the one content sniffer); this adds the zips of formats that are not read yet."""
    from tm.documents.registry import BY_NAME
    from tm.documents.sniff import sniff

    found = sniff(data)
    if found:
        return BY_NAME[found].label
    return _zip_format(data) if data.startswith(b"PK\x03\x04") else None


def _zip_format(data: bytes) -> str:
    """The not-read-yet format of a zip that is neither a Word nor an OpenDocument text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            with archive.open("mimetype") if "mimetype" in names else io.BytesIO() as member:
                mimetype = member.read(100).strip()  # a few bytes, however large the member claims to be
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
        return "zip archives"
    if mimetype in _OPENDOCUMENT:
        return _OPENDOCUMENT[mimetype]
    for prefix, kind in _ZIP_PARTS:
        if any(n.startswith(prefix) for n in names):
            return kind
    return "zip archives"


def _not_read_yet(label: str, kind: str) -> str:
    return f"{label}: {kind} are not read yet; save as plain text"


def iter_documents(names: Iterable[str], keep_going: KeepGoing | None = None) -> Iterator[Document]:
    """Read documents in order; a bad one raises InputError, unless `keep_going` is on: then
    it is recorded there and skipped."""
    policy = keep_going or KeepGoing()
    for name in names:
        document = policy.attempt(read_document, name)
        if document is not None:
            yield document
