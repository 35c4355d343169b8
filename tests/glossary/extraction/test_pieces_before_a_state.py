"""Issue 19, task s6-E: the last fragments. A post whose plural genitive complement is itself
cut before a state («мэр муниципалитетов» of «мэры муниципалитетов Российской Федерации») is
dropped; a long name whose genitive complement dilutes its head's specificity is measured by
the better of the two, so it is not cut where its head phrase alone would pass."""

from __future__ import annotations

import pytest

from glossary.extraction.candidates import complemented_names
from glossary.extraction.morphology import words
from glossary.extraction.ranking import needing_a_state
from glossary.extraction.surroundings import STATE, right_continuation
from glossary.extraction.tally import Chunk, count_chunk
from tests.support.ranking import extractor_ranking, ranked_canonicals

MAYORS = [
    # a noun that needs its state, after a post, and a state after it every time
    "Мэры муниципалитетов Российской Федерации обсудили бюджет.",
    "Совещание мэров муниципалитетов Российской Федерации прошло в столице.",
    "Все мэры муниципалитетов России отчитались о расходах.",
    # a singular complement before a state names the state's own field, as does a noun with
    # no singular: the post stays
    "Министр юстиции Украины отказался от поездки.",
    "Министр юстиции Украины подписал приказ.",
    "Министр финансов Украины отказался от поездки.",
    "Министр финансов Украины подписал приказ.",
    # a state after the whole phrase every time, but its last noun is seen without one too
    "Министерство иностранных дел России заявило протест.",
    "Министерство иностранных дел России опубликовало доклад.",
    "Министерство иностранных дел России вызвало посла.",
    "Следователи возбудили уголовное дело о взятке.",
    "Суд рассмотрел дело о банкротстве.",
]


def test_a_state_right_after_a_candidate_is_counted() -> None:
    assert right_continuation("Мэры муниципалитетов Российской Федерации уехали.", "муниципалитетов") == STATE
    assert right_continuation("Мэр муниципалитета России уехал.", "муниципалитета") == STATE
    assert right_continuation("Мэр муниципалитета уехал.", "муниципалитета") is None


@pytest.mark.usefixtures("counted_once")
def test_a_phrase_cut_before_the_state_its_last_noun_needs_is_dropped() -> None:
    tallies = count_chunk(Chunk(0, MAYORS, use_reference=False, use_domain=False)).tallies
    assert needing_a_state(tallies) == {"муниципалитет", "юстиция", "финансы"}  # «дело» is seen without a state
    # A state after a phrase is no name's complement: the older fragment rule leaves both alone.
    assert not tallies["мэр муниципалитет"].fragment()
    assert not tallies["министерство иностранный дело"].fragment()
    ranked = ranked_canonicals(MAYORS)
    assert "мэр муниципалитетов" not in ranked
    assert {"министр юстиции", "министр финансов"} <= ranked
    assert "министерство иностранных дел" in ranked


NAMES = [
    "Об этом объявил Краевой комитет Зелёной партии вчера.",
    "Краевой комитет Зелёной партии выдвинул кандидата.",
    "Краевой комитет Зелёной партии провел съезд.",
    "Краевой комитет собрался снова.",
]


def test_a_long_name_keeps_its_head_phrases_specificity() -> None:
    sentence = NAMES[0]
    (name,) = complemented_names(sentence, words(sentence), 0)
    assert name.lemmas == ("краевой", "комитет", "зеленый", "партия") and name.head == 2
    sentence = "Работает Совет при губернаторе по вопросам культуры."
    (name,) = complemented_names(sentence, words(sentence), 0)
    assert name.lemmas == ("совет",) and name.head == 0  # already measured on the head alone
    by_canonical = {c.canonical: c for c in extractor_ranking(NAMES, min_specificity=0)}
    head, whole, party = (
        by_canonical["Краевой комитет"],
        by_canonical["Краевой комитет Зелёной партии"],
        by_canonical["Зелёная партия"],
    )
    assert party.specificity < head.specificity  # the complement is the less specific part here
    assert whole.specificity == pytest.approx(head.specificity)
    # A cut between the whole's mean and its head's keeps the long name.
    assert "Краевой комитет Зелёной партии" in ranked_canonicals(NAMES, min_specificity=head.specificity - 0.01)
