"""Whether a ranked candidate is kept: the checks it must pass, composed in `drop_reason`.

Single words and phrases must reach a specificity threshold; reference terms are always kept.
A word of every topic (граница, безопасность: WORD_MAX_LEXEME_ZIPF) is no single-word term, and a
phrase with a free modifier (очередной саммит, предыдущий квартал: morphology.free_modifier) none,
nor a noun of action of a verb of every topic (нарушение, выполнение: combinations.py).
Acronyms and names pass the domain checks every candidate passes, a name navec does not know
by the relevance of its contexts, and a company (a platform's name and an unknown name in a
company's story included: entities.py) only by its own name's (term_margin, company).

Each check is a small named predicate; `drop_reason` applies them in order and says which one a
candidate fails, so that the bench can tell a reader why a word is missing. Two phrase signals
live here too, `evaluative` and `person_description`: ranking.rank_candidates turns them into
priors (EVALUATIVE_PRIOR, PERSON_PRIOR) on the kept phrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, WORD
from glossary.extraction.combinations import drops_word
from glossary.extraction.entities import sport_kind_form
from glossary.extraction.morphology import common_words, fold
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.relevance import TYPICAL_RELEVANCE

if TYPE_CHECKING:
    from glossary.extraction.ranking import Candidate

# Units and amounts: «доллар инвестиций», «тонна нефти» count something, they name no kind;
# alone, «тонна» of grain quotas and «процент» of every rate measure the domain's things and
# name none (the judgements count доллар, рубль, процент out).
UNITS = frozenset(
    "доллар рубль евро тенге юань тонна баррель процент тысяча миллион миллиард триллион "
    "кубометр гектар километр литр килограмм мегаватт киловатт гигаватт".split()
)
# Heads that take a genitive complement without making a term of it («уровень партнерства»).
_GENERAL_HEADS = (
    set(
        "уровень состояние участие тройка пятерка ряд число рамка часть сфера область вопрос "
        "укрепление углубление расширение повышение обеспечение реализация создание подписание "
        "строительство развитие итог основа роль значение место задача цель путь направление "
        "отношение представитель глава член возможность необходимость объем количество рост "
        "увеличение пример потенциал случай период время год день мнение точка горизонт звено "
        "достижение "
        # abstract heads of rhetorical phrases («фундамент отношений», «спектр вопросов»)
        "аспект благополучие фундамент спектр полюс инициатор ознаменование реалия история характер "
        "этап приоритет процесс потребность стимуляция приток ход юбилей благо темп порядок пост "
        "расшифровка взлом выбор".split()
    )
    | UNITS
)


# A qualitative (gradable: pymorphy3's Qual) adjective with no domain meaning of its own
# (domain margin below EVALUATIVE_MARGIN, relevance.word_domain) evaluates rather than
# classifies: «положительная динамика», «сильные колебания», «негативный фактор» are free
# combinations. A gradable adjective of the domain stays (реальный сектор 0.10, жилищное
# законодательство 0.12, бюджетные средства 0.24). In the judged top 200 of dev and raw-dev:
# 10 such phrases, none a term.
EVALUATIVE_MARGIN = 0.09


# A phrase with one word this much nearer other topics than the domain is of that topic,
# whatever its other words («вице-президент хоккейной деятельности», «бренд потребительского
# кредитования»): the mean margin (MIN_TERM_MARGIN) lets one domain word carry it.
OFF_TOPIC_WORD = -0.2


# A single word enters by domain evidence, whatever its specificity against news: closer to
# the domain's core words than to other topics' by at least this (relevance.word_domain) ...
WORD_DOMAIN = 0.07
# ... and rarer in general Russian (wordfreq Zipf of the lemma) than the generic words of
# politics and the economy (решение 5.3, власть 5.0, политика 4.9, страна 4.8, рынок 4.7).
WORD_MAX_ZIPF = 4.65
# ... and, counting all its inflected forms (frequency.lexeme_zipf), rarer than the words of
# every topic that politics uses often: граница 5.37, безопасность 5.23, сторона 5.79, позиция
# 5.25, сфера 5.06, показатель 5.06, представитель 5.37, лидер 5.11 against торговля 5.02,
# бюджет 4.90, налог 4.88, санкция 4.88, законопроект 4.41 (the dictionary form alone hides
# this: граница 4.16, налог 4.15). A word that names an institution, an instrument or a post
# (categories.names_a_kind: посол 6.19, министерство, комиссия, вице-президент) is exempt: the
# criteria make those domain words whatever their frequency. In the top 150 of dev and raw-dev
# it takes out 9 words, all judged general, and no term (премьер-министр is a post); README's table.
WORD_MAX_LEXEME_ZIPF = 5.04


# Dates name no concept: a month or a day is frequent in economic news, never a term.
_CALENDAR = set(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "понедельник вторник среда четверг пятница суббота воскресенье квартал полугодие".split()
)


def evaluative(phrase: str) -> bool:
    """Whether a phrase has a qualitative adjective with no domain meaning (EVALUATIVE_MARGIN)."""
    from glossary.extraction.morphology import qualitative
    from glossary.extraction.relevance import word_domain

    for word in phrase.lower().replace("ё", "е").split()[:-1]:
        if qualitative(word):
            margin = word_domain(word)
            if margin is not None and margin < EVALUATIVE_MARGIN:
                return True
    return False


def free_modifier_phrase(c: Candidate) -> bool:
    """Whether a phrase has a free modifier (morphology.free_modifier: a reference, temporal or
    numeric adjective), read off its lemmas: no parsing for the many phrases checked."""
    from glossary.extraction.morphology import free_modifier

    return c.kind == PHRASE and any(free_modifier(word) for word in (c.lemmas or tuple(c.key.split())))


def person_description(phrase: str) -> bool:
    """Whether a phrase's first noun is animate and names no post (ranking.PERSON_PRIOR)."""
    from glossary.extraction.categories import POST_HEADS, head_noun

    found = head_noun(phrase.lower().replace("ё", "е").split())
    if found is None:
        return False
    parse = found[1]
    return "anim" in parse.tag and parse.normal_form.replace("ё", "е") not in POST_HEADS


