"""`tm pretranslate` and `tm merge`: a document to a pre-translated XLIFF, and back.

Pretranslate reads the document with its format's reader (blocks with inline codes; a
`.txt` is one block per line), cuts each block into sentences as `tm build` does
(tm/text/segment.py; every paragraph, furniture included, as a CAT tool translates it),
and gives each sentence a target: a 100% or 101% match of the `--tm` memories first, its
origin kept (tm/memory/leverage.py), else the model's translation through the cache, codes
put back by tm/mt/codes.py. `--copy-source` makes every target its source (the identity
round trip, and a file for a translator who wants no MT). The XLIFF layout and states are
tm/documents/xliff_write.py's.

Merge reads the XLIFF (tm/documents/xliff.py), finds the original through the skeleton
reference (or `--original`), checks its SHA-256, reads and segments it again (the same
steps, so the same units), and assembles each block's target: the target sentences joined
by the original's text between them (spaces, a dialogue dash), the sentence-level codes
mapped back to the block's codes (halves of a span cut by a sentence boundary paired again).
A target whose codes were lost, added or broken is reported, one line per unit, and its
codes are put at the segment's ends, never dropped. A block whose every target is its
source is not rewritten (the original's paragraph stays byte for byte). The format's write-back module
(tm/documents/writeback/) writes the copy; the output goes through tm/core/atomic.py.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.core.atomic import check_outputs, require_suffix, write_bytes
from tm.core.display import shown_name
from tm.core.errors import InputError
from tm.core.inputs import open_input
from tm.core.langcodes import SOURCE_LANG, TARGET_LANG, check_pair
from tm.core.progress import CountProgress
from tm.documents.codes import isolated, numbered
from tm.documents.model import Block, Code, check_block
from tm.documents.writeback.plaintext import line_ref
from tm.documents.xliff_write import (
    CONTEXT,
    COPY,
    EXACT,
    MT,
    VERSIONS,
    Candidate,
    Group,
    Skeleton,
    Unit,
    code_xliff_id,
    read_skeleton,
    write_xliff,
)
from tm.memory.build import SentenceTranslator, leverage, translate_unique
from tm.memory.leverage import FUZZY_THRESHOLD, LEVERAGE_CONTEXT, Match
from tm.memory.tmx import TmxReader
from tm.mt.cache import TranslationCache
from tm.mt.codes import place_codes
from tm.mt.engine import MtSettings
from tm.text.documents import Document, read_document
from tm.text.segment import Segment, segment_document

XLIFF_SUFFIXES = (".xlf", ".xliff")
PLAINTEXT = "plaintext"  # the format name of a .txt: its write-back is tm/documents/writeback/plaintext.py
MAX_XLIFF_BYTES = 512 * 1024 * 1024

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Original:
    """A document as pretranslate and merge read it: its bytes, format and blocks."""

    path: str
    label: str
    data: bytes
    format: str
    document: Document

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Placed:
    """One sentence of a block: the block's number (1-based, among all the document's
    blocks), the sentence's in the block, and where it stands in the block text."""

    number: int
    sentence: int
    segment: Segment
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"{self.number}.{self.sentence}"


@dataclass
class PretranslateOptions:
    xliff_version: str = "1.2"
    tm: Sequence[Path] = ()
    copy_source: bool = False
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG
    fuzzy_threshold: int = FUZZY_THRESHOLD


@dataclass
class PretranslateReport:
    format: str = ""
    blocks: int = 0
    segments: int = 0
    exact: int = 0
    context: int = 0
    mt: int = 0
    copied: int = 0
    fuzzy: int = 0
    translated: int = 0
    from_cache: int = 0
    tm_skipped: int = 0
    seconds: float = 0.0
    model: str = ""


@dataclass
class MergeReport:
    format: str = ""
    blocks: int = 0
    units: int = 0
    untranslated: int = 0  # units without a target: their source is kept
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- reading and segmenting (both directions: the same steps give the same units) ---


def load_original(path: str) -> Original:
    """Read a document into blocks (a plain-text file: one block per line, `ref` "line N")."""
    document = read_document(path)
    with open_input(path) as handle:
        data = handle.read()
    if document.format is None:
        blocks = tuple(Block(line, ref=line_ref(n)) for n, line in enumerate(document.text.split("\n"), start=1))
        document = Document(document.name, document.text, document.encoding, None, blocks)
    return Original(path, document.name, data, document.format or PLAINTEXT, document)


