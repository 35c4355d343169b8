"""Opening Office packages (DOCX, ODT: zip archives of XML parts) without trusting them.

A document comes from someone else, so its zip may be broken, a zip bomb (a few kilobytes
that unpack to gigabytes), an encrypted Office file (which is not a zip at all but an OLE2
container holding an `EncryptedPackage` stream), or carry XML parts with a DTD declaring
entities (XXE, "billion laughs"). Each of these is one `InputError` naming the file, exit 3.
Members are read with a bounded read, so what a member's header claims about its size is
never trusted; macros (a DOCM's `vbaProject.bin`) are simply never read: only XML parts are.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from tm.core import xmlsafe
from tm.core.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE2 directory entry names its stream in UTF-16LE; an encrypted OOXML file (Office's
# "Encrypt with password", ECMA-376 Agile or Standard encryption) always holds these two.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

# How far a package may unpack. Real documents compress XML by 5-20×; deflate's ceiling is
# about 1000×, which only a crafted file reaches. The floor lets a tiny document with very
# repetitive XML through; the absolute cap bounds memory whatever the file's size.
RATIO = 200
FLOOR = 16 * 1024 * 1024
ABSOLUTE_CAP = 512 * 1024 * 1024
MAX_MEMBERS = 50_000
_CHUNK = 1 << 16

# Every Office XML part is parsed under tm.core.xmlsafe's policy as it is (no entity ever
# expanded, no DTD or network fetch, libxml2's limits on a text node and on depth kept), and
# a DOCTYPE is refused: Office parts never have one.


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def encrypted_ole(data: bytes) -> bool:
    """Whether these bytes are a password-protected Office file (an OLE2 container holding
    the encrypted package), which neither a zip reader nor LibreOffice can open."""
    return data.startswith(OLE_MAGIC) and any(name in data for name in _ENCRYPTED_STREAMS)


def check_not_ole(data: bytes, label: str, what: str = "an Office Open XML package") -> None:
    """Refuse an OLE2 file: an encrypted Office file says so; another (a Word 97–2003
    document saved as .docx) says what it is."""
    if not data.startswith(OLE_MAGIC):
        return
    if encrypted_ole(data):
        raise InputError(f"{label}: password-protected Office file; save it without a password")
    raise InputError(f"{label}: an OLE2 file (Word 97–2003 .doc or similar), not {what}; save it as .docx")


class Package:
    """A zip archive opened for reading its members, within the unpacking budget."""

    def __init__(self, data: bytes, label: str, what: str = "an Office Open XML package") -> None:
        check_not_ole(data, label, what)
        self.label = label
        self.limit = min(ABSOLUTE_CAP, max(FLOOR, RATIO * len(data)))
        self._read = 0  # bytes unpacked so far, whatever the headers claim
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise InputError(f"{label}: corrupt zip archive ({_first_line(exc)})") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{label}: zip archive with {len(infos):,} members; refused as a possible zip bomb")
        declared = sum(i.file_size for i in infos)
        if declared > self.limit:
            raise self._bomb(declared)
        self._infos = {i.filename: i for i in infos if not i.is_dir()}

    def _bomb(self, size: int) -> InputError:
        return InputError(
            f"{self.label}: zip archive unpacks to more than {min(size, self.limit) // (1024 * 1024):,} MB"
            f" (at most {self.limit // (1024 * 1024):,} MB allowed for this file); refused as a possible zip bomb"
        )

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def names(self) -> list[str]:
        return list(self._infos)

    def open(self, name: str) -> BoundedMember:
        """A member as a file object that raises once the budget is spent (for iterparse)."""
        if name not in self._infos:
            raise InputError(f"{self.label}: {name} missing from the package")
        try:
            return BoundedMember(self, self._zip.open(self._infos[name]), name)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, zlib.error) as exc:
            raise InputError(f"{self.label}: corrupt zip archive ({name}: {_first_line(exc)})") from None

    def read(self, name: str) -> bytes:
        """All of a member, read in bounded chunks."""
        with self.open(name) as member:
            return b"".join(iter(lambda: member.read(_CHUNK), b""))

    def _spend(self, count: int) -> None:
        self._read += count
        if self._read > self.limit:
            raise self._bomb(self._read)


class BoundedMember(io.RawIOBase):
    """One member of a `Package`, readable in chunks; corrupt data and overspending raise
    `InputError` from inside `read`, so a parser reading it stops at once."""

    def __init__(self, package: Package, handle: Any, name: str) -> None:
        super().__init__()
        self._package = package
        self._handle = handle
        self.name = name
        self._pending = b""  # what `head` read ahead, given out first

    def head(self) -> bytes:
        """The member's first chunk, read ahead (and still given out by `read`)."""
        if not self._pending:
            self._pending = self.read(_CHUNK)
        return self._pending

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = _CHUNK  # never one unbounded read; callers loop until b""
        if self._pending:
            given, self._pending = self._pending[:size], self._pending[size:]
            return given
        try:
            chunk: bytes = self._handle.read(size)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{self._package.label}: corrupt zip archive ({self.name}: {_first_line(exc)})") from None
        self._package._spend(len(chunk))
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._handle.close()
        super().close()


def parse_part(package: Package, name: str) -> Any:
    """A whole XML part as an lxml element (small parts: headers, notes, styles)."""
    from lxml import etree

    data = package.read(name)
    _check_head(data[:_CHUNK], package.label, name)
    try:
        root = etree.fromstring(data, xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{package.label}: {name} is not well-formed XML ({_first_line(exc)})") from None
    check_no_dtd(root, package.label, name)
    return root


def _dtd_refused(label: str, name: str) -> str:
    return f"{label}: {name} declares a DTD (entities), which Office files never do; refused"


def _check_head(head: bytes, label: str, name: str) -> None:
    """Refuse a DTD before libxml2 reads it: its own amplification limit would stop a
    billion laughs too, but with a message about parsing rather than about the file."""
    xmlsafe.refuse_doctype(head, _dtd_refused(label, name))


def check_no_dtd(element: Any, label: str, name: str) -> None:
    """Office XML parts never have a DOCTYPE; one that does is an entity trick (XXE,
    billion laughs) and is refused rather than read with its entities left out (a DOCTYPE
    after a long comment, which `_check_head` did not see)."""
    xmlsafe.refuse_doctype(element, _dtd_refused(label, name))


def iter_part(package: Package, name: str, tags: tuple[str, ...]) -> Iterator[Any]:
    """The `tags` elements of a large XML part as they end, streamed from the zip in
    bounded chunks (the caller frees what it is done with)."""
    from lxml import etree

    with package.open(name) as member:
        _check_head(member.head(), package.label, name)
        events = xmlsafe.iterparse(member, events=("end",), tag=tags)
        checked = False
        try:
            for _, element in events:
                if not checked:
                    check_no_dtd(element, package.label, name)
                    checked = True
                yield element
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{package.label}: {name} is not well-formed XML ({_first_line(exc)})") from None
