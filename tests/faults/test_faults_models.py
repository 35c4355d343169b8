"""The fault table of argos model packages (issue 14, items 1-4, 13, 17, 19): hostile index
entries, zips and package folders, interrupted installs, unbounded downloads, read-only or
empty package folders. One row each, run as a real `tm` subprocess.

Each row asserts what the rows of test_faults.py assert: the exit code; one
`tm: error: …` line naming the culprit (for rows that exit 0, one `tm: warning: …` line or
none); no traceback. And for packages: nothing outside the packages folder is created,
changed or removed (the whole row's folder is compared before and after, inputs included);
a refused install leaves the packages folder exactly as it was (no half package, no temp
folder); a successful one leaves no temporary folder behind.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import sandbox_env
from tests.support.hostile_packages import (
    TINY_ROOT,
    copy_package,
    entries_of,
    metadata_of,
    truncated,
    variant,
    write_zip,
    wrong_spec,
)

TM = [sys.executable, "-m", "tm.cli"]
STALE = ".tm-install-999999-dead"


@dataclass
class Ctx:
    """One row's world: its workspace, sandbox home, packages folder and index server."""

    w: Path
    home: Path
    packages: Path
    server: str  # the index server's root URL
    base: str  # this row's index (ARGOS_PACKAGE_INDEX)
    index_dir: Path  # served as `base`
    tiny: Path  # the tiny model, in the workspace
    files: dict[str, bytes]  # its entries below the top folder
    template: Path  # the tiny model installed (stamped), to copy from

    def index(self, *entries: object, raw: bytes | None = None) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        (self.index_dir / "index.json").write_bytes(raw if raw is not None else json.dumps(list(entries)).encode())

    def entry(self, **changes: object) -> dict[str, object]:
        entry: dict[str, object] = {
            "package_version": "1.9",
            "argos_version": "1.9.0",
            "from_code": "ru",
            "from_name": "Russian",
            "to_code": "en",
            "to_name": "English",
            "code": "translate-ru_en",
            "type": "translate",
            "links": [self.server + "tiny.argosmodel"],
        }
        entry.update(changes)
        return entry

    def installed(self, name: str = TINY_ROOT, **kwargs: object) -> Path:
        self.packages.mkdir(parents=True, exist_ok=True)
        return copy_package(self.template, self.packages / name, **kwargs)  # type: ignore[arg-type]


def _never(c: Ctx) -> dict[str, str]:
    return {}


@dataclass
class ModelFault:
    name: str
    args: Callable[[Ctx], list[str]]
    code: int
    message: str  # must occur in the one error (or warning) line
    setup: Callable[[Ctx], object] = field(default=lambda c: None)
    env: Callable[[Ctx], dict[str, str]] = field(default=_never)
    after: Callable[[Ctx, subprocess.CompletedProcess[str]], bool] = field(default=lambda c, r: True)
    prefix: list[str] = field(default_factory=list)
    in_workspace: bool = False  # run with the workspace as the current folder
    temps_stay: bool = False  # a temporary folder placed by setup may stay (listing removes nothing)


def install(c: Ctx) -> list[str]:
    return ["model", "install", "--file", str(c.w / "x.argosmodel")]


def zip_of(**kwargs: object) -> Callable[[Ctx], object]:
    return lambda c: variant(c.w / "x.argosmodel", c.files, **kwargs)  # type: ignore[arg-type]


def listed(r: subprocess.CompletedProcess[str]) -> list[str]:
    return [line[2:].split()[0] for line in r.stdout.splitlines() if line[:2] in ("* ", "  ")]


def used_folder(c: Ctx, r: subprocess.CompletedProcess[str]) -> str | None:
    star = [line for line in r.stdout.splitlines() if line.startswith("*")]
    return Path(star[0].split()[-1]).name if star else None


def no_packages(c: Ctx) -> bool:
    return not c.packages.exists() or not [p for p in c.packages.iterdir() if not p.name.startswith(".")]


def tiny_intact(c: Ctx) -> bool:
    return (c.packages / TINY_ROOT / "model" / "model.bin").read_bytes() == c.files["model/model.bin"]


def _garbage_model(c: Ctx) -> dict[str, bytes]:
    return {"model/model.bin": b"\x00garbage" * 1000}


