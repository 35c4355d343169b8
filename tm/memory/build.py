"""The `tm build` pipeline: documents → segments → cached batched MT → TMX.

Each step is a function that returns its result as a value (`read_segments` →
`SegmentedInputs`, `translate_unique` → `Translations`); `build_memory` composes them, and
`glossary.build` reuses the first two for text sources. `build_with_settings` and
`translate_document` are `tm build` and `tm translate`, from the command's MT settings.

A segment with inline codes (a document format's bold, links, footnote references) is
written as TMX level 2 (tm/memory/inline_tmx.py), in the form OmegaT reads as its own tags.
The model and the translation cache see its plain text only; the codes are put back into
the English at the corresponding places (tm/mt/codes.py), numbered as in the source.

With a glossary (`--glossary`, a translator with `glossary`), an MT unit whose source has
approved terms says what became of them: `x-terms` (ok, forced, missing), `x-terms-required`
(the English terms) and, when some are missing, `x-terms-missing` (tm/mt/constrained.py).

With `MtSettings.ray` (`tm build --ray`) the model calls run on a Ray cluster
(tm/mt/ray_runner.py); everything else, the cache and the TMX included, runs here.

With `BuildOptions.shard` (`tm build --shard i/n`, tm/memory/shards.py) only the documents
of that shard are segmented and translated, into a TMX that `tm merge-memories` combines.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tm.core.atomic import check_outputs, require_suffix
from tm.core.errors import InputError
from tm.core.keepgoing import KeepGoing
from tm.core.langcodes import SOURCE_LANG, TARGET_LANG, check_pair
from tm.core.progress import CountProgress
from tm.documents.codes import shifted
from tm.documents.model import Code
from tm.language.normalize import normalize_segment
from tm.memory.inline_tmx import seg_markup
from tm.memory.labels import labelled_source, labelled_target
from tm.memory.leverage import (
    FUZZY_THRESHOLD,
    LEVERAGE_CONTEXT,
    Context,
    FuzzyHook,
    FuzzyIndex,
    Match,
    build_index,
    leveraged_unit,
)
from tm.memory.omegat_tmx import OPENXML_FORMATS, omegat_unit, openxml_tags
from tm.memory.shards import Shard, shard_cache_path, shard_prop
from tm.memory.tmx import ORIGIN_MT, SetAside, TmxHeader, TmxReader, TmxUnit, TmxWriter, is_superseded
from tm.mt.cache import OUTCOME_SUFFIX, TranslationCache
from tm.mt.codes import CODES_PLACED_PROP, place_codes
from tm.mt.constrained import TermOutcome
from tm.mt.engine import MtSettings
from tm.mt.signature import TMX_PROP, MtSignature
from tm.text.documents import STDIN, Document, collect_inputs, iter_documents
from tm.text.segment import Segment, segment_document

if TYPE_CHECKING:
    from tm.mt.ray_runner import RayTranslator
    from tm.mt.translator import Translator


class SentenceTranslator(Protocol):
    """What the pipeline needs from a translator; `tm.mt.translator.Translator` is the real one."""

    @property
    def label(self) -> str:
        """Model name and version, written into `x-mt-model`."""
        ...

    @property
    def cache_key(self) -> str:
        """Everything that changes the output: model, version and decoding settings."""
        ...

    @property
    def signature(self) -> MtSignature:
        """The model and its settings (tm/mt/signature.py), written into the TMX header."""
        ...

    def translate(
        self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None
    ) -> list[str]: ...


@dataclass
class BuildOptions:
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG
    keep_furniture: bool = False
    keep_going: bool = False
    merge: Path | None = None
    creation_id: str = field(default_factory=lambda: _user_name())
    strip_labels: bool = False  # sources without interview labels and dialogue dashes
    mt_out: Path | None = None  # where MT units superseded by a human one go (else nowhere)
    tm: Sequence[Path] = ()  # memories whose 100% and 101% matches are reused before MT (`--tm`)
    fuzzy_threshold: int = FUZZY_THRESHOLD  # lowest OmegaT score of a --tm fuzzy match recorded on an MT unit; 0: none
    shard: Shard | None = None  # `--shard i/n`: only the documents of this shard (tm/memory/shards.py)
    # `--omegat-tmx`: the same units with OmegaT's tag shortcuts as text (tm/memory/omegat_tmx.py)
    omegat_tmx: Path | None = None


@dataclass
class SegmentedInputs:
    """What reading and segmenting the inputs gave."""

    segments: list[Segment]
    documents: int
    files: list[str]  # the input files read (not stdin), which an output must never replace
    errors: list[str] = field(default_factory=list)  # inputs skipped with keep_going
    notices: list[str] = field(default_factory=list)  # files passed over in folders
    shard_documents: list[tuple[int, str]] = field(default_factory=list)  # with a shard: (position, name) of its documents
    # With `omegat_tags`: per segment, OmegaT's OpenXML run tags (DOCX), or None (other formats)
    omegat_tags: list[tuple[Code, ...] | None] = field(default_factory=list)


@dataclass
class Translations:
    """A translation for each distinct normalised sentence, and where they came from."""

    by_source: dict[str, str]
    unique: int
    translated: int
    from_cache: int
    outcomes: dict[str, TermOutcome] = field(default_factory=dict)  # with a glossary: by normalised source

    def outcome(self, sentence: str) -> TermOutcome | None:
        return self.outcomes.get(normalize_segment(sentence))

    def __getitem__(self, sentence: str) -> str:
        return self.by_source[normalize_segment(sentence)]

    def get(self, sentence: str, default: str = "") -> str:
        return self.by_source.get(normalize_segment(sentence), default)


@dataclass
class BuildReport:
    documents: int = 0
    segments: int = 0
    unique: int = 0
    translated: int = 0
    from_cache: int = 0
    merged: int = 0
    merge_skipped: int = 0
    leveraged_context: int = 0  # segments given a 101% (context) match of a --tm memory
    leveraged_exact: int = 0  # segments given a 100% match of a --tm memory
    fuzzy_recorded: int = 0  # MT units written with the fuzzy match of a --tm memory (`x-fuzzy-match`)
    tm_skipped: int = 0  # units of the --tm memories without both languages
    mt_superseded: int = 0  # MT units not written for a source with a human unit (--mt-out has them)
    human_superseded: int = 0  # human units of the merged TMX not written for a reviewed one
    written: int = 0
    long_segments: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    model: str = ""  # the translator's label (model and version)
    signature: str = ""  # every setting behind the English (tm.mt.signature), as in the TMX header
    target_tokens: int = 0  # tokens the model generated (cached and leveraged sentences: none)
    workers: int = 1  # translator replicas (`--workers`)
    shard: str = ""  # `i/n` with --shard

    @property
    def segments_per_second(self) -> float:
        return self.segments / self.seconds if self.seconds else 0.0

    @property
    def tokens_per_second(self) -> float:
        """Target tokens generated per second of the whole build, CTranslate2's measure."""
        return self.target_tokens / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_second(self) -> float:
        """Sentences sent to the model per second of the whole build."""
        return self.translated / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "segments_per_second": round(self.segments_per_second, 1),
            "sentences_per_second": round(self.sentences_per_second, 1),
            "tokens_per_second": round(self.tokens_per_second, 1),
        }


