"""Glossary file formats. Each module has the same interface: `read(path) -> Glossary` and
`write(glossary, path)`; `FORMATS` maps a format name to them and `detect` picks one.

| name   | file                 | for                                                      |
|--------|----------------------|----------------------------------------------------------|
| tbx    | .tbx (TBX 2008)      | OmegaT, MultiTerm Convert, Weblate, translate-toolkit    |
| tbx3   | .tbx (TBX v3, DCT)   | ISO 30042:2019 tools (`--tbx-version 3`)                 |
| csv    | .csv                 | memoQ, MultiTerm Convert (locale-code language columns)  |
| tsv    | .tsv                 | the same columns, tab-separated                          |
| omegat | .txt, .utf8          | OmegaT's glossary folder: source, target, comment        |
| po     | .po                  | review in Poedit: msgid Russian, msgstr English          |
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Callable

from glossary.formats import omegat, po, tabular, tbx
from glossary.model import Glossary

FORMATS: dict[str, ModuleType] = {"tbx": tbx, "tbx3": tbx, "csv": tabular, "tsv": tabular, "omegat": omegat, "po": po}
WRITERS: dict[str, Callable[[Glossary], bytes]] = {
    "tbx": lambda g: tbx.write(g, version=2),
    "tbx3": lambda g: tbx.write(g, version=3),
    "csv": lambda g: tabular.write(g, dialect="csv"),
    "tsv": lambda g: tabular.write(g, dialect="tsv"),
    "omegat": omegat.write,
    "po": po.write,
}
_SUFFIXES = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".txt": "omegat", ".utf8": "omegat", ".po": "po"}


def detect(path: Path, tbx_version: int = 2) -> str:
    name = _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise ValueError(f"{path}: unknown glossary format (use .tbx, .csv, .tsv, .txt, .utf8 or .po)")
    return "tbx3" if name == "tbx" and tbx_version == 3 else name


def read_glossary(path: Path) -> Glossary:
    from glossary.errors import GlossaryError

    if not path.is_file():
        raise GlossaryError(f"{path}: no such glossary file")
    return FORMATS[detect(path)].read(path)


def write_glossary(glossary: Glossary, path: Path, tbx_version: int = 2) -> None:
    atomic_write(path, WRITERS[detect(path, tbx_version)](glossary))


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
