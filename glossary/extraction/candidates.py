"""Term candidates in Russian sentences, found with pymorphy3's analyses.

Each rule takes one sentence and returns the occurrences it finds; `find_candidates`
composes them:

- `acronyms`: ЕАЭС, ОДКБ, МИД (also inflected: «МИДом» → МИД);
- `noun_phrases`: adjectives agreeing with a noun, optionally followed by a genitive noun
  phrase — всеобъемлющее стратегическое партнерство, трансфер технологий, транзит российских
  энергоресурсов, торгово-экономические связи — and every nested sub-phrase; a bare common
  noun is a single-word candidate (товарооборот), to be kept only if domain-specific;
- `quoted_names`: organisations and projects in quotes («Росатом», "Газпром");
- `reference_terms`: terms of the shipped reference list in any inflected form, which brings
  in names the other rules leave alone (Байконур, Транссиб);
- `bracketed_expansions`: the phrase an acronym in brackets expands («… продукте (ГПП)»);
- `complemented_names`: institution names with their complement, whole («Агентство по охране
  окружающей среды», «Национальный комитет Республиканской партии»), where noun_phrases stops
  at the first genitive or a capital;
- `treaty_names`: a treaty's capitalised name with its subject, whole («Договор о коллективной
  безопасности», «Конвенция о правовом статусе Каспийского моря»), where noun_phrases stops at
  the preposition.

Every occurrence carries its canonical form: the whole phrase in the nominative with
agreement kept («всеобъемлющего стратегического партнерства» → «всеобъемлющее стратегическое
партнерство»), singular unless the text only ever uses the plural.

The pieces of a name are no sightings of their own: an acronym among the words of a quoted
name («СП "СЛ Золото"», `_piece_of_a_quoted_name`), a phrase in the complement of a long name
that a bracketed acronym spells out (`_inside_a_spelled_out_name`), a phrase cut inside a
coordinated genitive complement (`_cut_in_a_coordination`).

What surrounds a candidate's sightings (the words after it, the noun before it), which tells a
fragment of a longer name, is read in glossary/extraction/surroundings.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.extraction.morphology import Word, agrees, fold, inflect, parse_key, parses, place_adjective, words
from glossary.extraction.surroundings import TIME_NOUNS, word_before

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse
    from pymorphy3.tagset import OpencorporaTag

MAX_WORDS = 5
# An adjective reading this much less likely than a word's best reading is not taken.
UNLIKELY = 0.1
ACRONYM, PHRASE, WORD, NAME = "acronym", "phrase", "word", "name"

_ACRONYM = re.compile(r"^[А-ЯЁ]{2,6}\+?$")
_INFLECTED_ACRONYM = re.compile(r"^[А-ЯЁ]{2,6}[а-яё]{1,3}$")
_QUOTED = re.compile(r"[«\"„“]([А-ЯЁA-Z][А-ЯЁа-яёA-Za-z0-9-]*(?: [А-ЯЁа-яёA-Za-z0-9-]+){0,2})[»\"“”]")
_PERSON = {"Name", "Surn", "Patr"}
_PROPER = _PERSON | {"Geox", "Orgn", "Trad"}
# Evaluative and general adjectives: trimmed from the left edge of a phrase, so that
# «крупнейших внешнеторговых партнеров» yields «внешнеторговый партнер». Not «единый»: it
# classifies («единая энергетическая система», «единая региональная система ПВО»).
_GENERAL_ADJECTIVES = set(
    "важный большой новый главный основной крупный высокий хороший особый ключевой значимый "
    "тесный широкий дальнейший данный самый другой целый весь ряд соответствующий настоящий "
    "нынешний текущий последний первый второй общий прочный солидный серьёзный серьезный "
    "активный успешный огромный значительный беспрецедентный определённый определенный "
    "различный разный многий некоторый каждый сегодняшний прошлый будущий предстоящий "
    "следующий известный хороший лучший подобный такой собственный искренний "
    "глубокий впечатляющий наибольший наиболее многоплановый плодотворный весомый "
    # evaluative words of political rhetoric: they praise or qualify, they do not name a kind
    "образцовый бесперебойный традиционный исключительный дополнительный актуальный неоднозначный "
    "противоположный содержательный надежный надёжный многогранный полноформатный стабильный "
    "целенаправленный незыблемый вечный эффективный всесторонний конструктивный взаимовыгодный "
    "доверительный дружественный братский динамичный уникальный масштабный амбициозный конкретный "
    "регулярный постоянный необходимый качественный новейший полный личный "
    "перспективный необратимый многообещающий выдающийся замечательный колоссальный грандиозный "
    "подлинный позитивный ощутимый существенный заметный очевидный непростой трудный насущный "
    "небывалый стремительный минувший прошедший драконовский".split()
)


# Genitive complements that add no kind to the head: «взаимодействие стран», «союзничество государств».
_GENERAL_COMPLEMENTS = {"страна", "государство"}
# Titles of address: «заместитель господина Смита» is a person's deputy, no post of its own.
_TITLES_OF_ADDRESS = frozenset({"господин", "госпожа", "мистер", "миссис", "мисс", "сэр", "товарищ"})


@dataclass(frozen=True)
class Occurrence:
    """One sighting of a candidate term in one sentence."""

    key: str  # lemma key: same for every inflected form and spelling
    kind: str  # acronym | phrase | word | name
    surface: str  # as written
    singular: str  # canonical form, nominative singular (plural for plural-only nouns)
    plural: str  # canonical form, nominative plural
    is_plural: bool  # the occurrence itself is plural
    lemmas: tuple[str, ...]  # folded lemmas of its words, for domain specificity
    sentence: int  # index of the sentence (unit) it occurs in
    # Its first word is capitalised only because it opens the sentence or a quote: its spelling
    # tells nothing of the term's capitals, and votes only where no other occurrence does.
    initial: bool = False
    # The number of leading lemmas that make its head phrase, where its domain specificity may
    # be measured on those alone (complemented_names); 0 where the whole phrase is measured.
    head: int = 0


Rule = Callable[[str, list[Word], int], list[Occurrence]]


def _adjacent(sentence: str, left: Word, right: Word) -> bool:
    """No punctuation between two words: a phrase does not cross it."""
    return not sentence[left.end : right.start].strip()


def _shouting(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _word_in_capitals(text: str) -> bool:
    """A dictionary word written in capitals, most often inside a company's name («АЛОР
    БРОКЕР»), not an acronym: five letters or more, and read first as a known word with no
    abbreviation, organisation or proper-name reading (НАТО, ЮНЕСКО and ХАМАС are read so;
    four-letter acronyms are left alone: ФИФА is also a word)."""
    if len(text) < 5:
        return False
    best = parses(text.lower())[0]
    return best.is_known and not ({"Abbr", "Orgn"} | _PROPER) & best.tag.grammemes


def acronyms(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    if _shouting(sentence):
        return []
    found = []
    for w in ws:
        if _piece_of_a_quoted_name(sentence, w):
            continue
        text = w.text
        reading = next((p for p in w.parses if _case_ending_off(p, text)), None) if _INFLECTED_ACRONYM.match(text) else None
        if reading is not None:
            text = reading.normal_form.upper()
        elif not _ACRONYM.match(text) or _word_in_capitals(text):
            continue
        key = fold(text)
        found.append(Occurrence(key, ACRONYM, w.text, text, text, False, (key,), index))
    return found


def _case_ending_off(p: Parse, text: str) -> bool:
    """Whether an abbreviation's reading takes a case ending off the written word («МИДа» →
    МИД). A mixed-case one whose dictionary form is the word itself is spelt so («МВт», a unit,
    no «МВТ»)."""
    return "Abbr" in p.tag and p.normal_form != text.lower()


def _piece_of_a_quoted_name(sentence: str, w: Word) -> bool:
    """Whether a word is one of the words of a name in quotes (`_quoted_name_words`): the
    letters of «СП "ЛК Медь"» or «агентство "Аналитик РА"» name that company or agency whole,
    no body of their own. A medium's name is the exception: the acronym that opens it stands
    for it, quoted or not («передает "ТИА Вести"», «сообщило ТИА Вести»), and its sightings
    as the source of the news are what tell the medium (entities.news_source)."""
    from glossary.extraction.entities import news_source

    for match in _QUOTE_SPAN.finditer(sentence):
        if match.start(1) <= w.start and w.end <= match.end(1):
            if not _quoted_name_words(match.group(1)):
                return False
            return not (w.start == match.start(1) and news_source(sentence, w.text))
    return False


def _quoted_name_words(quoted: str) -> bool:
    """Whether a text in quotes is a name of two to four words, each capitalised and none a
    function word: «ЛК Медь», «Эксперт РА», not a law's title («О полиции», «О гражданстве
    РФ») nor a relation of two names («Россия - ЕС»)."""
    parts = quoted.split()
    return (
        2 <= len(parts) <= 4
        and all(p[:1].isupper() and p[:1].isalpha() for p in parts)
        and not any(parses(p)[0].tag.POS in ("PREP", "CONJ", "PRCL") for p in parts)
    )


# Nouns that head no term, with or without a genitive complement: months and the second
# word of a fixed phrase («с точки зрения комиссии» gave «зрение комиссии», «в сентябре
# программы будут …» gave «сентябрь программы»).
_NOT_HEADS = set("январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь зрение".split())


# Nouns of adverbial phrases in the prepositional: «в годовом выражении» gave «годовое выражение»;
# «в долгосрочной перспективе», «в стратегической перспективе» name a time horizon, no term.
_ADVERBIAL_HEADS = {"выражение", "исчисление", "перспектива"}


def _substantivized(p: Parse, analyses: list[Parse]) -> bool:
    """A neuter noun that is an adjective's neuter (среднее, частное, малое): in a phrase the
    word is the adjective («среднего бизнеса», «частного инвестора», «форум малого и
    среднего бизнеса»), never a head or a complement of its own."""
    return p.tag.gender == "neut" and p.normal_form.endswith(("ое", "ее")) and any(q.tag.POS == "ADJF" for q in analyses)


def _noun_parses(w: Word) -> tuple[Parse, ...]:
    """Likely noun analyses. Other cases and numbers of a likely lexeme stay, however low
    their score: «связи» is most often genitive singular, but agreement decides."""
    return _likely_nouns(parse_key(w.text))


# Cached by the word's parse key: asked of each word of every sentence, several times a word
# (a phrase's head, a complement, an institution), and it reads only the word's analyses.
@functools.lru_cache(maxsize=100_000)
def _likely_nouns(key: str) -> tuple[Parse, ...]:
    analyses = parses(key)
    if analyses[0].tag.POS == "ADJF":
        return ()  # «нового жилья»: an adjective first, the rare noun «новое» second
    top = analyses[0].score
    nouns = [
        p
        for p in analyses
        if p.tag.POS == "NOUN"
        and not (_PERSON & p.tag.grammemes)
        and "Abbr" not in p.tag
        and not _substantivized(p, analyses)
        and p.normal_form.replace("ё", "е") not in _NOT_HEADS
    ]
    likely = {p.normal_form for p in nouns if p.score >= 0.25 * top}
    return tuple(p for p in nouns if p.normal_form in likely)


def _compound_adjective(text: str) -> bool:
    """«культурно-гуманитарных»: pymorphy3 guesses these (not in its dictionary) from the last
    part; trust the guess when every part before it is an adverb-like «-о» stem and the last
    part is a known adjective."""
    *heads, last = text.lower().split("-") if "-" in text else ("",)
    return (
        bool(heads)
        and all(h.endswith(("о", "е")) and len(h) > 2 for h in heads)
        and any(p.tag.POS == "ADJF" and p.is_known for p in parses(last))
    )


def _agreeing(w: Word, noun: Parse) -> Parse | None:
    """An adjective or participle analysis of `w` that agrees with the noun analysis."""
    return _agreeing_analysis(parse_key(w.text), noun.tag)


# Cached like _likely_nouns: each word before a noun is tried against each of its analyses.
@functools.lru_cache(maxsize=100_000)
def _agreeing_analysis(key: str, noun: OpencorporaTag) -> Parse | None:
    analyses = parses(key)
    for p in analyses:
        if p.tag.POS not in ("ADJF", "PRTF") or "Apro" in p.tag or "Anum" in p.tag or "Abbr" in p.tag:
            continue  # «нем» is «в нём», not the abbreviation «нем.» (немецкий)
        if p.score < UNLIKELY * analyses[0].score:
            continue  # «главой» is «глава», not the dictionary's rare adjective «главый»
        if not p.is_known and not _compound_adjective(key):
            continue
        if p.tag.case != noun.case or p.tag.number != noun.number:
            continue
        if noun.number == "sing" and p.tag.gender and noun.gender and p.tag.gender != noun.gender:
            continue
        return p
    return None


def _left_adjectives(sentence: str, ws: list[Word], i: int, noun: Parse) -> list[tuple[Word, Parse]]:
    chain: list[tuple[Word, Parse]] = []
    j = i - 1
    while j >= 0 and _adjacent(sentence, ws[j], ws[j + 1]) and len(chain) < MAX_WORDS - 1:
        adjective = _agreeing(ws[j], noun)
        if adjective is None:
            break
        chain.insert(0, (ws[j], adjective))
        j -= 1
    # Trim from the left: evaluative adjectives, participles (verbal: «открывающие новые
    # горизонты»), and, written in lower case, adjectives of a country or place («казахстанская
    # экономика», «российский политолог»: a free combination, not a kind of economy).
    while chain and (
        (_general_adjective(chain[0][0]) and not _opens_a_name(chain[0][0], chain[1][0] if len(chain) > 1 else ws[i]))
        or chain[0][1].tag.POS == "PRTF"
        or _freeplace_adjective(*chain[0])
    ):
        chain.pop(0)
    return chain


def _opens_a_name(w: Word, following: Word) -> bool:
    """A general adjective written as a name's first word is the name's, not a qualifier: «Высший
    Евразийский экономический совет», «… Главное управление по вопросам миграции» (capitalised
    mid-sentence, or at the start before a word capitalised mid-sentence)."""
    return w.capitalized and (not w.initial or (following.capitalized and not following.initial))


def _general_adjective(w: Word) -> bool:
    """Any adjective reading counts: pymorphy3 reads «основные» first as «основный»."""
    return any(p.tag.POS == "ADJF" and p.normal_form.replace("ё", "е") in _GENERAL_ADJECTIVES for p in w.parses)


def _freeplace_adjective(w: Word, adjective: Parse) -> bool:
    """A place adjective not written as part of a name: «российские инвесторы», also at the
    start of a sentence, but not «Евразийский экономический союз» mid-sentence."""
    return not (w.capitalized and not w.initial) and place_adjective(adjective.normal_form)


def _genitive_complement(sentence: str, ws: list[Word], i: int) -> list[Word]:
    """Adjectives + a common noun in the genitive right after word i (транзит [российских
    энергоресурсов]); a possessive or demonstrative pronoun first is passed over
    (диверсификация [нашей] экономики)."""
    run: list[Word] = []
    j = i + 1
    if j < len(ws) and _adjacent(sentence, ws[i], ws[j]) and _pronoun_adjective(ws[j]):
        j += 1
    while j < len(ws) and _adjacent(sentence, ws[j - 1], ws[j]) and len(run) < 3:
        w = ws[j]
        if w.capitalized:
            return []  # a name (Казахстана, Токаев) is not part of a term here
        nouns = [p for p in _noun_parses(w) if p.tag.case in ("gent", "gen2") and not (_PROPER & p.tag.grammemes)]
        if nouns:
            agreeing = [_agreeing(a, nouns[0]) for a in run]
            if not all(agreeing):
                return []
            # «транзит российских энергоресурсов» names the transit of energy, not of Russian energy.
            while run and _freeplace_adjective(run[0], agreeing[0]):
                run, agreeing = run[1:], agreeing[1:]
            if not run and nouns[0].normal_form in _GENERAL_COMPLEMENTS | _TITLES_OF_ADDRESS:
                return []
            return run + [w]
        if any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "gent" and "Apro" not in p.tag for p in w.parses):
            run.append(w)
            j += 1
            continue
        return []
    return []


def _agent_of_a_participle(sentence: str, ws: list[Word], i: int, noun: Parse, complement: list[Word]) -> bool:
    """Whether word i, in the instrumental, is the agent of the passive participle before it,
    and what looks like its genitive complement is the participle's own noun: «данные законом
    полномочия», «предусмотренных законом мер» (powers the law gives, not a law of powers)."""
    if noun.tag.case != "ablt" or i == 0 or not _adjacent(sentence, ws[i - 1], ws[i]):
        return False
    participle = ws[i - 1]
    if not any(p.tag.POS == "PRTF" and "pssv" in p.tag for p in participle.parses):
        return False
    return any(_agreeing(participle, p) is not None for p in _noun_parses(complement[-1]))


def _post_noun(noun: Parse) -> bool:
    """Whether the noun names an official post (categories.POST_HEADS: председатель, глава)."""
    from glossary.extraction.categories import POST_HEADS

    return noun.normal_form in POST_HEADS


def _singular_complement(complement: list[Word], tail: str) -> str | None:
    """The complement of a plural post (`_post_noun`) as the post's singular form needs it. A
    bare plural noun after a plural post («председателей регионов») is plural only by
    agreement: each chairman heads one region, and the post is «председатель региона», not
    «председатель регионов». So a lone countable noun is put in the genitive singular. Only
    after a post: after an act or an event the plural is the complement's own («нарушения
    прав» → «нарушение прав», «поставки турбин» → «поставка турбин»). Where its plural
    reads two ways (судов: суд or судно) the singular cannot be told: None, and the phrase
    keeps its plural head as written («председатели судов») rather than pick one. A complement
    with adjectives stays as written: such plurals are mostly fixed ones («министр
    иностранных дел», «командующий вооружённых сил»); so does a noun with no singular
    (финансов)."""
    if len(complement) != 1:
        return tail
    word = complement[0]
    nouns = [p for p in _noun_parses(word) if p.tag.case == "gent" and p.tag.number == "plur"]
    if not nouns or any("Pltm" in p.tag for p in nouns) or word.capitalized:
        return tail
    if len({p.normal_form for p in nouns}) > 1:
        return None
    form = inflect(nouns[0], {"gent", "sing"})
    return form if form is not None else tail


def _pronoun_adjective(w: Word) -> bool:
    """«нашей», «этих»: a pronoun in the genitive that points, and names nothing."""
    return any(p.tag.POS == "ADJF" and "Apro" in p.tag and p.tag.case == "gent" for p in w.parses)


def _surface_case(w: Word, form: str) -> str:
    """Keep a capital that the writer chose mid-sentence (Таможенный союз), drop one at the start."""
    return _cased(w.text, w.initial, form)


def _cased(text: str, initial: bool, form: str) -> str:
    """`_surface_case` of a word given by its text and whether it opens a sentence or a quote."""
    if text.isupper() and len(text) > 1:
        return text
    return form[:1].upper() + form[1:] if text[:1].isupper() and not initial else form


def _nominative(adjectives: list[tuple[Word, Parse]], word: Word, noun: Parse, number: str) -> str | None:
    """The phrase of `adjectives` and the head `word` (read as `noun`) in the nominative of
    `number`, cased as written; None where a word has no such form."""
    return _nominative_form(tuple((w.text, w.initial, a) for w, a in adjectives), word.text, word.initial, noun, number)


# Cached by what the form depends on, not by where the words stand: a phrase is put in the
# nominative at each sighting, twice or three times (singular, plural, fallback).
@functools.lru_cache(maxsize=50_000)
def _nominative_form(
    adjectives: tuple[tuple[str, bool, Parse], ...], word: str, initial: bool, noun: Parse, number: str
) -> str | None:
    head = inflect(noun, {"nomn", number})
    if head is None:
        return None
    head_parse = next((p for p in parses(word) if p.normal_form == noun.normal_form), noun)
    gender = head_parse.tag.gender or noun.tag.gender
    wanted = {"nomn", number} | ({gender} if number == "sing" and gender else set())
    forms = []
    for text, opens, adjective in adjectives:
        form = inflect(adjective, wanted)
        if form is None:
            return None
        forms.append(_cased(text, opens, form))
    if not agrees(forms, head):
        return None  # pymorphy3 inflected a word into another lexeme: no form rather than a wrong one
    return " ".join(forms + [_cased(word, initial, head)])


_QUOTE_SPAN = re.compile(r"[«\"„“]([^«»\"„“”]{1,300})[»\"“”]")


_OPENING_QUOTES, _CLOSING_QUOTES = '«"„“', '»"“”'


def _quoted_whole(sentence: str, parts: list[Word]) -> bool:
    """Whether a phrase of several words fills a pair of quotes, and nothing else does
    («фонды "Северный капитал" и "Зелёная долина"»): a name, whose capital is the writer's
    («Северный капитал»), not the one any quoted text opens with, which Word.initial discounts.
    A quote that goes on past the phrase is a title or a citation, whose first capital says
    nothing."""
    start, end = parts[0].start, parts[-1].end
    return (
        len(parts) > 1
        and start > 0
        and sentence[start - 1] in _OPENING_QUOTES
        and end < len(sentence)
        and sentence[end] in _CLOSING_QUOTES
    )


def _inside_a_name(sentence: str, ws: list[Word], first: int) -> bool:
    """Whether the phrase opening at word `first` continues a quoted name: inside quotes, after
    a capitalised word or a Latin one of that name («КИТ Финанс Пенсионный администратор» does
    not give «Пенсионный администратор»; «в Налоговый кодекс» in a law's title still counts)."""
    if first == 0 or not ws[first].capitalized:
        return False
    before = ws[first - 1]
    if not (before.capitalized or before.text[:1].isascii()):
        return False
    at = ws[first].start
    return any(m.start(1) <= before.start and at < m.end(1) for m in _QUOTE_SPAN.finditer(sentence))


def noun_phrases(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    found: list[Occurrence] = []
    positions = {id(w): k for k, w in enumerate(ws)}
    for i, w in enumerate(ws):
        if not w.text[0].isalpha() or w.text.isupper() or (w.capitalized and not w.parses[0].is_known):
            continue
        nouns = _noun_parses(w)
        if not nouns:
            continue
        # The noun analysis that lets the longest adjective chain agree with it.
        noun, chain = max(((n, _left_adjectives(sentence, ws, i, n)) for n in nouns), key=lambda nc: len(nc[1]))
        if noun.tag.case == "loct" and noun.normal_form in _ADVERBIAL_HEADS:
            continue  # «в годовом выражении», «в денежном исчислении»: a manner of counting, no term; «в … перспективе»
        is_name = w.capitalized and not w.initial
        if is_name and not (chain and all(a.capitalized for a, _ in chain)):
            continue  # a name (Токаев, Байконур): only the reference list and quotes bring those in
        complement = _genitive_complement(sentence, ws, i)
        if complement and (is_name or _agent_of_a_participle(sentence, ws, i, noun, complement)):
            # A name's lowercase genitive is no part of it: «из Объединённых Арабских Эмиратов
            # бывшего руководителя» names the man extradited from the state; nor is the noun
            # of the participle whose agent this word is.
            complement = []
        tail = " ".join(c.text if c.capitalized and not c.initial else c.text.lower() for c in complement)
        number = noun.tag.number or "sing"
        for start in range(len(chain) + 1):
            adjectives = chain[start:]
            for with_tail in [False, True] if complement else [False]:
                size = len(adjectives) + 1 + (len(complement) if with_tail else 0)
                if size > MAX_WORDS:
                    continue
                singular = _nominative(adjectives, w, noun, "sing") or _nominative(adjectives, w, noun, "plur")
                plural = _nominative(adjectives, w, noun, "plur") or singular
                if singular is None or plural is None:
                    continue
                if with_tail:
                    own = _singular_complement(complement, tail) if number == "plur" and _post_noun(noun) else tail
                    plural = f"{plural} {tail}"
                    singular = f"{singular} {own}" if own is not None else plural
                parts = [a for a, _ in adjectives] + [w] + (complement if with_tail else [])
                initial = parts[0].initial and parts[0].capitalized
                if initial and (any(p.capitalized and not p.initial for p in parts[1:]) or _quoted_whole(sentence, parts)):
                    # A name with a proper name inside («Справедливая Россия», also in quotes or
                    # at a sentence start), or one that fills its quotes: its first word keeps
                    # the capital it is written with.
                    singular, plural, initial = singular[:1].upper() + singular[1:], plural[:1].upper() + plural[1:], False
                lemmas = tuple(fold(p.normal_form) for p in [a for _, a in adjectives] + [noun]) + tuple(
                    fold(c.parses[0].normal_form) for c in (complement if with_tail else [])
                )
                kind = WORD if size == 1 else PHRASE
                if kind == WORD and (is_name or _PROPER & noun.tag.grammemes):
                    continue
                if _inside_a_name(sentence, ws, positions[id(parts[0])]):
                    continue
                surface = sentence[parts[0].start : parts[-1].end]
                found.append(
                    Occurrence(" ".join(lemmas), kind, surface, singular, plural, number == "plur", lemmas, index, initial)
                )
    return found


def quoted_names(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    found = []
    for match in _QUOTED.finditer(sentence):
        name = match.group(1)
        if " " in name:
            continue  # titles of several words are rarely terms, and hard to put in the nominative
        parse = _name_parse(name)
        if parse is None:
            continue
        base = parse.normal_form
        # «КамАЗом» → «КамАЗ»: keep the writer's letters for as long as they spell the lemma.
        canonical = name[: len(base)] if name.lower().startswith(base) else base[:1].upper() + base[1:]
        key = fold(canonical)
        title = _plural_title(name, parse)  # keyed by the lemma still, so that «Ведомости» is one name
        if title is not None:
            canonical = name[: len(title)] if name.lower().startswith(title) else title[:1].upper() + title[1:]
        lemmas = (key,)
        if _common_noun(parse):
            key = name_key(key)  # «Голос», a TV show, is not голос, a vote: a sense of its own
        found.append(Occurrence(key, NAME, name, canonical, canonical, False, lemmas, index))
    return found


# A person's name in the plural («Праймы», «Иваны»): pymorphy3 guesses such a reading for an
# unknown word by its ending («Прайм» as the genitive plural of a woman's name «Прайма»), and a
# quoted name is an organisation's, a medium's or a product's, never persons' in the plural.
_PERSON_NAME = frozenset({"Name", "Surn", "Patr"})


def _name_parse(name: str) -> Parse | None:
    """The noun reading of a quoted name: the likeliest one, passing over the plurals of
    persons' names (_PERSON_NAME) where another noun reading is left, and then over the guessed
    readings of a person's name (`_guessed_person`)."""
    nouns = [p for p in parses(name) if p.tag.POS == "NOUN"]
    plain = [p for p in nouns if not (p.tag.number == "plur" and _PERSON_NAME & p.tag.grammemes)]
    plain = [p for p in plain if not _guessed_person(p)] or plain
    return (plain or nouns or [None])[0]


def _plural_title(name: str, parse: Parse) -> str | None:
    """The nominative plural of a quoted name written in a form that can only be plural
    («собеседник "Ведомостей"», «в "Новостях"»): a title in the plural keeps its number
    («Ведомости»), where the singular («Ведомость») names another thing. None where a reading
    in the singular is left («у "Полюса"»: Полюс, not Полюса)."""
    nouns = [p for p in parses(name) if p.tag.POS == "NOUN" and p.normal_form == parse.normal_form]
    if not nouns or any(p.tag.number != "plur" for p in nouns):
        return None
    return inflect(parse, {"nomn", "plur"})


def _guessed_person(parse: Parse) -> bool:
    """A person's-name reading pymorphy3 guesses for a word it does not know: «Тавлер» read as
    the vocative of a woman's name «Тавлера» gave the quoted name «Тавлер» the headword
    «Тавлера». A quoted name is not a person's, and the word as written, read as the common
    noun guessed next, keeps its letters. A known name («Мария», «Аврора») is read as it is."""
    return not parse.is_known and bool(_PERSON_NAME & parse.tag.grammemes)


def name_key(key: str) -> str:
    """The key of a name in quotes that is also a common noun («Голос», «Единство»): another
    sense than the noun's, so another candidate; written «голос» in the key."""
    return f"«{key}»"


def _common_noun(parse: Parse) -> bool:
    """A dictionary noun with no proper-name reading (голос, but not Газпром or Россия)."""
    return parse.is_known and not (_PROPER & parse.tag.grammemes)


def reference_terms(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    """Terms of the shipped reference list, in any inflected form (Байконур, Транссиба)."""
    from glossary.extraction.reference import longest_reference_term, reference_index

    known = reference_index()
    longest = longest_reference_term()
    lemmas = [fold(w.parses[0].normal_form) for w in ws]
    found = []
    for i in range(len(ws)):
        for size in range(1, min(longest, len(ws) - i) + 1):
            key = " ".join(lemmas[i : i + size])
            if key not in known:
                continue
            if any(not _adjacent(sentence, ws[j], ws[j + 1]) for j in range(i, i + size - 1)):
                continue
            entry, is_full = known[key]
            canonical = entry.ru_full if is_full else entry.ru
            kind = ACRONYM if canonical.isupper() and " " not in canonical else PHRASE if size > 1 else WORD
            surface = sentence[ws[i].start : ws[i + size - 1].end]
            # One candidate with the acronyms rule's sighting: the short form keyed as its own (ЕАБР, not «еабра»).
            key = key if is_full else entry.short_key
            found.append(Occurrence(key, kind, surface, canonical, canonical, False, tuple(key.split()), index))
    return found


_BRACKETED = re.compile(r"\(([А-ЯЁ]{2,6})\)")


def bracketed_expansions(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    """The phrase an acronym in brackets expands, right before it: «законопроект о
    гарантированном пенсионном продукте (ГПП)» → «гарантированный пенсионный продукт», the
    fewest words whose initials give the acronym, put in the nominative (adjectives and
    participles agreeing with the head noun, a genitive complement left as written). It is
    paired with the acronym where concepts are made (glossary/build.py)."""
    from glossary.extraction.acronyms import initials_match

    found = []
    for match in _BRACKETED.finditer(sentence):
        acronym = match.group(1)
        before = [w for w in ws if w.end <= match.start()]
        for size in range(2, min(MAX_WORDS, len(before)) + 1):
            span = before[-size:]
            if not initials_match(acronym, " ".join(w.text for w in span)):
                continue
            expansion = _expansion_nominative(span)
            if expansion is not None:
                canonical, plural = expansion
                lemmas = tuple(fold(w.parses[0].normal_form) for w in span)
                surface = sentence[span[0].start : span[-1].end]
                # Opening the sentence, its first word's capital is gone from the canonical form
                # (_surface_case) and says nothing: the sighting votes only where no other does,
                # as noun_phrases' do («Сирийские демократические силы (СДС)» at a line's start).
                initial = span[0].initial and span[0].capitalized
                if initial and _quoted_whole(sentence, span):
                    # «Национальная компания «Казахстан темир жолы» (КТЖ)»: a quoted name's
                    # capital is the writer's, as in noun_phrases.
                    canonical, initial = canonical[:1].upper() + canonical[1:], False
                found.append(Occurrence(" ".join(lemmas), PHRASE, surface, canonical, canonical, plural, lemmas, index, initial))
            break
    return found


def _spelled_out_names(sentence: str, ws: list[Word]) -> list[tuple[str, int]]:
    """The long names that a bracketed acronym spells out, as written, each with where its
    complement starts in it (the end of its head, the first noun): the fewest words right
    before «(X)» whose initials give X, up to MAX_NAME_WORDS («Центра учёта наземной и
    морской техники (ЦУНМТ)», which bracketed_expansions, stopping at MAX_WORDS, may not
    reach)."""
    from glossary.extraction.acronyms import initials_match

    spans = []
    for match in _BRACKETED.finditer(sentence):
        before = [w for w in ws if w.end <= match.start()]
        for size in range(2, min(MAX_NAME_WORDS, len(before)) + 1):
            span = before[-size:]
            if initials_match(match.group(1), " ".join(w.text for w in span)):
                head = next((w for w in span if w.parses and w.parses[0].tag.POS == "NOUN"), span[-1])
                spans.append((sentence[span[0].start : span[-1].end], head.end - span[0].start))
                break
    return spans


def _inside_a_spelled_out_name(o: Occurrence, sentence: str, names: list[tuple[str, int]]) -> bool:
    """Whether a phrase's sighting is a piece of the complement of a long name its acronym
    spells out (`_spelled_out_names`): «морская техника» of «Центр учёта наземной и морской
    техники (ЦУНМТ)» names no concept of the sentence, whose acronym names the centre. A piece
    that holds the name's head is a short form of it («Национальный банк» of «Национальный
    банк Зерландии (НБЗ)»), which the merging stages judge. Where the phrase stands elsewhere
    in the sentence too, the sighting may be that one: kept."""
    if o.kind != PHRASE or sentence.count(o.surface) != 1:
        return False
    return any(name.find(o.surface) >= complement for name, complement in names)


# «и», «или» or a comma, then the next word: a list of complements («Министерство цифрового
# развития, инноваций и аэрокосмической промышленности»).
_COORDINATED = re.compile(r"^(?:\s*,\s*|\s+(?:и|или)\s+)([А-ЯЁа-яё-]+)")


def _cut_in_a_coordination(o: Occurrence, sentence: str) -> bool:
    """Whether a phrase's sighting ends in a genitive complement that «и», «или» or a comma and
    another genitive coordinate: «баланс производства» of «в сводный баланс производства и
    поставок энергии», «Министерство цифрового развития» of «…, инноваций и аэрокосмической
    промышленности» name part of the complement, the phrase cut inside it. Only where the head
    has no genitive reading, so that the coordinated genitive can only be its complement's
    partner: in «сотрудники службы безопасности и полиции» it may be the head's («службы …
    и полиции»), and the sighting stays; or where the head is a body's capitalised name, whose
    fields the list goes on with («Министерства промышленности и торговли»). Where the phrase stands elsewhere in the sentence
    too, the sighting may be that one: kept."""
    parts = o.surface.split()
    if o.kind != PHRASE or len(parts) < 2 or sentence.count(o.surface) != 1:
        return False
    last = parses(parts[-1])[0]
    if last.tag.POS != "NOUN" or last.tag.case not in ("gent", "gen2"):
        return False
    head = next((w for w in parts[:-1] if parses(w)[0].tag.POS == "NOUN"), None)
    if head is None:
        # A field of a body's capitalised name, listed on: «Организации [экономического
        # сотрудничества] и развития».
        head = word_before(sentence, sentence.find(o.surface))
        if head is None or not _a_bodys_name(head):
            return False
    # A body's name spelt with a capital lists its fields, whatever the head's case
    # («приказ Министерства промышленности и торговли»).
    elif not (parts[0][:1].isupper() and _a_bodys_name(head)) and any(
        p.tag.POS == "NOUN" and p.tag.case in ("gent", "gen2") for p in parses(head)
    ):
        return False
    match = _COORDINATED.match(sentence[sentence.find(o.surface) + len(o.surface) :])
    if match is None:
        return False
    partner = parses(match.group(1))[0]
    # A relative pronoun after a comma opens a clause («…министерства финансов, которого…»).
    return partner.tag.POS in ("NOUN", "ADJF") and partner.tag.case in ("gent", "gen2") and "Apro" not in partner.tag


def _a_bodys_name(word: str) -> bool:
    """Whether a word is an institution's noun spelt with a capital, as in a body's name."""
    return word[:1].isupper() and _institution_head(parses(word)[0])


def _expansion_nominative(span: list[Word]) -> tuple[str, bool] | None:
    """The words in the nominative, and whether they are plural: modifiers agree with the
    first noun, the rest stays. The head is the first word whose likeliest parse is a noun: an
    unknown compound adjective («Медиа-коммуникационным») has an unlikely noun guess among its
    parses, and taking it as the head left the real one in its case («Медиа-коммуникационный
    союзом»). Of the head's noun parses, the one its modifiers agree with gives the number
    (`_agreeing_noun`): «силы» is also a genitive singular, and taking that one made a plural
    name singular («Балтийские объединённые силы (БОС)» → «Балтийская объединённая сила»),
    where a name in brackets keeps the number it is written in."""
    head = next((i for i, w in enumerate(span) if w.parses and w.parses[0].tag.POS == "NOUN"), None)
    if head is None:
        head = next((i for i, w in enumerate(span) if any(p.tag.POS == "NOUN" for p in w.parses)), None)
    if head is None or head == 0 and len(span) == 1:
        return None
    noun = _agreeing_noun(span[:head], span[head])
    number = noun.tag.number or "sing"
    out = []
    for w in span[:head]:
        modifier = next((p for p in w.parses if p.tag.POS in ("ADJF", "PRTF")), None)
        if modifier is None:
            return None
        grammemes = {"nomn", number} | ({noun.tag.gender} if number == "sing" and noun.tag.gender else set())
        form = inflect(modifier, grammemes)
        if form is None:
            return None
        out.append(_surface_case(w, form))
    form = inflect(noun, {"nomn", number})
    if form is None:
        return None
    out.append(_surface_case(span[head], form))
    rest = span[head + 1 :]
    if len(rest) >= 2 and rest[0].text == "и" and _same_case(rest[1:], noun.tag.case):
        # A second head joined by «и» is in the first's case: «вооружения и военной техники
        # (ВВТ)» → «вооружение и военная техника», not «… военной техники».
        partner = _expansion_nominative(rest[1:])
        if partner is not None:
            return " ".join([*out, "и", partner[0]]), number == "plur"
    out += [w.text for w in rest]
    return " ".join(out), number == "plur"


def _same_case(words_: list[Word], case: str | None) -> bool:
    """Whether the words are modifiers and the noun they end with, each with a reading in `case`."""
    noun = next((i for i, w in enumerate(words_) if w.parses and w.parses[0].tag.POS == "NOUN"), None)
    if noun is None or case is None or noun != len(words_) - 1:
        return False
    return all(any(p.tag.case == case for p in w.parses) for w in words_)


def _agreeing_noun(modifiers: list[Word], word: Word) -> Parse:
    """The noun parse of `word` that all `modifiers` agree with (_agreeing), else its first."""
    nouns = [p for p in word.parses if p.tag.POS == "NOUN"]
    return next((n for n in nouns if all(_agreeing(m, n) for m in modifiers)), nouns[0])


def find_candidates(sentence: str, index: int, rules: tuple[Rule, ...] | None = None) -> list[Occurrence]:
    """The occurrences every rule (RULES, or `rules`) finds in one sentence, numbered `index`;
    the sentence is split into words once, for all the rules. A phrase inside a long name that
    a bracketed acronym spells out is a piece of that name, not a sighting of its own
    (`_inside_a_spelled_out_name`), and so is one cut inside a coordinated complement
    (`_cut_in_a_coordination`)."""
    ws = words(sentence)
    rules = RULES if rules is None else rules
    found = [occurrence for rule in rules for occurrence in rule(sentence, ws, index)]
    names = _spelled_out_names(sentence, ws)
    found = [
        o
        for o in found
        if not (names and _inside_a_spelled_out_name(o, sentence, names)) and not _cut_in_a_coordination(o, sentence)
    ]
    # A quoted name with a sense of its own (name_key) is not also an occurrence of the noun.
    senses = {o.surface for o in found if o.kind == NAME and o.key.startswith("«")}
    return [o for o in found if not (o.kind == WORD and o.surface in senses)] if senses else found


# --- institution names with a complement, built whole (issue 19) ---

# The most words a complemented name may have: «Совет при президенте по развитию гражданского
# общества и правам человека» is longer, but a longer run is most often a clause, not a name.
MAX_NAME_WORDS = 8
# The prepositions that open an institution's complement («агентство по охране …», «совет при
# президенте»). «для» is left out: «заявление Совета Безопасности для прессы» is addressed to
# the press, no part of the council's name.
_INSTITUTION_PREPOSITIONS = frozenset({"по", "при"})
# A genitive that names a state, a place, a person or a date is the institution's owner or its
# time («служба здравоохранения Англии», «комитет 2016 года»), not part of its name.
_NOT_IN_A_NAME = {"Geox", "Name", "Surn", "Patr", "Abbr"}


def _institution_head(noun: Parse) -> bool:
    """Whether a noun names an institution (categories' organisation heads, not a post or an
    instrument: «прокурор субъектов», «закон о …» are no institutions' names)."""
    from glossary.extraction.categories import institution_noun

    return institution_noun(noun.normal_form)


def _complement_noun(w: Word, cases: frozenset[str]) -> Parse | None:
    """A common noun reading of `w` in one of `cases` that may stand inside a name."""
    for p in w.parses:
        if p.tag.POS == "NOUN" and p.tag.case in cases and not (_NOT_IN_A_NAME & p.tag.grammemes):
            if fold(p.normal_form) in TIME_NOUNS or "Apro" in p.tag:
                return None
            return p
    return None


# The nouns that name a state's form («Республика Казахстан», «Исламская Республика Иран»):
# in an institution's genitive complement, followed by the state's name in the nominative,
# they open its owner's name. Not followed by one, they may be the name's own («Совет
# Федерации Федерального собрания»).
_STATE_FORMS = frozenset({"республика", "федерация", "королевство", "княжество", "султанат", "эмират"})


def _complement_phrase(sentence: str, ws: list[Word], j: int, cases: frozenset[str], places: bool = False) -> int:
    """The end (exclusive) of a noun phrase opening at word j: adjectives agreeing with a
    noun in one of `cases`, adjacent words only; j when there is none. An adjective of a
    place or a state ends it, unless `places` (a treaty's subject: «… Каспийского моря»)."""
    k = j
    while k < len(ws) and (k == j or _adjacent(sentence, ws[k - 1], ws[k])) and k - j < 4:
        noun = _complement_noun(ws[k], cases)
        if noun is not None and ws[k].parses[0].tag.POS == "NOUN":
            agreeing = [_agreeing(a, noun) for a in ws[j:k]]
            if not all(agreeing) or (not places and any(a is not None and place_adjective(a.normal_form) for a in agreeing)):
                return j  # «правительство Российской Федерации»: a state is the owner, not the name
            if (
                fold(noun.normal_form) in _STATE_FORMS
                and k + 1 < len(ws)
                and _adjacent(sentence, ws[k], ws[k + 1])
                and _nominative_place(ws[k + 1].text)
            ):
                return j  # «Национальный фонд Республики Казахстан», «… Исламской Республики Иран»: the same
            return k + 1
        if not any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case in cases and "Apro" not in p.tag for p in ws[k].parses):
            return j
        k += 1
    return j


# «по» opening an adverbial phrase, not a complement: «по итогам выборов», «по словам», «по
# данным», «по мнению», «по сравнению с», «по поводу», «по отношению к», «по случаю».
_ADVERBIAL_PO = frozenset("итог слово данные мнение оценка сравнение повод отношение случай причина просьба приглашение".split())
_GENITIVE = frozenset({"gent", "gen2"})
_AFTER_PREPOSITION = frozenset({"datv", "loct", "gent", "accs", "ablt"})


def _name_complement(sentence: str, ws: list[Word], i: int) -> int:
    """The end (exclusive) of the complement of an institution's head noun at word i: a chain
    of genitive noun phrases and phrases opened by «по», «при», «для» («по охране окружающей
    среды», «при президенте по правам человека», «защиты гражданских свобод»), adjacent words
    only; it stops at a verb, punctuation (a comma, a quote, a bracket), a number, a person, a
    place or a date, none of which a name holds. A preposition opens a complement right
    after the head or after another prepositional one, not after a genitive («Совет
    Безопасности по …» is the council's work on something). i + 1 when none follows."""
    end = i + 1
    genitive = prepositional = False  # a genitive right after the head; a prepositional complement seen
    while end < len(ws) and _adjacent(sentence, ws[end - 1], ws[end]) and end - i < MAX_NAME_WORDS:
        w = ws[end]
        if w.text.lower() in _INSTITUTION_PREPOSITIONS:
            if genitive or end + 1 >= len(ws) or not _adjacent(sentence, w, ws[end + 1]):
                break
            after = _complement_phrase(sentence, ws, end + 1, _AFTER_PREPOSITION)
            if after == end + 1 or fold(ws[after - 1].parses[0].normal_form) in _ADVERBIAL_PO:
                break
            end, prepositional = after, True
            continue
        after = _complement_phrase(sentence, ws, end, _GENITIVE)
        if after == end:
            break
        end, genitive = after, not prepositional
    return end


# A bilateral body names its two sides after its head, in the nominative, joined by a hyphen
# or a dash: «Деловой совет Куба-Россия», «Межправительственная комиссия Россия – Казахстан».
_PAIR_DASH = re.compile(r"^\s*[-–—]\s*$")


def _nominative_place(text: str) -> bool:
    return text[:1].isupper() and any("Geox" in p.tag and p.tag.case == "nomn" for p in parses(text))


def _pair_of_sides(sentence: str, ws: list[Word], j: int) -> int:
    """The end (exclusive) of a pair of places at word j («Куба-Россия», «Россия – Казахстан»),
    the two sides of a bilateral body's name; j where none stands there."""
    if j >= len(ws):
        return j
    sides = ws[j].text.split("-")
    if len(sides) == 2 and all(_nominative_place(side) for side in sides):
        return j + 1
    if (
        j + 1 < len(ws)
        and _nominative_place(ws[j].text)
        and _nominative_place(ws[j + 1].text)
        and _PAIR_DASH.match(sentence[ws[j].end : ws[j + 1].start])
    ):
        return j + 2
    return j


def _named_after(sentence: str, ws: list[Word], i: int, end: int) -> int:
    """The end of the name of the head at word i whose complement ends at `end`, where a name
    follows it there. An acronym after a capitalised body's name is that body's owner and part
    of the name («… при Коллегии ЕЭК»); a place in the nominative after the last complement's
    noun is that noun's own name («Высший суд по округу Мекленбург»), so the name would be cut
    inside a place's: the last prepositional complement is left out."""
    if end >= len(ws) or end == i + 1 or not _adjacent(sentence, ws[end - 1], ws[end]):
        return end
    last, after = ws[end - 1], ws[end]
    if _ACRONYM.match(after.text) and last.capitalized and not last.initial:
        return end + 1
    if _nominative_place(after.text):
        opens = [k for k in range(i + 1, end) if ws[k].text.lower() in _INSTITUTION_PREPOSITIONS]
        return opens[-1] if opens else end
    return end


def complemented_names(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    """Institution names with a prepositional or genitive complement, whole: «Агентство по
    охране окружающей среды», «Национальный комитет Республиканской партии», «Американский
    союз защиты гражданских свобод», «Совет при президенте по правам человека». noun_phrases
    stops at the first genitive noun and at a capital, so these came out cut («агентство»,
    «Американский союз защиты», «Национальный комитет»), each ranked as a term of its own.

    The head is an institution noun (categories' organisation heads) with its agreeing
    adjectives; the phrase is taken for a name where a prepositional complement follows, or
    where its first word is capitalised mid-sentence (a name's spelling); any other genitive
    complement is left to noun_phrases. At most MAX_NAME_WORDS
    words. Canonical form: the head phrase in the nominative, the complement as written."""
    found: list[Occurrence] = []
    taken = 0  # the end of the last name found: a name inside it is its complement («… Зелёной партии»)
    for i, w in enumerate(ws):
        if i < taken or not w.text[:1].isalpha() or w.text.isupper():
            continue
        heads = [p for p in _noun_parses(w) if _institution_head(p)]
        if not heads:
            continue
        noun, chain = max(((n, _left_adjectives(sentence, ws, i, n)) for n in heads), key=lambda nc: len(nc[1]))
        end = _name_complement(sentence, ws, i)
        # The sides of a bilateral body, then what complements it («… Россия – Казахстан по …»).
        pair = _pair_of_sides(sentence, ws, i + 1) if end == i + 1 else i + 1
        paired = pair > i + 1
        if paired:
            end = _name_complement(sentence, ws, pair - 1)
        end = _named_after(sentence, ws, i, end)
        if end == i + 1:
            continue
        complement = ws[i + 1 : end]
        parts = [a for a, _ in chain] + [w] + complement
        if len(parts) > MAX_NAME_WORDS or _inside_a_name(sentence, ws, i - len(chain)):
            continue
        prepositional = any(c.text.lower() in _INSTITUTION_PREPOSITIONS for c in complement)
        if not (prepositional or paired or (parts[0].capitalized and not parts[0].initial)):
            # A genitive alone makes a name only where the name is spelt as one: «внеочередное
            # собрание Совета» is a meeting of the council, «Национальный комитет …» a body.
            continue
        adjectives = chain
        singular = _nominative(adjectives, w, noun, "sing") or _nominative(adjectives, w, noun, "plur")
        plural = _nominative(adjectives, w, noun, "plur") or singular
        if singular is None or plural is None:
            continue
        tail = " ".join(c.text if c.capitalized and not c.initial else c.text.lower() for c in ws[pair:end])
        if paired:  # the sides as written, their dash kept
            tail = f"{sentence[ws[i + 1].start : ws[pair - 1].end]} {tail}".strip()
        singular, plural = f"{singular} {tail}", f"{plural} {tail}"
        initial = parts[0].initial and parts[0].capitalized
        if initial and any(p.capitalized and not p.initial for p in parts[1:]):
            # «Национальный комитет Республиканской партии» at a sentence's start: a name keeps
            # its first capital (as noun_phrases does for a name with a proper name inside).
            singular, plural, initial = singular[:1].upper() + singular[1:], plural[:1].upper() + plural[1:], False
        words_ = tuple(fold(a.normal_form) for _, a in adjectives) + (fold(noun.normal_form),)
        # The sides by lemma, one key for «Россия-Казахстан» and «Россия – Казахстан».
        words_ += tuple(fold(parses(side)[0].normal_form) for c in ws[i + 1 : pair] for side in c.text.split("-"))
        words_ += tuple(fold(c.parses[0].normal_form) for c in ws[pair:end])
        # The key holds the whole name (another preposition, another name); the lemmas, which
        # measure its domain specificity, stop at the first preposition: a prepositional
        # complement names the body's field in everyday words («по правам человека», «по
        # охране окружающей среды»), which would dilute the mean. A genitive one names its
        # owner or its object, in words that may be as specific as the head's («… защиты
        # гражданских свобод» lifts «Американский союз») or less («… Республиканской партии»
        # lowers «Национальный комитет»): the specificity is the better of the head phrase's
        # and the whole's (`head`, ranking.rank_candidates), so that a name is not cut where
        # its head phrase alone would pass, and left to rank as a fragment of it.
        # The sides are places, of no domain specificity of their own: the head phrase measures.
        cut = (
            0
            if paired
            else next((k for k, c in enumerate(complement) if c.text.lower() in _INSTITUTION_PREPOSITIONS), len(complement))
        )
        lemmas = words_[: len(adjectives) + 1 + cut]
        head = len(adjectives) + 1 if cut else 0
        surface = sentence[parts[0].start : parts[-1].end]
        number = noun.tag.number or "sing"
        taken = end
        found.append(
            Occurrence(" ".join(words_), PHRASE, surface, singular, plural, number == "plur", lemmas, index, initial, head)
        )
    return found


# --- treaty names with their subject («Договор о коллективной безопасности»), built whole ---

# The heads of an instrument's name and the preposition that opens its subject: «Договор о …»,
# «Соглашение о …», «Конвенция по …». Laws and codes are named in quotes («Федеральный закон
# "О связи"»), which quoted_names reads.
_INSTRUMENT_HEADS = frozenset("договор соглашение конвенция протокол меморандум пакт хартия декларация".split())
_SUBJECT_PREPOSITIONS = {"о": frozenset({"loct"}), "об": frozenset({"loct"}), "по": frozenset({"datv"})}


def _subject(sentence: str, ws: list[Word], j: int) -> int:
    """The end (exclusive) of an instrument's subject opening at word j with «о», «об» or «по»:
    noun phrases in the preposition's case, listed with commas and joined by «и», each with the
    genitive complements that follow it («о правовом статусе Каспийского моря», «о дружбе,
    сотрудничестве и взаимной помощи»); j where none opens there. A comma-listed phrase that
    no «и» closes is no part of it."""
    cases = _SUBJECT_PREPOSITIONS.get(ws[j].text.lower()) if j < len(ws) else None
    if cases is None or j + 1 >= len(ws) or not _adjacent(sentence, ws[j], ws[j + 1]):
        return j
    end = _complement_phrase(sentence, ws, j + 1, cases, places=True)
    if end == j + 1:
        return j
    listed = end  # the end of the subject before a comma-listed one, which only «и» closes
    while end < len(ws):
        if sentence[ws[end - 1].end : ws[end].start].strip() == ",":
            start, closed = end, False  # «о дружбе, сотрудничестве и взаимной помощи»
            after = _complement_phrase(sentence, ws, start, cases, places=True)
        elif not _adjacent(sentence, ws[end - 1], ws[end]):
            break
        elif ws[end].text == "и" and end + 1 < len(ws) and _adjacent(sentence, ws[end], ws[end + 1]):
            start, closed = end + 1, True
            after = _complement_phrase(sentence, ws, start, cases, places=True)
        else:
            start, closed = end, listed == end
            after = _complement_phrase(sentence, ws, start, _GENITIVE, places=True)
        if after == start:
            break
        end = after
        listed = end if closed else listed
    return listed


_DASH_AFTER = re.compile(r"^\s*[—–-]\s*$")


def _subject_goes_on(sentence: str, ws: list[Word], end: int, cases: frozenset[str]) -> bool:
    """Whether the words after an instrument's subject (ending at `end`) continue it where
    `_subject` could not follow: a comma and another noun of the subject's case («о дружбе,
    торговле и мореплавании»), a dash and a noun («трудящихся государств — членов ЕАЭС»), or a
    place's genitive («о переходе отношений Казахстана и России …»). The name is then cut, and
    no sighting."""
    if end >= len(ws):
        return False
    between, after = sentence[ws[end - 1].end : ws[end].start], ws[end]
    nouns = [p for p in after.parses if p.tag.POS in ("NOUN", "ADJF")]
    if between.strip() == ",":  # a participle's clause may follow («…, известной как …»)
        return any(p.tag.POS == "NOUN" and p.tag.case in cases for p in nouns)
    if _DASH_AFTER.match(between):
        return bool(nouns) and not after.capitalized
    return _adjacent(sentence, ws[end - 1], after) and any("Geox" in p.tag and p.tag.case in _GENITIVE for p in after.parses)


def treaty_names(sentence: str, ws: list[Word], index: int) -> list[Occurrence]:
    """A treaty's, an agreement's or a convention's name with its subject, whole: «Договор о
    коллективной безопасности», «Соглашение о свободной торговле», «Конвенция о правовом
    статусе Каспийского моря». noun_phrases stops at the preposition, so only the subject's
    phrase came out («коллективная безопасность»), the instrument lost. Only a head capitalised
    mid-sentence (its first word: «Рамочная конвенция по …»), a name's spelling: «соглашение
    о поставках газа» is a description. At most
    MAX_NAME_WORDS words; canonical form: the head phrase in the nominative, the subject as
    written. A place in the subject is part of the name here («… Каспийского моря»): the name
    is the instrument's own."""
    found: list[Occurrence] = []
    for i, w in enumerate(ws):
        if w.text.isupper() or not w.text[:1].isalpha():
            continue
        heads = [p for p in _noun_parses(w) if fold(p.normal_form) in _INSTRUMENT_HEADS]
        if not heads or i + 1 >= len(ws) or not _adjacent(sentence, w, ws[i + 1]):
            continue
        noun = heads[0]
        chain = _left_adjectives(sentence, ws, i, noun)
        first = chain[0][0] if chain else w
        if not first.capitalized or first.initial:
            continue  # a name is spelt with a capital; at a sentence's start nothing tells
        end = _subject(sentence, ws, i + 1)
        parts = [a for a, _ in chain] + ws[i:end]
        if end == i + 1 or len(parts) > MAX_NAME_WORDS or _inside_a_name(sentence, ws, i - len(chain)):
            continue
        if _subject_goes_on(sentence, ws, end, _SUBJECT_PREPOSITIONS[ws[i + 1].text.lower()]):
            continue
        singular = _nominative(chain, w, noun, "sing")
        if singular is None:
            continue
        tail = " ".join(sentence[ws[i + 1].start : ws[end - 1].end].split())  # as written, its commas kept
        lemmas = tuple(fold(a.normal_form) for _, a in chain) + (fold(noun.normal_form),)
        words_ = lemmas + tuple(fold(c.parses[0].normal_form) for c in ws[i + 1 : end])
        surface = sentence[parts[0].start : parts[-1].end]
        name = f"{singular} {tail}"
        # never initial: a name opening a sentence was skipped above
        found.append(Occurrence(" ".join(words_), PHRASE, surface, name, name, False, words_, index, False, len(lemmas)))
    return found


RULES: tuple[Rule, ...] = (
    acronyms,
    noun_phrases,
    quoted_names,
    reference_terms,
    bracketed_expansions,
    complemented_names,
    treaty_names,
)
