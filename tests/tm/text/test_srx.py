"""`tm srx` (issue 9): SRX 2.0 valid against its schema, and rules that cut text as `tm segment`
does, checked here with a small SRX engine (OmegaT's algorithm: at each position the first
matching rule decides)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.support import DATA, SEEDS, sandbox_env
from tests.support.cli import Completed, run_cli
from tm.text.documents import read_document
from tm.text.segment import segment_document
from tm.text.srx import RUSSIAN_RULES, Rule
from tm.text.structure import split_paragraphs


def _tm(args: list[str], home: Path) -> Completed:
    """`tm` in this process (its real entry point, exit codes and error lines)."""
    return run_cli("tm", args, env=sandbox_env(home))


def test_the_srx_file_validates_against_the_srx_20_schema(tmp_path: Path) -> None:
    out = tmp_path / "rules.srx"
    assert _tm(["srx", "-o", str(out)], tmp_path).returncode == 0
    schema = etree.XMLSchema(etree.parse(str(DATA / "srx20.xsd")))
    assert schema.validate(etree.parse(str(out))), schema.error_log.last_error


def test_omegat_files_go_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "project" / "omegat"
    assert _tm(["srx", "--omegat", "-o", str(folder)], tmp_path).returncode == 0
    conf = etree.parse(str(folder / "segmentation.conf"))
    assert conf.getroot().get("class") == "java.beans.XMLDecoder"
    assert len(conf.findall(".//object[@class='org.omegat.core.segmentation.Rule']")) > len(RUSSIAN_RULES)
    assert 'name="segmentOn" value="BREAKS"' in (folder / "filters.xml").read_text(encoding="utf-8")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    refused = _tm(["srx", "--omegat", "-o", str(tmp_path / "file.txt")], tmp_path)
    assert refused.returncode == 5 and "needs a folder" in refused.stderr


def srx_split(text: str, rules: tuple[Rule, ...]) -> list[str]:
    """Segments by SRX rules: a candidate break is wherever some rule's `before` ends and its
    `after` starts; the first rule whose pair matches there decides."""
    compiled = [(r.breaks, re.compile(r.before), re.compile(r.after)) for r in rules]
    positions = sorted({m.end() for _, before, _ in compiled for m in before.finditer(text)})
    cuts = [0]
    for position in positions:
        for breaks, before, after in compiled:
            if any(m.end() == position for m in before.finditer(text, 0, position)) and after.match(text, position):
                if breaks:
                    cuts.append(position)
                break
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_the_rules_cut_the_seeds_as_tm_segment_does(path: Path) -> None:
    document = read_document(str(path))
    ours = [s.prefix + s.text for s in segment_document(document)]
    by_rules = [
        piece for p in split_paragraphs(document.text) if not p.furniture for piece in srx_split(p.prefix + p.text, RUSSIAN_RULES)
    ]
    assert by_rules == ours


USER_FILTERS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- mine -->
<filters removeTags="true" preserveSpaces="true">
    <filter className="org.omegat.filters2.po.PoFilter" enabled="false">
        <option name="skipHeader" value="true"/>
    </filter>
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${nameOnly}.en.txt"/>
        <option name="segmentOn" value="EMPTYLINES"/>
        <option name="lineLength" value="72"/>
    </filter>
</filters>
"""


def test_filters_xml_is_merged_line_for_line() -> None:
    from tm.text.srx import merged_filters_xml

    merged = merged_filters_xml(USER_FILTERS)
    assert merged is not None
    # The user's lines stay, with only segmentOn changed; our document filters come after them.
    head, _, added = merged.partition(b'    </filter>\n    <filter className="org.omegat.filters2.html2')
    assert head + b"    </filter>\n</filters>\n" == USER_FILTERS.replace(
        b'"segmentOn" value="EMPTYLINES"', b'"segmentOn" value="BREAKS"'
    )
    assert added and merged_filters_xml(merged) == merged  # nothing left to change


def test_document_filters_get_our_options_and_keep_the_users_choices() -> None:
    from tm.text.srx import DOCUMENT_FILTERS, merged_filters_xml

    user = (
        b'<filters removeTags="false"><filter className="org.omegat.filters3.xml.openxml.OpenXMLFilter" enabled="false">'
        b'<files sourceFilenameMask="*.docx" targetFilenamePattern="${nameOnly}_en.${extension}"/>'
        b'<option name="breakOnBr" value="true"/><option name="translateCharts" value="true"/></filter></filters>'
    )
    merged = merged_filters_xml(user)
    assert merged is not None
    root = etree.fromstring(merged)
    docx = root.find("filter[@className='org.omegat.filters3.xml.openxml.OpenXMLFilter']")
    assert docx.get("enabled") == "false" and docx.find("files").get("sourceFilenameMask") == "*.docx"
    options = {o.get("name"): o.get("value") for o in docx.iterfind("option")}
    assert options["breakOnBr"] == "false" and options["translateCharts"] == "true"
    assert options["translateFootnotes"] == "true" and options["aggregateTags"] == "true"
    assert {f.get("className") for f in root} == {"org.omegat.filters2.text.TextFilter"} | {
        s.class_name for s in DOCUMENT_FILTERS
    }


def test_omegat_files_include_the_document_filters_and_the_level2_preferences(tmp_path: Path) -> None:
    folder = tmp_path / "omegat"
    result = _tm(["srx", "--omegat", "-o", str(folder)], tmp_path)
    assert result.returncode == 0 and "omegat.prefs" in result.stdout
    root = etree.parse(str(folder / "filters.xml")).getroot()
    assert root.get("removeTags") == "true"
    html = root.find("filter[@className='org.omegat.filters2.html2.HTMLFilter2']")
    assert html.find("option[@name='translateHref']").get("value") == "false"
    odt = root.find("filter[@className='org.omegat.filters3.xml.opendoc.OpenDocFilter']")
    assert odt.find("option[@name='translateNotes']").get("value") == "true"
    prefs = etree.parse(str(folder / "omegat.prefs")).getroot()
    assert prefs.findtext("preference/ext_tmx_show_level2") == "true"
    assert prefs.findtext("preference/ext_tmx_use_slash") == "true"


def test_a_project_without_a_text_filter_gets_ours_and_keeps_its_own() -> None:
    from tm.text.srx import merged_filters_xml

    merged = merged_filters_xml(b'<filters><filter className="x.Other" enabled="true"/></filters>')
    root = etree.fromstring(merged)
    assert [f.get("className") for f in root][:2] == ["x.Other", "org.omegat.filters2.text.TextFilter"]
    assert root.find("filter/option[@name='segmentOn']").get("value") == "BREAKS"


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml", b"<java/>", b'<filters xmlns="urn:x"/>', b'<!DOCTYPE filters [<!ENTITY e "x">]><filters>&e;</filters>'],
)
def test_what_is_not_omegat_filters_xml_is_not_merged(data: bytes) -> None:
    from tm.text.srx import merged_filters_xml

    assert merged_filters_xml(data) is None


def test_omegat_files_are_checked_before_either_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "omegat"
    folder.mkdir()
    (folder / "filters.xml").write_text("garbage", encoding="utf-8")
    refused = _tm(["srx", "--omegat", "-o", str(folder)], tmp_path)
    assert refused.returncode == 5 and "--force" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["filters.xml"]
    assert (folder / "filters.xml").read_text(encoding="utf-8") == "garbage"