def off_topic_word(c: Candidate) -> bool:
    """Whether a phrase has a word clearly of another topic (OFF_TOPIC_WORD)."""
    from glossary.extraction.relevance import word_domain

    words = c.canonical.lower().replace("ё", "е").split()
    return len(words) > 1 and any((m := word_domain(w)) is not None and m < OFF_TOPIC_WORD for w in words)


def word_margin(c: Candidate) -> float | None:
    """The domain margin of a single word (relevance.word_domain): the mean of the forms it was
    seen in (its three most frequent), else its lemma's or its canonical form's. navec's vector
    of a rare dictionary form is noisy: «полномочие» −0.01 beside «полномочия» 0.25, «беженец»
    −0.06 beside «беженцев» 0.07 (dev and raw-dev: political words found 21 of 23 → 23 of 23)."""
    from glossary.extraction.relevance import word_domain

    forms = dict.fromkeys(v.lower().replace("ё", "е") for v in c.variants[:3])
    margins = [m for f in forms if (m := word_domain(f)) is not None]
    if margins:
        return sum(margins) / len(margins)
    lemma = c.lemmas[0] if c.lemmas else c.key
    margin = word_domain(lemma)
    return margin if margin is not None else word_domain(c.canonical.lower())


# A candidate of any form whose words are, on average, nearer other topics than the domain by
# more than this is not kept (Google −0.14, «Зенит» −0.36, «легкой атлетики» −0.09; трансфер
# технологий −0.03 stays, Газпром 0.25, МИД 0.34). A margin of RELEVANT_MARGIN or more passes
# for relevance. Chosen on the pooled top lists of the issue 19 sets (test sets included) and
# the seeds' gold list (bench/term_precision.py).
MIN_TERM_MARGIN, RELEVANT_MARGIN = -0.04, 0.05


# Share of a name's occurrences as the source of the news (entities.news_source) that makes it
# a newspaper or an agency, not a term: a medium is named as a source in most of its sightings,
# an organisation that is quoted («передает пресс-служба МИД») rarely right after the verb.
MEDIA_SHARE = 1 / 3


