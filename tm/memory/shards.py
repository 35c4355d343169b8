"""`tm build --shard i/n` and `tm merge-memories`: one build split over machines, no framework.

A document belongs to shard i of n when the SHA-256 of its shown name (the name the TMX
records as `x-document`) is i - 1 modulo n. The name, not the content: an edited document
stays in its shard, so that shard's cache still holds its unchanged sentences and a rerun
translates only what changed; and the name is the unit's identity in the memory already.
Every shard job is given the same inputs (a Slurm or PBS array, or SSH, with the same
command line in the same folder) and reads them all, so each knows every document's
position in the whole run; it segments and translates only its own.

A shard's TMX header carries `x-shard` (JSON: the shard, the target language, and the
position and name of each of its documents). `merge_memories` interleaves the shards'
units back in the order of one run, document by document, and writes each pair once, the
first in that order, as one run's TmxWriter does: the merged TMX equals one run's except
for creation dates. Each shard has its own cache file by default (`shard_cache_path`).
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tm.core import xmlsafe
from tm.core.errors import TmxError, UsageError
from tm.memory.tmx import PARSER_OPTIONS, TmxHeader, TmxReader, TmxUnit, TmxWriter

SHARD_PROP = "x-shard"


@dataclass(frozen=True)
class Shard:
    """Shard `index` (from 1) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def contains(self, name: str) -> bool:
        """Whether the document shown as `name` is in this shard (stable across machines)."""
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    """`--shard i/n` with 1 ≤ i ≤ n; anything else is a usage error."""
    index, slash, count = text.strip().partition("/")
    if slash and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return Shard(int(index), int(count))
    raise UsageError(f"--shard must be i/n with 1 ≤ i ≤ n (such as 1/4), not {text!r}")


def shard_cache_path(path: Path, shard: Shard) -> Path:
    """The default cache file of a shard: the cache's name with `.shard-i-of-n`, so that
    array jobs on one shared folder never write one SQLite file at once."""
    return path.with_name(f"{path.name}.shard-{shard.index}-of-{shard.count}")


def shard_prop(shard: Shard, target_lang: str, documents: Sequence[tuple[int, str]]) -> tuple[str, str]:
    """The header prop of a shard's TMX: what `merge_memories` needs to restore one run's order."""
    value = {"shard": str(shard), "target_lang": target_lang, "documents": [list(d) for d in documents]}
    return SHARD_PROP, json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class ShardFile:
    """A shard's TMX as `merge_memories` reads it."""

    path: Path
    shard: Shard
    target_lang: str
    documents: list[tuple[int, str]]
    header: TmxHeader


def read_shard(path: Path) -> ShardFile:
    """The shard header of a TMX written by `tm build --shard`; any other TMX is an error."""
    from lxml import etree

    try:
        for _, element in xmlsafe.iterparse(path, events=("end",), tag="header", **PARSER_OPTIONS):
            attrs: dict[str, Any] = dict(element.attrib)
            props = [(str(p.get("type", "")), p.text or "") for p in element if p.tag == "prop"]
            break
        else:
            raise TmxError(f"{path}: not a TMX file (no <header>)")
    except (etree.XMLSyntaxError, OSError) as exc:
        raise TmxError(f"{path}: not a readable TMX file ({str(exc).splitlines()[0] if str(exc) else exc})") from None
    found = [value for kind, value in props if kind == SHARD_PROP]
    if not found:
        raise TmxError(f"{path}: not a shard memory (no {SHARD_PROP} in its header; write it with tm build --shard i/n)")
    try:
        value = json.loads(found[0])
        shard = parse_shard(value["shard"])
        documents = [(int(i), str(name)) for i, name in value["documents"]]
        target_lang = str(value["target_lang"])
    except (ValueError, KeyError, TypeError, UsageError):
        raise TmxError(f"{path}: its {SHARD_PROP} header prop is not one tm build wrote") from None
    header = TmxHeader(
        str(attrs.get("srclang", "")),
        target_lang,
        creationid=str(attrs.get("creationid", "")),
        props=tuple((kind, value) for kind, value in props if kind != SHARD_PROP),
    )
    return ShardFile(path, shard, target_lang, documents, header)


@dataclass
class MergeReport:
    shards: int = 0
    read: int = 0  # units in the shard files
    written: int = 0  # units in the output, each pair once


def _positioned(shard: ShardFile, report: MergeReport) -> Iterator[tuple[int, int, int, TmxUnit]]:
    """(document position, shard, unit number, unit) for each unit of a shard's TMX, in
    file order. Units of a document the header does not list (from `--merge`) come first,
    as `tm build` writes a merged memory's units before the new ones."""
    waiting: dict[str, list[int]] = {}
    for position, name in shard.documents:
        waiting.setdefault(name, []).append(position)
    last: tuple[str, int] | None = None
    for number, unit in enumerate(TmxReader(shard.path, shard.header.source_lang or None)):
        report.read += 1
        document = unit.prop("x-document") or ""
        if last is not None and document == last[0]:
            position = last[1]
        elif waiting.get(document):
            position = waiting[document].pop(0)  # the next document of that name in the header
            last = (document, position)
        else:
            position = -1
        yield position, shard.shard.index, number, unit


def merge_memories(paths: Sequence[Path], output: Path) -> MergeReport:
    """Write the units of the shard memories `paths` (all n shards of one run) to `output`
    in one run's order, each pair once; the header is the shards' without `x-shard`."""
    shards = [read_shard(path) for path in paths]
    counts = {s.shard.count for s in shards}
    if len(counts) != 1:
        raise UsageError(
            "merge-memories: the memories are shards of different splits (" + ", ".join(str(s.shard) for s in shards) + ")"
        )
    count = counts.pop()
    seen: dict[int, Path] = {}
    for s in shards:
        if s.shard.index in seen:
            raise UsageError(f"merge-memories: {seen[s.shard.index]} and {s.path} are both shard {s.shard}")
        seen[s.shard.index] = s.path
    missing = [f"{i}/{count}" for i in range(1, count + 1) if i not in seen]
    if missing:
        raise UsageError(f"merge-memories: shard {', '.join(missing)} missing; the merged memory would lack its documents")
    first = shards[0].header
    for s in shards[1:]:
        if (s.header.source_lang, s.target_lang, s.header.props) != (first.source_lang, shards[0].target_lang, first.props):
            raise UsageError(f"merge-memories: {s.path} was built with other languages or MT settings than {shards[0].path}")
    report = MergeReport(shards=len(shards))
    with TmxWriter(output, first, paths) as writer:
        streams = [_positioned(s, report) for s in shards]
        for _, _, _, unit in heapq.merge(*streams, key=lambda item: item[:3]):
            writer.write(unit)
    report.written = writer.written
    return report
