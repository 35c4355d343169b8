"""Documents → segments: the sentences a translation memory is made of, with their place."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator

from tm.text.documents import Document
from tm.text.sentences import split_sentences
from tm.text.structure import split_paragraphs

_LEADING_DASH = re.compile(r"^([-–—])\s+(?=\S)")


@dataclass(frozen=True)
class Segment:
    """One source sentence and where it stands: document, paragraph and position in it."""

    document: str
    paragraph: int
    position: int
    text: str
    speaker: str | None = None
    dash: str | None = None
    prefix: str = ""  # the interview label and/or dialogue dash before the sentence, as written

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def segment_document(
    document: Document, keep_furniture: bool = False, split: Callable[[str], list[str]] = split_sentences
) -> list[Segment]:
    """The document's sentences with their place. `split` cuts a paragraph into sentences:
    Russian by default (tm/text/sentences.py); tm/text/english_sentences.py passes the English splitter."""
    segments: list[Segment] = []
    for paragraph in split_paragraphs(document.text):
        if paragraph.furniture and not keep_furniture:
            continue
        for position, sentence in enumerate(split(paragraph.text)):
            dash = paragraph.dash if position == 0 else None
            prefix = paragraph.prefix if position == 0 else ""
            # A dash opening a later sentence in the same line is a new dialogue turn.
            if match := _LEADING_DASH.match(sentence):
                sentence, dash, prefix = sentence[match.end() :], match[1], prefix + match[0]
            segments.append(
                Segment(document.name, paragraph.index, position, sentence, paragraph.speaker, dash, prefix)
            )
    return segments


def segment_documents(documents: Iterable[Document], keep_furniture: bool = False) -> Iterator[Segment]:
    for document in documents:
        yield from segment_document(document, keep_furniture)
