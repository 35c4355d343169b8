"""`tm align`: human translations aligned with their Russian originals, written as TMX.

Document pairs come from two files, a folder of `NAME.ru.txt` / `NAME.en.txt` pairs, or a
TSV manifest of `russian<TAB>english` paths. Both sides are segmented (Russian by the `tm`
pipeline, English by tm/text/english_sentences.py, furniture rules on both), checked to be in the right
language, aligned (tm/align/aligner.py) and written as units with `x-Origin=Alignment`. Sentences
left unaligned (1-0, 0-1) never enter the TMX; `--report` lists them for a translator.
`align_with_settings` is the whole command: checks, anchors, the optional MT comparison.
"""

from __future__ import annotations

import functools
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from tm.align.aligner import MIN_SCORE, Link, Similarity, align
from tm.align.anchors import Lexicon
from tm.core.atomic import check_outputs, write_bytes
from tm.core.errors import InputError, UsageError
from tm.core.inputs import read_input_text
from tm.core.langcodes import SOURCE_LANG, TARGET_LANG, check_pair, normalize_code, primary
from tm.memory.build import SentenceTranslator, check_tmx_outputs, translate_unique
from tm.memory.tmx import ORIGIN_ALIGNMENT, TmxHeader, TmxReader, TmxUnit, TmxWriter
from tm.mt.cache import TranslationCache
from tm.mt.engine import MtSettings
from tm.text.documents import STDIN, read_document
from tm.text.english_sentences import segment_english
from tm.text.segment import Segment, segment_document

_CYRILLIC = re.compile("[А-ЯЁа-яё]")
_LATIN = re.compile("[A-Za-z]")
# English characters per Russian character beyond which the two sides hardly translate each
# other (a summary, a different article): the pairs are still scored, with a warning.
LENGTH_RATIO_RANGE = (0.5, 2.0)
# A manifest or a term-pair list larger than this is not one (a million lines of paths).
MAX_LIST_BYTES = 256 * 1024 * 1024


@dataclass
class AlignOptions:
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG
    min_score: float = MIN_SCORE
    keep_furniture: bool = False
    keep_going: bool = False
    merge: Path | None = None
    report: Path | None = None
    lexicon: Lexicon = field(default_factory=Lexicon)
    side_inputs: list[Path] = field(default_factory=list)  # files read besides the pairs: --manifest, --glossary
    cache: TranslationCache | None = None  # the translation cache of --mt, checked like an output


@dataclass
class AlignReport:
    documents: int = 0
    written: int = 0
    merged: int = 0
    merge_skipped: int = 0  # units of the merged TMX without both languages
    kinds: Counter[str] = field(default_factory=Counter)  # 1-1, 1-2, 2-1, … of the pairs written
    unaligned_ru: int = 0
    unaligned_en: int = 0
    below_min_score: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "kinds": dict(self.kinds)}


# --- which documents pair with which ---------------------------------------------------

def find_pairs(paths: list[str], manifest: Path | None = None) -> list[tuple[str, str]]:
    """Russian–English document pairs from the command's arguments."""
    if manifest is not None:
        if paths:
            raise UsageError("give either --manifest or paths, not both")
        return _manifest_pairs(manifest)
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return _folder_pairs(Path(paths[0]))
    if len(paths) == 2:
        if paths.count(STDIN) == 2:
            raise UsageError("only one side can be read from stdin")
        for p in paths:
            if p != STDIN and Path(p).is_dir():
                raise UsageError(f"{p}: a folder; give two files, or one folder of NAME.ru.txt / NAME.en.txt pairs")
        return [(paths[0], paths[1])]
    raise UsageError("give RUSSIAN ENGLISH files, one folder of NAME.ru.txt / NAME.en.txt pairs, or --manifest")


