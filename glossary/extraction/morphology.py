"""Russian morphology with pymorphy3: words, their analyses, lemma keys and inflection.

A term's *key* makes spellings of one term equal: lower case and `ё` folded to `е`. Its
*lemma key* is the key of its words' dictionary forms, so any inflected form of a phrase
finds it («стратегическим партнёрством» and «стратегическое партнерство» share one).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tm.language.morphology import analyzer  # the one analyzer, shared with tm concord

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:[-–][А-ЯЁа-яёA-Za-z0-9]+)*\+?")


def fold(text: str) -> str:
    """Case- and ё-insensitive form of a text, with white space collapsed."""
    return " ".join(text.lower().replace("ё", "е").split())


@dataclass(frozen=True)
class Word:
    """A word of a sentence with its analyses (best first)."""

    text: str
    start: int
    end: int
    initial: bool  # first word of the sentence or of a quote: its capital letter tells nothing

    @property
    def parses(self) -> list[Parse]:
        return parses(self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def parses(text: str) -> list[Parse]:
    """pymorphy3's analyses of a word, best first (cached: texts repeat words a lot). pymorphy3
    reads a word in lower case whatever its capitals, but for a single capital letter (an
    initial, «А.», has readings of its own): the cache is keyed so, and «Правительство» at a
    sentence's start shares the analyses of «правительство» inside one."""
    return _parses(parse_key(text))


def parse_key(text: str) -> str:
    """The form of a word its analyses are cached under (`parses`): two words with one key
    have the same analyses, so what is derived from them alone may be cached by it too."""
    return text.lower() if len(text) > 1 else text


@functools.lru_cache(maxsize=200_000)
def _parses(text: str) -> list[Parse]:
    parsed: list[Parse] = analyzer().parse(text)
    return parsed


_OPENERS = '«"„“(['
# A word after a colon, or after a full stop, «!», «?» or «…» that ends a word of three letters or
# more, opens a sentence, a heading or a rubric within the line («Следствие и суд: Силовые
# структуры: Lenta.ru»): its capital is the opening's, as at the line's start. A full stop after
# a shorter word is most often an abbreviation's («г. Москва», «т. е.»), whose next word keeps
# its own case.
_OPENING = re.compile(r"(?::|(?<=[А-ЯЁа-яёA-Za-z]{3})[.!?…])\s+$")


def words(sentence: str) -> list[Word]:
    """The words of a sentence. A word right after an opening quote or bracket counts as
    initial, like the first word: a title in quotes («"Нецелевое расходование средств"»)
    starts with a capital that says nothing about the word; so does one that opens a heading,
    a rubric or another sentence within the line (`_OPENING`)."""
    return list(_words(sentence)) if len(sentence) <= _CACHED_LENGTH else _split(sentence)


# A chunk's sentences are split into words by each pass that reads them (candidates, NER
# spans, lemma counts, topics): cached for about a chunk's worth of sentences, and only the
# sentences of ordinary length, so that the cache stays a few megabytes whatever the input.
_CACHED_LENGTH = 1000


@functools.lru_cache(maxsize=4096)
def _words(sentence: str) -> tuple[Word, ...]:
    return tuple(_split(sentence))


def _split(sentence: str) -> list[Word]:
    found = list(_WORD.finditer(sentence))
    return [Word(m.group(), m.start(), m.end(), i == 0 or _opens(sentence, m.start(), found[i - 1])) for i, m in enumerate(found)]


def _opens(sentence: str, start: int, previous: re.Match[str]) -> bool:
    """Whether the word at `start` opens a quote, a bracket, a heading or a sentence."""
    if start > 0 and sentence[start - 1] in _OPENERS:
        return True
    if _OPENING.search(sentence[max(0, previous.end() - 3) : start]) is None:
        return False
    # A full stop after a lower-case abbreviation of three letters or more («млрд. Газпром»,
    # «проф. Иванов») ends no sentence; an upper-case one may («… в США. Правительство»).
    word = previous.group()
    return ":" in sentence[previous.end() : start] or not (word.islower() and "Abbr" in parses(word)[0].tag)


