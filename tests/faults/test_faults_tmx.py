"""Fault-table rows of issue 14 for the TMX reader and merge (item 10), `tm srx --omegat` in an
existing project (item 11), and a regular test that a long unit is read in pieces (item 14).

Each row runs the real command in a subprocess through test_faults.check_fault: exit code, one
line naming the culprit (or a silent success), no traceback, inputs byte-identical, no
leftovers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.faults.test_faults import DOC, Fault, check_fault, model_env, workspace  # noqa: F401 (fixtures)
from tests.support import DATA

DTD = etree.DTD(str(DATA / "tmx14.dtd"))

CODES_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY r "Россия">]>
<tmx version="1.4"><header srclang="ru-RU" creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="html"/><body>
<tu tuid="coded"><tuv xml:lang="ru-RU"><seg>Стороны обсудили <bpt i="1">&lt;b&gt;</bpt>стратегическое партнерство<ept i="1">&lt;/b&gt;</ept>\
<ph x="2">&lt;br/&gt;</ph> и <it pos="begin">&lt;i&gt;</it><hi type="x-em">энергетику</hi><ut>{u}</ut><bpt i="3">&lt;a title="<sub>сноска</sub>"&gt;</bpt>.</seg></tuv>
<tuv xml:lang="en-US"><seg>The parties discussed <bpt i="1">&lt;b&gt;</bpt>strategic partnership<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu tuid="entity"><tuv xml:lang="ru-RU"><seg>&r; и Казахстан подписали договор.</seg></tuv>
<tuv xml:lang="en-US"><seg>Russia &amp; Kazakhstan signed a treaty.</seg></tuv></tu>
</body></tmx>
"""

USER_FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- the translator's own settings -->
<filters removeTags="true" removeSpacesNonseg="false" preserveSpaces="true" ignoreFileContext="false">
    <filter className="org.omegat.filters2.html2.HTMLFilter2" enabled="true">
        <files sourceFilenameMask="*.htm" targetFilenamePattern="${filename}"/>
        <option name="skipMeta" value="true"/>
    </filter>
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${nameOnly}_en.${extension}"/>
        <option name="segmentOn" value="EMPTYLINES"/>
        <option name="lineLength" value="80"/>
    </filter>
</filters>
"""


@pytest.fixture()
def tmx_workspace(workspace: Path) -> Path:  # noqa: F811
    (workspace / "codes.tmx").write_text(CODES_TMX, encoding="utf-8")
    for name in ("project", "foreign", "replaced"):
        (workspace / name / "omegat").mkdir(parents=True)
    (workspace / "project" / "omegat" / "filters.xml").write_text(USER_FILTERS, encoding="utf-8")
    (workspace / "foreign" / "omegat" / "filters.xml").write_text("filters: [text]\n", encoding="utf-8")
    (workspace / "replaced" / "omegat" / "segmentation.conf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<java version="1.8.0" class="java.beans.XMLDecoder"/>\n', encoding="utf-8"
    )
    return workspace


def _merged(w: Path) -> bool:
    """The merged unit's codes are elements again, the entity is text, and the TMX is valid."""
    tree = etree.parse(str(w / "o.tmx"))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    coded = tree.find("body/tu[@tuid='coded']")
    source, target = (tuv.find("seg") for tuv in coded.iterfind("tuv"))
    assert [e.tag for e in source.iter()] == ["seg", "bpt", "ept", "ph", "it", "hi", "ut", "bpt", "sub"]
    assert source.find("bpt").text == "<b>" and [e.tag for e in target.iter()] == ["seg", "bpt", "ept"]
    entity = tree.find("body/tu[@tuid='entity']")
    assert [tuv.find("seg").text for tuv in entity.iterfind("tuv")] == [
        "Россия и Казахстан подписали договор.",
        "Russia & Kazakhstan signed a treaty.",
    ]
    return "&amp;r;" not in (w / "o.tmx").read_text(encoding="utf-8")


def _glossary_without_codes(w: Path) -> bool:
    text = (w / "g.tbx").read_text(encoding="utf-8")
    return (
        "Стороны обсудили стратегическое партнерство и энергетику." in text
        and "&lt;b&gt;" not in text
        and "<term>стратегическое партнерство</term>" in text
        and "Россия и Казахстан" in text
    )


def _filters(w: Path, project: str) -> etree._Element:
    return etree.parse(str(w / project / "omegat" / "filters.xml")).getroot()


def _user_content_kept(w: Path) -> bool:
    root = _filters(w, "project")
    html, text = root.findall("filter")[:2]  # our document filters come after them
    options = {o.get("name"): o.get("value") for o in text.iterfind("option")}
    return (
        root.get("removeTags") == "true"
        and root.get("preserveSpaces") == "true"
        and html.find("option").get("name") == "skipMeta"
        and html.find("files").get("sourceFilenameMask") == "*.htm"
        and text.find("files").get("targetFilenamePattern") == "${nameOnly}_en.${extension}"
        and options == {"segmentOn": "BREAKS", "lineLength": "80"}
        and "the translator's own settings" in (w / "project" / "omegat" / "filters.xml").read_text(encoding="utf-8")
        and (w / "project" / "omegat" / "segmentation.conf").is_file()
    )


def _replaced(w: Path) -> bool:
    root = _filters(w, "foreign")
    return [o.get("value") for o in root.iterfind("filter/option[@name='segmentOn']")] == ["BREAKS"]


