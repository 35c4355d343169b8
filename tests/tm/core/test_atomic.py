"""tm.core.atomic: what every output file goes through."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tm.core.atomic import atomic_output, remove_stale_parts, write_bytes
from tm.core.errors import OutputError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_follows_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "new.tmx", b"x")
        assert _mode(tmp_path / "new.tmx") == 0o644
        os.umask(0o077)
        write_bytes(tmp_path / "new.tmx", b"y")  # replaced: keeps 0644 whatever the umask
        assert _mode(tmp_path / "new.tmx") == 0o644 and (tmp_path / "new.tmx").read_bytes() == b"y"
        write_bytes(tmp_path / "private.tmx", b"z")
        assert _mode(tmp_path / "private.tmx") == 0o600
    finally:
        os.umask(old)


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "real.tmx").write_bytes(b"old")
    (tmp_path / "link.tmx").symlink_to("real.tmx")
    write_bytes(tmp_path / "link.tmx", b"new")
    assert (tmp_path / "link.tmx").is_symlink() and (tmp_path / "real.tmx").read_bytes() == b"new"


def test_an_error_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    (tmp_path / "m.tmx").write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "m.tmx") as out:
        out.write(b"half")
        raise RuntimeError("boom")
    assert (tmp_path / "m.tmx").read_bytes() == b"old" and os.listdir(tmp_path) == ["m.tmx"]


def test_refuses_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("текст")
    with pytest.raises(OutputError, match="is also an input"):
        write_bytes(tmp_path / "a.txt", b"x", inputs=[tmp_path / "a.txt"])
    (tmp_path / "alias.txt").symlink_to("a.txt")
    with pytest.raises(OutputError, match="is also an input"):
        write_bytes(tmp_path / "alias.txt", b"x", inputs=[tmp_path / "a.txt"])
    assert (tmp_path / "a.txt").read_text() == "текст"


_WRITER = """
import sys, time
from pathlib import Path
from tm.cli.runner import install_signal_handlers
from tm.core.atomic import atomic_output
install_signal_handlers()
with atomic_output(Path(sys.argv[1])) as out:
    out.write(b"x" * 1000)
    out.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def _start_writer(target: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "writing"
    return process


def _parts(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith(".part")]


@pytest.mark.slow
def test_sigterm_removes_the_part_file(tmp_path: Path) -> None:
    writer = _start_writer(tmp_path / "out.tmx")
    assert len(_parts(tmp_path)) == 1
    writer.send_signal(signal.SIGTERM)
    writer.wait(timeout=30)
    assert _parts(tmp_path) == [] and not (tmp_path / "out.tmx").exists()


@pytest.mark.slow
def test_sigkill_leftovers_go_with_the_next_run_but_a_live_writers_file_stays(tmp_path: Path) -> None:
    dead = _start_writer(tmp_path / "out.tmx")
    dead.kill()
    dead.wait(timeout=30)
    [leftover] = _parts(tmp_path)
    live = _start_writer(tmp_path / "out.tmx")
    try:
        # the live writer's start removed the dead one's leftover, and its own file is safe
        parts = _parts(tmp_path)
        assert leftover not in parts and len(parts) == 1
        assert remove_stale_parts(tmp_path / "out.tmx") == 0 and _parts(tmp_path) == parts
    finally:
        live.kill()
        live.wait(timeout=30)
    time.sleep(0.1)
    assert remove_stale_parts(tmp_path / "out.tmx") == 1 and _parts(tmp_path) == []


@pytest.mark.slow
def test_the_cli_turns_sigterm_into_exit_143() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tm.cli", "segment", "-"], stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(3)  # let it start and block reading standard input
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143 and err.strip() == "tm: terminated"


# --- issue 14: one check for all outputs, our own temporary files, every error exit 5 ---


def test_check_outputs_refuses_inputs_by_path_link_and_new_path_and_shared_outputs(tmp_path: Path) -> None:
    from tm.core.atomic import check_outputs

    (tmp_path / "terms.tsv").write_text("ru\ten\n")
    os.link(tmp_path / "terms.tsv", tmp_path / "hard.tsv")
    (tmp_path / "soft.tsv").symlink_to("terms.tsv")
    (tmp_path / "sub").mkdir()
    (tmp_path / "via").symlink_to("sub")
    for alias in ("terms.tsv", "hard.tsv", "soft.tsv"):
        with pytest.raises(OutputError, match=rf"^--report .*{alias}: is also an input \(.*terms.tsv\)"):
            check_outputs({"-o": tmp_path / "o.tmx", "--report": tmp_path / alias}, [tmp_path / "terms.tsv"])
    # two outputs that are one new file, by name or through a linked folder
    with pytest.raises(OutputError, match=r"--report .*new.tmx: the same file as -o .*new.tmx"):
        check_outputs({"-o": tmp_path / "sub" / "new.tmx", "--report": tmp_path / "via" / "new.tmx"})
    assert check_outputs({"-o": tmp_path / "o.tmx", "--report": None}, [tmp_path / "terms.tsv", None, "-"]) == {
        "-o": tmp_path / "o.tmx"
    }
    assert (tmp_path / "terms.tsv").read_text() == "ru\ten\n" and sorted(os.listdir(tmp_path / "sub")) == []


def test_require_suffix_names_the_misread_long_option(tmp_path: Path) -> None:
    from tm.core.atomic import require_suffix
    from tm.core.errors import UsageError

    require_suffix(Path("out.TMX"), [".tmx"])
    (tmp_path / "real.tmx").write_text("")
    (tmp_path / "current").symlink_to("real.tmx")
    require_suffix(tmp_path / "current", [".tmx"])  # a link to a .tmx is one
    with pytest.raises(UsageError, match=r"-o utput: not a \.tmx file name .*write --output FILE"):
        require_suffix(Path("utput"), [".tmx"])
    with pytest.raises(UsageError, match=r"^--report r.csv: not a \.tsv file name \(the output is written as \.tsv\)$"):
        require_suffix(Path("r.csv"), [".tsv"], "--report", None)


def test_the_temporary_name_is_cut_by_bytes_and_marked(tmp_path: Path) -> None:
    from tm.core.atomic import part_name

    for name in ("я" * 120 + ".tmx", "я" * 125 + ".tmx", "a" * 251 + ".tmx", "ё" + "a" * 250):
        tmp = part_name(tmp_path / name)
        assert len(os.fsencode(tmp)) <= 255 and ".diplotm-" in tmp and tmp.endswith(".part")
        tmp.encode("utf-8")  # never half a character
        write_bytes(tmp_path / name, b"x")
        assert (tmp_path / name).read_bytes() == b"x"
    assert not _parts(tmp_path)


def test_the_cleaner_removes_only_our_own_dead_files(tmp_path: Path) -> None:
    target = tmp_path / "out.tmx"
    mine = [
        ".out.tmx.1234.deadbeef.part",
        ".out.tmx.part",
        ".out.tmx.diplotm-12-nothex00.part",
        ".out.tmx.diplotm-1-abcdef01.part.bak",
    ]
    for name in mine:
        (tmp_path / name).write_bytes(b"the user's own")
    os.mkfifo(tmp_path / ".out.tmx.diplotm-7-0badf00d.part")  # neither opened for long nor removed
    (tmp_path / ".out.tmx.diplotm-8-0badf00e.part").symlink_to("out.tmx")
    (tmp_path / ".out.tmx.diplotm-9-abcdef01.part").write_bytes(b"a dead writer's")
    assert remove_stale_parts(target) == 1
    assert sorted(os.listdir(tmp_path)) == sorted([*mine, ".out.tmx.diplotm-7-0badf00d.part", ".out.tmx.diplotm-8-0badf00e.part"])
    assert all((tmp_path / name).read_bytes() == b"the user's own" for name in mine)


@pytest.mark.slow
def test_a_user_part_file_survives_a_build(tmp_path: Path, tiny_model: Path) -> None:
    """As the user runs it: a file of their own whose name looks like an old temporary name."""
    from tests.support import SEEDS, sandbox_env

    env = sandbox_env(tmp_path / "home")
    assert (
        subprocess.run(
            [sys.executable, "-m", "tm.cli", "model", "install", "--file", str(tiny_model)], env=env, capture_output=True
        ).returncode
        == 0
    )
    own = tmp_path / ".memory.tmx.4242.0123abcd.part"
    own.write_bytes(b"notes")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "tm.cli",
            "build",
            str(SEEDS / "003_talks-narrow-format.txt"),
            "-o",
            str(tmp_path / "memory.tmx"),
            "--no-cache",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert own.read_bytes() == b"notes"


def test_every_write_error_is_exit_5_and_leaves_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    (tmp_path / "m.tmx").write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"m.tmx: cannot write \(No space left on device\)"):
        write_bytes(tmp_path / "m.tmx", b"new" * 10_000)
    monkeypatch.undo()

    class FullDisk:  # what a BufferedWriter does on a full disk: write fails, and so does the flush in close
        def __init__(self, real):  # type: ignore[no-untyped-def]
            self.real = real

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.real.close()
            raise OSError(errno.ENOSPC, "No space left on device")

        def fileno(self) -> int:
            return self.real.fileno()

    import tm.core.atomic

    real_create = tm.core.atomic._create_locked
    monkeypatch.setattr(tm.core.atomic, "_create_locked", lambda t, s: (lambda h, p: (FullDisk(h), p))(*real_create(t, s)))
    with pytest.raises(OutputError, match=r"m.tmx: cannot write \(No space left on device\)"):
        write_bytes(tmp_path / "m.tmx", b"new")
    assert (tmp_path / "m.tmx").read_bytes() == b"old" and not _parts(tmp_path)


def test_every_error_of_looking_at_an_output_is_exit_5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder without search permission (root passes any permission, so it is simulated),
    a name over 255 bytes, a path through a file."""
    from tm.core.atomic import check_output

    with pytest.raises(OutputError, match="file name too long"):
        check_output(tmp_path / ("я" * 130 + ".tmx"))
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a parent of this path is not a folder"):
        check_output(tmp_path / "file" / "o.tmx")
    real_lstat = os.lstat

    def no_search(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", no_search)
    with pytest.raises(OutputError, match=r"locked/o.tmx: cannot write here \(Permission denied\)"):
        write_bytes(tmp_path / "locked" / "o.tmx", b"x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may search any folder")
def test_a_folder_without_search_permission(tmp_path: Path) -> None:
    from tm.core.atomic import check_output

    (tmp_path / "locked").mkdir(mode=0o600)
    with pytest.raises(OutputError, match="Permission denied"):
        check_output(tmp_path / "locked" / "o.tmx")
