"""`tm align`: human translations aligned with their Russian originals, written as TMX.

The run: each document pair (tm/align/pairs.py) is aligned (tm/align/aligner.py, with term
pairs from tm/align/termlist.py and, with `--mt`, tm/align/similarity.py) and written as
units with `x-Origin=Alignment`. Sentences left unaligned (1-0, 0-1) never enter the TMX;
`--report` lists them for a translator.
`align_with_settings` is the whole command: checks, anchors, the optional MT comparison.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from tm.align.aligner import MIN_SCORE, Link, Similarity, align
from tm.align.anchors import Lexicon
from tm.align.pairs import find_pairs, read_pair, read_presegmented_pair
from tm.align.similarity import mt_similarity
from tm.align.termlist import installed_term_pairs, read_term_pairs
from tm.core.atomic import check_outputs, write_bytes
from tm.core.keepgoing import KeepGoing
from tm.core.langcodes import SOURCE_LANG, TARGET_LANG, check_pair
from tm.core.progress import CountProgress
from tm.memory.build import check_tmx_outputs
from tm.memory.labels import labelled_source, labelled_target
from tm.memory.tmx import (
    ORIGIN_ALIGNMENT,
    RANK_MT,
    SetAside,
    TmxHeader,
    TmxReader,
    TmxUnit,
    TmxWriter,
    origin_rank,
    source_key,
)
from tm.mt.cache import TranslationCache
from tm.mt.engine import MtSettings
from tm.text.documents import STDIN
from tm.text.segment import Segment

# English characters per Russian character beyond which the two sides hardly translate each
# other (a summary, a different article): the pairs are still scored, with a warning.
LENGTH_RATIO_RANGE = (0.5, 2.0)


@dataclass
class AlignOptions:
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG
    min_score: float = MIN_SCORE
    keep_furniture: bool = False
    keep_going: bool = False
    merge: Path | None = None
    report: Path | None = None
    mt_out: Path | None = None  # where MT units of --merge superseded by a human one go (else nowhere)
    lexicon: Lexicon = field(default_factory=Lexicon)
    side_inputs: list[Path] = field(default_factory=list)  # files read besides the pairs: --manifest, --glossary
    cache: TranslationCache | None = None  # the translation cache of --mt, checked like an output
    strip_labels: bool = False  # both sides without interview labels and dialogue dashes, as `tm build --strip-labels`
    presegmented: bool = False  # one sentence a line on both sides, as given (tm align --presegmented)
    realign: bool = True  # the second pass with the dictionary learned from the first (off: tm align --one-pass)


@dataclass
class AlignReport:
    documents: int = 0
    written: int = 0
    merged: int = 0
    merge_skipped: int = 0  # units of the merged TMX without both languages
    mt_superseded: int = 0  # MT units of the merged TMX left out for a human unit of their source, there or aligned now
    kinds: Counter[str] = field(default_factory=Counter)  # 1-1, 1-2, 2-1, … of the pairs written
    unaligned_ru: int = 0
    unaligned_en: int = 0
    below_min_score: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "kinds": dict(self.kinds)}


def units_of(
    links: list[Link], ru: list[Segment], en: list[Segment], ru_name: str, en_name: str, strip_labels: bool = False
) -> Iterator[TmxUnit]:
    """The aligned pairs as TMX units, written as `tm build` writes its units.

    The Russian keeps its interview label and dialogue dash (tm/memory/labels.py, as
    `tm build`), since CAT tools cut the segment with them, and the label is `x-speaker`.
    The English keeps a label or dash of its own; failing one, it gets the Russian's,
    mirrored. `strip_labels` writes bare sentences on both sides. The links were made on
    the bare sentences either way."""
    for link in links:
        first_ru, first_en = ru[link.ru[0]], en[link.en[0]]
        target = " ".join(labelled_source(en[j], strip_labels) for j in link.en)
        if not first_en.prefix:
            target = labelled_target(first_ru, target, strip_labels)
        props = [
            ("x-document", ru_name),
            ("x-document-en", en_name),
            ("x-Origin", ORIGIN_ALIGNMENT),
            ("x-align-type", link.kind),
            ("x-align-score", f"{link.score:.3f}"),
        ]
        if first_ru.speaker:
            props.append(("x-speaker", first_ru.speaker))
        yield TmxUnit(source=" ".join(labelled_source(ru[i], strip_labels) for i in link.ru), target=target, props=props)


def align_documents(
    pairs: list[tuple[str, str]],
    output: Path,
    options: AlignOptions | None = None,
    similarity_for: Callable[[list[str], list[str]], Similarity] | None = None,
    progress: CountProgress | None = None,
) -> AlignReport:
    """Align each document pair and write the aligned pairs to `output` as TMX."""
    options = options or AlignOptions()
    started = time.perf_counter()
    files = [p for pair in pairs for p in pair if p != STDIN]
    cache = options.cache
    outputs = {"-o": output, "--report": options.report, "--mt-out": options.mt_out}
    if cache is not None:
        outputs[cache.label or "the translation cache"] = cache.path
    # Before anything is read or written: no output replaces an input or another output.
    check_outputs(outputs, [*files, *options.side_inputs])
    check_outputs({k: v for k, v in outputs.items() if k != "-o"}, [options.merge])  # -o may update --merge in place
    if cache is not None:
        cache.open()
    merge = TmxReader(options.merge, options.source_lang, options.target_lang) if options.merge else None
    report = AlignReport()
    keep_going = KeepGoing(options.keep_going)
    unaligned: list[tuple[str, str, int, str]] = []
    header = TmxHeader(options.source_lang, options.target_lang)
    aligned: list[TmxUnit] = []  # written after the merged memory, once its MT units are known to be superseded
    with ExitStack() as stack:
        writer = stack.enter_context(TmxWriter(output, header, files))
        for done, (ru_name, en_name) in enumerate(pairs, 1):
            if options.presegmented:
                sides = keep_going.attempt(read_presegmented_pair, ru_name, en_name)
            else:
                sides = keep_going.attempt(read_pair, ru_name, en_name, options.keep_furniture)
            if sides is None:
                continue
            ru, en = sides
            report.documents += 1
            _warn_lengths(ru, en, ru_name, en_name, report)
            ru_text, en_text = [s.text for s in ru], [s.text for s in en]
            similarity = similarity_for(ru_text, en_text) if similarity_for else None
            links = align(ru_text, en_text, options.lexicon, similarity=similarity, realign=options.realign)
            kept = []
            for link in links:
                if not link.en:
                    report.unaligned_ru += 1
                    unaligned += [("ru", ru_name, ru[i].paragraph, ru[i].text) for i in link.ru]
                elif not link.ru:
                    report.unaligned_en += 1
                    unaligned += [("en", en_name, en[j].paragraph, en[j].text) for j in link.en]
                elif link.score < options.min_score:
                    report.below_min_score += 1
                else:
                    kept.append(link)
            aligned += units_of(kept, ru, en, ru_name, en_name, options.strip_labels)
            report.kinds.update(link.kind for link in kept)
            if progress:
                progress(done, len(pairs))
        if merge is not None:
            # One source, one best translation (tm.memory.tmx.origin_rank): an MT unit of the
            # merged TMX is left out (or goes to --mt-out) when its source has a human unit
            # there or was aligned now; the merged units come first, so a pair the memory has
            # already is the new one left out.
            best = merge.best_origins()
            for unit in aligned:
                key = source_key(unit.source)
                best[key] = max(best.get(key, RANK_MT), origin_rank(unit))
            mt_writer = stack.enter_context(TmxWriter(options.mt_out, header, files)) if options.mt_out else None
            aside = SetAside(mt_writer)
            report.merged, report.merge_skipped = writer.merge(merge, best, aside)
            report.mt_superseded = aside.mt
        for unit in aligned:
            writer.write(unit)
        if options.report is not None:  # inside the TMX's block: if the report fails, so does the TMX
            rows = ["side\tdocument\tparagraph\tsentence"]
            rows += [f"{side}\t{name}\t{paragraph}\t{' '.join(text.split())}" for side, name, paragraph, text in unaligned]
            write_bytes(options.report, ("\n".join(rows) + "\n").encode("utf-8"), inputs=files)
    report.errors = keep_going.errors
    report.written = writer.written - report.merged
    report.seconds = time.perf_counter() - started
    return report


def align_with_settings(
    paths: Sequence[str],
    output: Path,
    options: AlignOptions | None = None,
    manifest: Path | None = None,
    glossary: Path | None = None,
    mt: MtSettings | None = None,
    progress: CountProgress | None = None,
    warn: Callable[[str], None] | None = None,
) -> AlignReport:
    """`tm align`: find the pairs (files, a folder, or `manifest`), anchor on the installed
    term pairs and `glossary`'s, and with `mt` also compare the model's translation of each
    Russian sentence (through the cache `mt` asks for; `warn` gets its warnings).

    The outputs are checked first, against every input named, then the languages, and the
    model is loaded last."""
    options = options or AlignOptions()
    side_inputs = [p for p in (manifest, glossary) if p is not None]
    named = [p for p in paths if p != STDIN] + [str(p) for p in side_inputs]
    check_tmx_outputs(output, named, options.merge, options.report, mt_out=options.mt_out)
    cache = mt.open_cache(warn) if mt is not None else None
    try:
        pairs = find_pairs(list(paths), manifest)
        source, target = check_pair(options.source_lang, options.target_lang, "ru", "en")
        terms = [*installed_term_pairs(), *(read_term_pairs(glossary) if glossary else [])]
        options = replace(
            options,
            source_lang=source,
            target_lang=target,
            lexicon=Lexicon.from_pairs(terms),
            side_inputs=side_inputs,
            cache=cache,
        )
        similarity_for = None
        if mt is not None and cache is not None:
            translator, mt_cache = mt.translator(), cache
            similarity_for = lambda ru, en: mt_similarity(ru, en, translator, mt_cache)  # noqa: E731
        return align_documents(pairs, output, options, similarity_for, progress)
    finally:
        if cache is not None:
            cache.close()


def _warn_lengths(ru: list[Segment], en: list[Segment], ru_name: str, en_name: str, report: AlignReport) -> None:
    ratio = sum(len(s.text) for s in en) / max(sum(len(s.text) for s in ru), 1)
    low, high = LENGTH_RATIO_RANGE
    if not low <= ratio <= high:
        report.warnings.append(
            f"{en_name}: {ratio:.1f} times the length of {ru_name}; is it the whole translation? "
            "The pairs are scored all the same"
        )