def read_segments(
    paths: Iterable[str],
    keep_furniture: bool = False,
    keep_going: bool = False,
    shard: Shard | None = None,
    omegat_tags: bool = False,
) -> SegmentedInputs:
    """Segments of all inputs. A bad input raises InputError; with keep_going it is recorded
    in `errors` and the others are read. No readable input at all is always an error.
    With `shard`, only the documents in it are segmented; a shard may get none.
    `omegat_tags` also records each segment's OmegaT OpenXML tags (`SegmentedInputs.omegat_tags`)."""
    policy = KeepGoing(keep_going)
    files, notices = collect_inputs(paths, policy)
    segments: list[Segment] = []
    tags: list[tuple[Code, ...] | None] = []
    documents = 0
    in_shard: list[tuple[int, str]] = []
    read = 0
    for position, document in enumerate(iter_documents(files, policy)):
        read += 1
        if shard is not None:
            if not shard.contains(document.name):
                continue
            in_shard.append((position, document.name))
        found = segment_document(document, keep_furniture)
        if not found:
            policy.skip(f"{document.name}: no sentences to translate")
            continue
        documents += 1
        segments.extend(found)
        if omegat_tags:
            openxml = document.format in OPENXML_FORMATS
            tags.extend(openxml_tags(document, found, keep_furniture) if openxml else [None] * len(found))
    errors = policy.errors
    if not segments and (shard is None or not read):
        raise InputError("no input could be read" + (f": {errors[0]}" if errors else ""))
    return SegmentedInputs(segments, documents, [f for f in files if f != STDIN], errors, notices, in_shard, tags)


