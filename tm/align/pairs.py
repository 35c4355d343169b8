"""The inputs of `tm align`: which Russian and English documents pair, and each pair read.

Pairs come from two files (any formats: `NAME.ru.docx` with `NAME.en.pdf`), a folder of
`NAME.ru.*` / `NAME.en.*` pairs (paired by name, whatever their formats), or a TSV
manifest of `russian<TAB>english` paths. Each side is segmented (Russian by the `tm`
pipeline, English by tm/text/english_sentences.py, furniture rules on both) and checked to
be in the language of its side, so that swapped arguments are an error, not a bad memory.
An English line's own interview label («Question: …», as well as «Question<TAB>…» and a
dialogue dash, which the structure rules take off already) is its prefix, so the aligner
compares bare sentences and `tm align` writes the label as the translator wrote it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from tm.core.errors import InputError, UsageError
from tm.core.inputs import read_input_text
from tm.memory.labels import LABELS
from tm.text.documents import MAX_DOCUMENT_BYTES, STDIN, read_document
from tm.text.english_sentences import segment_english
from tm.text.segment import Segment, segment_document, without_codes

_CYRILLIC = re.compile("[А-ЯЁа-яё]")
_LATIN = re.compile("[A-Za-z]")
# "Question: …", "Q: …", "ANSWER: …": the English labels of the mirrored ones, and Q/A.
_ENGLISH_NAMES = sorted({*LABELS.values(), "Q", "A"}, key=len, reverse=True)
_ENGLISH_LABEL = re.compile(
    r"^(?P<label>(?:" + "|".join(_ENGLISH_NAMES) + "|" + "|".join(n.upper() for n in _ENGLISH_NAMES) + r"))"
    r"\s*:\s+(?=\S)"
)
# A manifest or a term-pair list larger than this is not one (a million lines of paths).
MAX_LIST_BYTES = 256 * 1024 * 1024


def find_pairs(paths: list[str], manifest: Path | None = None) -> list[tuple[str, str]]:
    """Russian–English document pairs from the command's arguments."""
    if manifest is not None:
        if paths:
            raise UsageError("give either --manifest or paths, not both")
        return _manifest_pairs(manifest)
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return _folder_pairs(Path(paths[0]))
    if len(paths) == 2:
        if paths.count(STDIN) == 2:
            raise UsageError("only one side can be read from stdin")
        for p in paths:
            if p != STDIN and Path(p).is_dir():
                raise UsageError(f"{p}: a folder; give two files, or one folder of NAME.ru.txt / NAME.en.txt pairs")
        return [(paths[0], paths[1])]
    raise UsageError("give RUSSIAN ENGLISH files, one folder of NAME.ru.txt / NAME.en.txt pairs, or --manifest")


def _folder_pairs(folder: Path) -> list[tuple[str, str]]:
    """`NAME.ru.SUFFIX` / `NAME.en.SUFFIX` pairs, by stem across formats (`NAME.ru.docx`
    with `NAME.en.html`): every suffix a document may have (`.txt` and the registry's)."""
    russian, english = _by_stem(folder, "ru"), _by_stem(folder, "en")
    missing = sorted(
        [_expected(russian[n], "en") for n in russian.keys() - english.keys()]
        + [_expected(english[n], "ru") for n in english.keys() - russian.keys()]
    )
    if missing:
        count = f" ({len(missing)} unpaired)" if len(missing) > 1 else ""
        raise InputError(f"{missing[0]}: missing; every NAME.ru.txt needs a NAME.en.txt beside it, and the reverse{count}")
    if not russian:
        raise InputError(f"{folder}: no NAME.ru.txt / NAME.en.txt pairs in this folder")
    return [(str(russian[n]), str(english[n])) for n in sorted(russian)]


