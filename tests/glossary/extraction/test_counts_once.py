"""A glossary built from several memories of the same documents counts each Russian sentence
of a document once (issue 16, point 7): an MT memory passed twice with the aligned human one
gives the frequencies of one memory, and the human English for equivalents and contexts."""

from __future__ import annotations

from pathlib import Path

from glossary.build import GlossaryOptions, build_glossary
from glossary.entries import Entry, Glossary
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.units import Unit, load_units, repeats
from tm.memory.tmx import ORIGIN_ALIGNMENT, ORIGIN_MT, TmxHeader, TmxUnit, write_tmx
from tm.mt.cache import TranslationCache

# (Russian as tm build writes it, as tm align writes it, the human English); the second
# sentence is one the document really says twice (translated twice: a TMX keeps a pair once).
PAIRS = [
    ("Генеральный секретарь ООН выступил на сессии.", None, "The UN Secretary-General spoke at the session."),
    ("ООН призвала стороны к диалогу.", None, "The UN called on the parties to hold a dialogue."),
    ("Совет Безопасности ООН провёл заседание.", None, "The UN Security Council held a meeting."),
    ("ООН призвала стороны к диалогу.", None, "The UN urged the parties to talk."),
    ("— Цифровая трансформация экономики продолжается.", "Цифровая  трансформация экономики продолжается.",
     "The digital transformation of the economy continues."),
    ("Стороны обсудили цифровую трансформацию.", None, "The parties discussed digital transformation."),
    ("Цифровую трансформацию поддержало правительство.", None, "The government backed digital transformation."),
]  # fmt: skip

# Counting is what costs: no NER, one process, every candidate kept.
OPTIONS = GlossaryOptions(
    ExtractionOptions(jobs=1, use_names=False, min_specificity=0, min_word_specificity=0, min_relevance=0, relevance_weight=0)
)


def _memories(tmp_path: Path) -> tuple[Path, Path]:
    mt, human = tmp_path / "mt.tmx", tmp_path / "human.tmx"
    doc = [("x-document", "news.txt")]
    write_tmx(
        mt,
        (TmxUnit(ru, f"machine {i}", [*doc, ("x-Origin", ORIGIN_MT)]) for i, (ru, _, _) in enumerate(PAIRS)),
        TmxHeader(),
    )
    write_tmx(
        human,
        (TmxUnit(aligned or ru, en, [*doc, ("x-Origin", ORIGIN_ALIGNMENT)]) for ru, aligned, en in PAIRS),
        TmxHeader(),
    )
    return mt, human


def _build(*paths: Path) -> Glossary:
    cache = TranslationCache(None)
    return build_glossary(load_units([str(p) for p in paths], None, cache), None, cache, OPTIONS)


def _name(entry: Entry) -> str:
    return entry.terms[0].text  # the first Russian term


def _frequencies(glossary: Glossary) -> dict[str, int]:
    return {_name(e): e.frequency for e in glossary.entries}


def test_memories_of_the_same_document_count_each_sentence_once(tmp_path: Path) -> None:
    mt, human = _memories(tmp_path)
    one = _frequencies(_build(mt))
    assert one["ООН"] == 4  # the sentence the document says twice counts twice
    assert _frequencies(_build(mt, mt, human)) == one
    assert _frequencies(_build(human, mt)) == one == _frequencies(_build(human))


def test_the_human_copy_is_the_one_counted_and_quoted(tmp_path: Path) -> None:
    mt, human = _memories(tmp_path)
    alone, merged = _build(human), _build(mt, human, mt)
    english = {_name(e): [(t.text, t.origin) for t in e.terms if t.lang == "en"] for e in alone.entries}
    assert english["цифровая трансформация"] == [("digital transformation", "aligned")]
    assert {_name(e): [(t.text, t.origin) for t in e.terms if t.lang == "en"] for e in merged.entries} == english
    contexts = {_name(e): [c.target for c in e.contexts] for e in merged.entries}
    assert contexts == {_name(e): [c.target for c in e.contexts] for e in alone.entries}
    assert not any(t.startswith("machine") for targets in contexts.values() for t in targets)


def test_repeats_are_found_by_document_sentence_and_rank_within_an_input() -> None:
    def unit(source: str, document: str = "d", origin: str = ORIGIN_MT) -> Unit:
        return Unit(source, "", document, "", origin)

    first = [unit("А."), unit("Б."), unit("А."), unit("В.", "other"), unit("Г.", "")]
    second = [unit("А.", origin=ORIGIN_ALIGNMENT), unit("А."), unit("А."), unit("В."), unit("Г.", "")]
    # positions 5–9: the aligned «А.» wins over the first MT one (0), the second «А.» repeats
    # 2, a third is new; «В.» of another document is new; «Г.» without a document repeats 4.
    assert repeats([first, second]) == {0, 6, 9}
    assert repeats([first]) == set()
