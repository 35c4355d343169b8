"""Argos ru→en packages: find the installed one, install one from a file, download one.

Packages live in `tm.core.paths.argos_packages_dir()` (`ARGOS_PACKAGES_DIR`, else
`$XDG_DATA_HOME/argos-translate/packages`); the index is `ARGOS_PACKAGE_INDEX`. tm lists,
checks and installs packages itself (`tm.mt.packages`): argostranslate's own listing stops at
the first folder that is not a package, and its installer extracts a whole zip into the
packages folder. argostranslate's `Package` class is still what a usable folder becomes,
and `argostranslate.translate` (stanza, torch) is never imported here.

Downloads are bounded: an overall deadline (`TM_DOWNLOAD_DEADLINE` seconds), a size cap,
http(s) links only from a remote index. A local index (`ARGOS_PACKAGE_INDEX=file:///…/`)
is the user's own and may also link local files.
"""

from __future__ import annotations

import http.client
import importlib
import json
import os
import stat
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from tm.core import notices, paths
from tm.core.errors import ModelError, UsageError
from tm.core.progress import DownloadProgress
from tm.mt import packages as pkg

if TYPE_CHECKING:
    from argostranslate.package import Package

SOURCE_CODE, TARGET_CODE = "ru", "en"
INDEX_PACKAGE_CODE = "translate-ru_en"
NO_MODEL_MESSAGE = (
    "no argos ru→en model is installed: run `tm model install` to download translate-ru_en, or pass --model FILE.argosmodel"
)
MAX_INDEX_BYTES = 16 << 20
MAX_INDEX_ENTRIES = 10_000
MAX_LINKS = 16
MAX_URL = 2048
DEADLINE_ENV = "TM_DOWNLOAD_DEADLINE"
DEFAULT_DEADLINE = 3600.0  # seconds for a whole download; the real package is ~100 MB
SOCKET_TIMEOUT = 30.0  # seconds without a byte
CHUNK = 1 << 16

Warn = Callable[[str], None]


@dataclass(frozen=True)
class ModelInfo:
    """What the user and the TMX need to know about an installed package."""

    code: str
    version: str
    from_code: str
    to_code: str
    path: Path

    @property
    def label(self) -> str:
        """Model name and version, as written in `x-mt-model` and used in cache keys."""
        return f"{self.code} {self.version}"


def describe(package: Package) -> ModelInfo:
    code = package.code or package.package_path.name
    return ModelInfo(code, package.package_version, package.from_code, package.to_code, package.package_path)


def argos_settings() -> ModuleType:
    """`argostranslate.settings`, imported once without its side effects.

    On import it creates four folders (data, config, cache, packages) and fails with a
    PermissionError where it cannot: a read-only `XDG_DATA_HOME` would stop every command.
    tm creates the one folder it writes to, the packages folder, itself when it installs,
    so during that import folder creation is switched off. An empty `ARGOS_PACKAGES_DIR`
    (which it would take as the current folder) is removed first.
    """
    loaded = sys.modules.get("argostranslate.settings")
    if loaded is not None:
        return loaded
    if os.environ.get("ARGOS_PACKAGES_DIR") == "":
        del os.environ["ARGOS_PACKAGES_DIR"]
    makedirs = os.makedirs
    os.makedirs = lambda *args, **kwargs: None
    try:
        module = importlib.import_module("argostranslate.settings")
    except Exception as exc:  # e.g. ARGOS_BEAM_SIZE=abc: int() fails inside argostranslate
        raise ModelError(f"argostranslate cannot read its settings: {exc}") from None
    finally:
        os.makedirs = makedirs
    return module


def installed_packages(warn: Warn = notices.warn_once) -> list[Package]:
    """The usable packages in the packages folder; each folder that is not one is reported
    through `warn` and passed over (it never stops a command)."""
    found, problems = pkg.scan(paths.argos_packages_dir())
    for problem in problems:
        warn(problem)
    result = []
    for folder, _ in found:
        try:
            result.append(_package(folder))
        except pkg.BadPackage as exc:
            warn(f"{folder}: {exc}; passed over")
    return result


