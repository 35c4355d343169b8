"""`tm build --tm`: fuzzy matches of the memories recorded on MT units (`x-fuzzy-match`,
`x-fuzzy-tuid`), scored as OmegaT scores them, and the exact candidate filter behind them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.tm.memory.test_leverage import CountingTranslator, memory, unit
from tm.memory.build import BuildOptions, build_memory
from tm.memory.leverage import FUZZY_THRESHOLD, FuzzyIndex
from tm.memory.matching import score
from tm.memory.tmx import ORIGIN_MT, TmxUnit, read_tmx
from tm.mt.cache import TranslationCache

MEMORY = "Стороны обсудили развитие торговли."
DOCUMENT = "Стороны обсудили развитие торговли и инвестиций."
FAR = "Погода сегодня хорошая."


def build(tmp_path: Path, text: str, memories: list[Path], threshold: int = FUZZY_THRESHOLD):  # type: ignore[no-untyped-def]
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "out.tmx"
    translator = CountingTranslator()
    options = BuildOptions(tm=tuple(memories), fuzzy_threshold=threshold)
    report = build_memory([str(doc)], out, translator, TranslationCache(None), options)
    return report, {u.source: u for u in read_tmx(out)}, translator


def test_a_fuzzy_match_is_recorded_on_the_mt_unit_with_omegats_scores(tmp_path: Path) -> None:
    tm = memory(tmp_path / "human.tmx", [unit(MEMORY, "The parties discussed trade.", "Alignment", "h1")])
    report, units, translator = build(tmp_path, f"{DOCUMENT} {FAR}\n", [tm])
    expected = score(DOCUMENT, MEMORY)
    assert expected.score >= FUZZY_THRESHOLD  # 80/66/66
    fuzzy = units[DOCUMENT]
    assert fuzzy.prop("x-fuzzy-match") == f"{expected.score}/{expected.score_no_stem}/{expected.adjusted_score}"
    assert fuzzy.prop("x-fuzzy-tuid") == "h1"
    assert fuzzy.prop("x-Origin") == ORIGIN_MT and fuzzy.target == f"MT of {DOCUMENT}"  # still MT, only recorded
    assert units[FAR].prop("x-fuzzy-match") is None and units[FAR].prop("x-fuzzy-tuid") is None
    assert DOCUMENT in translator.sent
    assert report.fuzzy_recorded == 1 and report.to_dict()["fuzzy_recorded"] == 1


def test_below_the_threshold_nothing_is_recorded(tmp_path: Path) -> None:
    tm = memory(tmp_path / "human.tmx", [unit(MEMORY, "The parties discussed trade.", None, "h1")])
    report, units, _ = build(tmp_path, f"{DOCUMENT}\n", [tm], threshold=score(DOCUMENT, MEMORY).score + 1)
    assert units[DOCUMENT].prop("x-fuzzy-match") is None and report.fuzzy_recorded == 0
    report, units, _ = build(tmp_path, f"{DOCUMENT}\n", [tm], threshold=0)  # 0: fuzzy matching off
    assert units[DOCUMENT].prop("x-fuzzy-match") is None and report.fuzzy_recorded == 0


def test_exact_matches_are_leveraged_not_recorded_and_numbers_give_a_fuzzy_99(tmp_path: Path) -> None:
    changed = "Рост составил 18,4 процента."
    tm = memory(
        tmp_path / "tm.tmx",
        [unit(MEMORY, "The parties discussed trade.", None, "e"), unit(changed, "Growth was 18.4 percent.", None, "n")],
    )
    source = "Рост составил 18,3 процента."
    report, units, _ = build(tmp_path, f"{MEMORY} {source}\n", [tm])
    assert units[MEMORY].prop("x-leverage") == "exact" and units[MEMORY].prop("x-fuzzy-match") is None
    numbers = score(source, changed)
    # numbers count: a different number is never 100 (OmegaT's word lists would give 100/100)
    assert units[source].prop("x-fuzzy-match") == f"99/99/{numbers.adjusted_score}" and numbers.adjusted_score < 100
    assert units[source].prop("x-fuzzy-tuid") == "n" and report.fuzzy_recorded == 1


def test_the_best_match_wins_then_the_most_trusted_then_the_first(tmp_path: Path) -> None:
    weaker = "Стороны обсудили развитие."
    tm = memory(
        tmp_path / "tm.tmx",
        [
            unit(weaker, "Weaker.", "Alignment", "weak"),
            unit(MEMORY, "MT.", ORIGIN_MT, "mt"),
            unit(MEMORY, "Human.", "Alignment", "human"),
            unit(MEMORY, "Human again.", "Alignment", "later"),
        ],
    )
    _, units, _ = build(tmp_path, f"{DOCUMENT}\n", [tm], threshold=50)
    assert units[DOCUMENT].prop("x-fuzzy-tuid") == "human"


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
def test_the_candidate_filter_loses_nothing_against_brute_force() -> None:
    """The inverted index and its count bound only skip units that cannot reach the threshold."""
    words = "стороны обсудили развитие торговли инвестиций россии китая сотрудничество в области энергетики".split()
    rng = random.Random(16)

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 8))).capitalize() + "."

    sources = [sentence() for _ in range(60)]
    units = [TmxUnit(sentence(), "x", [], [], tuid=f"u{i}") for i in range(300)]
    for threshold in (30, 60, 75, 90):
        index = FuzzyIndex(sources, threshold)
        for memory_unit in units:
            index.offer(memory_unit, Path("m.tmx"))
        for source in sources:
            best = max(
                ((score(source, u.source).as_tuple(), -i, u.tuid) for i, u in enumerate(units)),
                default=None,
            )
            assert best is not None
            found = index.match(source)
            if best[0][0] < threshold:
                assert found is None
            else:
                assert found is not None and found[0].as_tuple() == best[0] and found[1].tuid == best[2]


def test_the_cli_default_is_the_library_default() -> None:
    import inspect

    from tm.cli.commands import build as build_command

    option = inspect.signature(build_command).parameters["fuzzy_threshold"].default
    assert option.default == FUZZY_THRESHOLD == BuildOptions().fuzzy_threshold
