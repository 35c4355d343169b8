"""Builders of hostile `.argosmodel` files and package folders, for the fault table
(test_faults_models.py) and the property tests (test_packages_property.py)."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

TINY_ROOT = "translate-ru_en-synthetic-tiny-0_0"


def entries_of(model: Path) -> dict[str, bytes]:
    """The files of a package zip by their path below its top folder."""
    with zipfile.ZipFile(model) as archive:
        return {i.filename.split("/", 1)[1]: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip with exactly these entry names (absolute, `..`, anything), as an attacker writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name)  # keeps the name as given, unlike ZipFile.write
            info.compress_type = compression
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            archive.writestr(info, data)
    return path


def variant(
    path: Path,
    files: dict[str, bytes],
    root: str = TINY_ROOT,
    metadata: object = None,
    replace: dict[str, bytes] | None = None,
    drop: Iterable[str] = (),
    extra: Iterable[tuple[str, bytes]] = (),
) -> Path:
    """The tiny package, changed: another top folder, metadata (an object, or raw bytes),
    replaced or dropped files, and extra entries with names as given."""
    content = dict(files)
    if metadata is not None:
        content["metadata.json"] = metadata if isinstance(metadata, bytes) else json.dumps(metadata).encode()
    content.update(replace or {})
    for name in drop:
        content.pop(name, None)
    return write_zip(path, [(f"{root}/{name}", data) for name, data in content.items()] + list(extra))


def metadata_of(files: dict[str, bytes], **changes: object) -> dict[str, object]:
    metadata: dict[str, object] = json.loads(files["metadata.json"])
    metadata.update(changes)
    return metadata


def truncated(model_bin: bytes) -> bytes:
    return model_bin[: len(model_bin) // 2]


def wrong_spec(model_bin: bytes) -> bytes:
    """A model.bin whose structure is sound but whose spec CTranslate2 does not know."""
    length = struct.unpack("<H", model_bin[4:6])[0]
    name = model_bin[6 : 6 + length - 1]
    return model_bin[:6] + name.replace(b"TransformerSpec", b"TransformerSpex") + model_bin[6 + length - 1 :]


def copy_package(
    template: Path,
    target: Path,
    metadata: dict[str, object] | None = None,
    replace: dict[str, bytes] | None = None,
    drop: Iterable[str] = (),
) -> Path:
    """An installed package folder copied (mtimes kept, so its stamp still matches), changed."""
    shutil.copytree(template, target, copy_function=shutil.copy2)
    if metadata is not None:
        (target / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    for name, data in (replace or {}).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    for name in drop:
        path = target / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return target
