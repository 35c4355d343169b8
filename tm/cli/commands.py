"""The `tm` command: a thin Typer layer over tm's library functions.

Each command parses its options, makes one library call and prints the report it returns.
Commands raise the library's errors; `tm.cli.runner.run` turns them into one line on stderr
and an exit code of the one table (`tm.core.exitcodes`). Heavy modules (CTranslate2,
argostranslate, lxml) are imported inside the commands that need them, so `tm --help`
answers at once. Shared options and their defaults are in `tm.cli.options`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from tm.cli.options import (
    BatchOption,
    CacheOption,
    DeviceOption,
    GlossaryOption,
    JsonOption,
    KeepFurnitureOption,
    KeepGoingOption,
    MergeOption,
    MinScoreOption,
    ModelOption,
    MtOutOption,
    NoCacheOption,
    NoGlossaryOption,
    RayOption,
    ShardOption,
    SourceLangOption,
    TargetLangOption,
    ThreadsOption,
    TmOption,
    TmxOutputOption,
    WorkersOption,
    glossary_choice,
    ray_address,
)
from tm.cli.runner import EPILOG, NOT_FOUND, PARTIAL, VersionOption, run, say
from tm.core.errors import UsageError
from tm.mt.engine import MtSettings

PROGRAM = "tm"

app = typer.Typer(
    help="Russian→English translation memory: documents → sentences → argostranslate → TMX.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
model_app = typer.Typer(help="List, install or download argos ru→en models.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@app.callback()
def _main(version: bool = VersionOption(PROGRAM)) -> None:
    """Russian→English translation memory (see README)."""


def _warn(message: str) -> None:
    say(PROGRAM, message)  # the cache's warnings carry their own `warning:`


@app.command()
def build(
    paths: List[str] = typer.Argument(
        ..., help="Documents (txt, docx, odt, html, xliff, pdf, doc, rtf), folders (searched recursively) or - for stdin."
    ),
    output: Path = TmxOutputOption,
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    source_lang: str = SourceLangOption("xml:lang of the Russian side (ru, ru-RU, ru-KZ…)."),
    target_lang: str = TargetLangOption("xml:lang of the English side (en, en-US, en-GB…)."),
    merge: Optional[Path] = MergeOption,
    mt_out: Optional[Path] = MtOutOption,
    omegat_tmx: Optional[Path] = typer.Option(
        None,
        "--omegat-tmx",
        help="Also write the memory for OmegaT: segments as OmegaT 3.6 shows them, its tag "
        "shortcuts as text (<t3/>, <b0>), exact for DOCX, ODT and HTML with or without its "
        "level-2 preferences; other tools should read -o.",
        dir_okay=False,
    ),
    tm: Optional[List[Path]] = TmOption,
    fuzzy_threshold: int = typer.Option(
        75,
        "--fuzzy-threshold",
        min=0,
        max=100,
        help="Record on an MT unit the best --tm fuzzy match with an OmegaT score at least this "
        "(x-fuzzy-match, x-fuzzy-tuid); 0 records none.",
    ),
    keep_furniture: bool = KeepFurnitureOption(),
    keep_going: bool = KeepGoingOption(),
    strip_labels: bool = typer.Option(
        False,
        "--strip-labels",
        help="Leave interview labels (Вопрос<TAB>) and dialogue dashes out of the sources "
        "(CAT tools segment with them, so exact matches then need them).",
    ),
    cache: Optional[str] = CacheOption,
    no_cache: bool = NoCacheOption,
    glossary: Optional[Path] = GlossaryOption,
    no_glossary: bool = NoGlossaryOption,
    workers: str = WorkersOption,
    shard: Optional[str] = ShardOption,
    ray: Optional[str] = RayOption,
    as_json: bool = JsonOption(),
) -> None:
    """Translate Russian documents and write the sentence pairs as a TMX 1.4b memory."""
    from tm.core.progress import progress_bar
    from tm.memory.build import BuildOptions, build_with_settings
    from tm.memory.shards import parse_shard
    from tm.mt.engine import parse_workers

    settings = MtSettings(
        model,
        device,
        threads,
        batch_size,
        cache,
        no_cache,
        glossary_choice(glossary, no_glossary),
        workers=parse_workers(workers),
        ray=ray_address(ray),
    )
    options = BuildOptions(
        source_lang,
        target_lang,
        keep_furniture,
        keep_going,
        merge,
        strip_labels=strip_labels,
        mt_out=mt_out,
        tm=tuple(tm or ()),
        fuzzy_threshold=fuzzy_threshold,
        shard=parse_shard(shard) if shard is not None else None,
        omegat_tmx=omegat_tmx,
    )
    with progress_bar("Translating", enabled=not as_json) as advance:
        report = build_with_settings(paths, output, settings, options, progress=advance, warn=_warn)
    for line in report.notices:
        say(PROGRAM, line)
    _warn_merge(merge, report.merge_skipped)
    if report.tm_skipped:
        say(PROGRAM, f"warning: --tm: {report.tm_skipped} units without both languages were not used")
    if report.long_segments:
        say(PROGRAM, f"warning: {report.long_segments} units have a segment over 2,000 characters (Trados' limit)")
    superseded = ""
    if report.mt_superseded or report.human_superseded:
        superseded = f", {report.mt_superseded} MT units left out for a human one" + (f" (in {mt_out})" if mt_out else "")
        if report.human_superseded:
            superseded += f", {report.human_superseded} human units for a reviewed one"
    leveraged = (
        f", {report.leveraged_context} context and {report.leveraged_exact} exact matches from --tm, "
        f"{report.fuzzy_recorded} fuzzy matches recorded"
        if tm
        else ""
    )
    _conclude(
        {
            **report.to_dict(),
            "output": str(output),
            "mt_out": str(mt_out) if mt_out else None,
            **({"omegat_tmx": str(omegat_tmx)} if omegat_tmx else {}),
        },
        f"{output}: {report.written} units from {report.documents} documents — "
        f"{report.segments} segments, {report.unique} unique{leveraged}, {report.translated} translated, "
        f"{report.from_cache} from cache, {report.merged} merged{superseded}; "
        f"{report.seconds:.1f} s, {report.segments_per_second:.1f} segments/s, "
        f"{report.sentences_per_second:.1f} sentences/s and {report.tokens_per_second:.0f} target tokens/s translated"
        + (f" ({report.workers} workers)" if report.workers > 1 else "")
        + (f"; shard {report.shard}" if report.shard else "")
        + ("; on Ray" if ray else ""),
        report.errors,
        as_json,
    )


@app.command("merge-memories")
def merge_memories(
    memories: List[Path] = typer.Argument(..., help="The TMX files of all shards of one tm build --shard i/n run."),
    output: Path = TmxOutputOption,
    as_json: bool = JsonOption(),
) -> None:
    """Combine the shards' TMX files into the memory one run would write (dates aside)."""
    from tm.memory.build import check_tmx_outputs
    from tm.memory.shards import merge_memories as merge

    check_tmx_outputs(output, [str(m) for m in memories], None)
    report = merge(memories, output)
    summary = {"output": str(output), "shards": report.shards, "read": report.read, "written": report.written}
    line = f"{output}: {report.written} units from {report.shards} shards ({report.read} read, each pair once)"
    _conclude(summary, line, [], as_json)


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
    paths: List[str] = typer.Argument(
        None, help="RUSSIAN ENGLISH files (either may be - for stdin), or one folder of NAME.ru.txt / NAME.en.txt pairs."
    ),
    output: Path = TmxOutputOption,
    manifest: Optional[Path] = typer.Option(None, help="A TSV of RUSSIAN<TAB>ENGLISH paths, relative to it.", readable=False),
    glossary: Optional[Path] = typer.Option(
        None,
        help="Term pairs as anchors: a TSV/CSV with ru and en columns (e.g. an exported glossary), besides the reference list.",
        readable=False,
    ),
    mt: bool = typer.Option(
        False,
        "--mt",
        help="Also compare the installed model's translation of each Russian sentence with the English (slower; needs a model).",
    ),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    min_score: float = MinScoreOption,
    report: Optional[Path] = typer.Option(None, help="Write the unaligned sentences (1-0, 0-1) to this TSV."),
    source_lang: str = SourceLangOption(),
    target_lang: str = TargetLangOption(),
    merge: Optional[Path] = MergeOption,
    mt_out: Optional[Path] = MtOutOption,
    keep_furniture: bool = KeepFurnitureOption("Keep page furniture on both sides."),
    keep_going: bool = KeepGoingOption("Skip pairs that cannot be read (exit code 4) instead of stopping."),
    strip_labels: bool = typer.Option(
        False,
        "--strip-labels",
        help="Leave interview labels (Вопрос<TAB>, Question<TAB>) and dialogue dashes out of both sides, as tm build does.",
    ),
    presegmented: bool = typer.Option(
        False, "--presegmented", help="Both sides are plain text, one sentence a line, aligned as given (not re-split)."
    ),
    one_pass: bool = typer.Option(
        False, "--one-pass", help="No second pass with the dictionary learned from the first (faster, less accurate)."
    ),
    cache: Optional[str] = CacheOption,
    no_cache: bool = NoCacheOption,
    as_json: bool = JsonOption(),
) -> None:
    """Align human English translations with their Russian originals into a TMX memory."""
    from tm.align.run import AlignOptions, align_with_settings
    from tm.core.progress import progress_bar

    settings = MtSettings(model, device, threads, batch_size, cache, no_cache) if mt else None
    options = AlignOptions(
        source_lang,
        target_lang,
        min_score,
        keep_furniture,
        keep_going,
        merge,
        report,
        mt_out,
        strip_labels=strip_labels,
        presegmented=presegmented,
        realign=not one_pass,
    )
    with progress_bar("Aligning", enabled=not as_json) as advance:
        result = align_with_settings(list(paths or []), output, options, manifest, glossary, settings, advance, _warn)
    for line in result.warnings:
        say(PROGRAM, f"warning: {line}")
    _warn_merge(merge, result.merge_skipped)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(result.kinds.items())) or "none"
    superseded = f", {result.mt_superseded} MT units left out for a human one" + (f" (in {mt_out})" if mt_out else "")
    _conclude(
        {**result.to_dict(), "output": str(output), "mt_out": str(mt_out) if mt_out else None},
        f"{output}: {result.written} aligned pairs from {result.documents} document pairs ({kinds}); "
        f"unaligned: {result.unaligned_ru} Russian, {result.unaligned_en} English sentences; "
        f"{result.below_min_score} below --min-score; {result.merged} merged"
        f"{superseded if result.mt_superseded else ''}; {result.seconds:.1f} s",
        result.errors,
        as_json,
    )


