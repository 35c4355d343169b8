"""tm.core.xmlsafe: the one XML policy, and every reader that parses XML under it.

Each reader (TMX, OmegaT's filters.xml, TBX, XLIFF, a DOCX part, an ODT content.xml, an
existing glossary target) gets each entity trick: XXE, a parameter entity pulling in a
file, "billion laughs", an external DTD that declares the secret entity, and a DOCTYPE
and entity that point at a local listener. Whatever the reader does, refuse (one error)
or read the text inertly, the secret file's contents never come out, nothing connects to
the listener, and it is done at once. A control row first shows that each template, with
no DOCTYPE, reads as that format (so a refusal below is the policy, not a broken file)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.office import NS as WORD_NS
from tests.support.office import build_zip, word_zip
from tm.core import xmlsafe
from tm.core.errors import InputError

SECRET = "SECRET-7f3a9c-DO-NOT-LEAK"
MARKER = "Договор"
FAST = 5.0  # seconds; each read is milliseconds, an expansion would take minutes

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)

# Each format's file with a `{doctype}` slot and a `{ref}` slot in its text.
TEMPLATES: dict[str, str] = {
    "tmx": '<?xml version="1.0"?>{doctype}<tmx version="1.4"><header srclang="ru"/><body><tu>'
    f'<tuv xml:lang="ru"><seg>{MARKER} {{ref}}</seg></tuv><tuv xml:lang="en"><seg>Treaty {{ref}}</seg></tuv>'
    "</tu></body></tmx>",
    "filters": '<?xml version="1.0"?>{doctype}<filters><filter className="x" enabled="true">'
    f'<option name="a" value="{MARKER}"/>{{ref}}</filter></filters>',
    "tbx": '<?xml version="1.0"?>{doctype}<martif type="TBX-Basic" xml:lang="en"><text><body>'
    f'<termEntry id="e1"><langSet xml:lang="ru"><tig><term>{MARKER} {{ref}}</term></tig></langSet>'
    '<langSet xml:lang="en"><tig><term>treaty</term></tig></langSet></termEntry></body></text></martif>',
    "xliff": '<?xml version="1.0"?>{doctype}<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file source-language="ru" datatype="plaintext" original="x"><body>'
    f'<trans-unit id="1"><source>{MARKER} {{ref}}</source></trans-unit></body></file></xliff>',
    "docx": '<?xml version="1.0"?>{doctype}'
    f"<w:document {WORD_NS}><w:body><w:p><w:r><w:t>{MARKER} {{ref}}</w:t></w:r></w:p></w:body></w:document>",
    "odt": '<?xml version="1.0"?>{doctype}'
    f"<office:document-content {ODT_NS}><office:body><office:text><text:p>{MARKER} {{ref}}</text:p>"
    "</office:text></office:body></office:document-content>",
}
TEMPLATES["target"] = TEMPLATES["tbx"]
ROOTS = {
    "tmx": "tmx",
    "filters": "filters",
    "tbx": "martif",
    "target": "martif",
    "xliff": "xliff",
    "docx": "w:document",
    "odt": "office:document-content",
}


def _tmx(path: Path) -> object:
    from tm.memory.tmx import read_tmx

    return [(u.source, u.target) for u in read_tmx(path)]


def _filters(path: Path) -> object:
    from tm.text.srx import merged_filters_xml

    merged = merged_filters_xml(path.read_bytes())
    return None if merged is None else merged.decode("utf-8")


def _tbx(path: Path) -> object:
    from glossary.formats.tbx import iter_entries

    return [repr(entry) for entry in iter_entries(path)]


def _xliff(path: Path) -> object:
    from tm.documents import xliff

    return [block.text for block in xliff.read(path.read_bytes(), path.name).blocks]


def _docx(path: Path) -> object:
    from tm.documents import docx

    package = word_zip(path.with_suffix(".docx"), path.read_text(encoding="utf-8"))
    return [block.text for block in docx.read(package.read_bytes(), package.name).blocks]


def _odt(path: Path) -> object:
    from tm.documents import odt

    package = build_zip(
        path.with_suffix(".odt"),
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": path.read_bytes()},
    )
    return [block.text for block in odt.read(package.read_bytes(), package.name).blocks]


def _target(path: Path) -> object:
    from glossary.targets import why_not_a_glossary

    return why_not_a_glossary(path, "tbx") or "a TBX glossary"


READERS: dict[str, Callable[[Path], object]] = {
    "tmx": _tmx,
    "filters": _filters,
    "tbx": _tbx,
    "xliff": _xliff,
    "docx": _docx,
    "odt": _odt,
    "target": _target,
}


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that nothing should ever connect to."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.setblocking(False)
    yield server
    server.close()


def _attack(kind: str, root: str, folder: Path, port: int) -> tuple[str, str]:
    """The DOCTYPE and the reference in the text of one entity trick."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    dtd = folder / "evil.dtd"
    dtd.write_text(f'<!ENTITY x SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    if kind == "xxe":
        return f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>', "&x;"
    if kind == "parameter entity":
        return f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>', "&x;"
    if kind == "billion laughs":
        levels = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        return f'<!DOCTYPE {root} [<!ENTITY a "haha">{levels}]>', "&j;"
    if kind == "external dtd":
        return f'<!DOCTYPE {root} SYSTEM "{dtd.as_uri()}">', "&x;"
    assert kind == "network"
    url = f"http://127.0.0.1:{port}"
    return f'<!DOCTYPE {root} SYSTEM "{url}/x.dtd" [<!ENTITY n SYSTEM "{url}/n">]>', "&n;"


def _outcome(read: Callable[[Path], object], path: Path) -> tuple[str, float]:
    """What the reader gave, or its one error, and how long it took."""
    started = time.monotonic()
    try:
        shown = repr(read(path))
    except InputError as exc:  # TmxError and GlossaryError are InputErrors
        shown = f"refused: {exc}"
        assert "\n" not in str(exc)
    return shown, time.monotonic() - started


@pytest.mark.parametrize("format", READERS)
def test_each_template_reads_as_its_format(tmp_path: Path, format: str) -> None:
    path = tmp_path / f"plain.{format}"
    path.write_text(TEMPLATES[format].format(doctype="", ref=""), encoding="utf-8")
    shown, _ = _outcome(READERS[format], path)
    assert MARKER in shown or shown == "'a TBX glossary'", shown


@pytest.mark.parametrize("attack", ["xxe", "parameter entity", "billion laughs", "external dtd", "network"])
@pytest.mark.parametrize("format", READERS)
def test_entity_tricks_are_refused_or_inert(tmp_path: Path, listener: socket.socket, format: str, attack: str) -> None:
    doctype, ref = _attack(attack, ROOTS[format], tmp_path, listener.getsockname()[1])
    path = tmp_path / f"attack.{format}"
    path.write_text(TEMPLATES[format].format(doctype=doctype, ref=ref), encoding="utf-8")
    shown, seconds = _outcome(READERS[format], path)
    assert SECRET not in shown
    assert "haha" * 10 not in shown  # nothing expanded
    assert seconds < FAST
    with pytest.raises(BlockingIOError):
        listener.accept()  # nothing connected


@pytest.mark.parametrize("format", ["xliff", "docx", "odt", "filters"])
def test_formats_without_a_doctype_refuse_one(tmp_path: Path, listener: socket.socket, format: str) -> None:
    """XLIFF, Office parts and OmegaT's filters.xml never have a DOCTYPE: any is refused."""
    for attack in ("xxe", "billion laughs", "external dtd"):
        doctype, ref = _attack(attack, ROOTS[format], tmp_path, listener.getsockname()[1])
        path = tmp_path / f"attack.{format}"
        path.write_text(TEMPLATES[format].format(doctype=doctype, ref=ref), encoding="utf-8")
        shown, _ = _outcome(READERS[format], path)
        assert shown.startswith("refused: ") or shown == "None", (attack, shown)


def test_tmx_keeps_its_internal_entities(tmp_path: Path) -> None:
    """TMX's one named exception: an entity of the internal subset is its text."""
    path = tmp_path / "entity.tmx"
    path.write_text(TEMPLATES["tmx"].format(doctype='<!DOCTYPE tmx [<!ENTITY r "Россия">]>', ref="&r;"), encoding="utf-8")
    assert _tmx(path) == [(f"{MARKER} Россия", "Treaty Россия")]


def test_options_keep_the_policy() -> None:
    assert xmlsafe.options() == {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}
    assert xmlsafe.options(internal_entities=True, huge_tree=True, remove_pis=True) == {
        "resolve_entities": "internal",
        "load_dtd": False,
        "no_network": True,
        "huge_tree": True,
        "remove_pis": True,
    }
    for weakening in ({"resolve_entities": True}, {"load_dtd": True}, {"no_network": False}, {"dtd_validation": True}):
        with pytest.raises(TypeError, match="set by the policy"):
            xmlsafe.options(**weakening)


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be"])
def test_a_doctype_is_seen_before_parsing_in_each_encoding(codec: str) -> None:
    head = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'.encode(codec)
    assert xmlsafe.declares_doctype(head)
    assert not xmlsafe.declares_doctype("<x/>".encode(codec))
    with pytest.raises(InputError, match="^x.xml: refused$"):
        xmlsafe.refuse_doctype(head, "x.xml: refused")


@pytest.mark.parametrize("doctype", ["<!DOCTYPE x>", "<!DOCTYPE x []>", '<!DOCTYPE x SYSTEM "x.dtd">'])
def test_a_doctype_is_seen_after_parsing(doctype: str) -> None:
    from lxml import etree

    assert xmlsafe.has_doctype(etree.fromstring(f"{doctype}<x/>".encode(), xmlsafe.parser()))
    assert not xmlsafe.has_doctype(etree.fromstring(b"<x/>", xmlsafe.parser()))
