"""PDF: the text layer only, as paragraphs in reading order, for alignment and corpus building.

pdfplumber gives words with their positions; this module rebuilds what the layout broke:
- columns: a page whose words leave a vertical gutter free is read left column, then right
  (a heading across both columns ends one run of columns and starts the next);
- lines into paragraphs: a new paragraph starts after a gap wider than the line spacing, at
  a first-line indent, at a change of font size, or after a short line that ends a sentence;
- hyphenated line ends: «сотрудни-» + «чество» is rejoined when the joined word is Russian
  (pymorphy3's dictionary) or neither part is a word; «Алма-» + «Ата», «кое-» + «что» keep
  the hyphen;
- running headers, footers and page numbers (the same line, digits aside, at the top or
  bottom of many pages) are dropped.
Pages are read one at a time and closed, so memory follows the text, not the page count.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tm.core.errors import InputError
from tm.documents.model import Block, StructuredDocument

_HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen
_WORD_BEFORE = re.compile(r"(\w+)[-\u2010\u00ad]$")
_WORD_AFTER = re.compile(r"^(\w+)")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:стр\.?|страница|page)?\s*\d+(?:\s*(?:/|из|of)\s*\d+)?[-–—\s]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?…:»\"”)]$")
MARGIN = 0.1  # the top and bottom tenth of a page is where running headers and footers stand


@dataclass
class Line:
    """One line of text as laid out: its words joined, and where it stands on its page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    left: float  # its column's left and right edge
    right: float
    page: int
    page_height: float


def read(data: bytes, label: str) -> StructuredDocument:
    """The paragraphs of a PDF's text layer (part "body", no codes)."""
    pages = list(_page_lines(data, label))
    if not any(lines for lines in pages):
        raise InputError(f"{label}: no text layer (scanned: needs OCR)")
    lines = _without_furniture(pages)
    blocks = tuple(Block(text, part="body", ref=f"page {page}") for text, page in _paragraphs(lines))
    return StructuredDocument("pdf", blocks)


def _page_lines(data: bytes, label: str) -> Iterable[list[Line]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer's errors share no base class; pdfplumber wraps some
        raise InputError(_open_error(label, exc, (PDFPasswordIncorrect, PDFEncryptionError), PSException)) from None
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise InputError(_open_error(label, exc, (PDFPasswordIncorrect, PDFEncryptionError), PSException)) from None
        for number in range(count):
            page = pdf.pages[number]
            try:
                yield _lines_of(page, number + 1)
            except Exception as exc:
                raise InputError(f"{label}: a corrupt PDF (page {number + 1}: {_first_line(exc)})") from None
            finally:
                page.close()  # its objects and layout caches: the page is done with


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _open_error(label: str, exc: BaseException, encrypted: tuple[type[BaseException], ...], syntax: type[BaseException]) -> str:
    cause = exc.__cause__ or exc.__context__
    candidates = [exc, *(exc.args if exc.args and isinstance(exc.args[0], BaseException) else ()), *([cause] if cause else [])]
    if any(isinstance(c, encrypted) for c in candidates):
        return f"{label}: an encrypted PDF (password-protected); save an unprotected copy"
    return f"{label}: not a readable PDF file (corrupt: {_first_line(exc)})"


def _lines_of(page: Any, number: int) -> list[Line]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, extra_attrs=["size"])
    if not words:
        return []
    height = float(page.height)
    left = min(float(w["x0"]) for w in words)
    right = max(float(w["x1"]) for w in words)
    gutter = _gutter(words, left, right)
    lines = _rows(words)
    if gutter is None:
        return [_line(row, left, right, number, height) for row in lines]
    # the columns' own edges, for indents and full lines
    gutter_left = max(float(w["x1"]) for w in words if float(w["x1"]) <= gutter)
    gutter_right = min(float(w["x0"]) for w in words if float(w["x0"]) >= gutter)
    # Rows entirely on one side of the gutter form columns; a row across it (a heading, a
    # full-width paragraph) ends a run of columns: read left, then right, then it.
    ordered: list[Line] = []
    left_run: list[Line] = []
    right_run: list[Line] = []
    for row in lines:
        if all(float(w["x1"]) <= gutter for w in row) or all(float(w["x0"]) >= gutter for w in row):
            side_left = [w for w in row if float(w["x1"]) <= gutter]
            side_right = [w for w in row if float(w["x0"]) >= gutter]
            if side_left:
                left_run.append(_line(side_left, left, gutter_left, number, height))
            if side_right:
                right_run.append(_line(side_right, gutter_right, right, number, height))
        elif _splits(row, gutter):
            left_run.append(_line([w for w in row if float(w["x1"]) <= gutter], left, gutter_left, number, height))
            right_run.append(_line([w for w in row if float(w["x0"]) >= gutter], gutter_right, right, number, height))
        else:
            ordered += left_run + right_run
            left_run, right_run = [], []
            ordered.append(_line(row, left, right, number, height))
    return ordered + left_run + right_run


def _splits(row: list[dict[str, Any]], gutter: float) -> bool:
    """Whether no word of `row` crosses the gutter (a row with words in both columns)."""
    return all(float(w["x1"]) <= gutter or float(w["x0"]) >= gutter for w in row)


