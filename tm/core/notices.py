"""Warnings from library code, shown by whoever runs it.

Library code that has something to say but no caller to return it to (a broken folder in
the argos packages directory, found while looking for the model) calls `warn`. The CLI
runner points the sink at stderr with its program's name (`glossary: warning: …`); a
library user may point it elsewhere with `set_sink`. Without a runner the line is written
to stderr as `tm: warning: …`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

Sink = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"tm: warning: {message}", file=sys.stderr, flush=True)


_sink: Sink = _stderr
_seen: set[str] = set()


def set_sink(sink: Sink | None) -> Sink:
    """Send warnings to `sink` (None: back to stderr); returns the sink it replaces."""
    global _sink
    previous, _sink = _sink, sink or _stderr
    return previous


def warn(message: str) -> None:
    """Pass one warning (without the `warning:` prefix) to the sink."""
    _sink(message)


def warn_once(message: str) -> None:
    """`warn`, once per message per process: a folder looked at twice is reported once."""
    if message not in _seen:
        _seen.add(message)
        _sink(message)