def _folder_pairs(folder: Path) -> list[tuple[str, str]]:
    def by_name(suffix: str) -> dict[str, Path]:
        return {str(p)[: -len(suffix)]: p for p in folder.rglob("*" + suffix)}

    russian, english = by_name(".ru.txt"), by_name(".en.txt")
    missing = sorted([Path(n + ".en.txt") for n in russian.keys() - english.keys()]
                     + [Path(n + ".ru.txt") for n in english.keys() - russian.keys()])
    if missing:
        count = f" ({len(missing)} unpaired)" if len(missing) > 1 else ""
        raise InputError(f"{missing[0]}: missing; every NAME.ru.txt needs a NAME.en.txt beside it, and the reverse{count}")
    if not russian:
        raise InputError(f"{folder}: no NAME.ru.txt / NAME.en.txt pairs in this folder")
    return [(str(russian[n]), str(english[n])) for n in sorted(russian)]


def _manifest_pairs(manifest: Path) -> list[tuple[str, str]]:
    lines = read_input_text(manifest, max_bytes=MAX_LIST_BYTES).splitlines()
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise InputError(f"{manifest}:{number}: a manifest line is RUSSIAN<TAB>ENGLISH")
        pairs.append(tuple(str(manifest.parent / c.strip()) for c in cells))
    if not pairs:
        raise InputError(f"{manifest}: no pairs in the manifest")
    return pairs  # type: ignore[return-value]


# --- one document pair ------------------------------------------------------------------

def _check_language(segments: list[Segment], name: str, russian: bool) -> None:
    text = " ".join(s.text for s in segments)
    if not text.strip():
        raise InputError(f"{name}: no sentences in the {'Russian' if russian else 'English'} side")
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    share = cyrillic / max(cyrillic + latin, 1)
    if russian and share < 0.5:
        raise InputError(f"{name}: given as the Russian side, but its text is mostly Latin script")
    if not russian and share > 0.5:
        raise InputError(f"{name}: given as the English side, but its text is mostly Cyrillic")


def read_pair(ru_name: str, en_name: str, keep_furniture: bool = False) -> tuple[list[Segment], list[Segment]]:
    """Both sides, segmented and checked."""
    ru = segment_document(read_document(ru_name), keep_furniture)
    _check_language(ru, ru_name, russian=True)
    en = segment_english(read_document(en_name), keep_furniture)
    _check_language(en, en_name, russian=False)
    return ru, en


def mt_similarity(ru: list[str], en: list[str], translator: SentenceTranslator, cache: TranslationCache) -> Similarity:
    """Bleualign's idea: how much the machine translation of the Russian looks like the
    English candidate, as the Dice overlap of their character 3-gram sets (0–1)."""
    translations = translate_unique(ru, translator, cache)
    mt = [_trigrams(translations.get(s)) for s in ru]
    human = [_trigrams(s) for s in en]

    # The search asks about each span many times (once per neighbouring cell and link shape).
    @functools.lru_cache(maxsize=100_000)
    def span(side: int, start: int, count: int) -> frozenset[str]:
        grams = mt if side == 0 else human
        return grams[start] if count == 1 else frozenset().union(*grams[start : start + count])

    def similarity(i: int, a: int, j: int, b: int) -> float:
        left, right = span(0, i, a), span(1, j, b)
        return 2 * len(left & right) / (len(left) + len(right)) if left and right else 0.0

    return similarity


def _trigrams(text: str) -> frozenset[str]:
    text = " ".join(text.lower().split())
    return frozenset(text[k : k + 3] for k in range(len(text) - 2))


def units_of(links: list[Link], ru: list[Segment], en: list[Segment], ru_name: str, en_name: str) -> Iterator[TmxUnit]:
    for link in links:
        yield TmxUnit(
            source=" ".join(ru[i].text for i in link.ru),
            target=" ".join(en[j].text for j in link.en),
            props=[("x-document", ru_name), ("x-document-en", en_name), ("x-Origin", ORIGIN_ALIGNMENT),
                   ("x-align-type", link.kind), ("x-align-score", f"{link.score:.3f}")],
        )


# --- the whole run ----------------------------------------------------------------------

