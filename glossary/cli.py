"""The `glossary` command: build, convert, review and look up the RU–EN glossary.

A thin layer over the library; errors and exit codes are `tm.cli.runner`'s, shared with `tm`.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from glossary.extraction.options import PLACES, ExtractionOptions
from tm.cli.options import CacheOption, DeviceOption, ModelOption, NoCacheOption, RayOption, ThreadsOption, ray_address
from tm.core.paths import PROJECT_GLOSSARY, project_glossary
from tm.mt.engine import make_translator

if TYPE_CHECKING:
    from glossary.lookup.scan import Match
    from tm.mt.translator import Translator
from tm.cli.runner import EPILOG, NOT_FOUND, VersionOption, run, say

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
    """The default copy: `glossary build` writes it without -o or with --default, and
    `glossary lookup` reads it when there is no --glossary or GLOSSARY_FILE."""
    from glossary.targets import default_glossary as default

    return default()


def resolve_glossary(option: Optional[Path], say: bool = False) -> Path:
    """The glossary a command reads: --glossary, else $GLOSSARY_FILE, else the project's
    (`project_glossary`), else the user default. With `say`, a note on stderr names the one
    used when it was not given explicitly."""
    from glossary.errors import GlossaryError

    project = None if option is not None or os.environ.get(GLOSSARY_ENV) else project_glossary()
    if option is not None:
        path, how = option, "--glossary"
    elif os.environ.get(GLOSSARY_ENV):
        path, how = Path(os.environ[GLOSSARY_ENV]), GLOSSARY_ENV
    elif project is not None:
        path, how = project, "the project's glossary"
    else:
        path, how = default_glossary(), "the default location"
    if not path.is_file():
        raise GlossaryError(
            f"{path}: no glossary there ({how}); run `glossary build` without -o (or with --default), "
            f"pass --glossary FILE, or put a project glossary in {PROJECT_GLOSSARY}"
        )
    if say and how in ("the project's glossary", "the default location"):
        typer.echo(f"glossary: using {how}, {path}", err=True)
    return path


EXTRACTION = ExtractionOptions()  # the build options' defaults, defined once in the library

GlossaryOption = typer.Option(
    None,
    "--glossary",
    "-g",
    help=f"Glossary file (default: ${GLOSSARY_ENV}, else the project's .diplotm/glossary.tbx in this folder or one above, "
    "else the default copy `glossary build` writes without -o or with --default).",
    readable=False,
)
ForceOption = typer.Option(
    False, "--force", help="Replace an existing output even if it is not a glossary in its suffix's format."
)
TbxVersionOption = typer.Option(
    None,
    "--tbx-version",
    min=2,
    max=3,
    help="2: TBX 2008 (martif; OmegaT reads it). 3: TBX v3 (ISO 30042:2019). Default: an existing file's, else 2.",
)


def _tbx_for(value: Optional[str]) -> Optional[str]:
    """--tbx-for takes omegat or standard (a usage error otherwise, exit 2)."""
    from glossary.formats import TBX_FOR

    if value is not None and value not in TBX_FOR:
        raise typer.BadParameter(f"must be omegat or standard, not {value!r}")
    return value


TbxForOption = typer.Option(
    None,
    "--tbx-for",
    callback=_tbx_for,
    metavar="omegat|standard",
    help="Whom TBX 2008 is for. omegat: the English terms' grammar and status in admin fields, so that OmegaT's pane "
    "shows a sentence, not codes. standard: TBX-Basic termNotes on both languages (termType, administrativeStatus, "
    "partOfSpeech), for Trados MultiTerm, memoQ, Phrase. Default: an existing file's, else omegat.",
)


def _finite(value: float) -> float:
    """Typer takes `nan` and `inf` for a float; a threshold must be a number."""
    if not math.isfinite(value):
        raise typer.BadParameter(f"must be a finite number, not {value}")
    return value


def _places(value: str) -> str:
    """--places takes one of PLACES (a usage error otherwise, exit 2)."""
    if value not in PLACES:
        raise typer.BadParameter(f"must be one of {', '.join(PLACES)}, not {value!r}")
    return value


@app.command()
def build(
    sources: List[str] = typer.Argument(
        ..., help="TMX files from `tm build`, or Russian documents (txt, docx, odt, html, xliff, pdf) and folders."
    ),
    output: Optional[Path] = typer.Option(
        None,
        "--output",
        "-o",
        help="Glossary file: .tbx, .csv, .tsv, .txt/.utf8 (OmegaT) or .po. Default: the default copy, which lookup and scan use.",
    ),
    also_default: bool = typer.Option(
        False, "--default", help="With -o: also write the same glossary as the default copy for lookup and scan."
    ),
    force: bool = ForceOption,
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    tbx_version: Optional[int] = TbxVersionOption,
    tbx_for: Optional[str] = TbxForOption,
    min_frequency: int = typer.Option(EXTRACTION.min_frequency, min=1, help="Occurrences a term needs."),
    min_specificity: float = typer.Option(
        EXTRACTION.min_specificity,
        callback=_finite,
        help="Phrases: mean log-ratio of frequency against general news (a log-ratio: negative values are allowed).",
    ),
    min_word_specificity: float = typer.Option(
        EXTRACTION.min_word_specificity, callback=_finite, help="Single words: the same threshold, stricter."
    ),
    max_terms: int = typer.Option(EXTRACTION.max_terms, min=1, max=1_000_000, help="Keep at most this many terms, best first."),
    reference_corpus: Optional[Path] = typer.Option(
        None, help="Folder of *.rus general-news text to compare against.", readable=False
    ),
    no_reference: bool = typer.Option(
        False,
        "--no-reference",
        help="Extract with the rules alone: the reference list neither adds, boosts nor keeps terms "
        "(it still gives approved equivalents to the terms found).",
    ),
    jobs: int = typer.Option(
        EXTRACTION.jobs, "--jobs", "-j", min=0, max=64, help="Processes counting term candidates; 0: one per available core."
    ),
    places: str = typer.Option(
        EXTRACTION.places,
        "--places",
        callback=_places,
        help="States and places (США, РК, Байконур), never ranked among the terms: 'last' lists them after every term, "
        "'only' writes them alone, 'none' leaves them out (last, only or none).",
    ),
    keep_furniture: bool = typer.Option(False, help="For text sources: keep page furniture."),
    discard_reviews: bool = typer.Option(
        False,
        help="Do not carry reviewed entries of the replaced glossary over "
        "(the -o file, or the default copy when it is the target).",
    ),
    cache_file: Optional[str] = CacheOption,
    no_cache: bool = NoCacheOption,
    ray: Optional[str] = RayOption,
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Extract terms with their English equivalents and write the glossary.

    Reviewed entries (approved or edited, e.g. with import-po) of the glossary being replaced
    (the -o file, else the default copy) are carried into the new one unless --discard-reviews
    is given. Every output is checked before the build starts, and nothing is written unless
    all can be.
    """
    from glossary.build import GlossaryBuildRequest, GlossaryOptions, build_and_write
    from tm.mt.cache import open_cache

    extraction = ExtractionOptions(
        min_frequency,
        min_specificity,
        min_word_specificity,
        max_terms,
        reference_corpus,
        use_reference=not no_reference,
        jobs=jobs,
        ray=ray_address(ray),
        places=places,
    )
    store = open_cache(cache_file, no_cache, warn=lambda m: say(PROGRAM, m))  # `--cache ''` fails here, first
    request = GlossaryBuildRequest(
        output, also_default, force, tbx_version, discard_reviews, GlossaryOptions(extraction, keep_furniture), tbx_for=tbx_for
    )
    report = build_and_write(
        sources,
        request,
        translator=lambda needed: _optional_translator(model, device, threads, needed),
        cache=lambda: store,
        warn=lambda m: say(PROGRAM, m),
    )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    kept = report.reviews
    review_note = f"; kept {kept.total} reviewed entries ({kept.merged} merged, {kept.kept} restored)" if kept.total else ""
    where = (
        ""
        if report.default is None
        else (" (the default copy)" if report.output_is_default else f"; also saved as the default copy {report.default}")
    )
    typer.echo(
        f"{report.output}: {report.entries} entries ({report.approved} approved, {report.proposed} proposed) "
        f"from {report.units} units{review_note}{where}"
    )


