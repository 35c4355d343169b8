"""Paragraph structure of a document: lines, interview labels, dialogue dashes, page furniture.

A paragraph is one non-blank line. Interview layout (`Вопрос<TAB>…`, `Ответ<TAB>…`, and
tab-indented continuation lines) and dialogue dashes (`- Антон Георгиевич, …`) are taken off
the text and kept as metadata, so they are not translated as part of the sentence.

Page furniture is text a scraped web page carries that is not the article: navigation
labels, view counters, template placeholders, photo credits and lists of other headlines.
Each kind is one rule below; `FURNITURE_RULES` lists them. Lines that match are marked with
the rule's name and left out of the memory unless the user keeps them (`--keep-furniture`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_LABELLED = re.compile(r"^(?P<label>[^\t]{1,40}?)\s*\t+\s*(?P<text>\S.*)$")
_LABEL_WITH_COLON = re.compile(r"^(?P<label>Вопрос|Ответ|ВОПРОС|ОТВЕТ)\s*[:.]\s+(?P<text>\S.*)$")
_CONTINUATION = re.compile(r"^\t+\s*(?P<text>\S.*)$")
_DASH = re.compile(r"^(?P<dash>[-–—])\s+(?P<text>\S.*)$")

_SENTENCE_END = re.compile(r"[.!?…]['\"»”)]*$")
_NAVIGATION_WORDS = {
    "популярное",
    "все",
    "читайте также",
    "архив",
    "главная",
    "новости",
    "поделиться",
    "комментарии",
    "подписаться",
    "реклама",
    "теги",
    "меню",
    "поиск",
    "рубрики",
    "последние новости",
    "лента новостей",
    "смотрите также",
    "по теме",
    "другие новости",
}


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of a document, with its layout metadata."""

    index: int
    text: str
    speaker: str | None = None
    dash: str | None = None
    furniture: str | None = None
    prefix: str = ""  # what the line has before `text`, as written: "Вопрос\t", "– "


# --- furniture rules: each takes a block of consecutive lines, returns a verdict per line ---

FurnitureRule = Callable[[Sequence[str]], list[bool]]


def counter(block: Sequence[str]) -> list[bool]:
    """A line of digits only: view counters, page numbers."""
    return [bool(re.fullmatch(r"[\d\s.,:/]+", line)) for line in block]


def template_placeholder(block: Sequence[str]) -> list[bool]:
    """Unfilled template fields such as `[[year]]` or `{{date}}`."""
    return [bool(re.search(r"\[\[[^\]]*\]\]|\{\{[^}]*\}\}", line)) for line in block]


def navigation_label(block: Sequence[str]) -> list[bool]:
    """Menu and section labels ("Популярное", "Читайте также")."""
    return [line.strip(" •:").lower() in _NAVIGATION_WORDS for line in block]


def photo_credit(block: Sequence[str]) -> list[bool]:
    """Picture captions such as "Фото из личного архива …" (short, no full stop)."""
    return [
        bool(re.match(r"^(Фото|Фотография|Иллюстрация|Photo)\b", line))
        and len(line.split()) <= 12
        and not _SENTENCE_END.search(line)
        for line in block
    ]


def headline_list(block: Sequence[str]) -> list[bool]:
    """Three or more short lines in a row, mostly without a full stop: links to other stories."""
    short = all(len(line) <= 160 for line in block)
    with_stop = sum(1 for line in block if line.endswith("."))
    verdict = len(block) >= 3 and short and with_stop * 3 <= len(block)
    return [verdict] * len(block)


FURNITURE_RULES: tuple[FurnitureRule, ...] = (
    counter,
    template_placeholder,
    navigation_label,
    photo_credit,
    headline_list,
)


def furniture_verdicts(block: Sequence[str]) -> list[str | None]:
    """The name of the first rule that marks each line as furniture, or None."""
    verdicts: list[str | None] = [None] * len(block)
    for rule in FURNITURE_RULES:
        for i, hit in enumerate(rule(block)):
            if hit and verdicts[i] is None:
                verdicts[i] = rule.__name__
    return verdicts


# --- paragraphs ---


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines; blank lines separate them."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _layout(line: str, speaker: str | None) -> tuple[str, str | None, str | None]:
    """Split a line into (text, speaker, dash). Continuation lines keep the last speaker.
    The line without its text is the paragraph's prefix (`_prefix`)."""
    dash = None
    match = _LABELLED.match(line) or _LABEL_WITH_COLON.match(line)
    if match and len(match["label"].split()) <= 3:
        text, speaker = match["text"], match["label"].strip()
    elif (cont := _CONTINUATION.match(line)) and speaker:
        text = cont["text"]
    else:
        text, speaker = line.strip(), None
    if dash_match := _DASH.match(text):
        text, dash = dash_match["text"], dash_match["dash"]
    return text.strip(), speaker, dash


def without_prefix(line: str) -> str:
    """A line's text without an interview label or dialogue dash (a TMX source made by
    `tm build` keeps them, as CAT tools do)."""
    return _layout(line, None)[0]


def _prefix(line: str, body: str) -> str:
    """The label and dash before the text, exactly as a CAT tool's segment starts with them."""
    stripped = line.strip()
    return stripped[: len(stripped) - len(body)] if body and stripped.endswith(body) else ""


def split_paragraphs(text: str) -> list[Paragraph]:
    """All paragraphs of a normalised document, furniture marked but not removed."""
    paragraphs: list[Paragraph] = []
    speaker: str | None = None
    for block in _blocks(text):
        verdicts = furniture_verdicts([line.strip() for line in block])
        for line, furniture in zip(block, verdicts, strict=False):
            body, speaker, dash = _layout(line, speaker)
            paragraphs.append(Paragraph(len(paragraphs), body, speaker, dash, furniture, _prefix(line, body)))
    return paragraphs
