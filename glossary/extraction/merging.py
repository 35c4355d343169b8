"""One concept per meaning, on the ranked candidates: fragments dropped, short forms merged.

The stages, in the order they run:

1. `drop_fragments` (ranking.rank_candidates, on the candidates that pass the thresholds): a
   fragment seen only inside a longer kept term is dropped: «резервная система» and
   «федеральная система», whose every occurrence is inside «Федеральная резервная система»
   (their words are a subsequence of its words, and each sentence they occur in holds it too);
   so is a piece seen only inside a capitalised name that was not kept («Всероссийская
   федерация» of «Всероссийская федерация лёгкой атлетики»).
2. `merge_synonyms` (ranking.rank_candidates, on the ranked list), itself in three steps:
   a. a contracted name is merged into the phrase it contracts, and an acronym into a
      contracted name whose parts give its letters: «Евросоюз» (Евро|союз ← Европейский союз)
      and «ЕС»; «Центробанк» and «ЦБ»; «Генпрокуратура» and «Генеральная прокуратура». The
      merged candidate becomes a synonym of the higher-ranked one (`Candidate.synonyms`),
      which keeps its counts; a name cut short is merged into the name it cuts (`clipped`:
      «Госдеп» of «Госдепартамент», not «Газпром» of «Газпромбанк»); a name shortened
      («Федеральный резерв») or with its level adjective left out near it (`level_dropped`:
      «Тимирязевский суд» of «Тимирязевский районный суд») is folded into the full name;
   b. a phrase is merged into the same phrase with a genitive complement when it only occurs
      near it, in the same story (`merge_complemented`): «реальный сектор» a few sentences
      after «реальный сектор экономики» is that concept, shortened (`complemented_by`,
      `SHORT_FORM_WINDOW`). A place or a territory as the complement names another body
      («налоговая служба России», «генеральная прокуратура штата»): never merged;
   c. a short form seen (nearly) only inside or a few sentences after a longer name that
      holds it is folded into that name (`fold_short_forms`): «служба здравоохранения» after
      «Национальная служба здравоохранения», «Национальный комитет» of «Национальный комитет
      Республиканской партии»; a piece of its complement seen only inside it is dropped, and
      so is a bare institution noun («агентство») whose sightings the names holding it explain.
3. `merge_explicit` (glossary/build.py, on the texts): a term the text itself names another
   way is merged by the pattern: «Федеральная налоговая служба (далее — Служба)»,
   «Исламское государство, или ИГИЛ,», «электронные браслеты, так называемые трекеры».
   Senses are split right after it (glossary/extraction/senses.py `split_senses`).
4. A phrase followed by its acronym in brackets («гарантированный пенсионный продукт (ГПП)»)
   is paired where concepts are made (glossary/build.py `pair_concepts`, by initials and
   nearness).
5. `merge_same_english` (glossary/build.py, on the entries once they have English): entries
   whose Russian terms have the same confident human English are one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.extraction.morphology import fold

if TYPE_CHECKING:
    from glossary.entries import Entry
    from glossary.extraction.ranking import Candidate

# Connecting vowels of Russian compound abbreviations (Центр-о-банк, Евр-о-союз).
_LINKS = ("", "о", "е")


def contracts(word: str, phrase: str) -> bool:
    """Whether one word is a compound abbreviation of a phrase: each phrase word but the last
    gives a prefix of at least two letters, the last word is the word's end (its stem: the
    word may be inflected differently) or its beginning with a connecting vowel, e.g. Евросоюз ←
    Европейский союз, Генпрокуратура ← Генеральная прокуратура, Центробанк ← Центральный банк,
    Минфин ← министерство финансов, Минэнерго ← министерство энергетики."""
    word = word.lower().replace("ё", "е")
    parts = phrase.lower().replace("ё", "е").split()
    if len(parts) < 2 or " " in word:
        return False
    *heads, last = parts

    def match(rest: str, index: int) -> bool:
        if index == len(heads):
            # The last word: the rest is its beginning (Мин|фин ← финансов) or the word itself,
            # or its beginning and a connecting vowel (Мин|энерг|о ← энергетики).
            stem = rest[:-1] if rest[-1:] in ("о", "е") else rest
            if len(rest) >= 3 and (last.startswith(rest) or rest.startswith(last)):
                return True
            return stem != rest and len(stem) >= 4 and last.startswith(stem)
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


def clipped(short: str, long: str) -> bool:
    """Whether a one-word name is the other cut short: «Госдеп» of «Госдепартамент». The cut
    falls inside a word part, so what it leaves («артамент») is no word of its own; where it
    is one («Газпром» of «Газпромбанк», «банк»), the longer name is another body."""
    from tm.language.morphology import analyzer

    short, long = fold(short), fold(long)
    rest = long[len(short) :]
    return (
        len(short) >= 5 and " " not in long and long.startswith(short) and len(rest) >= 3 and not analyzer().word_is_known(rest)
    )


def _starting_with(folded: list[tuple[str, int]], prefix: str) -> list[int]:
    """The indices, in their list's order, of the sorted folded forms that start with `prefix`."""
    start = bisect.bisect_left(folded, (prefix, -1))
    found = itertools.takewhile(lambda item: item[0].startswith(prefix), itertools.islice(folded, start, None))
    return sorted(i for _, i in found)


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


