"""The translator and the translation cache that a command's MT settings ask for.

Every command that translates (`tm build`, `tm translate`, `tm align --mt`, `glossary
build`) takes the same settings: --model, --device, --threads, --batch-size, --cache and
--no-cache. `MtSettings` holds them with their defaults, which the CLI options read.
"""

from __future__ import annotations

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

    def translator(self) -> Translator:
        return make_translator(self.model, self.device, self.threads, self.batch_size, self.glossary)

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
) -> Translator:
    """The translator for these settings; a bad --device, then an unreadable --glossary,
    fail before the model is looked for."""
    from tm.mt import models
    from tm.mt.translator import Translator, resolve_device

    resolve_device(device)
    terms = None
    if glossary is not None:
        from tm.mt.terms import read_glossary

        terms = read_glossary(glossary)
    return Translator(models.resolve(model), device=device, threads=threads, batch_size=batch_size, glossary=terms)
