"""The translation units a glossary is built from, streamed rather than held in memory.

TMX sources are read as they are, and read again for the few units a glossary quotes
(contexts, English evidence), so a 200 MB memory is never in memory at once. Text sources
are segmented and translated by `tm` first; those units are kept in memory (they were
translated in one run, and such inputs are document-sized).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterator, Sequence

from tm.build import SentenceTranslator, read_segments, translate_unique, units_for
from tm.cache import TranslationCache
from tm.errors import InputError, ModelError
from tm.structure import without_prefix
from tm.tmx import TmxUnit, read_tmx, stable_tuid


@dataclass(frozen=True)
class Unit:
    """A source sentence with its English and where it comes from."""

    source: str
    target: str
    document: str
    tuid: str
    origin: str = ""  # the TMX x-Origin: MachineTranslation, Alignment (human), …


def is_tmx(source: str | Path) -> bool:
    """A translation memory, read as it is; any other source is Russian text to translate."""
    return Path(source).suffix.lower() == ".tmx"


class Units:
    """Units of TMX files (read on each pass) followed by units made in memory.

    Iterating gives every unit in order; `pick` reads the ones at given positions. A TMX
    file that changes between two passes is an error, not a silent mix of two versions.
    """

    def __init__(self, tmx_files: Sequence[Path] = (), made: Sequence[Unit] = ()) -> None:
        self.tmx_files = list(tmx_files)
        self.made = list(made)
        self._stamps = {path: _stamp(path) for path in self.tmx_files}
        self._count: int | None = None

    def __iter__(self) -> Iterator[Unit]:
        count = 0
        for path in self.tmx_files:
            if _stamp(path) != self._stamps[path]:
                raise InputError(f"{path}: changed while the glossary was being built; run it again")
            for u in read_tmx(path, "ru", "en"):
                count += 1
                yield _unit(u)
        count += len(self.made)
        yield from self.made
        self._count = count

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    def pick(self, indices: Collection[int]) -> dict[int, Unit]:
        """The units at these positions, in one pass."""
        wanted = set(indices)
        found: dict[int, Unit] = {}
        if not wanted:
            return found
        last = max(wanted)
        for i, unit in enumerate(self):
            if i in wanted:
                found[i] = unit
            if i >= last:
                break
        return found


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def _unit(u: TmxUnit) -> Unit:
    # Terms are mined from the sentence, not from an interview label before it.
    return Unit(without_prefix(u.source), without_prefix(u.target), u.prop("x-document") or "", u.tuid or stable_tuid(u.source, u.target),
                u.prop("x-Origin") or "")


def load_units(
    sources: Sequence[str],
    translator: SentenceTranslator | None,
    cache: TranslationCache,
    keep_furniture: bool = False,
) -> Units:
    """Units of TMX sources as they are; text sources are segmented and translated first."""
    texts = [s for s in sources if not is_tmx(s)]
    made: list[Unit] = []
    if texts:
        if translator is None:
            raise ModelError("text sources need a model to translate them: pass --model or install one")
        inputs = read_segments(texts, keep_furniture)
        translations = translate_unique([s.text for s in inputs.segments], translator, cache)
        made = [_unit(u) for u in units_for(inputs.segments, translations, translator.label, strip_labels=True)]
    tmx_files = [Path(s) for s in sources if is_tmx(s)]
    for path in tmx_files:
        next(iter(read_tmx(path, "ru", "en")), None)  # a bad header fails now, before the slow part
    return Units(tmx_files, made)
