"""Where diplotm keeps its own files: the XDG base directories, resolved in one place.

| what                  | where                                             | override     |
|-----------------------|---------------------------------------------------|--------------|
| translation cache     | `$XDG_CACHE_HOME/diplotm/translations.sqlite3`    | `TM_CACHE`   |
| glossary lookup index | `$XDG_CACHE_HOME/diplotm/glossary-index/`         |              |
| TMX search index      | `$XDG_CACHE_HOME/diplotm/tm-index/`               |              |
| default glossary copy | `$XDG_DATA_HOME/diplotm/glossary.tbx`             | `GLOSSARY_FILE` (lookup) |
| argos packages        | `$XDG_DATA_HOME/argos-translate/packages/`        | `ARGOS_PACKAGES_DIR` |
| argos package index   | the argospm index on GitHub                       | `ARGOS_PACKAGE_INDEX` |

The two argos settings are read as argostranslate reads them (the environment, else its
`settings.json`), except that an empty value counts as unset: argostranslate would take
`ARGOS_PACKAGES_DIR=''` as the current folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

APP = "diplotm"
DEFAULT_PACKAGE_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_MAX_SETTINGS_BYTES = 1 << 16


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


def argos_packages_dir() -> Path:
    """Where argos packages are installed and looked for: `ARGOS_PACKAGES_DIR` (made
    absolute), else `$XDG_DATA_HOME/argos-translate/packages`."""
    value = argos_setting("ARGOS_PACKAGES_DIR")
    if value:
        return Path(os.path.abspath(value))
    return _xdg("XDG_DATA_HOME", ".local/share") / "argos-translate" / "packages"


def argos_package_index() -> str:
    """The base URL of the package index (`ARGOS_PACKAGE_INDEX`), which holds `index.json`."""
    return argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_PACKAGE_INDEX


def argos_setting(key: str) -> str:
    """An argostranslate setting: the environment variable, else its key in argostranslate's
    `settings.json`; "" when unset, empty, or not a string there."""
    value = os.environ.get(key)
    if value:
        return value
    if value == "":
        return ""  # set but empty: unset, not a fall-through to settings.json
    path = _xdg("XDG_CONFIG_HOME", ".config") / "argos-translate" / "settings.json"
    if not path.is_file():  # before opening: a FIFO would block
        return ""
    try:
        with open(path, "rb") as handle:
            settings = json.loads(handle.read(_MAX_SETTINGS_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return ""
    found = settings.get(key) if isinstance(settings, dict) else None
    return found if isinstance(found, str) else ""


# A project's own glossary: `.diplotm/glossary.tbx` in the current folder or one above it, found
# as git finds `.git` (the nearest wins). Lookups and scans in a project answer from it, and
# the MT of `tm build|translate|pretranslate` keeps its approved terms, rather than another
# project's build in the user default.
PROJECT_GLOSSARY = Path(".diplotm") / "glossary.tbx"


def project_glossary(start: Path | None = None) -> Path | None:
    """The nearest `.diplotm/glossary.tbx` walking up from `start` (the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_GLOSSARY
        if candidate.is_file():
            return candidate
    return None
