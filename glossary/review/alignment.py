"""The pairs of an aligned memory (`tm align`), reviewed: doubtful ones first.

The pairs are shown in document order, those scoring below `DOUBTFUL_SCORE` first (the
calibrated score, `x-align-score`, tm/align/calibration.py). Decisions, each written to the
TMX at once (`TmxWriter`: temporary file, rename):

- accept: the pair is marked human-reviewed (`x-Origin` Review, changedate, changeid), as
  `tm review import` marks what a reviewer checked;
- reject: the pair leaves the TMX; its two sentences are listed in the report, a TSV with
  the columns of `tm align --report` (side, document, paragraph, sentence);
- join: the pair and the next one become one pair (reviewed);
- split: the pair becomes two at a sentence boundary of each side (both reviewed).

Each pair has a version like a glossary entry (terms.py): a stale request is refused (409).
`undo` takes back the last decision: the pairs as they were, and the TMX and the report on
disk as they were, byte for byte (the bytes each held before the decision are kept, up to
`UNDO_BYTES` in all; older steps are forgotten first).
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from glossary.review.terms import PAGE_SIZE, ReviewError
from tm.align.anchors import english_anchors, russian_anchors
from tm.core import xmlsafe
from tm.core.atomic import write_bytes
from tm.memory.review import mark_reviewed
from tm.memory.tmx import ORIGIN_REVIEW, TmxHeader, TmxReader, TmxUnit, TmxWriter
from tm.text.english_sentences import split_english
from tm.text.sentences import split_sentences

# The calibrated score below which a pair is doubtful: the dev choice of calibration.py (the
# highest threshold that loses at most 2% of right links while dropping half the wrong ones).
DOUBTFUL_SCORE = 0.65
UNDO_BYTES = 256 << 20  # what the undo steps may hold of the files' old bytes, together
_WORD = re.compile(r"\w[\w'’-]*|\d[\d.,]*")


@dataclass
class Pair:
    id: str
    position: int  # in the file, from 0
    unit: TmxUnit
    version: int = 1

    @property
    def score(self) -> float | None:
        value = self.unit.prop("x-align-score")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    @property
    def doubtful(self) -> bool:
        return self.score is not None and self.score < DOUBTFUL_SCORE

    @property
    def reviewed(self) -> bool:
        return (self.unit.prop("x-Origin") or "") == ORIGIN_REVIEW


@dataclass
class Highlighted:
    """A sentence cut into (text, is an anchor both sides share) pieces."""

    pieces: list[tuple[str, bool]]


@dataclass
class _Undo:
    """One decision, to take back: the pairs before it (the list, and a copy of each pair
    it changed in place), and the bytes of the TMX and the report (None: no report yet)."""

    pairs: list[Pair]
    changed: list[tuple[Pair, TmxUnit]] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    tmx: bytes = b""
    report: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.tmx) + len(self.report or b"")


def report_path(memory: Path) -> Path:
    """Where the pairs rejected from `memory` are listed: beside it."""
    return memory.with_name(memory.stem + ".rejected.tsv")


class AlignmentReview:
    """The aligned memory at `path` under review."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.report = report_path(path)
        self.lock = threading.RLock()
        reader = TmxReader(path)
        units = list(reader)
        self.header = _header(reader, path, units)
        self._next = 0
        self.pairs: list[Pair] = [self._pair(u) for u in units]
        self.rejected: list[str] = self._old_report()
        self.undo_stack: list[_Undo] = []

    def _pair(self, unit: TmxUnit) -> Pair:
        self._next += 1
        return Pair(f"p{self._next}", 0, unit)

    def _old_report(self) -> list[str]:
        if not self.report.is_file():
            return []
        return [line for line in self.report.read_text("utf-8").splitlines()[1:] if line]

    def ordered(self) -> list[Pair]:
        """Doubtful pairs first, each group in document order."""
        for position, pair in enumerate(self.pairs):
            pair.position = position
        return sorted(self.pairs, key=lambda p: (not p.doubtful or p.reviewed, p.position))

    def page(self, page: int, size: int = PAGE_SIZE) -> tuple[list[Pair], int, int]:
        with self.lock:
            pairs = self.ordered()
            pages = max(1, -(-len(pairs) // size))
            page = min(max(page, 0), pages - 1)
            return pairs[page * size : (page + 1) * size], page, pages

    def pair(self, pair_id: str) -> Pair:
        found = next((p for p in self.pairs if p.id == pair_id), None)
        if found is None:
            raise ReviewError(404, f"no pair {pair_id!r} in {self.path.name}")
        return found

    def decide(self, action: str, pair_id: str, version: int, values: dict[str, str]) -> None:
        with self.lock:
            pair = self.pair(pair_id)
            if version != pair.version:
                raise ReviewError(409, f"this pair was changed in another tab (version {pair.version}, not {version}): reload")
            i = self.pairs.index(pair)
            if action not in ("accept", "reject", "join", "split"):
                raise ReviewError(400, f"unknown action {action!r}")
            undo = _Undo(list(self.pairs), [(pair, copy.deepcopy(pair.unit))], list(self.rejected))
            undo.tmx = self.path.read_bytes()
            undo.report = self.report.read_bytes() if self.report.is_file() else None
            if action == "accept":
                mark_reviewed(pair.unit)
                pair.version += 1
            elif action == "reject":
                del self.pairs[i]
                u = pair.unit
                self.rejected += [_report_row("ru", u, u.prop("x-document")), _report_row("en", u, u.prop("x-document-en"))]
            elif action == "join":
                if i + 1 >= len(self.pairs):
                    raise ReviewError(400, "the last pair has no next pair to join")
                joined = self._pair(_joined(pair.unit, self.pairs[i + 1].unit))
                self.pairs[i : i + 2] = [joined]
            elif action == "split":
                first, second = _split(pair.unit, _number(values, "ru"), _number(values, "en"))
                self.pairs[i : i + 1] = [self._pair(first), self._pair(second)]
            if action == "join":
                undo.changed.append((undo.pairs[i + 1], undo.pairs[i + 1].unit))
            try:
                self._save(action == "reject")
            except BaseException:
                self._restore(undo)
                raise
            self._push(undo)

    def undo(self) -> None:
        """Take back the last decision: the pairs, the TMX and the report as they were."""
        with self.lock:
            if not self.undo_stack:
                raise ReviewError(409, "nothing to undo")
            last = self.undo_stack[-1]
            write_bytes(self.path, last.tmx)
            if last.report is None:
                self.report.unlink(missing_ok=True)
            else:
                write_bytes(self.report, last.report, inputs=[self.path])
            self.undo_stack.pop()
            self._restore(last)

    def _restore(self, undo: _Undo) -> None:
        self.pairs, self.rejected = undo.pairs, undo.rejected
        for pair, unit in undo.changed:
            pair.unit = unit
            pair.version += 1  # a tab that saw the pair before the undo is stale

    def _push(self, undo: _Undo) -> None:
        self.undo_stack.append(undo)
        held = sum(u.size for u in self.undo_stack)
        while len(self.undo_stack) > 1 and held > UNDO_BYTES:
            held -= self.undo_stack.pop(0).size

    def _save(self, report: bool) -> None:
        with TmxWriter(self.path, self.header) as writer:
            for pair in self.pairs:
                writer.write(pair.unit)
        if report:
            rows = ["side\tdocument\tparagraph\tsentence", *self.rejected]
            write_bytes(self.report, ("\n".join(rows) + "\n").encode("utf-8"), inputs=[self.path])


def _header(reader: TmxReader, path: Path, units: list[TmxUnit]) -> TmxHeader:
    """The memory's header as the writer takes it (languages, creation)."""
    from tm.memory.review import _tmx_header  # the header `tm review import` writes back

    return _tmx_header(path, reader.source)[0]  # type: ignore[no-any-return]


def _number(values: dict[str, str], side: str) -> int:
    value = values.get(side, "1")
    if not value.isdigit():
        raise ReviewError(400, f"{side}: a sentence boundary is a number, not {value!r}")
    return int(value)


def _report_row(side: str, unit: TmxUnit, document: str | None) -> str:
    text = unit.source if side == "ru" else unit.target
    return f"{side}\t{document or ''}\t{unit.prop('x-paragraph') or ''}\t{' '.join(text.split())}"


def _kind(a: TmxUnit, b: TmxUnit) -> str:
    try:
        (ra, ea), (rb, eb) = ((int(x) for x in (u.prop("x-align-type") or "1-1").split("-")) for u in (a, b))
    except ValueError:
        return ""
    return f"{ra + rb}-{ea + eb}"


def _markup(plain: str, markup: str | None) -> str:
    return markup if markup is not None else xmlsafe.escape_text(plain)


def _joined(a: TmxUnit, b: TmxUnit) -> TmxUnit:
    has_markup = any(m is not None for m in (a.source_markup, a.target_markup, b.source_markup, b.target_markup))
    props = [(k, v) for k, v in a.props if k not in ("x-align-type", "x-align-score")]
    if kind := _kind(a, b):
        props.append(("x-align-type", kind))
    unit = TmxUnit(
        f"{a.source} {b.source}",
        f"{a.target} {b.target}",
        props,
        list(a.source_props),
        source_markup=f"{_markup(a.source, a.source_markup)} {_markup(b.source, b.source_markup)}" if has_markup else None,
        target_markup=f"{_markup(a.target, a.target_markup)} {_markup(b.target, b.target_markup)}" if has_markup else None,
        creationdate=a.creationdate,
        creationid=a.creationid,
    )
    mark_reviewed(unit)
    return unit


def sentences(text: str, russian: bool) -> list[str]:
    return split_sentences(text) if russian else split_english(text)


def _split(unit: TmxUnit, ru_at: int, en_at: int) -> tuple[TmxUnit, TmxUnit]:
    """Two units: the first `ru_at` Russian and `en_at` English sentences, and the rest."""
    ru, en = sentences(unit.source, True), sentences(unit.target, False)
    if not (0 < ru_at < len(ru) and 0 < en_at < len(en)):
        raise ReviewError(400, f"no sentence boundary there: the pair has {len(ru)} Russian and {len(en)} English sentences")
    props = [(k, v) for k, v in unit.props if k not in ("x-align-type", "x-align-score")]
    halves = []
    for ru_part, en_part in ((ru[:ru_at], en[:en_at]), (ru[ru_at:], en[en_at:])):
        half = replace(
            unit,
            source=" ".join(ru_part),
            target=" ".join(en_part),
            props=[*props, ("x-align-type", f"{len(ru_part)}-{len(en_part)}")],
            tuid=None,
            source_markup=None,  # inline codes cannot be cut at a sentence: the halves are plain text
            target_markup=None,
        )
        mark_reviewed(half)
        halves.append(half)
    return halves[0], halves[1]


def highlight(ru: str, en: str) -> tuple[Highlighted, Highlighted]:
    """Both sides with the words whose anchors (numbers, months, names, Latin words) the
    other side has too marked: what the aligner matched them on."""
    shared = russian_anchors(ru) & english_anchors(en)
    return _pieces(ru, shared, russian_anchors), _pieces(en, shared, english_anchors)


def _pieces(text: str, shared: frozenset[str], anchors: Callable[[str], frozenset[str]]) -> Highlighted:
    pieces: list[tuple[str, bool]] = []
    position = 0
    for m in _WORD.finditer(text):
        if m.start() > position:
            pieces.append((text[position : m.start()], False))
        word = m.group()
        # "и " first: a Russian name counts as one only after the first word of a sentence
        pieces.append((word, bool(shared) and bool(anchors("и " + word) & shared)))
        position = m.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return Highlighted(pieces)
