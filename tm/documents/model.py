"""The document model every reader produces and the rest of the pipeline consumes.

A document is a list of blocks (paragraphs) in reading order. A block is its visible text
plus inline codes, in the manner of translate-toolkit's storage and Okapi's filters: a
formatting span or hyperlink is a pair of codes (`open`/`close`, one `id`), and a footnote
reference, line break, field or image is a `placeholder`. Codes sit *between* characters
(`offset`), so the text itself stays plain: segmentation, the glossary and the aligner read
`Block.text` and never see markup, while the TMX, XLIFF and merge writers put the codes back.

Where a block comes from (`part`, `ref`) is kept for writing the translation back into a
copy of the original (a later issue); `translate=False` marks what the original says must
not be translated (HTML `translate="no"`, a reader's own furniture verdict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

CodeKind = Literal["open", "close", "placeholder"]

# What a code stands for. Writers map these to TMX `type`/XLIFF `ctype` and to the letters
# CAT tools show (OmegaT's `<b0>`, `<i1>`, `<f2/>`); readers pick the closest one.
CODE_TYPES = (
    "bold",
    "italic",
    "underline",
    "format",  # any other run formatting: colour, font, size, super/subscript, a style
    "link",
    "footnote",
    "endnote",
    "comment",
    "break",
    "tab",
    "field",
    "image",
    "other",
)

# Where in the original a block stands.
# "furniture": a web page's navigation, site header and footer, asides and lists of other
# stories (the HTML reader's verdict; the pipeline leaves it out as it does furniture lines).
PARTS = ("body", "table", "header", "footer", "footnote", "endnote", "comment", "textbox", "title", "list", "furniture")


@dataclass(frozen=True)
class Code:
    """One inline code of a block: where it stands in the text and what it stands for."""

    kind: CodeKind
    id: int  # the open and close of one span share it; unique within its block
    offset: int  # the character offset in `Block.text` it stands before (0 … len(text))
    type: str = "other"  # one of CODE_TYPES
    data: str = ""  # the original markup it replaces, for TMX bpt/ept/ph and XLIFF originalData
    # Before a paragraph's first text or after its last, not pairing with a code inside it:
    # a CAT tool's "remove leading and trailing tags" leaves it out of the segment, so the
    # TMX does too (tm/documents/codes.py sets it; the XLIFF and write-back keep the code).
    outside: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of a document: plain text, the codes inside it, and where it is from.

    Invariants (checked by `check_block`): the text has no newline; every code's offset is
    within the text; codes are sorted by offset (ties keep reading order); every `close`
    follows the `open` with its id, and spans nest.
    """

    text: str
    codes: tuple[Code, ...] = ()
    part: str = "body"  # one of PARTS
    ref: str = ""  # where it is in the original: a part name and path, an XLIFF unit id
    translate: bool = True
    lang: str | None = None  # the block's own language, where the document says (HTML lang, xml:lang)
    target: Block | None = None  # a bilingual input's translation (XLIFF), as a block of its own
    # DOCX: the offsets inside `text` where a text element of the original (`w:t`) starts or
    # ends, boundaries the reader merges when nothing visible changes there. OmegaT's OpenXML
    # filter shows each as a tag (`<t3/>`); tm/memory/omegat_tmx.py writes them. Empty elsewhere.
    runs: tuple[int, ...] = ()


@dataclass(frozen=True)
class StructuredDocument:
    """What a format reader returns: its blocks and the facts about the file behind them."""

    format: str  # "docx", "odt", "html", "xliff", "pdf", …
    blocks: tuple[Block, ...]
    source_lang: str | None = None  # as the file declares it (XLIFF srcLang, html lang)
    target_lang: str | None = None
    notes: tuple[str, ...] = field(default=())  # what the reader passed over, for the user


def make_code(kind: CodeKind, id: int, offset: int, type: str = "other", data: str = "", outside: bool = False) -> Code:
    """`Code(kind, id, offset, type, data, outside)`, for readers and `distribute`, which
    make one per span edge of a long document: a frozen dataclass's `__init__` sets each
    field through `object.__setattr__`, at three times the cost of filling the new
    instance's fields, which is all this does. Equal to the constructor's result, field for
    field (tests/tm/documents/test_reader_shortcuts.py: a field added to `Code` must be
    added here)."""
    code = object.__new__(Code)
    fields = code.__dict__  # (one item at a time: `update(kind=…, …)` would build a dict first)
    fields["kind"] = kind
    fields["id"] = id
    fields["offset"] = offset
    fields["type"] = type
    fields["data"] = data
    fields["outside"] = outside
    return code


def make_block(text: str, codes: tuple[Code, ...], part: str, ref: str, runs: tuple[int, ...] = ()) -> Block:
    """`Block(text, codes, part=part, ref=ref, runs=runs)`, the other fields at their
    defaults, made as `make_code` makes a code (one per paragraph of a long document)."""
    block = object.__new__(Block)
    fields = block.__dict__
    fields["text"] = text
    fields["codes"] = codes
    fields["part"] = part
    fields["ref"] = ref
    fields["translate"] = True
    fields["lang"] = None
    fields["target"] = None
    fields["runs"] = runs
    return block


class Reader(Protocol):
    """The one function each format module (`tm/documents/<format>.py`) has.

    `data` is the whole file; `label` names it in errors. Bad input raises
    `tm.core.errors.InputError` with one line naming the file and the reason.
    """

    def __call__(self, data: bytes, label: str) -> StructuredDocument: ...


def check_block(block: Block) -> None:
    """Raise ValueError if `block` breaks the model's invariants (for readers' tests)."""
    if "\n" in block.text:
        raise ValueError(f"newline in block text: {block.text!r}")
    open_ids: list[int] = []
    last = 0
    for code in block.codes:
        if not 0 <= code.offset <= len(block.text):
            raise ValueError(f"code {code} outside the text ({len(block.text)} characters)")
        if code.offset < last:
            raise ValueError(f"codes out of order at {code}")
        last = code.offset
        if code.kind == "open":
            open_ids.append(code.id)
        elif code.kind == "close":
            if not open_ids or open_ids[-1] != code.id:
                raise ValueError(f"close without its open, or spans that do not nest: {code}")
            open_ids.pop()
    if open_ids:
        raise ValueError(f"open codes never closed: {open_ids}")