@app.command()
def srx(
    output: Path = typer.Option(..., "--output", "-o", help="The .srx file; with --omegat, a project's omegat/ folder."),
    omegat: bool = typer.Option(
        False,
        "--omegat",
        help="Write OmegaT 3.x/4.x's segmentation.conf, filters.xml "
        "(plain text cut at line breaks; DOCX, ODT and HTML filter options) and omegat.prefs "
        "(the level-2 TMX preferences) into the folder instead; "
        "an existing filters.xml keeps its other filters and options.",
    ),
    force: bool = typer.Option(
        False, "--force", help="With --omegat: replace a filters.xml that is not OmegaT filters XML (otherwise refused)."
    ),
) -> None:
    """Write the project's segmentation rules, for CAT tools to cut segments as tm build does."""
    from tm.text.srx import write_srx

    written = write_srx(output, omegat, force)
    for line in written.warnings:
        say(PROGRAM, f"warning: {line}")
    typer.echo(written.summary)


@app.command()
def segment(
    paths: List[str] = typer.Argument(
        ..., help="Documents (txt, docx, odt, html, xliff, pdf, doc, rtf), folders (searched recursively) or - for stdin."
    ),
    keep_furniture: bool = KeepFurnitureOption(),
    keep_going: bool = KeepGoingOption(),
    as_json: bool = JsonOption("One JSON object per line with document, paragraph, position."),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="After each sentence, the repair rules that moved its boundaries (with --json: a `decisions` list).",
    ),
) -> None:
    """Print the sentences the memory would be made of, one per line."""
    from tm.core.keepgoing import KeepGoing
    from tm.text.documents import collect_inputs, iter_documents
    from tm.text.segment import explain_document, segment_document

    policy = KeepGoing(keep_going)
    files, notices = collect_inputs(paths, policy)
    for line in notices:
        say(PROGRAM, line)
    for document in iter_documents(files, policy):
        if explain:
            for item in explain_document(document, keep_furniture):
                typer.echo(
                    json.dumps(item.to_dict(), ensure_ascii=False)
                    if as_json
                    else "\n".join([item.segment.text, *("  " + note for note in item.notes())])
                )
            continue
        for seg in segment_document(document, keep_furniture):
            typer.echo(json.dumps(seg.to_dict(), ensure_ascii=False) if as_json else seg.text)
    for line in policy.errors:
        say(PROGRAM, f"error: {line}")
    if policy.errors:
        raise typer.Exit(PARTIAL)