def lemma(text: str) -> str:
    return parses(text)[0].normal_form if _WORD.fullmatch(text) else text.lower()


def lemma_key(phrase: str) -> str:
    """The folded dictionary forms of a phrase's words."""
    return fold(" ".join(lemma(m.group()) for m in _WORD.finditer(phrase)))


def inflect(parse: Parse, grammemes: set[str]) -> str | None:
    """The parse's word in the form `grammemes` name, or None where pymorphy3 has none."""
    return _inflected(parse, frozenset(grammemes))


@functools.lru_cache(maxsize=100_000)
def _inflected(parse: Parse, grammemes: frozenset[str]) -> str | None:
    # pymorphy3 builds the word's whole paradigm for every inflection, and a phrase is
    # inflected at each sighting (up to three times: singular, plural, fallback): memoised, a
    # build of 6,000 news sentences makes 98,000 inflections of about 10,000 parses
    inflected = parse.inflect(set(grammemes))
    if inflected is not None and "Supr" in parse.tag and not _one_stem(inflected.word, parse.word):
        # A superlative's paradigm can hold two («высший», «высочайший»): keep the word's own stem.
        forms = [inflected] + [f for f in parse.lexeme if grammemes <= f.tag.grammemes and "Supr" in f.tag]
        closest: str = max(forms, key=lambda f: _shared_prefix(f.word, parse.word)).word
        return closest
    return inflected.word if inflected else None


def _shared_prefix(a: str, b: str) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _one_stem(a: str, b: str) -> bool:
    """Whether two forms differ in no more than an adjective's ending (three letters)."""
    return _shared_prefix(a, b) >= max(len(a), len(b)) - 3


# A head noun whose singular forms are less than this share of its (unambiguous) forms in
# general Russian is named in the plural when a corpus only ever uses the plural: санкции
# (0.05), средства (0.28), услуги (0.22) stay plural; пошлины (0.40), цены (0.73),
# декларации (0.84), кредиты (0.63) become singular.
SINGULAR_SHARE = 0.35
# A word alone has no modifier to pick its plural sense, and a corpus's few plural sightings of
# it say little: a dictionary names тариф, льгота, субсидия, платёж, чиновник, although general
# Russian writes тарифы (0.28) or субсидии (0.20) more often. A single word keeps the plural
# only below this share: санкции (0.05), дивиденды (0.07), спецслужбы (0.07), махинации
# (0.09), or a plural-only noun (выборы, финансы), or one of LEXICAL_PLURALS.
WORD_SINGULAR_SHARE = 0.10
# Plurals that name a sense of their own, which the singular does not have (funds, auction,
# riots, troops, armed forces, expenditure, the authorities): named in the plural whenever the
# corpus only uses the plural, as a word alone or as a phrase's head («вооружённые силы»).
LEXICAL_PLURALS = frozenset("средства торги беспорядки войска силы расходы власти".split())
# Below SINGULAR_SHARE, a phrase's head keeps the plural only where the plural has a sense of
# its own, which navec shows as a vector far from the singular's (`own_plural_sense`): нужды
# (0.08 to нужда), отчисления (0.27), услуги (0.37), санкции (0.13) stay plural; органы (0.43
# to орган), жители (0.44), потребители (0.46), продукты (0.48) name one of a kind, like
# тарифы (0.63) and цены (0.61), and take the singular. Or where the plural is nearly all of
# the noun's use (below WORD_SINGULAR_SHARE: грузоперевозки, взаимоотношения).
PLURAL_SENSE_COSINE = 0.4