def place_segments(document: Document) -> list[Placed]:
    """The document's sentences (every paragraph, as a CAT tool translates it), each in its block."""
    numbers = [n for n, block in enumerate(document.blocks, start=1) if block.translate and block.text.strip()]
    placed: list[Placed] = []
    cursor: dict[int, int] = {}
    for segment in segment_document(document, keep_furniture=True):
        number = numbers[segment.paragraph]
        text = document.blocks[number - 1].text
        at = cursor.get(number, 0)
        start = text.find(segment.text, at)
        if start < 0:  # a splitter that changed the text: it goes where the last one ended
            start = at
        end = start + len(segment.text) if text.startswith(segment.text, start) else start
        cursor[number] = end
        sentence = sum(1 for p in placed if p.number == number) + 1
        placed.append(Placed(number, sentence, segment, start, end))
    return placed


# --- pretranslate ---


def _leveraged_codes(segment: Segment, match: Match) -> tuple[Code, ...]:
    """The memory target's codes where it has the segment's (same ids and kinds), else the
    segment's codes placed in the target as MT's are."""
    found = match.candidate
    if not segment.codes:
        return ()
    if found.target_markup is not None:
        from tm.memory.inline_tmx import codes_of

        text, codes = codes_of(found.target_markup)
        if text == found.target and sorted((c.id, c.kind) for c in codes) == sorted((c.id, c.kind) for c in segment.codes):
            return codes
    return place_codes(segment.text, segment.codes, found.target)[0]


def _match_note(match: Match) -> str:
    found = match.candidate
    origin = dict(found.props).get("x-Origin", "")
    kind = "101% context match (same source, previous and next sentence)" if match.kind == LEVERAGE_CONTEXT else "100% match"
    return f"{kind} from {Path(found.memory).name}, unit {found.tuid}" + (f", origin {origin}" if origin else "")


def pretranslated_groups(
    original: Original,
    translator: SentenceTranslator | None,
    cache: TranslationCache | None,
    options: PretranslateOptions,
    progress: CountProgress | None = None,
) -> tuple[list[Group], PretranslateReport]:
    """The XLIFF groups of a document, targets from the memories, then the model."""
    started = time.perf_counter()
    placed = place_segments(original.document)
    if not placed:
        raise InputError(f"{original.label}: no sentences to translate")
    segments = [p.segment for p in placed]
    report = PretranslateReport(original.format, len({p.number for p in placed}), len(placed))
    memories = [TmxReader(path, options.source_lang, options.target_lang) for path in options.tm]
    matches: list[Match | None] = [None] * len(segments)
    fuzzy = None
    if not options.copy_source:
        matches, report.tm_skipped, fuzzy = leverage(segments, memories, True, options.fuzzy_threshold)
    todo = [s.text for s, m in zip(segments, matches, strict=True) if m is None]
    translations = None
    if not options.copy_source and todo:
        assert translator is not None and cache is not None
        cache.open()
        translations = translate_unique(todo, translator, cache, progress)
        report.translated, report.from_cache, report.model = translations.translated, translations.from_cache, translator.label
    by_block: dict[int, list[Unit]] = {}
    for item, match in zip(placed, matches, strict=True):
        segment = item.segment
        candidates: list[Candidate] = []
        note = ""
        if options.copy_source:
            target, codes, origin = segment.text, segment.codes, COPY
            report.copied += 1
        elif match is not None:
            target, codes = match.candidate.target, _leveraged_codes(segment, match)
            origin = CONTEXT if match.kind == LEVERAGE_CONTEXT else EXACT
            note = _match_note(match)
            memory = Path(match.candidate.memory).name
            candidates.append(Candidate(target, codes, memory, "tm", 101 if origin == CONTEXT else 100, own=True))
            report.context += origin == CONTEXT
            report.exact += origin == EXACT
        else:
            assert translations is not None and translator is not None
            target = translations[segment.text]
            codes = place_codes(segment.text, segment.codes, target)[0]
            origin = MT
            candidates.append(Candidate(target, codes, translator.label, "mt", own=True))
            report.mt += 1
        if fuzzy is not None and origin == MT:
            best = fuzzy.match(segment.text)
            if best is not None:
                scores, found = best
                candidates.append(Candidate(found.target, (), Path(found.memory).name, "tm", scores.score))
                report.fuzzy += 1
        unit = Unit(item.id, segment.text, segment.codes, target, codes, origin, note, tuple(candidates))
        by_block.setdefault(item.number, []).append(unit)
    blocks = original.document.blocks
    groups = [Group(number, blocks[number - 1].ref or str(number), tuple(units)) for number, units in by_block.items()]
    report.seconds = time.perf_counter() - started
    return groups, report


