"""Streaming the records of a large XML file (TMX units, TBX entries) in flat memory.

lxml's `iterparse` builds the whole tree as it goes; a reader that only wants one record at
a time must clear each record once done with it *and* delete the emptied siblings before
it, or a file of millions of units still ends up in memory as empty elements. This is that
loop, written once. The file is opened through `tm.core.inputs` (regular files only), and
the parser options are the caller's: each format keeps its own entity and size policy.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from tm.core.inputs import iterparse_input


def iter_elements(
    path: str | os.PathLike[str], tag: str, check_root: Callable[[Any], None] | None = None, **parser_options: Any
) -> Iterator[Any]:
    """Each `tag` element of the XML file at `path`, complete (its end seen), and freed with
    the siblings before it once the caller asks for the next one.

    `check_root`, when given, sees the root element as soon as it starts, before any record
    is read: it raises to refuse a file of another kind. `parser_options` go to `iterparse`
    (`huge_tree`, `resolve_entities`, `no_network` …). Syntax errors propagate as lxml's
    `XMLSyntaxError`, for the caller to name its format."""
    if check_root is None:
        # lxml filters by tag in C, and reports nothing else.
        events = iterparse_input(path, events=("end",), tag=tag, **parser_options)
    else:
        events = iterparse_input(path, events=("start", "end"), **parser_options)
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
