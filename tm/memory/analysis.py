"""`tm analyze`: how much of a new job the memories cover, in the bands a quote is based on.

The documents are cut into the segments `tm build` would make (`read_segments`, `contexts`:
interview labels and dialogue dashes kept unless `strip_labels`), and each segment falls in
the first band that fits, in this order (OmegaT's: a repetition before any match):

- **repetitions**: the source (after `source_key`, the cache's normaliser) was seen earlier
  in the job, in this document or an earlier one;
- **101% (context)** and **100% (exact)**: as `tm build --tm` reuses them
  (tm/memory/leverage.py): the same source, with the same neighbours for 101%;
- **95–99, 85–94, 75–84, 50–74**: the best memory unit by OmegaT's `score` (the first of its
  three, stemmed words without stop words; tm/memory/matching.py), found in the same pass
  over the memories as the 100% and 101% matches (tm/memory/leverage.py's fuzzy index).
  A score of 100 without the same source (only numbers, case or
  punctuation differ: «18,3» against «18,4») is no 100% match and counts as 95–99;
- **no match**: no unit scores 50 or more.

Counted per band: segments, words and characters (without and with white space), as OmegaT
3.6 counts them for its project_stats.txt (`StatCount`, `Statistics`):

- words: the tokens of its `WordIterator` (Java's word breaks; tm/memory/matching.py's
  `word_iterator`) that hold a letter or a digit and are no OmegaT tag: «из-за», «18,3»,
  «2018года» and «г.Москва» are one word each, «COVID-19» and «1-й» two;
- characters: code points, without the tag replacement character `\b`; without spaces
  leaves out Unicode space separators only (Java's `isSpaceChar`), so a tab after an
  interview label counts there as it does in OmegaT.

tests/tm/memory/test_omegat_oracle.py checks both, and the three scores, against OmegaT's own
classes. No model is needed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.memory.build import contexts, read_segments
from tm.memory.leverage import LEVERAGE_CONTEXT, build_index
from tm.memory.matching import Scores, word_iterator
from tm.memory.stats import Volume
from tm.memory.tmx import TmxReader, source_key

REPETITION, CONTEXT, EXACT, NO_MATCH = "repetitions", "101%", "100%", "no match"
# (band, lowest `score` in it) for the fuzzy bands, best first
FUZZY_BANDS = (("95-99", 95), ("85-94", 85), ("75-84", 75), ("50-74", 50))
BANDS = (REPETITION, CONTEXT, EXACT, *(name for name, _ in FUZZY_BANDS), NO_MATCH)
TOTAL = "total"


_TAG_REPLACEMENT = "\b"  # StaticUtils.TAG_REPLACEMENT_CHAR, never counted
_OMEGAT_TAG = re.compile(r"</?[a-zA-Z]+[0-9]+/?>")  # PatternConsts.OMEGAT_TAG
# Java's Character.isSpaceChar: the Unicode space separators (Zs, Zl, Zp), not tab or newline
_SPACE_CHARS = frozenset(
    " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def omegat_words(text: str) -> int:
    """`Statistics.numberOfWords`: WordIterator tokens with a letter or digit, tags left out."""
    return sum(
        1
        for token in word_iterator(text)
        if any(char.isalpha() or char.isdecimal() for char in token) and not _OMEGAT_TAG.fullmatch(token)
    )


def omegat_characters(text: str) -> tuple[int, int]:
    """`Statistics.numberOfCharactersWithoutSpaces` and `…WithSpaces` of a text."""
    with_spaces = len(text) - text.count(_TAG_REPLACEMENT)
    return with_spaces - sum(char in _SPACE_CHARS for char in text), with_spaces


def fuzzy_band(score: int) -> str:
    """The band of a best `score` for a segment without a 100% or 101% match."""
    return next((name for name, low in FUZZY_BANDS if score >= low), NO_MATCH)


@dataclass
class BandCount:
    """The size of one band: segments, and their words and characters as OmegaT counts them."""

    segments: int = 0
    volume: Volume = field(default_factory=Volume)

    def add(self, text: str) -> None:
        self.segments += 1
        characters, with_spaces = omegat_characters(text)
        self.volume.words += omegat_words(text)
        self.volume.characters += characters
        self.volume.characters_with_spaces += with_spaces

    def merge(self, other: BandCount) -> None:
        self.segments += other.segments
        self.volume.words += other.volume.words
        self.volume.characters += other.volume.characters
        self.volume.characters_with_spaces += other.volume.characters_with_spaces

    def to_dict(self) -> dict[str, int]:
        return {"segments": self.segments, **self.volume.to_dict()}


@dataclass
class SegmentResult:
    """One segment's band, and the three OmegaT scores of its best fuzzy unit (if scored)."""

    document: str
    source: str
    band: str
    scores: Scores | None = None
    tuid: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "document": self.document,
            "source": self.source,
            "band": self.band,
            "score": None if self.scores is None else self.scores.score,
            "score_no_stem": None if self.scores is None else self.scores.score_no_stem,
            "adjusted_score": None if self.scores is None else self.scores.adjusted_score,
            "tuid": self.tuid,
        }


