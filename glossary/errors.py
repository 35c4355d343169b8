"""Errors the `glossary` CLI reports as one line and a non-zero exit."""

from tm.errors import TmError


class GlossaryError(TmError):
    """A glossary file that is missing or cannot be read."""
