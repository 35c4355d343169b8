"""Property tests: hostile package zips, package folders and index entries (issue 14).

Whatever a zip holds (absolute and `..` names, extra top folders, odd or huge metadata,
missing or broken files), installing it either succeeds with a package that checks out or
fails with one of tm's errors; nothing is written outside a fresh packages folder, the
packages folder holds no temporary folder afterwards, an installed package is untouched,
and listing works. Most examples call the library in-process, for speed; a few run
`tm model list` as a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tests.support import sandbox_env
from tests.support.hostile_packages import TINY_ROOT, copy_package, entries_of, truncated, write_zip
from tm.core.errors import TmError
from tm.mt import packages as pkg

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

HOSTILE_NAMES = [
    "..",
    ".",
    "",
    "/",
    "/tmp/evil",
    "../evil",
    "a/../../evil",
    "..\\evil",
    "C:evil",
    "evil\x00x",
    "x" * 300,
    " spaced",
    ".hidden",
    "-dash",
    "é",
    "a//b",
    "translate-ru_en-other-1_0",
    "model",
    "~",
    "$HOME",
    "\n",
]
name = st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["code", "package_version", "type", "links", "target_prefix", "languages", "from_name", "from_codes"]
odd_metadata = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {"from_code": st.just("ru"), "to_code": st.just("en")}, optional={k: st.one_of(json_value, name) for k in FIELDS}
    ),
    st.integers(min_value=0, max_value=3 << 20).map(lambda n: b'{"from_code": "ru", "to_code": "en", "x": "' + b"a" * n + b'"}'),
    st.binary(max_size=200),
    st.integers(min_value=1, max_value=100_000).map(lambda n: b"[" * n),
)


@st.composite
def hostile_zip(draw: st.DrawFn, files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """The tiny package's entries with some hostile changes."""
    # Mostly the real top folder, so that the checks behind the first one are reached too.
    root = draw(st.sampled_from([TINY_ROOT] * 3 + ["translate-ru_en-another-2_0"])) if draw(st.integers(0, 3)) else draw(name)
    content = dict(files)
    if not draw(st.integers(0, 2)):
        value = draw(odd_metadata)
        content["metadata.json"] = value if isinstance(value, bytes) else json.dumps(value).encode()
    for dropped in draw(st.lists(st.sampled_from(sorted(files)), max_size=2)) if draw(st.booleans()) else []:
        content.pop(dropped, None)
    if not draw(st.integers(0, 3)):
        content["model/model.bin"] = draw(
            st.sampled_from(
                [b"", b"\x06\x00\x00\x00", truncated(files["model/model.bin"]), files["model/model.bin"] + b"x", os.urandom(64)]
            )
        )
    entries = [(f"{root}/{path}", data) for path, data in content.items()]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3]))):
        where = draw(st.sampled_from(["root", "top", "raw"]))
        extra = draw(name)
        entries.append(({"root": f"{root}/{extra}", "top": f"{extra}/model/model.bin", "raw": extra}[where], b"evil"))
    return entries


