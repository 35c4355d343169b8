"""Issue 19, two weak aligned equivalents: an acronym whose English is sometimes plural (НПО:
"NGO" in one unit, "NGOs" in the next) lost to a neighbour seen beside it ("rescue"), and a
span that stopped at an adjective ("Criminal") where the units go on with the noun ("Code").

The sentences are made up; the second test's units are made by hand (`extended` reads only
the English words after each occurrence's span, `whole_name` the counts of the spans)."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from glossary.equivalents.aligned import AlignedEvidence, adjective_like, extended, whole_name
from glossary.equivalents.word_alignment import AlignedUnit, word_key

# НПО is "NGOs" twice and "NGO" three times; "rescue" stands beside it three times, each time
# for another Russian word (спасательный, спасение): with NGO and NGOs as two English words,
# neither explains НПО as well as the neighbour does.
NGO_PAIRS = [
    ("Суд закрыл НПО, которые кормили бездомных собак.", "The court closed NGOs that fed stray dogs."),
    ("Закон обязал НПО отчитываться.", "The law obliged NGOs to report."),
    ("Одна НПО открыла спасательный центр.", "One NGO opened a rescue centre."),
    ("НПО ведет спасение животных.", "An NGO runs animal rescue."),
    ("Одна НПО купила спасательную лодку.", "One NGO bought a rescue boat."),
    ("Суд обязал центр отчитываться.", "The court obliged the centre to report."),
    ("Животные нашли лодку.", "The animals found the boat."),
]


def test_an_acronyms_plural_and_possessive_are_the_acronym() -> None:
    assert word_key("NGOs") == word_key("NGO's") == word_key("NGOs’") == word_key("NGO") == "ngo"
    assert word_key("MPs") == "mp" and word_key("Russia's") == word_key("Russia")
    assert word_key("sanctions") == "sanction"  # english_key's endings still apply
    assert word_key("Is") == "is" and word_key("AIDS") == "aids"  # no plural: not capitals + s


def test_an_acronym_translated_in_singular_and_plural_is_not_its_neighbour() -> None:
    units = {"нпо": [i for i, (ru, _) in enumerate(NGO_PAIRS) if "НПО" in ru]}
    evidence = AlignedEvidence(
        units, {i: en for i, (_, en) in enumerate(NGO_PAIRS)}, {i: ru for i, (ru, _) in enumerate(NGO_PAIRS)}
    )
    found = evidence.equivalent("нпо")
    assert found is not None and found.text in ("NGO", "NGOs")  # not "rescue", not "NGO opened a rescue"


def _unit(en: str) -> AlignedUnit:
    words = en.split()
    m = len(words)
    return AlignedUnit(["слово"], ["слово"], words, np.ones((2, m)), np.ones((1, m + 1)))


def test_a_span_ending_in_an_adjective_takes_the_noun_that_follows_it() -> None:
    units = [
        _unit("under Article 5 of the Criminal Code of the Republic"),
        _unit("the Criminal Code of the Republic was amended"),
        _unit("judges applied the Criminal Code to him"),
    ]
    ends = [(u, u.en.index("Criminal") + 1) for u in units]
    assert extended("criminal", ends, ["ук"]) == ("criminal code", "Criminal Code", 3)
    # two of three go on with "Code": still the name (at EXTEND_SHARE)
    mixed = ends[:2] + [(_unit("a Criminal case"), 2)]
    assert extended("criminal", mixed, ["ук"]) == ("criminal code", "Criminal Code", 2)


def test_a_span_is_not_extended_without_reason() -> None:
    units = [_unit("the Criminal Code was amended"), _unit("a Criminal case opened"), _unit("Criminal charges")]
    ends = [(u, u.en.index("Criminal") + 1) for u in units]
    assert extended("criminal", ends, ["ук"]) is None  # no one noun in most occurrences
    code = [(u, 2) for u in (_unit("the Code is new"), _unit("the Code was amended"))]
    assert extended("code", code, ["ук"]) is None  # a noun ends a term's English
    russian = [(u, 1) for u in (_unit("Russian Federation"), _unit("Russian Federation"))]
    assert extended("russian", russian, ["российский"]) is None  # the term is an adjective itself
    lower = [(u, 2) for u in (_unit("the Federal budget"), _unit("the Federal budget"))]
    assert extended("federal", lower, ["фрс"]) is None  # a capitalised name does not go on in lower case
    assert adjective_like("Criminal") and adjective_like("Investigative") and not adjective_like("Code")


def test_the_whole_name_takes_the_occurrences_that_linked_only_its_noun() -> None:
    # УК in four units: twice only "Criminal" linked, twice only "Code"; "Code" (2) ties
    # "Criminal" (2) as a span, but all four units say "Criminal Code"
    criminal = [_unit("the Criminal Code of the Republic"), _unit("under the Criminal Code today")]
    code = [_unit("Article 5 of the Criminal Code"), _unit("the Criminal Code was amended")]
    other = [_unit("the new Code was amended")]  # a "Code" without "Criminal" stays "Code"
    spans = Counter({"criminal": 2, "code": 3})
    strength: defaultdict[str, float] = defaultdict(float, {"criminal": 1.0, "code": 1.5})
    surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter, {"criminal": Counter({"Criminal": 2})})
    ends = {
        "criminal": [(u, u.en.index("Criminal") + 1) for u in criminal],
        "code": [(u, u.en.index("Code") + 1) for u in code + other],
    }
    assert whole_name("criminal", spans, strength, surfaces, ends, ["ук"])
    assert (spans["criminal code"], spans["criminal"], spans["code"]) == (4, 0, 1)
    assert surfaces["criminal code"].most_common(1)[0][0] == "Criminal Code"
    assert not whole_name("code", spans, strength, surfaces, ends, ["ук"])  # a noun: nothing to do
