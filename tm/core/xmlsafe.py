"""Parsing XML from someone else: the one policy every reader follows, written once.

Every XML file a command reads (TMX, TBX, XLIFF, the parts of a DOCX or ODT package,
OmegaT's filters.xml, an existing glossary) may have been crafted. libxml2, which lxml
wraps, can be told to do several dangerous things, so each of them is off:

- external entities (`<!ENTITY x SYSTEM "file:///etc/passwd">`, XXE): never loaded, so a
  file cannot make us copy a secret file into a memory, a glossary or a translation;
- entity expansion (`resolve_entities=False`): an entity reference stays an inert node,
  so "billion laughs" (entities of entities, 10⁹ characters from a kilobyte) and the
  quadratic blow-up (one long entity referenced many times) never grow anything;
- the external DTD (`load_dtd=False`): never loaded, so it cannot declare entities or
  default attributes either;
- the network (`no_network=True`): nothing is ever fetched, whatever a SYSTEM or PUBLIC
  identifier names;
- `huge_tree` stays off: libxml2 keeps its limits on one text node (10 MB) and on depth.

`parser()` and `iterparse()` give an lxml parser and a streaming parse under this policy;
`iterparse()` opens a path through `tm.core.inputs` (regular files only). Where a format
legitimately needs more, it asks by name, never by passing lxml options of its own:

- `internal_entities=True` expands entities declared in the file's internal DTD subset
  (`resolve_entities="internal"`), still never an external one. TMX needs it: TMX files
  from CAT tools and converters declare entities for words or characters (`<!ENTITY r
  "Россия">`), and a unit must read as its text. libxml2's entity amplification limit
  (which `huge_tree` does not lift) then stops "billion laughs" with a syntax error.
- `huge_tree=True` lifts the 10 MB limit on a text node, for formats whose one record may
  be long (a TMX unit, a TBX entry, an XLIFF file).

A format that never has a DOCTYPE (Office parts, XLIFF, OmegaT's filters.xml) refuses one:
`declares_doctype(head)` sees it in the first bytes, before libxml2 reads it, and
`has_doctype(element)` after parsing (a DOCTYPE after a long comment); `refuse_doctype`
raises the format's one-line InputError for either.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any, BinaryIO

from tm.core.errors import InputError
from tm.core.inputs import iterparse_input

# The parser options of the policy (see the module docstring); a caller cannot override
# them except through the named options of `options()`.
SAFE_OPTIONS: dict[str, Any] = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}
_POLICY = frozenset(SAFE_OPTIONS) | {"dtd_validation", "attribute_defaults"}

# "<!DOCTYPE" as it starts in each encoding an XML file may have without a declaration.
_DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def options(*, internal_entities: bool = False, huge_tree: bool = False, **extra: Any) -> dict[str, Any]:
    """The keyword arguments for lxml's `XMLParser` or `iterparse` under the policy, with
    the format's named exceptions and `extra` options that do not touch the policy
    (`remove_comments`, `events`, `tag` …). Passing a policy option is a TypeError: a
    format that needs another one gets a named option here, not a private copy."""
    overridden = _POLICY & extra.keys()
    if overridden:
        raise TypeError(f"xmlsafe: {', '.join(sorted(overridden))} is set by the policy; use a named option")
    chosen = dict(SAFE_OPTIONS, **extra)
    if internal_entities:
        chosen["resolve_entities"] = "internal"
    chosen["huge_tree"] = huge_tree
    return chosen


def parser(*, internal_entities: bool = False, huge_tree: bool = False, **extra: Any) -> Any:
    """An lxml `XMLParser` under the policy (see `options`)."""
    from lxml import etree

    return etree.XMLParser(**options(internal_entities=internal_entities, huge_tree=huge_tree, **extra))


def iterparse(
    source: str | os.PathLike[str] | BinaryIO | io.RawIOBase,
    *,
    internal_entities: bool = False,
    huge_tree: bool = False,
    **extra: Any,
) -> Iterator[Any]:
    """lxml's `iterparse` under the policy (see `options`; `events`, `tag` go in `extra`).

    A path is opened through `tm.core.inputs.iterparse_input` (regular files only, an
    InputError naming it otherwise); a binary file object (a zip member) is read as is."""
    chosen = options(internal_entities=internal_entities, huge_tree=huge_tree, **extra)
    if isinstance(source, (str, os.PathLike)):
        return iterparse_input(source, **chosen)
    from lxml import etree

    return iter(etree.iterparse(source, **chosen))


def declares_doctype(head: bytes) -> bool:
    """Whether the first bytes of an XML file hold a DOCTYPE (UTF-8 or UTF-16), checked
    before libxml2 reads it."""
    return any(doctype in head for doctype in _DOCTYPE)


def has_doctype(element: Any) -> bool:
    """Whether the parsed document `element` belongs to has a DOCTYPE (an internal subset,
    an external DTD's identifier, or a bare `<!DOCTYPE x>`)."""
    docinfo = element.getroottree().docinfo
    return bool(docinfo.doctype) or docinfo.internalDTD is not None or bool(docinfo.system_url)


def refuse_doctype(source: bytes | Any, message: str) -> None:
    """Raise InputError(`message`) if `source` (the first bytes of a file, or a parsed
    element) has a DOCTYPE: for formats that never declare one, a DOCTYPE is an entity
    trick, refused rather than read with its entities left out."""
    found = declares_doctype(source) if isinstance(source, bytes) else has_doctype(source)
    if found:
        raise InputError(message)


def escape_text(value: str) -> str:
    """Element content as XML text: & < > escaped, and `\r` as a reference (a parser would
    turn a raw one into `\n`). The value must already be free of XML-forbidden characters.
    The `in` tests skip the copies for the usual text that has none of them (a hot path of
    the TMX and review writers)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def local_name(tag: object) -> str:
    """An element's tag without its namespace (`{urn:…}term` → `term`); "" for a comment or
    a processing instruction, whose tag is not a string."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