def _readonly_packages(c: Ctx) -> dict[str, str]:
    if os.geteuid() != 0:
        folder = c.w / "read-only-packages"
        folder.mkdir(exist_ok=True)
        folder.chmod(0o555)
        return {"ARGOS_PACKAGES_DIR": str(folder)}
    # root writes through mode bits: an existing folder of a file system that refuses mkdir
    empty = next(
        (p for p in ("/sys/kernel/software_nodes", "/sys/kernel/iommu_groups") if os.path.isdir(p) and not os.listdir(p)), None
    )
    if empty is None:
        pytest.skip("no read-only folder to try as root")
    return {"ARGOS_PACKAGES_DIR": empty}


SLOW = {"TM_DOWNLOAD_DEADLINE": "2"}

FAULTS = [
    # 1. names from an index, a zip or metadata become paths only after validation
    ModelFault(
        "index code is an absolute path",
        lambda c: ["model", "install"],
        6,
        "code",
        setup=lambda c: (
            (c.w / "victim-1.argosmodel").write_bytes(b"precious"),
            c.index(c.entry(code=str(c.w / "victim"), package_version="1")),
        ),
        after=lambda c, r: "is not a plain name" in r.stderr and no_packages(c),
    ),
    ModelFault(
        "index code climbs with ../",
        lambda c: ["model", "install"],
        6,
        "code '../../victim' is not a plain name",
        setup=lambda c: c.index(c.entry(code="../../victim")),
        after=lambda c, r: no_packages(c),
    ),
    ModelFault(
        "index version climbs with ../",
        lambda c: ["model", "install"],
        6,
        "package_version '1/../../../x'",
        setup=lambda c: c.index(c.entry(package_version="1/../../../x")),
        after=lambda c, r: no_packages(c),
    ),
    ModelFault(
        "zip entry with an absolute name",
        install,
        6,
        "is an absolute path",
        setup=lambda c: variant(c.w / "x.argosmodel", c.files, extra=[(str(c.w / "evil"), b"x")]),
        after=lambda c, r: not (c.w / "evil").exists() and no_packages(c),
    ),
    ModelFault(
        "zip entry climbs with ../",
        install,
        6,
        "not a plain relative path",
        setup=zip_of(extra=[(f"{TINY_ROOT}/../../evil", b"x")]),
        after=lambda c, r: no_packages(c),
    ),
    ModelFault("zip top folder named ..", install, 6, "not a plain relative path", setup=zip_of(root="..")),
    ModelFault("zip top folder named .", install, 6, "not a plain relative path", setup=zip_of(root=".")),
    ModelFault(
        "zip entry with a backslash", install, 6, "is an absolute path", setup=zip_of(extra=[(f"{TINY_ROOT}/..\\..\\evil", b"x")])
    ),
    ModelFault(
        "metadata code climbs with ../",
        install,
        6,
        "metadata.json: code '../x' is not a plain name",
        setup=lambda c: variant(c.w / "x.argosmodel", c.files, metadata=metadata_of(c.files, code="../x")),
    ),
    # 2. one package never overwrites another
    ModelFault(
        "extra top folder would overwrite another package",
        install,
        6,
        "more than one top folder",
        setup=lambda c: (
            c.installed("translate-ru_en-other-1_0"),
            variant(c.w / "x.argosmodel", c.files, extra=[("translate-ru_en-other-1_0/model/model.bin", b"overwritten")]),
        ),
        after=lambda c, r: (c.packages / "translate-ru_en-other-1_0/model/model.bin").read_bytes() == c.files["model/model.bin"],
    ),
    ModelFault(
        "a file at the top of the zip", install, 6, "more than one top folder ('README'", setup=zip_of(extra=[("README", b"x")])
    ),
    ModelFault(
        "an entry that is a symbolic link",
        install,
        6,
        "is not a plain file",
        setup=lambda c: _symlink_zip(c.w / "x.argosmodel", c.files),
    ),
    ModelFault(
        "install repairs a broken copy of the same package",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        setup=lambda c: c.installed(replace=_garbage_model(c)),
        after=lambda c, r: tiny_intact(c) and r.stdout.startswith("installed "),
    ),
    ModelFault(
        "--model repairs a broken copy and translates",
        lambda c: ["translate", "--model", str(c.tiny), "Договор подписан."],
        0,
        "",
        setup=lambda c: c.installed(replace=_garbage_model(c)),
        after=lambda c, r: tiny_intact(c) and bool(r.stdout.strip()),
    ),
    ModelFault(
        "install of an intact package keeps it",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        setup=lambda c: c.installed(),
        after=lambda c, r: "already installed" in r.stdout,
    ),
    # 3. a folder that is not a package is reported once and passed over
    ModelFault(
        "stray folder without metadata.json",
        lambda c: ["model", "list"],
        0,
        "stray: not a package (no metadata.json)",
        setup=lambda c: (c.installed(), (c.packages / "stray" / "model").mkdir(parents=True)),
        after=lambda c, r: listed(r) == ["translate-ru_en-synthetic-tiny"],
    ),
    ModelFault(
        "metadata.json is not JSON",
        lambda c: ["model", "list"],
        0,
        "broken: metadata.json is not valid UTF-8 JSON",
        setup=lambda c: (c.installed(), c.installed("broken", replace={"metadata.json": b"{not json"})),
    ),
    ModelFault(
        "metadata.json is a list",
        lambda c: ["translate", "Договор подписан."],
        0,
        "listy: metadata.json is not a JSON object but a list",
        setup=lambda c: (c.installed(), c.installed("listy", replace={"metadata.json": b"[1,2,3]"})),
    ),
    ModelFault(
        "metadata.json has a numeric version",
        lambda c: ["model", "list", "--json"],
        0,
        "numeric: metadata.json: package_version is a number 1.9, not a string",
        setup=lambda c: (c.installed(), c.installed("numeric", metadata=metadata_of(c.files, package_version=1.9))),
        after=lambda c, r: [p["code"] for p in json.loads(r.stdout)] == ["translate-ru_en-synthetic-tiny"],
    ),
    ModelFault(
        "metadata.json with links as a string",
        lambda c: ["model", "list"],
        0,
        "links is a string, not a list",
        setup=lambda c: (c.installed(), c.installed("stringy", metadata=metadata_of(c.files, links="http://x"))),
    ),
    ModelFault(
        "metadata.json is a FIFO",
        lambda c: ["model", "list"],
        0,
        "fifo: metadata.json is not a regular file",
        setup=lambda c: (
            c.installed(),
            c.installed("fifo", drop=["metadata.json"]),
            os.mkfifo(c.packages / "fifo" / "metadata.json"),
        ),
    ),
    ModelFault(
        "only a broken folder: no model",
        lambda c: ["translate", "Договор подписан."],
        6,
        "no argos ru→en model",
        setup=lambda c: c.installed(drop=["model"]),
    ),
    # 4. interrupted installs: atomic, marked temporary folders, a re-install repairs
    ModelFault(
        "a killed install's temp folder is not listed",
        lambda c: ["model", "list"],
        0,
        "",
        setup=lambda c: (c.installed(), c.installed(STALE)),
        temps_stay=True,
        after=lambda c, r: listed(r) == ["translate-ru_en-synthetic-tiny"],
    ),
    ModelFault(
        "the next install removes a killed install's temp folder",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        setup=lambda c: (c.installed(STALE), (c.packages / STALE / ".tm-temp").write_text("x")),
        after=lambda c, r: not (c.packages / STALE).exists() and tiny_intact(c),
    ),
    ModelFault(
        "a user's folder named like ours is left alone",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        setup=lambda c: c.installed(".tm-install-mine"),
        temps_stay=True,
        after=lambda c, r: (c.packages / ".tm-install-mine" / "metadata.json").is_file(),
    ),
    ModelFault(
        "a half package is listed as broken",
        lambda c: ["model", "list"],
        0,
        "has no CTranslate2 model",
        setup=lambda c: c.installed(drop=["model", "sentencepiece.model"]),
    ),
    ModelFault(
        "a re-install repairs a half package",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        setup=lambda c: c.installed(drop=["model", "sentencepiece.model"]),
        after=lambda c, r: tiny_intact(c) and r.stdout.startswith("installed "),
    ),
    ModelFault(
        "disk full during the install",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        5,
        "cannot install the package there",
        prefix=["prlimit", "--fsize=400000"],
    ),
    # 13. bounded reads and downloads
    ModelFault(
        "metadata.json over 1 MiB",
        install,
        6,
        "metadata.json is over 1 MiB",
        setup=zip_of(metadata=b'{"from_code": "ru", "to_code": "en", "x": "' + os.urandom(1 << 20).hex().encode() + b'"}'),
    ),
    ModelFault(
        "deeply nested metadata.json", install, 6, "metadata.json is not valid UTF-8 JSON", setup=zip_of(metadata=b"[" * 200_000)
    ),
    ModelFault("zip bomb entry", install, 6, "(a zip bomb?)", setup=zip_of(extra=[(f"{TINY_ROOT}/zeros.bin", bytes(30 << 20))])),
    ModelFault(
        "index.json over 16 MiB",
        lambda c: ["model", "install"],
        6,
        "over the 16 MiB limit",
        setup=lambda c: c.index(raw=b"[" + b" " * (17 << 20) + b"]"),
    ),
    ModelFault(
        "index.json is not a list",
        lambda c: ["model", "install"],
        6,
        "is not a list of packages",
        setup=lambda c: c.index(raw=b'{"code": "translate-ru_en"}'),
    ),
    ModelFault(
        "index.json is a FIFO",
        lambda c: ["model", "install"],
        6,
        "is not a regular file",
        setup=lambda c: (c.w / "fifo-index").mkdir() or os.mkfifo(c.w / "fifo-index" / "index.json"),
        env=lambda c: {"ARGOS_PACKAGE_INDEX": (c.w / "fifo-index").as_uri() + "/"},
    ),
    ModelFault(
        "a server sending one byte at a time past the deadline",
        lambda c: ["model", "install"],
        6,
        "took longer than 2 s",
        setup=lambda c: c.index(c.entry(links=[c.server + "slow.argosmodel"])),
        env=lambda c: SLOW,
    ),
    ModelFault(
        "Content-Length over the size cap",
        lambda c: ["model", "install"],
        6,
        "over the 4 GiB limit",
        setup=lambda c: c.index(c.entry(links=[c.server + "huge.argosmodel"])),
    ),
    ModelFault(
        "a file:// link in a remote index",
        lambda c: ["model", "install"],
        6,
        "link 'file:///etc/passwd' is not an http or https URL",
        setup=lambda c: c.index(c.entry(links=["file:///etc/passwd"])),
    ),
    ModelFault(
        "a local index may link local files",
        lambda c: ["model", "install"],
        0,
        "",
        setup=lambda c: c.index(c.entry(links=[c.tiny.as_uri()])),
        env=lambda c: {"ARGOS_PACKAGE_INDEX": c.index_dir.as_uri() + "/"},
        after=lambda c, r: tiny_intact(c),
    ),
    ModelFault(
        "TM_DOWNLOAD_DEADLINE is not a number",
        lambda c: ["model", "install"],
        2,
        "TM_DOWNLOAD_DEADLINE='soon'",
        setup=lambda c: c.index(c.entry()),
        env=lambda c: {"TM_DOWNLOAD_DEADLINE": "soon"},
    ),
    # 17. malformed metadata or index entries: 6, never 70
    ModelFault(
        "metadata.json is [1,2,3]", install, 6, "metadata.json is not a JSON object but a list", setup=zip_of(metadata=[1, 2, 3])
    ),
    ModelFault(
        "numeric package_version in the zip",
        install,
        6,
        "package_version is a number 1.9",
        setup=lambda c: variant(c.w / "x.argosmodel", c.files, metadata=metadata_of(c.files, package_version=1.9)),
    ),
    ModelFault(
        "a package for en→de",
        install,
        6,
        "package translates en→de, not ru→en",
        setup=lambda c: variant(c.w / "x.argosmodel", c.files, metadata=metadata_of(c.files, from_code="en", to_code="de")),
    ),
    ModelFault(
        "index links as a string",
        lambda c: ["model", "install"],
        6,
        "links is 'http://127.0.0.1",
        setup=lambda c: c.index(c.entry(links=c.server + "tiny.argosmodel")),
    ),
    ModelFault(
        "index entry with a numeric version",
        lambda c: ["model", "install"],
        6,
        "package_version 1.9 is not a string",
        setup=lambda c: c.index(c.entry(package_version=1.9)),
    ),
    ModelFault(
        "Content-Length: abc",
        lambda c: ["model", "install"],
        6,
        "malformed Content-Length 'abc'",
        setup=lambda c: c.index(c.entry(links=[c.server + "badlength.argosmodel"])),
    ),
    ModelFault(
        "a package the index points at is broken",
        lambda c: ["model", "install"],
        6,
        "/broken.argosmodel: model/model.bin",
        setup=lambda c: c.index(c.entry(links=[c.server + "broken.argosmodel"])),
    ),
    ModelFault(
        "garbage model.bin",
        install,
        6,
        "model/model.bin is not a CTranslate2 model",
        setup=lambda c: variant(c.w / "x.argosmodel", c.files, replace=_garbage_model(c)),
    ),
    ModelFault(
        "truncated model.bin",
        install,
        6,
        "model/model.bin is truncated",
        setup=lambda c: variant(
            c.w / "x.argosmodel", c.files, replace={"model/model.bin": truncated(c.files["model/model.bin"])}
        ),
    ),
    ModelFault(
        "model.bin CTranslate2 cannot load",
        install,
        6,
        "model/model.bin cannot be loaded by CTranslate2",
        setup=lambda c: variant(
            c.w / "x.argosmodel", c.files, replace={"model/model.bin": wrong_spec(c.files["model/model.bin"])}
        ),
    ),
    ModelFault("no sentencepiece.model", install, 6, "has no tokenizer", setup=zip_of(drop=["sentencepiece.model"])),
    ModelFault(
        "garbage sentencepiece.model",
        install,
        6,
        "sentencepiece.model cannot be loaded",
        setup=zip_of(replace={"sentencepiece.model": b"garbage" * 100}),
    ),
    ModelFault(
        "a newer version with broken weights does not win",
        lambda c: ["translate", "Договор подписан."],
        0,
        "translate-ru_en-synthetic-tiny-9_0: model/model.bin is truncated",
        setup=lambda c: (
            c.installed(),
            c.installed(
                "translate-ru_en-synthetic-tiny-9_0",
                metadata=metadata_of(c.files, package_version="9.0"),
                replace={"model/model.bin": truncated(c.files["model/model.bin"])},
            ),
        ),
    ),
    ModelFault(
        "a newer version changed since its install does not win",
        lambda c: ["model", "list"],
        0,
        "translate-ru_en-synthetic-tiny-9_0: model/model.bin is not a CTranslate2 model",
        setup=lambda c: (
            c.installed(),
            c.installed(
                "translate-ru_en-synthetic-tiny-9_0",
                metadata=metadata_of(c.files, package_version="9.0"),
                replace=_garbage_model(c),
            ),
        ),
        after=lambda c, r: used_folder(c, r) == TINY_ROOT,
    ),
    # 19. read-only or empty package locations
    ModelFault(
        "XDG_DATA_HOME cannot be written: install",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        5,
        "cannot create the packages folder",
        env=lambda c: {"XDG_DATA_HOME": "/sys/diplotm-read-only"},
    ),
    ModelFault(
        "XDG_DATA_HOME cannot be written: translate",
        lambda c: ["translate", "Договор подписан."],
        6,
        "no argos ru→en model",
        env=lambda c: {"XDG_DATA_HOME": "/sys/diplotm-read-only"},
    ),
    ModelFault(
        "XDG_DATA_HOME cannot be written: list",
        lambda c: ["model", "list"],
        0,
        "",
        env=lambda c: {"XDG_DATA_HOME": "/sys/diplotm-read-only"},
        after=lambda c, r: "no argos packages installed" in r.stdout,
    ),
    ModelFault(
        "a read-only packages folder: install",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        5,
        "cannot install packages here",
        env=_readonly_packages,
    ),
    ModelFault(
        "ARGOS_PACKAGES_DIR='' does not list the current folder",
        lambda c: ["model", "list"],
        0,
        "",
        setup=lambda c: (c.w / "not-a-package").mkdir(),
        env=lambda c: {"ARGOS_PACKAGES_DIR": ""},
        in_workspace=True,
        after=lambda c, r: "no argos packages installed" in r.stdout,
    ),
    ModelFault(
        "ARGOS_PACKAGES_DIR='' installs into the default folder",
        lambda c: ["model", "install", "--file", str(c.tiny)],
        0,
        "",
        env=lambda c: {"ARGOS_PACKAGES_DIR": ""},
        in_workspace=True,
        after=lambda c, r: tiny_intact(c),
    ),
    ModelFault(
        "ARGOS_BEAM_SIZE is not a number",
        lambda c: ["translate", "Договор подписан."],
        6,
        "argostranslate cannot read its settings",
        setup=lambda c: c.installed(),
        env=lambda c: {"ARGOS_BEAM_SIZE": "abc"},
    ),
    ModelFault(
        "model.bin damaged in place, same size and time",
        lambda c: ["translate", "Договор подписан."],
        6,
        "CTranslate2 cannot load this model on cpu",
        setup=lambda c: _damage_in_place(c.installed() / "model" / "model.bin"),
    ),
]


