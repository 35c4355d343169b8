"""What a glossary command may replace, decided before anything is read or written.

Every command that writes a glossary (`build`, `export`, `import-po`) first checks each file
it will replace, then reads what it needs, and only then writes (issue 14: an unreadable
default copy used to stop `glossary build` after `-o` had been replaced):

- the target may be replaced at all (`tm.core.atomic.check_output`): a regular file or a new
  one, never a folder, a device or one of the command's inputs;
- an existing target must be a glossary in the format its suffix names (`why_not_a_glossary`):
  a TBX file, one of our PO files, and for the loose formats, where any text file would
  parse (`.txt`/`.utf8` OmegaT, `.csv`, `.tsv`), one that looks like a glossary: its columns,
  both languages and at least one term pair. Anything else is someone's document
  (`-o article.txt`) and is refused with exit 5 unless `--force`. An empty file holds
  nothing and may be replaced;
- a TBX target keeps the version it has unless `--tbx-version` says otherwise, and the reader
  it was written for (OmegaT or standard TBX-Basic tools) unless `--tbx-for` does.

The default copy, `$XDG_DATA_HOME/diplotm/glossary.tbx`, is what `glossary lookup` and
`scan` use without `--glossary` or `$GLOSSARY_FILE`. `glossary build` writes it only when
it is the target (no `-o`) or when asked to (`--default`), and then with the very glossary
it writes to `-o`, so that one project's build never changes another's lookups.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glossary.entries import Entry
from glossary.errors import GlossaryError
from glossary.formats import TBX_FORMATS, detect, iter_glossary, sniff
from tm.core.atomic import check_output
from tm.core.errors import OutputError
from tm.core.paths import data_home

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NAMES = {"tbx": "TBX", "tbx-standard": "TBX", "tbx3": "TBX", "csv": "CSV", "tsv": "TSV", "omegat": "OmegaT", "po": "PO"}


def default_glossary() -> Path:
    """The default copy: where `glossary build` without -o writes, and `lookup` looks last."""
    return data_home() / "glossary.tbx"


def same_path(a: Path, b: Path) -> bool:
    """Whether two paths name one file, existing or not (links followed)."""
    return os.path.realpath(a) == os.path.realpath(b)


@dataclass
class Target:
    """A glossary file a command will write."""

    path: Path
    format: str  # a name of `glossary.formats`: tbx, tbx-standard, tbx3, csv, tsv, omegat, po
    glossary: bool  # it exists and is a glossary: its reviews can be carried over


def plan_target(
    path: Path,
    tbx_version: int | None = None,
    *,
    force: bool = False,
    inputs: Iterable[Path | str] = (),
    tbx_for: str | None = None,
) -> Target:
    """Check that `path` may be replaced and choose its format; raise before anything is written.
    An existing TBX file keeps its version and its reader unless `tbx_version`/`tbx_for` are given.

    UsageError (exit 2) for a suffix that names no format; OutputError (exit 5) for a path
    that cannot be written, an input, or an existing file that is not a glossary of that
    format (unless `force`)."""
    name = detect(path, tbx_version or 2, tbx_for)
    real = check_output(path, inputs)
    existing = real.is_file() and real.stat().st_size > 0
    problem = why_not_a_glossary(real, name) if existing else None
    if problem is not None and not force:
        raise OutputError(f"{path}: exists and {problem}; not replaced: choose another file, or pass --force to replace it")
    if name in ("tbx", "tbx-standard") and existing and problem is None and (tbx_version is None or tbx_for is None):
        had = sniff(real)  # keep an existing TBX file's version, and whom it was written for
        # --tbx-for omegat alone asks for what OmegaT reads: TBX 2008, whatever the file had
        version = tbx_version or (3 if had == "tbx3" and tbx_for != "omegat" else 2)
        reader = tbx_for or ("standard" if had == "tbx-standard" else "omegat")
        name = "tbx3" if version == 3 else ("tbx-standard" if reader == "standard" else "tbx")
    return Target(path, name, existing and problem is None)


def previous_entries(target: Target, discard: bool) -> list[Entry]:
    """The entries of the glossary `target` replaces, whose reviews a rebuild keeps; none
    with `discard` (which applies to this file only). A glossary that cannot be read is
    not replaced: its reviews would be lost."""
    if discard or not target.glossary:
        return []
    try:
        return list(iter_glossary(target.path))
    except GlossaryError as exc:
        raise GlossaryError(
            f"{exc}; it holds the reviews this build would keep: fix it, or pass --discard-reviews to replace it"
        ) from None


def why_not_a_glossary(path: Path, format: str) -> str | None:
    """None if the existing file `path` is a glossary in `format`, else what it is not.

    Cheap: the TBX root element, the PO syntax, the loose formats' columns (OmegaT: all
    lines; CSV and TSV: the header, then rows until a term pair)."""
    try:
        if format in TBX_FORMATS:
            return _not_tbx(path)
        if format == "po":
            return _not_po(path)
        if format == "omegat":
            return _not_omegat(path)
        return _not_tabular(path, format)
    except UnicodeDecodeError:
        return f"is not a {_NAMES[format]} glossary (not UTF-8 text)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


def _not_tbx(path: Path) -> str | None:
    from lxml import etree

    from glossary.formats.tbx import TBX3_NS
    from tm.core import xmlsafe

    try:
        # An existing target, already checked to be a regular file (as the other formats'
        # checks, an OSError here is "cannot be read", not an input error).
        with open(path, "rb") as handle:
            for _, element in xmlsafe.iterparse(handle, events=("start",)):
                if element.tag in ("martif", f"{{{TBX3_NS}}}tbx"):
                    return None
                return f"is not a TBX glossary (its root element is <{etree.QName(element).localname}>)"
    except etree.XMLSyntaxError as exc:
        return f"is not a TBX glossary (not XML: {str(exc).splitlines()[0]})"
    return "is not a TBX glossary"


def _not_po(path: Path) -> str | None:
    from glossary.formats import po

    try:
        messages = [m for m in po._load(path) if not m.obsolete]
    except GlossaryError as exc:
        return f"is not a PO glossary ({str(exc).removeprefix(str(path)).lstrip(': ')})"
    if not any(re.fullmatch(r".+#\d+", m.msgctxt or "") for m in messages):
        return "is not a PO glossary of this tool (no message has a msgctxt ID#N)"
    return None


def _not_omegat(path: Path) -> str | None:
    pair = False
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.split("\t")
            if not 2 <= len(columns) <= 3:
                return f"is not an OmegaT glossary (line {number} is not 2 or 3 tab-separated columns: source, target, comment)"
            pair = pair or bool(_CYRILLIC.search(columns[0]) and columns[1].strip())
    return None if pair else "is not an OmegaT glossary (no line pairs a Russian term with an equivalent)"


def _not_tabular(path: Path, format: str) -> str | None:
    from glossary.formats.tabular import EN, RU
    from tm.core.cells import unescape_cell

    tsv = format == "tsv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(
            handle, strict=True, delimiter="\t" if tsv else ",", quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL
        )
        try:
            header = next(reader, None) or []
            if RU not in header or EN not in header:
                return f"is not a {_NAMES[format]} glossary (no {RU} and {EN} columns in its first row)"
            ru, en = header.index(RU), header.index(EN)
            for cells in reader:
                if len(cells) > len(header):
                    return (
                        f"is not a {_NAMES[format]} glossary (line {reader.line_num} has {len(cells)} "
                        f"cells, the header {len(header)})"
                    )
                if len(cells) > max(ru, en) and _CYRILLIC.search(cells[ru]) and unescape_cell(cells[en]).strip():
                    return None
        except csv.Error as exc:
            return f"is not a {_NAMES[format]} glossary (line {reader.line_num}: {exc})"
    return f"is not a {_NAMES[format]} glossary (no row pairs a {RU} term with an {EN} one)"
