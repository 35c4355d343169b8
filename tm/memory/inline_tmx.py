"""Inline codes in TMX 1.4b level 2, written the way OmegaT 3.6 reads them back as its tags.

Findings (OmegaT 3.6.0_10, tried in console mode on python-docx and HTML files with
`--mode=console-createpseudotranslatetmx` and `console-translate`; source read in
omegat-org/omegat at tag v3.6.0_10):

- OmegaT's segments carry its own tag shortcuts as text: HTML `Президент <b0>Токаев</b0> …`,
  `<a0>сайте</a0>`, `<br1>`; DOCX (python-docx runs) `<t0/>Президент <t1/>Токаев<t2/> …`:
  every run boundary is a standalone tag, not a bold pair. Tags are numbered per paragraph,
  before segmenting (`Она была <i1>важной</i1>` is the paragraph's second tag). A pair cut
  by a sentence boundary is `<b0>` alone in one segment and `</b0>` alone in the next. With
  `removeTags="true"` (OmegaT's default, our filters.xml) the tags before and after a
  paragraph's text that pair with nothing inside it are in no segment (with it off, every
  DOCX segment carries `<t0/>`…`<tN/>` run tags at the paragraph's ends: none matched).
- src/org/omegat/util/TMXReader2.java: a TMX whose `creationtool` is not "OmegaT" is read
  at level 1 unless the preference `ext_tmx_show_level2` (Options → External TMX → display
  level-2 tags) is on; level 1 drops every inline element with its content, so a level-2
  unit never equals a tagged segment and tm/auto fills nothing (tried). With it on
  (`parseSegExtLevel2`), each code becomes `<` letter number `>`: the letter is the first
  letter of the code's content, else of its `type`, else `f`; a `<bpt>`'s number is its
  `x` − 1 (InlineTagHandler.startBPT), an `<ept>` takes its `<bpt>`'s (by `i`), and `<ph>`
  and `<it>` take a running count of the codes before them in the segment; `<ept>` and
  `<it pos="end">` get the slash before, `<ph>` a slash after only with `ext_tmx_use_slash`.
- So the form that OmegaT fills exactly (tried: every HTML pair, an `<it>` begin/end pair
  across a boundary, DOCX `<t0/>` run tags in a paragraph's first sentence) is
  `<bpt i="N+1" x="N+1" type="bold">&lt;b&gt;</bpt>…<ept i="N+1">&lt;/b&gt;</ept>`, where N
  is OmegaT's paragraph-level tag number and the content starts with OmegaT's letter.
  It cannot express a `<ph>` or `<it>` numbered other than by its place in the segment
  (DOCX `<t3/>` opening a second sentence) nor OmegaT's two-letter shortcuts (`<br1>`).
- Level-1 text with OmegaT's shortcuts escaped (`<seg>Президент &lt;b0&gt;Токаев&lt;/b0&gt;
  …</seg>`) matched every segment, with or without the preference, but other tools read
  the shortcuts as words; it is OmegaT's own project_save.tmx form, not a level-2 TMX.
- OmegaT's own level-2 export (TMXWriter2.writeLevelTwo) writes `x` = the tag number, which
  its reader turns into number − 1: its own export does not round-trip.

What we write: codes as `<bpt i x type>`, `<ept i>`, `<ph x type>`, `<it pos x type>` with
`x` = the code's paragraph-level number (tm/documents/codes.py numbers them 1, 2, …, so
OmegaT's N + 1), the content being the code's native markup (`Code.data`) for HTML, and a
stand-in whose first letter is OmegaT's otherwise: `<f>` for an ODF span, `<a>` for an ODF
link, `<t/>` for OOXML (OmegaT 3.6 aggregates DOCX run tags into `<tN/>`), `<b>` etc. when
the reader gave no markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tm.core import xmlsafe
from tm.documents.codes import isolated
from tm.documents.model import Code, CodeKind

# A stand-in for a code without native markup: its first letter is the one OmegaT's HTML
# filter shows for the same element.
_STAND_IN = {"bold": "b", "italic": "i", "underline": "u", "link": "a", "break": "br", "image": "img"}


# Text and code content as XML: the one escaper (`\r` as `&#13;`, which a parser would
# otherwise read back as `\n`).
_escape = xmlsafe.escape_text


# OmegaT 3.6's tag letters for ODF elements (OpenDocDialect.defineShortcuts); any other
# element's is the first character of its name (filters3 Tag.getShortcut). A span's code
# carries its `style:text-properties` (tm/documents/odt.py), shown by OmegaT as `text:span`.
_ODF_LETTERS = {"text:span": "f", "style:text-properties": "f", "text:a": "a", "text:s": "s", "text:tab-stop": "t"}
_ODF_PREFIXES = ("text:", "style:", "draw:", "office:", "table:", "svg:", "xlink:")
_ELEMENT = re.compile(r"<\s*/?\s*([\w.-]+:[\w.-]+)")


def _omegat_letter(data: str) -> str | None:
    """OmegaT's tag letter for a code whose native markup is `data`, when the letter OmegaT
    derives from the markup (its first letter) would not be it: ODF (`<f0>` for a span,
    `<a0>` for a link) and OOXML, whose run tags OmegaT 3.6 aggregates into `<t0/>`.
    None for HTML, whose element names give OmegaT's letters already."""
    match = _ELEMENT.match(data)
    if match is None:
        return None
    name = match.group(1)
    if name.startswith("w:"):
        return "t"
    if name.startswith(_ODF_PREFIXES):
        return _ODF_LETTERS.get(name, name[0])
    return None