def _optional_translator(model: Optional[Path], device: str, threads: int, needed: bool) -> Optional[Translator]:
    """The model, if there is one. From TMX sources a glossary can be built without: terms of
    the reference list get its equivalents, other terms none (say so)."""
    from tm.core.errors import ModelError

    try:
        return make_translator(model, device, threads)
    except ModelError:
        if needed or model is not None:
            raise
        say(
            PROGRAM,
            "warning: no ru→en model installed: only terms of the reference list get English "
            "equivalents (tm model install, or --model FILE)",
        )
        return None


@app.command()
def export(
    source: Path = typer.Argument(..., help="A glossary in any format the tool writes.", readable=False),
    output: Path = typer.Option(..., "--output", "-o", help="Target file; its extension picks the format."),
    tbx_version: Optional[int] = TbxVersionOption,
    tbx_for: Optional[str] = TbxForOption,
    force: bool = ForceOption,
) -> None:
    """Convert a glossary between TBX, CSV, TSV, OmegaT text and PO, entry by entry. An
    existing TBX target keeps its version and reader unless --tbx-version/--tbx-for say otherwise."""
    from glossary.formats import iter_glossary, write_glossary
    from glossary.targets import plan_target
    from tm.core.atomic import check_outputs

    check_outputs({"-o": output}, [source])
    target = plan_target(output, tbx_version, force=force, inputs=[source], tbx_for=tbx_for)
    count = write_glossary(iter_glossary(source), output, format=target.format, inputs=[source])
    typer.echo(f"{output}: {count} entries")