@app.command()
def translate(
    text: str = typer.Argument(..., help="Russian text, a file, or - for stdin."),
    output: Optional[Path] = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the translated document here (DOCX, ODT, HTML or .txt, as the input): "
        "tm pretranslate and tm merge in one, with the translation cache.",
    ),
    tm: Optional[List[Path]] = TmOption,
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    glossary: Optional[Path] = GlossaryOption,
    no_glossary: bool = NoGlossaryOption,
) -> None:
    """Translate a string or a file to standard output, sentence by sentence, for quick checks
    (no translation cache is read or written); with -o, a document into a translated copy."""
    from tm.cli.arguments import read_argument
    from tm.memory.build import translate_document

    settings = MtSettings(model, device, threads, batch_size, glossary=glossary_choice(glossary, no_glossary))
    if output is not None:
        _translate_to_file(text, output, tm or [], settings)
        return
    if tm:
        raise UsageError("--tm: only with -o (a translated document); tm build --tm for a memory")
    document = read_argument(text, "tm translate", "translate")
    for line in translate_document(document, settings):
        typer.echo(line)


def _translate_to_file(document: str, output: Path, memories: List[Path], settings: MtSettings) -> None:
    from tm.memory.pretranslate import PretranslateOptions, translate_document_file

    report = translate_document_file(
        document, output, settings, PretranslateOptions(tm=tuple(memories)), warn=lambda line: say(PROGRAM, f"warning: {line}")
    )
    typer.echo(f"{output}: {report.units} segments translated into {report.blocks} blocks; {len(report.warnings)} warnings")