def _bands() -> dict[str, BandCount]:
    return {band: BandCount() for band in BANDS}


@dataclass
class Analysis:
    """The bands of each document (in input order) and of the whole job."""

    documents: dict[str, dict[str, BandCount]] = field(default_factory=dict)
    total: dict[str, BandCount] = field(default_factory=_bands)
    segments: list[SegmentResult] = field(default_factory=list)
    memories: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the input documents read (not stdin)

    def add(self, result: SegmentResult) -> None:
        self.segments.append(result)
        self.documents.setdefault(result.document, _bands())[result.band].add(result.source)
        self.total[result.band].add(result.source)

    def rows(self) -> list[tuple[str, str, BandCount]]:
        """(document or TOTAL, band or TOTAL, count): each document's bands and sum, then the job's."""
        found: list[tuple[str, str, BandCount]] = []
        for name, bands in [*self.documents.items(), (TOTAL, self.total)]:
            whole = BandCount()
            for band, count in bands.items():
                found.append((name, band, count))
                whole.merge(count)
            found.append((name, TOTAL, whole))
        return found

    def to_dict(self) -> dict[str, object]:
        table: dict[str, dict[str, dict[str, int]]] = {}
        for name, band, count in self.rows():
            table.setdefault(name, {})[band] = count.to_dict()
        total = table.pop(TOTAL)
        return {
            "memories": self.memories,
            "word_rule": "OmegaT 3.6 (Statistics.numberOfWords, numberOfCharacters)",
            "bands": list(BANDS),
            "documents": table,
            "total": total,
            "segments": [s.to_dict() for s in self.segments],
        }

    def to_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["document", "band", "segments", "words", "characters", "characters_with_spaces"])
        for name, band, count in self.rows():
            v = count.volume
            writer.writerow([name, band, count.segments, v.words, v.characters, v.characters_with_spaces])
        return out.getvalue().encode("utf-8")

    def render(self) -> str:
        head = f"  {'band':<12} {'segments':>9} {'words':>9} {'characters':>11} {'with spaces':>12}"
        lines: list[str] = []
        current = None
        for name, band, count in self.rows():
            if name != current:
                lines += ([""] if current is not None else []) + [name if name != TOTAL else "all documents", head]
                current = name
            v = count.volume
            lines.append(f"  {band:<12} {count.segments:>9} {v.words:>9} {v.characters:>11} {v.characters_with_spaces:>12}")
        lines.append("")
        lines.append("words and characters as OmegaT counts them; bands by OmegaT's score")
        return "\n".join(lines)


def analyze(
    paths: Sequence[str],
    memories: Sequence[Path],
    keep_furniture: bool = False,
    strip_labels: bool = False,
    source_lang: str | None = None,
) -> Analysis:
    """Band every segment of the documents against the memories (a TmxError, exit 3, for a
    broken memory; an InputError for unreadable documents)."""
    readers = [TmxReader(path, source_lang) for path in memories]  # a missing or broken header fails here
    inputs = read_segments(paths, keep_furniture)
    found = contexts(inputs.segments, strip_labels)
    # One pass over the memories finds the exact, context and fuzzy matches together (the
    # fuzzy index of `tm build --tm`, kept at the lowest band's `score`).
    index = build_index(readers, found, fuzzy_threshold=FUZZY_BANDS[-1][1])
    seen: set[str] = set()
    pending: dict[str, list[int]] = {}  # source → indices of segments waiting for a fuzzy score
    results: list[SegmentResult] = []
    for segment, context in zip(inputs.segments, found, strict=True):
        key = source_key(context.source)
        result = SegmentResult(segment.document, context.source, REPETITION)
        if key not in seen:
            seen.add(key)
            match = index.match(context)
            if match is not None:
                result.band = CONTEXT if match.kind == LEVERAGE_CONTEXT else EXACT
                result.tuid = match.candidate.tuid
            else:
                pending.setdefault(context.source, []).append(len(results))
        results.append(result)
    for source, waiting in pending.items():
        fuzzy = index.fuzzy.match(source) if index.fuzzy is not None else None
        for i in waiting:
            if fuzzy is None:
                results[i].band = NO_MATCH
            else:
                scores, candidate = fuzzy
                results[i].scores, results[i].tuid = scores, candidate.tuid
                results[i].band = fuzzy_band(scores.score)
    analysis = Analysis(memories=[str(path) for path in memories], files=inputs.files)
    for result in results:
        analysis.add(result)
    return analysis
