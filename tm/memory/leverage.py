"""Leverage for `tm build --tm`: translations reused from existing memories before MT.

Two kinds of match are taken from a memory as they are, and never sent to the model:

- **101% (context)**: the same source and the same previous and next sentence, as memoQ
  and Trados define a context match. Ours are the `x-context-pre`/`x-context-post` props of
  the Russian `<tuv>`, which `tm build` writes (none at a document's start or end, and none
  is equal only to none).
- **100% (exact)**: the same source.

"The same" is equal after `source_key`, the translation cache's normaliser, so spacing and
quote forms do not matter while every digit does: «18,3» never matches «18,4». Sources are
compared as the TMX has them, interview labels and dialogue dashes included (`Вопрос<TAB>…`),
as a CAT tool's segment is.

One source, one best translation (`origin_rank`): among the units for a source the most
trusted one wins, and a context match wins among units trusted as much. A memory is read
streamed, and only units whose source occurs in the documents are kept, so memory stays as
small as the job, however large the TMX.

Fuzzy matches are not handled here: `FuzzyHook` is where a scorer plugs in (see its doc).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.memory.tmx import TmxReader, TmxUnit, origin_rank, source_key, stable_tuid

LEVERAGE_CONTEXT = "context"  # `x-leverage` of a 101% match
LEVERAGE_EXACT = "exact"  # `x-leverage` of a 100% match
# Props of the memory's unit that travel with its translation: who or what made it.
KEPT_PROPS = ("x-Origin", "x-mt-model")

# Extra props for the MT unit of a source without a 100% or 101% match: e.g.
# `[("x-fuzzy-match", "87 TUID")]` from a fuzzy scorer (OmegaT's, being ported). It gets the
# source as written to the TMX; `build_memory(..., fuzzy=…)` calls it for each such unit.
FuzzyHook = Callable[[str], Sequence[tuple[str, str]]]


@dataclass(frozen=True)
class Candidate:
    """What a memory unit gives a match: its translation, origin and identity."""

    target: str
    rank: int
    props: tuple[tuple[str, str], ...]  # the KEPT_PROPS the unit has
    tuid: str
    creationdate: str | None
    creationid: str | None
    memory: str  # the TMX it came from

    @classmethod
    def of(cls, unit: TmxUnit, memory: Path) -> Candidate:
        props = tuple((kind, value) for kind, value in unit.props if kind in KEPT_PROPS)
        tuid = unit.tuid or stable_tuid(unit.source, unit.target)  # what our writer gives a unit without one
        return cls(unit.target, origin_rank(unit), props, tuid, unit.creationdate, unit.creationid, str(memory))


@dataclass(frozen=True)
class Match:
    """A leveraged translation for one segment: `kind` is LEVERAGE_CONTEXT or LEVERAGE_EXACT."""

    kind: str
    candidate: Candidate


@dataclass(frozen=True)
class Context:
    """A segment as the index sees it: its source and its neighbours as the TMX has them
    (`None` where the document starts or ends)."""

    source: str
    pre: str | None
    post: str | None


def _context_key(pre: str | None, post: str | None) -> tuple[str | None, str | None]:
    return (None if pre is None else source_key(pre), None if post is None else source_key(post))


def _better(new: Candidate, old: Candidate | None) -> bool:
    """The first unit of the best rank wins: later units of a rank do not replace it."""
    return old is None or new.rank > old.rank


class LeverageIndex:
    """The 100% and 101% candidates of the memories for the sources `wanted` (source keys):
    for each key the best unit by `origin_rank`, and for each key and context the best
    unit with that context."""

    def __init__(self, wanted: Iterable[str]) -> None:
        self._wanted = set(wanted)
        self.exact: dict[str, Candidate] = {}
        self.context: dict[tuple[str, str | None, str | None], Candidate] = {}
        self.units = 0  # units read from the memories
        self.skipped = 0  # units without both languages

    def add_memory(self, reader: TmxReader) -> None:
        """Read one memory, streamed (a broken file raises TmxError naming it, exit 3)."""
        for unit in reader:
            self.units += 1
            key = source_key(unit.source)
            if key not in self._wanted:
                continue
            candidate = Candidate.of(unit, reader.path)
            if _better(candidate, self.exact.get(key)):
                self.exact[key] = candidate
            props = dict(unit.source_props)
            context = (key, *_context_key(props.get("x-context-pre"), props.get("x-context-post")))
            if _better(candidate, self.context.get(context)):
                self.context[context] = candidate
        self.skipped += reader.skipped

    def match(self, segment: Context) -> Match | None:
        """The match for a segment: a context match unless a better-trusted unit has its
        source alone, then the exact one; None when no memory has the source."""
        key = source_key(segment.source)
        exact = self.exact.get(key)
        if exact is None:
            return None
        context = self.context.get((key, *_context_key(segment.pre, segment.post)))
        if context is not None and context.rank >= exact.rank:
            return Match(LEVERAGE_CONTEXT, context)
        return Match(LEVERAGE_EXACT, exact)


def build_index(memories: Sequence[TmxReader], segments: Sequence[Context]) -> LeverageIndex:
    """An index of `memories` (in order: the first unit of the best rank wins) for `segments`."""
    index = LeverageIndex(source_key(s.source) for s in segments)
    for reader in memories:
        index.add_memory(reader)
    return index


def leveraged_unit(
    source: str, match: Match, document: str, speaker: str | None, source_props: Sequence[tuple[str, str]]
) -> TmxUnit:
    """The unit written for a leveraged segment: its source, document, speaker and context
    from the document; the memory's translation with its origin, dates and author; and
    where it came from (`x-leverage`, `x-leverage-tuid`)."""
    found = match.candidate
    props = [("x-document", document), *found.props]
    if speaker:
        props.append(("x-speaker", speaker))
    props += [("x-leverage", match.kind), ("x-leverage-tuid", found.tuid)]
    return TmxUnit(
        source=source,
        target=found.target,
        props=props,
        source_props=list(source_props),
        creationdate=found.creationdate,
        creationid=found.creationid,
    )
