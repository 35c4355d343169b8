from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from tests.support import DATA, ROOT
from tm.core.errors import InputError, OutputError, UsageError
from tm.memory.build import BuildOptions, build_memory, check_tmx_outputs
from tm.memory.tmx import TmxHeader, TmxUnit, origin_rank, read_tmx, write_tmx
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


# --- one source, one best translation ---

TALKS = SEEDS / "003_talks-narrow-format.txt"
ALIGNED = [("x-Origin", "Alignment")]
MT = [("x-Origin", "MachineTranslation")]


def test_origins_rank_review_over_human_over_mt() -> None:
    def rank(*props: tuple[str, str]) -> int:
        return origin_rank(TmxUnit("Да.", "Yes.", list(props)))

    assert rank(("x-Origin", "Review")) > rank(*ALIGNED) == rank() == rank(("x-Origin", "TM")) > rank(*MT)


def _human(path: Path, sources: list[str]) -> Path:
    """A human TMX for `sources` with known English: HUMAN 1., HUMAN 2., …"""
    units = [TmxUnit(s, f"HUMAN {i}.", list(ALIGNED)) for i, s in enumerate(sources, 1)]
    write_tmx(path, units, TmxHeader())
    return path


def test_merge_writes_no_mt_unit_for_a_source_with_a_human_one(tmp_path: Path, tiny_package) -> None:
    sources = list(dict.fromkeys(seed_sentences_of(TALKS)))
    # A human unit keyed as the cache keys: other spacing is still the same source.
    human = _human(tmp_path / "human.tmx", ["  " + sources[0].replace(" ", "  ") + " ", *sources[1:3]])
    out, side = tmp_path / "merged.tmx", tmp_path / "mt.tmx"
    translator = Translator(tiny_package, device="cpu")
    report = build_memory([str(TALKS)], out, translator, TranslationCache(None), BuildOptions(merge=human, mt_out=side))
    units = list(read_tmx(out))
    assert DTD.validate(etree.parse(str(out))) and DTD.validate(etree.parse(str(side)))
    assert report.merged == 3 and report.mt_superseded == 3 and report.written == len(sources)
    by_source = {" ".join(u.source.split()): u for u in units}
    assert len(by_source) == len(units) == len(sources)
    assert [by_source[s].target for s in sources[:3]] == ["HUMAN 1.", "HUMAN 2.", "HUMAN 3."]
    assert all(by_source[s].prop("x-Origin") == "MachineTranslation" for s in sources[3:])
    aside = list(read_tmx(side))
    assert [u.source for u in aside] == sources[:3] and all(u.prop("x-Origin") == "MachineTranslation" for u in aside)


def test_without_mt_out_the_superseded_units_are_counted_and_dropped(tmp_path: Path, tiny_package) -> None:
    sources = list(dict.fromkeys(seed_sentences_of(TALKS)))
    human = _human(tmp_path / "human.tmx", sources[:2])
    out = tmp_path / "merged.tmx"
    report = build_memory(
        [str(TALKS)], out, Translator(tiny_package, device="cpu"), TranslationCache(None), BuildOptions(merge=human)
    )
    assert report.mt_superseded == 2 and report.to_dict()["mt_superseded"] == 2
    assert [u.target for u in read_tmx(out) if u.source in sources[:2]] == ["HUMAN 1.", "HUMAN 2."]
    assert sorted(tmp_path.iterdir()) == sorted([human, out])  # no side file, no temporary left


def test_a_merged_file_holding_both_keeps_the_human_unit_whatever_the_order(tmp_path: Path, tiny_package) -> None:
    mixed = tmp_path / "mixed.tmx"
    write_tmx(
        mixed,
        [
            TmxUnit("Да.", "HUMAN yes.", list(ALIGNED)),
            TmxUnit("Да.", "Yes (MT).", list(MT)),  # after the human unit: OmegaT would take it
            TmxUnit("Нет.", "No (MT).", list(MT)),  # before the human unit
            TmxUnit("Нет.", "HUMAN no.", []),  # a human TMX unit: no x-Origin
            TmxUnit("Может быть.", "Maybe (MT).", list(MT)),  # MT alone: kept
            TmxUnit("Хорошо.", "Fine.", list(ALIGNED)),
            TmxUnit("Хорошо.", "REVIEWED fine.", [("x-Origin", "Review")]),
        ],
        TmxHeader(),
    )
    out, side = tmp_path / "out.tmx", tmp_path / "side.tmx"
    (tmp_path / "doc.txt").write_text("Да.", encoding="utf-8")
    report = build_memory(
        [str(tmp_path / "doc.txt")],
        out,
        Translator(tiny_package, device="cpu"),
        TranslationCache(None),
        BuildOptions(merge=mixed, mt_out=side),
    )
    assert [(u.source, u.target) for u in read_tmx(out)] == [
        ("Да.", "HUMAN yes."),
        ("Нет.", "HUMAN no."),
        ("Может быть.", "Maybe (MT)."),
        ("Хорошо.", "REVIEWED fine."),
    ]
    assert report.merged == 4 and report.mt_superseded == 3 and report.human_superseded == 1
    assert [u.target for u in read_tmx(side)][:2] == ["Yes (MT).", "No (MT)."]  # then the new MT of «Да.»


def test_mt_out_is_checked_as_an_output(tmp_path: Path) -> None:
    doc, merge = tmp_path / "doc.txt", tmp_path / "human.tmx"
    doc.write_text("Да.", encoding="utf-8")
    write_tmx(merge, [TmxUnit("Да.", "Yes.")], TmxHeader())
    out = tmp_path / "o.tmx"
    with pytest.raises(OutputError, match="--mt-out"):
        check_tmx_outputs(out, [str(doc)], merge, mt_out=doc)
    with pytest.raises(OutputError, match="--mt-out"):
        check_tmx_outputs(out, [str(doc)], merge, mt_out=merge)
    with pytest.raises(OutputError):
        check_tmx_outputs(out, [str(doc)], merge, mt_out=out)
    with pytest.raises(UsageError, match="--mt-out"):
        check_tmx_outputs(out, [str(doc)], merge, mt_out=tmp_path / "mt.txt")
    check_tmx_outputs(out, [str(doc)], merge, mt_out=tmp_path / "mt.tmx")


def seed_sentences_of(path: Path) -> list[str]:
    return [s.prefix + s.text for s in segment_document(read_document(str(path)))]


def test_the_command_checks_mt_out_before_the_model(tmp_path: Path) -> None:
    from tests.support import sandbox_env
    from tests.support.cli import run_cli

    doc = tmp_path / "doc.txt"
    doc.write_text("Да.", encoding="utf-8")
    env = sandbox_env(tmp_path / "home")
    result = run_cli("tm", ["build", str(doc), "-o", str(tmp_path / "o.tmx"), "--mt-out", str(tmp_path / "mt.txt")], env=env)
    assert result.returncode == 2 and result.stderr.startswith("tm: error: --mt-out") and result.stderr.count("\n") == 1
    result = run_cli("tm", ["build", str(doc), "-o", str(tmp_path / "o.tmx"), "--mt-out", str(doc)], env=env)
    assert result.returncode == 5 and "is also an input" in result.stderr
    assert "--mt-out" in run_cli("tm", ["build", "--help"], env=env).stdout
