"""The translator and the translation cache that a command's MT settings ask for.

Every command that translates (`tm build`, `tm translate`, `tm align --mt`, `glossary
build`) takes the same settings: --model, --device, --threads, --batch-size, --cache and
--no-cache; `tm build`, `tm translate` and `tm pretranslate` also --glossary, and `tm build`
--workers and --ray. `MtSettings` holds them with their defaults, which the
CLI options read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: the CLI reads the defaults below at start-up
    from tm.mt.cache import TranslationCache
    from tm.mt.translator import Translator

# The defaults of a Translator (tm.mt.translator), of these settings and so of the CLI's
# --device, --threads and --batch-size. 0 threads: CTranslate2's own choice.
DEFAULT_DEVICE, DEFAULT_THREADS, DEFAULT_BATCH_SIZE = "auto", 0, 32
# Translator replicas (`--workers`). WORKERS_AUTO (the default, `--workers auto`): one per
# core on CPU, where two replicas of one thread measured 1.41× one replica on 2 cores
# (bench/scale.py, README "Scale"; the replicas share the weights), and one on a GPU.
WORKERS_AUTO = 0
DEFAULT_WORKERS = WORKERS_AUTO


@dataclass(frozen=True)
class MtSettings:
    """What to translate with: the model, where it runs, and which cache it uses."""

    model: Path | None = None  # an .argosmodel file to install and use; None: the installed one
    device: str = DEFAULT_DEVICE
    threads: int = DEFAULT_THREADS
    batch_size: int = DEFAULT_BATCH_SIZE
    cache: str | None = None  # --cache; None: TM_CACHE, else the default file
    no_cache: bool = False  # neither read nor write a cache file (one in memory only)
    glossary: Path | None = None  # --glossary: approved terms required in the English (tm/mt/terms.py)
    workers: int = DEFAULT_WORKERS  # translator replicas; WORKERS_AUTO: one per core
    ray: str | None = None  # `tm build --ray`: auto or a cluster address (tm/mt/ray_runner.py)

    def translator(self) -> Translator:
        return make_translator(self.model, self.device, self.threads, self.batch_size, self.glossary, workers=self.workers)

    def open_cache(self, warn: Callable[[str], None] | None = None) -> TranslationCache:
        """The cache (not opened yet: nothing is read or written before its first use)."""
        from tm.mt.cache import open_cache

        return open_cache(self.cache, self.no_cache, warn)


def make_translator(
    model: Path | None = None,
    device: str = DEFAULT_DEVICE,
    threads: int = DEFAULT_THREADS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    glossary: Path | None = None,
    workers: int = DEFAULT_WORKERS,
) -> Translator:
    """The translator for these settings; a bad --device, then an unreadable --glossary,
    fail before the model is looked for."""
    from tm.mt import models
    from tm.mt.translator import Translator, resolve_device

    resolved = resolve_device(device)
    terms = None
    if glossary is not None:
        from tm.mt.terms import read_glossary

        terms = read_glossary(glossary)
    return Translator(
        models.resolve(model),
        device=device,
        threads=threads,
        batch_size=batch_size,
        glossary=terms,
        workers=resolve_workers(workers, resolved),
    )


def cpu_cores() -> int:
    """The cores this process may run on (its affinity, as under Slurm or taskset), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int, device: str = "cpu") -> int:
    """WORKERS_AUTO → one replica per core on CPU, one on a GPU (its replicas would be CUDA
    streams of one device, which CTranslate2 says rarely pay); any other count as given."""
    if workers != WORKERS_AUTO:
        return workers
    return 1 if device == "cuda" else cpu_cores()


def parse_workers(text: str) -> int:
    """`--workers`: a count from 1 or `auto` (WORKERS_AUTO); anything else is a usage error."""
    from tm.core.errors import UsageError

    value = text.strip().lower()
    if value == "auto":
        return WORKERS_AUTO
    if not value.isdigit() or not 1 <= int(value) <= MAX_WORKERS:
        raise UsageError(f"--workers must be auto or a number from 1 to {MAX_WORKERS}, not {text!r}")
    return int(value)


MAX_WORKERS = 256  # as --threads: far above any real core count


def thread_layout(workers: int, threads: int, inter_default: int, intra_default: int) -> tuple[int, int]:
    """CTranslate2's (inter_threads, intra_threads) for `workers` replicas.

    One worker keeps the layout from before --workers: argostranslate's inter_threads and
    `threads` (else argostranslate's intra_threads; 0 is CTranslate2's own choice). N workers
    are N replicas that split the cores: `threads` each when given, else cores // N (at least 1),
    so inter × intra = cores, the layout that measured fastest for raw CTranslate2."""
    if workers <= 1:
        return inter_default, threads or intra_default
    return workers, threads or max(1, cpu_cores() // workers)
