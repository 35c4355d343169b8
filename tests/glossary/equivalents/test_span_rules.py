"""Issue 19, the rules that cut a term's aligned English down to its translation: a neighbour
sure of a word keeps it, a stray link far from the rest is dropped, and the span loses a title
word the Russian does not say, a closing possessive or quote, and a closing verb in -ed.

The units are made by hand (the posteriors as the t tables: each column of t_er and each row
of t_re is normalised where it is read), so each rule is seen alone."""

from __future__ import annotations

import numpy as np

from glossary.equivalents.aligned import span
from glossary.equivalents.word_alignment import AlignedUnit


def _unit(ru: list[str], en: list[str], post_e: list[list[float]], post_r: list[list[float]]) -> AlignedUnit:
    """A unit whose posteriors are given: post_e is (Russian + NULL) × English, post_r Russian × (English + NULL)."""
    return AlignedUnit(ru, [w.lower() for w in ru], en, np.array(post_e), np.array(post_r))


def _unit_of(en: list[str]) -> AlignedUnit:
    """A one-word Russian side over these English words (for the span's trimming alone)."""
    m = len(en)
    return _unit(["слово"], en, [[1.0] * m, [0.0] * m], [[1.0 / (m + 1)] * (m + 1)])


def test_a_neighbour_sure_of_its_english_keeps_it() -> None:
    # «кандидат в президенты»: кандидат explains "presidential" a little better than президенты
    # does (0.5 against 0.4), but президенты is sure of it (0.9): the term gets "candidate" only.
    unit = _unit(
        ["кандидат", "в", "президенты"],
        ["Republican", "presidential", "candidate"],
        [[0.2, 0.5, 0.9], [0.1, 0.0, 0.0], [0.1, 0.4, 0.05], [0.6, 0.1, 0.05]],
        [[0.05, 0.1, 0.8, 0.05], [0.1, 0.1, 0.1, 0.7], [0.05, 0.9, 0.0, 0.05]],
    )
    links = unit.links([0])
    assert [unit.en[j] for j, _ in links] == ["candidate"]
    found = span(unit, links, ["кандидат"])
    assert found is not None and found[1] == "candidate"  # not "presidential candidate"


def test_a_context_word_far_from_the_terms_links_is_not_attached() -> None:
    unit = _unit_of("the Navy held drills near the coast and crews trained hard".split())
    found = span(unit, [(1, 0.9), (9, 0.35)])  # "Navy", and a stray link on "trained"
    assert found is not None and found[1] == "Navy"


def test_a_title_word_the_russian_does_not_say_is_trimmed() -> None:
    unit = _unit_of("President Putin and Mr Trump met".split())
    putin = span(unit, [(0, 0.7), (1, 0.9)], ["путин"])
    assert putin is not None and putin[1] == "Putin"
    trump = span(unit, [(3, 0.6), (4, 0.9)], ["трамп"])
    assert trump is not None and trump[1] == "Trump"
    # the Russian says the title: it stays
    both = span(unit, [(0, 0.7), (1, 0.9)], ["президент", "путин"])
    assert both is not None and both[1] == "President Putin"
    premier = span(_unit_of("the Prime Minister spoke".split()), [(1, 0.8), (2, 0.9)], ["премьер-министр"])
    assert premier is not None and premier[1] == "Prime Minister"


def test_a_closing_possessive_quote_or_verb_in_ed_is_trimmed() -> None:
    unit = _unit_of("the Republican nominee's ability and a pause’ in talks conducted".split())
    nominee = span(unit, [(2, 0.6)])
    assert nominee is not None and nominee[:2] == ("nominee", "nominee")
    pause = span(unit, [(6, 0.7)])
    assert pause is not None and pause[1] == "pause"
    assert span(unit, [(9, 0.6)]) is None  # "conducted" is no noun's translation
    sanctions = span(_unit_of("sanctions imposed".split()), [(0, 0.8), (1, 0.4)])
    assert sanctions is not None and sanctions[1] == "sanctions"
    united = span(_unit_of("the United Nations".split()), [(1, 0.8), (2, 0.9)])
    assert united is not None and united[1] == "United Nations"  # a capital -ed word is no verb


def test_a_name_that_ends_with_a_possessive_keeps_it() -> None:
    # the brand McVitie's is copied into the Russian: its English keeps the 's the trim would take
    unit = _unit_of("biscuits from McVitie's factory".split())
    assert span(unit, [(2, 0.8)], ["mcvitie's"]) == ("mcvitie's", "McVitie's", 0.8)
    assert span(unit, [(2, 0.8)], ["слово"])[1] == "McVitie"  # type: ignore[index]