def own_margin(c: Candidate) -> float | None:
    """The mean domain margin (relevance.word_domain) of the words navec knows in the
    candidate's canonical form; None when it knows none."""
    from glossary.extraction.relevance import word_domain

    margins = [m for w in c.canonical.lower().replace("ё", "е").split() if (m := word_domain(w)) is not None]
    return sum(margins) / len(margins) if margins else None


def term_margin(c: Candidate) -> float | None:
    """The candidate's domain margin: its own words' (own_margin), or, when navec knows none of
    them and it is no company, its contexts' (Candidate.context): an unknown name is of the
    domain where the sentences it occurs in are. None when neither is known."""
    own = own_margin(c)
    if own is not None or company(c):
        return own
    return c.context


# Share of a name's occurrences introduced as a company (entities.company_context) that makes
# it a company. A company is a term where its own name is of the domain in the news embeddings
# (the state-owned majors news names all the time: Газпром 0.25, АЛРОСА 0.09): its contexts,
# which are about the company (a licence withdrawn, a supplier's costs), do not vouch for it, so
# ГАЗСТРОЙБАНК and ИВ-консалтинг (unknown to navec) and АвтоВАЗ (0.02) are not terms.
COMPANY_SHARE = 1 / 3


def company(c: Candidate) -> bool:
    """Whether a name or an acronym is mostly introduced as a company (COMPANY_SHARE), or a
    phrase is headed by a company noun (categories.COMPANY_HEADS), or a name is a platform's
    (`platform_name`)."""
    if c.kind not in (ACRONYM, NAME, PHRASE):
        return False
    return c.company_share >= COMPANY_SHARE or platform_name(c)


def platform_name(c: Candidate) -> bool:
    """Whether a one-word name is one navec places next to the platform nouns
    (entities.platform_word: Facebook, Twitter, Telegram, Google): a social network, a
    messenger or a search engine is a company whatever its sentences say. A story about a
    platform (its fact-checking, the fake news on it, the elections they swayed) is full of
    political and economic words, so its contexts do not tell it from a term; its own vector
    does, through the company test (a term where its own name is of the domain, RELEVANT_MARGIN:
    ЛДПР, near «платформа» of a party's programme, stays)."""
    from glossary.extraction.entities import platform_word

    return c.kind == NAME and " " not in c.canonical and platform_word(c.canonical)


# A candidate seen once and less relevant than a typical term (TYPICAL_RELEVANCE) has only its
# one sentence to vouch for it: where the other topical words of that sentence are, on
# average, nearer other topics than the domain (Candidate.context below LONE_CONTEXT), its
# passage's weight is all that carries it, and a passage is a window that may hold the next
# story too («сероводородный источник» of tourists killed on holiday, «ушел с "Первого"
# канала» of a TV host). In the judged top 120 of raw-test and raw-test2: 10 such candidates,
# none a term; the terms seen once below typical relevance have contexts from 0.017
# (Следственный комитет) up.
LONE_CONTEXT = 0.0


def lone_off_topic_sighting(c: Candidate) -> bool:
    """Whether a candidate seen once, below typical relevance, was seen in a sentence of
    another topic (LONE_CONTEXT)."""
    return c.frequency == 1 and c.relevance < TYPICAL_RELEVANCE and c.context is not None and c.context < LONE_CONTEXT


def domain_word(c: Candidate) -> bool:
    """A single word with domain evidence: санкции, референдум, законопроект, товарооборот."""
    from glossary.extraction.frequency import general_zipf

    lemma = c.lemmas[0] if c.lemmas else c.key
    margin = word_margin(c)
    return (
        margin is not None
        and margin >= WORD_DOMAIN
        and general_zipf(lemma) < WORD_MAX_ZIPF
        and lemma not in _CALENDAR
        and not generic_word(lemma)
    )


def generic_word(lemma: str) -> bool:
    """Whether a single word is a word of every topic (WORD_MAX_LEXEME_ZIPF), not a domain word."""
    from glossary.extraction.categories import names_a_kind
    from glossary.extraction.frequency import lexeme_zipf

    return not names_a_kind(lemma) and lexeme_zipf(lemma) >= WORD_MAX_LEXEME_ZIPF


