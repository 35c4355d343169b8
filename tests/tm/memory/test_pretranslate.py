"""tm/memory/pretranslate.py: targets from the memories first (101% context, 100% exact,
origin kept), then MT (the tiny real argos model); the identity round trip on plain text;
a target whose codes were broken is reported and its codes kept at the segment's ends;
merge refuses an XLIFF whose ids or original do not match."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.tm.documents.test_xliff_write import assert_valid
from tm.core.errors import InputError
from tm.documents.model import Block, check_block
from tm.documents.writeback import WriteResult
from tm.memory.pretranslate import PretranslateOptions, merge_xliff, pretranslate
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx
from tm.mt.cache import TranslationCache

FIRST, SECOND, THIRD = "Первое предложение.", "Второе предложение.", "Третье предложение о погоде."


def _memory(path: Path) -> Path:
    units = [
        TmxUnit(SECOND, "The second sentence.", props=[("x-Origin", "human")]),
        TmxUnit(FIRST, "The very first sentence.", props=[("x-Origin", "reviewed")], source_props=[("x-context-post", SECOND)]),
    ]
    write_tmx(path, units, TmxHeader())
    return path


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_states_per_origin(version: str, tmp_path: Path, translator) -> None:  # type: ignore[no-untyped-def]
    document = tmp_path / "doc.txt"
    document.write_text(f"{FIRST} {SECOND} {THIRD}\n", "utf-8")
    memory = _memory(tmp_path / "memory.tmx")
    out = tmp_path / "doc.xlf"
    report = pretranslate(str(document), out, translator, TranslationCache(None), PretranslateOptions(version, tm=[memory]))
    assert (report.context, report.exact, report.mt, report.segments) == (1, 1, 1, 3)
    data = out.read_bytes()
    assert_valid(data, version)
    text = data.decode()
    assert "The very first sentence." in text and "The second sentence." in text
    if version == "1.2":
        assert text.count('state="translated" state-qualifier="exact-match"') == 2
        assert text.count('state="needs-review-translation" state-qualifier="leveraged-mt"') == 1
        assert "101% context match" in text and "origin reviewed" in text and "100% match" in text
    else:
        assert 'subState="diplotm:context"' in text and 'subState="diplotm:exact"' in text
        assert 'state="initial" subState="diplotm:mt"' in text
        assert 'type="mt"' in text and 'type="tm" origin="memory.tmx" similarity="100"' in text


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_identity_round_trip_on_plain_text(version: str, tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    original = "Первая строка. Вторая фраза!\r\n\r\n– Реплика… Ещё одна.\r\n\tОтступ  с двумя пробелами.\r\nКонец"
    document.write_bytes(original.encode("cp1251"))
    out, merged = tmp_path / "doc.xlf", tmp_path / "merged.txt"
    pretranslate(str(document), out, None, None, PretranslateOptions(version, copy_source=True))
    report = merge_xliff(out, merged)
    assert merged.read_bytes() == document.read_bytes()
    assert report.warnings == [] and report.units >= 5


def test_translated_plain_text_keeps_its_lines(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(f"{FIRST} {SECOND}\n\nНе трогать.\n", "utf-8")
    out, merged = tmp_path / "doc.xlf", tmp_path / "merged.txt"
    pretranslate(str(document), out, None, None, PretranslateOptions(copy_source=True))
    edited = out.read_text("utf-8").replace(f'<target state="needs-translation">{FIRST}', "<target>One.")
    edited = edited.replace(f'<target state="needs-translation">{SECOND}', "<target>Two.")
    out.write_text(edited, "utf-8")
    merge_xliff(out, merged)
    assert merged.read_text("utf-8") == "One. Two.\n\nНе трогать.\n"


class _Captured:
    targets: Mapping[str, Block] = {}

    def __call__(self, original: bytes, label: str, targets: Mapping[str, Block]) -> WriteResult:
        _Captured.targets = dict(targets)
        return WriteResult(original)


HTML = '<html lang="ru"><body><p>Это <b>жирный</b> текст. Второе <i>предложение</i>.</p></body></html>'


def test_a_target_with_broken_codes_is_reported_and_its_codes_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML write-back is another module's: its place is taken by one that records the blocks."""
    import tm.documents.writeback as writeback

    monkeypatch.setattr(writeback, "writer", lambda name: _Captured())
    page = tmp_path / "page.html"
    page.write_text(HTML, "utf-8")
    out = tmp_path / "page.xlf"
    pretranslate(str(page), out, None, None, PretranslateOptions(copy_source=True))
    xml = out.read_text("utf-8")
    # unit 1.1 loses its </g> half (a CAT tool's mistake): the <g> becomes an unbalanced <bx/>;
    # unit 1.2's target is reworded with its <g> kept
    xml = xml.replace(
        '<target state="needs-translation">Это <g id="1" ctype="bold">жирный</g> текст.</target>',
        '<target>This is <bx id="1" ctype="bold"/>bold text.</target>',
    )
    xml = xml.replace(
        '<target state="needs-translation">Второе <g id="2" ctype="italic">предложение</g>.</target>',
        '<target>The second <g id="2" ctype="italic">sentence</g>.</target>',
    )
    out.write_text(xml, "utf-8")
    warnings: list[str] = []
    merge_xliff(out, tmp_path / "merged.html", warn=warnings.append)
    assert len(warnings) == 1 and "unit 1.1" in warnings[0] and "segment's ends" in warnings[0]
    (block,) = _Captured.targets.values()
    check_block(block)
    assert block.text == "This is bold text. The second sentence."
    spans = [(c.kind, c.type, c.offset) for c in block.codes]
    assert spans == [("open", "bold", 18), ("close", "bold", 18), ("open", "italic", 30), ("close", "italic", 38)]