def translate_unique(
    sentences: Sequence[str],
    translator: SentenceTranslator,
    cache: TranslationCache,
    progress: CountProgress | None = None,
) -> Translations:
    """Translate each distinct normalised sentence once: from the cache, else the model.
    Each model batch is stored in the cache as it finishes."""
    unique = list(dict.fromkeys(normalize_segment(s) for s in sentences))
    known = cache.lookup(translator.cache_key, unique)
    from_cache = len(known)
    todo = [s for s in unique if s not in known]
    done = 0
    glossary = getattr(translator, "glossary", None)  # tm.mt.terms.TermGlossary, or None
    outcomes: dict[str, TermOutcome] = {}
    if glossary is not None and known:
        for source, text in cache.lookup(translator.cache_key + OUTCOME_SUFFIX, known).items():
            if (outcome := TermOutcome.from_text(text)) is not None:
                outcomes[source] = outcome
        for source, target in known.items():  # a cache written without the outcome rows
            if source not in outcomes and (outcome := TermOutcome.of(glossary, source, target)) is not None:
                outcomes[source] = outcome

    def store(sources: list[str], targets: list[str]) -> None:
        nonlocal done
        cache.store(translator.cache_key, zip(sources, targets, strict=False))
        if glossary is not None:
            found = getattr(translator, "term_outcomes", {})
            batch = {s: found[s] for s in sources if s in found}
            outcomes.update(batch)
            cache.store(translator.cache_key + OUTCOME_SUFFIX, ((s, o.to_text()) for s, o in batch.items()))
        done += len(sources)
        if progress:
            progress(done, len(todo))

    if todo:
        if progress:
            progress(0, len(todo))  # the total is known before the first batch
        known.update(zip(todo, translator.translate(todo, on_batch=store), strict=False))
    return Translations(known, len(unique), len(todo), from_cache, outcomes)


def source_markup(segment: Segment, shown: str) -> str | None:
    """The `<seg>` content of a segment with codes, as the TMX writes its source `shown`
    (the segment's text, with its label and dash when kept); None for plain text."""
    if not segment.codes:
        return None
    cut = len(shown) - len(segment.text)  # the label and dash in front, when kept
    return seg_markup(shown, shifted(segment.codes, -cut, len(shown)) if cut else segment.codes)


def target_markup(segment: Segment, translation: str, target: str) -> tuple[str | None, str]:
    """The `<seg>` content of the English `target` (the `translation` of the segment's plain
    text, with the label and dash mirrored in front) with the segment's codes placed in it,
    and how they were placed (`x-codes-placed`); None and "" for plain text."""
    if not segment.codes:
        return None, ""
    placed, how = place_codes(segment.text, segment.codes, translation)
    cut = len(target) - len(translation)
    return seg_markup(target, shifted(placed, -cut, len(target)) if cut else placed), how