@app.command()
def stats(
    tmx: Path = typer.Argument(..., help="A TMX file.", readable=False),
    as_json: bool = JsonOption("Print as JSON."),
) -> None:
    """Count the units of a TMX file by language, origin and document, and the words and
    characters of each language (words: runs of letters and digits, joined across an inner
    hyphen or apostrophe and a decimal point; characters without and with white space)."""
    from tm.memory.stats import tmx_stats

    result = tmx_stats(tmx)
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else result.render())


@model_app.command("list")
def model_list(as_json: bool = JsonOption("Print as JSON.")) -> None:
    """Show the installed argos packages; the ru→en one `tm` uses is starred."""
    from tm.mt.models import list_models

    rows = list_models()
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "version": r.version,
                        "from": r.from_code,
                        "to": r.to_code,
                        "path": str(r.path),
                        "used": used,
                    }
                    for r, used in rows
                ],
                indent=2,
            )
        )
        return
    if not rows:
        typer.echo("no argos packages installed (tm model install, or tm model install --file F)")
    for r, used in rows:
        typer.echo(f"{'*' if used else ' '} {r.code:<36} {r.version:<8} {r.from_code}→{r.to_code}  {r.path}")


@model_app.command("install")
def model_install(
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Install this .argosmodel instead of downloading."),
) -> None:
    """Install translate-ru_en from the argos index (ARGOS_PACKAGE_INDEX), or a given file.

    The package is checked (one top folder, safe names, sizes, metadata, ru→en, the model
    loads, the tokenizer is there) in a temporary folder and only then renamed into place."""
    from tm.core.progress import download_bar
    from tm.mt.models import install_model

    info, new = install_model(file, notice=lambda line: say(PROGRAM, line), bar=download_bar)
    typer.echo(f"{'installed' if new else 'already installed (and intact):'} {info.label} in {info.path}")