def _content(code: Code) -> str:
    """A code's `<bpt>`/`<ept>`/`<ph>`/`<it>` content: its native markup, or a stand-in whose
    first letter is OmegaT's for the same tag (OmegaT's level-2 reader takes the content's
    first letter as the tag's: TMXReader2.parseSegExtLevel2)."""
    letter = _omegat_letter(code.data) if code.data else None
    if code.data and letter is None:
        return _escape(code.data)
    name = letter or _STAND_IN.get(code.type, code.type[:1] or "f")
    return _escape({"open": f"<{name}>", "close": f"</{name}>"}.get(code.kind, f"<{name}/>"))


def seg_markup(text: str, codes: Sequence[Code]) -> str:
    """A `<seg>`'s content: `text` escaped, with `codes` (offsets in `text`) as level-2 elements;
    codes `outside` the paragraph's text are left out, as the CAT tool's segment has them."""
    codes = [code for code in codes if not code.outside]
    alone = isolated(codes)
    parts: list[str] = []
    last = 0
    for index, code in enumerate(codes):
        parts.append(_escape(text[last : code.offset]))
        last = code.offset
        kind, number, content = code.kind, code.id, _content(code)
        kind_attr = f' type="{_escape(code.type)}"' if code.type else ""
        if kind == "placeholder":
            parts.append(f'<ph x="{number}"{kind_attr}>{content}</ph>')
        elif index in alone:
            pos = "begin" if kind == "open" else "end"
            parts.append(f'<it pos="{pos}" x="{number}"{kind_attr}>{content}</it>')
        elif kind == "open":
            parts.append(f'<bpt i="{number}" x="{number}"{kind_attr}>{content}</bpt>')
        else:
            parts.append(f'<ept i="{number}">{content}</ept>')
    parts.append(_escape(text[last:]))
    return "".join(parts)


def codes_of(markup: str) -> tuple[str, tuple[Code, ...]]:
    """A `<seg>`'s content read back: its plain text and its codes (the inverse of `seg_markup`)."""
    from lxml import etree

    def number(element: Any, *names: str) -> int:
        return int(next((v for v in map(element.get, names) if v), "0"))

    seg: Any = etree.fromstring(f"<seg>{markup}</seg>".encode(), xmlsafe.parser())
    text = [seg.text or ""]
    codes: list[Code] = []
    for child in seg:
        offset = sum(map(len, text))
        tag, content = child.tag, "".join(child.itertext())
        kind_type = child.get("type", "other")
        if tag == "bpt":
            codes.append(Code("open", number(child, "x", "i"), offset, kind_type, content))
        elif tag == "ept":
            opened = next((c for c in codes if c.kind == "open" and c.id == number(child, "i")), None)
            codes.append(Code("close", number(child, "i"), offset, opened.type if opened else "other", content))
        elif tag == "it":
            kind: CodeKind = "open" if child.get("pos") == "begin" else "close"
            codes.append(Code(kind, number(child, "x"), offset, kind_type, content))
        elif tag in ("ph", "ut"):
            codes.append(Code("placeholder", number(child, "x"), offset, kind_type, content))
        elif tag == "hi":
            text.append("".join(child.itertext()))
        text.append(child.tail or "")
    return "".join(text), tuple(codes)