def contexts(segments: Sequence[Segment], strip_labels: bool = False) -> list[Context]:
    """Each segment's source and neighbours in its document, as the TMX writes them."""
    shown = [labelled_source(segment, strip_labels) for segment in segments]
    found = []
    for i, segment in enumerate(segments):
        pre = shown[i - 1] if i > 0 and segments[i - 1].document == segment.document else None
        post = shown[i + 1] if i + 1 < len(segments) and segments[i + 1].document == segment.document else None
        found.append(Context(shown[i], pre, post, source_markup(segment, shown[i])))
    return found


def units_for(
    segments: Sequence[Segment],
    translations: Translations,
    model_label: str,
    strip_labels: bool = False,
    matches: Sequence[Match | None] | None = None,
    fuzzy: FuzzyHook | None = None,
) -> Iterator[TmxUnit]:
    """TMX units in document order, with the neighbouring sentences as context.

    A sentence keeps its interview label and dialogue dash («Вопрос<TAB>…», «– …»), as CAT
    tools cut the segment, and the English mirrors them (tm/memory/labels.py); `strip_labels`
    leaves both out. The label is kept as `x-speaker` either way. A segment with a match
    (`matches`, one per segment, from `--tm`) gets the memory's translation
    (`leveraged_unit`); the others the MT, with `fuzzy`'s props when given."""
    for i, (segment, context) in enumerate(zip(segments, contexts(segments, strip_labels), strict=True)):
        source_props = []
        if context.pre is not None:
            source_props.append(("x-context-pre", context.pre))
        if context.post is not None:
            source_props.append(("x-context-post", context.post))
        match = matches[i] if matches is not None else None
        if match is not None:
            yield leveraged_unit(context.source, match, segment.document, segment.speaker, source_props, context.markup)
            continue
        props = [
            ("x-document", segment.document),
            ("x-Origin", ORIGIN_MT),
            ("x-mt-model", model_label),
        ]
        if segment.speaker:
            props.append(("x-speaker", segment.speaker))
        if fuzzy is not None:
            props.extend(fuzzy(context.source))
        translation = translations[segment.text]
        target = labelled_target(segment, translation, strip_labels)
        marked, how = target_markup(segment, translation, target)
        if how:
            props.append((CODES_PLACED_PROP, how))
        if (outcome := translations.outcome(segment.text)) is not None:
            props.extend(outcome.props())
        yield TmxUnit(
            source=context.source,
            target=target,
            props=props,
            source_props=source_props,
            source_markup=context.markup,
            target_markup=marked,
        )


def leverage(
    segments: Sequence[Segment], memories: Sequence[TmxReader], strip_labels: bool = False, fuzzy_threshold: int = 0
) -> tuple[list[Match | None], int, FuzzyIndex | None]:
    """The 100% or 101% match of `memories` for each segment (None: to translate), the
    memories' units skipped for lacking either language, and (with a `fuzzy_threshold`)
    the fuzzy matches of the sources, found in the same pass over the memories."""
    if not memories:
        return [None] * len(segments), 0, None
    found = contexts(segments, strip_labels)
    index = build_index(memories, found, fuzzy_threshold or None)
    return [index.match(context) for context in found], index.skipped, index.fuzzy


