"""Argos packages on disk: what a valid package is, and how one is installed without harm.

An `.argosmodel` is a zip of ONE top folder holding `metadata.json`, `model/` (CTranslate2)
and `sentencepiece.model`. Everything in it is untrusted, so:

- every name taken from it (the top folder, each entry, `code`, `package_version`) becomes a
  path only after `check_name`: plain components of a safe character set, of bounded length;
- its sizes are bounded (entries, metadata, total, compression ratio) before anything is read;
- it is extracted, by us (not argostranslate's `extractall`), into a fresh temporary folder
  inside the packages folder, checked there (metadata, ru→en, CTranslate2 loads the model,
  the tokenizer loads) and only then renamed into place; an older copy of the same package is
  renamed aside first and deleted after, so the folder is always either the old or the new one;
- temporary folders are named `.tm-install-*` / `.tm-download-*`, carry a marker file and are
  locked (flock) by the process that made them: the next install removes the ones whose
  process is dead (SIGKILL, power loss), and listing never shows them;
- the install writes a stamp (`.tm-verified`) with the size and mtime of `model/model.bin`, so
  listing knows cheaply that the model was loaded once; a package without a matching stamp
  (installed by argospm, or changed since) gets a structural check of `model.bin` instead.

Problems are `BadPackage` (the message says what is wrong); callers prefix the file or folder.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tm.core.errors import OutputError

# Limits. A real ru→en package is about 100 MB zipped, 150 MB unpacked, 20 entries.
MAX_METADATA_BYTES = 1 << 20
MAX_ENTRIES = 10_000
MAX_PACKAGE_BYTES = 4 << 30  # unpacked, and the zip itself
MAX_RATIO = 100  # unpacked / packed size of one entry over RATIO_FLOOR (a zip bomb is ~1000)
RATIO_FLOOR = 1 << 20
MAX_NAME = 100  # a package folder, code or version
MAX_COMPONENT = 255  # one component of a path inside the package, in UTF-8 bytes
MAX_PATH = 1024

# A package folder, `code` or `package_version`: starts with a letter or digit (so never
# ".", "..", a hidden name or one of our temporary folders).
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
# A component of a path inside a package (model.bin, syntagrus.pt, resources.json…).
COMPONENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._+=@,-]*")

TEMP_PREFIXES = (".tm-install-", ".tm-download-")
MARKER = ".tm-temp"
MARKER_TEXT = b"diplotm: a temporary folder of an unfinished package install; removed by the next install\n"
STAMP = ".tm-verified"
STAMP_FORMAT = 1
TOKENIZERS = ("sentencepiece.model", "bpe.model")
MODEL_BIN = ("model", "model.bin")

# Fields argostranslate reads from metadata.json, by the type it assumes.
_TEXT_FIELDS = (
    "code",
    "package_version",
    "argos_version",
    "from_code",
    "from_name",
    "to_code",
    "to_name",
    "type",
    "target_prefix",
)
_LIST_FIELDS = ("from_codes", "to_codes", "links", "languages", "dependencies", "source_languages", "target_languages")
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# CTranslate2's DataType enum (include/ctranslate2/types.h): float32 int8 int16 int32 float16 bfloat16.
_DTYPE_BYTES = (4, 1, 2, 4, 2, 2)
_CT2_BINARY_VERSION = 6  # the layout _check_model_bin walks; other versions get a header check


class BadPackage(Exception):
    """A package file or folder that must not be installed or used; says what is wrong."""


def check_name(value: object, what: str) -> str:
    """`value` as a package folder name, code or version, else BadPackage naming it."""
    if not isinstance(value, str):
        raise BadPackage(f"{what} {value!r} is not a string")
    if len(value) > MAX_NAME or not NAME.fullmatch(value):
        raise BadPackage(
            f"{what} {short(value)} is not a plain name "
            f"(letters, digits and . _ + -, at most {MAX_NAME}, not starting with . _ + -)"
        )
    return value


def check_metadata(metadata: object) -> dict[str, object]:
    """Metadata argostranslate can read without failing: a JSON object whose fields have the
    types it assumes, and whose code and version are plain names."""
    if not isinstance(metadata, dict):
        raise BadPackage(f"metadata.json is not a JSON object but {_json_type(metadata)}")
    for key in _TEXT_FIELDS:
        if key in metadata and not isinstance(metadata[key], str):
            raise BadPackage(f"metadata.json: {key} is {_json_type(metadata[key])} {short(metadata[key])}, not a string")
    for key in _LIST_FIELDS:
        if key in metadata and not isinstance(metadata[key], list):
            raise BadPackage(f"metadata.json: {key} is {_json_type(metadata[key])}, not a list")
    for key in ("code", "package_version"):
        if key in metadata:
            check_name(metadata[key], f"metadata.json: {key}")
    return metadata


def parse_metadata(data: bytes) -> dict[str, object]:
    """metadata.json's bytes, at most MAX_METADATA_BYTES, as checked metadata."""
    if len(data) > MAX_METADATA_BYTES:
        raise BadPackage(f"metadata.json is over {size_text(MAX_METADATA_BYTES)}")
    try:
        metadata = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BadPackage("metadata.json is not valid UTF-8 JSON") from None
    return check_metadata(metadata)


