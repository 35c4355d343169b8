"""The translator and the translation cache that a command's MT settings ask for.

Every command that translates (`tm build`, `tm translate`, `tm align --mt`, `glossary
build`) takes the same settings: --model, --device, --threads, --batch-size, --cache and
--no-cache. `MtSettings` holds them with their defaults, which the CLI options read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tm.mt import models
from tm.mt.cache import TranslationCache, open_cache
from tm.mt.translator import DEFAULT_BATCH_SIZE, DEFAULT_DEVICE, DEFAULT_THREADS, Translator, resolve_device


@dataclass(frozen=True)
class MtSettings:
    """What to translate with: the model, where it runs, and which cache it uses."""

    model: Path | None = None  # an .argosmodel file to install and use; None: the installed one
    device: str = DEFAULT_DEVICE
    threads: int = DEFAULT_THREADS
    batch_size: int = DEFAULT_BATCH_SIZE
    cache: str | None = None  # --cache; None: TM_CACHE, else the default file
    no_cache: bool = False  # neither read nor write a cache file (one in memory only)

    def translator(self) -> Translator:
        return make_translator(self.model, self.device, self.threads, self.batch_size)

    def open_cache(self, warn: Callable[[str], None] | None = None) -> TranslationCache:
        """The cache (not opened yet: nothing is read or written before its first use)."""
        return open_cache(self.cache, self.no_cache, warn)


def make_translator(
    model: Path | None = None,
    device: str = DEFAULT_DEVICE,
    threads: int = DEFAULT_THREADS,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Translator:
    """The translator for these settings; a bad --device fails before the model is looked for."""
    resolve_device(device)
    return Translator(models.resolve(model), device=device, threads=threads, batch_size=batch_size)