@app.command("import-po")
def import_po(
    reviewed: Path = typer.Argument(..., help="A PO file exported by this tool and reviewed in Poedit.", readable=False),
    glossary_file: Optional[Path] = GlossaryOption,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: update the glossary)."),
    force: bool = ForceOption,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Take a review back: un-fuzzied entries become approved, edited translations are kept.
    A message applies only where its msgctxt and its msgid agree with the glossary; obsolete
    (#~) messages never do. The glossary keeps its format (TBX 2008 or v3, CSV, …)."""
    from glossary.errors import GlossaryError
    from glossary.formats import read_glossary, sniff, write_glossary
    from glossary.formats.po import import_review
    from glossary.targets import plan_target, same_path
    from tm.core.atomic import check_outputs

    target = resolve_glossary(glossary_file)
    check_outputs({"-o" if output else "--glossary": output or target}, [reviewed])  # never the PO being read
    if not reviewed.is_file():
        raise GlossaryError(f"{reviewed}: no such PO file")
    destination = output or target
    if same_path(destination, target):  # the glossary itself, updated in its own format
        plan_target(destination, force=True, inputs=[reviewed])
        fmt = sniff(target)
    else:
        fmt = plan_target(destination, force=force, inputs=[reviewed, target]).format
    glossary = read_glossary(target)
    result = import_review(glossary, reviewed)
    for problem in result.skipped:
        say(PROGRAM, f"warning: {problem}")
    if result.mismatched:
        shown = "; ".join(result.mismatched[:3]) + ("; …" if len(result.mismatched) > 3 else "")
        say(
            PROGRAM,
            f"warning: {len(result.mismatched)} messages not applied: their msgid is not the glossary's "
            f"term (edited, or from another glossary): {shown}",
        )
    write_glossary(glossary, destination, format=fmt, inputs=[reviewed])
    if as_json:
        typer.echo(json.dumps({"output": str(destination), **result.to_dict()}, ensure_ascii=False))
        return
    typer.echo(
        f"{destination}: {result.approved} newly approved, {result.edited} edited"
        + (f", {result.unknown} unknown entries ignored" if result.unknown else "")
        + (f", {len(result.mismatched)} mismatched messages not applied" if result.mismatched else "")
        + (f", {result.obsolete} obsolete messages ignored" if result.obsolete else "")
        + (f", {len(result.skipped)} messages skipped" if result.skipped else "")
    )


@app.command()
def review(
    glossary_file: Optional[Path] = typer.Argument(
        None, help=f"The glossary to review (default: ${GLOSSARY_ENV}, else the default copy).", readable=False
    ),
    memory: List[Path] = typer.Option(
        [],
        "--memory",
        help="A TMX: its contexts are shown beside each term; an aligned one is reviewed in the Alignment tab.",
        readable=False,
    ),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Print the address only; do not open a browser."),
) -> None:
    """Review term candidates and aligned pairs in the browser, on 127.0.0.1 with a secret
    address; each decision is saved at once. Ctrl-C stops."""
    from glossary.errors import GlossaryError
    from glossary.review.app import ReviewApp, serve
    from glossary.review.terms import TermReview

    for path in memory:
        if not path.is_file():
            raise GlossaryError(f"{path}: no such memory (--memory)")
    target = resolve_glossary(glossary_file)
    serve(ReviewApp(TermReview(target), memory), port, not no_browser, typer.echo)


@app.command()
def lookup(
    query: str = typer.Argument(..., help="A term in any inflected form, Russian or English."),
    glossary_file: Optional[Path] = GlossaryOption,
    limit: int = typer.Option(5, min=1, max=1000, help="Closest entries to show when nothing matches exactly."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Look a term up. Exit code 0: found, or terms found inside a longer query; 1: no exact match
    (the closest are still shown); 2+: an error."""
    from glossary.lookup.index import StoredIndex
    from glossary.lookup.render import render_result

    result = StoredIndex(resolve_glossary(glossary_file, say=True)).lookup(query, limit)
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
    from glossary.lookup.index import StoredIndex
    from glossary.lookup.scan import Scanner, scan_sentences
    from tm.cli.arguments import read_argument
    from tm.text.segment import plain_text, segment_document

    scanner = Scanner(StoredIndex(resolve_glossary(glossary_file, say=True)))
    document = read_argument(text, "glossary scan", "scan")
    # A document format's sentences without their codes (a line break code is a space).
    sentences = [(document.name, plain_text(s)) for s in segment_document(document, keep_furniture=True)]
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
