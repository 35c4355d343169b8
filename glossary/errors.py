"""Errors the `glossary` CLI reports as one line and a non-zero exit."""

from tm.core.errors import InputError


class GlossaryError(InputError):
    """A glossary file that is missing or cannot be read; the message names the file and,
    where there is one, the line or entry."""
