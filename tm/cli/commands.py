"""The `tm` command: a thin Typer layer over tm's library functions.

Commands raise the library's errors; `tm.cli.runner.run` turns them into one line on stderr
and an exit code of its table. Heavy modules (CTranslate2, argostranslate, lxml) are
imported inside the commands that need them, so `tm --help` answers at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from tm.cli.runner import EPILOG, PARTIAL, VersionOption, run, say

if TYPE_CHECKING:
    from tm.mt.translator import Translator

PROGRAM = "tm"
MAX_THREADS = 256  # CTranslate2 crashes far above any real core count
MAX_BATCH = 4096

app = typer.Typer(
    help="Russian→English translation memory: documents → sentences → argostranslate → TMX.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
model_app = typer.Typer(help="List, install or download argos ru→en models.", no_args_is_help=True)
app.add_typer(model_app, name="model")

ModelOption = typer.Option(None, "--model", "-m", help="An .argosmodel file to install and use.")
DeviceOption = typer.Option("auto", help="cpu, cuda, or auto (cuda when a GPU is visible).")
ThreadsOption = typer.Option(0, min=0, max=MAX_THREADS, help="CPU threads for CTranslate2 (0: its default).")
BatchOption = typer.Option(32, min=1, max=MAX_BATCH, help="Sentences per model call.")
# Input paths are given `readable=False`: tm.core.inputs checks them when it opens them (exit 3,
# the file named); Click's own check gives a usage error (exit 2) and misses FIFOs and devices.


@app.callback()
def _main(version: bool = VersionOption(PROGRAM)) -> None:
    """Russian→English translation memory (see README)."""


def make_translator(model: Optional[Path], device: str, threads: int, batch_size: int = 32) -> Translator:
    """The translator for a command's options; bad values fail before the model loads."""
    from tm.mt import models
    from tm.mt.translator import Translator, resolve_device

    resolve_device(device)
    return Translator(models.resolve(model), device=device, threads=threads, batch_size=batch_size)