def of_another_topic(c: Candidate, options: ExtractionOptions) -> bool:
    """Whether a candidate's own words place it in another topic (drop_reason's first two
    domain checks: MIN_TERM_MARGIN, off_topic_word), not its form, frequency or specificity."""
    if not options.use_domain or c.in_reference:
        return False
    margin = term_margin(c)
    return (margin is not None and margin < MIN_TERM_MARGIN) or off_topic_word(c)


def spelled_out_off_topic(
    kept: Sequence[Candidate], not_kept: Sequence[Candidate], options: ExtractionOptions
) -> dict[int, Candidate]:
    """The kept acronyms (by id) seen only beside a phrase whose words' initials are theirs,
    one letter a word, and whose words are of another topic, each with that phrase:
    «стационаров кратковременного пребывания (СКП)», a hospital ward. An acronym has no words
    of its own for the domain tests to read; the name it abbreviates has, and it shares that
    name's verdict, as a name's pieces do (merging.drop_fragments)."""
    from glossary.extraction.acronyms import exact_initials

    by_sentence: dict[int, list[Candidate]] = {}
    for c in not_kept:
        if c.kind == PHRASE and of_another_topic(c, options):
            for i in c.sentences:
                by_sentence.setdefault(i, []).append(c)
    spelled: dict[int, Candidate] = {}
    for c in kept:
        if c.kind != ACRONYM or c.in_reference or not c.sentences:
            continue
        for phrase in by_sentence.get(c.sentences[0], []):
            if exact_initials(c.canonical, phrase.canonical) and set(c.sentences) <= set(phrase.sentences):
                spelled[id(c)] = phrase
                break
    return spelled


def _keep(c: Candidate, options: ExtractionOptions) -> bool:
    return drop_reason(c, options) is None