# --- the archive ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Archive:
    """What a checked `.argosmodel` holds: its one top folder, its entries below it (as path
    components), its metadata and a fingerprint of its contents (names, sizes, CRCs)."""

    root: str
    files: list[tuple[zipfile.ZipInfo, tuple[str, ...]]]
    folders: list[tuple[str, ...]]
    metadata: dict[str, object]
    fingerprint: str


def read_archive(path: Path) -> Archive:
    """Check a `.argosmodel` without extracting it, else BadPackage."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BadPackage("no such model file") from None
    except OSError as exc:
        raise BadPackage(f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadPackage("is a folder, not an .argosmodel package")
    if not stat.S_ISREG(info.st_mode):
        raise BadPackage("not a regular file (a device, FIFO or socket)")
    if info.st_size > MAX_PACKAGE_BYTES:
        raise BadPackage(f"is over the {size_text(MAX_PACKAGE_BYTES)} limit for a package")
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise BadPackage("not an .argosmodel package (not a zip archive)") from None
    except (zlib.error, NotImplementedError, RuntimeError) as exc:
        raise BadPackage(f"is damaged ({_first_line(exc)})") from None
    except OSError as exc:
        raise BadPackage(f"cannot be read ({exc.strerror or exc})") from None


def _check_archive(archive: zipfile.ZipFile) -> Archive:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise BadPackage(f"has {len(entries)} entries, more than {MAX_ENTRIES}")
    roots: set[str] = set()
    files: list[tuple[zipfile.ZipInfo, tuple[str, ...]]] = []
    folders: set[tuple[str, ...]] = set()
    seen: set[tuple[str, ...]] = set()
    total = 0
    for entry in entries:
        parts = _entry_parts(entry.filename)
        roots.add(parts[0])
        if len(roots) > 1:
            raise BadPackage(
                f"has more than one top folder ({', '.join(short(r) for r in sorted(roots))}); a package is exactly one"
            )
        inner = parts[1:]
        if inner in seen:
            raise BadPackage(f"entry {short(entry.filename)} occurs twice")
        seen.add(inner)
        kind = stat.S_IFMT(entry.external_attr >> 16)
        if entry.is_dir():
            if kind not in (0, stat.S_IFDIR):
                raise BadPackage(f"entry {short(entry.filename)} is not a plain folder")
            if inner:
                folders.add(inner)
            continue
        if kind not in (0, stat.S_IFREG):
            raise BadPackage(f"entry {short(entry.filename)} is not a plain file (a link or device)")
        if not inner:
            raise BadPackage(f"entry {short(entry.filename)} is a file at the top; a package is one folder")
        if entry.flag_bits & 0x1:
            raise BadPackage(f"entry {short(entry.filename)} is encrypted")
        if entry.compress_type not in _ZIP_METHODS:
            raise BadPackage(f"entry {short(entry.filename)} uses an unknown compression method")
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise BadPackage(
                f"entry {short(entry.filename)} unpacks {entry.file_size // max(entry.compress_size, 1)} "
                f"times its packed size (a zip bomb?)"
            )
        total += entry.file_size
        if total > MAX_PACKAGE_BYTES:
            raise BadPackage(f"unpacks to over {size_text(MAX_PACKAGE_BYTES)}")
        files.append((entry, inner))
    if not roots:
        raise BadPackage("not an .argosmodel package (an empty zip archive)")
    root = roots.pop()
    try:
        check_name(root, "top folder")
    except BadPackage as exc:
        raise BadPackage(f"not an .argosmodel package: {exc}") from None
    for _, inner in files:  # a path both a file and a folder would fail half-way through extraction
        for depth in range(1, len(inner)):
            folders.add(inner[:depth])
    clash = next((inner for _, inner in files if inner in folders), None)
    if clash is not None:
        raise BadPackage(f"entry {short('/'.join((root, *clash)))} is both a file and a folder")
    by_path = {inner: entry for entry, inner in files}
    meta = by_path.get(("metadata.json",))
    if meta is None:
        raise BadPackage("not an .argosmodel package (no metadata.json in its top folder)")
    if meta.file_size > MAX_METADATA_BYTES:
        raise BadPackage(f"metadata.json is over {size_text(MAX_METADATA_BYTES)}")
    with archive.open(meta) as handle:
        metadata = parse_metadata(handle.read(MAX_METADATA_BYTES + 1))
    if MODEL_BIN not in by_path:
        raise BadPackage("has no CTranslate2 model (model/model.bin)")
    if not any((name,) in by_path for name in TOKENIZERS):
        raise BadPackage("has no tokenizer (sentencepiece.model)")
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.filename):
        digest.update(f"{entry.filename}\0{entry.file_size}\0{entry.CRC}\n".encode("utf-8", "surrogateescape"))
    return Archive(root, files, sorted(folders), metadata, digest.hexdigest())


def _entry_parts(name: str) -> tuple[str, ...]:
    """The components of a zip entry's name, each checked, else BadPackage naming the entry."""
    shown = short(name)
    if len(name.encode("utf-8", "surrogateescape")) > MAX_PATH:
        raise BadPackage(f"entry {shown} has a name over {MAX_PATH} bytes")
    if name.startswith("/") or "\\" in name or re.match(r"[A-Za-z]:", name):
        raise BadPackage(f"entry {shown} is an absolute path")
    parts = tuple(name[:-1].split("/") if name.endswith("/") else name.split("/"))
    for part in parts:
        if part in ("", ".", ".."):
            raise BadPackage(f"entry {shown} is not a plain relative path (empty, . or .. component)")
        if len(part.encode("utf-8", "surrogateescape")) > MAX_COMPONENT or not COMPONENT.fullmatch(part):
            raise BadPackage(f"entry {shown} has a name outside the safe characters (letters, digits, . _ + = @ , -)")
    return parts