def build_memory(
    paths: Iterable[str],
    output: Path,
    translator: SentenceTranslator,
    cache: TranslationCache,
    options: BuildOptions | None = None,
    progress: CountProgress | None = None,
    fuzzy: FuzzyHook | None = None,
) -> BuildReport:
    """Translate Russian documents and write them as a TMX memory at `output`.

    Everything that can be checked is checked before the slow translation: the inputs,
    the merged TMX and its languages, that `output` (and `--mt-out`) may be written, and
    that neither it nor the cache file is one of the inputs (the documents, the merged TMX)
    or the other.

    One source, one best translation (`tm.memory.tmx.origin_rank`): the merged TMX is read
    twice, first for the sources that have a human unit, so that no MT unit is written for
    them, neither a new one nor one of the merged file; those go to `options.mt_out` when
    given. A human unit below a reviewed one for its source is left out the same way.

    Leverage (`options.tm`, tm/memory/leverage.py): a segment with a 100% or 101% match in
    those memories gets its translation, origin kept, and is never sent to the model. The
    other units get the best fuzzy match at or above `options.fuzzy_threshold` as props
    (`FuzzyIndex.props`); `fuzzy` replaces that with another `FuzzyHook`.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    merge = TmxReader(options.merge, options.source_lang, options.target_lang) if options.merge else None
    memories = [TmxReader(path, options.source_lang, options.target_lang) for path in options.tm]  # each named if broken
    inputs = read_segments(
        paths, options.keep_furniture, options.keep_going, options.shard, omegat_tags=options.omegat_tmx is not None
    )
    cache_option = cache.label or "the translation cache"
    # `-o memory.tmx --merge memory.tmx` updates a memory in place, and is safe: the merged
    # file is read to its end into the temporary file before that is renamed over it.
    side = {"--mt-out": options.mt_out, "--omegat-tmx": options.omegat_tmx, cache_option: cache.path}
    check_outputs({"-o": output, **side}, [*inputs.files, *options.tm])
    check_outputs(side, [options.merge])
    best = merge.best_origins() if merge is not None else {}  # a broken merged TMX fails here, before the MT
    matches, tm_skipped, found = leverage(
        inputs.segments, memories, options.strip_labels, 0 if fuzzy is not None else options.fuzzy_threshold
    )  # a broken --tm fails here too
    if fuzzy is None and found is not None:
        fuzzy = found.props
    cache.open()  # a file that is not a cache is refused now, not after translating
    todo = [s.text for s, match in zip(inputs.segments, matches, strict=True) if match is None]
    translations = translate_unique(todo, translator, cache, progress)
    kinds = [match.kind for match in matches if match is not None]
    report = BuildReport(
        documents=inputs.documents,
        segments=len(inputs.segments),
        unique=len({normalize_segment(s.text) for s in inputs.segments}),
        leveraged_context=kinds.count(LEVERAGE_CONTEXT),
        leveraged_exact=len(kinds) - kinds.count(LEVERAGE_CONTEXT),
        tm_skipped=tm_skipped,
        translated=translations.translated,
        from_cache=translations.from_cache,
        errors=inputs.errors,
        notices=inputs.notices,
        model=translator.label,
        signature=str(translator.signature),
        target_tokens=getattr(translator, "target_tokens", 0),
        workers=getattr(translator, "workers", 1),
        shard=str(options.shard or ""),
    )
    props: tuple[tuple[str, str], ...] = ((TMX_PROP, str(translator.signature)),)
    if options.shard is not None:  # what `tm merge-memories` needs to restore one run's order
        props += (shard_prop(options.shard, options.target_lang, inputs.shard_documents),)
    header = TmxHeader(options.source_lang, options.target_lang, creationid=options.creation_id, props=props)
    with ExitStack() as outputs:  # both files are renamed into place, or neither
        mt_writer = outputs.enter_context(TmxWriter(options.mt_out, header, inputs.files)) if options.mt_out else None
        aside = SetAside(mt_writer)
        writer = outputs.enter_context(TmxWriter(output, header, inputs.files))
        # The OmegaT-flavoured copy holds the units of these documents (not the merged file's).
        omegat = outputs.enter_context(TmxWriter(options.omegat_tmx, header, inputs.files)) if options.omegat_tmx else None
        if merge is not None:
            report.merged, report.merge_skipped = writer.merge(merge, best, aside)
        units = units_for(inputs.segments, translations, translator.label, options.strip_labels, matches, fuzzy)
        for i, unit in enumerate(units):
            if is_superseded(unit, best):
                aside.add(unit)
            else:
                writer.write(unit)
                if omegat is not None:
                    omegat.write(omegat_unit(unit, inputs.segments[i], inputs.omegat_tags[i]))
                report.fuzzy_recorded += unit.prop("x-fuzzy-match") is not None
    report.mt_superseded, report.human_superseded = aside.mt, aside.human
    report.written = writer.written
    report.long_segments = writer.long_segments
    report.seconds = time.perf_counter() - started
    return report


def build_with_settings(
    paths: Sequence[str],
    output: Path,
    settings: MtSettings | None = None,
    options: BuildOptions | None = None,
    progress: CountProgress | None = None,
    warn: Callable[[str], None] | None = None,
) -> BuildReport:
    """`tm build`: `build_memory` with the translator and cache `settings` ask for.

    In the order a user can fix them, before the model loads: the outputs (`check_tmx_outputs`),
    the cache option, the device and model, the languages against the model's. `warn`
    receives the cache's warnings (a corrupt cache moved aside)."""
    settings, options = settings or MtSettings(), options or BuildOptions()
    check_tmx_outputs(
        output,
        [p for p in paths if p != STDIN],
        options.merge,
        mt_out=options.mt_out,
        tm=options.tm,
        omegat_tmx=options.omegat_tmx,
    )
    cache = settings.open_cache(warn)
    if options.shard is not None and settings.cache is None and cache.path is not None:
        # Each shard its own cache file by default, beside the default (or TM_CACHE) one.
        cache = TranslationCache(shard_cache_path(cache.path, options.shard), warn)
    with ExitStack() as stack:
        stack.callback(cache.close)
        local = settings.translator()
        source, target = check_pair(options.source_lang, options.target_lang, local.info.from_code, local.info.to_code)
        translator: Translator | RayTranslator = local
        if settings.ray is not None:  # the model calls on a Ray cluster; cache and TMX written here
            from tm.mt.ray_runner import ray_translator

            translator = ray_translator(local, settings.ray)
            stack.callback(translator.close)
        return build_memory(paths, output, translator, cache, replace(options, source_lang=source, target_lang=target), progress)


