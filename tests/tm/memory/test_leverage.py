"""`tm build --tm`: 100% and 101% (context) matches reused before MT, origin kept, never
sent to the model; and the faults of a `--tm` input (subprocess rows, slow)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.faults.test_faults import DOC, Fault, check_fault, model_env, workspace  # noqa: F401 (fixtures)
from tm.memory.build import BuildOptions, build_memory
from tm.memory.tmx import ORIGIN_MT, TmxHeader, TmxUnit, read_tmx, write_tmx
from tm.mt.cache import TranslationCache
from tm.mt.signature import MtSignature

FIRST = "Рост составил 18,3 процента."
SECOND = "Второе предложение здесь."
THIRD = "Третье предложение тоже."


class CountingTranslator:
    """A SentenceTranslator that records every sentence it is asked to translate."""

    label = "fake 1.0"
    cache_key = "fake"
    signature = MtSignature("fake", "1.0", 1, 1.0, 8, "float32", "cpu")

    def __init__(self) -> None:
        self.sent: list[str] = []

    def translate(self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None) -> list[str]:
        self.sent.extend(sentences)
        targets = [f"MT of {s}" for s in sentences]
        if on_batch:
            on_batch(list(sentences), targets)
        return targets


def unit(source: str, target: str, origin: str | None, tuid: str, pre: str | None = None, post: str | None = None) -> TmxUnit:
    context = [(k, v) for k, v in (("x-context-pre", pre), ("x-context-post", post)) if v is not None]
    props = [("x-Origin", origin)] if origin else []
    return TmxUnit(source, target, props, context, tuid=tuid, creationid="translator")


def memory(path: Path, units: list[TmxUnit]) -> Path:
    write_tmx(path, units, TmxHeader("ru-RU", "en-US"))
    return path


def build(tmp_path: Path, text: str, memories: list[Path], translator: CountingTranslator | None = None):  # type: ignore[no-untyped-def]
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "out.tmx"
    translator = translator or CountingTranslator()
    report = build_memory([str(doc)], out, translator, TranslationCache(None), BuildOptions(tm=tuple(memories)))
    return report, {u.source: u for u in read_tmx(out)}, translator


def test_context_and_exact_matches_are_taken_from_the_memory_and_never_translated(tmp_path: Path) -> None:
    tm = memory(
        tmp_path / "human.tmx",
        [
            unit(FIRST, "Growth was 18.3 percent.", "Alignment", "h1", None, SECOND),  # its context: a 101% match
            unit(SECOND, "The second sentence is here.", None, "h2", "Другое.", THIRD),  # another context: 100%
        ],
    )
    report, units, translator = build(tmp_path, f"{FIRST} {SECOND}\n\n{THIRD}\n", [tm])
    assert translator.sent == [THIRD]
    assert report.leveraged_context == 1 and report.leveraged_exact == 1 and report.translated == 1
    first, second, third = units[FIRST], units[SECOND], units[THIRD]
    assert first.target == "Growth was 18.3 percent." and first.creationid == "translator"
    assert first.prop("x-Origin") == "Alignment" and first.prop("x-leverage") == "context"
    assert first.prop("x-leverage-tuid") == "h1" and first.prop("x-mt-model") is None
    assert second.prop("x-leverage") == "exact" and second.prop("x-leverage-tuid") == "h2"
    assert second.prop("x-Origin") is None  # a human unit without an origin stays one
    assert dict(second.source_props) == {"x-context-pre": FIRST, "x-context-post": THIRD}  # the document's context
    assert third.prop("x-Origin") == ORIGIN_MT and third.prop("x-leverage") is None
    assert report.to_dict()["leveraged_context"] == 1


def test_the_context_match_is_preferred_among_units_of_a_source(tmp_path: Path) -> None:
    tm = memory(
        tmp_path / "tm.tmx",
        [
            unit(SECOND, "Elsewhere.", None, "other", "Другое.", "Ещё."),
            unit(SECOND, "Here.", None, "here", FIRST, None),
        ],
    )
    report, units, translator = build(tmp_path, f"{FIRST} {SECOND}\n", [tm])
    assert units[SECOND].target == "Here." and units[SECOND].prop("x-leverage") == "context"
    assert report.leveraged_context == 1 and translator.sent == [FIRST]


def test_a_better_trusted_unit_wins_over_a_context_match_and_memories_in_order(tmp_path: Path) -> None:
    mt = memory(tmp_path / "mt.tmx", [unit(SECOND, "MT context.", ORIGIN_MT, "m", FIRST, None)])
    human = memory(tmp_path / "human.tmx", [unit(SECOND, "Human.", "Alignment", "h", "Другое.", None)])
    again = memory(tmp_path / "again.tmx", [unit(SECOND, "Human, later.", "Alignment", "h2", "Другое.", None)])
    _, units, _ = build(tmp_path, f"{FIRST} {SECOND}\n", [mt, human, again])
    assert units[SECOND].target == "Human." and units[SECOND].prop("x-leverage") == "exact"


def test_numbers_count_and_spacing_does_not(tmp_path: Path) -> None:
    tm = memory(
        tmp_path / "tm.tmx",
        [
            unit("Рост составил 18,4 процента.", "Growth was 18.4 percent.", None, "n"),
            unit("Второе  предложение   здесь.", "Two.", None, "s"),
        ],
    )
    report, units, translator = build(tmp_path, f"{FIRST} {SECOND}\n", [tm])
    assert translator.sent == [FIRST] and units[FIRST].target == f"MT of {FIRST}"
    assert units[SECOND].target == "Two." and report.leveraged_exact == 1


def test_without_tm_nothing_changes(tmp_path: Path) -> None:
    report, units, translator = build(tmp_path, f"{FIRST} {SECOND}\n", [])
    assert translator.sent == [FIRST, SECOND] and report.leveraged_context == report.leveraged_exact == 0
    assert all(u.prop("x-leverage") is None for u in units.values())


# --- the command: a --tm is an input (subprocess rows, through the fault table's checks) ---


def _tm_files(w: Path) -> None:
    (w / "broken.tmx").write_text("<tmx><header", encoding="utf-8")
    from tm.memory.build import read_segments

    segments = read_segments([str(w / DOC)]).segments
    memory(w / "human.tmx", [unit(segments[0].prefix + segments[0].text, "Human.", "Alignment", "h1")])


TM_FAULTS = [
    Fault(
        "--tm is the output",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "human.tmx"), "--tm", str(w / "human.tmx")],
        5,
        "is also an input",
        lambda w: [w / "human.tmx", w / DOC],
    ),
    Fault(
        "--tm missing",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--tm", str(w / "missing.tmx")],
        3,
        "missing.tmx",
        lambda w: [w / DOC],
        lambda w: not (w / "o.tmx").exists(),
    ),
    Fault(
        "--tm broken",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--tm", str(w / "human.tmx"), "--tm", str(w / "broken.tmx")],
        3,
        "broken.tmx",
        lambda w: [w / "broken.tmx", w / "human.tmx", w / DOC],
        lambda w: not (w / "o.tmx").exists(),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("fault", TM_FAULTS, ids=lambda f: f.name)
def test_tm_fault(fault: Fault, workspace: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    _tm_files(workspace)
    check_fault(fault, workspace, model_env)


@pytest.mark.slow
def test_the_json_summary_counts_each_kind(workspace: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    _tm_files(workspace)
    args = lambda w: ["build", str(w / DOC), "-o", str(w / "o.tmx"), "--tm", str(w / "human.tmx"), "--json", "--no-cache"]  # noqa: E731
    result = check_fault(Fault("leverage", "tm", args, 0, "", lambda w: [w / "human.tmx", w / DOC]), workspace, model_env)
    summary = json.loads(result.stdout)
    assert summary["leveraged_exact"] + summary["leveraged_context"] == 1
    assert summary["translated"] == summary["unique"] - 1
    assert next(read_tmx(workspace / "o.tmx")).target == "Human."
