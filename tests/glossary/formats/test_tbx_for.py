"""`--tbx-for omegat|standard`: TBX 2008 for OmegaT's pane (the English terms' codes in admin
fields) or for TBX-Basic tools (termNotes on both languages). Both are valid TBX, both read back
to the same entries, by our glossary reader and by tm's term-file reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from glossary.formats import detect, read_glossary, sniff, write_glossary
from glossary.targets import plan_target
from tests.glossary.formats.test_formats import small_glossary
from tests.support import DATA, sandbox_env
from tests.support.cli import run_cli
from tests.support.omegat_glossary import NEEDS_JAVA_OMEGAT, omegat_glossary_entries
from tests.support.omegat_oracle import OMEGAT_JAR
from tm.core.errors import UsageError
from tm.core.termfile import read_term_file

GRAMMAR = {"partOfSpeech", "termType", "administrativeStatus"}


def _english_tigs(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).xpath("//langSet[@xml:lang='en']/tig")


def _tbx2008_schema(folder: Path) -> etree.XMLSchema:
    """OmegaT's own TBX 2008 schema (TBXcoreStructV02 as XSD), from its jar."""
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        jar.extractall(folder, ["schemas/tbx.xsd", "schemas/xml.xsd"])
    return etree.XMLSchema(etree.parse(str(folder / "schemas" / "tbx.xsd")))


@pytest.mark.parametrize("tbx_for", ["omegat", "standard"])
@pytest.mark.skipif(not OMEGAT_JAR.is_file(), reason=f"the TBX 2008 schema comes from {OMEGAT_JAR} (Debian package omegat)")
def test_both_forms_validate_against_the_tbx_2008_schema(tmp_path: Path, tbx_for: str) -> None:
    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path, tbx_for=tbx_for)
    schema = _tbx2008_schema(tmp_path)
    assert schema.validate(etree.parse(str(path))), schema.error_log.last_error


def test_tbx_v3_is_standard_and_validates(tmp_path: Path) -> None:
    """TBX v3 has one form (OmegaT does not read it): `standard` asks for it, `omegat` is refused."""
    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path, tbx_version=3, tbx_for="standard")
    schema = etree.RelaxNG(etree.parse(str(DATA / "TBXcoreStructV03.rng")))
    assert schema.validate(etree.parse(str(path))), schema.error_log.last_error
    english = etree.parse(str(path)).xpath("//*[local-name()='langSec'][@xml:lang='en']//*[local-name()='termType']")
    assert english
    with pytest.raises(UsageError, match="OmegaT does not read TBX v3"):
        detect(path, 3, "omegat")


def test_standard_puts_termnotes_on_the_english_terms(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path, tbx_for="standard")
    for tig in _english_tigs(path):
        assert set(tig.xpath("termNote/@type")) == GRAMMAR
        assert not GRAMMAR & {kind[2:] for kind in tig.xpath("admin/@type")}
    statuses = etree.parse(str(path)).xpath("//langSet[@xml:lang='en']/tig/termNote[@type='administrativeStatus']/text()")
    assert set(statuses) == {"preferredTerm-admn-sts", "admittedTerm-admn-sts"}
    assert sniff(path) == "tbx-standard"


def test_omegat_is_the_default_and_keeps_codes_out_of_termnotes(tmp_path: Path) -> None:
    default, omegat = tmp_path / "d.tbx", tmp_path / "o.tbx"
    write_glossary(small_glossary(), default)
    write_glossary(small_glossary(), omegat, tbx_for="omegat")
    assert default.read_bytes() == omegat.read_bytes()
    for tig in _english_tigs(omegat):
        assert not tig.xpath("termNote")
        assert {kind[2:] for kind in tig.xpath("admin/@type")} >= GRAMMAR
    russian = etree.parse(str(omegat)).xpath("//langSet[@xml:lang='ru']/tig")
    assert all(set(tig.xpath("termNote/@type")) == GRAMMAR for tig in russian)  # the source keeps its termNotes
    assert sniff(omegat) == "tbx"