def _rules_written(w: Path) -> bool:
    conf = etree.parse(str(w / "replaced" / "omegat" / "segmentation.conf"))
    return len(conf.findall(".//object[@class='org.omegat.core.segmentation.Rule']")) > 5


FAULTS = [
    Fault(
        "merge keeps inline codes and expands entities",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--merge", str(w / "codes.tmx")],
        0,
        "",
        lambda w: [w / DOC, w / "codes.tmx"],
        _merged,
    ),
    Fault(
        "glossary build from a TMX with codes",
        "glossary",
        lambda w: ["build", str(w / "codes.tmx"), "-o", str(w / "g.tbx"), "--min-specificity", "0"],
        0,
        "",
        lambda w: [w / "codes.tmx"],
        _glossary_without_codes,
    ),
    Fault(
        "stats of a TMX with codes and entities",
        "tm",
        lambda w: ["stats", str(w / "codes.tmx")],
        0,
        "",
        lambda w: [w / "codes.tmx"],
    ),
    Fault(
        "srx --omegat merges into the user's filters.xml",
        "tm",
        lambda w: ["srx", "--omegat", "-o", str(w / "project" / "omegat")],
        0,
        "",
        after=_user_content_kept,
    ),
    Fault(
        "srx --omegat onto a filters.xml that is not OmegaT's",
        "tm",
        lambda w: ["srx", "--omegat", "-o", str(w / "foreign" / "omegat")],
        5,
        "filters.xml: exists and is not OmegaT filters XML",
        lambda w: [w / "foreign" / "omegat" / "filters.xml"],
        lambda w: not (w / "foreign" / "omegat" / "segmentation.conf").exists(),
    ),
    Fault(
        "srx --omegat --force replaces a foreign filters.xml",
        "tm",
        lambda w: ["srx", "--omegat", "--force", "-o", str(w / "foreign" / "omegat")],
        0,
        "",
        after=_replaced,
    ),
    Fault(
        "srx --omegat replaces segmentation.conf and says so",
        "tm",
        lambda w: ["srx", "--omegat", "-o", str(w / "replaced" / "omegat")],
        0,
        "segmentation.conf: the project's segmentation rules were replaced",
        after=_rules_written,
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(fault: Fault, tmx_workspace: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    check_fault(fault, tmx_workspace, model_env)


def test_a_long_unit_is_read_in_bounded_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 14: one TMX unit of the five seeds (28,000 characters) reaches the candidate rules and the NER in
    pieces of at most 10,000 characters, and counting chunks stay within their budget."""
    import glossary.extraction.entities as names
    import glossary.extraction.ranking as extract
    import glossary.extraction.tally as tally
    from glossary.build import build_glossary
    from glossary.extraction.options import ExtractionOptions
    from glossary.extraction.ranking import CHUNK_CHARACTERS
    from glossary.extraction.units import load_units
    from tests.support import SEEDS
    from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx
    from tm.mt.cache import TranslationCache
    from tm.text.sentences import MAX_WINDOW
    from tm.text.structure import without_prefix

    russian = " ".join(p.read_text(encoding="utf-8").replace("\n", " ") for p in sorted(SEEDS.glob("*.txt")))
    english = " ".join(f"English word {i}." for i in range(3000))
    path = tmp_path / "long.tmx"
    write_tmx(path, [TmxUnit(russian, english, props=[("x-document", "long.txt")])], TmxHeader())
    seen: dict[str, list[int]] = {"candidates": [], "names": [], "chunks": []}

    def recorded(name: str, func, size):  # type: ignore[no-untyped-def]
        def wrapper(arg, *rest):  # type: ignore[no-untyped-def]
            seen[name].append(size(arg))
            return func(arg, *rest)

        return wrapper

    monkeypatch.setattr(tally, "find_candidates", recorded("candidates", tally.find_candidates, len))
    monkeypatch.setattr(names, "entities_of", recorded("names", names.entities_of, lambda batch: max(map(len, batch), default=0)))
    monkeypatch.setattr(extract, "count_chunk", recorded("chunks", extract.count_chunk, lambda c: sum(map(len, c.sentences))))
    cache = TranslationCache(None)
    units = load_units([str(path)], None, cache)
    pieces = list(units)
    assert len(units) == 1 and len(pieces) >= 3
    assert max(len(p.source) for p in pieces) <= MAX_WINDOW
    assert " ".join(p.source for p in pieces).split() == without_prefix(russian).split()  # the label «Вопрос» goes
    assert " ".join(p.target for p in pieces).split() == english.split()
    assert {(p.document, p.tuid) for p in pieces} == {("long.txt", pieces[0].tuid)}
    glossary = build_glossary(units, None, cache)
    assert glossary.entries
    assert seen["candidates"] and max(seen["candidates"]) <= MAX_WINDOW
    assert seen["names"][1:] and max(seen["names"][1:]) <= MAX_WINDOW  # [0]: warm_up's
    assert max(seen["chunks"]) <= CHUNK_CHARACTERS + MAX_WINDOW
    assert all(len(c.source) <= MAX_WINDOW for e in glossary.entries for c in e.contexts)
    assert all(e.sources == [("long.txt", pieces[0].tuid)] for e in glossary.entries)  # one source, not one per piece
    chunks = list(extract._chunks(["я" * MAX_WINDOW] * 100, ExtractionOptions(), 1000))
    assert len(chunks) > 1 and max(sum(map(len, c.sentences)) for c in chunks) <= CHUNK_CHARACTERS + MAX_WINDOW
    assert [c.start for c in chunks] == [sum(len(b.sentences) for b in chunks[:i]) for i in range(len(chunks))]