def test_merge_refuses_ids_and_originals_that_do_not_match(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(f"{FIRST} {SECOND}\n", "utf-8")
    out = tmp_path / "doc.xlf"
    pretranslate(str(document), out, None, None, PretranslateOptions(copy_source=True))
    bad = tmp_path / "bad.xlf"
    bad.write_text(out.read_text("utf-8").replace('id="1.2"', 'id="7.1"'), "utf-8")
    with pytest.raises(InputError, match="do not match the original.*7.1"):
        merge_xliff(bad, tmp_path / "x.txt")
    document.write_text(f"{FIRST} Другое.\n", "utf-8")
    with pytest.raises(InputError, match="SHA-256 differs"):
        merge_xliff(out, tmp_path / "x.txt")
    document.unlink()
    with pytest.raises(InputError, match="--original"):
        merge_xliff(out, tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists()


def test_translate_document_file_in_one_step(tmp_path: Path, tiny_model: Path) -> None:
    """`translate_document_file` (for `tm translate DOC -o OUT`): the memory's match and MT
    in place of each sentence, the other lines as they were."""
    from tm.memory.pretranslate import translate_document_file
    from tm.mt.engine import MtSettings

    document = tmp_path / "doc.txt"
    document.write_text(f"{FIRST} {SECOND}\n\nВ конце.\n", "utf-8")
    out = tmp_path / "doc.en.txt"
    report = translate_document_file(
        str(document), out, MtSettings(model=tiny_model, no_cache=True), PretranslateOptions(tm=[_memory(tmp_path / "m.tmx")])
    )
    lines = out.read_text("utf-8").split("\n")
    assert lines[0] == "The very first sentence. The second sentence." and lines[1] == "" and lines[2] != "В конце."
    assert report.units == 3


def test_pretranslate_fuzzy_scores_are_tm_searchs(tmp_path: Path, translator) -> None:  # type: ignore[no-untyped-def]
    """One similarity (tm.memory.matching.similarity) behind both: the fuzzy candidate that
    `tm pretranslate --tm` offers (`<alt-trans match-quality>`) scores what `tm search` says
    of the same pair (its `score`), on a few pairs of different distances. (Before, the two
    had their own edit distances, which could drift apart.)"""
    import re

    from tm.memory.search import search

    pairs = [
        ("Правительство утвердило новый план развития региона.", "Правительство утвердило план развития региона."),
        ("Министр провёл встречу с делегацией Казахстана в Астане.", "Министр провёл встречу с делегацией Казахстана в Минске."),
        (
            "Стороны обсудили вопросы торговли и инвестиций.",
            "Стороны подробно обсудили вопросы торговли, транспорта и инвестиций.",
        ),
        ("Президент подписал указ о ВВП.", "Президент подписал указ."),
    ]
    for number, (segment, unit) in enumerate(pairs):
        memory = tmp_path / f"memory{number}.tmx"
        write_tmx(memory, [TmxUnit(unit, "An English sentence.", props=[("x-Origin", "human")])], TmxHeader())
        document = tmp_path / f"doc{number}.txt"
        document.write_text(segment + "\n", "utf-8")
        out = tmp_path / f"doc{number}.xlf"
        options = PretranslateOptions("1.2", tm=[memory], fuzzy_threshold=50)
        report = pretranslate(str(document), out, translator, TranslationCache(None), options)
        assert report.fuzzy == 1, (segment, unit)
        [quality] = re.findall(r'<alt-trans match-quality="(\d+)"', out.read_text("utf-8"))
        [[match]] = search([segment], [memory])
        assert int(quality) == match.scores.score < 100, (segment, unit)