# --- installing --------------------------------------------------------------------------


def install_archive(path: Path, packages_dir: Path, languages: tuple[str, str]) -> tuple[Path, bool]:
    """Install a `.argosmodel` translating `languages` into `packages_dir`; return its
    folder and whether it was new.

    Nothing is written outside `packages_dir`. An installed copy with the same contents
    that still checks out is kept (and False returned); any other copy is replaced.
    BadPackage for a bad package, OutputError when the folder cannot be written.
    """
    archive = read_archive(path)
    pair = (archive.metadata.get("from_code"), archive.metadata.get("to_code"))
    if pair != languages or archive.metadata.get("type", "translate") != "translate":
        raise BadPackage(
            f"package translates {pair[0]}→{pair[1]}, not {languages[0]}→{languages[1]}"
            if pair != languages
            else f"is a {archive.metadata.get('type')!r} package, not a translation model"
        )
    with packages_folder(packages_dir), _locked(packages_dir):
        remove_stale_temps(packages_dir)
        final = packages_dir / archive.root
        if _same_install(final, archive.fingerprint):
            return final, False
        with temp_folder(packages_dir, TEMP_PREFIXES[0]) as temp:
            staged = temp / "package"
            _extract(path, archive, staged, packages_dir)
            check_folder(staged, deep=True)
            _write_stamp(staged, archive.fingerprint, packages_dir)
            _swap_in(staged, final, temp / "old", packages_dir)
    return final, True