def skeleton_of(original: Original, output: Path, options: PretranslateOptions) -> Skeleton:
    """The reference to the original, as merge will look for it: relative to the XLIFF's folder."""
    location = os.path.abspath(original.path)
    href = os.path.relpath(location, os.path.dirname(os.path.abspath(output)))
    return Skeleton(Path(original.path).name, href, original.sha256, original.format, options.source_lang, options.target_lang)


def pretranslate(
    document: str,
    output: Path,
    translator: SentenceTranslator | None,
    cache: TranslationCache | None,
    options: PretranslateOptions | None = None,
    progress: CountProgress | None = None,
) -> PretranslateReport:
    """Write `document` as a pre-translated XLIFF at `output` (see the module docstring)."""
    options = options or PretranslateOptions()
    check_pretranslate_outputs(document, output, options, cache)
    original = load_original(document)
    groups, report = pretranslated_groups(original, translator, cache, options, progress)
    data = write_xliff(options.xliff_version, skeleton_of(original, output, options), groups)
    write_bytes(output, data, [document, *options.tm])
    return report


def check_pretranslate_outputs(
    document: str, output: Path, options: PretranslateOptions, cache: TranslationCache | None = None
) -> None:
    """Before anything slow: the XLIFF version, -o's suffix, and that no output is an input."""
    from tm.core.errors import UsageError

    if options.xliff_version not in VERSIONS:
        raise UsageError(f"--xliff {options.xliff_version}: not an XLIFF version this tool writes (1.2 or 2.0)")
    require_suffix(output, list(XLIFF_SUFFIXES))
    side = {(cache.label or "the translation cache"): cache.path} if cache is not None else {}
    check_outputs({"-o": output, **side}, [document, *options.tm])


def pretranslate_with_settings(
    document: str,
    output: Path,
    settings: MtSettings | None = None,
    options: PretranslateOptions | None = None,
    progress: CountProgress | None = None,
    warn: Warn | None = None,
) -> PretranslateReport:
    """`tm pretranslate`: no model is loaded for `--copy-source`."""
    settings, options = settings or MtSettings(), options or PretranslateOptions()
    if options.copy_source:
        return pretranslate(document, output, None, None, options, progress)
    check_pretranslate_outputs(document, output, options)
    cache = settings.open_cache(warn)
    try:
        translator = settings.translator()
        check_pair(options.source_lang, options.target_lang, translator.info.from_code, translator.info.to_code)
        return pretranslate(document, output, translator, cache, options, progress)
    finally:
        cache.close()


# --- merge ---

# A target sentence for assembly: its text, and for each of its codes the index of the
# source segment's code it is and its offset; None: the codes could not be kept.
Target = tuple[str, list[tuple[int, int]] | None]


def _compatible(source: Code, alone: bool, target: Code) -> bool:
    """Whether a target code read from XLIFF can be this source code (the reader gives
    half a span, `<bx/>`/`<sc isolated>`, as a placeholder)."""
    return source.kind == target.kind or (alone and target.kind == "placeholder")


