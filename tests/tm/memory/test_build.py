from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from tests.support import DATA, ROOT
from tm.core.errors import InputError
from tm.memory.build import BuildOptions, build_memory
from tm.memory.tmx import read_tmx
from tm.mt.cache import TranslationCache
from tm.mt.translator import Translator
from tm.text.documents import read_document
from tm.text.segment import segment_document

SEEDS = ROOT / "seeds"
DTD = etree.DTD(str(DATA / "tmx14.dtd"))


def seed_sentences(keep_furniture: bool = False, labels: bool = True) -> list[str]:
    """The seeds' sentences as TMX sources: with their interview labels and dialogue dashes."""
    return [
        (s.prefix if labels else "") + s.text
        for p in sorted(SEEDS.glob("*.txt"))
        for s in segment_document(read_document(str(p)), keep_furniture)
    ]


def test_seeds_make_one_unit_per_unique_sentence_and_no_furniture(tmp_path: Path, tiny_package) -> None:
    out = tmp_path / "seeds.tmx"
    translator = Translator(tiny_package, device="cpu")
    report = build_memory([str(SEEDS)], out, translator, TranslationCache(tmp_path / "c.db"), BuildOptions())
    assert DTD.validate(etree.parse(str(out)))
    units = list(read_tmx(out))
    sentences = seed_sentences()
    assert len(units) == len(set(sentences)) == report.written == report.unique
    assert {u.source for u in units} == set(sentences)
    furniture = set(seed_sentences(keep_furniture=True)) - set(sentences)
    assert furniture and not furniture & {u.source for u in units}
    assert report.documents == 5 and report.translated == report.unique and report.from_cache == 0
    first = units[0]
    assert first.prop("x-Origin") == "MachineTranslation"
    assert first.prop("x-mt-model") == translator.label
    labelled = [u for u in units if u.source.startswith("Вопрос\t")]
    assert labelled and all(u.target.startswith("Question\t") for u in labelled)
    dashed = [u for u in units if u.source.startswith("– ")]
    assert dashed and all(u.target.startswith("– ") for u in dashed)
    assert first.prop("x-document") == str(SEEDS / "000_mfa-interview.txt")
    assert dict(units[1].source_props) == {"x-context-pre": units[0].source, "x-context-post": units[2].source}


def test_strip_labels_gives_the_bare_sentences(tmp_path: Path, tiny_package) -> None:
    out = tmp_path / "bare.tmx"
    options = BuildOptions(strip_labels=True)
    build_memory([str(SEEDS)], out, Translator(tiny_package, device="cpu"), TranslationCache(None), options)
    units = list(read_tmx(out))
    assert {u.source for u in units} == set(seed_sentences(labels=False))
    assert any(u.prop("x-speaker") == "Вопрос" for u in units)


def test_a_second_run_makes_no_model_calls(tmp_path: Path, tiny_package) -> None:
    cache = TranslationCache(tmp_path / "c.db")
    first = Translator(tiny_package, device="cpu")
    build_memory([str(SEEDS)], tmp_path / "1.tmx", first, cache, BuildOptions())
    assert first.calls > 0
    second = Translator(tiny_package, device="cpu")
    report = build_memory([str(SEEDS)], tmp_path / "2.tmx", second, TranslationCache(tmp_path / "c.db"), BuildOptions())
    assert second.calls == 0 and report.translated == 0 and report.from_cache == report.unique
    pairs = lambda p: [(u.source, u.target) for u in read_tmx(p)]  # noqa: E731
    assert pairs(tmp_path / "1.tmx") == pairs(tmp_path / "2.tmx")


def test_an_interrupted_build_resumes_from_the_cache(tmp_path: Path, tiny_package, monkeypatch) -> None:
    translator = Translator(tiny_package, device="cpu", batch_size=20)
    real = translator.translate_tokens

    def dies_on_third_call(tokens):  # type: ignore[no-untyped-def]
        if translator.calls == 2:
            raise KeyboardInterrupt
        return real(tokens)

    monkeypatch.setattr(translator, "translate_tokens", dies_on_third_call)
    out = tmp_path / "m.tmx"
    with pytest.raises(KeyboardInterrupt):
        build_memory([str(SEEDS)], out, translator, TranslationCache(tmp_path / "c.db"), BuildOptions())
    assert not out.exists() and list(tmp_path.glob("*.part")) == []

    resumed = Translator(tiny_package, device="cpu", batch_size=20)
    report = build_memory([str(SEEDS)], out, resumed, TranslationCache(tmp_path / "c.db"), BuildOptions())
    assert report.from_cache == 40
    assert report.translated == report.unique - 40
    assert resumed.calls == math.ceil((report.unique - 40) / 20)


def test_merge_keeps_existing_units_without_duplicates(tmp_path: Path, tiny_package) -> None:
    cache = TranslationCache(tmp_path / "c.db")
    translator = Translator(tiny_package, device="cpu")
    old, new = tmp_path / "old.tmx", tmp_path / "new.tmx"
    build_memory([str(SEEDS / "003_talks-narrow-format.txt")], old, translator, cache, BuildOptions())
    both = [str(SEEDS / "003_talks-narrow-format.txt"), str(SEEDS / "000_mfa-interview.txt")]
    report = build_memory(both, new, translator, cache, BuildOptions(merge=old))
    sources = [u.source for u in read_tmx(new)]
    assert report.merged == 18
    assert len(sources) == len(set(sources)) == 18 + 25
    assert DTD.validate(etree.parse(str(new)))


def test_keep_going_skips_bad_files_and_keeps_the_good(tmp_path: Path, tiny_package) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Казахстан и Россия подписали договор.", encoding="utf-8")
    translator = Translator(tiny_package, device="cpu")
    out = tmp_path / "out" / "m.tmx"
    with pytest.raises(InputError, match="empty.txt: empty file"):
        build_memory([str(tmp_path)], out, translator, TranslationCache(None), BuildOptions())
    assert not out.exists()
    report = build_memory([str(tmp_path)], out, translator, TranslationCache(None), BuildOptions(keep_going=True))
    assert report.errors == [f"{tmp_path / 'empty.txt'}: empty file"]
    assert [u.source for u in read_tmx(out)] == ["Казахстан и Россия подписали договор."]