def _package(folder: Path) -> Package:
    """argostranslate's Package for a folder `tm.mt.packages` has checked; BadPackage if
    argostranslate cannot read it after all (ModelError if argostranslate cannot start)."""
    argos_settings()
    from argostranslate.package import Package

    try:
        return Package(folder)
    except Exception as exc:  # a file that changed since it was checked
        raise pkg.BadPackage(f"argostranslate cannot read this package ({exc})") from None


def find_installed(packages: list[Package] | None = None) -> Package | None:
    """The installed ru→en package; the real index package wins over others, then the newest.
    Only checked packages are candidates, so a newer broken copy never wins."""
    candidates = [
        p
        for p in (packages if packages is not None else installed_packages())
        if p.from_code == SOURCE_CODE
        and p.to_code == TARGET_CODE
        and p.type == "translate"
        and (p.package_path / "model").is_dir()
    ]
    if not candidates:
        return None

    def rank(p: Package) -> tuple[bool, tuple[int, ...]]:
        numbers = tuple(int(x) for x in p.package_version.split(".") if x.isdigit())
        # The real package's metadata has no "code"; its folder is named translate-ru_en-1_9.
        from_index = p.code == INDEX_PACKAGE_CODE or (not p.code and p.package_path.name.startswith(INDEX_PACKAGE_CODE + "-"))
        return (from_index, numbers)

    return max(candidates, key=rank)


def list_models() -> list[tuple[ModelInfo, bool]]:
    """`tm model list`: each installed package, and whether it is the ru→en one `tm` uses."""
    packages = installed_packages()
    chosen = find_installed(packages)
    return [(describe(p), chosen is not None and p.package_path == chosen.package_path) for p in packages]


def install_model(
    file: Path | None = None,
    notice: Callable[[str], None] | None = None,
    bar: Callable[[str], AbstractContextManager[DownloadProgress]] | None = None,
) -> tuple[ModelInfo, bool]:
    """`tm model install`: install `file`, or download the index's ru→en package; returns it
    and whether it is new (a file already installed and intact is not). `notice` hears the
    index's address before it is read; `bar(description)` shows the download's progress."""
    if file is not None:
        package, new = install(file)
        return describe(package), new
    if notice is not None:
        notice(f"reading the package index {index_url()}")
    chosen = choose_from_index()
    description = f"Downloading {chosen.code} {chosen.package_version}".rstrip()
    with bar(description) if bar is not None else nullcontext(None) as advance:
        return describe(download_and_install(chosen, progress=advance)), True


def install_file(path: Path, label: str | None = None) -> Package:
    """Install a `.argosmodel` file, unless this very package is installed and intact."""
    return install(path, label)[0]


def install(path: Path, label: str | None = None) -> tuple[Package, bool]:
    """Install a `.argosmodel` file; return the package and whether it was installed now
    (False: this very package was installed already, and its copy still checks out).

    The file is checked, extracted into a temporary folder inside the packages folder,
    checked again (CTranslate2 loads the model) and renamed into place (`tm.mt.packages`).
    `label` names the package in errors (a download's URL instead of its temporary file).
    """
    try:
        folder, new = pkg.install_archive(Path(path), paths.argos_packages_dir(), (SOURCE_CODE, TARGET_CODE))
        return _package(folder), new
    except pkg.BadPackage as exc:
        raise ModelError(f"{label or path}: {exc}") from None


# --- the package index ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """A checked ru→en entry of the package index."""

    code: str
    package_version: str
    links: list[str]


def index_url() -> str:
    return paths.argos_package_index().rstrip("/") + "/index.json"


