"""The learned dictionary (tm/align/dictionary.py) and the aligner's second pass."""

from __future__ import annotations

import random

from tm.align import aligner
from tm.align.aligner import align
from tm.align.dictionary import english_key, learn

_RU = ["санкции", "нефть", "выборы", "банк", "министр", "граница", "завод", "школа", "армия", "погода"]
_EN = ["sanctions", "oil", "elections", "bank", "minister", "border", "factory", "school", "army", "weather"]


def _pairs(count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Sentence pairs of two topic words each, all of about one length: where an English
    sentence is missing, lengths cannot say which, only the words can."""
    ru, en = [], []
    for _ in range(count):
        k = rng.sample(range(len(_RU)), 2)
        ru.append(f"{_RU[k[0]].capitalize()} и {_RU[k[1]]} обсуждались сегодня.")
        en.append(f"The {_EN[k[0]]} and {_EN[k[1]]} were discussed today.")
    return ru, en


def test_learn_finds_the_word_pairs_and_links_words() -> None:
    ru, en = _pairs(200, random.Random(1))
    learned = learn(zip(ru, en, strict=True), max_share=0.5)
    assert english_key("sanctions") in learned.translations("санкция")
    links = learned.word_links(["Санкции", "и", "нефть"], ["The", "oil", "and", "sanctions"])
    assert {(i, j) for i, j, _ in links} >= {(0, 3), (2, 1)}


def test_the_learned_dictionary_beats_misleading_lengths(monkeypatch: object) -> None:
    rng = random.Random(7)
    ru, en = _pairs(300, rng)
    truth = set(range(len(ru)))
    for k in sorted(rng.sample(range(len(en)), 15), reverse=True):  # English sentences left out
        del en[k]
        truth.discard(k)
    # the truth as (Russian, English) line pairs: the English kept, in order
    pairs = set(zip(sorted(truth), range(len(en)), strict=True))

    def found(links: list[aligner.Link]) -> int:
        return len({(i, j) for link in links for i in link.ru for j in link.en} & pairs)

    monkeypatch.setattr(aligner, "MIN_CONFIDENT_LINKS", 20)  # type: ignore[attr-defined]
    monkeypatch.setattr("tm.align.dictionary.MAX_SHARE", 0.5)  # type: ignore[attr-defined]
    first = align(ru, en, realign=False)
    second = align(ru, en)
    assert found(second) > found(first)


def test_no_confident_links_fall_back_to_the_first_pass() -> None:
    ru = ["Да.", "Нет.", "Может быть."]
    en = ["Something entirely different and much longer than the Russian ever was."]
    assert align(ru, en) == align(ru, en, realign=False)
    assert learn([]).entries == {}
