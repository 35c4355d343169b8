"""Settings signatures: the MT signature in the TMX header and `tm build --json`, the
extraction signature in the TBX sourceDesc and `glossary build --json`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from lxml import etree

from glossary.entries import Entry, Glossary, Term
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.settings_signature import (
    ExtractionSignature,
    extraction_signature,
    reference_list_version,
    termhood_version,
)
from glossary.formats import read_glossary, write_glossaries, write_glossary
from tests.support import DATA, SEEDS
from tm.memory.tmx import TmxHeader, TmxUnit, read_header, read_tmx, write_tmx
from tm.mt.signature import TMX_PROP, MtSignature

TMX_DTD = etree.DTD(str(DATA / "tmx14.dtd"))
TBX3_SCHEMA = etree.RelaxNG(etree.parse(str(DATA / "TBXcoreStructV03.rng")))

SIGNATURE = MtSignature("translate-ru_en", "1.9", 4, 0.2, 256, "float32", "cpu", "1.11.0", "4.5.0")


# --- the MT signature ---


def test_the_compact_form_is_sacrebleus_kind_and_parses_back() -> None:
    text = str(SIGNATURE)
    assert text == "model:translate-ru_en|v:1.9|beam:4|lp:0.2|max:256|ct:float32|dev:cpu|argos:1.11.0|ct2:4.5.0"
    assert MtSignature.parse(text) == SIGNATURE
    assert SIGNATURE.label == "translate-ru_en 1.9"
    with pytest.raises(ValueError):
        MtSignature.parse("model:x|v:1")
    with pytest.raises(ValueError):
        MtSignature.parse(text + "|beam:2")


def test_the_cache_key_is_the_one_caches_already_hold() -> None:
    # The format the cache used before signatures: existing caches keep answering.
    assert SIGNATURE.cache_key == "translate-ru_en 1.9|beam=4|lp=0.2|max=256|compute=float32|device=cpu"
    # The library versions are no part of it; every decoding setting is.
    assert dataclasses.replace(SIGNATURE, ctranslate2="4.6.0").cache_key == SIGNATURE.cache_key
    for change in (
        {"beam_size": 2},
        {"length_penalty": 0.6},
        {"max_decoding_length": 512},
        {"compute_type": "int8"},
        {"device": "cuda"},
        {"version": "1.10"},
    ):
        assert dataclasses.replace(SIGNATURE, **change).cache_key != SIGNATURE.cache_key


def test_the_translator_signs_its_settings(tiny_package, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tm.mt.translator import DecodingOptions, Translator

    translator = Translator(tiny_package, device="cpu")
    signature = translator.signature
    assert (signature.model, signature.version) == (translator.info.code, translator.info.version)
    assert signature.label == translator.label
    assert (signature.beam_size, signature.length_penalty, signature.max_decoding_length) == (4, 0.2, 256)
    assert (signature.compute_type, signature.device) == ("float32", "cpu")  # conftest sets ARGOS_COMPUTE_TYPE
    assert "?" not in (signature.argostranslate, signature.ctranslate2)
    assert translator.cache_key == signature.cache_key
    other = Translator(tiny_package, device="cpu", decoding=DecodingOptions(beam_size=2, max_decoding_length=64))
    assert "|beam:2|lp:0.2|max:64|" in str(other.signature) and other.cache_key != translator.cache_key


def test_the_tmx_header_carries_props_and_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    write_tmx(path, [TmxUnit("Да.", "Yes.")], TmxHeader(props=((TMX_PROP, str(SIGNATURE)),)))
    tree = etree.parse(str(path))
    assert TMX_DTD.validate(tree), TMX_DTD.error_log.filter_from_errors()
    assert tree.findtext(f"header/prop[@type='{TMX_PROP}']") == str(SIGNATURE)
    assert read_header(path).source_lang == "ru-RU"
    assert [(u.source, u.target) for u in read_tmx(path)] == [("Да.", "Yes.")]
    # without props, the header is written as before
    write_tmx(path, [TmxUnit("Да.", "Yes.")], TmxHeader())
    assert b'creationid="diplotm"/>\n  <body>' in path.read_bytes()


@pytest.mark.slow  # the seeds memory
def test_tm_build_writes_the_signature_into_the_header(seeds_memory: Path, tiny_package) -> None:  # type: ignore[no-untyped-def]
    from tm.mt.translator import Translator

    tree = etree.parse(str(seeds_memory))
    assert TMX_DTD.validate(tree), TMX_DTD.error_log.filter_from_errors()
    written = tree.findtext(f"header/prop[@type='{TMX_PROP}']")
    assert written == str(Translator(tiny_package, device="cpu").signature)
    assert MtSignature.parse(written).label == tree.findtext("body/tu/prop[@type='x-mt-model']")


def test_tm_build_json_reports_the_signature(tiny_package, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from tm.cli.commands import app

    out = tmp_path / "o.tmx"
    result = CliRunner().invoke(
        app, ["build", str(SEEDS / "003_talks-narrow-format.txt"), "-o", str(out), "--device", "cpu", "--no-cache", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["signature"] == etree.parse(str(out)).findtext(f"header/prop[@type='{TMX_PROP}']")
    assert MtSignature.parse(report["signature"]).label == report["model"]


# --- the extraction signature ---


def test_the_extraction_signature_names_every_setting() -> None:
    default = extraction_signature(ExtractionOptions())
    assert str(default) == (
        f"minf:1|spec:1.0|wspec:4.5|max:400|ref:yes|reflist:{reference_list_version()}|news:builtin"
        f"|ner:yes|rel:0.2|relw:1.0|places:last|termhood:{termhood_version()}|diplotm:{default.version}|mt:none"
    )
    assert termhood_version() != "off"  # the model ships with the package
    changed = ExtractionOptions(
        min_frequency=3,
        min_specificity=-0.5,
        min_word_specificity=6.0,
        max_terms=50,
        use_reference=False,
        reference_corpus=Path("/x/news"),
        learned_termhood=False,
    )
    text = str(extraction_signature(changed))
    for part in ("minf:3", "spec:-0.5", "wspec:6.0", "max:50", "ref:no", "news:corpus=news", "termhood:off"):
        assert part in text.split("|"), part


def test_the_extraction_signature_quotes_the_model() -> None:
    class Signed:
        signature = SIGNATURE

    text = str(extraction_signature(ExtractionOptions(), Signed()))
    assert text.endswith(f"|mt:({SIGNATURE})")
    assert extraction_signature(ExtractionOptions(), Signed()).model == str(SIGNATURE)


def test_the_reference_list_version_follows_its_content(tmp_path: Path) -> None:
    from glossary.extraction.reference import REFERENCE_FILE

    copy = tmp_path / "reference.tsv"
    copy.write_bytes(REFERENCE_FILE.read_bytes())
    assert reference_list_version(copy) == reference_list_version()
    copy.write_bytes(REFERENCE_FILE.read_bytes() + b"\n")
    assert reference_list_version(copy) != reference_list_version()
    assert len(reference_list_version()) == 12


def _glossary(signature: str) -> Glossary:
    return Glossary([Entry("t1", [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym")], 3, 1.0)], signature=signature)


def _source_paragraphs(path: Path) -> list[tuple[str | None, str]]:
    tree = etree.parse(str(path))
    return [
        (p.get("type"), p.text or "")
        for p in tree.iter()
        if etree.QName(p).localname == "p" and etree.QName(p.getparent()).localname == "sourceDesc"
    ]


def test_tbx_v3_carries_the_signature_in_source_desc_and_validates(tmp_path: Path) -> None:
    signature = str(extraction_signature(ExtractionOptions()))
    path = tmp_path / "g.tbx"
    write_glossary(_glossary(signature), path, tbx_version=3)
    tree = etree.parse(str(path))
    assert TBX3_SCHEMA.validate(tree), TBX3_SCHEMA.error_log.last_error
    assert _source_paragraphs(path)[1] == ("x-extraction-signature", signature)
    assert read_glossary(path).entries == _glossary(signature).entries


def test_tbx_2008_carries_the_signature_where_translate_toolkit_still_reads_it(tmp_path: Path) -> None:
    from translate.storage.tbx import tbxfile

    signature = str(extraction_signature(ExtractionOptions()))
    path = tmp_path / "g.tbx"
    write_glossary(_glossary(signature), path)
    root = etree.parse(str(path)).getroot()
    # TBX 2008 (TBXcoreStructV02): martifHeader/fileDesc/sourceDesc holds one or more <p>, each with an optional type
    assert root.findtext("martifHeader/fileDesc/sourceDesc/p[@type='x-extraction-signature']") == signature
    assert [p.tag for p in root.find("martifHeader/fileDesc/sourceDesc")] == ["p", "p"]
    assert [(u.source, u.target) for u in tbxfile.parsefile(str(path)).units] == [("ЕАЭС", "EAEU")]
    assert read_glossary(path).entries == _glossary(signature).entries


def test_without_a_signature_the_header_is_as_before(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    write_glossaries(_glossary(""), [(path, "tbx"), (tmp_path / "g3.tbx", "tbx3")])
    assert [kind for kind, _ in _source_paragraphs(path)] == [None]
    assert [kind for kind, _ in _source_paragraphs(tmp_path / "g3.tbx")] == [None]


@pytest.mark.slow  # the seeds glossary
def test_the_glossary_build_signs_its_settings(seeds_glossary: Glossary, tiny_package) -> None:  # type: ignore[no-untyped-def]
    from tm.mt.translator import Translator

    expected = extraction_signature(ExtractionOptions(), Translator(tiny_package, device="cpu"))
    assert seeds_glossary.signature == str(expected)
    assert isinstance(expected, ExtractionSignature) and expected.model.startswith("model:")


@pytest.mark.slow  # a whole extraction: about 9 s here
def test_glossary_build_json_reports_the_signature_it_wrote(seeds_memory: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from glossary.cli import app

    out = tmp_path / "g.tbx"
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(seeds_memory),
            "-o",
            str(out),
            "--no-cache",
            "--device",
            "cpu",
            "--min-frequency",
            "2",
            "--no-reference",
            "-j",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "|minf:2|" in "|" + report["signature"] and "|ref:no|" in report["signature"]
    assert _source_paragraphs(out)[1] == ("x-extraction-signature", report["signature"])
