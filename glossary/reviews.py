"""Human decisions survive a rebuild.

A glossary that was reviewed (`glossary import-po`, or edited in any format) holds decisions
a rebuild must not throw away: an English equivalent a person approved or wrote. Before a
glossary file is replaced, `carry_reviews` takes those decisions from the file being
replaced (`glossary.targets.previous_entries`; only that file, never another copy) into the
new glossary, which is then written, and counted, as it is:

- an entry with the same id (ids come from the term's lemma key, so they are stable across
  builds) or the same Russian term gets the reviewed English terms and statuses;
- a reviewed entry the new build no longer has (cut by `--max-terms`, or not in these texts)
  is kept as it was.

A decision is an English term whose origin is `review`, or that is approved and does not
come from the shipped reference list (which a rebuild gives again anyway), or a term that
was rejected (`glossary review`: not a term), which stays rejected, or a Russian term whose
origin is `review`: one a reviewer split off into an entry of its own (`glossary review`),
which the rebuild takes out of whatever entry it gives it in again (as a further Russian
term or an inflected variant), so that it stays split.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from glossary.entries import APPROVED, REJECTED, Entry, Glossary
from glossary.extraction.morphology import fold


@dataclass
class CarriedReviews:
    merged: int = 0  # reviewed entries whose decisions were applied to a rebuilt entry
    kept: int = 0  # reviewed entries the rebuild lacked, kept whole

    @property
    def total(self) -> int:
        return self.merged + self.kept


def is_reviewed(entry: Entry) -> bool:
    return (
        any(t.status == REJECTED for t in entry.terms)
        or any(t.origin == "review" or (t.status == APPROVED and t.origin != "reference") for t in entry.terms_in("en"))
        or any(t.origin == "review" for t in entry.terms_in("ru"))
    )


def carry_reviews(glossary: Glossary, old_entries: Iterable[Entry]) -> tuple[Glossary, CarriedReviews]:
    """A copy of `glossary` with the decisions of `old_entries` applied."""
    result = copy.deepcopy(glossary)
    carried = CarriedReviews()
    old_entries = list(old_entries)
    _keep_split(result, {fold(t.text) for old in old_entries for t in old.terms_in("ru") if t.origin == "review"})
    by_id = result.by_id()
    by_term = {fold(t.text): e for e in result.entries for t in e.terms_in("ru")}
    merged_away: set[int] = set()  # id() of rebuilt entries a reviewer had merged into another
    old_terms = {old.id: {fold(t.text) for t in old.terms_in("ru")} for old in old_entries}
    for old in old_entries:
        if not is_reviewed(old):
            continue
        new = by_id.get(old.id) or _by_term(old, by_term, old_terms)
        if new is None:
            result.entries.append(old)
            carried.kept += 1
            continue
        new.terms = [t for t in new.terms if t.lang != "en"] + old.terms_in("en")
        _merged_in(new, old, by_term, merged_away)
        decided = {fold(t.text): t.status for t in old.terms_in("ru") if t.status in (APPROVED, REJECTED)}
        for term in new.terms_in("ru"):
            term.status = decided.get(fold(term.text), term.status)
        carried.merged += 1
    if merged_away:
        result.entries = [e for e in result.entries if id(e) not in merged_away]
    return result, carried


def _by_term(old: Entry, by_term: dict[str, Entry], old_terms: dict[str, set[str]]) -> Entry | None:
    """The rebuilt entry that holds one of `old`'s Russian terms, where the ids do not match;
    `old_terms`: each old entry's folded Russian terms, by id. Not one whose id an old entry
    holding that same term has: two senses of one word share their terms («Сибирь» the region
    and the club, glossary/extraction/senses.py), and a reviewed sense the rebuild no longer
    splits off must not overwrite the other sense's decisions; it is kept as it was."""
    for key in (fold(t.text) for t in old.terms_in("ru")):
        new = by_term.get(key)
        if new is not None:
            return None if key in old_terms.get(new.id, set()) else new
    return None


def _keep_split(glossary: Glossary, split_off: set[str]) -> None:
    """Take the Russian terms a reviewer split off (folded, `split_off`) out of the rebuilt
    entries that hold them as a further term or a variant; an entry whose first term it is
    (the rebuild made it an entry itself) keeps it, and takes the split entry's decisions."""
    if not split_off:
        return
    for entry in glossary.entries:
        ru = entry.terms_in("ru")
        for i, term in enumerate(ru):
            if i > 0 and fold(term.text) in split_off:
                entry.terms.remove(term)
            elif any(fold(v) in split_off for v in term.variants):
                term.variants = [v for v in term.variants if fold(v) not in split_off]


def _merged_in(new: Entry, old: Entry, by_term: dict[str, Entry], merged_away: set[int]) -> None:
    """Russian terms the reviewer merged into `old` (`glossary review`) that the rebuild gives
    as an entry of their own: that entry goes, and its terms join `new` again."""
    have = {fold(t.text) for t in new.terms_in("ru")}
    for term in old.terms_in("ru"):
        key = fold(term.text)
        other = by_term.get(key)
        if key in have or other is None or other is new:
            continue
        merged_away.add(id(other))
        new.frequency += other.frequency
        new.terms.insert(len(new.terms_in("ru")), copy.deepcopy(term))
        have.add(key)