@app.command()
def build(
    paths: List[str] = typer.Argument(..., help="Files, directories (*.txt, recursively) or - for stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="The TMX file to write."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    source_lang: str = typer.Option("ru-RU", help="xml:lang of the Russian side (ru, ru-RU, ru-KZ…)."),
    target_lang: str = typer.Option("en-US", help="xml:lang of the English side (en, en-US, en-GB…)."),
    merge: Optional[Path] = typer.Option(None, help="An existing TMX whose units are kept in the output.", readable=False),
    keep_furniture: bool = typer.Option(False, help="Keep page furniture (menus, headline lists, counters)."),
    keep_going: bool = typer.Option(False, help="Skip unreadable inputs (exit code 4) instead of stopping."),
    strip_labels: bool = typer.Option(False, "--strip-labels",
                                      help="Leave interview labels (Вопрос<TAB>) and dialogue dashes out of the sources "
                                           "(CAT tools segment with them, so exact matches then need them)."),
    cache: Optional[str] = typer.Option(None, help="Translation cache file (default: in $XDG_CACHE_HOME; TM_CACHE)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the translation cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Translate Russian documents and write the sentence pairs as a TMX 1.4b memory."""
    from tm.core.langcodes import check_pair
    from tm.core.progress import progress_bar
    from tm.memory.build import BuildOptions, build_memory
    from tm.mt.cache import open_cache

    _check_tmx_output(output, [p for p in paths if p != "-"], merge)
    store = open_cache(cache, no_cache, warn=lambda m: say(PROGRAM, m))
    translator = make_translator(model, device, threads, batch_size)
    source_lang, target_lang = check_pair(source_lang, target_lang, translator.info.from_code, translator.info.to_code)
    options = BuildOptions(source_lang, target_lang, keep_furniture, keep_going, merge, strip_labels=strip_labels)
    try:
        with progress_bar("Translating", enabled=not as_json) as advance:
            report = build_memory(paths, output, translator, store, options, progress=advance)
    finally:
        store.close()
    for line in report.notices:
        say(PROGRAM, line)
    _warn_merge(merge, report.merge_skipped)
    if report.long_segments:
        say(PROGRAM, f"warning: {report.long_segments} units have a segment over 2,000 characters (Trados' limit)")
    _conclude(
        {**report.to_dict(), "output": str(output), "model": translator.label, "signature": str(translator.signature)},
        f"{output}: {report.written} units from {report.documents} documents — "
        f"{report.segments} segments, {report.unique} unique, {report.translated} translated, "
        f"{report.from_cache} from cache, {report.merged} merged; "
        f"{report.seconds:.1f} s, {report.segments_per_second:.1f} segments/s",
        report.errors, as_json,
    )


def _check_tmx_output(output: Path, inputs: List[str], merge: Optional[Path], report: Optional[Path] = None) -> None:
    """Before anything slow: `-o` (and `--report`) may be written, are none of the inputs
    named on the command line, and name the formats written (`-output` is `-o utput`).
    `-o` may be its own `--merge`: the memory is updated in place, read to its end before
    the new file replaces it. The library checks again against every file it reads."""
    from tm.core.atomic import check_outputs, require_suffix

    check_outputs({"-o": output, "--report": report}, inputs)
    check_outputs({"--report": report}, [merge])
    require_suffix(output, [".tmx"])
    if report is not None:
        require_suffix(report, [".tsv"], "--report", None)


def _warn_merge(merge: Optional[Path], skipped: int) -> None:
    if skipped:
        say(PROGRAM, f"warning: {merge}: {skipped} units without both languages were not merged")


def _conclude(summary: dict[str, object], line: str, errors: list[str], as_json: bool) -> None:
    """The end of a command that writes a TMX: the inputs skipped, the summary (a line, or
    JSON for scripts), and exit code 4 when inputs were skipped."""
    for error in errors:
        say(PROGRAM, f"error: {error}")
    typer.echo(json.dumps(summary, ensure_ascii=False) if as_json else line)
    if errors:
        raise typer.Exit(PARTIAL)


@app.command()
def align(
    paths: List[str] = typer.Argument(None, help="RUSSIAN ENGLISH files (either may be - for stdin), "
                                                  "or one folder of NAME.ru.txt / NAME.en.txt pairs."),
    output: Path = typer.Option(..., "--output", "-o", help="The TMX file to write."),
    manifest: Optional[Path] = typer.Option(None, help="A TSV of RUSSIAN<TAB>ENGLISH paths, relative to it.", readable=False),
    glossary: Optional[Path] = typer.Option(None, help="Term pairs as anchors: a TSV/CSV with ru and en columns "
                                                       "(e.g. an exported glossary), besides the reference list.",
                                            readable=False),
    mt: bool = typer.Option(False, "--mt", help="Also compare the installed model's translation of each Russian "
                                                 "sentence with the English (slower; needs a model)."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    min_score: float = typer.Option(0.0, min=0.0, max=1.0, help="Leave out pairs scoring below this (0–1)."),
    report: Optional[Path] = typer.Option(None, help="Write the unaligned sentences (1-0, 0-1) to this TSV."),
    source_lang: str = typer.Option("ru-RU", help="xml:lang of the Russian side."),
    target_lang: str = typer.Option("en-US", help="xml:lang of the English side."),
    merge: Optional[Path] = typer.Option(None, help="An existing TMX whose units are kept in the output.", readable=False),
    keep_furniture: bool = typer.Option(False, help="Keep page furniture on both sides."),
    keep_going: bool = typer.Option(False, help="Skip pairs that cannot be read (exit code 4) instead of stopping."),
    cache: Optional[str] = typer.Option(None, help="Translation cache file, for --mt (default: in $XDG_CACHE_HOME; TM_CACHE)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Align human English translations with their Russian originals into a TMX memory."""
    from tm.align.anchors import Lexicon
    from tm.align.run import AlignOptions, align_documents, find_pairs, installed_term_pairs, mt_similarity, read_term_pairs
    from tm.core.langcodes import check_pair
    from tm.core.progress import progress_bar
    from tm.mt.cache import open_cache

    side_inputs = [p for p in (manifest, glossary) if p is not None]
    _check_tmx_output(output, [p for p in paths or [] if p != "-"] + [str(p) for p in side_inputs], merge, report)
    store = open_cache(cache, warn=lambda m: say(PROGRAM, m), has_no_cache=False) if mt else None
    pairs = find_pairs(list(paths or []), manifest)
    source_lang, target_lang = check_pair(source_lang, target_lang, "ru", "en")
    terms = list(installed_term_pairs()) + (read_term_pairs(glossary) if glossary else [])
    options = AlignOptions(source_lang, target_lang, min_score, keep_furniture, keep_going, merge, report,
                           Lexicon.from_pairs(terms), side_inputs=side_inputs, cache=store)
    similarity_for = None
    if store is not None:
        translator, mt_cache = make_translator(model, device, threads), store
        similarity_for = lambda ru, en: mt_similarity(ru, en, translator, mt_cache)  # noqa: E731
    try:
        with progress_bar("Aligning", enabled=not as_json) as advance:
            result = align_documents(pairs, output, options, similarity_for, progress=advance)
    finally:
        if store is not None:
            store.close()
    for line in result.warnings:
        say(PROGRAM, f"warning: {line}")
    _warn_merge(merge, result.merge_skipped)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(result.kinds.items())) or "none"
    _conclude(
        {**result.to_dict(), "output": str(output)},
        f"{output}: {result.written} aligned pairs from {result.documents} document pairs ({kinds}); "
        f"unaligned: {result.unaligned_ru} Russian, {result.unaligned_en} English sentences; "
        f"{result.below_min_score} below --min-score; {result.merged} merged; {result.seconds:.1f} s",
        result.errors, as_json,
    )


@app.command()
def srx(
    output: Path = typer.Option(..., "--output", "-o", help="The .srx file; with --omegat, a project's omegat/ folder."),
    omegat: bool = typer.Option(False, "--omegat", help="Write OmegaT 3.x/4.x's segmentation.conf and filters.xml "
                                                         "(plain text cut at line breaks) into the folder instead; "
                                                         "an existing filters.xml keeps its other filters and options."),
    force: bool = typer.Option(False, "--force", help="With --omegat: replace a filters.xml that is not OmegaT "
                                                      "filters XML (otherwise refused)."),
) -> None:
    """Write the project's segmentation rules, for CAT tools to cut segments as tm build does."""
    from tm.core.atomic import check_outputs, require_suffix, write_bytes
    from tm.text.srx import srx_document, write_omegat

    if not omegat:
        check_outputs({"-o": output})
        require_suffix(output, [".srx"])
        write_bytes(output, srx_document().encode("utf-8"))
        typer.echo(f"{output}: SRX 2.0 segmentation rules")
        return
    written = write_omegat(output, force)
    for line in written.warnings:
        say(PROGRAM, f"warning: {line}")
    typer.echo(written.summary)


@app.command()
def segment(
    paths: List[str] = typer.Argument(..., help="Files, directories (*.txt, recursively) or - for stdin."),
    keep_furniture: bool = typer.Option(False, help="Keep page furniture (menus, headline lists, counters)."),
    keep_going: bool = typer.Option(False, help="Skip unreadable inputs (exit code 4) instead of stopping."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line with document, paragraph, position."),
    explain: bool = typer.Option(False, "--explain", help="After each sentence, the repair rules that moved its "
                                                          "boundaries (with --json: a `decisions` list)."),
) -> None:
    """Print the sentences the memory would be made of, one per line."""
    from tm.text.documents import collect_inputs, iter_documents
    from tm.text.segment import explain_document, segment_document

    errors: list[str] = []
    files, notices = collect_inputs(paths, keep_going, errors)
    for line in notices:
        say(PROGRAM, line)
    for document in iter_documents(files, keep_going, errors):
        if explain:
            for item in explain_document(document, keep_furniture):
                typer.echo(json.dumps(item.to_dict(), ensure_ascii=False) if as_json
                           else "\n".join([item.segment.text, *("  " + note for note in item.notes())]))
            continue
        for seg in segment_document(document, keep_furniture):
            typer.echo(json.dumps(seg.to_dict(), ensure_ascii=False) if as_json else seg.text)
    for line in errors:
        say(PROGRAM, f"error: {line}")
    if errors:
        raise typer.Exit(PARTIAL)


@app.command()
def translate(
    text: str = typer.Argument(..., help="Russian text, a file, or - for stdin."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
) -> None:
    """Translate a string or a file to standard output, sentence by sentence, for quick checks."""
    from tm.text.documents import read_argument
    from tm.text.segment import segment_document

    document = read_argument(text, "tm translate", "translate")
    segments = segment_document(document, keep_furniture=True)
    translator = make_translator(model, device, threads)
    targets = translator.translate([s.text for s in segments])
    paragraph = None
    lines: list[str] = []
    for seg, target in zip(segments, targets):
        if paragraph is not None and seg.paragraph != paragraph:
            typer.echo(" ".join(lines))
            lines = []
        paragraph = seg.paragraph
        lines.append(f"{seg.dash} {target}" if seg.dash else target)
    if lines:
        typer.echo(" ".join(lines))


@app.command()
def stats(
    tmx: Path = typer.Argument(..., help="A TMX file.", readable=False),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Count the units of a TMX file by language, origin and document."""
    from tm.memory.stats import tmx_stats

    result = tmx_stats(tmx)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(result.render())


@model_app.command("list")
def model_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the installed argos packages; the ru→en one `tm` uses is starred."""
    from tm.mt import models

    packages = models.installed_packages()
    chosen = models.find_installed(packages)
    rows = [models.describe(p) for p in packages]
    if as_json:
        typer.echo(json.dumps([
            {"code": r.code, "version": r.version, "from": r.from_code, "to": r.to_code,
             "path": str(r.path), "used": chosen is not None and r.path == chosen.package_path}
            for r in rows
        ], indent=2))
        return
    if not rows:
        typer.echo("no argos packages installed (tm model install, or tm model install --file F)")
        return
    for r in rows:
        mark = "*" if chosen is not None and r.path == chosen.package_path else " "
        typer.echo(f"{mark} {r.code:<36} {r.version:<8} {r.from_code}→{r.to_code}  {r.path}")


@model_app.command("install")
def model_install(
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Install this .argosmodel instead of downloading."),
) -> None:
    """Install translate-ru_en from the argos index (ARGOS_PACKAGE_INDEX), or a given file.

    The package is checked (one top folder, safe names, sizes, metadata, ru→en, the model
    loads, the tokenizer is there) in a temporary folder and only then renamed into place."""
    from tm.core.progress import download_bar
    from tm.mt import models

    new = True
    if file is not None:
        package, new = models.install(file)
    else:
        say(PROGRAM, f"reading the package index {models.index_url()}")
        chosen = models.choose_from_index()
        with download_bar(f"Downloading {chosen.code} {chosen.package_version}".rstrip()) as advance:
            package = models.download_and_install(chosen, progress=advance)
    info = models.describe(package)
    typer.echo(f"{'installed' if new else 'already installed (and intact):'} {info.label} in {info.path}")


def main() -> None:
    run(app, PROGRAM)


if __name__ == "__main__":
    main()