@functools.lru_cache(maxsize=20_000)
def singular_share(word: str) -> float | None:
    """The share of singular forms among a noun's forms in general Russian (wordfreq), over
    the forms that only one number can read: «цены» is also the genitive singular, so it
    counts for neither; «ценам», «ценой» decide. 0.0 for a plural-only noun (pymorphy3's
    Pltm: выборы, переговоры), None when the word is no noun or wordfreq knows none of it."""
    from glossary.extraction.frequency import general_zipf

    noun = next((p for p in parses(word) if p.tag.POS == "NOUN"), None)
    if noun is None:
        return None
    if "Pltm" in noun.tag:
        return 0.0
    totals = {"sing": 0.0, "plur": 0.0}
    # The numbers a written form reads as within the lexeme: «цены» is sing,gent and plur,nomn;
    # written without ё, «весны» is also «вёсны». Read off the lexeme, not by parsing each form
    # (a dictionary lookup a form, a second per thousand plural candidates): the same readings
    # but for homonyms of another paradigm (пол, floor and sex), whose shares move by 0.01–0.05.
    lexeme = noun.lexeme
    exact: dict[str, set[str | None]] = {}
    without_yo: dict[str, set[str | None]] = {}
    for form in lexeme:
        exact.setdefault(form.word, set()).add(form.tag.number)
        without_yo.setdefault(form.word.replace("ё", "е"), set()).add(form.tag.number)
    for form in lexeme:
        readings = exact[form.word] if "ё" in form.word else without_yo[form.word]
        if form.tag.number in totals and len(readings) == 1:
            zipf = general_zipf(form.word)
            totals[form.tag.number] += 10**zipf if zipf > 0 else 0.0
    total = totals["sing"] + totals["plur"]
    return totals["sing"] / total if total else None


def named_in_plural(singular: str, plural: str) -> bool:
    """Whether a term the corpus writes only in the plural keeps the plural as its headword:
    when its head noun (the last word the two forms differ in) is plural-only or mostly
    plural in general Russian (`SINGULAR_SHARE`). «рыночные цены» → «рыночная цена»,
    «антироссийские санкции» and «бюджетные средства» stay. A single word is held to the
    stricter WORD_SINGULAR_SHARE: «тарифы» → «тариф», «санкции» stays."""
    differing = [(s, p) for s, p in zip(singular.lower().split(), plural.lower().split(), strict=False) if s != p]
    if not differing:
        return True
    one, head = differing[-1]
    if fold(head) in LEXICAL_PLURALS:
        return True
    share = singular_share(head)
    if share is None:
        return False
    if len(plural.split()) == 1 or share < WORD_SINGULAR_SHARE:
        return share < WORD_SINGULAR_SHARE
    return share < SINGULAR_SHARE and own_plural_sense(one, head)


def own_plural_sense(singular: str, plural: str) -> bool:
    """Whether a noun's plural form has a sense its singular lacks: their navec vectors are
    less alike than PLURAL_SENSE_COSINE («нужды», needs, against «нужда», want). General
    Russian may write a noun mostly in the plural for two reasons: a sense of its own
    («муниципальные нужды», «налоговые отчисления»), or set phrases of a count noun («органы
    власти»), whose phrase in a corpus names one body («руководящий орган»); only the first
    keeps the plural headword. A form navec lacks keeps it too (no evidence to change it)."""
    from glossary.extraction.relevance import word_vector

    a, b = word_vector(singular), word_vector(plural)
    return a is None or b is None or float(a @ b) < PLURAL_SENSE_COSINE