def translate_document(document: Document, settings: MtSettings | None = None) -> list[str]:
    """`tm translate`: the document's sentences translated and joined again, one line per
    paragraph, dialogue dashes kept. A quick check: no cache is read or written (the
    settings' cache fields are not used), so nothing is left behind."""
    segments = segment_document(document, keep_furniture=True)
    targets = (settings or MtSettings()).translator().translate([s.text for s in segments])
    paragraphs: list[list[str]] = []
    paragraph = None
    for segment, target in zip(segments, targets, strict=False):
        if not paragraphs or segment.paragraph != paragraph:
            paragraphs.append([])
        paragraph = segment.paragraph
        paragraphs[-1].append(f"{segment.dash} {target}" if segment.dash else target)
    return [" ".join(lines) for lines in paragraphs]


def check_tmx_outputs(
    output: Path,
    inputs: Sequence[str],
    merge: Path | None,
    report: Path | None = None,
    mt_out: Path | None = None,
    tm: Sequence[Path] = (),
    omegat_tmx: Path | None = None,
) -> None:
    """Before anything slow: `-o` (and `--report`, `--mt-out`) may be written, are none of
    the inputs named on the command line, and name the formats written (`-output` is
    `-o utput`). `-o` may be its own `--merge`: the memory is updated in place, read to its
    end before the new file replaces it; a `--tm` memory never is (it is only read). The
    pipelines check again against every file they read."""
    check_outputs({"-o": output, "--report": report, "--mt-out": mt_out, "--omegat-tmx": omegat_tmx}, [*inputs, *tm])
    check_outputs({"--report": report, "--mt-out": mt_out, "--omegat-tmx": omegat_tmx}, [merge])
    require_suffix(output, [".tmx"])
    if report is not None:
        require_suffix(report, [".tsv"], "--report", None)
    if mt_out is not None:
        require_suffix(mt_out, [".tmx"], "--mt-out", None)
    if omegat_tmx is not None:
        require_suffix(omegat_tmx, [".tmx"], "--omegat-tmx", None)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "diplotm"