def _without_state(acronym: str) -> str:
    """A Russian institution's acronym less the letters of its state, Р(оссии) or РФ (ЦБР, ЦБ
    РФ → ЦБ); any other acronym as it is. Of a bare Р, only a three-letter acronym (ЦБР, not
    ЛДПР), and merged only where it stays near the contracted name (`_always_near`)."""
    for state in (" РФ", "РФ"):
        if acronym.endswith(state) and len(acronym) - len(state) >= 2:
            return acronym[: -len(state)]
    return acronym[:2] if len(acronym) == 3 and acronym.endswith("Р") else acronym


def drop_fragments(kept: list[Candidate], rejected_names: Sequence[Candidate] = ()) -> list[Candidate]:
    """The candidates less the phrases seen only inside a longer kept term, and less those seen
    only inside a longer name that was not kept (`rejected_names`, capitalised:
    keeping.passes_on_its_verdict): «Всероссийская федерация» and «ассоциация
    легкоатлетических федераций» of two sports bodies' names, «Метеорологическая служба» of
    «Национальная Метеорологическая служба» are pieces of a name whose verdict is the name's,
    not terms that the name's absence sets free. A long phrase in lower case passes nothing on:
    it may hold the term («уклонение от уплаты налогов» of «злостное уклонение …»)."""
    inside = _holders(kept)
    inside_rejected = _holders(rejected_names)
    opening = _openers(kept)
    out = []
    for c in kept:
        if c.words >= 2 and not c.in_reference:
            sentences = set(c.sentences)
            if any(o.frequency >= c.frequency and sentences <= set(o.sentences) for o in inside.get(c.key, [])):
                continue
            if any(sentences <= set(o.sentences) for o in inside_rejected.get(c.key, [])):
                continue
            if _cut_from_names(c, opening.get(c.key, [])):
                continue
        out.append(c)
    return out


def _openers(candidates: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Each first two words or more of a longer candidate's key → the candidates it opens (a
    name's head, cut before its complement: «консультативный комитет» of «… по финансовым
    рынкам»), whatever the name's length."""
    opening: dict[str, list[Candidate]] = {}
    for c in candidates:
        words = c.key.split()
        for n in range(2, len(words)):
            opening.setdefault(" ".join(words[:n]), []).append(c)
    return opening


def _cut_from_names(c: Candidate, holders: Sequence[Candidate]) -> bool:
    """Whether a capitalised name is seen only opening longer capitalised names, none of which
    holds every sighting: «Консультативный комитет» of «Консультативный комитет по финансовым
    рынкам» and «… по миграционной политике», «Федеральное агентство» of two agencies' names.
    A name cut from several names names none of them. A phrase in lower case is a concept,
    which longer names may hold and still name it («национальная безопасность» of «Комитет
    национальной безопасности» and «Совет национальной безопасности»)."""
    names = [o for o in holders if o.canonical[:1].isupper()]
    if len(names) < 2 or not c.canonical[:1].isupper() or c.case_unknown:
        return False
    return set(c.sentences) <= set().union(*(o.sentences for o in names))