def agrees(adjectives: list[str], noun: str) -> bool:
    """Whether a canonical form's adjectives and head noun can all be read in the nominative,
    in one number, and (in the singular) in one gender: the check on every form the
    candidates put in the nominative («рыночная цена», «бюджетные средства»; never
    «среднее бизнеса» or «рыночный цена»)."""
    heads = [p for p in parses(noun) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
    for head in heads:
        number, gender = head.tag.number, head.tag.gender
        if all(
            any(
                p.tag.POS in ("ADJF", "PRTF")
                and p.tag.case == "nomn"
                and p.tag.number == number
                and (number != "sing" or not gender or p.tag.gender == gender or "ms-f" in head.tag)
                for p in parses(adjective)
            )
            for adjective in adjectives
        ):
            return True
    return False


# Free modifiers: closed grammatical classes of adjectives a terminologist never keeps in a
# headword. They point back to the text or to its date, or count, rather than classify:
# «очередной саммит», «предыдущий квартал», «январский пленум», «пятилетний срок» are a term
# (саммит, квартал, пленум, срок) and a modifier the glossary does not want. Dictionary forms.
REFERENCE_ADJECTIVES = frozenset(
    "аналогичный подобный данный указанный вышеуказанный вышеупомянутый упомянутый "
    "соответствующий очередной существующий нынешний прежний предыдущий последующий "
    "тогдашний вышеназванный нижеследующий бывший".split()
)
TEMPORAL_ADJECTIVES = frozenset(
    "январский февральский мартовский апрельский майский июньский июльский августовский "
    "сентябрьский октябрьский ноябрьский декабрьский вчерашний сегодняшний завтрашний "
    "позавчерашний прошлогодний позапрошлогодний".split()
)
# An adjective made of a numeral and a unit of time or count: пятилетний, двухлетний,
# трехмесячный, десятидневный, стопроцентный, двукратный. Ordinals (первый заместитель) and
# relational adjectives of a unit alone (годовой отчет, текущий счет) are not of this class.
_NUMERAL_STEM = (
    r"(?:одно|дву|двух|трех|четырех|пяти|шести|семи|восьми|девяти|десяти|одиннадцати|"
    r"двенадцати|пятнадцати|двадцати|двадцатипяти|тридцати|сорока|пятидесяти|шестидесяти|"
    r"семидесяти|восьмидесяти|девяноста|сто|ста|двухсот|трехсот|пятисот|тысяче|много|нескольких?)"
)
_NUMERIC_ADJECTIVE = re.compile(
    _NUMERAL_STEM + r"(?:летн|месячн|дневн|недельн|часов|минутн|секундн|годичн|годов|процентн|кратн|разов)(?:ий|ый|ой)"
)


def free_modifier(lemma_word: str) -> str | None:
    """The free-modifier class of an adjective's dictionary form (`reference`, `temporal`,
    `numeric`), or None for any other word."""
    word = lemma_word.lower().replace("ё", "е")
    if word in REFERENCE_ADJECTIVES:
        return "reference"
    if word in TEMPORAL_ADJECTIVES:
        return "temporal"
    if _NUMERIC_ADJECTIVE.fullmatch(word):
        return "numeric"
    return None


def qualitative(word: str) -> bool:
    """Whether an adjective is gradable, so that it may evaluate: pymorphy3 tags it `Qual`, or
    it negates one (немалый, неплохой: the dictionary tags the base малый but not the negation)."""
    parse = parses(word)[0]
    if parse.tag.POS != "ADJF":
        return False
    if "Qual" in parse.tag:
        return True
    base = parse.normal_form.replace("ё", "е")
    if base.startswith("не") and len(base) > 5:
        return any(p.tag.POS == "ADJF" and "Qual" in p.tag and p.normal_form == base[2:] for p in parses(base[2:]))
    return False


@functools.lru_cache(maxsize=20_000)
def place_adjective(lemma: str) -> bool:
    """«российский» ← Россия, «казахстанско-российский» ← Россия, «американский» ← Америка,
    «европейский» ← Европа: an adjective whose stem names a place (pymorphy3 tags place names
    Geox)."""
    word = lemma.lower().rsplit("-", 1)[-1]
    for suffix in ("ский", "цкий"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            # казахстан-ский, китай-ский, япон-ия, росси(й)-я, америк(ан)-а, европ(ей)-а
            for noun in (
                stem,
                stem + "а",
                stem + "я",
                stem + "ия",
                stem[:-1] + "я",
                stem[:-1] + "ия",
                stem[:-1],
                stem[:-2] + "а",
            ):
                if any("Geox" in p.tag and p.is_known for p in parses(noun)):
                    return True
    return False


# pymorphy3's grammemes of proper names and abbreviations: a word that has none of them in any
# analysis is a common word of the dictionary.
_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def common_words(text: str) -> bool:
    """Whether every word of a name is a common word the dictionary knows («Полюс», «Будущее»,
    «Русский стандарт»), not a proper name (Газпром and Роснефть are tagged Orgn, Сколково
    Geox), an unknown word (Уралсиб) or Latin script (Shell)."""
    found = words(text)
    return bool(found) and all(
        (analyses := parses(w.text))
        and analyses[0].is_known
        and not any(_PROPER_GRAMMEMES & p.tag.grammemes or "LATN" in p.tag for p in analyses)
        for w in found
    )