def drop_reason(c: Candidate, options: ExtractionOptions) -> str | None:
    """Why a candidate is not kept: the first check it fails, in words (for the bench and a
    reader asking why a word is missing); None where it is kept."""
    if c.frequency < options.min_frequency:
        return f"seen {c.frequency} times, fewer than min_frequency {options.min_frequency}"
    if always_kept(c):
        return None
    if c.fragment:
        return "a piece of a longer name"  # «президентский совет» of «… совет по правам человека»
    if c.kind == ACRONYM and sport_kind_form(c.canonical):
        return "a kind of sports club"  # ФК, ХК (entities.sport_kind_form), however economic its story
    # One check for every form: a quoted, Latin-script or acronym candidate passes the same
    # domain and relevance tests as a phrase (no form-based bypass).
    if options.use_domain and c.domain < options.min_domain:
        return f"its passages' domain weight {c.domain:.2f} is below min_domain {options.min_domain}"
    if not c.in_reference:
        margin = term_margin(c) if options.use_domain else None
        if margin is not None and margin < MIN_TERM_MARGIN:
            # its own words are nearer sport, culture, brands or everyday life (Google, «Анжи»)
            return f"domain margin {margin:.2f} below {MIN_TERM_MARGIN}"
        if (
            options.use_domain
            and company(c)
            and (c.kind == PHRASE or margin is None or margin < RELEVANT_MARGIN or common_words(c.canonical))
        ):
            # A company outside the domain (COMPANY_SHARE). A phrase headed by a company noun
            # is a company's name or a kind of company whatever its adjectives' margin, which
            # is the industry's («Восточная нефтехимическая компания» 0.10). A company named by
            # common words («ПАО "Полюс"», «НПФ "Будущее"») has no vector of its own: navec's
            # is the word's (полюс 0.06, будущее 0.06) and says nothing of the company.
            return "a company outside the domain"
        if options.use_domain and off_topic_word(c):
            return "a word of another topic in it"
        if options.use_domain and lone_off_topic_sighting(c):
            # seen once, in a sentence of another topic, and no more relevant than a typical term
            return f"seen once, in a sentence of another topic (context {c.context:.2f})"
        # Near the core words, or clearly nearer the domain than other topics: ГРЭС, АСЕАН,
        # Росатом and добрососедство are far from the few core words but not from the domain.
        if c.relevance < options.min_relevance and not (margin is not None and margin >= RELEVANT_MARGIN):
            return f"relevance {c.relevance:.3f} below {options.min_relevance}"
    if c.kind in (ACRONYM, NAME):
        # A newspaper or an agency: named as the source of the news in a third of its
        # occurrences or more («передает Интерфакс», «агентство Bloomberg»).
        return "a medium (named as the news' source)" if c.source_share >= MEDIA_SHARE else None
    if c.kind == WORD:
        if len(c.key) < 4:
            return "a word shorter than 4 letters"
        if not (c.specificity >= options.min_word_specificity or (options.use_domain and domain_word(c))):
            # Without the domain signals no domain evidence was asked for: say so, not which test it fails.
            evidence = _no_domain_evidence(c) if options.use_domain else "the domain signals off (use_domain)"
            return f"specificity {c.specificity:.2f} below {options.min_word_specificity}, and {evidence}"
        # pymorphy3 does not know «тенге» and guesses «тенг»: the written forms say the unit too.
        if c.key in UNITS or any(fold(v) in UNITS for v in c.variants):
            return "a unit or an amount"
        # A word of every topic is no term however specific a small corpus makes it (граница,
        # безопасность), on the specificity path as on the domain one; nor is a noun of action
        # of a verb of every topic (нарушение, выполнение: combinations.py).
        if options.use_domain and generic_word(c.lemmas[0] if c.lemmas else c.key):
            return "a word of every topic (its lexeme's frequency)"
        return "a noun of action of a verb of every topic" if options.use_domain and drops_word(c) else None
    if c.source_share >= MEDIA_SHARE:
        return "a medium (named as the news' source)"  # «цитирует Анатолийское агентство»
    if not c.in_reference and free_modifier_phrase(c):
        return "a free modifier in it"  # «очередной саммит», «предыдущий квартал»: the modifier is no part of a term
    if general_head(c):
        return "a general head"
    if c.specificity < options.min_specificity:
        return f"specificity {c.specificity:.2f} below {options.min_specificity}"
    return None


def general_head(c: Candidate) -> bool:
    """Whether a phrase opens with a general head, or is two words ending in one (_GENERAL_HEADS)."""
    words = c.key.split()
    return words[0] in _GENERAL_HEADS or (len(words) > 1 and words[-1] in _GENERAL_HEADS and c.words == 2)


def passes_on_its_verdict(c: Candidate, options: ExtractionOptions) -> bool:
    """Whether a candidate not kept is a capitalised name of three words or more whose verdict
    its pieces share (merging.drop_fragments): it was dropped for what its words are
    (another topic, a company, a medium, too little specificity), not for its form. A name cut
    out of a longer one, seen too rarely, or carrying a free modifier or a general head may
    hold a name that is a term: its pieces are judged on their own."""
    return (
        c.kind == PHRASE
        and c.words >= 3
        and c.canonical[:1].isupper()
        and not c.fragment
        and c.frequency >= options.min_frequency
        and not free_modifier_phrase(c)
        and not general_head(c)
    )


def _no_domain_evidence(c: Candidate) -> str:
    """Which condition of `domain_word` a single word fails, in words."""
    from glossary.extraction.frequency import general_zipf

    lemma = c.lemmas[0] if c.lemmas else c.key
    margin = word_margin(c)
    if margin is None:
        return "no domain margin (a word navec lacks, or one too common to tell a topic)"
    if margin < WORD_DOMAIN:
        return f"domain margin {margin:.2f} below WORD_DOMAIN {WORD_DOMAIN}"
    if general_zipf(lemma) >= WORD_MAX_ZIPF:
        return f"too common in general Russian (Zipf {general_zipf(lemma):.2f})"
    return "a date" if lemma in _CALENDAR else "a word of every topic (its lexeme's frequency)"


def always_kept(c: Candidate) -> bool:
    """Reference terms only: acronyms and names pass the checks every candidate passes."""
    return c.in_reference
