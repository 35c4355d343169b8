from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tm.langcodes import normalize_code
from tm.tmx import XML_LANG, TmxHeader, TmxUnit, TmxWriter, read_tmx, write_tmx

DTD = etree.DTD(str(Path(__file__).resolve().parent / "data" / "tmx14.dtd"))


def valid(path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    return tree


def test_header_and_units_follow_tmx_14b(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    unit = TmxUnit("Привет.", "Hello.", props=[("x-document", "a.txt")], source_props=[("x-context-pre", "До.")])
    write_tmx(path, [unit], TmxHeader("ru", "en-GB", creationid="tester"))
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')  # no BOM
    tree = valid(path)
    header = tree.find("header")
    for attribute in ("creationtool", "creationtoolversion", "o-tmf", "adminlang", "creationdate"):
        assert header.get(attribute)
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    assert header.get("srclang") == "ru"
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tu = tree.find("body/tu")
    assert tu.get("tuid") and tu.get("creationid") == "tester"
    assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("creationdate"))
    assert [tuv.get(XML_LANG) for tuv in tu.iterfind("tuv")] == ["ru", "en-GB"]
    assert all(p.get("type").startswith("x-") for p in tree.iter("prop"))


def test_markup_round_trips_and_forbidden_characters_go(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    write_tmx(path, [TmxUnit("Тег <b> & «A&B»\x0b\x1f.", "Tag <b> & \"A&B\"\ufffe.")], TmxHeader())
    valid(path)
    [unit] = list(read_tmx(path))
    assert (unit.source, unit.target) == ("Тег <b> & «A&B».", 'Tag <b> & "A&B".')


def test_exact_duplicate_pairs_are_written_once_and_tuids_are_stable(tmp_path: Path) -> None:
    units = [TmxUnit("Да.", "Yes."), TmxUnit("Да. ", "Yes."), TmxUnit("Да.", "Yeah.")]
    first, second = tmp_path / "1.tmx", tmp_path / "2.tmx"
    assert write_tmx(first, units, TmxHeader()) == 2
    write_tmx(second, units[::-1], TmxHeader())
    assert {u.tuid for u in read_tmx(first)} == {u.tuid for u in read_tmx(second)}


def test_long_segments_are_counted(tmp_path: Path) -> None:
    with TmxWriter(tmp_path / "m.tmx", TmxHeader()) as writer:
        writer.write(TmxUnit("Я" * 2001, "I"))
        writer.write(TmxUnit("Я", "I"))
    assert writer.long_segments == 1


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_text("old", encoding="utf-8")

    def units():
        yield TmxUnit("Один.", "One.")
        raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError):
        write_tmx(path, units(), TmxHeader())
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


def test_reader_streams_a_large_file_without_keeping_elements(tmp_path: Path) -> None:
    path = tmp_path / "big.tmx"
    write_tmx(path, (TmxUnit(f"Предложение {i}.", f"Sentence {i}.") for i in range(20000)), TmxHeader())
    count = sum(1 for _ in read_tmx(path))
    assert count == 20000


def test_translate_toolkit_reads_the_same_pairs(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    units = [TmxUnit("Первое <x> & предложение.", "First <x> & sentence."), TmxUnit("Второе.", "Second.")]
    path = tmp_path / "m.tmx"
    write_tmx(path, units, TmxHeader("ru-RU", "en-US"))
    with open(path, "rb") as handle:
        store = tmxfile(handle, sourcelanguage="ru-RU", targetlanguage="en-US")
    assert [(u.source, u.target) for u in store.units] == [(u.source, u.target) for u in units]


@pytest.mark.parametrize("code, expected", [("ru", "ru"), ("ru-ru", "ru-RU"), ("EN-us", "en-US"), ("sr-latn-rs", "sr-Latn-RS")])
def test_language_codes_are_normalised(code: str, expected: str) -> None:
    assert normalize_code(code) == expected


@pytest.mark.parametrize("code", ["*all*", "russian", "ru_RU", "", "r"])
def test_invalid_language_codes_are_rejected(code: str) -> None:
    with pytest.raises(ValueError, match="invalid language code"):
        normalize_code(code)
