"""The `glossary` command: build, convert, review and look up the RU–EN glossary.

A thin layer over the library; errors and exit codes are `tm.reporting`'s, shared with `tm`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from tm.cli import DeviceOption, ModelOption, ThreadsOption, make_translator

if TYPE_CHECKING:
    from glossary.scan import Match
    from tm.translator import Translator
from tm.paths import data_home
from tm.reporting import EPILOG, NOT_FOUND, VersionOption, run, say

PROGRAM = "glossary"
GLOSSARY_ENV = "GLOSSARY_FILE"

app = typer.Typer(
    help="RU–EN glossary of diplomatic and economic terminology: build, export, review, look up.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _main(version: bool = VersionOption(PROGRAM)) -> None:
    """RU–EN glossary (see README)."""


def default_glossary() -> Path:
    """Where `glossary build` keeps a copy and `glossary lookup` looks first, after --glossary and GLOSSARY_FILE."""
    return data_home() / "glossary.tbx"


def resolve_glossary(option: Optional[Path]) -> Path:
    from glossary.errors import GlossaryError

    if option is not None:
        path, how = option, "--glossary"
    elif os.environ.get(GLOSSARY_ENV):
        path, how = Path(os.environ[GLOSSARY_ENV]), GLOSSARY_ENV
    else:
        path, how = default_glossary(), "the default location"
    if not path.is_file():
        raise GlossaryError(f"{path}: no glossary there ({how}); run `glossary build` or pass --glossary FILE")
    return path


GlossaryOption = typer.Option(None, "--glossary", "-g", help=f"Glossary file (default: ${GLOSSARY_ENV}, else the last built).",
                              readable=False)
TbxVersionOption = typer.Option(
    None, "--tbx-version", min=2, max=3,
    help="2: TBX 2008 (martif; OmegaT reads it). 3: TBX v3 (ISO 30042:2019). Default: an existing file's, else 2.",
)


def _format_for(path: Path, tbx_version: Optional[int]) -> str:
    """The format to write: by suffix; for TBX the version asked for, else the existing file's."""
    from glossary.formats import detect, sniff

    if tbx_version is None and path.suffix.lower() == ".tbx" and path.is_file():
        return sniff(path)
    return detect(path, tbx_version or 2)


