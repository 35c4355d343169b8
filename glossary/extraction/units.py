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

Several memories of the same documents (an MT memory and the aligned human one, or one file
passed twice) hold each Russian sentence once per memory; a glossary counts it once. A unit is
keyed by its document (`x-document`), its normalised Russian (label and dialogue dash left
out, as terms are mined) and its rank among the units of that document and sentence in its
own input, so a sentence that a document really repeats still counts as often as the one
memory holding it most often says. A unit without a document is keyed by its sentence alone,
as if of one unnamed document: two memories without documents are taken to be of the same
text. Of the copies of one key the first human one is counted (aligned first, then any other
origin but MT), else the first: its English is what aligned equivalents are drawn from. The
others are read with `repeat` set, and neither their Russian nor their English is counted
again (glossary/build.py). Finding the repeats takes one more pass over the TMX files, only
when there are two inputs or more, and keeps one 64-bit hash per key until it is done.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tm.core.errors import InputError, ModelError
from tm.language.normalize import normalize_segment
from tm.memory.build import SentenceTranslator, read_segments, translate_unique, units_for
from tm.memory.tmx import ORIGIN_ALIGNMENT, ORIGIN_MT, TmxUnit, read_tmx, stable_tuid
from tm.mt.cache import TranslationCache
from tm.text.segment import without_codes
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
    repeat: bool = False  # the same (document, sentence) as a unit counted from another input


def is_tmx(source: str | Path) -> bool:
    """A translation memory, read as it is; any other source is Russian text to translate."""
    return Path(source).suffix.lower() == ".tmx"


class Units:
    """Units of TMX files (read on each pass) followed by units made in memory.

    Iterating gives every unit in order, a long TMX unit as its pieces (`pieces`); `pick`
    reads the ones at given positions. `len` counts translation units, a long one once. A
    TMX file that changes between two passes is an error, not a silent mix of two versions.
    A unit that another input holds too is read with `repeat` set (see the module's docstring).
    """

    def __init__(self, tmx_files: Sequence[Path] = (), made: Sequence[Unit] = ()) -> None:
        self.tmx_files = list(tmx_files)
        self.made = list(made)
        self._stamps = {path: _stamp(path) for path in self.tmx_files}
        self._count: int | None = None
        self._repeats: set[int] | None = None  # positions of the units read with `repeat` set

    def __iter__(self) -> Iterator[Unit]:
        if self._repeats is None:
            self._repeats = repeats(self._inputs()) if len(self.tmx_files) + bool(self.made) > 1 else set()
        count = 0
        for inputs in self._inputs():
            for unit in inputs:
                if count in self._repeats:
                    unit = replace(unit, repeat=True)
                count += 1
                yield from pieces(unit)
        self._count = count

    def _inputs(self) -> Iterator[Iterator[Unit]]:
        """The units of each input in turn: each TMX file (checked unchanged), then those made."""
        for path in self.tmx_files:
            if _stamp(path) != self._stamps[path]:
                raise InputError(f"{path}: changed while the glossary was being built; run it again")
            yield (_unit(u) for u in read_tmx(path, "ru", "en"))
        if self.made:
            yield iter(self.made)

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


def _rank(origin: str) -> int:
    """Which copy of a sentence is counted: aligned (human) over any other origin but MT, over MT."""
    return 2 if origin == ORIGIN_ALIGNMENT else 0 if origin == ORIGIN_MT else 1


def repeats(inputs: Iterable[Iterable[Unit]]) -> set[int]:
    """The positions (over all inputs, in order) of the units not to count again: those whose
    (document, normalised Russian, rank within its input) an earlier or better copy holds."""
    best: dict[int, int] = {}  # key hash → position × 4 + rank of the copy counted so far
    skipped: set[int] = set()
    position = 0
    for units in inputs:
        seen: Counter[int] = Counter()  # (document, sentence) hash → copies so far in this input
        for unit in units:
            sentence = hash((unit.document, normalize_segment(unit.source)))
            key = hash((sentence, seen[sentence]))
            seen[sentence] += 1
            rank, kept = _rank(unit.origin), best.get(key)
            if kept is None:
                best[key] = position * 4 + rank
            elif rank > kept % 4:
                skipped.add(kept // 4)
                best[key] = position * 4 + rank
            else:
                skipped.add(position)
            position += 1
    return skipped


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
            yield Unit(source, target[start:end].strip(), unit.document, unit.tuid, unit.origin, unit.repeat)
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
        # The glossary reads text, never codes: a document format's segments come plain, with a
        # space where a line break code runs two words together (tm.text.segment.plain_text).
        segments = [without_codes(s) for s in read_segments(texts, keep_furniture).segments]
        translations = translate_unique([s.text for s in segments], translator, cache)
        made = [_unit(u) for u in units_for(segments, translations, translator.label, strip_labels=True)]
    tmx_files = [Path(s) for s in sources if is_tmx(s)]
    for path in tmx_files:
        next(iter(read_tmx(path, "ru", "en")), None)  # a bad header fails now, before the slow part
    return Units(tmx_files, made)
