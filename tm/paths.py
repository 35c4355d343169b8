"""Where diplotm keeps its own files: the XDG base directories, resolved in one place.

| what                  | where                                             | override     |
|-----------------------|---------------------------------------------------|--------------|
| translation cache     | `$XDG_CACHE_HOME/diplotm/translations.sqlite3`    | `TM_CACHE`   |
| glossary lookup index | `$XDG_CACHE_HOME/diplotm/glossary-index/`         |              |
| default glossary copy | `$XDG_DATA_HOME/diplotm/glossary.tbx`             | `GLOSSARY_FILE` (lookup) |

argostranslate resolves its own folders from the same variables.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "diplotm"


def cache_home() -> Path:
    """`$XDG_CACHE_HOME/diplotm`, else `~/.cache/diplotm`."""
    return _xdg("XDG_CACHE_HOME", ".cache") / APP


def data_home() -> Path:
    """`$XDG_DATA_HOME/diplotm`, else `~/.local/share/diplotm`."""
    return _xdg("XDG_DATA_HOME", ".local/share") / APP


def _xdg(variable: str, fallback: str) -> Path:
    # The XDG spec says a relative value is invalid and must be ignored.
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else Path.home() / fallback