@contextmanager
def packages_folder(folder: Path) -> Iterator[None]:
    """Create the packages folder (and its parents) if needed, else OutputError naming it;
    if the block fails, the folders made here are removed again (when still empty), so a
    refused install leaves nothing behind."""
    made = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: the packages folder is not a folder") from None
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot create the packages folder ({exc.strerror or exc}); "
            "set ARGOS_PACKAGES_DIR to a folder you can write"
        ) from None
    try:
        yield
    except BaseException:
        for path in made:  # innermost first
            try:
                path.rmdir()
            except OSError:
                break
        raise


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the packages folder: one install at a time."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def temp_folder(packages_dir: Path, prefix: str) -> Iterator[Path]:
    """A fresh, marked, locked temporary folder in the packages folder, removed at the end
    (on errors, Ctrl-C and SIGTERM too; after a SIGKILL, by the next install)."""
    temp = packages_dir / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        temp.mkdir()
    except OSError as exc:
        raise OutputError(
            f"{packages_dir}: cannot install packages here ({exc.strerror or exc}); "
            "set ARGOS_PACKAGES_DIR to a folder you can write"
        ) from None
    fd = -1
    try:
        fd = os.open(temp, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _write_file(temp / MARKER, MARKER_TEXT, packages_dir)
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        if fd >= 0:
            os.close(fd)


def is_temp_name(name: str) -> bool:
    return name.startswith(TEMP_PREFIXES)


def remove_stale_temps(packages_dir: Path) -> int:
    """Remove our temporary folders whose process is gone (marker present, lock free)."""
    removed = 0
    try:
        entries = [e for e in os.scandir(packages_dir) if is_temp_name(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for entry in entries:
        path = Path(entry.path)
        if not (path / MARKER).is_file() and not _is_empty(path):
            # Not recognisably ours: left alone (and never listed, being hidden). An empty one
            # is removed: a SIGKILL between mkdir and the marker leaves it, and it holds nothing.
            continue
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live install holds it
        finally:
            os.close(fd)
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def _is_empty(folder: Path) -> bool:
    try:
        return not any(os.scandir(folder))
    except OSError:
        return False


def _extract(path: Path, archive: Archive, staged: Path, packages_dir: Path) -> None:
    """Write the archive's files below `staged`, each at most its declared size."""
    try:
        staged.mkdir()
        for inner in archive.folders:
            staged.joinpath(*inner).mkdir(exist_ok=True)
    except OSError as exc:
        raise _write_error(packages_dir, exc) from None
    try:
        with zipfile.ZipFile(path) as source:
            for entry, inner in archive.files:
                with source.open(entry) as reader:
                    _copy(reader, staged.joinpath(*inner), packages_dir)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise BadPackage(f"is damaged ({_first_line(exc)})") from None
    except OSError as exc:  # reading the archive; writes raise OutputError
        raise BadPackage(f"cannot be read ({exc.strerror or exc})") from None


def _copy(reader: IO[bytes], target: Path, packages_dir: Path) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        raise _write_error(packages_dir, exc) from None
    with os.fdopen(fd, "wb") as out:
        # zipfile stops each entry at its declared size and checks its CRC at the end.
        while chunk := reader.read(1 << 20):
            try:
                out.write(chunk)
            except OSError as exc:
                raise _write_error(packages_dir, exc) from None
        try:
            out.flush()
            os.fsync(out.fileno())
        except OSError as exc:
            raise _write_error(packages_dir, exc) from None


def _write_file(path: Path, data: bytes, packages_dir: Path) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise _write_error(packages_dir, exc) from None


def _write_error(packages_dir: Path, exc: OSError) -> OutputError:
    reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
    return OutputError(f"{packages_dir}: cannot install the package there ({reason}); nothing was installed")


def _swap_in(staged: Path, final: Path, aside: Path, packages_dir: Path) -> None:
    """Rename the checked package into place; an older copy is renamed aside first (into the
    temporary folder, which is deleted afterwards), and back if the rename fails."""
    try:
        if os.path.lexists(final):
            os.rename(final, aside)
            try:
                os.rename(staged, final)
            except OSError:
                os.rename(aside, final)
                raise
        else:
            os.rename(staged, final)
    except OSError as exc:
        raise _write_error(packages_dir, exc) from None


def _same_install(final: Path, fingerprint: str) -> bool:
    """Whether `final` holds this very archive, installed by us and unchanged since."""
    try:
        check_folder(final)
    except BadPackage:
        return False
    stamp = _read_stamp(final)
    return stamp is not None and stamp.get("source") == fingerprint and _stamp_matches(final, stamp)


# --- checking a package folder ----------------------------------------------------------------


def check_folder(folder: Path, deep: bool = False) -> dict[str, object]:
    """The metadata of a usable package folder, else BadPackage saying why.

    Cheap by default (listing runs it on every folder): metadata, files, and model.bin by
    its stamp or, without one, by walking its variable table. `deep` (at install) also
    loads the model with CTranslate2 and the tokenizer with SentencePiece.
    """
    metadata = _read_metadata(folder)
    if metadata.get("type", "translate") != "translate":
        return metadata  # an argos package of another kind (sbd): listed, never used
    model_bin = folder.joinpath(*MODEL_BIN)
    if not model_bin.is_file():
        raise BadPackage("has no CTranslate2 model (model/model.bin)")
    tokenizer = next((folder / name for name in TOKENIZERS if (folder / name).is_file()), None)
    if tokenizer is None:
        raise BadPackage("has no tokenizer (sentencepiece.model)")
    stamp = None if deep else _read_stamp(folder)
    if stamp is None or not _stamp_matches(folder, stamp):
        check_model_bin(model_bin)
    if deep:
        _load(folder, tokenizer)
    return metadata


def _read_metadata(folder: Path) -> dict[str, object]:
    try:
        data = read_small(folder / "metadata.json", MAX_METADATA_BYTES)
    except FileNotFoundError:
        raise BadPackage("not a package (no metadata.json)") from None
    except BadPackage as exc:
        raise BadPackage(f"metadata.json {exc}") from None
    except OSError as exc:
        raise BadPackage(f"metadata.json cannot be read ({exc.strerror or exc})") from None
    return parse_metadata(data)


def read_small(path: Path, limit: int) -> bytes:
    """A regular file of at most `limit` bytes (BadPackage otherwise), opened without
    blocking, so a FIFO in a package folder cannot hang a listing."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadPackage("is not a regular file")
        if info.st_size > limit:
            raise BadPackage(f"is over {size_text(limit)}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BadPackage(f"is over {size_text(limit)}")
    return data


def check_model_bin(path: Path) -> None:
    """A structural check of a CTranslate2 `model.bin`: its header and, for the current
    binary layout, every variable's shape, type and byte count up to the exact end of the
    file. Reads only the headers (a few KB), so listing stays fast; catches truncated,
    foreign and garbage files."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            _walk_model_bin(handle, size)
    except OSError as exc:
        raise BadPackage(f"model/model.bin cannot be read ({exc.strerror or exc})") from None
    except (struct.error, EOFError):
        raise BadPackage("model/model.bin is truncated or not a CTranslate2 model") from None


def _walk_model_bin(handle: IO[bytes], size: int) -> None:
    def take(n: int) -> bytes:
        data = handle.read(n)
        if len(data) != n:
            raise EOFError
        return data

    def number(fmt: str) -> int:
        return int(struct.unpack("<" + fmt, take(struct.calcsize(fmt)))[0])

    def string() -> str:
        length = number("H")
        raw = take(length)
        if not length or raw[-1:] != b"\0":
            raise EOFError
        return raw[:-1].decode("utf-8", "replace")

    bad = "model/model.bin is not a CTranslate2 model"
    version = number("I")
    if not 1 <= version <= 64:
        raise BadPackage(f"{bad} (binary version {version})")
    if version >= 2:
        if not string().isprintable():
            raise BadPackage(f"{bad} (unreadable spec name)")
        number("I")  # spec revision
    if version != _CT2_BINARY_VERSION:
        return  # an older or newer layout: the header is all we can vouch for cheaply
    count = number("I")
    if not 0 < count <= 100_000:
        raise BadPackage(f"{bad} ({count} variables)")
    for _ in range(count):
        string()
        rank = number("B")
        if rank > 8:
            raise BadPackage(f"{bad} (a variable of rank {rank})")
        elements = 1
        for _ in range(rank):
            elements *= number("I")
        dtype = number("B")
        if dtype >= len(_DTYPE_BYTES):
            raise BadPackage(f"{bad} (unknown data type {dtype})")
        nbytes = number("I")
        if nbytes != elements * _DTYPE_BYTES[dtype] or handle.tell() + nbytes > size:
            raise EOFError
        handle.seek(nbytes, os.SEEK_CUR)
    for _ in range(number("I")):  # aliases
        string()
        string()
    if handle.tell() != size:
        raise BadPackage(f"{bad} ({size - handle.tell()} bytes after its last variable)")


def _load(folder: Path, tokenizer: Path) -> None:
    """Load the model on the CPU and the tokenizer once, as translating would."""
    import ctranslate2
    import sentencepiece

    try:
        ctranslate2.Translator(str(folder / "model"), device="cpu", intra_threads=1)
    except Exception as exc:  # whatever CTranslate2 says about an untrusted file
        raise BadPackage(f"model/model.bin cannot be loaded by CTranslate2 ({_first_line(exc)})") from None
    if tokenizer.name == "sentencepiece.model":
        try:
            sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        except Exception as exc:
            raise BadPackage(f"sentencepiece.model cannot be loaded ({_first_line(exc)})") from None


def _write_stamp(folder: Path, fingerprint: str, packages_dir: Path) -> None:
    info = folder.joinpath(*MODEL_BIN).stat()
    stamp = {"format": STAMP_FORMAT, "source": fingerprint, "model.bin": [info.st_size, info.st_mtime_ns]}
    _write_file(folder / STAMP, json.dumps(stamp).encode("utf-8"), packages_dir)


def _read_stamp(folder: Path) -> dict[str, object] | None:
    try:
        stamp = json.loads(read_small(folder / STAMP, 4096).decode("utf-8"))
    except (OSError, BadPackage, ValueError, RecursionError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT else None


def _stamp_matches(folder: Path, stamp: dict[str, object]) -> bool:
    try:
        info = folder.joinpath(*MODEL_BIN).stat()
    except OSError:
        return False
    return stamp.get("model.bin") == [info.st_size, info.st_mtime_ns]


# --- listing --------------------------------------------------------------------------------


def scan(packages_dir: Path) -> tuple[list[tuple[Path, dict[str, object]]], list[str]]:
    """The usable package folders (with metadata) and one problem line for each folder that
    is not a usable package. Hidden folders (ours are) and plain files are passed over."""
    try:
        entries = sorted(os.scandir(packages_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"{packages_dir}: cannot read the packages folder ({exc.strerror or exc})"]
    found: list[tuple[Path, dict[str, object]]] = []
    problems: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if not entry.is_dir():
                continue
        except OSError:
            continue
        folder = Path(entry.path)
        try:
            check_name(entry.name, "folder name")
            found.append((folder, check_folder(folder)))
        except BadPackage as exc:
            problems.append(f"{folder}: {exc}; passed over")
    return found, problems


def size_text(n: int) -> str:
    return f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n / (1 << 20):g} MiB" if n >= 1 << 20 else f"{n} bytes"


def short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 160 else text[:156] + "…"
