"""Safe output files: every file the tools write goes through here.

A file is written to a temporary file beside its target and renamed over it only when
complete, so a reader never sees half a file and a failed run leaves the old one in place.
This module owns every rule about where output may go and how it gets there:

- the target is a regular file or does not exist yet; never a directory, a device, a FIFO;
- no output is one of the command's inputs, and no two outputs of a command share a file
  (`check_outputs`: the same file by path, symlink or hard link, or the same new path);
- an output's suffix names the format written (`require_suffix`: `-output` is read by the
  option parser as `-o utput`, which must not become a TMX named `utput`);
- a symlink is followed: the file it points to is replaced and the link stays a link;
- a new file gets the mode the umask gives; a replaced file keeps its mode;
- the temporary name is unique per writer and marked as ours, `.NAME.diplotm-PID-RANDOM.part`
  (NAME cut to 200 bytes, so the whole stays within a 255-byte file name), and the writer
  holds an exclusive `flock` on it while it works. The lock dies with the process, even on
  SIGKILL, so the next writer to the same target can tell a dead writer's leftover (removed)
  from a live writer's file (left alone). Only files with that marker are ever removed;
- every error of checking, creating, writing, flushing, syncing or renaming an output is an
  `OutputError` (exit 5) naming it, and the temporary file is removed;
- SIGTERM and SIGHUP arrive as a `Terminated` exception (the CLI runner installs the
  handlers, `tm.cli.runner.install_signal_handlers`), so the temporary file is removed
  exactly as on Ctrl-C.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tm.core.display import shown_name
from tm.core.errors import OutputError, UsageError

PART_SUFFIX = ".part"
MARKER = "diplotm"  # in every temporary name: the cleaner removes nothing without it
# Errors of writing, not of reading an input: disk full, quota, file too large, I/O error.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}
_NAME_BYTES = 200  # of the target's name in a temporary name: 1 + 200 + 31 ≤ 255 bytes
_MAX_NAME_BYTES = 255  # NAME_MAX of Linux file systems

PathLike = Path | str


def resolve_output(path: Path) -> Path:
    """The file that will really be replaced: for a symlink, the file it points to."""
    return _inspect(path)[0]


def check_output(path: Path, inputs: Iterable[PathLike | None] = ()) -> Path:
    """Raise OutputError unless `path` may be replaced; return the real target.

    Any error of looking at the path (a parent that is a file or not searchable, a name
    over 255 bytes, a symlink loop) is an OutputError naming it, never a crash.
    """
    target, info = _inspect(path)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown_name(path)}: is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{shown_name(path)}: not a regular file (a device, FIFO or socket); give a file name")
    for source in inputs:
        if source is not None and _same_file(Path(source), path):
            raise OutputError(f"{shown_name(path)}: is also an input; writing it would destroy that input")
    return target


def check_outputs(outputs: Mapping[str, Path | None], inputs: Iterable[PathLike | None] = ()) -> dict[str, Path]:
    """Check every output of one command before it writes anything; return the real targets.

    `outputs` maps how each output was given (`-o`, `--report`, `--cache`) to its path; a
    None value (an option not given) is passed over. Each must be writable (`check_output`),
    none may be one of `inputs` (the same file by path, symlink or hard link; for a file
    not there yet, the same resolved path), and no two may be the same. An OutputError
    (exit 5) names both sides.
    """
    given = {option: path for option, path in outputs.items() if path is not None}
    sources = [Path(s) for s in inputs if s is not None and str(s) != "-"]
    targets: dict[str, Path] = {}
    for option, path in given.items():
        try:
            targets[option] = check_output(path)
        except OutputError as exc:  # say which output: `--cache x: is a folder`
            message = str(exc)
            name = shown_name(path)
            raise OutputError(_named(option, path) + message[len(name) :] if message.startswith(name) else message) from None
        for source in sources:
            if _same_file(source, path):
                raise OutputError(
                    f"{_named(option, path)}: is also an input ({shown_name(source)}); writing it would destroy that input"
                )
    options = list(given)
    for i, first in enumerate(options):
        for second in options[i + 1 :]:
            if _same_file(given[first], given[second]):
                raise OutputError(
                    f"{_named(second, given[second])}: the same file as {_named(first, given[first])}; "
                    "give each output its own name"
                )
    return targets


def require_suffix(path: Path, allowed: Sequence[str], option: str = "-o", long: str | None = "--output") -> None:
    """Raise UsageError (exit 2) unless `path` ends in one of `allowed` (".tmx"), ignoring case.

    A symlink passes if the file it points to has the suffix. When the value is what the
    option parser made of a misspelt long option (`-output` → `-o utput`), say so.
    """
    suffixes = {s.lower() for s in allowed}
    if path.suffix.lower() in suffixes:
        return
    try:
        if path.is_symlink() and Path(os.path.realpath(path)).suffix.lower() in suffixes:
            return
    except (OSError, ValueError):
        pass
    hint = ""
    if long is not None and option.lstrip("-") + str(path) == long.lstrip("-"):
        hint = f" ({option}{path} reads as {option} {path}; write {long} FILE)"
    names = " or ".join(sorted(suffixes))
    raise UsageError(f"{option} {shown_name(path)}: not a {names} file name (the output is written as {names}){hint}")


def output_folder(path: Path, purpose: str = "") -> Path:
    """Make sure `path` is a folder outputs can go in (created with its parents if missing)."""
    shown = shown_name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{shown}: {_describe(exc)}") from None
    if info is not None:
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown}: not a folder{purpose}")
        return path
    if os.path.islink(path):
        raise OutputError(f"{shown}: a symbolic link to {shown_name(os.readlink(path))}, which does not exist{purpose}")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{shown}: a parent of this path is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot create this folder ({exc.strerror or exc})") from None
    return path


@contextmanager
def atomic_output(path: Path, inputs: Iterable[PathLike | None] = ()) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces `path` when the block ends without error."""
    with _part_file(path, inputs) as (handle, _):
        yield handle


