"""Word 97–2003 (.doc) and RTF documents: converted to .docx by LibreOffice, then read as DOCX.

No Python library reads .doc's binary format faithfully; LibreOffice does. The conversion
runs headless in a temporary folder that is also its HOME and its user profile
(`-env:UserInstallation`), so it never touches the user's own LibreOffice settings, and under
a time limit. Without `soffice` on PATH the file is refused in one line saying what to do.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tm.core.errors import InputError
from tm.documents.model import Reader, StructuredDocument
from tm.documents.packages import encrypted_ole

CONVERT_TIMEOUT_S = 120
_RTF = b"{\\rtf"


def read(data: bytes, label: str) -> StructuredDocument:
    """Convert a .doc/.rtf to .docx with LibreOffice and read that."""
    if encrypted_ole(data):  # Word's "Encrypt with password": an OLE2 file, but no .doc
        raise InputError(f"{label}: password-protected Office file; save it without a password")
    converted = convert_to_docx(data, label)
    # The DOCX reader is its own module, loaded only when a legacy file is read.
    read_docx: Reader = importlib.import_module("tm.documents.docx").read
    document = read_docx(converted, label)
    return StructuredDocument(
        format="legacy",
        blocks=document.blocks,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        notes=(*document.notes, f"{label}: converted to .docx by LibreOffice"),
    )


def convert_to_docx(data: bytes, label: str) -> bytes:
    """The .docx LibreOffice makes of these bytes; InputError if it cannot."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            f"{label}: Word 97–2003/RTF documents need LibreOffice (apt-get install libreoffice-writer-nogui), or save as .docx"
        )
    suffix = ".rtf" if data.lstrip()[:5] == _RTF else ".doc"
    with tempfile.TemporaryDirectory(prefix="tm-legacy-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        env = {**os.environ, "HOME": str(folder)}
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'lo').as_uri()}",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"{label}: LibreOffice did not convert it within {CONVERT_TIMEOUT_S} s") from None
        except OSError as exc:
            raise InputError(f"{label}: cannot run LibreOffice ({exc.strerror or exc})") from None
        result = folder / "out" / "input.docx"
        if done.returncode != 0 or not result.is_file():
            raise InputError(f"{label}: LibreOffice could not convert it (encrypted, damaged or not a Word/RTF file)")
        return result.read_bytes()