def _damage_in_place(model_bin: Path) -> None:
    """Change model.bin so that its stamp still matches (size and mtime): only loading it tells."""
    info = model_bin.stat()
    model_bin.write_bytes(wrong_spec(model_bin.read_bytes()))
    os.utime(model_bin, ns=(info.st_atime_ns, info.st_mtime_ns))


def _symlink_zip(path: Path, files: dict[str, bytes]) -> None:
    variant(path, files)
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo(f"{TINY_ROOT}/link")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_model_fault(fault: ModelFault, tmp_path: Path, world: dict[str, object]) -> None:
    c = _context(tmp_path, world)
    env = sandbox_env(c.home) | {"ARGOS_PACKAGE_INDEX": c.base} | fault.env(c)
    c.packages = _packages_dir(env, c.w if fault.in_workspace else Path.cwd())
    fault.setup(c)
    result = check_model_fault(fault, c, env)
    assert fault.after(c, result), result.stdout + result.stderr


def check_model_fault(fault: ModelFault, c: Ctx, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one row and assert what every row promises (see the module's docstring)."""
    outside = _snapshot(c.w.parent, skip=c.packages)
    packages_before = _snapshot(c.packages)
    result = subprocess.run(
        fault.prefix + TM + fault.args(c),
        env=env,
        cwd=c.w if fault.in_workspace else None,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == fault.code, result.stderr
    kind = "warning" if fault.code == 0 else "error"
    lines = [line for line in result.stderr.splitlines() if f": {kind}: " in line]
    if fault.code == 0 and not fault.message:
        assert not [line for line in result.stderr.splitlines() if ": warning: " in line or ": error: " in line], result.stderr
    else:
        assert len(lines) == 1 and lines[0].startswith(f"tm: {kind}: "), result.stderr
        assert fault.message in lines[0], lines[0]
    # Inputs untouched, nothing written outside the packages folder (an install may create it
    # and its parents; a refused one removes them again).
    made = {str(p) for p in c.packages.parents} if fault.code == 0 else set()
    after = _snapshot(c.w.parent, skip=c.packages)
    assert {k: v for k, v in after.items() if k not in made} == {k: v for k, v in outside.items() if k not in made}
    if fault.code != 0:
        assert _snapshot(c.packages) == packages_before  # a refused install changes nothing
    elif not fault.temps_stay:
        assert not [p for p in _listdir(c.packages) if p.startswith((".tm-install-", ".tm-download-"))]
    assert not list(c.w.parent.rglob("*.part"))
    return result


def _packages_dir(env: dict[str, str], cwd: Path) -> Path:
    if env.get("ARGOS_PACKAGES_DIR"):
        return cwd / env["ARGOS_PACKAGES_DIR"]
    return Path(env["XDG_DATA_HOME"]) / "argos-translate" / "packages"


def _listdir(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple[object, ...]]:
    """Every path below `root` (not following links) with its kind and content hash."""
    found: dict[str, tuple[object, ...]] = {}
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if skip is not None and (here == skip or skip in here.parents):
            dirs[:] = []
            continue
        for name in dirs + files:
            path = here / name
            if skip is not None and path == skip:
                continue
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path))
            elif path.is_dir():
                found[str(path)] = ("dir",)
            elif path.is_file():
                found[str(path)] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                found[str(path)] = ("special",)
    return found


def _context(tmp_path: Path, world: dict[str, object]) -> Ctx:
    w, home = tmp_path / "w", tmp_path / "home"
    w.mkdir()
    home.mkdir()
    tiny = w / "tiny.argosmodel"
    shutil.copy(world["tiny"], tiny)  # type: ignore[arg-type]
    row = tmp_path.name
    served = Path(world["served"]) / row  # type: ignore[arg-type]
    return Ctx(
        w,
        home,
        Path("/nonexistent"),
        str(world["server"]),
        f"{world['server']}{row}/",
        served,
        tiny,
        world["files"],
        world["template"],
    )  # type: ignore[arg-type]


class IndexHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the index folders, plus three hostile downloads."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        if self.path.endswith("/slow.argosmodel"):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):  # one byte every 0.2 s: 200 s in all, far past a 2 s deadline
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif self.path.endswith("/badlength.argosmodel"):
            self.send_response(200)
            self.send_header("Content-Length", "abc")
            self.end_headers()
            self.wfile.write(b"x" * 100)
        elif self.path.endswith("/huge.argosmodel"):
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
        else:
            super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Iterator[dict[str, object]]:
    """The tiny model, its entries, an installed copy to copy from, and an index server."""
    from tm.mt import models

    files = entries_of(tiny_model)
    template_dir = tmp_path_factory.mktemp("template")
    saved = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(template_dir)
    try:
        template = models.install_file(tiny_model).package_path
    finally:
        if saved is None:
            os.environ.pop("ARGOS_PACKAGES_DIR")
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = saved
    served = tmp_path_factory.mktemp("served")
    shutil.copy(tiny_model, served / "tiny.argosmodel")
    variant(served / "broken.argosmodel", files, replace={"model/model.bin": truncated(files["model/model.bin"])})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(IndexHandler, directory=str(served)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "tiny": tiny_model,
        "files": files,
        "template": template,
        "served": served,
        "server": f"http://127.0.0.1:{server.server_address[1]}/",
    }
    server.shutdown()


# --- signals: a real install killed half-way ---------------------------------------------------


@pytest.fixture(scope="module")
def padded_model(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Path:
    """The tiny model with 40 MB of incompressible padding, so an install takes long enough to kill."""
    files = entries_of(tiny_model) | {"padding.bin": os.urandom(40 << 20)}
    return write_zip(
        tmp_path_factory.mktemp("padded") / "padded.argosmodel",
        [(f"{TINY_ROOT}/{name}", data) for name, data in files.items()],
        zipfile.ZIP_STORED,
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_install_killed_half_way(sig: signal.Signals, tmp_path: Path, padded_model: Path, tiny_model: Path) -> None:
    env = sandbox_env(tmp_path)
    packages = Path(env["XDG_DATA_HOME"]) / "argos-translate" / "packages"
    for _ in range(5):
        proc = subprocess.Popen(
            TM + ["model", "install", "--file", str(padded_model)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if [p for p in _listdir(packages) if p.startswith(".tm-install-")]:
                proc.send_signal(sig)
                break
            time.sleep(0.002)
        _, stderr = proc.communicate(timeout=60)
        if proc.returncode in (-sig, 143):
            break
        shutil.rmtree(packages, ignore_errors=True)  # it finished first: try again
    else:
        pytest.skip("the install always finished before the signal")
    assert "Traceback" not in stderr
    temps = [p for p in _listdir(packages) if p.startswith(".tm-")]
    if sig == signal.SIGTERM:
        assert proc.returncode == 143 and temps == []  # cleaned on the way out
    assert not (packages / TINY_ROOT).exists() or (packages / TINY_ROOT / "padding.bin").stat().st_size == 40 << 20
    listed_now = subprocess.run(TM + ["model", "list", "--json"], env=env, capture_output=True, text=True)
    assert listed_now.returncode == 0 and listed_now.stderr == ""
    assert all(not Path(p["path"]).name.startswith(".") for p in json.loads(listed_now.stdout))
    again = subprocess.run(TM + ["model", "install", "--file", str(tiny_model)], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert [p for p in _listdir(packages) if p.startswith(".tm-")] == []  # the killed one's temp folder is gone
    assert (packages / TINY_ROOT / "model" / "model.bin").read_bytes() == entries_of(tiny_model)["model/model.bin"]