def _by_stem(folder: Path, lang: str) -> dict[str, Path]:
    """The folder's `NAME.LANG.SUFFIX` documents by `NAME` (its path, without the two
    suffixes). Two documents of one name and language (`a.ru.docx`, `a.ru.pdf`) are an
    error: which to align would be a guess."""
    from tm.documents.registry import BY_SUFFIX

    found: dict[str, Path] = {}
    for path in sorted(folder.rglob(f"*.{lang}.*")):
        suffix = path.suffix.lower()
        if path.is_dir() or not (suffix == ".txt" or suffix in BY_SUFFIX):  # a FIFO is refused when read
            continue
        stem = str(path)[: -len(f".{lang}{path.suffix}")]
        if stem in found:
            raise InputError(f"{path}: {found[stem].name} is the same document; keep one of them in the folder")
        found[stem] = path
    return found


def _expected(path: Path, lang: str) -> Path:
    """The partner a document lacks, as the error names it (its own suffix)."""
    other = path.name[: -len(path.suffix)].rsplit(".", 1)[0]
    return path.with_name(f"{other}.{lang}{path.suffix}")


def _manifest_pairs(manifest: Path) -> list[tuple[str, str]]:
    lines = read_input_text(manifest, max_bytes=MAX_LIST_BYTES).splitlines()
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise InputError(f"{manifest}:{number}: a manifest line is RUSSIAN<TAB>ENGLISH")
        pairs.append(tuple(str(manifest.parent / c.strip()) for c in cells))
    if not pairs:
        raise InputError(f"{manifest}: no pairs in the manifest")
    return pairs  # type: ignore[return-value]


def _check_language(segments: list[Segment], name: str, russian: bool) -> None:
    text = " ".join(s.text for s in segments)
    if not text.strip():
        raise InputError(f"{name}: no sentences in the {'Russian' if russian else 'English'} side")
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    share = cyrillic / max(cyrillic + latin, 1)
    if russian and share < 0.5:
        raise InputError(f"{name}: given as the Russian side, but its text is mostly Latin script")
    if not russian and share > 0.5:
        raise InputError(f"{name}: given as the English side, but its text is mostly Cyrillic")


def read_pair(ru_name: str, en_name: str, keep_furniture: bool = False) -> tuple[list[Segment], list[Segment]]:
    """Both sides, segmented and checked."""
    # The aligner compares text, never codes: a document format's segments come plain, with a
    # space where a line break code runs two words together (tm.text.segment.plain_text).
    ru = [without_codes(s) for s in segment_document(read_document(ru_name), keep_furniture)]
    _check_language(ru, ru_name, russian=True)
    en = [_own_label(without_codes(s)) for s in segment_english(read_document(en_name), keep_furniture)]
    _check_language(en, en_name, russian=False)
    return ru, en


def read_presegmented_pair(ru_name: str, en_name: str) -> tuple[list[Segment], list[Segment]]:
    """Both sides as given, one sentence a line (as hunalign takes them: `tm align
    --presegmented`), checked; a line's paragraph is its line number. Blank lines are left
    out, and nothing is re-split, labelled or taken as furniture."""
    ru = _lines(ru_name)
    _check_language(ru, ru_name, russian=True)
    en = _lines(en_name)
    _check_language(en, en_name, russian=False)
    return ru, en


def _lines(name: str) -> list[Segment]:
    if name == STDIN:
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(f"<stdin>: more than the {MAX_DOCUMENT_BYTES:,} bytes a document may have")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"<stdin>: not UTF-8 text (invalid byte at offset {exc.start})") from None
    else:
        text = read_input_text(name, max_bytes=MAX_DOCUMENT_BYTES)
    label = "<stdin>" if name == STDIN else name
    lines = (" ".join(line.split()) for line in text.lstrip("\ufeff").splitlines())
    return [Segment(label, number, 0, line) for number, line in enumerate(lines, 1) if line]


def _own_label(segment: Segment) -> Segment:
    """An English segment opening its line with a label and a colon ("Question: …"), with
    the label moved into its prefix, as the structure rules do with «Вопрос: …»."""
    if segment.position != 0 or segment.prefix:
        return segment
    match = _ENGLISH_LABEL.match(segment.text)
    if match is None:
        return segment
    return replace(segment, text=segment.text[match.end() :], speaker=match["label"], prefix=match[0])