def _too_long_to_score(text: str) -> str | None:
    """Why a sentence cannot be scored as OmegaT scores it: more tokens than it compares
    (MAX_N; its scores of a longer one are meaningless, and slow), or None."""
    from tm.memory.matching import MAX_N, tokens_all

    count = len(tokens_all(text))
    if count <= MAX_N:
        return None
    return f"too long to score ({count:,} tokens; OmegaT's scores compare at most {MAX_N:,}: give one sentence)"


@app.command()
def search(
    sentence: Optional[str] = typer.Argument(None, help="The Russian sentence to look up (or use --queries)."),
    memories: List[Path] = typer.Option(..., "--tm", help="A TMX file to search; repeat for several.", readable=False),
    top: int = typer.Option(5, "--top", min=1, help="How many matches to show for each sentence."),
    min_score: int = typer.Option(
        30, "--min-score", min=0, max=100, help="Keep a match when its score or no-stem score reaches this (OmegaT: 30)."
    ),
    queries: Optional[Path] = typer.Option(None, "--queries", help="A UTF-8 file of sentences, one a line.", readable=False),
    as_json: bool = JsonOption("Print the matches as JSON."),
    no_index: bool = typer.Option(False, "--no-index", help="Score every unit instead of using the search index."),
) -> None:
    """Find the best fuzzy matches of a sentence in TMX files, scored as OmegaT scores them:
    score (stemmed words without stop words), no-stem score (words) and adjusted score (all
    tokens, numbers included), each a token Levenshtein similarity. Shows each match's scores,
    origin (x-Origin), document (x-document), source and target. Exit code 1 when no sentence
    has a match.

    Each TMX is indexed once, in $XDG_CACHE_HOME/diplotm/tm-index/, and reindexed when it
    changes; --no-index scores every unit instead (the same matches, slower)."""
    from tm.cli.arguments import queries_of
    from tm.memory.index import search as indexed_search
    from tm.memory.search import render
    from tm.memory.search import search as brute_search

    search_memories = brute_search if no_index else indexed_search

    texts = queries_of(sentence, queries, "a sentence", too_long=_too_long_to_score)
    results = search_memories(texts, memories, top=top, min_score=min_score)
    if as_json:
        payload = [{"query": text, "matches": [m.to_dict() for m in found]} for text, found in zip(texts, results, strict=True)]
        typer.echo(json.dumps(payload if queries is not None else payload[0], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(render(text, found) for text, found in zip(texts, results, strict=True)))
    if not any(results):
        raise typer.Exit(NOT_FOUND)


@app.command()
def concord(
    phrase: Optional[str] = typer.Argument(None, help="A Russian or English word or phrase, in any form (or use --queries)."),
    memories: List[Path] = typer.Option(..., "--tm", help="A TMX file to look in; repeat for several.", readable=False),
    limit: int = typer.Option(20, "--limit", min=1, help="How many lines to show for each query."),
    queries: Optional[Path] = typer.Option(None, "--queries", help="A UTF-8 file of queries, one a line.", readable=False),
    as_json: bool = JsonOption("Print a JSON array with one object per hit."),
    no_index: bool = typer.Option(False, "--no-index", help="Read every unit instead of using the search index."),
) -> None:
    """Show keyword-in-context lines of a word or phrase in TMX files. A Cyrillic query is
    looked up in the Russian sources by lemma (pymorphy3: any inflected form matches), any
    other in the English targets by lowercased word with its suffix stripped ("partnerships"
    finds "partnership"); a phrase matches consecutive words. Each line shows the left
    context, the [match] and the right context, then the other language's text, the origin
    (x-Origin) and the document (x-document). Exit code 1 when no query is found.

    Each TMX is indexed once, in $XDG_CACHE_HOME/diplotm/tm-index/, and reindexed when it
    changes; --no-index reads every unit instead (the same lines, slower)."""
    from tm.cli.arguments import queries_of
    from tm.memory.concordance import concordance, render
    from tm.memory.index import concordance as indexed_concordance

    texts = queries_of(phrase, queries, "a word or phrase")
    results = (concordance if no_index else indexed_concordance)(texts, memories, limit=limit)
    if as_json:
        typer.echo(json.dumps([hit.to_dict() for found in results for hit in found.hits], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(render(found) for found in results))
    if not any(found.hits for found in results):
        raise typer.Exit(NOT_FOUND)


@app.command()
def analyze(
    paths: List[str] = typer.Argument(
        ..., help="Documents (txt, docx, odt, html, xliff, pdf, doc, rtf), folders (searched recursively) or - for stdin."
    ),
    memories: Optional[List[Path]] = typer.Option(
        None, "--tm", help="A TMX file to match against; repeat for several.", readable=False
    ),
    csv_output: Optional[Path] = typer.Option(None, "--csv", help="Also write the table to this CSV file.", readable=False),
    keep_furniture: bool = KeepFurnitureOption(),
    strip_labels: bool = typer.Option(
        False, "--strip-labels", help="Segments without interview labels and dialogue dashes, as tm build --strip-labels."
    ),
    as_json: bool = JsonOption("Print the bands, and each segment's band and OmegaT scores, as JSON."),
) -> None:
    """Count what a quote is based on: per document and in total, the segments, words and
    characters of each match band against the memories: repetitions (a source seen earlier
    in the job), 101% (context), 100%, 95-99, 85-94, 75-84, 50-74 and no match. Fuzzy bands
    go by OmegaT's score (stemmed words without stop words), brute force over every unit.
    Words and characters are counted as OmegaT counts them. No model is needed."""
    from tm.core.atomic import check_outputs, require_suffix, write_bytes
    from tm.memory.analysis import analyze as analyze_documents

    memories = memories or []
    if csv_output is not None:
        require_suffix(csv_output, [".csv"], "--csv", None)
        check_outputs({"--csv": csv_output}, [*paths, *memories])
    result = analyze_documents(paths, memories, keep_furniture, strip_labels)
    if csv_output is not None:
        write_bytes(csv_output, result.to_csv(), [*result.files, *memories])
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else result.render())


# Commands kept in modules of their own register themselves on `app` when imported.
from tm.cli import document_commands as _document_commands  # noqa: E402, F401  (pretranslate, merge)
from tm.cli import qa_commands as _qa_commands  # noqa: E402, F401  (tm qa)
from tm.cli import review_commands as _review_commands  # noqa: E402, F401  (tm review)


def main() -> None:
    run(app, PROGRAM)


if __name__ == "__main__":
    main()