def download_deadline() -> float:
    """Seconds a whole download may take: `TM_DOWNLOAD_DEADLINE`, else an hour."""
    value = os.environ.get(DEADLINE_ENV, "")
    if not value:
        return DEFAULT_DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds < 1e7:
        raise UsageError(f"{DEADLINE_ENV}={value!r}: give the seconds a download may take (a positive number)")
    return seconds


def _scheme(url: str) -> str:
    """A URL's scheme in lower case, or "" when urllib cannot split it (`http://[::1`
    raises ValueError there): such a link is refused like any other bad scheme."""
    try:
        return urllib.parse.urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def fetch_index(deadline: float | None = None) -> list[object]:
    """The package index (ARGOS_PACKAGE_INDEX), at most MAX_INDEX_BYTES, as a list."""
    url = index_url()
    scheme = _scheme(url)
    if scheme not in ("http", "https", "file"):
        raise ModelError(f"ARGOS_PACKAGE_INDEX {paths.argos_package_index()!r}: not an http(s):// or file:// URL")
    chunks: list[bytes] = []
    try:
        for chunk in _fetch(url, MAX_INDEX_BYTES, time.monotonic() + (deadline or min(download_deadline(), 300))):
            chunks.append(chunk)
        index = json.loads(b"".join(chunks).decode("utf-8"))
    except _LinkError as exc:
        raise ModelError(f"cannot read the package index {url}: {exc}") from None
    except (ValueError, RecursionError):
        raise ModelError(f"the package index {url} is not valid UTF-8 JSON") from None
    if not isinstance(index, list):
        raise ModelError(f"the package index {url} is not a list of packages")
    if len(index) > MAX_INDEX_ENTRIES:
        raise ModelError(f"the package index {url} lists {len(index)} packages, more than {MAX_INDEX_ENTRIES}")
    return index


def check_entry(entry: object, number: int, local_index: bool) -> IndexEntry:
    """An index entry whose names and links are safe to use, else ModelError naming it."""
    shown = f"the package index entry #{number}"
    if not isinstance(entry, dict):
        raise ModelError(f"{shown} is not a JSON object")
    code = entry.get("code", f"{entry.get('type', 'translate')}-{entry.get('from_code')}_{entry.get('to_code')}")
    try:
        code = pkg.check_name(code, "code")
        shown = f"{shown} ({code})"
        version = entry.get("package_version")
        version = "" if version is None else pkg.check_name(version, "package_version")
    except pkg.BadPackage as exc:
        raise ModelError(f"{shown}: {exc}") from None
    links = entry.get("links")
    if not isinstance(links, list) or not links or not all(isinstance(link, str) for link in links):
        raise ModelError(f"{shown}: links is {pkg.short(links)}, not a list of URLs")
    if len(links) > MAX_LINKS:
        raise ModelError(f"{shown}: lists {len(links)} links, more than {MAX_LINKS}")
    allowed = ("http", "https", "file") if local_index else ("http", "https")
    for link in links:
        if len(link) > MAX_URL or _scheme(link) not in allowed:
            raise ModelError(
                f"{shown}: link {pkg.short(link)} is not an {' or '.join(allowed)} URL"
                + ("" if local_index else " (a remote index may only link http(s))")
            )
    return IndexEntry(code, version, list(links))


def choose_from_index(deadline: float | None = None) -> IndexEntry:
    """Read the index and pick translate-ru_en (or another ru→en translation package)."""
    index = fetch_index(deadline)
    local = _scheme(index_url()) == "file"
    valid: list[IndexEntry] = []
    first_error: ModelError | None = None
    for number, entry in enumerate(index, 1):
        if not (
            isinstance(entry, dict)
            and entry.get("from_code") == SOURCE_CODE
            and entry.get("to_code") == TARGET_CODE
            and entry.get("type", "translate") == "translate"
        ):
            continue
        try:
            valid.append(check_entry(entry, number, local))
        except ModelError as exc:
            first_error = first_error or exc
    if not valid:
        raise first_error or ModelError(f"the package index {index_url()} has no ru→en package")
    return next((p for p in valid if p.code == INDEX_PACKAGE_CODE), valid[0])


