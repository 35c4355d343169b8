"""Streaming the records of a large XML file (TMX units, TBX entries) in flat memory.

lxml's `iterparse` builds the whole tree as it goes; a reader that only wants one record at
a time must clear each record once done with it *and* delete the emptied siblings before
it, or a file of millions of units still ends up in memory as empty elements. This is that
loop, written once. The file is opened through `tm.core.inputs` (regular files only) and
parsed under `tm.core.xmlsafe`'s policy, with the format's named exceptions to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from tm.core import xmlsafe


def iter_elements(
    path: str | os.PathLike[str],
    tag: str,
    check_root: Callable[[Any], None] | None = None,
    *,
    internal_entities: bool = False,
    huge_tree: bool = False,
) -> Iterator[Any]:
    """Each `tag` element of the XML file at `path`, complete (its end seen), and freed with
    the siblings before it once the caller asks for the next one.

    `check_root`, when given, sees the root element as soon as it starts, before any record
    is read: it raises to refuse a file of another kind. `internal_entities` and `huge_tree`
    are `xmlsafe.options`'s. Syntax errors propagate as lxml's `XMLSyntaxError`, for the
    caller to name its format."""
    safe = {"internal_entities": internal_entities, "huge_tree": huge_tree}
    if check_root is None:
        # lxml filters by tag in C, and reports nothing else.
        events = xmlsafe.iterparse(path, events=("end",), tag=tag, **safe)
    else:
        events = xmlsafe.iterparse(path, events=("start", "end"), **safe)
    root_checked = check_root is None
    for event, element in events:
        if not root_checked:
            root_checked = True
            assert check_root is not None
            check_root(element)
        if event != "end" or element.tag != tag:
            continue
        yield element
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
