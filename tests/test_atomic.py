"""tm.atomic: what every output file goes through."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tm.atomic import atomic_output, remove_stale_parts, write_bytes
from tm.errors import OutputError


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
from tm.atomic import atomic_output, install_signal_handlers
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


def test_sigterm_removes_the_part_file(tmp_path: Path) -> None:
    writer = _start_writer(tmp_path / "out.tmx")
    assert len(_parts(tmp_path)) == 1
    writer.send_signal(signal.SIGTERM)
    writer.wait(timeout=30)
    assert _parts(tmp_path) == [] and not (tmp_path / "out.tmx").exists()


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


def test_the_cli_turns_sigterm_into_exit_143() -> None:
    process = subprocess.Popen([sys.executable, "-m", "tm.cli", "segment", "-"], stdin=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # let it start and block reading standard input
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143 and err.strip() == "tm: terminated"
