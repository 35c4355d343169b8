"""The translation units a glossary is built from, streamed rather than held in memory.

TMX sources are read as they are, and read again for the few units a glossary quotes
(contexts, English evidence), so a 200 MB memory is never in memory at once. Text sources
are segmented and translated by `tm` first; those units are kept in memory (they were
translated in one run, and such inputs are document-sized).

A TMX unit longer than `tm.text.sentences.MAX_WINDOW` (10,000 characters) is read as pieces of at
most that length, cut where `tm segment` cuts its windows (a likely sentence end, else white
space), each with the same share of the English (cut at white space near the same relative
position) and the unit's document and tuid. Candidate finding, NER and contexts then work on
pieces of bounded length: memory no longer grows with the length of one unit (a 10 MB unit
took gigabytes, mostly in the NER tagger). Shorter units, all that `tm build` writes, are
read as they are.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.core.errors import InputError, ModelError
from tm.memory.build import SentenceTranslator, read_segments, translate_unique, units_for
from tm.memory.tmx import TmxUnit, read_tmx, stable_tuid
from tm.mt.cache import TranslationCache
from tm.text.sentences import MAX_WINDOW, windows
from tm.text.structure import without_prefix


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

    Iterating gives every unit in order, a long TMX unit as its pieces (`pieces`); `pick`
    reads the ones at given positions. `len` counts translation units, a long one once. A
    TMX file that changes between two passes is an error, not a silent mix of two versions.
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
                yield from pieces(_unit(u))
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


def pieces(unit: Unit, size: int = MAX_WINDOW) -> Iterator[Unit]:
    """The unit itself, or for one over `size` characters, pieces of at most `size`: the
    Russian cut by `tm.text.sentences.windows`, the English at white space near the same relative
    positions (a long unit has no finer alignment to go by)."""
    if len(unit.source) <= size:
        yield unit
        return
    spans = windows(unit.source, size)
    target, ratio = unit.target, len(unit.target) / len(unit.source)
    start = 0
    for i, (a, b) in enumerate(spans):
        end = len(target) if i == len(spans) - 1 else max(start, _near_space(target, round(b * ratio)))
        source = unit.source[a:b].strip()
        if source:
            yield Unit(source, target[start:end].strip(), unit.document, unit.tuid, unit.origin)
        start = end


def _near_space(text: str, at: int, reach: int = 200) -> int:
    """A cut at or after `at`, just past white space within `reach` characters, else `at`."""
    space = text.find(" ", at, at + reach)
    return space + 1 if space >= 0 else min(at, len(text))


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def _unit(u: TmxUnit) -> Unit:
    # Terms are mined from the sentence, not from an interview label before it.
    return Unit(
        without_prefix(u.source),
        without_prefix(u.target),
        u.prop("x-document") or "",
        u.tuid or stable_tuid(u.source, u.target),
        u.prop("x-Origin") or "",
    )


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