def align_documents(
    pairs: list[tuple[str, str]],
    output: Path,
    options: AlignOptions | None = None,
    similarity_for: Callable[[list[str], list[str]], Similarity] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AlignReport:
    """Align each document pair and write the aligned pairs to `output` as TMX."""
    options = options or AlignOptions()
    started = time.perf_counter()
    files = [p for pair in pairs for p in pair if p != STDIN]
    cache = options.cache
    outputs = {"-o": output, "--report": options.report}
    if cache is not None:
        outputs[cache.label or "the translation cache"] = cache.path
    # Before anything is read or written: no output replaces an input or another output.
    check_outputs(outputs, [*files, *options.side_inputs])
    check_outputs({k: v for k, v in outputs.items() if k != "-o"}, [options.merge])  # -o may update --merge in place
    if cache is not None:
        cache.open()
    merge = TmxReader(options.merge, options.source_lang, options.target_lang) if options.merge else None
    report = AlignReport()
    unaligned: list[tuple[str, str, int, str]] = []
    header = TmxHeader(options.source_lang, options.target_lang)
    with TmxWriter(output, header, files) as writer:
        if merge is not None:
            for unit in merge:
                report.merged += writer.write(unit)
            report.merge_skipped = merge.skipped
        for done, (ru_name, en_name) in enumerate(pairs, 1):
            try:
                ru, en = read_pair(ru_name, en_name, options.keep_furniture)
            except InputError as exc:
                if not options.keep_going:
                    raise
                report.errors.append(str(exc))
                continue
            report.documents += 1
            _warn_lengths(ru, en, ru_name, en_name, report)
            ru_text, en_text = [s.text for s in ru], [s.text for s in en]
            similarity = similarity_for(ru_text, en_text) if similarity_for else None
            links = align(ru_text, en_text, options.lexicon, similarity=similarity)
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
            for unit in units_of(kept, ru, en, ru_name, en_name):
                writer.write(unit)
            report.kinds.update(link.kind for link in kept)
            if progress:
                progress(done, len(pairs))
        if options.report is not None:  # inside the TMX's block: if the report fails, so does the TMX
            rows = ["side\tdocument\tparagraph\tsentence"]
            rows += [f"{side}\t{name}\t{paragraph}\t{' '.join(text.split())}" for side, name, paragraph, text in unaligned]
            write_bytes(options.report, ("\n".join(rows) + "\n").encode("utf-8"), inputs=files)
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
    progress: Callable[[int, int], None] | None = None,
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
    check_tmx_outputs(output, named, options.merge, options.report)
    cache = mt.open_cache(warn) if mt is not None else None
    try:
        pairs = find_pairs(list(paths), manifest)
        source, target = check_pair(options.source_lang, options.target_lang, "ru", "en")
        terms = [*installed_term_pairs(), *(read_term_pairs(glossary) if glossary else [])]
        options = replace(options, source_lang=source, target_lang=target, lexicon=Lexicon.from_pairs(terms),
                          side_inputs=side_inputs, cache=cache)
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
            f"{en_name}: {ratio:.1f} times the length of {ru_name}; is it the whole translation? The pairs are scored all the same"
        )


def installed_term_pairs() -> Iterable[tuple[str, str]]:
    """Term pairs that installed packages offer for anchoring (the `tm.term_pairs` entry
    point: the glossary package offers its reference list), without `tm` importing them."""
    for point in entry_points(group="tm.term_pairs"):
        yield from point.load()()


def _language_column(name: str) -> str | None:
    """The language a header cell names («ru-RU» → ru), or None."""
    try:
        return primary(normalize_code(name))
    except ValueError:
        return None


def read_term_pairs(path: Path) -> list[tuple[str, str]]:
    """Term pairs from a TSV or CSV with Russian and English columns, named by language code
    (`ru`, `ru-RU`: a glossary exported by `glossary export` has `id`, `ru-RU`, `en-US`, …),
    or two columns without a header."""
    import csv

    text = read_input_text(path, "utf-8-sig", max_bytes=MAX_LIST_BYTES)
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() != ".csv" else ","))
    if not rows:
        raise InputError(f"{path}: no term pairs")
    header = [_language_column(c) for c in rows[0]]
    if "ru" in header and "en" in header:
        ru, en = header.index("ru"), header.index("en")
        rows = rows[1:]
    else:
        ru, en = 0, 1
    pairs = [(r[ru], r[en]) for r in rows if len(r) > max(ru, en) and r[ru].strip() and r[en].strip()]
    if not pairs:
        raise InputError(f"{path}: no term pairs (a TSV or CSV with ru and en columns)")
    return pairs
