"""Opening the user's input files: the one check every command makes for every path it reads.

A path that names a FIFO makes a plain `open()` wait for a writer for ever, and a device
such as `/dev/zero` reads until memory runs out. So an input is opened non-blocking (a
FIFO opens at once, without a writer), the *opened* descriptor is checked with `fstat()`
(a path checked first and opened afterwards could be swapped in between), anything but a
regular file is refused with an InputError naming it, and only then is the descriptor made
blocking again and handed over. Callers never call `open()`, `Path.read_bytes()`,
`lxml.etree.iterparse(filename)` and the like on a user's path themselves.
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import stat
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from tm.core.display import shown_name
from tm.core.errors import InputError

NOT_REGULAR = "not a regular file (a device, FIFO or socket)"
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def open_input(path: str | os.PathLike[str], max_bytes: int | None = None) -> BinaryIO:
    """The regular file at `path`, opened for reading in binary mode.

    Raises InputError naming the file: missing, a folder, not a regular file, no
    permission, or (with `max_bytes`) larger than that.
    """
    name = shown_name(path)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise InputError(f"{name}: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: {NOT_REGULAR}")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(f"{name}: {info.st_size:,} bytes, more than the {max_bytes:,} this input may have")
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    handle.raw.name = os.fspath(path)  # type: ignore[attr-defined]  # so that parsers' messages name the file
    return handle


def read_input(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """All bytes of the regular file at `path` (see `open_input`). With `max_bytes`, a file
    that grows past it while being read is refused too."""
    with open_input(path, max_bytes) as handle:
        try:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{shown_name(path)}: {_reason(exc)}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{shown_name(path)}: more than the {max_bytes:,} bytes this input may have")
    return data


def read_input_text(path: str | os.PathLike[str], encoding: str = "utf-8", max_bytes: int | None = None) -> str:
    """The text of the regular file at `path`; bytes that are not `encoding` are an InputError."""
    data = read_input(path, max_bytes)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown_name(path)}: not UTF-8 text (invalid byte at offset {exc.start})") from None


def open_input_text(path: str | os.PathLike[str], encoding: str = "utf-8", newline: str | None = None) -> IO[str]:
    """The regular file at `path` as a text stream (see `open_input`)."""
    return io.TextIOWrapper(open_input(path), encoding=encoding, newline=newline)


def iterparse_input(path: str | os.PathLike[str], **options: Any) -> Iterator[Any]:
    """`lxml.etree.iterparse` over the regular file at `path` (see `open_input`); the file
    is closed when the iteration ends or is abandoned."""
    from lxml import etree

    with open_input(path) as handle:
        yield from etree.iterparse(handle, **options)


def _reason(exc: OSError) -> str:
    """What went wrong, in the words of the messages users see elsewhere."""
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ENXIO:  # a socket, or a device without a driver
        return NOT_REGULAR
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read (permission denied)"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder)"
    return f"cannot read ({exc.strerror or exc})"
