"""The `glossary` command: build, convert, review and look up the RU–EN glossary."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from tm.cli import DeviceOption, ModelOption, ThreadsOption, reported_errors

app = typer.Typer(
    help="RU–EN glossary of diplomatic and economic terminology: build, export, review, look up.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

GLOSSARY_ENV = "GLOSSARY_FILE"


def default_glossary() -> Path:
    """Where `glossary build` keeps a copy and `glossary lookup` looks first, after --glossary and GLOSSARY_FILE."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "diplotm" / "glossary.tbx"


def resolve_glossary(option: Optional[Path]) -> Path:
    from glossary.errors import GlossaryError

    if option is not None:
        path, how = option, "--glossary"
    elif os.environ.get(GLOSSARY_ENV):
        path, how = Path(os.environ[GLOSSARY_ENV]), GLOSSARY_ENV
    else:
        path, how = default_glossary(), "the default location"
    if not path.is_file():
        raise GlossaryError(
            f"{path}: no glossary there ({how}); run `glossary build` or pass --glossary FILE"
        )
    return path


GlossaryOption = typer.Option(None, "--glossary", "-g", help=f"Glossary file (default: ${GLOSSARY_ENV}, else the last built).")
TbxVersionOption = typer.Option(2, "--tbx-version", help="2: TBX 2008 (martif; OmegaT reads it). 3: TBX v3 (ISO 30042:2019).")


@app.command()
def build(
    sources: List[str] = typer.Argument(..., help="TMX files from `tm build`, or Russian .txt files/folders."),
    output: Path = typer.Option(..., "--output", "-o", help="Glossary file: .tbx, .csv, .tsv, .txt/.utf8 (OmegaT) or .po."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    tbx_version: int = TbxVersionOption,
    min_frequency: int = typer.Option(1, min=1, help="Occurrences a term needs."),
    min_specificity: float = typer.Option(1.0, help="Phrases: mean log-ratio of frequency against general news."),
    min_word_specificity: float = typer.Option(4.5, help="Single words: the same threshold, stricter."),
    max_terms: int = typer.Option(400, min=1, help="Keep at most this many terms, best first."),
    reference_corpus: Optional[Path] = typer.Option(None, help="Folder of *.rus general-news text to compare against."),
    keep_furniture: bool = typer.Option(False, help="For text sources: keep page furniture."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the translation cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Extract terms with their English equivalents and write the glossary."""
    with reported_errors():
        if tbx_version not in (2, 3):
            raise ValueError(f"--tbx-version must be 2 or 3, not {tbx_version}")
        from glossary.build import GlossaryOptions, build_glossary, load_units
        from glossary.extract import ExtractionOptions
        from glossary.formats import detect, write_glossary
        from glossary.lookup import build_index
        from tm import models
        from tm.cache import TranslationCache, default_cache_path
        from tm.translator import Translator

        detect(output, tbx_version)  # reject an unknown format before the slow part
        for source in sources:
            if not Path(source).exists():
                from glossary.errors import GlossaryError

                raise GlossaryError(f"{source}: no such file or directory")
        cache = TranslationCache(None if no_cache else default_cache_path())
        translator = Translator(models.resolve(model), device=device, threads=threads)
        units = load_units(sources, translator, cache, keep_furniture)
        options = GlossaryOptions(
            ExtractionOptions(min_frequency, min_specificity, min_word_specificity, max_terms, reference_corpus),
            keep_furniture,
        )
        glossary = build_glossary(units, translator, cache, options)
        write_glossary(glossary, output, tbx_version)
        default = default_glossary()
        if output.resolve() != default.resolve():
            write_glossary(glossary, default)
        build_index(default, glossary)
        approved = sum(1 for e in glossary.entries if e.status == "approved")
        summary = {"output": str(output), "default": str(default), "units": len(units),
                   "entries": len(glossary.entries), "approved": approved, "proposed": len(glossary.entries) - approved}
        if as_json:
            typer.echo(json.dumps(summary, ensure_ascii=False))
        else:
            typer.echo(f"{output}: {summary['entries']} entries ({approved} approved, {summary['proposed']} proposed) "
                       f"from {len(units)} units; also saved as {default}")


@app.command()
def export(
    source: Path = typer.Argument(..., help="A glossary in any format the tool writes."),
    output: Path = typer.Option(..., "--output", "-o", help="Target file; its extension picks the format."),
    tbx_version: int = TbxVersionOption,
) -> None:
    """Convert a glossary between TBX, CSV, TSV, OmegaT text and PO."""
    with reported_errors():
        from glossary.formats import read_glossary, write_glossary

        glossary = read_glossary(source)
        write_glossary(glossary, output, tbx_version)
        typer.echo(f"{output}: {len(glossary.entries)} entries")


@app.command("import-po")
def import_po(
    reviewed: Path = typer.Argument(..., help="A PO file exported by this tool and reviewed in Poedit."),
    glossary_file: Optional[Path] = GlossaryOption,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: update the glossary)."),
) -> None:
    """Take a review back: un-fuzzied entries become approved, edited translations are kept."""
    with reported_errors():
        from glossary.formats import read_glossary, write_glossary
        from glossary.formats.po import import_review

        target = resolve_glossary(glossary_file)
        glossary = read_glossary(target)
        if not reviewed.is_file():
            from glossary.errors import GlossaryError

            raise GlossaryError(f"{reviewed}: no such PO file")
        result = import_review(glossary, reviewed)
        write_glossary(glossary, output or target)
        typer.echo(f"{output or target}: {result.approved} newly approved, {result.edited} edited"
                   + (f", {result.unknown} unknown entries ignored" if result.unknown else ""))


@app.command()
def lookup(
    query: str = typer.Argument(..., help="A term in any inflected form, Russian or English."),
    glossary_file: Optional[Path] = GlossaryOption,
    limit: int = typer.Option(5, min=1, help="Closest entries to show when nothing matches exactly."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Look a term up; exit code 1 when there is no exact match (the closest are still shown)."""
    with reported_errors():
        from glossary.lookup import StoredIndex
        from glossary.render import render_result

        result = StoredIndex(resolve_glossary(glossary_file)).lookup(query, limit)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            typer.echo(render_result(result))
        if not result.exact:
            raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