def _holders(candidates: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Each key of two or more words that is a subsequence of a longer candidate's key (3–6
    words) → the candidates that hold it."""
    inside: dict[str, list[Candidate]] = {}
    for c in candidates:
        words = c.key.split()
        if 3 <= len(words) <= 6:
            for n in range(2, len(words)):
                for sub in itertools.combinations(words, n):
                    inside.setdefault(" ".join(sub), []).append(c)
    return inside


def merge_synonyms(ranked: list[Candidate], documents: Sequence[int] | None = None) -> list[Candidate]:
    """Contracted names merged into their phrase, clipped names into the name they cut short
    (`clipped`: Госдеп ← Госдепартамент), and two-letter acronyms into the contracted name they
    abbreviate; the better-ranked candidate stays and lists the other as a synonym. A name
    shortened, or with its level adjective left out (`level_dropped`: «Тимирязевский суд» near
    «Тимирязевский районный суд»), is merged into the full name, the headword.
    A phrase seen only near its longer form with a genitive complement is merged into that
    (`merge_complemented`; `documents`, the document of each sentence, bounds the nearness)."""
    from glossary.entries import PLACE
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
    # A phrase seen only at a sentence's start may be one too («Генеральная прокуратура
    # Казахстана направила…», then «Генпрокуратура»): its contraction, a name, says so.
    contracted = phrases + [c for c in ranked if c.kind == PHRASE and c.case_unknown and not c.canonical[:1].isupper()]
    # A state's acronym contracts no name: РК is the Republic of Kazakhstan, not Рос|космос.
    acronyms = [c for c in ranked if c.kind == ACRONYM and c.category != PLACE]
    # Sorted folded forms: the names a single could cut short are one bisect away, not a scan
    # of every other single (an archive has thousands of capitalised words).
    folded_singles = sorted((fold(c.canonical), i) for i, c in enumerate(singles))
    for single in singles:
        partners = [p for p in contracted if p.key not in absorbed and contracts(single.canonical, p.canonical)]
        partners += [a for a in acronyms if a.key not in absorbed and _contracted_initials(a.canonical, single.canonical)]
        partners += [
            singles[i]
            for i in _starting_with(folded_singles, fold(single.canonical))
            if singles[i] is not single and singles[i].key not in absorbed and clipped(single.canonical, singles[i].canonical)
        ]
        # «ЦБР» two sentences after «Центробанк»: the Bank of Russia with the state's letter on.
        partners += [
            a
            for a in acronyms
            if a.key not in absorbed
            and _contracted_initials(_without_state(a.canonical), single.canonical)
            and _always_near(a, single, documents)
        ]
        for partner in partners:
            main, other = (single, partner) if ranked.index(single) < ranked.index(partner) else (partner, single)
            if main.key in absorbed or other.key in absorbed:
                continue
            if partner.case_unknown and not partner.canonical[:1].isupper():
                partner.canonical = partner.canonical[:1].upper() + partner.canonical[1:]
            main.synonyms.append(other)
            absorbed.add(other.key)
    by_first: dict[str, list[Candidate]] = {}  # a short form shares its first word: compared within these only
    for c in phrases:
        by_first.setdefault(c.key.split()[0], []).append(c)
    for short in [c for c in phrases if c.key not in absorbed]:
        same_start = by_first[short.key.split()[0]]
        fulls = [
            p
            for p in same_start
            if p is not short
            and p.key not in absorbed
            and (short_form(short.key, p.key) or (level_dropped(short.key, p.key) and _explained_by(short, p, documents)))
        ]
        if len(fulls) != 1 or short.key in absorbed:
            # «Федеральная служба» of which of the federal services, «Московский суд» of the
            # city's or the region's: none merged
            continue
        full = fulls[0]
        # The full name is the headword («Федеральная резервная система», which ФРС abbreviates),
        # in the better-ranked place of the two.
        full.synonyms.append(short)
        absorbed.add(short.key)
        if ranked.index(short) < ranked.index(full):
            ranked = [full if c is short else short if c is full else c for c in ranked]
    return fold_short_forms(merge_complemented([c for c in ranked if c.key not in absorbed], documents), documents)


# How near the complemented phrase a short one must always be, in sentences: about one news
# story, which names a concept in full once and then goes on with the short form.
SHORT_FORM_WINDOW = 15
# Complements that name a territory: the phrase with one names that territory's body, another
# concept than the phrase alone («генеральная прокуратура штата», «налоговая служба района»).
_TERRITORY_NOUNS = frozenset(
    "страна государство штат республика область край регион район округ город провинция мир федерация".split()
)


def complemented_by(short: Candidate, full: Candidate) -> bool:
    """Whether `full` is `short` followed by a genitive complement that names no place,
    territory or person: «реальный сектор экономики» of «реальный сектор», not «налоговая
    служба России». The complement is one noun in the genitive, its adjective before it."""
    from glossary.extraction.morphology import parses

    words, extra = short.key.split(), full.key.split()
    if len(words) < 2 or extra[: len(words)] != words or not 1 <= len(extra) - len(words) <= 2:
        return False
    complement = full.canonical.split()[len(words) :]
    if len(complement) != len(extra) - len(words) or any(not w[:1].islower() for w in complement):
        return False
    *adjectives, noun = complement
    nouns = [p for p in parses(noun) if p.tag.POS == "NOUN" and p.tag.case == "gent"]
    if not nouns or any("Geox" in p.tag for p in parses(noun)) or nouns[0].normal_form in _TERRITORY_NOUNS:
        return False
    if "anim" in nouns[0].tag:
        return False  # a person's: «государственный визит президента» is a visit, not a longer name
    return all(any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "gent" for p in parses(a)) for a in adjectives)


def near(i: int, others: Iterable[int], window: int, documents: Sequence[int] | None) -> bool:
    """Whether sentence `i` is within `window` sentences of one of `others`, in the same
    document (all one document when `documents` is None): the local evidence that pairs an
    acronym with its phrase (build.pair_concepts) and a short form with its full one."""

    def document(k: int) -> int:
        return documents[k] if documents is not None and k < len(documents) else 0

    return any(abs(i - j) <= window and document(i) == document(j) for j in others)


def _always_near(short: Candidate, full: Candidate, documents: Sequence[int] | None) -> bool:
    """Whether every sentence of `short` is within SHORT_FORM_WINDOW sentences of one of
    `full`, in the same document (a candidate keeps at most tally.SENTENCES_KEPT sentences)."""
    return all(near(i, full.sentences, SHORT_FORM_WINDOW, documents) for i in short.sentences)


def merge_complemented(ranked: list[Candidate], documents: Sequence[int] | None = None) -> list[Candidate]:
    """Phrases seen only near one longer form of themselves with a genitive complement
    (`complemented_by`), and in sentences of their own no more often than it, merged into it:
    the longer one is the headword, in the better-ranked place of the two, and lists the short
    one as a synonym. Two such longer forms: neither."""
    from glossary.extraction.candidates import PHRASE

    by_start: dict[str, list[Candidate]] = {}
    for c in ranked:
        if c.kind == PHRASE:
            by_start.setdefault(" ".join(c.key.split()[:2]), []).append(c)
    absorbed: set[int] = set()
    for short in [c for c in ranked if c.kind == PHRASE and not c.in_reference]:
        fulls = [f for f in by_start.get(" ".join(short.key.split()[:2]), []) if f is not short and complemented_by(short, f)]
        if len(fulls) != 1 or id(fulls[0]) in absorbed or id(short) in absorbed:
            continue
        full = fulls[0]
        if not _always_near(short, full, documents) or len(set(short.sentences) - set(full.sentences)) > full.frequency:
            # Shortened more often than named in full, the short one is a concept of its own:
            # «цифровая трансформация», twice alone after one «цифровая трансформация экономики».
            continue
        full.synonyms.append(short)
        absorbed.add(id(short))
        if ranked.index(short) < ranked.index(full):
            ranked = [full if c is short else short if c is full else c for c in ranked]
    return [c for c in ranked if id(c) not in absorbed]


# The share of a short form's sentences that must hold its long name or follow it within
# SHORT_FORM_WINDOW sentences: «nearly all», one sighting in ten may stand elsewhere.
FOLD_SHARE = 0.9


def _parts(c: Candidate) -> Iterable[tuple[str, bool]]:
    """The contiguous parts of a phrase's words, shorter than it, each with whether it holds
    the head noun: a short form (a left adjective dropped, a complement dropped, or both),
    or, without the head, a piece of the complement («охрана окружающей среды» of «Агентство
    по охране окружающей среды»)."""
    from glossary.extraction.categories import phrase_head

    words = c.key.split()
    head = phrase_head(c.canonical, c.lemmas or tuple(words))
    at = words.index(head) if head in words else len(words) - 1
    for n in range(1, len(words)):
        for start in range(len(words) - n + 1):
            yield " ".join(words[start : start + n]), start <= at < start + n


# How near its long name a short form must be, in sentences: a long story names an agency in
# full once and goes on with «агентство судебной медицины» for a page (raw-test2: 16 sentences).
FOLD_WINDOW = 2 * SHORT_FORM_WINDOW


# A bare institution noun heading this many capitalised names is a kind of body; this share of
# its sightings near them then makes it no term of its own (fold_short_forms).
KIND_NAMES, KIND_SHARE = 3, 2 / 3


def _explained_by(
    short: Candidate,
    fulls: Candidate | Sequence[Candidate],
    documents: Sequence[int] | None,
    window: int = FOLD_WINDOW,
    share: float = FOLD_SHARE,
) -> bool:
    """Whether (nearly) every sentence of `short` (`share` of them) holds one of `fulls` or is
    within `window` sentences of one that does, in the same document."""
    sentences = sorted({i for f in ([fulls] if not isinstance(fulls, Sequence) else fulls) for i in f.sentences})
    inside = set(sentences)
    explained = sum(i in inside or near(i, sentences, window, documents) for i in short.sentences)
    return explained >= share * len(short.sentences)


def _bare_institution(c: Candidate) -> bool:
    """A single common noun that names an institution (агентство, служба, комитет): used bare,
    it points back to the name the story gave in full; any other single word is a term of its
    own even where a longer one holds it («санкции» beside «антироссийские санкции»)."""
    from glossary.extraction.candidates import WORD
    from glossary.extraction.categories import institution_noun

    return c.kind == WORD and institution_noun((c.lemmas[:1] or (c.key,))[0])


def _institution_phrase(c: Candidate) -> bool:
    """A phrase headed by an institution noun («Республиканская партия» inside «Национальный
    комитет Республиканской партии»): a body of its own, kept even where only its committee is
    named."""
    from glossary.extraction.categories import institution_noun, phrase_head

    return institution_noun(phrase_head(c.canonical, c.lemmas or tuple(c.key.split())))


def _a_name(c: Candidate) -> bool:
    """A name: capitalised, or headed by an institution noun («шведское национальное
    агентство судебной медицины»)."""
    return c.canonical[:1].isupper() or _institution_phrase(c)


def fold_short_forms(ranked: list[Candidate], documents: Sequence[int] | None = None) -> list[Candidate]:
    """Short forms folded into the long name they shorten: a candidate whose sightings are
    (nearly) all inside, or a few sentences after, a longer name (`_a_name`) that holds its words as
    a contiguous part («служба здравоохранения» after «Национальная служба здравоохранения»,
    «Национальный комитет» of «Национальный комитет Республиканской партии», «агентство» after
    «Агентство по охране окружающей среды») is that name shortened, not a term to rank. A
    phrase becomes a synonym of the long name, which takes the better-ranked place of the two;
    a bare institution noun (`_bare_institution`) is dropped where the capitalised names that
    hold it explain its sightings between them, and listed as no synonym: it names any agency. A
    phrase cut from inside the complement («гражданские свободы» of «Американский союз защиты
    гражданских свобод») is no name of it: dropped where it is only seen inside it, unless it
    names a body of its own (`_institution_phrase`: «Республиканская партия»). A phrase with
    its complement dropped, shortened more often than named in full, is a concept of its own
    and stays (as in merge_complemented); one with a left adjective dropped is folded however
    often the story repeats it. Reference terms and names stay. Near means within FOLD_WINDOW
    sentences, in one document.

    Two long names may explain one short form («Национальная» and «Государственная служба
    здравоохранения»: they differ only in a left adjective, the short form keeps the head and
    the complement). It is folded into the more frequent only where every other one is seen
    (nearly) only near it too: two translations of one institution in one story. Where the
    other stands in stories of its own it may be a different institution, and the short form
    then names either: it is folded into neither (a wrong merge hides a term, a kept fragment only
    costs a slot). Long names that differ in their complements («пропускная способность
    коридора», «… артерии») make the short form their common head, a concept of its own: kept."""
    from glossary.extraction.candidates import ACRONYM, NAME, PHRASE

    by_part: dict[str, list[tuple[Candidate, bool]]] = {}
    for c in ranked:
        if c.kind in (PHRASE, NAME) and c.words >= 2:
            for part, with_head in set(_parts(c)):
                by_part.setdefault(part, []).append((c, with_head))
    absorbed: set[int] = set()
    for short in [c for c in ranked if c.key in by_part and not c.in_reference and c.kind not in (ACRONYM, NAME)]:
        if id(short) in absorbed or not (short.kind == PHRASE or _bare_institution(short)):
            continue
        # A piece of a complement is no name of the institution: dropped where it is only seen
        # inside it (the same sentences); near it, it is a concept of its own, which the story
        # goes on about («охрана окружающей среды» after the agency's name).
        pieces = [f for f, with_head in by_part[short.key] if not with_head and id(f) not in absorbed]
        if (
            short.kind == PHRASE
            and not _institution_phrase(short)
            and any(_explained_by(short, f, documents, window=0) for f in pieces)
        ):
            absorbed.add(id(short))
            continue
        named = [f for f, with_head in by_part[short.key] if with_head and id(f) not in absorbed]
        if short.kind != PHRASE:
            # A bare institution noun is dropped where the proper names that hold it explain
            # all its sightings between them («агентство» of three agencies, each named in
            # full). Beside a common phrase it is a term («администрация» of «администрация
            # президента»: the Administration).
            # Heading KIND_NAMES names or more, it is a kind of body, of which the text names
            # many, and «(nearly) all» relaxes to KIND_SHARE: «агентство» of five agencies, and
            # of «агентство "Ассошиэйтед Пресс"», whose name in quotes holds no candidate.
            proper = [f for f in named if f.canonical[:1].isupper()]
            share = KIND_SHARE if len(proper) >= KIND_NAMES else FOLD_SHARE
            if proper and _explained_by(short, proper, documents, share=share):
                absorbed.add(id(short))
            continue
        # A short form of a name: of a generic phrase, the phrase with a left adjective dropped
        # is a concept of its own («налоговая ставка» of «совокупная налоговая ставка»).
        fulls = [f for f in named if _a_name(f) and _explained_by(short, f, documents)]
        if not fulls:
            continue
        if len(fulls) > 1 and not all(f.key.endswith(" " + short.key) for f in fulls):
            continue  # «пропускная способность» of «… коридора» and «… артерии»: the head, a concept of its own
        full = max(fulls, key=lambda f: (f.frequency, -ranked.index(f)))
        if any(not _explained_by(f, full, documents) for f in fulls if f is not full):
            continue  # another institution, in stories of its own: the short form names either
        if (
            not full.key.endswith(" " + short.key)
            and len(set(short.sentences) - set(full.sentences)) > full.frequency
            and not _capitalised_short_name(short, full)
        ):
            # Its complement dropped, and shortened more often than named in full, it is a
            # concept of its own («цифровая трансформация»); a left adjective dropped, it keeps
            # the name's head and complement, which a story repeats after one full mention.
            continue
        absorbed.add(id(short))
        full.synonyms += [short, *short.synonyms]
        short.synonyms = []
        if ranked.index(short) < ranked.index(full):
            ranked = [full if c is short else short if c is full else c for c in ranked]
    return [c for c in ranked if id(c) not in absorbed]


def _capitalised_short_name(short: Candidate, full: Candidate) -> bool:
    """Whether a short form and the long name it shortens are both written with a capital
    mid-sentence (a sentence-initial capital is gone from a canonical form: ranking._canonical),
    and the long name's complement is followed by a state in nearly every sighting
    (Candidate.before_state). Such a complement names the owner, the state's forces or
    ministry («Южное командование вооружённых сил Франции»), not the body's own field: the
    capitalised short form is that body's name, shortened as a story goes on, however often it
    is repeated. A complement with no state after it tells one body of a kind from another
    («Краевая служба охраны лесов»), and its head phrase stays a concept of its own, as a
    lower-case «цифровая трансформация» does."""
    return short.canonical[:1].isupper() and full.canonical[:1].isupper() and full.before_state


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


# The adjectives of the levels of a state's territorial division (район, город, область, край,
# округ, the federation): a closed class that says at which level a body sits, not which body it
# is. Between a body's own adjective and its head («Тимирязевский районный суд») one is often
# left out as a story goes on («решением Тимирязевского суда»): `level_dropped`.
# «республиканский» is left out: it names a party as often («Национальный республиканский
# комитет»).
_LEVEL_ADJECTIVES = frozenset("районный межрайонный городской областной краевой окружной окружный федеральный".split())


def level_dropped(short: str, full: str) -> bool:
    """Whether one name's lemma key is another's with its level adjective (_LEVEL_ADJECTIVES)
    left out between its first word and the rest: «тимирязевский суд» of «тимирязевский
    районный суд». The first word is the body's own adjective, and not itself a level
    («федеральный суд» and «федеральный окружной суд» are two courts); a kind of court
    («арбитражный») is no level, and «высший суд» is not «высший арбитражный суд». Two fulls
    that differ in their level («Московский городской суд», «Московский областной суд») are
    two bodies, which merge_synonyms tells by merging into neither."""
    a, b = short.split(), full.split()
    return (
        len(a) >= 2
        and len(b) == len(a) + 1
        and a[0] == b[0]
        and a[0] not in _LEVEL_ADJECTIVES
        and b[1] in _LEVEL_ADJECTIVES
        and a[1:] == b[2:]
    )


# «A (далее — B)», «A (далее по тексту B)», «A, так называемый B», «A (так называемые B)»,
# «A, или B», «A, также известный как B»; «A (B)» where one of them is an acronym; «A "B"», a
# body's descriptive name and its quoted own name (`_apposed_name`): the text says that B names A.
_EXPLICIT = re.compile(
    r"\s*(?:\(\s*далее(?:\s+по\s+тексту)?\s*[—–-]?\s*|[,(]\s*(?:или\s+)?так\s+называем[а-яё]+\s+|,\s*или\s+"
    r"|,\s*(?:также\s+|еще\s+|ещё\s+)?известн[а-яё]+\s+(?:также\s+)?как\s+|\(\s*[\"«„]?|\s+[«\"„“])",
    re.IGNORECASE,
)
# What must follow B in «A "B"», a name in apposition: the quote closes, B is all it holds.
_CLOSING_QUOTE = re.compile(r"[\"»“”]")
# A bracket that ends the text before a marker: «A (ТМТМ), известный также как B».
_TRAILING_BRACKET = re.compile(r"\s*\([^()]{1,60}\)\s*$")
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
            word = marker.group().lower()
            if "(" not in word:
                # «Транскаспийский … маршрут (ТМТМ), известный также как «Срединный коридор»»:
                # the name before its bracketed acronym, and the quoted name after.
                before, after = _TRAILING_BRACKET.sub("", before), after.lstrip('«"„“ ')
            left, right = _longest(present, before, ending=True), _longest(present, after, ending=False)
            if left is None or right is None or left is right or id(left) in absorbed or id(right) in absorbed:
                continue
            if "или" in word and "так" not in word:
                if not {left.kind, right.kind} & {ACRONYM, NAME}:
                    continue
            if word.strip().strip('"«„').strip() == "(":
                if not _bracketed_pair(left, right, after):
                    continue
            elif not word.strip().strip('"«„“'):
                if not _apposed_name(left, right, after):
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
    them whole. A pair whose initials match is left to glossary/build.py `pair_concepts`, which
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
    return _fills(right, after, _CLOSING) and any(v[:1].isupper() for v in name.variants or [name.canonical])


def _fills(c: Candidate, after: str, closing: re.Pattern[str]) -> bool:
    """Whether the text after a marker (lower case) opens with one of the candidate's spellings,
    the longest that fits, and `closing` follows it: the bracket or the quotes hold it whole."""
    inside = next((v for v in sorted(c.variants or [c.canonical], key=len, reverse=True) if after.startswith(v.lower())), None)
    return inside is not None and closing.match(after, len(inside)) is not None


def _apposed_name(left: Candidate, right: Candidate, after: str) -> bool:
    """«Государственная корпорация по атомной энергии «Росатом»», «Национальная атомная
    компания "Казатомпром"»: an institution's descriptive name, capitalised, of two words or
    more, and its own name in quotes right after it, whole. One concept where the descriptive
    name is never seen without the quoted one (a story names the body in full once, then by
    its name); «компания "Роснефть"» or «российская компания "X"» are no descriptive names."""
    from glossary.extraction.candidates import ACRONYM, NAME, PHRASE

    if left.kind != PHRASE or left.words < 2 or not left.canonical[:1].isupper() or right.kind not in (ACRONYM, NAME):
        return False
    return set(left.sentences) <= set(right.sentences) and _fills(right, after, _CLOSING_QUOTE)


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


# --- one concept per human English (issue 19): entries whose aligned English is the same ---

# Human evidence weaker than this never merges two entries: the calibrated P(right) of the
# aligned English (glossary/equivalents/aligned.py) and the share of the term's occurrences
# that give it (below it, the term's own occurrences disagree on the English).
MERGE_CONFIDENCE = 0.8
MERGE_AGREEMENT = 0.6
_EN_FUNCTION = {"the", "of", "and", "a", "an", "for", "on", "in", "to", "'s"}


@dataclass(frozen=True)
class Rendering:
    """One Russian term's English in an entry: its text and how sure the evidence is."""

    text: str
    confidence: float
    agreement: float = 1.0
    reference: bool = False  # from the reference list: curated, certain


