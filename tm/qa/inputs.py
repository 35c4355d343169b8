"""The pairs of what `tm qa` checks: a TMX, an XLIFF, or a Russian and an English plain file
whose lines pair up."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tm.core.errors import InputError, UsageError
from tm.core.inputs import read_input, read_input_text
from tm.documents.registry import BY_NAME
from tm.qa.model import Document, Pair

XLIFF_SUFFIXES = BY_NAME["xliff"].suffixes
BILINGUAL = (".tmx", *XLIFF_SUFFIXES)


def read_documents(paths: Sequence[Path]) -> list[Document]:
    """One document per TMX or XLIFF given, or one for a pair of plain files (RU EN)."""
    if not paths:
        raise UsageError("give a TMX, an XLIFF, or a Russian and an English plain file")
    bilingual = [p.suffix.lower() in BILINGUAL for p in paths]
    if all(bilingual):
        return [read_tmx_pairs(p) if p.suffix.lower() == ".tmx" else read_xliff_pairs(p) for p in paths]
    if len(paths) == 2 and not any(bilingual):
        return [read_plain_pairs(paths[0], paths[1])]
    raise UsageError("give TMX or XLIFF files, or exactly two plain files (the Russian, then the English)")


def read_tmx_pairs(path: Path) -> Document:
    """The units of a TMX, with the level-2 codes of each side (tm/memory/inline_tmx.py)."""
    from tm.memory.inline_tmx import codes_of
    from tm.memory.tmx import TmxReader

    reader = TmxReader(path)
    document = Document(str(path))
    for number, unit in enumerate(reader, 1):
        source_codes = codes_of(unit.source_markup)[1] if unit.source_markup else ()
        target_codes = codes_of(unit.target_markup)[1] if unit.target_markup else ()
        document.pairs.append(Pair(unit.tuid or f"#{number}", unit.source, unit.target, source_codes, target_codes))
    if reader.skipped:
        if not document.pairs:
            raise InputError(f"{path}: no unit has a target ({reader.skipped:,} without one): nothing to check")
        document.notes.append(f"{path}: {reader.skipped:,} units without a source or a target were not checked")
    return document


def read_xliff_pairs(path: Path) -> Document:
    """The segments of an XLIFF 1.2 or 2.x, by unit id; a segment without a target is an
    empty target (the untranslated check reports it)."""
    from tm.documents.xliff import read

    xliff = read(read_input(path), str(path))
    document = Document(str(path), notes=list(xliff.notes))
    for block in xliff.blocks:
        target = block.target
        document.pairs.append(
            Pair(block.ref, block.text, target.text if target else "", block.codes, target.codes if target else ())
        )
    return document


def read_plain_pairs(russian: Path, english: Path) -> Document:
    """Line n of the Russian with line n of the English; their line counts must agree."""
    ru = read_input_text(russian, "utf-8-sig").splitlines()
    en = read_input_text(english, "utf-8-sig").splitlines()
    if len(ru) != len(en):
        raise InputError(f"{english}: {len(en):,} lines, but {russian} has {len(ru):,}: the lines of the two files must pair")
    return Document(str(english), [Pair(str(n), r, e) for n, (r, e) in enumerate(zip(ru, en, strict=True), 1)])
