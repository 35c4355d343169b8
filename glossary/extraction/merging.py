"""One concept per meaning, on the ranked candidates: fragments dropped, short forms merged.

- A fragment seen only inside a longer kept term is dropped: «резервная система» and
  «федеральная система», whose every occurrence is inside «Федеральная резервная система»
  (their words are a subsequence of its words, and each sentence they occur in holds it too).
- A contracted name is merged into the phrase it contracts, and an acronym into a contracted
  name whose parts give its letters: «Евросоюз» (Евро|союз ← Европейский союз) and «ЕС»;
  «Центробанк» and «ЦБ»; «Генпрокуратура» and «Генеральная прокуратура». The merged candidate
  becomes a synonym of the higher-ranked one (`Candidate.synonyms`), which keeps its counts.
- A phrase followed by its acronym in brackets («гарантированный пенсионный продукт (ГПП)»),
  or introduced by «так называемый» / «далее —», is paired where the sentences are read
  (glossary/build.py `_concepts`, by initials and nearness); nothing is needed here.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossary.extraction.ranking import Candidate

# Connecting vowels of Russian compound abbreviations (Центр-о-банк, Евр-о-союз).
_LINKS = ("", "о", "е")


def contracts(word: str, phrase: str) -> bool:
    """Whether one word is a compound abbreviation of a phrase: each phrase word but the last
    gives a prefix of at least two letters, the last word is the word's end (its stem: the
    word may be inflected differently), e.g. Евросоюз ← Европейский союз, Генпрокуратура ←
    Генеральная прокуратура, Центробанк ← Центральный банк, Минфин ← министерство финансов."""
    word = word.lower().replace("ё", "е")
    parts = phrase.lower().replace("ё", "е").split()
    if len(parts) < 2 or " " in word:
        return False
    *heads, last = parts

    def match(rest: str, index: int) -> bool:
        if index == len(heads):
            # The last word: the rest is its beginning (Мин|фин ← финансов) or the word itself.
            return len(rest) >= 3 and (last.startswith(rest) or rest.startswith(last))
        head = heads[index]
        for n in range(2, len(head) + 1):
            prefix = head[:n]
            if not rest.startswith(prefix):
                break
            for link in _LINKS:
                after = rest[n:]
                if after.startswith(link) and match(after[len(link) :], index + 1):
                    return True
        return False

    return match(word, 0)


def _contracted_initials(acronym: str, word: str) -> bool:
    """Whether a two-letter acronym's letters open the two parts of a contracted name
    (ЕС ← Евро|союз, ЦБ ← Центро|банк): a prefix of two letters or more, then a known noun."""
    from glossary.extraction.morphology import parses

    letters, word = acronym.lower(), word.lower()
    if len(letters) != 2 or word[0] != letters[0]:
        return False
    for cut in range(2, len(word) - 2):
        part = word[cut:]
        if part[0] == letters[1] and any(p.tag.POS == "NOUN" and p.is_known and p.normal_form == part for p in parses(part)):
            return True
    return False


def drop_fragments(kept: list[Candidate]) -> list[Candidate]:
    """The candidates less the phrases seen only inside a longer kept term."""
    inside: dict[str, list[Candidate]] = {}
    for c in kept:
        words = c.key.split()
        if 3 <= len(words) <= 6:
            for n in range(2, len(words)):
                for sub in itertools.combinations(words, n):
                    inside.setdefault(" ".join(sub), []).append(c)
    out = []
    for c in kept:
        if c.words >= 2 and not c.in_reference:
            sentences = set(c.sentences)
            if any(o.frequency >= c.frequency and sentences <= set(o.sentences) for o in inside.get(c.key, [])):
                continue
        out.append(c)
    return out


def merge_synonyms(ranked: list[Candidate]) -> list[Candidate]:
    """Contracted names merged into their phrase, and two-letter acronyms into the contracted
    name they abbreviate; the better-ranked candidate stays and lists the other as a synonym."""
    from glossary.extraction.candidates import ACRONYM, PHRASE

    absorbed: set[str] = set()
    singles = [c for c in ranked if " " not in c.canonical and c.kind != ACRONYM and c.canonical[:1].isupper()]
    # Only a proper name is contracted into a proper name: «Газпром» is no «газовая промышленность».
    phrases = [c for c in ranked if c.kind in (PHRASE, "name") and " " in c.canonical and c.canonical[:1].isupper()]
    acronyms = [c for c in ranked if c.kind == ACRONYM]
    for single in singles:
        partners = [p for p in phrases if p.key not in absorbed and contracts(single.canonical, p.canonical)]
        partners += [a for a in acronyms if a.key not in absorbed and _contracted_initials(a.canonical, single.canonical)]
        for partner in partners:
            main, other = (single, partner) if ranked.index(single) < ranked.index(partner) else (partner, single)
            if main.key in absorbed or other.key in absorbed:
                continue
            main.synonyms.append(other)
            absorbed.add(other.key)
    return [c for c in ranked if c.key not in absorbed]
