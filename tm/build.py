"""The `tm build` pipeline: documents → segments → cached batched MT → TMX."""

from __future__ import annotations

import getpass
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

from tm.cache import TranslationCache
from tm.documents import collect_inputs, iter_documents
from tm.errors import InputError
from tm.normalize import normalize_segment
from tm.segment import Segment, segment_document
from tm.tmx import ORIGIN_MT, TmxHeader, TmxUnit, TmxWriter, read_header, read_tmx


class SentenceTranslator(Protocol):
    """What the pipeline needs from a translator; `tm.translator.Translator` is the real one."""

    label: str

    def translate(
        self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None
    ) -> list[str]: ...


@dataclass
class BuildOptions:
    source_lang: str = "ru-RU"
    target_lang: str = "en-US"
    keep_furniture: bool = False
    keep_going: bool = False
    merge: Path | None = None
    creation_id: str = field(default_factory=lambda: _user_name())


@dataclass
class BuildReport:
    documents: int = 0
    segments: int = 0
    unique: int = 0
    translated: int = 0
    from_cache: int = 0
    merged: int = 0
    written: int = 0
    long_segments: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def segments_per_second(self) -> float:
        return self.segments / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "segments_per_second": round(self.segments_per_second, 1)}


def read_segments(
    paths: Iterable[str], keep_furniture: bool, keep_going: bool, report: BuildReport
) -> list[Segment]:
    """Segments of all inputs; bad files raise InputError, or are recorded with keep_going."""
    files, report.notices = collect_inputs(paths)
    segments: list[Segment] = []
    for document in iter_documents(files, keep_going, report.errors):
        found = segment_document(document, keep_furniture)
        if not found:
            problem = f"{document.name}: no sentences to translate"
            if not keep_going:
                raise InputError(problem)
            report.errors.append(problem)
            continue
        report.documents += 1
        segments.extend(found)
    if not segments:
        raise InputError("no input could be read" + (f": {report.errors[0]}" if report.errors else ""))
    report.segments = len(segments)
    return segments


def translate_unique(
    sentences: list[str],
    translator: SentenceTranslator,
    cache: TranslationCache,
    report: BuildReport,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, str]:
    """Translations for each distinct normalised sentence: from the cache, else from the model."""
    unique = list(dict.fromkeys(normalize_segment(s) for s in sentences))
    report.unique = len(unique)
    known = cache.lookup(translator.label, unique)
    report.from_cache = len(known)
    todo = [s for s in unique if s not in known]
    done = 0

    def store(sources: list[str], targets: list[str]) -> None:
        nonlocal done
        cache.store(translator.label, zip(sources, targets))
        done += len(sources)
        if progress:
            progress(done, len(todo))

    if todo:
        if progress:
            progress(0, len(todo))  # the total is known before the first batch
        known.update(zip(todo, translator.translate(todo, on_batch=store)))
    report.translated = len(todo)
    return known


def units_for(segments: list[Segment], translations: dict[str, str], model_label: str) -> Iterable[TmxUnit]:
    """TMX units in document order, with the neighbouring sentences as context."""
    for i, segment in enumerate(segments):
        source_props = []
        if i > 0 and segments[i - 1].document == segment.document:
            source_props.append(("x-context-pre", segments[i - 1].text))
        if i + 1 < len(segments) and segments[i + 1].document == segment.document:
            source_props.append(("x-context-post", segments[i + 1].text))
        props = [
            ("x-document", segment.document),
            ("x-Origin", ORIGIN_MT),
            ("x-mt-model", model_label),
        ]
        if segment.speaker:
            props.append(("x-speaker", segment.speaker))
        yield TmxUnit(
            source=segment.text,
            target=translations[normalize_segment(segment.text)],
            props=props,
            source_props=source_props,
        )


def build_memory(
    paths: Iterable[str],
    output: Path,
    translator: SentenceTranslator,
    cache: TranslationCache,
    options: BuildOptions,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    if options.merge is not None:
        read_header(options.merge)  # fail before the slow part, not after it
    segments = read_segments(paths, options.keep_furniture, options.keep_going, report)
    translations = translate_unique([s.text for s in segments], translator, cache, report, progress)
    header = TmxHeader(options.source_lang, options.target_lang, creationid=options.creation_id)
    with TmxWriter(output, header) as writer:
        if options.merge is not None:
            for unit in read_tmx(options.merge):
                report.merged += writer.write(unit)
        for unit in units_for(segments, translations, translator.label):
            writer.write(unit)
    report.written = writer.written
    report.long_segments = writer.long_segments
    report.seconds = time.perf_counter() - started
    return report


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "diplotm"
