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
as a CAT tool's segment is. A source with inline codes (a document's bold, links, footnote
references) is a different segment in a CAT tool from the same words without them, so its
key holds its codes too (`leverage_key`): a unit with codes matches a segment only with the
same codes at the same places, and a plain unit only a segment without codes.

One source, one best translation (`origin_rank`): among the units for a source the most
trusted one wins, and a context match wins among units trusted as much. A memory is read
streamed, and only units whose source occurs in the documents are kept, so memory stays as
small as the job, however large the TMX.

**Fuzzy matches** are not leveraged, only recorded: the MT unit of a segment whose source has
a unit scoring at least the threshold (OmegaT's `score`, tm/memory/matching.py, 75 by default)
gets `x-fuzzy-match` = "SCORE/NOSTEM/ADJUSTED" and `x-fuzzy-tuid`, for a reviewer to see
(`FuzzyIndex`). The small side is indexed: the job's sources, by stemmed word; each memory
unit, as it streams past, is scored exactly against only the sources it could reach.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.memory.matching import Scores, numbers_cap, similarity, tokens_all, tokens_no_stem, tokens_stem
from tm.memory.tmx import TmxReader, TmxUnit, origin_rank, source_key, stable_tuid

LEVERAGE_CONTEXT = "context"  # `x-leverage` of a 101% match
LEVERAGE_EXACT = "exact"  # `x-leverage` of a 100% match
# Props of the memory's unit that travel with its translation: who or what made it.
KEPT_PROPS = ("x-Origin", "x-mt-model")

FUZZY_THRESHOLD = 75  # `--fuzzy-threshold`: the lowest OmegaT `score` recorded (the usual lowest band)

# Extra props for the MT unit of a source without a 100% or 101% match, e.g.
# `[("x-fuzzy-match", "80/66/66"), ("x-fuzzy-tuid", "h1")]` (`FuzzyIndex.props`). It gets the
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
    target_markup: str | None = None  # the translation's <seg> with its inline codes

    @classmethod
    def of(cls, unit: TmxUnit, memory: Path) -> Candidate:
        props = tuple((kind, value) for kind, value in unit.props if kind in KEPT_PROPS)
        tuid = unit.tuid or stable_tuid(unit.source, unit.target)  # what our writer gives a unit without one
        return cls(
            unit.target, origin_rank(unit), props, tuid, unit.creationdate, unit.creationid, str(memory), unit.target_markup
        )


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
    markup: str | None = None  # the source's <seg> content when it has inline codes


def leverage_key(source: str, markup: str | None = None) -> str:
    """The key a source is matched on: `source_key`, with its inline codes (`markup`, a
    `<seg>`'s content) as tokens in the text where they stand, kind and number. A markup
    without codes (only `<hi>`) keys as the plain text."""
    if markup is None:
        return source_key(source)
    from tm.memory.inline_tmx import codes_of

    text, codes = codes_of(markup)
    if not codes:
        return source_key(source)
    parts, last = [], 0
    for code in codes:
        parts += [text[last : code.offset], f"\ue000{code.kind[0]}{code.id}\ue001"]
        last = code.offset
    parts.append(text[last:])
    return "\x00" + source_key("".join(parts))  # \x00: never the key of a plain text


def _context_key(pre: str | None, post: str | None) -> tuple[str | None, str | None]:
    return (None if pre is None else source_key(pre), None if post is None else source_key(post))


def _better(new: Candidate, old: Candidate | None) -> bool:
    """The first unit of the best rank wins: later units of a rank do not replace it."""
    return old is None or new.rank > old.rank


class LeverageIndex:
    """The 100% and 101% candidates of the memories for the sources `wanted` (source keys):
    for each key the best unit by `origin_rank`, and for each key and context the best
    unit with that context."""

    def __init__(self, wanted: Iterable[str], fuzzy: FuzzyIndex | None = None) -> None:
        self._wanted = set(wanted)
        self.fuzzy = fuzzy  # offered every unit read, when fuzzy matches are recorded
        self.exact: dict[str, Candidate] = {}
        self.context: dict[tuple[str, str | None, str | None], Candidate] = {}
        self.units = 0  # units read from the memories
        self.skipped = 0  # units without both languages

    def add_memory(self, reader: TmxReader) -> None:
        """Read one memory, streamed (a broken file raises TmxError naming it, exit 3)."""
        for unit in reader:
            self.units += 1
            if self.fuzzy is not None:
                self.fuzzy.offer(unit, reader.path)
            key = leverage_key(unit.source, unit.source_markup)
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
        key = leverage_key(segment.source, segment.markup)
        exact = self.exact.get(key)
        if exact is None:
            return None
        context = self.context.get((key, *_context_key(segment.pre, segment.post)))
        if context is not None and context.rank >= exact.rank:
            return Match(LEVERAGE_CONTEXT, context)
        return Match(LEVERAGE_EXACT, exact)


class _Query:
    """A source of the job as the fuzzy index sees it: its three token lists (the last two
    made when first needed) and its best match so far."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.stem = list(tokens_stem(source))
        self._no_stem: list[str] | None = None
        self._all: list[str] | None = None
        self.best: tuple[tuple[int, int, int, int, int], Scores, Candidate] | None = None

    def scores(self, stem: list[str], candidate: str) -> Scores:
        if self._no_stem is None:
            self._no_stem, self._all = list(tokens_no_stem(self.source)), list(tokens_all(self.source))
        assert self._all is not None
        scores = Scores(
            similarity(self.stem, stem),
            similarity(self._no_stem, list(tokens_no_stem(candidate))),
            similarity(self._all, list(tokens_all(candidate))),
        )
        return numbers_cap(scores, self.source, candidate)  # numbers count


class FuzzyIndex:
    """The best fuzzy match in the memories of each source of a job, scored as OmegaT scores
    it (tm/memory/matching.py), kept when its `score` reaches `threshold`.

    An inverted index maps each stemmed word of the job's sources to the sources that have
    it (and how often). A memory unit is scored exactly, all three scores, only against the
    sources it shares enough stems with to reach the threshold: `score` is
    100·(L − distance)//L with L the longer list, and L − distance is at most the number of
    stems the two share (as a multiset), so a source sharing `m` of them needs 100·m ≥ T·L.
    The filter is therefore exact: it leaves out no unit that would pass. The best match is
    OmegaT's first: `score`, then `score_no_stem`, then `adjusted_score`; then the most
    trusted unit (`origin_rank`), then the first read.
    """

    def __init__(self, sources: Iterable[str], threshold: int = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold
        self._queries = {source: _Query(source) for source in dict.fromkeys(sources)}
        self._list = list(self._queries.values())
        self._postings: dict[str, list[tuple[int, int]]] = {}  # stem → (query, times it has it)
        for number, query in enumerate(self._list):
            for stem, count in Counter(query.stem).items():
                self._postings.setdefault(stem, []).append((number, count))
        self._order = 0

    def offer(self, unit: TmxUnit, memory: Path) -> None:
        """Score one memory unit against the sources it can reach, keeping each one's best."""
        self._order += 1
        stem = list(tokens_stem(unit.source))
        if not stem:
            return  # no stemmed word: a `score` of 0 against anything
        shared: Counter[int] = Counter()  # query → stems in common, as a multiset
        for word, count in Counter(stem).items():
            for number, times in self._postings.get(word, ()):
                shared[number] += min(count, times)
        candidate: Candidate | None = None
        for number, common in shared.items():
            query = self._list[number]
            if 100 * common < self.threshold * max(len(stem), len(query.stem)):
                continue
            scores = query.scores(stem, unit.source)
            if scores.score < self.threshold:
                continue
            candidate = candidate or Candidate.of(unit, memory)
            rank = (*scores.as_tuple(), candidate.rank, -self._order)
            if query.best is None or rank > query.best[0]:
                query.best = (rank, scores, candidate)

    def match(self, source: str) -> tuple[Scores, Candidate] | None:
        """The best fuzzy match of a source of the job, or None."""
        query = self._queries.get(source)
        if query is None or query.best is None:
            return None
        return query.best[1], query.best[2]

    def props(self, source: str) -> list[tuple[str, str]]:
        """`x-fuzzy-match` ("SCORE/NOSTEM/ADJUSTED") and `x-fuzzy-tuid` for a source, or none:
        a `FuzzyHook`."""
        found = self.match(source)
        if found is None:
            return []
        scores, candidate = found
        return [("x-fuzzy-match", "/".join(map(str, scores.as_tuple()))), ("x-fuzzy-tuid", candidate.tuid)]


def build_index(memories: Sequence[TmxReader], segments: Sequence[Context], fuzzy_threshold: int | None = None) -> LeverageIndex:
    """An index of `memories` (in order: the first unit of the best rank wins) for `segments`,
    with a `FuzzyIndex` of their sources when `fuzzy_threshold` is given (in the same pass)."""
    fuzzy = FuzzyIndex((s.source for s in segments), fuzzy_threshold) if fuzzy_threshold else None
    index = LeverageIndex((leverage_key(s.source, s.markup) for s in segments), fuzzy)
    for reader in memories:
        index.add_memory(reader)
    return index


def leveraged_unit(
    source: str,
    match: Match,
    document: str,
    speaker: str | None,
    source_props: Sequence[tuple[str, str]],
    source_markup: str | None = None,
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
        source_markup=source_markup,
        target_markup=found.target_markup if source_markup is not None else None,
    )
