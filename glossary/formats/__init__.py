"""Glossary file formats. Each module has the same interface:

- `iter_entries(path) -> Iterator[Entry]`: read, entry by entry;
- `write(entries, out: BinaryIO, ...) -> int`: write entry by entry, return how many.

So converting a large glossary streams from one file to the other. `detect` picks a format
from a file name, `sniff` from an existing file's content (TBX 2008 or v3); every write goes
through `tm.core.atomic` (temporary file, rename, mode kept, never a device or an input).

| name   | file                 | for                                                      |
|--------|----------------------|----------------------------------------------------------|
| tbx    | .tbx (TBX 2008)      | OmegaT, MultiTerm Convert, Weblate, translate-toolkit    |
| tbx-standard | .tbx (TBX 2008) | the same, English codes as termNotes (`--tbx-for standard`) |
| tbx3   | .tbx (TBX v3, DCT)   | ISO 30042:2019 tools (`--tbx-version 3`)                 |
| csv    | .csv                 | memoQ, MultiTerm Convert (locale-code language columns)  |
| tsv    | .tsv                 | the same columns, tab-separated                          |
| omegat | .txt, .utf8          | OmegaT's glossary folder: source, target, comment        |
| po     | .po                  | review in Poedit: msgid Russian, msgstr English          |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from glossary.entries import Entry, Glossary
from glossary.errors import GlossaryError
from tm.core.atomic import atomic_output
from tm.core.errors import UsageError

TBX_VERSIONS = (2, 3)
TBX_FOR = ("omegat", "standard")  # whom TBX 2008 is written for (glossary/formats/tbx.py)
TBX_FORMATS = ("tbx", "tbx-standard", "tbx3")  # the names of the TBX forms
_SUFFIXES = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".txt": "omegat", ".utf8": "omegat", ".po": "po"}


def writers(signature: str = "") -> dict[str, Callable[[Iterable[Entry], BinaryIO], int]]:
    """Each format's writer; TBX also writes `signature`, the extraction settings."""
    from glossary.formats import omegat, po, tabular, tbx

    return {
        "tbx": lambda entries, out: tbx.write(entries, out, version=2, signature=signature),
        "tbx-standard": lambda entries, out: tbx.write(entries, out, version=2, signature=signature, tbx_for=tbx.STANDARD),
        "tbx3": lambda entries, out: tbx.write(entries, out, version=3, signature=signature),
        "csv": lambda entries, out: tabular.write(entries, out, dialect="csv"),
        "tsv": lambda entries, out: tabular.write(entries, out, dialect="tsv"),
        "omegat": omegat.write,
        "po": po.write,
    }


def _readers() -> dict[str, Callable[[Path], Iterator[Entry]]]:
    from glossary.formats import omegat, po, tabular, tbx

    return {
        "tbx": tbx.iter_entries,
        "csv": tabular.iter_entries,
        "tsv": tabular.iter_entries,
        "omegat": omegat.iter_entries,
        "po": po.iter_entries,
    }


def detect(path: Path, tbx_version: int = 2, tbx_for: str | None = None) -> str:
    """The format to write `path` in, from its suffix (and the TBX version and reader asked
    for; None: OmegaT)."""
    name = _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise UsageError(f"{path}: unknown glossary format (use .tbx, .csv, .tsv, .txt, .utf8 or .po)")
    if tbx_version not in TBX_VERSIONS:
        raise UsageError(f"--tbx-version must be 2 or 3, not {tbx_version}")
    if tbx_for is not None and tbx_for not in TBX_FOR:
        raise UsageError(f"--tbx-for must be omegat or standard, not {tbx_for!r}")
    if name != "tbx":
        return name
    if tbx_version == 3:
        if tbx_for == "omegat":  # OmegaT reads TBX 2008 only
            raise UsageError("--tbx-for omegat needs TBX 2008 (--tbx-version 2): OmegaT does not read TBX v3")
        return "tbx3"
    return "tbx-standard" if tbx_for == "standard" else "tbx"


def sniff(path: Path) -> str:
    """The format an existing glossary file is in; for TBX, its version from its root and, for
    TBX 2008, whom it was written for from its first English term (`tbx.form_of`)."""
    name = detect(path)
    if name == "tbx":
        from glossary.formats.tbx import STANDARD, form_of, version_of

        if version_of(path) == 3:
            return "tbx3"
        return "tbx-standard" if form_of(path) == STANDARD else "tbx"
    return name


def iter_glossary(path: Path) -> Iterator[Entry]:
    """The entries of a glossary file, one by one."""
    if not path.is_file():
        raise GlossaryError(f"{path}: no such glossary file")
    name = detect(path)
    try:
        yield from _readers()[name](path)
    except UnicodeDecodeError:
        raise GlossaryError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_glossary(path: Path) -> Glossary:
    """A whole glossary file in memory (use `iter_glossary` to stream a large one)."""
    return Glossary(list(iter_glossary(path)))


def write_glossary(
    glossary: Glossary | Iterable[Entry],
    path: Path,
    tbx_version: int = 2,
    format: str | None = None,
    inputs: Iterable[Path | str] = (),
    tbx_for: str | None = None,
) -> int:
    """Write a glossary (or a stream of entries) to `path` atomically; return the entry count.
    `format` overrides the choice by suffix (`sniff` of the file being replaced, say); `path`
    is never one of `inputs`. `tbx_for`: "omegat" (None) or "standard", for TBX 2008."""
    name = format or detect(path, tbx_version, tbx_for)
    entries, signature = (glossary.entries, glossary.signature) if isinstance(glossary, Glossary) else (glossary, "")
    with atomic_output(path, inputs) as out:
        return writers(signature)[name](entries, out)


def write_glossaries(glossary: Glossary, targets: Sequence[tuple[Path, str]], inputs: Iterable[Path | str] = ()) -> int:
    """Write one glossary to several files, each `(path, format)`: every file is written in
    full to its temporary file before any is renamed into place, so a failure leaves all of
    them as they were. Returns the entry count."""
    inputs = list(inputs)
    count = 0
    with ExitStack() as stack:
        for path, name in targets:
            out = stack.enter_context(atomic_output(path, inputs))
            count = writers(glossary.signature)[name](glossary.entries, out)
    return count