@contextmanager
def atomic_path(path: Path, inputs: Iterable[PathLike | None] = ()) -> Iterator[Path]:
    """Like `atomic_output`, for writers that open a path themselves (SQLite): yield the
    temporary file's path; it replaces `path` when the block ends without error."""
    with _part_file(path, inputs) as (_, tmp):
        yield tmp


def write_bytes(path: Path, data: bytes, inputs: Iterable[PathLike | None] = ()) -> None:
    with atomic_output(path, inputs) as handle:
        handle.write(data)


def part_name(target: Path) -> str:
    """A new temporary name for `target`: `.NAME.diplotm-PID-RANDOM.part`."""
    return f".{_cut(target.name)}.{MARKER}-{os.getpid()}-{secrets.token_hex(4)}{PART_SUFFIX}"


def remove_stale_parts(target: Path) -> int:
    """Remove temporary files that dead writers left beside `target`; return how many.

    Only a file that is ours is removed: its name is exactly what `part_name` makes for
    this target (a user's `.out.tmx.1.part` is not), it is a regular file owned by this
    user, and nobody holds its lock (a live writer always does).
    """
    pattern = re.compile(rf"\.{re.escape(_cut(target.name))}\.{MARKER}-\d+-[0-9a-f]{{8}}{re.escape(PART_SUFFIX)}")
    removed = 0
    try:
        names = [e.name for e in os.scandir(target.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return 0
    for name in names:
        candidate = target.parent / name
        try:
            # O_NONBLOCK: a FIFO of that name must not hang us; O_NOFOLLOW: nor a link lead elsewhere.
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
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
def _part_file(path: Path, inputs: Iterable[PathLike | None]) -> Iterator[tuple[BinaryIO, Path]]:
    target = check_output(path, inputs)
    _make_parent(target, path)
    remove_stale_parts(target)
    handle, tmp = _create_locked(target, path)
    try:
        yield handle, tmp
        handle.flush()
        _publish(handle, tmp, target, path)
    except BaseException as exc:
        _discard(handle, tmp)
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"{shown_name(path)}: cannot write ({exc.strerror or exc})") from None
        raise
    try:
        handle.close()  # also releases the lock, after the rename
    except OSError as exc:
        raise OutputError(f"{shown_name(path)}: cannot write ({exc.strerror or exc})") from None


def _discard(handle: BinaryIO, tmp: Path) -> None:
    """Remove the temporary file and close it. Closing flushes what is buffered, which
    fails again on a full disk: that error is the one already being reported."""
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass
    try:
        handle.close()
    except OSError:
        pass


def _inspect(path: Path) -> tuple[Path, os.stat_result | None]:
    """The real target (a symlink followed) and its status, None if it does not exist."""
    try:
        info = os.lstat(path)
        if not stat.S_ISLNK(info.st_mode):
            return path, info
        target = Path(os.path.realpath(path))
        try:
            return target, os.stat(target)
        except FileNotFoundError:
            return target, None  # a link to a file not written yet
    except FileNotFoundError:
        return path, None
    except (OSError, ValueError) as exc:
        raise OutputError(f"{shown_name(path)}: {_describe(exc)}") from None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOTDIR:
            return "a parent of this path is not a folder"
        if exc.errno == errno.ENAMETOOLONG:
            return f"file name too long (at most {_MAX_NAME_BYTES} bytes a name)"
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links"
        return f"cannot write here ({exc.strerror or exc})"
    return f"cannot write here ({exc})"  # ValueError: a NUL in the name


def _named(option: str, path: Path) -> str:
    """`--cache x`, `TM_CACHE=x`; a label that is no option or variable goes after the path."""
    if option.startswith("-"):
        return f"{option} {shown_name(path)}"
    if option.isupper():
        return f"{option}={shown_name(path)}"
    return f"{shown_name(path)} ({option})"


def _cut(name: str) -> str:
    """`name` cut to at most _NAME_BYTES bytes of its file-system encoding, never inside
    a character (a UTF-8 continuation byte is 0b10xxxxxx)."""
    raw = os.fsencode(name)
    if len(raw) <= _NAME_BYTES:
        return name
    end = _NAME_BYTES
    while end > 0 and raw[end] & 0xC0 == 0x80:
        end -= 1
    return os.fsdecode(raw[:end])


def _make_parent(target: Path, shown: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{shown_name(shown)}: a parent of this path is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{shown_name(shown)}: cannot create its folder ({exc.strerror or exc})") from None


def _create_locked(target: Path, shown: Path) -> tuple[BinaryIO, Path]:
    """Create and lock a new temporary file beside `target`.

    Between creating and locking, a cleaner may take the file for stale and remove it;
    so after locking, the name must still be ours, else we start again.
    """
    for _ in range(10):
        tmp = target.parent / part_name(target)
        try:
            # 0o666: the umask applies, as for any new file.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(
                f"{shown_name(shown)}: cannot write in {shown_name(target.parent)} ({exc.strerror or exc})"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise OutputError(
                f"{shown_name(shown)}: cannot lock a temporary file in {shown_name(target.parent)} ({exc.strerror or exc})"
            ) from None
        if _same_inode(fd, tmp):
            return os.fdopen(fd, "wb"), tmp
        os.close(fd)
    raise OutputError(f"{shown_name(shown)}: cannot create a temporary file in {shown_name(target.parent)}")


def _publish(handle: BinaryIO, tmp: Path, target: Path, shown: Path) -> None:
    """Give the temporary file the target's mode and rename it over the target.

    The rename happens while we still hold the lock, so no cleaner can take it for stale.
    """
    try:
        try:
            os.fchmod(handle.fileno(), stat.S_IMODE(target.stat().st_mode))
        except FileNotFoundError:
            pass  # a new file: the mode the umask gave at creation stands
        os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{shown_name(shown)}: cannot write ({exc.strerror or exc})") from None


def _same_inode(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    """The same file: by inode when both exist (a symlink or hard link is no escape), else
    by resolved path (a file not written yet, or through a dangling link)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        pass
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False