def _gutter(words: list[dict[str, Any]], left: float, right: float) -> float | None:
    """The x of a vertical gap in the middle third of the text that (almost) no word crosses
    while many words stand on each side of it: the gap between two columns."""
    span = right - left
    if span < 100 or len(words) < 40:
        return None
    best: tuple[int, float] | None = None
    for step in range(0, 41):
        x = left + span * (0.3 + 0.4 * step / 40)
        crossing = sum(1 for w in words if float(w["x0"]) < x < float(w["x1"]))
        if best is None or crossing < best[0]:
            best = (crossing, x)
    assert best is not None
    crossing, x = best
    left_words = sum(1 for w in words if float(w["x1"]) <= x)
    right_words = sum(1 for w in words if float(w["x0"]) >= x)
    rows = _rows(words)
    # a few words may cross it (a heading, a full-width paragraph above the columns)
    if crossing > max(2, len(rows) // 10) or min(left_words, right_words) < len(words) * 0.2:
        return None
    # center it in the free space around x, which must be wider than a word space
    free_left = max((float(w["x1"]) for w in words if float(w["x1"]) <= x), default=x)
    free_right = min((float(w["x0"]) for w in words if float(w["x0"]) >= x), default=x)
    if free_right - free_left < 8:
        return None
    return (free_left + free_right) / 2


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into rows by their top, top to bottom, each left to right."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["top"]) - float(word["top"])) <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: float(w["x0"])) for row in rows]


def _line(row: list[dict[str, Any]], left: float, right: float, page: int, height: float) -> Line:
    return Line(
        " ".join(str(w["text"]) for w in row),
        min(float(w["x0"]) for w in row),
        max(float(w["x1"]) for w in row),
        min(float(w["top"]) for w in row),
        max(float(w["bottom"]) for w in row),
        max(float(w.get("size", 0) or 0) for w in row),
        left,
        right,
        page,
        height,
    )


def _without_furniture(pages: list[list[Line]]) -> list[Line]:
    """The lines without page numbers and without the running headers and footers: lines in
    the top or bottom margin whose text, digits aside, recurs on a third of the pages."""

    def key(line: Line) -> str:
        return _DIGITS.sub("#", line.text.strip().lower())

    def marginal(line: Line) -> bool:
        return line.top < line.page_height * MARGIN or line.bottom > line.page_height * (1 - MARGIN)

    recurring = Counter(k for lines in pages for k in {key(line) for line in lines if marginal(line)})
    threshold = max(2, len(pages) // 3)
    kept: list[Line] = []
    for lines in pages:
        for line in lines:
            if marginal(line) and (_PAGE_NUMBER.match(line.text) or (len(pages) > 1 and recurring[key(line)] >= threshold)):
                continue
            kept.append(line)
    return kept


def _paragraphs(lines: list[Line]) -> Iterable[tuple[str, int]]:
    """Lines joined into paragraphs: (text, the page it starts on)."""
    if not lines:
        return
    pitches = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.top < 3 * max(a.size, 1)
    ]
    pitch = statistics.median(pitches) if pitches else max(lines[0].size, 1) * 1.2
    text, page = lines[0].text, lines[0].page
    for previous, line in zip(lines, lines[1:], strict=False):
        if _breaks(previous, line, pitch):
            yield text, page
            text, page = line.text, line.page
        else:
            text = _join(text, line.text)
    yield text, page


def _breaks(previous: Line, line: Line, pitch: float) -> bool:
    """Whether `line` starts a new paragraph after `previous`."""
    size = max(line.size, previous.size, 1.0)
    if abs(line.size - previous.size) > 0.8:  # a heading, a footnote
        return True
    width = previous.right - previous.left
    full = previous.x1 >= previous.right - max(0.12 * width, 3 * size)
    indented = line.x0 > line.left + 0.8 * size and line.x0 - previous.x0 > 0.8 * size
    new_place = line.page != previous.page or line.left != previous.left or line.top < previous.top
    if new_place:  # the next page or column: the paragraph goes on only if the last line was full
        return not full or indented
    if line.top - previous.top > pitch * 1.35:
        return True
    if indented:
        return True
    return not full and bool(_SENTENCE_END.search(previous.text))


def _join(text: str, next_line: str) -> str:
    """`text` continued by the next line: a space between, or a hyphenated word rejoined."""
    if text and text[-1] in _HYPHENS:
        before, after = _WORD_BEFORE.search(text), _WORD_AFTER.match(next_line)
        if before and after:
            if text[-1] == "\u00ad" or _rejoin(before.group(1), after.group(1)):
                return text[:-1] + next_line
            return text[:-1] + "-" + next_line if text[-1] == "\u2010" else text + next_line
        if text[-1] == "\u00ad":
            return text[:-1] + next_line
    return f"{text} {next_line}"


def _rejoin(first: str, second: str) -> bool:
    """Whether a word split as `first-` / `second` at a line end was hyphenated by the layout
    (so the hyphen goes) rather than written with a hyphen (Алма-Ата, кое-что, 2019-2020)."""
    if not first.isalpha() or not second.isalpha() or second[0].isupper():
        return False  # a number, or a capital after the hyphen: a real hyphen
    from tm.language.morphology import analyzer

    morph = analyzer()
    joined, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
    if morph.word_is_known(hyphenated):
        return False
    if morph.word_is_known(joined):
        return True
    # neither form is in the dictionary: rejoin the fragments of one word, keep two words
    return not (morph.word_is_known(first.lower()) and morph.word_is_known(second.lower()))
