"""Helpers for the write-back tests: targets made from a document's own blocks, the visible
characters of a Word file with their run formatting (found independently of the reader),
and LibreOffice's plain-text export of a written file."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree

from tests.support.office import SOFFICE
from tm.documents.model import Block, Code

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Run properties a reader never sees: proofing language and revision ids.
_UNSEEN = frozenset({"lang", "noProof"})
_CYRILLIC = re.compile(r"[а-яё]+")

Char = tuple[str, str, str | None]  # the character, its run's visible rPr, its hyperlink


def identity(blocks: tuple[Block, ...]) -> dict[str, Block]:
    """Targets that are the source blocks themselves, with the codes' data emptied (the
    writer must take it from the original)."""
    return {b.ref: replace(b, codes=tuple(replace(c, data="") for c in b.codes)) for b in blocks}


def upper(text: str) -> str:
    """Cyrillic letters upper-cased: a changed target whose codes all stay where they were,
    and which leaves LibreOffice's renderings of placeholders (1, i) alone."""
    return _CYRILLIC.sub(lambda m: m.group().upper(), text)


def uppercased(blocks: tuple[Block, ...]) -> dict[str, Block]:
    return {b.ref: replace(b, text=upper(b.text), codes=tuple(replace(c, data="") for c in b.codes)) for b in blocks}


def _rpr_key(run: etree._Element) -> str:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return ""
    return "|".join(
        sorted(
            etree.QName(c).localname + repr(sorted((etree.QName(k).localname, v) for k, v in c.attrib.items()))
            for c in rpr
            if isinstance(c.tag, str) and etree.QName(c).localname not in _UNSEEN
        )
    )


def visible_chars(data: bytes) -> dict[str, list[Char]]:
    """Per word/*.xml part, every visible character with its run's formatting and link:
    deleted text, hidden runs and Fallback copies left out."""
    result: dict[str, list[Char]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(archive.read(name))
            chars: list[Char] = []
            for t in root.iter(W + "t"):
                if {W + "del", MC + "Fallback"} & {a.tag for a in t.iterancestors()}:
                    continue
                run = t.getparent()
                vanish = run.find(f"{W}rPr/{W}vanish")
                if vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off"):
                    continue
                link = next((a.get(R + "id") or a.get(W + "anchor") for a in t.iterancestors(W + "hyperlink")), None)
                chars.extend((ch, _rpr_key(run), link) for ch in t.text or "")
            result[name] = chars
    return result


def soffice_text(path: Path) -> str:
    """LibreOffice's plain-text export of `path` (it opens the file, or this fails)."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="soffice-") as profile:
        out = Path(profile) / "out"
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(out),
                str(path),
            ],
            env=dict(os.environ, HOME=profile),
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
        converted = out / f"{path.stem}.txt"
        assert converted.exists(), f"LibreOffice did not open {path.name}: {result.stdout}{result.stderr}"
        return converted.read_text("utf-8-sig")


def same_blocks(before: tuple[Block, ...], after: tuple[Block, ...]) -> list[str]:
    """Where two readings differ: text, part, ref, and the codes' kinds, types and order."""

    def shape(codes: tuple[Code, ...]) -> list[tuple[str, int, int, str]]:
        return [(c.kind, c.id, c.offset, c.type) for c in codes]

    diffs = [f"{len(before)} blocks, then {len(after)}"] if len(before) != len(after) else []
    for a, b in zip(before, after, strict=False):
        if (a.text, a.part, a.ref, shape(a.codes)) != (b.text, b.part, b.ref, shape(b.codes)):
            diffs.append(f"{a.ref}: {a.text!r} {shape(a.codes)} -> {b.text!r} {shape(b.codes)}")
    return diffs