def test_both_forms_read_back_to_the_same_entries(tmp_path: Path) -> None:
    paths = {name: tmp_path / f"{name}.tbx" for name in ("omegat", "standard")}
    for name, path in paths.items():
        write_glossary(small_glossary(), path, tbx_for=name)
        assert read_glossary(path).entries == small_glossary().entries
    omegat, standard = (read_term_file(paths[name]) for name in ("omegat", "standard"))
    assert omegat.entries == standard.entries
    english = [t for e in standard.entries for t in e.english]
    assert english and all(t.status for t in english)  # the status is read from the termNotes too


def test_a_rewrite_keeps_the_form_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    write_glossary(small_glossary(), path, tbx_for="standard")
    assert plan_target(path).format == "tbx-standard"  # import-po, export onto it: kept
    assert plan_target(path, tbx_for="omegat").format == "tbx"
    assert plan_target(path, 3).format == "tbx3"
    write_glossary(small_glossary(), path, tbx_version=3)
    assert plan_target(path).format == "tbx3"
    assert plan_target(path, tbx_for="omegat").format == "tbx"  # what OmegaT reads: TBX 2008
    assert plan_target(tmp_path / "new.tbx").format == "tbx"
    assert plan_target(tmp_path / "g.csv", tbx_for="standard").format == "csv"


def test_export_tbx_for(tmp_path: Path) -> None:
    env = sandbox_env(tmp_path)
    source, target = tmp_path / "g.csv", tmp_path / "out.tbx"
    write_glossary(small_glossary(), source)
    result = run_cli("glossary", ["export", str(source), "-o", str(target), "--tbx-for", "standard"], env=env)
    assert result.returncode == 0, result.stderr
    assert sniff(target) == "tbx-standard" and read_glossary(target).entries == small_glossary().entries
    bad = run_cli("glossary", ["export", str(source), "-o", str(tmp_path / "x.tbx"), "--tbx-for", "memoq"], env=env)
    assert bad.returncode == 2 and "omegat or standard" in bad.stderr and not (tmp_path / "x.tbx").exists()
    v3 = run_cli(
        "glossary", ["export", str(source), "-o", str(tmp_path / "y.tbx"), "--tbx-for", "omegat", "--tbx-version", "3"], env=env
    )
    assert v3.returncode == 2 and "OmegaT does not read TBX v3" in v3.stderr and not (tmp_path / "y.tbx").exists()


@pytest.mark.slow  # javac and a JVM: 4 s
@NEEDS_JAVA_OMEGAT
def test_omegat_reads_both_forms_and_shows_codes_only_for_standard(tmp_path: Path) -> None:
    """OmegaT 3.6's own reader: the same term pairs from both files; the OmegaT form's comment
    has no TBX codes, the standard form's has them (the trade-off `--tbx-for` chooses)."""
    shown = {}
    for name in ("omegat", "standard"):
        path = tmp_path / f"{name}.tbx"
        write_glossary(small_glossary(), path, tbx_for=name)
        shown[name] = {(e["source"], e["target"]): e["comment"] for e in omegat_glossary_entries(path)}
    assert shown["omegat"].keys() == shown["standard"].keys() and shown["omegat"]
    assert not any("-admn-sts" in comment for comment in shown["omegat"].values())
    assert all("-admn-sts" in comment for comment in shown["standard"].values())


@pytest.mark.slow  # a whole build: 8 s on the shared 2 cores
def test_build_tbx_for_standard(tmp_path: Path) -> None:
    """`glossary build --tbx-for standard` (no model: the reference list's equivalents)."""
    from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

    env = sandbox_env(tmp_path)
    tmx, out = tmp_path / "m.tmx", tmp_path / "g.tbx"
    sentences = [
        ("Страны ЕАЭС обсудили таможенную пошлину.", "The EAEU countries discussed the customs duty."),
        ("Таможенная пошлина в ЕАЭС снижена.", "The customs duty in the EAEU was cut."),
        ("ЕАЭС вводит единую таможенную пошлину.", "The EAEU introduces a single customs duty."),
    ]
    write_tmx(tmx, (TmxUnit(ru, en) for ru, en in sentences), TmxHeader())
    result = run_cli("glossary", ["build", str(tmx), "-o", str(out), "--tbx-for", "standard", "--min-frequency", "2"], env=env)
    assert result.returncode == 0, result.stderr
    assert sniff(out) == "tbx-standard"
    english = _english_tigs(out)
    assert english and all(set(tig.xpath("termNote/@type")) == GRAMMAR for tig in english)