def download_and_install(chosen: IndexEntry, progress: DownloadProgress | None = None, deadline: float | None = None) -> Package:
    """Download a package listed in the index into a temporary folder inside the packages
    folder (so nothing is written anywhere else), then install it."""
    packages_dir = paths.argos_packages_dir()
    seconds = deadline or download_deadline()
    errors = []
    with pkg.packages_folder(packages_dir), pkg.temp_folder(packages_dir, pkg.TEMP_PREFIXES[1]) as temp:
        target = temp / "download.argosmodel"
        for link in chosen.links:
            try:
                _download(link, target, progress, time.monotonic() + seconds, seconds, packages_dir)
                return install_file(target, label=link)
            except _LinkError as exc:
                errors.append(f"{link}: {exc}")
        raise ModelError("download failed: " + "; ".join(errors))


class _LinkError(Exception):
    """One URL could not be read; the message says why."""


def _download(
    url: str, target: Path, progress: DownloadProgress | None, deadline_at: float, seconds: float, packages_dir: Path
) -> None:
    try:
        with open(target, "wb") as out:
            for chunk in _fetch(url, pkg.MAX_PACKAGE_BYTES, deadline_at, seconds, progress):
                out.write(chunk)
            out.flush()
    except OSError as exc:
        raise pkg._write_error(packages_dir, exc) from None


def _fetch(
    url: str, limit: int, deadline_at: float, seconds: float | None = None, progress: DownloadProgress | None = None
) -> Iterator[bytes]:
    """The body of `url` in chunks, at most `limit` bytes, all before `deadline_at`
    (time.monotonic), else _LinkError. file:// URLs are read only when regular files."""
    seconds = seconds or max(0.0, deadline_at - time.monotonic())
    try:
        if _scheme(url) == "file":
            yield from _fetch_file(url, limit, progress)
            return
        timeout = max(0.1, min(SOCKET_TIMEOUT, deadline_at - time.monotonic()))
        with _opener().open(_request(url), timeout=timeout) as response:
            total = _content_length(response.headers.get("Content-Length"), limit)
            done = 0
            while True:
                if time.monotonic() > deadline_at:
                    raise _LinkError(f"took longer than {seconds:g} s ({DEADLINE_ENV}); stopped after {done} bytes")
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                done += len(chunk)
                if done > limit:
                    raise _LinkError(f"is over the {pkg.size_text(limit)} limit")
                if progress:
                    progress(done, total)
                yield chunk
            if total is not None and done != total:
                raise _LinkError(f"ended after {done} of {total} bytes")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        raise _LinkError(_reason(exc)) from None


def _fetch_file(url: str, limit: int, progress: DownloadProgress | None) -> Iterator[bytes]:
    path = urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _LinkError(f"{path} is not a regular file")
    if info.st_size > limit:
        raise _LinkError(f"is over the {pkg.size_text(limit)} limit")
    with open(path, "rb") as handle:
        done = 0
        while chunk := handle.read(CHUNK):
            done += len(chunk)
            if done > limit:
                raise _LinkError(f"is over the {pkg.size_text(limit)} limit")
            if progress:
                progress(done, info.st_size)
            yield chunk


def _content_length(value: str | None, limit: int) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit():
        raise _LinkError(f"the server sent a malformed Content-Length {value!r}")
    total = int(value)
    if total > limit:
        raise _LinkError(f"is {pkg.size_text(total)}, over the {pkg.size_text(limit)} limit")
    return total


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def,unused-ignore]
        if _scheme(newurl) not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http(s) URL {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_HttpOnlyRedirects())


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or exc) or type(exc).__name__


def resolve(model_file: Path | None) -> Package:
    """The package to translate with: --model file, else the installed one, else ModelError."""
    if model_file is not None:
        return install_file(model_file)
    found = find_installed()
    if found is None:
        raise ModelError(NO_MODEL_MESSAGE)
    return found
