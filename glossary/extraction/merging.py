"""One concept per meaning, on the ranked candidates: fragments dropped, short forms merged.

- A fragment seen only inside a longer kept term is dropped: «резервная система» and
  «федеральная система», whose every occurrence is inside «Федеральная резервная система»
  (their words are a subsequence of its words, and each sentence they occur in holds it too).
- A contracted name is merged into the phrase it contracts, and an acronym into a contracted
  name whose parts give its letters: «Евросоюз» (Евро|союз ← Европейский союз) and «ЕС»;
  «Центробанк» and «ЦБ»; «Генпрокуратура» and «Генеральная прокуратура». The merged candidate
  becomes a synonym of the higher-ranked one (`Candidate.synonyms`), which keeps its counts.
- A phrase followed by its acronym in brackets («гарантированный пенсионный продукт (ГПП)»)
  is paired where concepts are made (glossary/build.py `_concepts`, by initials and nearness).
- A term the text itself names another way is merged by the pattern (`merge_explicit`):
  «Федеральная налоговая служба (далее — Служба)», «Исламское государство, или ИГИЛ,»,
  «электронные браслеты, так называемые трекеры».
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
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
    from glossary.extraction.candidates import ACRONYM, NAME, PHRASE

    absorbed: set[str] = set()
    # A quoted name kept apart from the common noun («Голос», candidates.name_key) is one with
    # the same name written bare, where that is a name too («Коммерсант» and Коммерсант).
    by_key = {c.key: c for c in ranked}
    for sense in [c for c in ranked if c.key.startswith("«")]:
        bare = by_key.get(sense.key.strip("«»"))
        if bare is not None and bare.kind == NAME:
            main, other = (sense, bare) if ranked.index(sense) < ranked.index(bare) else (bare, sense)
            main.synonyms.append(other)
            absorbed.add(other.key)
    singles = [
        c for c in ranked if c.key not in absorbed and " " not in c.canonical and c.kind != ACRONYM and c.canonical[:1].isupper()
    ]
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
    by_first: dict[str, list[Candidate]] = {}  # a short form shares its first word: compared within these only
    for c in phrases:
        by_first.setdefault(c.key.split()[0], []).append(c)
    for short in [c for c in phrases if c.key not in absorbed]:
        same_start = by_first[short.key.split()[0]]
        fulls = [p for p in same_start if p is not short and p.key not in absorbed and short_form(short.key, p.key)]
        if len(fulls) != 1 or short.key in absorbed:
            continue  # «Федеральная служба» of which of the federal services: none merged
        full = fulls[0]
        # The full name is the headword («Федеральная резервная система», which ФРС abbreviates),
        # in the better-ranked place of the two.
        full.synonyms.append(short)
        absorbed.add(short.key)
        if ranked.index(short) < ranked.index(full):
            ranked = [full if c is short else short if c is full else c for c in ranked]
    return [c for c in ranked if c.key not in absorbed]


def short_form(short: str, full: str) -> bool:
    """Whether one name's lemma key is a short form of another's: fewer words, the same first
    word, and each of its words, in order, the stem of one of the longer name's words, one at
    least shortened («федеральный резерв» ← «федеральный резервный система»: резерв|ный)."""
    a, b = short.split(), full.split()
    if not 2 <= len(a) < len(b) or a[0] != b[0]:
        return False
    if set(a[1:]) <= set(b):
        # «Генеральная прокуратура» of «Генеральная прокуратура штата», «Верховный суд» of
        # «Верховный суд США»: the longer one names another office, not the same one in full.
        return False
    at = 1
    for word in a[1:]:
        stem = word if len(word) <= 4 else word[: max(4, len(word) - 1)]
        while at < len(b) and not b[at].startswith(stem):
            at += 1
        if at == len(b):
            return False
        at += 1
    return True


# «A (далее — B)», «A (далее по тексту B)», «A, так называемый B», «A (так называемые B)»,
# «A, или B», «A, также известный как B»; «A (B)» where one of them is an acronym: the text
# says that B names A.
_EXPLICIT = re.compile(
    r"\s*(?:\(\s*далее(?:\s+по\s+тексту)?\s*[—–-]?\s*|[,(]\s*(?:или\s+)?так\s+называем[а-яё]+\s+|,\s*или\s+"
    r"|,\s*(?:также\s+|еще\s+|ещё\s+)?известн[а-яё]+\s+(?:также\s+)?как\s+|\(\s*[\"«„]?)",
    re.IGNORECASE,
)
# What must follow B in «A (B)»: the bracket closes, B is all it holds.
_CLOSING = re.compile(r"[\"»“]?\s*\)")
_AFTER = re.compile(r"(?:[^\w-]|$)")


def merge_explicit(ranked: list[Candidate], texts: Mapping[int, str]) -> list[Candidate]:
    """Candidates the texts themselves name as one («A (далее — B)», «A, так называемый B»,
    «A, или B»), merged: the better-ranked one stays and lists the other as a synonym.
    `texts` holds the sentences by index (at least those the candidates occur in). «или» is
    also a plain «or» («налоги, или сборы»), so there one side must be an acronym or a name."""
    from glossary.extraction.candidates import ACRONYM, NAME

    by_sentence: dict[int, list[Candidate]] = {}
    for c in ranked:
        for i in c.sentences:
            by_sentence.setdefault(i, []).append(c)
    rank = {id(c): n for n, c in enumerate(ranked)}
    absorbed: set[int] = set()
    for i, present in by_sentence.items():
        text = texts.get(i, "")
        if len(present) < 2 or not _EXPLICIT.search(text):
            continue
        for marker in _EXPLICIT.finditer(text):
            before, after = text[: marker.start()].lower(), text[marker.end() :].lower()
            left, right = _longest(present, before, ending=True), _longest(present, after, ending=False)
            if left is None or right is None or left is right or id(left) in absorbed or id(right) in absorbed:
                continue
            word = marker.group().lower()
            if "или" in word and "так" not in word:
                if not {left.kind, right.kind} & {ACRONYM, NAME}:
                    continue
            if word.strip().strip('"«„').strip() == "(":
                if not _bracketed_pair(left, right, after):
                    continue
            if not (_only_beside(left, right) and _only_beside(right, left)):
                continue
            main, other = (left, right) if rank[id(left)] < rank[id(right)] else (right, left)
            main.synonyms.append(other)
            absorbed.add(id(other))
    return [c for c in ranked if id(c) not in absorbed]


def _bracketed_pair(left: Candidate, right: Candidate, after: str) -> bool:
    """«ФЕТО ("Террористическая организация фетхуллахистов")», «Организация Североатлантического
    договора (НАТО)»: an acronym and a name of two words or more, the bracket holding one of
    them whole. A pair whose initials match is left to glossary/build.py `_concepts`, which
    pairs it as an acronym and its full form; a bracketed aside of two common words is no
    name («ЦБ (ключевая ставка)»), so the name must be written with a capital."""
    from glossary.extraction.acronyms import initials_match
    from glossary.extraction.candidates import ACRONYM

    acronyms = [c for c in (left, right) if c.kind == ACRONYM]
    if len(acronyms) != 1:
        return False
    acronym = acronyms[0]
    name = right if acronym is left else left
    if name.words < 2 or initials_match(acronym.canonical, name.canonical):
        return False
    inside = next(
        (v for v in sorted(right.variants or [right.canonical], key=len, reverse=True) if after.startswith(v.lower())), None
    )
    if inside is None or not _CLOSING.match(after, len(inside)):
        return False
    return any(v[:1].isupper() for v in name.variants or [name.canonical])


def _only_beside(c: Candidate, other: Candidate) -> bool:
    """A single common word («служба» of «(далее — Служба)») names the concept only where the
    longer name is near: merged only when it never occurs without it."""
    from glossary.extraction.candidates import WORD

    return c.kind != WORD or set(c.sentences) <= set(other.sentences)


def _longest(candidates: list[Candidate], text: str, ending: bool) -> Candidate | None:
    """The candidate with the longest surface (as written) that ends `text` (`ending`) or opens
    it, as whole words."""
    best: tuple[int, Candidate] | None = None
    for c in candidates:
        for variant in c.variants or [c.canonical]:
            v = variant.lower()
            if ending:
                fits = text.endswith(v) and not text[: -len(v)][-1:].isalnum()
            else:
                fits = text.startswith(v) and bool(_AFTER.match(text, len(v)))
            if v and fits and (best is None or len(v) > best[0]):
                best = (len(v), c)
    return best[1] if best else None
