"""Safe output files: every file the tools write goes through here.

A file is written to a temporary file beside its target and renamed over it only when
complete, so a reader never sees half a file and a failed run leaves the old one in place.
This module owns every rule about where output may go and how it gets there:

- the target is a regular file or does not exist yet; never a directory, a device, a FIFO;
- it is not one of the command's inputs (`tm build a.txt -o a.txt` would destroy `a.txt`);
- a symlink is followed: the file it points to is replaced and the link stays a link;
- a new file gets the mode the umask gives; a replaced file keeps its mode;
- the temporary name is unique per writer, `.NAME.PID.RANDOM.part`, and the writer holds an
  exclusive `flock` on it while it works. The lock dies with the process, even on SIGKILL,
  so the next writer to the same target can tell a dead writer's leftover (removed) from a
  live writer's file (left alone);
- SIGTERM and SIGHUP become a `Terminated` exception (`install_signal_handlers`), so the
  temporary file is removed exactly as on Ctrl-C.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import signal
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from tm.errors import OutputError, Terminated
from tm.names import shown_name

PART_SUFFIX = ".part"
# Errors of writing, not of reading an input: disk full, quota, file too large, I/O error.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}
_MAX_NAME = 200  # leaves room for the prefix and suffix within a 255-byte file name


def install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into `Terminated`, which unwinds like KeyboardInterrupt."""

    def terminate(number: int, frame: object) -> None:
        raise Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), terminate)


def resolve_output(path: Path) -> Path:
    """The file that will really be replaced: for a symlink, the file it points to."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_output(path: Path, inputs: Iterable[Path | str] = ()) -> Path:
    """Raise OutputError unless `path` may be replaced; return the real target."""
    target = resolve_output(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise OutputError(f"{path}: a parent of this path is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{path}: not a regular file (a device, FIFO or socket); give a file name")
        for source in inputs:
            if _same_file(Path(source), target):
                raise OutputError(f"{path}: is also an input; writing it would destroy that input")
    return target


@contextmanager
def atomic_output(path: Path, inputs: Iterable[Path | str] = ()) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces `path` when the block ends without error."""
    with _part_file(path, inputs) as (handle, tmp, target):
        yield handle
        handle.flush()
        _publish(handle, tmp, target)


@contextmanager
def atomic_path(path: Path, inputs: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Like `atomic_output`, for writers that open a path themselves (SQLite): yield the
    temporary file's path; it replaces `path` when the block ends without error."""
    with _part_file(path, inputs) as (handle, tmp, target):
        yield tmp
        _publish(handle, tmp, target)


def write_bytes(path: Path, data: bytes, inputs: Iterable[Path | str] = ()) -> None:
    with atomic_output(path, inputs) as handle:
        handle.write(data)


def remove_stale_parts(target: Path) -> int:
    """Remove temporary files that dead writers left beside `target`; return how many.

    A file is stale when nobody holds its lock: a live writer always does.
    """
    prefix = f".{target.name[:_MAX_NAME]}."
    removed = 0
    try:
        names = [e.name for e in os.scandir(target.parent) if e.name.startswith(prefix) and e.name.endswith(PART_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        candidate = target.parent / name
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # locked: a live writer's
            continue
        try:
            if _same_inode(fd, candidate):
                candidate.unlink()
                removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


# --- internals ---


@contextmanager
def _part_file(path: Path, inputs: Iterable[Path | str]) -> Iterator[tuple[BinaryIO, Path, Path]]:
    target = check_output(path, inputs)
    _make_parent(target, path)
    remove_stale_parts(target)
    handle, tmp = _create_locked(target, path)
    try:
        yield handle, tmp, target
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"{shown_name(path)}: cannot write ({exc.strerror})") from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        handle.close()  # also releases the lock; after the rename on success


def _make_parent(target: Path, shown: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{shown}: a parent of this path is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot create its folder ({exc.strerror or exc})") from None


def _create_locked(target: Path, shown: Path) -> tuple[BinaryIO, Path]:
    """Create and lock a new temporary file beside `target`.

    Between creating and locking, a cleaner may take the file for stale and remove it;
    so after locking, the name must still be ours, else we start again.
    """
    for _ in range(10):
        tmp = target.parent / f".{target.name[:_MAX_NAME]}.{os.getpid()}.{secrets.token_hex(4)}{PART_SUFFIX}"
        try:
            # 0o666: the umask applies, as for any new file.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{shown}: cannot write in {target.parent} ({exc.strerror or exc})") from None
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_inode(fd, tmp):
            return os.fdopen(fd, "wb"), tmp
        os.close(fd)
    raise OutputError(f"{shown}: cannot create a temporary file in {target.parent}")


def _publish(handle: BinaryIO, tmp: Path, target: Path) -> None:
    """Give the temporary file the target's mode and rename it over the target.

    The rename happens while we still hold the lock, so no cleaner can take it for stale.
    """
    try:
        os.fchmod(handle.fileno(), stat.S_IMODE(target.stat().st_mode))
    except FileNotFoundError:
        pass  # a new file: the mode the umask gave at creation stands
    try:
        os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _same_inode(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
