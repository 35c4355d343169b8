"""An OmegaT-flavoured TMX (`tm build --omegat-tmx`): each `<seg>` holds the segment as
OmegaT 3.6 shows it, its tag shortcuts as escaped text (`Впереди у нас &lt;t3/&gt;очень…`),
the form of OmegaT's own project_save.tmx. OmegaT reads such a seg at level 1, so it
matches with or without the level-2 preferences; other tools read the shortcuts as words,
which is why the standard level-2 TMX (tm/memory/inline_tmx.py) stays `-o`'s output.

Why a second form: OmegaT 3.6's OpenXML filter (filters3/xml/openxml/OpenXMLDialect) makes
every element inside a `w:p` a tag, and with `aggregateTags` (on in our filters.xml) a run
of tags with no text between them is one standalone `<tN/>` (filters3 Entry.aggregateTags).
The tags are numbered 0, 1, … per paragraph from its first text (Entry.enumerateTags,
after the leading and trailing tags are removed: Entry.detectTags), before the paragraph is
segmented, so a second sentence may open with `<t3/>`. A level-2 `<ph>` is numbered by its
place in the segment (TMXReader2 / InlineTagHandler.endOTHER) and cannot name it; text can.

What is written, per format:
- DOCX: OmegaT's tags are where a text element (`w:t`) of the paragraph starts or ends
  (`Block.runs`, kept by tm/documents/docx.py, merged run splits included) and where a code
  stands: one `<tN/>` per such offset strictly inside the paragraph's text. A tag before a
  sentence's first word belongs to that sentence (the SRX break is after the full stop,
  before the space), one between words to the sentence it is in.
- every other format: what OmegaT makes of our level-2 markup (`level2_shortcuts`, an
  emulation of TMXReader2.parseSegExtLevel2 with `ext_tmx_use_slash`), which is exact for
  HTML and ODT (tests/tm/memory/test_omegat_formats.py).

Not modelled (OmegaT's segments then differ from ours, in plain text too): hidden or deleted
text (OmegaT shows it, we do not), `w:tab` (a paragraph break to OmegaT's OpenXML filter)
and `w:noBreakHyphen` (a tag to OmegaT, a character to us).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lxml import etree

from tm.core import xmlsafe
from tm.documents.codes import shifted
from tm.documents.model import Block, Code
from tm.memory.tmx import TmxUnit
from tm.mt.codes import place_codes
from tm.text.documents import Document
from tm.text.segment import Segment, segment_document

# The formats whose segments get OmegaT's OpenXML run tags rather than our codes.
OPENXML_FORMATS = frozenset({"docx"})


def level2_shortcuts(markup: str, use_slash: bool = True) -> str:
    """The text OmegaT 3.6 reads from a level-2 `<seg>` content `markup`, its inline
    elements as tag shortcuts (TMXReader2.parseSegExtLevel2 with InlineTagHandler): the
    letter is the first letter of the element's content, else of its `type` (a `<bpt>`'s
    is kept for its `<ept>`), else `f`; a `<bpt>` is numbered `x` − 1 and its `<ept>` the
    same, a `<ph>`/`<it>` by the count of inline elements before it in the segment;
    `<ept>` and `<it pos="end">` get a slash before, `<ph>` one after with `use_slash`."""
    seg: Any = etree.fromstring(f"<seg>{markup}</seg>".encode(), xmlsafe.parser())
    out = [seg.text or ""]
    count = 0  # InlineTagHandler.tagIndex
    pairs: dict[str | None, int] = {}
    letters: dict[str | None, str] = {}
    other_letter = ""
    for element in seg:
        name = element.tag if isinstance(element.tag, str) else ""
        content_letter = _first_letter("".join(element.itertext()))
        type_letter = _first_letter(element.get("type"))
        slash_before = slash_after = False
        number: int | None
        if name == "hi":  # skipped: its text is the segment's
            out.append("".join(element.itertext()))
            out.append(element.tail or "")
            continue
        if name == "bpt":
            i = element.get("i")
            number = count
            count += 1
            try:
                number = max(0, int(element.get("x", "")) - 1)
            except ValueError:
                pass
            pairs[i] = number
            letters[i] = content_letter or type_letter or letters.get(i, "")
            letter = letters[i]
        elif name == "ept":
            i = element.get("i")
            slash_before = True
            letter = letters.get(i, "")
            number = pairs.get(i)
        else:  # it, ph and anything else
            if name in ("it", "ph"):
                other_letter = content_letter or type_letter or other_letter
                letter = other_letter
            else:
                letter = content_letter
            number = count
            count += 1
            slash_before = name == "it" and element.get("pos") == "end"
            slash_after = name == "ph" and use_slash
        if number is None:
            raise ValueError(f"an <ept> without its <bpt> in {markup!r}")
        out.append(f"<{'/' if slash_before else ''}{letter or 'f'}{number}{'/' if slash_after else ''}>")
        out.append(element.tail or "")
    return unicodedata.normalize("NFC", "".join(out))


def _first_letter(value: str | None) -> str:
    """StringUtil.getFirstLetterLowercase: the first letter of `value`, lower-cased, or ""."""
    return next((c.lower() for c in value or "" if c.isalpha()), "")


def _tagged_block(block: Block) -> Block:
    """`block` with OmegaT's OpenXML tags as its codes, each `id` OmegaT's number: one at
    each offset strictly inside the paragraph's text (from its first character that is not
    a space to its last: Entry.detectTags leaves the rest out) where a text element starts
    or ends or a code stands, numbered 0, 1, … in order. They are given to the segmenter as
    opens without a close, which it puts in the sentence after a gap (tm/documents/codes.py),
    as OmegaT's SRX break leaves a tag before a sentence's first word in that sentence."""
    text = block.text
    lead, trail = len(text) - len(text.lstrip()), len(text.rstrip())
    offsets = sorted(o for o in set(block.runs) | {code.offset for code in block.codes} if lead < o < trail)
    return replace(block, codes=tuple(Code("open", n, offset, "format", f"<t{n}/>") for n, offset in enumerate(offsets)))


def openxml_tags(document: Document, segments: Sequence[Segment], keep_furniture: bool = False) -> list[tuple[Code, ...]]:
    """For each of `segments` (the document's, in order, as `segment_document` made them),
    OmegaT's run tags in it: placeholders whose `data` is OmegaT's shortcut, numbered per
    paragraph (`<t3/>`), and `offset` is in the segment's text. The segmenter's `outside` verdict is not used:
    OmegaT's paragraph text starts at a dialogue dash (`– <t0/>Что`), ours after it."""
    tagged = segment_document(replace(document, blocks=tuple(map(_tagged_block, document.blocks))), keep_furniture)
    if [s.text for s in tagged] != [s.text for s in segments]:
        raise ValueError(f"{document.name}: the segments with run tags differ from the document's")
    return [tuple(Code("placeholder", c.id, c.offset, "format", c.data) for c in segment.codes) for segment in tagged]


def with_shortcuts(text: str, tags: Sequence[Code]) -> str:
    """`text` with each of `tags` written as its OmegaT shortcut (`data`: `<t3/>`)."""
    parts, last = [], 0
    for tag in tags:
        parts.append(text[last : tag.offset])
        parts.append(tag.data)
        last = tag.offset
    parts.append(text[last:])
    return "".join(parts)


def omegat_unit(unit: TmxUnit, segment: Segment, tags: tuple[Code, ...] | None) -> TmxUnit:
    """`unit` (the level-2 TMX's unit for `segment`) with OmegaT's shortcuts as its text:
    `tags` (`openxml_tags`) for a DOCX segment, else what OmegaT reads from its markup. The
    target's tags go where tm/mt/codes.py aligns them, as the level-2 target's codes do."""
    if tags is None:
        source = level2_shortcuts(unit.source_markup) if unit.source_markup is not None else unit.source
        target = level2_shortcuts(unit.target_markup) if unit.target_markup is not None else unit.target
    elif not tags:
        source, target = unit.source, unit.target
    else:
        cut = len(unit.source) - len(segment.text)  # the interview label and dash kept in front
        own = shifted(tags, -cut, len(unit.source)) if cut else tuple(tags)
        placed, _ = place_codes(unit.source, own, unit.target)
        source, target = with_shortcuts(unit.source, own), with_shortcuts(unit.target, placed)
    return replace(unit, source=source, target=target, source_markup=None, target_markup=None)