def _en_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z0-9]+(?:'s)?", text.replace(".", "")) if w.lower() not in _EN_FUNCTION]


def english_concept(text: str) -> frozenset[str]:
    """An English term's content words, inflection off: «the Central Bank», «central banks»
    are one; '' for none."""
    from tm.align.dictionary import english_key

    return frozenset(english_key(w.lower().removesuffix("'s")) for w in _en_words(text))


def same_english(a: str, b: str) -> bool:
    """Whether two English terms name one thing: the same content words, or one the acronym of
    the other's («EU», «European Union»)."""
    if english_concept(a) and english_concept(a) == english_concept(b):
        return True
    for short, full in ((a, b), (b, a)):
        letters = short.replace(".", "").strip()
        words = _en_words(full)
        # «European Union»: a name, capitalised, not «clean up» (CU)
        named = all(w[0].isupper() for w in words)
        if named and letters.isupper() and letters.isalpha() and len(words) >= 2 and "".join(w[0] for w in words) == letters:
            return True
    return False


def generic_english(text: str) -> bool:
    """An English no merge may rest on: one word that is no acronym («agreement», «law»,
    «Government» at a sentence's start), where two Russian words of one sense are common."""
    words = _en_words(text)
    if not words:
        return True
    if len(words) == 1:
        word = words[0].replace(".", "")
        return not (len(word) >= 2 and word.isupper() and word.isalpha())
    return False


def _renders(renderings: list[Rendering]) -> list[Rendering]:
    """The English an entry's Russian terms agree on, where the evidence is strong enough to
    merge on: every reference-list English of its; else its human English, if every Russian
    term of it gives the same confidently; else none. Generic words are left out."""
    listed = [r for r in renderings if r.reference]
    if listed:
        return [r for r in listed if not generic_english(r.text)]
    if not renderings or any(r.confidence < MERGE_CONFIDENCE or r.agreement < MERGE_AGREEMENT for r in renderings):
        return []
    if not all(same_english(r.text, renderings[0].text) for r in renderings):
        return []  # one Russian term's equivalents disagree: no evidence for a merge
    return [] if generic_english(renderings[0].text) else renderings[:1]


def merge_same_english(entries: list[Entry], renderings: Mapping[str, list[Rendering]]) -> list[Entry]:
    """Entries whose Russian terms have the same confident human English («Центробанк» and «ЦБ»
    → Central Bank) made one: the entry of the reference list, else the more frequent, is the
    headword and takes the other's Russian terms as synonyms, the English terms it lacks, its
    counts and sources, in the better-ranked place of the two. `renderings`: by entry id, the
    English of each of its Russian terms (aligned, or the reference list's). Never on a
    generic English word (`generic_english`), nor where one entry's English disagree, nor two
    entries of the reference list (curated apart), nor an entry flagged for a conflict."""
    english = {e.id: _renders(list(renderings.get(e.id, []))) for e in entries}
    listed = {e.id for e in entries if any(r.reference for r in english[e.id])}
    place = {e.id: n for n, e in enumerate(entries)}
    # Only entries that share a bucket can have the same English: compared within these only
    # (a large memory has thousands of entries).
    buckets: dict[object, list[int]] = {}
    for n, e in enumerate(entries):
        for key in {k for r in english[e.id] for k in _buckets(r.text)}:
            buckets.setdefault(key, []).append(n)
    absorbed: set[str] = set()
    for n, entry in enumerate(entries):
        later = sorted({m for r in english[entry.id] for k in _buckets(r.text) for m in buckets[k] if m > n})
        for other in (entries[m] for m in later):
            if entry.id in absorbed:
                break
            if other.id in absorbed or entry.note or other.note or (entry.id in listed and other.id in listed):
                continue
            if not any(same_english(a.text, b.text) for a in english[entry.id] for b in english[other.id]):
                continue
            main, merged = _headword(entry, other, listed)
            _absorb(main, merged)
            absorbed.add(merged.id)
            place[main.id] = min(place[entry.id], place[other.id])
    return sorted((e for e in entries if e.id not in absorbed), key=lambda e: place[e.id])


def _buckets(text: str) -> set[object]:
    """Keys two English terms share if `same_english` may hold: their content words, or the
    letters of an acronym, which a name's initials give too."""
    keys: set[object] = {english_concept(text)}
    letters = text.replace(".", "").strip()
    if letters.isupper() and letters.isalpha():
        keys.add(("initials", letters))
    words = _en_words(text)
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        keys.add(("initials", "".join(w[0] for w in words)))
    return keys


def _headword(a: Entry, b: Entry, listed: set[str]) -> tuple[Entry, Entry]:
    if (a.id in listed) != (b.id in listed):
        return (a, b) if a.id in listed else (b, a)
    return (a, b) if a.frequency >= b.frequency else (b, a)


def _absorb(main: Entry, other: Entry) -> None:
    """`other`'s Russian terms, the English terms `main` lacks, counts and sources, into `main`."""
    ru = {t.text for t in main.terms_in("ru")}
    en = {t.text for t in main.terms_in("en")}
    new_ru = [t for t in other.terms_in("ru") if t.text not in ru]
    new_en = [t for t in other.terms_in("en") if t.text not in en]
    # Russian synonyms after the main's Russian terms; English after its English.
    main.terms = main.terms_in("ru") + new_ru + main.terms_in("en") + new_en
    main.frequency += other.frequency
    main.score = max(main.score, other.score)
    main.sources += [s for s in other.sources if s not in main.sources]
    main.contexts += other.contexts[: max(0, 2 - len(main.contexts))]