class Files(dict):  # type: ignore[type-arg]
    """The tiny package's files, shown briefly in Hypothesis' reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} files of the tiny package>"


@pytest.fixture(scope="module")
def files(tiny_model: Path) -> dict[str, bytes]:
    return Files(entries_of(tiny_model))


@pytest.fixture(scope="module")
def template(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tm.mt import models

    with packages_dir(tmp_path_factory.mktemp("template")):
        return models.install_file(tiny_model).package_path


@contextmanager
def packages_dir(folder: Path) -> Iterator[Path]:
    """Point tm (in this process) at `folder` as the packages folder."""
    saved = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop("ARGOS_PACKAGES_DIR")
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = saved


def tree(root: Path, skip: Path) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for folder, dirs, names in os.walk(root):
        if Path(folder) == skip or skip in Path(folder).parents:
            dirs[:] = []
            continue
        for entry in dirs + names:
            path = Path(folder) / entry
            found[str(path)] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return found


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check_listing(packages: Path, placed: str = "") -> None:
    """Listing works, shows only folders that check out, and never a temporary folder; none
    is left behind but one the test `placed` itself."""
    from tm.mt import models

    warnings: list[str] = []
    with packages_dir(packages):
        listed = models.installed_packages(warn=warnings.append)
        models.find_installed(listed)
    for package in listed:
        assert not package.package_path.name.startswith(".")
        pkg.check_folder(package.package_path)
    if packages.exists():
        assert not [n for n in os.listdir(packages) if pkg.is_temp_name(n) and n != placed]


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
@SETTINGS
@given(data=st.data())
def test_hostile_zip_installs_cleanly_or_not_at_all(data: st.DataObject, files: dict[str, bytes], template: Path) -> None:
    from tm.mt import models

    entries = data.draw(hostile_zip(files))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        packages = root / "home" / "packages"
        zip_path = write_zip(root / "src" / "x.argosmodel", entries)
        (root / "outside").mkdir()
        (root / "outside" / "victim").write_bytes(b"precious")
        keep = copy_package(template, packages / "translate-ru_en-other-1_0")
        kept = contents(keep)
        before = tree(root, packages)
        with packages_dir(packages):
            try:
                package = models.install_file(zip_path)
                event("installed")
            except TmError as exc:
                package = None
                event("refused: " + str(exc).split(": ", 1)[-1][:80])
        assert tree(root, packages) == before  # nothing outside the packages folder changed
        if package is None or package.package_path.name != keep.name:  # the same name is a reinstall
            assert contents(keep) == kept  # another package is never overwritten
        if package is not None:
            assert package.package_path.parent == packages
            pkg.check_folder(package.package_path)
        check_listing(packages)


@SETTINGS
@given(
    metadata=odd_metadata,
    drop=st.lists(st.sampled_from(["model/model.bin", "sentencepiece.model", "model", ".tm-verified"]), max_size=2),
    folder=st.sampled_from(["translate-ru_en-odd-1_0", "odd", ".tm-install-1-x", "-x", "translate-ru_en-synthetic-tiny-9_0"]),
)
def test_odd_package_folders_never_stop_listing(metadata: object, drop: list[str], folder: str, template: Path) -> None:
    from tm.mt import models

    with tempfile.TemporaryDirectory() as tmp:
        packages = Path(tmp) / "packages"
        copy_package(template, packages / TINY_ROOT)
        odd = copy_package(template, packages / folder, drop=drop)
        (odd / "metadata.json").write_bytes(metadata if isinstance(metadata, bytes) else json.dumps(metadata).encode())
        check_listing(packages, placed=folder)
        with packages_dir(packages):
            chosen = models.find_installed(models.installed_packages(warn=lambda m: None))
        assert chosen is not None  # the good package is still found
        pkg.check_folder(chosen.package_path)


link = st.one_of(
    st.sampled_from(
        [
            "file:///etc/passwd",
            "ftp://x/y",
            "http://127.0.0.1/x.argosmodel",
            "https://h/x",
            "javascript:alert(1)",
            "",
            "http://[::1",
            "data:,x",
            "HTTP://h/x",
            "/etc/passwd",
        ]
    ),
    st.text(max_size=30),
)
index_entry = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {"from_code": st.just("ru"), "to_code": st.just("en")},
        optional={
            "code": st.one_of(name, json_value),
            "package_version": st.one_of(name, json_value),
            "links": st.one_of(st.lists(link, max_size=3), json_value, link),
            "type": st.one_of(st.just("translate"), json_value),
        },
    ),
)


@SETTINGS
@given(entry=index_entry, local=st.booleans())
# urllib cannot split this one (ValueError): it was a traceback before it was refused.
@example(entry={"from_code": "ru", "to_code": "en", "code": "translate-ru_en", "links": ["http://[::1"]}, local=False)
def test_index_entries_become_safe_names_and_links_or_errors(entry: object, local: bool) -> None:
    from urllib.parse import urlsplit

    from tm.mt import models

    try:
        checked = models.check_entry(entry, 1, local_index=local)
    except TmError as exc:
        assert exc.exit_code == 6 and "\n" not in str(exc)
        return
    for value in (checked.code, checked.package_version or "x"):
        assert pkg.NAME.fullmatch(value) and len(value) <= pkg.MAX_NAME
        assert Path(value).name == value and value not in (".", "..")
    assert checked.links and all(
        urlsplit(u).scheme.lower() in (("http", "https", "file") if local else ("http", "https")) for u in checked.links
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zip", "folders"])
def test_tm_model_list_works_after_hostile_installs(kind: str, tmp_path: Path, files: dict[str, bytes], template: Path) -> None:
    """A few subprocess checks: after hostile installs (refused) and odd folders, `tm model
    list` exits 0, shows the good package, warns once per odd folder."""
    env = sandbox_env(tmp_path / "home")
    packages = Path(env["XDG_DATA_HOME"]) / "argos-translate" / "packages"
    copy_package(template, packages / TINY_ROOT)
    hostile = [
        [(f"{TINY_ROOT}/metadata.json", b"[1,2,3]"), (f"../{TINY_ROOT}/x", b"x")],
        [(f"{TINY_ROOT}/{k}", v) for k, v in files.items()] + [("translate-ru_en-other-1_0/model/model.bin", b"x")],
        [(f"../{k}", v) for k, v in files.items()],
        [(f"/{TINY_ROOT}/{k}", v) for k, v in files.items()],
    ]
    if kind == "zip":
        for number, entries in enumerate(hostile):
            zip_path = write_zip(tmp_path / f"h{number}.argosmodel", entries)
            result = subprocess.run(
                [sys.executable, "-m", "tm.cli", "model", "install", "--file", str(zip_path)],
                env=env,
                capture_output=True,
                text=True,
            )
            assert result.returncode == 6 and "Traceback" not in result.stderr, result.stderr
    else:
        for number, metadata in enumerate([b"[1,2,3]", b"{", b'{"package_version": 2}', b"", b'{"from_code": "ru"}']):
            (packages / f"odd{number}").mkdir()
            (packages / f"odd{number}" / "metadata.json").write_bytes(metadata)
        (packages / "empty").mkdir()
    result = subprocess.run([sys.executable, "-m", "tm.cli", "model", "list"], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("* translate-ru_en-synthetic-tiny ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("tm: warning: ")]
    assert len(warnings) == (0 if kind == "zip" else 6) and len(set(warnings)) == len(warnings)
    assert sorted(os.listdir(packages)) == sorted(
        [TINY_ROOT] + ([] if kind == "zip" else [f"odd{n}" for n in range(5)] + ["empty"])
    )
