"""Which module reads which format. Modules are imported on first use, so that reading a
plain-text file never loads a PDF library."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from tm.documents.model import Reader


@dataclass(frozen=True)
class Format:
    """A document format the tool reads."""

    name: str  # "docx"; the module tm/documents/<module>.py reads it
    label: str  # what users call it, plural, as errors and notices name it
    suffixes: tuple[str, ...]
    module: str

    def reader(self) -> Reader:
        read: Reader = importlib.import_module(f"tm.documents.{self.module}").read
        return read


FORMATS = (
    Format("docx", "Word documents", (".docx", ".docm", ".dotx", ".dotm"), "docx"),
    Format("odt", "OpenDocument texts", (".odt", ".ott"), "odt"),
    Format("html", "HTML pages", (".html", ".htm", ".xhtml"), "html"),
    Format("xliff", "XLIFF files", (".xlf", ".xliff", ".sdlxliff", ".mqxliff"), "xliff"),
    Format("pdf", "PDF files", (".pdf",), "pdf"),
    Format("legacy", "Word 97–2003 and RTF documents", (".doc", ".rtf"), "legacy"),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
