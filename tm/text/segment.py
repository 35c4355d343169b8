"""Documents → segments: the sentences a translation memory is made of, with their place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace

from tm.documents.codes import distribute, sentence_spans, shifted
from tm.documents.model import Block, Code
from tm.text.documents import Document
from tm.text.sentences import JOIN, Decision, Span, explain_sentences, split_sentences
from tm.text.structure import Paragraph, split_paragraphs

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
    # Inline codes (tm/documents/model.py), offsets in `text`; a span cut by a sentence
    # boundary is an open or close alone (tm/documents/codes.py). Empty for plain text.
    codes: tuple[Code, ...] = ()

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        if not self.codes:
            del data["codes"]  # plain text's segments print as they always have
        return data


# A block the reader marks as furniture (the HTML reader: navigation, the site's header and
# footer, asides, what trafilatura leaves out of the article) is a furniture paragraph under
# this rule name, as the line rules' verdicts are (tm/text/structure.py).
READER_FURNITURE = "html_furniture"


def _block_paragraphs(document: Document) -> list[tuple[Paragraph, tuple[Code, ...], int]]:
    """A document's blocks as paragraphs, each with its codes and where the paragraph text
    starts in the block text. The line rules (furniture, interview layout) judge runs of
    blocks as they judge runs of lines: for HTML, blocks of one parent element
    (`tm.documents.html.sibling_runs`: a list of headlines is one run); for other formats,
    consecutive blocks of one part. A block the reader calls furniture is `READER_FURNITURE`
    and stands apart, so it neither joins nor breaks the verdict on its neighbours.
    `translate=False` blocks are never segmented."""
    blocks = [b for b in document.blocks if b.translate and b.text.strip()]
    lines: list[str] = []
    for run in _runs(document.format, blocks):
        if lines:
            lines.append("")
        for i in run:
            if blocks[i].part == "furniture":
                lines += ["", blocks[i].text.replace("\n", " "), ""]
            else:
                lines.append(blocks[i].text.replace("\n", " "))
    paragraphs = split_paragraphs("\n".join(lines))
    result = []
    for paragraph, block in zip(paragraphs, blocks, strict=True):
        if block.part == "furniture":
            paragraph = replace(paragraph, furniture=READER_FURNITURE)
        start = block.text.find(paragraph.text) if paragraph.text else 0
        result.append((paragraph, block.codes, max(start, 0)))
    return result


def _runs(format_name: str | None, blocks: list[Block]) -> list[list[int]]:
    """Indices of the blocks the line rules judge together, in order."""
    if format_name == "html":
        from tm.documents.html import sibling_runs

        return list(sibling_runs(blocks))
    runs: list[list[int]] = []
    for i, block in enumerate(blocks):
        if not runs or block.part != blocks[i - 1].part:
            runs.append([])
        runs[-1].append(i)
    return runs


def plain_text(segment: Segment) -> str:
    """The segment's text as the glossary and the aligner read it: without codes, and with a
    space where a line break or tab code stands between two words the text runs together
    (`из 3<br/>Стороны`), so that no code glues two words into one. Formatting codes (a
    bold name, a footnote reference) add nothing: the text around them is as written."""
    breaks = sorted({c.offset for c in segment.codes if c.kind == "placeholder" and c.type in _SPACING_CODES}, reverse=True)
    text = segment.text
    for offset in breaks:
        if 0 < offset < len(text) and not text[offset - 1].isspace() and not text[offset].isspace():
            text = text[:offset] + " " + text[offset:]
    return text


def without_codes(segment: Segment) -> Segment:
    """The segment as plain text (`plain_text`), its codes dropped."""
    return segment if not segment.codes else replace(segment, text=plain_text(segment), codes=())


_SPACING_CODES = ("break", "tab")


def _paragraphs(document: Document) -> Iterator[tuple[Paragraph, tuple[Code, ...], int]]:
    if document.blocks:
        yield from _block_paragraphs(document)
    else:
        for paragraph in split_paragraphs(document.text):
            yield paragraph, (), 0


def segment_document(
    document: Document, keep_furniture: bool = False, split: Callable[[str], list[str]] = split_sentences
) -> list[Segment]:
    """The document's sentences with their place. `split` cuts a paragraph into sentences:
    Russian by default (tm/text/sentences.py); tm/text/english_sentences.py passes the English splitter."""
    segments: list[Segment] = []
    for paragraph, codes, start in _paragraphs(document):
        if paragraph.furniture and not keep_furniture:
            continue
        pieces = _paragraph_segments(document, paragraph, split(paragraph.text), codes, start)
        segments += [segment for segment, _ in pieces]
    return segments


def _paragraph_segments(
    document: Document, paragraph: Paragraph, sentences: list[str], codes: tuple[Code, ...] = (), start: int = 0
) -> Iterator[tuple[Segment, int]]:
    """A paragraph's segments, each with the number of characters its sentence lost in front
    (a dialogue dash): one function for `segment_document` and `explain_document`. `codes`
    are its block's, `start` where the paragraph text starts in the block text."""
    spans = [(a + start, b + start) for a, b in sentence_spans(paragraph.text, sentences)]
    per_sentence = distribute(codes, spans) if codes else [()] * len(sentences)
    for position, sentence in enumerate(sentences):
        dash = paragraph.dash if position == 0 else None
        prefix = paragraph.prefix if position == 0 else ""
        cut = 0
        # A dash opening a later sentence in the same line is a new dialogue turn.
        if match := _LEADING_DASH.match(sentence):
            sentence, dash, prefix, cut = sentence[match.end() :], match[1], prefix + match[0], match.end()
        own = shifted(per_sentence[position], cut, len(sentence)) if cut else per_sentence[position]
        yield Segment(document.name, paragraph.index, position, sentence, paragraph.speaker, dash, prefix, own), cut


