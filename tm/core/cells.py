"""Spreadsheet cells that must not run: the one escape for CSV/TSV glossaries and review files.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula (CSV
injection, OWASP). Such a cell is written with a leading `'`; so is one that starts with `'`,
so that reading drops exactly one leading `'` and round trips stay exact.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(text: str) -> str:
    """`text` as a cell a spreadsheet shows and never evaluates."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """The text `escape_cell` was given."""
    return text[1:] if text.startswith("'") else text
