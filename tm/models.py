"""Argos ru→en packages: find the installed one, install one from a file, download one.

Everything goes through argostranslate's package API (`argostranslate.package`), which is
cheap to import; `argostranslate.translate` pulls in stanza and torch and is avoided here.
Packages live where argostranslate keeps them (`ARGOS_PACKAGES_DIR`, else
`$XDG_DATA_HOME/argos-translate/packages`), and the index is `ARGOS_PACKAGE_INDEX`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tm.atomic import atomic_output, write_bytes
from tm.errors import ModelError

if TYPE_CHECKING:
    from argostranslate.package import AvailablePackage, Package

SOURCE_CODE, TARGET_CODE = "ru", "en"
INDEX_PACKAGE_CODE = "translate-ru_en"
NO_MODEL_MESSAGE = (
    "no argos ru→en model is installed: run `tm model install` to download translate-ru_en, "
    "or pass --model FILE.argosmodel"
)

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


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


def installed_packages() -> list[Package]:
    from argostranslate import package as argos_package

    return argos_package.get_installed_packages()


def find_installed(packages: list[Package] | None = None) -> Package | None:
    """The installed ru→en package; the real index package wins over others, then the newest."""
    candidates = [
        p for p in (packages if packages is not None else installed_packages())
        if p.from_code == SOURCE_CODE and p.to_code == TARGET_CODE and (p.package_path / "model").is_dir()
    ]
    if not candidates:
        return None

    def rank(p: Package) -> tuple[bool, tuple[int, ...]]:
        numbers = tuple(int(x) for x in p.package_version.split(".") if x.isdigit())
        # The real package's metadata has no "code"; its folder is named translate-ru_en-1_9.
        from_index = p.code == INDEX_PACKAGE_CODE or (not p.code and p.package_path.name.startswith(INDEX_PACKAGE_CODE + "-"))
        return (from_index, numbers)

    return max(candidates, key=rank)


def read_package_metadata(path: Path) -> dict[str, object]:
    """Check that a file is a ru→en `.argosmodel` and return its metadata, else ModelError."""
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an .argosmodel package (not a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        meta_names = [n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")]
        if len(meta_names) != 1:
            raise ModelError(f"{path}: not an .argosmodel package (no metadata.json in a top folder)")
        root = meta_names[0].split("/")[0]
        try:
            metadata = json.loads(archive.read(meta_names[0]).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ModelError(f"{path}: metadata.json is not valid JSON") from None
        if not any(n.startswith(f"{root}/model/") for n in names):
            raise ModelError(f"{path}: package has no CTranslate2 model/ folder")
    if (metadata.get("from_code"), metadata.get("to_code")) != (SOURCE_CODE, TARGET_CODE):
        raise ModelError(
            f"{path}: package translates {metadata.get('from_code')}→{metadata.get('to_code')}, not ru→en"
        )
    metadata["_root"] = root
    return metadata


def install_file(path: Path) -> Package:
    """Install a `.argosmodel` file, unless the same package (code and version) is installed."""
    from argostranslate import package as argos_package

    metadata = read_package_metadata(path)
    for installed in installed_packages():
        if installed.package_path.name == metadata["_root"] and installed.package_version == metadata.get(
            "package_version", ""
        ):
            return installed
    try:
        argos_package.install_from_path(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{path}: cannot install ({exc})") from None
    for installed in installed_packages():
        if installed.package_path.name == metadata["_root"]:
            return installed
    raise ModelError(f"{path}: installed, but argostranslate does not list it")


def index_url() -> str:
    from argostranslate import settings

    return settings.package_index.rstrip("/") + "/index.json"


def fetch_index(timeout: float = 30) -> list[dict[str, object]]:
    """Download the package index (ARGOS_PACKAGE_INDEX) and store it where argostranslate reads it."""
    from argostranslate import settings

    url = index_url()
    try:
        with urllib.request.urlopen(_request(url), timeout=timeout) as response:
            data = response.read()
        index = json.loads(data)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ModelError(f"cannot read the package index {url}: {_reason(exc)}") from None
    write_bytes(Path(settings.local_package_index), data)
    return index


def choose_from_index(timeout: float = 30) -> AvailablePackage:
    """Read the index and pick translate-ru_en (or another ru→en translation package)."""
    from argostranslate import package as argos_package

    fetch_index(timeout)
    available = [
        p for p in argos_package.get_available_packages()
        if p.from_code == SOURCE_CODE and p.to_code == TARGET_CODE and p.type == "translate"
    ]
    if not available:
        raise ModelError(f"the package index {index_url()} has no ru→en package")
    return next((p for p in available if p.code == INDEX_PACKAGE_CODE), available[0])


def download_and_install(
    chosen: AvailablePackage, progress: Progress | None = None, timeout: float = 60
) -> Package:
    """Download a package listed in the index, with progress reports, and install it."""
    from argostranslate import settings

    target = Path(settings.downloads_dir) / f"{chosen.code}-{chosen.package_version}.argosmodel"
    errors = []
    for link in chosen.links:
        try:
            _download(link, target, progress, timeout)
            break
        except (urllib.error.URLError, OSError) as exc:
            errors.append(f"{link}: {_reason(exc)}")
    else:
        raise ModelError("download failed: " + ("; ".join(errors) or "the index lists no link"))
    try:
        return install_file(target)
    finally:
        target.unlink(missing_ok=True)


def _download(url: str, target: Path, progress: Progress | None, timeout: float) -> None:
    """Stream a URL into `target` through a temporary file, so a broken download leaves nothing."""
    with urllib.request.urlopen(_request(url), timeout=timeout) as response, atomic_output(target) as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        done = 0
        while chunk := response.read(1 << 16):
            out.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
        if total is not None and done != total:
            raise OSError(f"download ended after {done} of {total} bytes")


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or exc)


def resolve(model_file: Path | None) -> Package:
    """The package to translate with: --model file, else the installed one, else ModelError."""
    if model_file is not None:
        return install_file(model_file)
    found = find_installed()
    if found is None:
        raise ModelError(NO_MODEL_MESSAGE)
    return found
