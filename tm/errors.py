"""Errors that the CLI reports as one line and a non-zero exit, never a traceback."""

from __future__ import annotations


class TmError(Exception):
    """A problem with the user's input or setup; its message is shown as is."""

    exit_code = 1


class InputError(TmError):
    """A document that cannot be read: missing, empty, binary or undecodable."""


class ModelError(TmError):
    """No usable argos ru→en model, or a model file that cannot be installed."""

    exit_code = 2


class TmxError(TmError):
    """A TMX file that cannot be read or written."""