def match_codes(source: Sequence[Code], target: Sequence[Code]) -> list[tuple[int, int]] | None:
    """Each target code as (the index of the source code it is, its offset), or None when
    the target's codes are not the source's: one lost, added or twice, spans that do not nest."""
    alone = isolated(source)
    used: set[int] = set()
    opened: dict[int, int] = {}  # the reader's id of a target open → its source index
    pairs: list[tuple[int, int]] = []
    for code in target:
        xid = code_xliff_id(code)
        found: int | None = None
        if code.kind == "close" and code.id in opened:
            partner = source[opened[code.id]]
            found = next((i for i, s in enumerate(source) if s.kind == "close" and s.id == partner.id and i not in used), None)
        else:
            for i, s in enumerate(source):
                if i in used or not _compatible(s, i in alone, code):
                    continue
                if (xid is not None and str(s.id) == xid) or (xid is None and s.data == code.data):
                    found = i
                    break
        if found is None:
            return None
        used.add(found)
        if code.kind == "open":
            opened[code.id] = found
        pairs.append((found, code.offset))
    if len(used) != len(source):
        return None
    stack: list[int] = []
    for index, _ in pairs:  # spans nest in the target as in a block
        code = source[index]
        if index in alone:
            continue
        if code.kind == "open":
            stack.append(code.id)
        elif code.kind == "close":
            if not stack or stack[-1] != code.id:
                return None
            stack.pop()
    return pairs


def _at_ends(source: Sequence[Code], length: int) -> list[tuple[int, int]]:
    """Every code at an end of the target, in source order: closes of spans opened in an
    earlier sentence at its start, all others at its end (the block's spans still nest)."""
    alone = isolated(source)
    start = [(i, 0) for i, c in enumerate(source) if c.kind == "close" and i in alone]
    return start + [(i, length) for i, c in enumerate(source) if not (c.kind == "close" and i in alone)]


def assemble(block: Block, placed: Sequence[Placed], targets: Sequence[Target | None], warn: Warn, label: str) -> Block:
    """A block's translation: the target sentences in the source's places, the text between
    them as the original has it, the codes as the block's (ids, types, data)."""
    originals = {(c.id, c.kind): block.codes[i] for i, c in enumerate(numbered(block.codes))}
    if all(
        t is None or (t[0] == p.segment.text and t[1] == [(i, c.offset) for i, c in enumerate(p.segment.codes)])
        for p, t in zip(placed, targets, strict=True)
    ):
        return block  # every sentence as it was: the block as it was, codes exactly in place

    def build(ends: bool) -> Block:
        parts: list[str] = []
        codes: list[Code] = []
        cursor = length = 0
        for item, target in zip(placed, targets, strict=True):
            between = block.text[cursor : item.start]
            parts.append(between)
            length += len(between)
            text, pairs = target if target is not None else (item.segment.text, None)
            source = item.segment.codes
            if target is None:
                pairs = [(i, c.offset) for i, c in enumerate(source)]
            if pairs is None or ends:
                pairs = _at_ends(source, len(text))
            for index, offset in pairs:
                code = source[index]
                kept = originals.get((code.id, code.kind))
                if kept is not None:
                    codes.append(Code(kept.kind, kept.id, length + min(offset, len(text)), kept.type, kept.data))
            parts.append(text)
            length += len(text)
            cursor = item.end
        parts.append(block.text[cursor:])
        return Block("".join(parts).replace("\n", " "), tuple(codes), block.part, block.ref, block.translate, block.lang)

    result = build(False)
    try:
        check_block(result)
    except ValueError:
        warn(
            f"{label}: block {placed[0].number} ({block.ref}): its targets' codes do not nest across sentences; "
            "they are put at the sentences' ends"
        )
        result = build(True)
    return result