@app.command()
def build(
    sources: List[str] = typer.Argument(..., help="TMX files from `tm build`, or Russian .txt files/folders."),
    output: Path = typer.Option(..., "--output", "-o", help="Glossary file: .tbx, .csv, .tsv, .txt/.utf8 (OmegaT) or .po."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    tbx_version: Optional[int] = TbxVersionOption,
    min_frequency: int = typer.Option(1, min=1, help="Occurrences a term needs."),
    min_specificity: float = typer.Option(1.0, help="Phrases: mean log-ratio of frequency against general news."),
    min_word_specificity: float = typer.Option(4.5, help="Single words: the same threshold, stricter."),
    max_terms: int = typer.Option(400, min=1, max=1_000_000, help="Keep at most this many terms, best first."),
    reference_corpus: Optional[Path] = typer.Option(None, help="Folder of *.rus general-news text to compare against.",
                                                    readable=False),
    no_reference: bool = typer.Option(False, "--no-reference",
                                      help="Extract with the rules alone: the reference list neither adds, boosts nor keeps terms "
                                           "(it still gives approved equivalents to the terms found)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, max=64,
                             help="Processes counting term candidates; 0: one per available core."),
    keep_furniture: bool = typer.Option(False, help="For text sources: keep page furniture."),
    discard_reviews: bool = typer.Option(False, help="Do not carry reviewed entries of the replaced glossary over."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the translation cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Extract terms with their English equivalents and write the glossary.

    Reviewed entries (approved or edited, e.g. with import-po) of the glossary being replaced,
    and of the default copy, are carried into the new one unless --discard-reviews is given.
    """
    from glossary.build import GlossaryOptions, build_glossary, is_tmx, load_units
    from glossary.extract import ExtractionOptions
    from glossary.frequency import reference_frequencies
    from glossary.lookup import build_index
    from glossary.reviews import write_keeping_reviews
    from tm.atomic import check_output
    from tm.cache import TranslationCache, default_cache_path
    from tm.documents import collect_inputs

    fmt = _format_for(output, tbx_version)  # reject an unknown format before the slow part
    files, _ = collect_inputs(sources)  # every file read, so that none is overwritten
    check_output(output, inputs=files)
    if reference_corpus is not None:
        reference_frequencies(reference_corpus)  # fail on a bad folder now, not after translating
    cache = TranslationCache(None if no_cache else default_cache_path(), warn=lambda m: say(PROGRAM, m))
    try:
        translator = _optional_translator(model, device, threads, needed=not all(is_tmx(s) for s in sources))
        units = load_units(sources, translator, cache, keep_furniture)
        options = GlossaryOptions(
            ExtractionOptions(min_frequency, min_specificity, min_word_specificity, max_terms, reference_corpus,
                              use_reference=not no_reference, jobs=jobs),
            keep_furniture,
        )
        glossary = build_glossary(units, translator, cache, options)
    finally:
        cache.close()

    default = default_glossary()
    written, kept = write_keeping_reviews(glossary, output, fmt, discard_reviews)
    if output.resolve() != default.resolve():
        written, _ = write_keeping_reviews(glossary, default, "tbx", discard_reviews)
    build_index(default, written.entries)
    approved = sum(1 for e in glossary.entries if e.status == "approved")
    summary = {"output": str(output), "default": str(default), "units": len(units),
               "entries": len(glossary.entries) + kept.kept, "approved": approved,
               "proposed": len(glossary.entries) - approved,
               "reviews_kept": kept.total, "reviewed_entries_merged": kept.merged, "reviewed_entries_restored": kept.kept}
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        review_note = f"; kept {kept.total} reviewed entries ({kept.merged} merged, {kept.kept} restored)" if kept.total else ""
        typer.echo(f"{output}: {summary['entries']} entries ({approved} approved, {summary['proposed']} proposed) "
                   f"from {len(units)} units{review_note}; also saved as {default}")


def _optional_translator(model: Optional[Path], device: str, threads: int, needed: bool) -> Optional[Translator]:
    """The model, if there is one. From TMX sources a glossary can be built without: terms of
    the reference list get its equivalents, other terms none (say so)."""
    from tm.errors import ModelError

    try:
        return make_translator(model, device, threads)
    except ModelError:
        if needed or model is not None:
            raise
        say(PROGRAM, "warning: no ru→en model installed: only terms of the reference list get English "
                     "equivalents (tm model install, or --model FILE)")
        return None


@app.command()
def export(
    source: Path = typer.Argument(..., help="A glossary in any format the tool writes.", readable=False),
    output: Path = typer.Option(..., "--output", "-o", help="Target file; its extension picks the format."),
    tbx_version: Optional[int] = TbxVersionOption,
) -> None:
    """Convert a glossary between TBX, CSV, TSV, OmegaT text and PO, entry by entry."""
    from glossary.formats import detect, iter_glossary, write_glossary

    count = write_glossary(iter_glossary(source), output, format=detect(output, tbx_version or 2))
    typer.echo(f"{output}: {count} entries")


@app.command("import-po")
def import_po(
    reviewed: Path = typer.Argument(..., help="A PO file exported by this tool and reviewed in Poedit.", readable=False),
    glossary_file: Optional[Path] = GlossaryOption,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: update the glossary)."),
) -> None:
    """Take a review back: un-fuzzied entries become approved, edited translations are kept.
    The glossary keeps its format (TBX 2008 or v3, CSV, …)."""
    from glossary.errors import GlossaryError
    from glossary.formats import read_glossary, sniff, write_glossary
    from glossary.formats.po import import_review

    target = resolve_glossary(glossary_file)
    if not reviewed.is_file():
        raise GlossaryError(f"{reviewed}: no such PO file")
    glossary = read_glossary(target)
    result = import_review(glossary, reviewed)
    destination = output or target
    fmt = sniff(target) if destination == target else _format_for(destination, None)
    for problem in result.skipped:
        say(PROGRAM, f"warning: {problem}")
    write_glossary(glossary, destination, format=fmt)
    typer.echo(f"{destination}: {result.approved} newly approved, {result.edited} edited"
               + (f", {result.unknown} unknown entries ignored" if result.unknown else "")
               + (f", {len(result.skipped)} messages skipped" if result.skipped else ""))


@app.command()
def lookup(
    query: str = typer.Argument(..., help="A term in any inflected form, Russian or English."),
    glossary_file: Optional[Path] = GlossaryOption,
    limit: int = typer.Option(5, min=1, max=1000, help="Closest entries to show when nothing matches exactly."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Look a term up. Exit code 0: found, or terms found inside a longer query; 1: no exact match
    (the closest are still shown); 2+: an error."""
    from glossary.lookup import StoredIndex
    from glossary.render import render_result

    result = StoredIndex(resolve_glossary(glossary_file)).lookup(query, limit)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_result(result))
    if not result.found:
        raise typer.Exit(NOT_FOUND)


@app.command()
def scan(
    text: str = typer.Argument(..., help="Russian or English text, a file, or - for stdin."),
    glossary_file: Optional[Path] = GlossaryOption,
    show_all: bool = typer.Option(False, "--all", help="Also print sentences without terms."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per sentence, with its matches."),
) -> None:
    """Mark the glossary's terms in running text, in any inflected form. Exit code 0: terms
    found; 1: none."""
    from glossary.lookup import StoredIndex
    from glossary.scan import Scanner, scan_sentences
    from tm.documents import read_argument
    from tm.segment import segment_document

    scanner = Scanner(StoredIndex(resolve_glossary(glossary_file)))
    document = read_argument(text, "glossary scan", "scan")
    sentences = [(document.name, s.text) for s in segment_document(document, keep_furniture=True)]
    found = 0
    for item in scan_sentences(scanner, sentences):
        found += len(item.matches)
        if as_json:
            typer.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        elif item.matches or show_all:
            typer.echo(_marked(item.text, item.matches))
            for m in item.matches:
                data = m.to_dict()
                typer.echo(f"  {m.text} → {data['en'] or '-'}  ({data['status']}; {data['ru']}; {m.how})")
    if not found:
        raise typer.Exit(NOT_FOUND)


def _marked(sentence: str, matches: list[Match]) -> str:
    """The sentence with each term in [brackets]."""
    out, position = [], 0
    for m in matches:
        out += [sentence[position : m.start], "[", sentence[m.start : m.end], "]"]
        position = m.end
    return "".join(out + [sentence[position:]])


def main() -> None:
    run(app, PROGRAM)


if __name__ == "__main__":
    main()
