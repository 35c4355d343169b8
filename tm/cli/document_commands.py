"""`tm pretranslate` and `tm merge`: a document to a pre-translated XLIFF, and back
(tm/memory/pretranslate.py). Registered on tm's app by the import at the end of
tm/cli/commands.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from tm.cli.commands import PROGRAM, _warn, app
from tm.cli.options import (
    BatchOption,
    CacheOption,
    DeviceOption,
    GlossaryOption,
    JsonOption,
    ModelOption,
    NoCacheOption,
    NoGlossaryOption,
    SourceLangOption,
    TargetLangOption,
    ThreadsOption,
    TmOption,
    glossary_choice,
)
from tm.cli.runner import say
from tm.mt.engine import MtSettings


@app.command()
def pretranslate(
    document: str = typer.Argument(..., help="A Word (.docx), OpenDocument (.odt), HTML or plain-text (.txt) document."),
    output: Path = typer.Option(..., "--output", "-o", help="The XLIFF file to write (.xlf or .xliff)."),
    tm: Optional[List[Path]] = TmOption,
    xliff: str = typer.Option("1.2", "--xliff", help="XLIFF version: 1.2 (OmegaT, Trados, memoQ) or 2.0."),
    copy_source: bool = typer.Option(
        False, "--copy-source", help="Every target is its source (no memory, no MT): for a translator, or to test the round trip."
    ),
    fuzzy_threshold: int = typer.Option(
        75, "--fuzzy-threshold", min=0, max=100, help="Offer --tm fuzzy matches with an OmegaT score at least this; 0: none."
    ),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    source_lang: str = SourceLangOption(),
    target_lang: str = TargetLangOption(),
    cache: Optional[str] = CacheOption,
    no_cache: bool = NoCacheOption,
    glossary: Optional[Path] = GlossaryOption,
    no_glossary: bool = NoGlossaryOption,
    as_json: bool = JsonOption(),
) -> None:
    """Write a document as XLIFF, one unit per sentence, with its inline codes and a target
    from the --tm memories (100% and 101% matches) or else MT; tm merge puts it back."""
    from tm.core.progress import progress_bar
    from tm.memory.pretranslate import PretranslateOptions, pretranslate_with_settings

    settings = MtSettings(model, device, threads, batch_size, cache, no_cache, glossary_choice(glossary, no_glossary))
    options = PretranslateOptions(xliff, tuple(tm or ()), copy_source, source_lang, target_lang, fuzzy_threshold)
    with progress_bar("Translating", enabled=not as_json and not copy_source) as advance:
        report = pretranslate_with_settings(document, output, settings, options, progress=advance, warn=_warn)
    if report.tm_skipped:
        say(PROGRAM, f"warning: --tm: {report.tm_skipped} units without both languages were not used")
    if as_json:
        typer.echo(json.dumps({**report.__dict__, "output": str(output)}, ensure_ascii=False))
        return
    typer.echo(
        f"{output}: XLIFF {xliff}, {report.segments} segments in {report.blocks} blocks — "
        f"{report.context} context and {report.exact} exact matches, {report.mt} MT "
        f"({report.translated} translated, {report.from_cache} from cache), {report.copied} copied, "
        f"{report.fuzzy} fuzzy matches offered; {report.seconds:.1f} s"
    )


@app.command()
def merge(
    xliff: Path = typer.Argument(
        ..., help="An XLIFF that tm pretranslate wrote (translated in a CAT tool, or not).", readable=False
    ),
    output: Path = typer.Option(..., "--output", "-o", help="The translated document to write."),
    original: Optional[Path] = typer.Option(
        None, "--original", help="The original document, where it is not where the XLIFF's skeleton says.", readable=False
    ),
    as_json: bool = JsonOption(),
) -> None:
    """Put an XLIFF's targets back into a copy of its original document."""
    from tm.memory.pretranslate import merge_xliff

    report = merge_xliff(xliff, output, original, warn=lambda line: say(PROGRAM, f"warning: {line}"))
    if as_json:
        typer.echo(json.dumps({**report.__dict__, "output": str(output)}, ensure_ascii=False))
        return
    untranslated = f", {report.untranslated} without a target (source kept)" if report.untranslated else ""
    typer.echo(
        f"{output}: {report.units} units merged into {report.blocks} blocks{untranslated}; "
        f"{len(report.warnings)} warnings; {report.seconds:.1f} s"
    )