@dataclass(frozen=True)
class ExplainedSegment:
    """A segment with the repair rules' decisions on its boundaries (tm/text/sentences.py):
    those inside it (`join`: a boundary removed) and at its end (`split`: one added).
    `offset` is where `segment.text` starts in its paragraph; decisions count from there too."""

    segment: Segment
    offset: int
    decisions: tuple[Decision, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {**self.segment.to_dict(), "offset": self.offset, "decisions": [d.to_dict() for d in self.decisions]}

    def notes(self, width: int = 20) -> list[str]:
        """One line per decision, with the text around the boundary: `join_dateline: join «Москва.|11 ноября.»`."""
        text = self.segment.text
        lines = []
        for decision in self.decisions:
            at = decision.offset - self.offset
            left = text[max(0, at - width) : at].lstrip()
            right = text[at : at + width].strip() if decision.action == JOIN else ""
            dots_left = "…" if at > width else ""
            dots_right = "…" if right and at + width < len(text) else ""
            lines.append(f"{decision.rule}: {decision.action} «{dots_left}{left}|{right}{dots_right}»")
        return lines


def explain_document(document: Document, keep_furniture: bool = False) -> list[ExplainedSegment]:
    """`segment_document` (Russian) with the decisions of the sentence repair rules, as
    razdel's debug segmenter shows them. The segments are the very ones `segment_document`
    gives: the same paragraphs, the same rule composition, the same dash handling."""
    explained: list[ExplainedSegment] = []
    for paragraph, codes, start in _paragraphs(document):
        if paragraph.furniture and not keep_furniture:
            continue
        explanation = explain_sentences(paragraph.text)
        owners = _owners(explanation.spans, explanation.decisions)
        segments = _paragraph_segments(document, paragraph, explanation.sentences, codes, start)
        for i, ((segment, cut), (start, end)) in enumerate(zip(segments, explanation.spans, strict=False)):
            raw = paragraph.text[start:end]
            offset = start + len(raw) - len(raw.lstrip()) + cut
            explained.append(ExplainedSegment(segment, offset, tuple(d for d, owner in owners if owner == i)))
    return explained


def _owners(spans: list[Span], decisions: list[Decision]) -> list[tuple[Decision, int]]:
    """Each decision with the sentence it belongs to: the one its boundary ends (a split) or
    lies inside (a join); a boundary of a dropped piece (no letter or digit) goes to the
    sentence before it, or the first."""
    owned = []
    for decision in decisions:
        owner = next((i for i, (a, b) in enumerate(spans) if a < decision.offset <= b), None)
        if owner is None:
            owner = max((i for i, (_, b) in enumerate(spans) if b < decision.offset), default=0)
        owned.append((decision, owner))
    return owned


def segment_documents(documents: Iterable[Document], keep_furniture: bool = False) -> Iterator[Segment]:
    for document in documents:
        yield from segment_document(document, keep_furniture)
