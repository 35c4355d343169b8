"""The command-line options both programs share, each defined once.

Defaults are the library's own: `MtSettings` for the MT and cache options, the constants
that `BuildOptions` and `AlignOptions` take for the languages and `--min-score`; none is
written again here. Every command that translates (`tm build`,
`tm translate`, `tm align --mt`, `glossary build`) takes the same MT and cache options.
Options whose help depends on the command (`--json`, `--keep-going`, …) are functions of
their help text, named like `typer.Option`, which they return.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from tm.align.aligner import MIN_SCORE
from tm.core.langcodes import SOURCE_LANG, TARGET_LANG
from tm.mt.engine import WORKERS_AUTO, MtSettings

# Read from light modules only: `tm --help` and `glossary lookup` start without loading the
# pipelines. BuildOptions and AlignOptions take the same constants; their flags are off and
# their optional paths absent by default, as here.
MT = MtSettings()
MAX_THREADS = 256  # CTranslate2 crashes far above any real core count
MAX_BATCH = 4096

ModelOption: Any = typer.Option(MT.model, "--model", "-m", help="An .argosmodel file to install and use.")
DeviceOption: Any = typer.Option(MT.device, help="cpu, cuda, or auto (cuda when a GPU is visible).")
ThreadsOption: Any = typer.Option(MT.threads, min=0, max=MAX_THREADS, help="CPU threads for CTranslate2 (0: its default).")
BatchOption: Any = typer.Option(MT.batch_size, min=1, max=MAX_BATCH, help="Sentences per model call.")
CacheOption: Any = typer.Option(MT.cache, "--cache", help="Translation cache file (default: in $XDG_CACHE_HOME; TM_CACHE).")
NoCacheOption: Any = typer.Option(MT.no_cache, "--no-cache", help="Neither read nor write the translation cache.")
# --workers and --shard (issue 21): text, parsed by tm.mt.engine.parse_workers and
# tm.memory.shards.parse_shard, which name the option in a one-line usage error.
WorkersOption: Any = typer.Option(
    "auto" if MT.workers == WORKERS_AUTO else str(MT.workers),
    "--workers",
    help="Translator replicas sharing the cores (CTranslate2 inter_threads, each with cores/N threads), "
    "or auto: one per core (one on a GPU). Output is the same for any N.",
)
ShardOption: Any = typer.Option(
    None,
    "--shard",
    help="i/n: only the documents whose name hashes to shard i of n, with its own cache file; "
    "combine the shards' TMX files with tm merge-memories.",
)
# --ray (issue 21, the `ray` extra): text, parsed by tm.mt.ray_runner.parse_ray.
RayOption: Any = typer.Option(
    None,
    "--ray",
    metavar="auto|ADDRESS",
    help="Run the work on a Ray cluster: auto (the one this machine belongs to, or RAY_ADDRESS) "
    "or its address (host:port); needs pip install 'diplotm\\[ray]'. Output is a local run's.",
)


def ray_address(text: str | None) -> str | None:
    """`--ray`'s address, with Ray checked for at once: without the extra, a one-line usage
    error saying how to install it, before anything is read."""
    if text is None:
        return None
    from tm.mt.ray_runner import import_ray, parse_ray

    address = parse_ray(text)
    import_ray()
    return address


# Input paths are given `readable=False`: tm.core.inputs checks them when it opens them (exit 3,
# the file named); Click's own check gives a usage error (exit 2) and misses FIFOs and devices.
MergeOption: Any = typer.Option(None, help="An existing TMX whose units are kept in the output.", readable=False)
TmxOutputOption: Any = typer.Option(..., "--output", "-o", help="The TMX file to write.")
MtOutOption: Any = typer.Option(
    None,
    "--mt-out",
    help="Write the MT units that a human unit of the same source supersedes (left out of -o) "
    "to this TMX, for OmegaT's tm/mt/ or a penalised TM.",
)
TmOption: Any = typer.Option(
    None,
    "--tm",
    help="An existing TMX whose 100% and 101% (context) matches are reused before MT, origin kept "
    "(repeatable; the most trusted unit of a source wins, then the first memory given).",
    readable=False,
)
GlossaryOption: Any = typer.Option(
    MT.glossary,
    "--glossary",
    help="A glossary (TBX, or CSV/TSV with ru and en columns) whose approved terms the MT must use; "
    "its wrong renderings are banned. Units record x-terms=ok|forced|missing.",
    readable=False,
)
NoGlossaryOption: Any = typer.Option(
    False, "--no-glossary", help="Translate without a glossary, not even the project's (.diplotm/glossary.tbx)."
)
MinScoreOption: Any = typer.Option(MIN_SCORE, min=0.0, max=1.0, help="Leave out pairs scoring below this (0–1).")


def JsonOption(help: str = "Print the summary as JSON.") -> Any:
    return typer.Option(False, "--json", help=help)


def KeepGoingOption(help: str = "Skip unreadable inputs (exit code 4) instead of stopping.") -> Any:
    return typer.Option(False, help=help)


def KeepFurnitureOption(help: str = "Keep page furniture (menus, headline lists, counters).") -> Any:
    return typer.Option(False, help=help)


def SourceLangOption(help: str = "xml:lang of the Russian side.") -> Any:
    return typer.Option(SOURCE_LANG, help=help)


def TargetLangOption(help: str = "xml:lang of the English side.") -> Any:
    return typer.Option(TARGET_LANG, help=help)


def glossary_choice(glossary: Path | None, no_glossary: bool) -> Path | None:
    """The glossary whose approved terms the MT keeps: `--glossary`, else the project's
    (`.diplotm/glossary.tbx` here or in a folder above, named on stderr), else none;
    `--no-glossary` switches the project's off (and refuses a `--glossary` beside it)."""
    if glossary is not None and no_glossary:
        from tm.core.errors import UsageError

        raise UsageError("--glossary and --no-glossary: give one of them")
    if no_glossary or glossary is not None:
        return glossary
    from tm.core.paths import project_glossary

    found = project_glossary()
    if found is not None:
        from tm.cli.runner import say

        say("tm", f"using the project glossary {found} (--no-glossary: none)")
    return found