def _unit_id(ref: str) -> str:
    """The unit id of a reader's `file/unit[/segment]` ref."""
    parts = ref.split("/")
    unit = parts[1] if len(parts) > 1 else parts[0]
    return unit.replace("%2F", "/").replace("%25", "%")


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def merge_xliff(xliff: Path, output: Path, original: Path | None = None, warn: Warn | None = None) -> MergeReport:
    """`tm merge`: the XLIFF's targets put into a copy of its original, written at `output`."""
    from tm.documents import xliff as xliff_reader
    from tm.documents.writeback import writer

    started = time.perf_counter()
    report = MergeReport()

    def note(line: str) -> None:
        report.warnings.append(line)
        if warn is not None:
            warn(line)

    label = shown_name(str(xliff))
    check_outputs({"-o": output}, [xliff, original])
    with open_input(str(xliff), max_bytes=MAX_XLIFF_BYTES) as handle:
        data = handle.read()
    skeleton = read_skeleton(data, label)
    path = original if original is not None else (xliff.parent / skeleton.href)
    if not path.exists():
        raise InputError(f"{label}: its original {skeleton.href} is not there ({shown_name(str(path))}); pass --original PATH")
    check_outputs({"-o": output}, [xliff, path])
    source = load_original(str(path))
    if skeleton.sha256 and source.sha256 != skeleton.sha256:
        raise InputError(
            f"{shown_name(str(path))}: not the original {label} was made from (its SHA-256 differs); "
            "pass --original with that file"
        )
    placed = place_segments(source.document)
    by_id = {p.id: p for p in placed}
    targets: dict[str, Target | None] = {}
    unknown: list[str] = []
    for unit in xliff_reader.read(data, label).blocks:
        unit_id = _unit_id(unit.ref)
        item = by_id.get(unit_id)
        if item is None or not _same_text(unit.text, item.segment.text):
            unknown.append(unit_id)
            continue
        report.units += 1
        if unit.target is None:
            report.untranslated += 1
            targets[unit_id] = None
            continue
        pairs = match_codes(item.segment.codes, unit.target.codes)
        if pairs is None:
            note(
                f"{label}: unit {unit_id}: its target's codes are not the source's (lost, added or out of order); "
                "they are put at the segment's ends"
            )
        targets[unit_id] = (unit.target.text, pairs)
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise InputError(
            f"{label}: units that do not match the original {shown_name(str(path))} (ids or sources differ): {shown}"
        )
    blocks = source.document.blocks
    result: dict[str, Block] = {}
    numbers = sorted({p.number for p in placed})
    for number in numbers:
        items = [p for p in placed if p.number == number]
        block = blocks[number - 1]
        assembled = assemble(block, items, [targets.get(p.id) for p in items], note, label)
        if assembled is not block:  # a block whose every sentence is its source stays as it was, byte for byte
            result[block.ref] = assembled
    written = writer(source.format)(source.data, source.label, result)
    for problem in written.problems:
        note(problem)
    write_bytes(output, written.data, [xliff, path])
    report.format, report.blocks, report.seconds = source.format, len(numbers), time.perf_counter() - started
    return report


def translate_document_file(
    document: str,
    output: Path,
    settings: MtSettings | None = None,
    options: PretranslateOptions | None = None,
    warn: Warn | None = None,
) -> MergeReport:
    """`tm translate DOC -o DOC.en.docx`: pretranslate and merge in one, without an XLIFF
    (the same targets: the memories first, then the model)."""
    from tm.documents.writeback import writer

    settings, options = settings or MtSettings(), options or PretranslateOptions()
    check_outputs({"-o": output}, [document, *options.tm])
    source = load_original(document)
    cache = settings.open_cache(warn) if not options.copy_source else None
    try:
        translator = settings.translator() if not options.copy_source else None
        groups, _ = pretranslated_groups(source, translator, cache, options)
    finally:
        if cache is not None:
            cache.close()
    report = MergeReport(source.format)

    def note(line: str) -> None:
        report.warnings.append(line)
        if warn is not None:
            warn(line)

    placed = place_segments(source.document)
    units = {u.id: u for g in groups for u in g.units}
    result: dict[str, Block] = {}
    for number in sorted({p.number for p in placed}):
        items = [p for p in placed if p.number == number]
        block = source.document.blocks[number - 1]
        targets: list[Target | None] = []
        for p in items:
            unit = units[p.id]
            index = {(c.id, c.kind): i for i, c in enumerate(p.segment.codes)}
            pairs = [(index[(c.id, c.kind)], c.offset) for c in unit.target_codes if (c.id, c.kind) in index]
            targets.append((unit.target or "", pairs if len(pairs) == len(p.segment.codes) else None))
        assembled = assemble(block, items, targets, note, source.label)
        if assembled is not block:
            result[block.ref] = assembled
        report.units += len(items)
        report.blocks += 1
    written = writer(source.format)(source.data, source.label, result)
    for problem in written.problems:
        note(problem)
    write_bytes(output, written.data, [document, *options.tm])
    return report
