"""The `tm` command: a thin Typer layer over tm's library functions.

Heavy modules (CTranslate2, argostranslate, lxml) are imported inside the commands that
need them, so `tm --help` answers at once.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from tm import __version__
from tm.errors import TmError

app = typer.Typer(
    help="Russian→English translation memory: documents → sentences → argostranslate → TMX.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
model_app = typer.Typer(help="List, install or download argos ru→en models.", no_args_is_help=True)
app.add_typer(model_app, name="model")

ModelOption = typer.Option(None, "--model", "-m", help="An .argosmodel file to install and use.")
DeviceOption = typer.Option("auto", help="cpu, cuda, or auto (cuda when a GPU is visible).")
ThreadsOption = typer.Option(0, help="CPU threads for CTranslate2 (0: its default).")
BatchOption = typer.Option(32, min=1, help="Sentences per model call.")


def _say(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except TmError as exc:
        _say(f"tm: error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except ValueError as exc:
        _say(f"tm: error: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _say("tm: interrupted")
        raise typer.Exit(130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tm {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    pass


def _translator(model: Optional[Path], device: str, threads: int, batch_size: int):  # type: ignore[no-untyped-def]
    from tm import models
    from tm.translator import Translator, resolve_device

    if device != "auto":
        resolve_device(device)  # reject a bad value before loading the model
    return Translator(models.resolve(model), device=device, threads=threads, batch_size=batch_size)


@app.command()
def build(
    paths: List[str] = typer.Argument(..., help="Files, directories (*.txt, recursively) or - for stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="The TMX file to write."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
    batch_size: int = BatchOption,
    source_lang: str = typer.Option("ru-RU", help="xml:lang of the Russian side (ru-RU, or ru)."),
    target_lang: str = typer.Option("en-US", help="xml:lang of the English side (en-US, en-GB, or en)."),
    merge: Optional[Path] = typer.Option(None, help="An existing TMX whose units are kept in the output."),
    keep_furniture: bool = typer.Option(False, help="Keep page furniture (menus, headline lists, counters)."),
    keep_going: bool = typer.Option(False, help="Skip unreadable inputs instead of stopping."),
    cache: Optional[Path] = typer.Option(None, help="Translation cache file (default: in $XDG_CACHE_HOME)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the translation cache."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Translate Russian documents and write the sentence pairs as a TMX 1.4b memory."""
    with reported_errors():
        from tm.build import BuildOptions, build_memory
        from tm.cache import TranslationCache, default_cache_path
        from tm.langcodes import normalize_code
        from tm.progress import progress_bar

        options = BuildOptions(
            source_lang=normalize_code(source_lang),
            target_lang=normalize_code(target_lang),
            keep_furniture=keep_furniture,
            keep_going=keep_going,
            merge=merge,
        )
        translator = _translator(model, device, threads, batch_size)
        store = TranslationCache(None if no_cache else (cache or default_cache_path()))
        with progress_bar("Translating", enabled=not as_json) as advance:
            report = build_memory(paths, output, translator, store, options, progress=advance)
        store.close()
        for line in report.notices:
            _say(f"tm: {line}")
        for line in report.errors:
            _say(f"tm: error: {line}")
        if report.long_segments:
            _say(f"tm: warning: {report.long_segments} units have a segment over 2,000 characters (Trados' limit)")
        if as_json:
            typer.echo(json.dumps({**report.to_dict(), "output": str(output), "model": translator.label}))
        else:
            typer.echo(
                f"{output}: {report.written} units from {report.documents} documents — "
                f"{report.segments} segments, {report.unique} unique, {report.translated} translated, "
                f"{report.from_cache} from cache, {report.merged} merged; "
                f"{report.seconds:.1f} s, {report.segments_per_second:.1f} segments/s"
            )
        if report.errors:
            raise typer.Exit(1)


@app.command()
def segment(
    paths: List[str] = typer.Argument(..., help="Files, directories (*.txt, recursively) or - for stdin."),
    keep_furniture: bool = typer.Option(False, help="Keep page furniture (menus, headline lists, counters)."),
    keep_going: bool = typer.Option(False, help="Skip unreadable inputs instead of stopping."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line with document, paragraph, position."),
) -> None:
    """Print the sentences the memory would be made of, one per line."""
    with reported_errors():
        from tm.documents import collect_inputs, iter_documents
        from tm.segment import segment_document

        files, notices = collect_inputs(paths)
        for line in notices:
            _say(f"tm: {line}")
        errors: list[str] = []
        for document in iter_documents(files, keep_going, errors):
            for seg in segment_document(document, keep_furniture):
                typer.echo(json.dumps(seg.to_dict(), ensure_ascii=False) if as_json else seg.text)
        for line in errors:
            _say(f"tm: error: {line}")
        if errors:
            raise typer.Exit(1)


@app.command()
def translate(
    text: str = typer.Argument(..., help="Russian text, a .txt file, or - for stdin."),
    model: Optional[Path] = ModelOption,
    device: str = DeviceOption,
    threads: int = ThreadsOption,
) -> None:
    """Translate a string or a file to standard output, sentence by sentence, for quick checks."""
    with reported_errors():
        from tm.documents import Document, read_document
        from tm.normalize import normalize_text
        from tm.segment import segment_document

        if text == "-" or Path(text).is_file():
            document = read_document(text)
        else:
            document = Document("<argument>", normalize_text(text), "utf_8")
        segments = segment_document(document, keep_furniture=True)
        translator = _translator(model, device, threads, 32)
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
    tmx: Path = typer.Argument(..., help="A TMX file."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Count the units of a TMX file by language, origin and document."""
    with reported_errors():
        from tm.stats import tmx_stats

        result = tmx_stats(tmx)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            typer.echo(result.render())


@model_app.command("list")
def model_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the installed argos packages; the ru→en one `tm` uses is starred."""
    with reported_errors():
        from tm import models

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
    """Install translate-ru_en from the argos index (ARGOS_PACKAGE_INDEX), or a given file."""
    with reported_errors():
        from tm import models
        from tm.progress import download_bar

        if file is not None:
            package = models.install_file(file)
        else:
            _say(f"tm: reading the package index {models.index_url()}")
            chosen = models.choose_from_index()
            with download_bar(f"Downloading {chosen.code} {chosen.package_version}") as advance:
                package = models.download_and_install(chosen, progress=advance)
        info = models.describe(package)
        typer.echo(f"installed {info.label} in {info.path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
