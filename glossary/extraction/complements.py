"""A plural complement that reads two ways, resolved by the corpus's own singular.

A plural post's bare plural complement is put in the singular for the post's name
(candidates._singular_complement: «председателей регионов» → «председатель региона»), except
where the plural reads as two nouns: «судов» is the genitive plural of суд (a court) and of
судно (a ship), so «председатели судов» keeps its plural, and its lemma key takes pymorphy3's
first reading («председатель судно»), apart from «председатель суд» of «председатель суда».
Where the corpus names the post in the singular with one of the other readings, that is the
reading: the plural sightings are counted with it, and the post is named as the corpus names it.
"""

from __future__ import annotations

from collections import Counter

from glossary.extraction.candidates import PHRASE
from glossary.extraction.morphology import fold, parses
from glossary.extraction.tally import Tally


def _readings(word: str) -> set[str]:
    """The folded lemmas of a word's genitive plural noun readings («судов»: суд, судно)."""
    return {fold(p.normal_form) for p in parses(word) if p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.number == "plur"}


def unresolved(tally: Tally) -> bool:
    """Whether a phrase was only seen in the plural with no singular form of its own: its
    singular forms are its plural ones (candidates.noun_phrases, where _singular_complement
    cannot tell the reading)."""
    return tally.kind == PHRASE and tally.plural_only and set(tally.singular) == set(tally.plural)


def resolve_ambiguous_complements(tallies: dict[str, Tally]) -> None:
    """Count each unresolved plural phrase (`unresolved`) whose last word reads two ways with
    the key that reads it the other way, where the corpus holds that key: «председатели судов»
    with «председатель суда». Its plural forms stay as plural spellings; its singular ones,
    which were its plural, are dropped, so the other key's singular names it."""
    for key in [k for k, t in tallies.items() if " " in k and unresolved(t)]:
        tally = tallies[key]
        words = key.split()
        last = tally.plural.most_common(1)[0][0].split()[-1]
        for reading in sorted(_readings(last) - {words[-1]}):
            other = " ".join([*words[:-1], reading])
            if other in tallies and not tallies[other].plural_only:
                tally.singular = Counter()
                tallies[other].merge(tally)
                del tallies[key]
                break
