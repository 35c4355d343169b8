"""Names in the texts, from natasha's news NER (slovnet, shipped in the natasha wheel).

Persons and places are not glossary terms (acronyms of states stay: КНР → PRC is worth an
entry): a candidate seen only inside a PER or LOC span («Центральная Азия», «Саудовская
Аравия», «Касым-Жомарт Токаев») is dropped. Organisations and institutions are terms: a
one-word ORG span («Роскомнадзор», «Госдума», «Минфин») becomes a name candidate, which the
noun-phrase rule never proposes for a capitalised word. The tagger labels some unions of
states as places («Евросоюз»); a one-word span ending in «союз» is taken for an organisation.
It also labels metonyms: a country that acts («Россия заявила») and a common noun that opens a
sentence («Правительство одобрило»); neither is taken for an organisation's name.

Newspapers and news agencies are told by their context, not by a list: a name right after a
verb of reporting in the present («передает Интерфакс», «пишет Bloomberg»), after a media noun
(«агентство Bloomberg», «газета "Ведомости"», «портал "Медуза"») or an interview («в интервью
"Интерфаксу"»), a name that «пишет», or the one a speaker told it to («- пояснил АиФ.ru
эксперт») is named as the source of the news (`news_source`). So is a platform a statement was
posted on («написал в Twitter», «выложило в Facebook», «на его официальной странице в
Facebook», «в Telegram-канале»), a name coordinated with a platform («в Facebook и Twitter», «к
Facebook и другим соцсетям»), a medium named by the noun after it («с "Первого" канала») and the
one an article belongs to («к статье в "Пост"»), the one a speaker told it to after his pronoun
(«- заявил он "Интерфаксу".»), one that reports citing its own source («сообщило РИА Новости
со ссылкой на …») and the agency a dateline names («МОСКВА, 30 мая. /ТАСС/.», «Москва — РИА Новости.»). What follows a
name is read past the capitalised common noun that goes on with it («РИА Новости», «РИА
"Новости"»: `past_name_tail`). Organisations report too, in the past and as subjects («МИД
сообщил», «по данным Росстата», «сообщили в МИД»): those contexts are not taken.

Companies, brands, clubs and shows are told by their appositive noun the same way
(`company_context`): a legal form or a company noun («ООО», «компания Shell», «стартап
"Convercent"»), a brand or service noun («соцсеть Facebook», «мессенджер Telegram»), a sports
or culture noun («клуб "Зенит"», «ФК "Анжи"», «группа "Ленинград"», «сериал "Голос"»). A name
navec does not know is a company's in a company's story too (`company_story`: a company noun
elsewhere in its sentence), since its contexts are then the business's. Such a name is a term
only where its own name is of the domain (glossary/extraction/keeping.py `company`, which also
takes a platform's name, `platform_word`, for a company's). A club's kind prefix alone (ФК, ХК:
`sport_kind_form`) is sport. A name that quotes someone («приводит "Прайм" слова министра») is
a medium.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glossary.extraction.candidates import ACRONYM, NAME, PHRASE, Occurrence, Rule, find_candidates
from glossary.extraction.morphology import fold, parses, place_adjective, words
from glossary.extraction.surroundings import sightings

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

OUT = {"PER", "LOC"}
_UNION_ENDINGS = ("союз", "союза", "союзу", "союзом", "союзе")
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ"}


# The left context of a name named as the source of the news: a reporting verb in the present
# (the attribution that closes a news sentence), a media noun in any case, or an interview.
_SOURCE_BEFORE = re.compile(
    r"(?:\b(?:переда[её]т|передают|сообщает|сообщают|уточняет|уточняют|пишет|пишут|цитирует|цитируют|информирует)"
    r"|\b(?:агентств|информагентств|издани|газет|телеканал|журнал|радиостанци|телекомпани|таблоид|еженедельник)\w*"
    r"|\bрадио\b"
    r"|\bинтервью(?:\s+(?:с|для))?)"
    r"\s+[\"«„“']?$",
    re.IGNORECASE,
)
# ... or its right context: a name that writes («Bloomberg пишет»).
_SOURCE_AFTER = re.compile(r"^[\"»“']?\s+пиш(?:ет|ут)\b", re.IGNORECASE)
# ... or a name that quotes someone: «приводит "Прайм" слова министра», «приводит Интерфакс
# его высказывание». Both sides are read: «приводит» alone leads somewhere too («что приводит
# Минфин к выводу»). Figures are left out («приводит Росстат данные»): an organisation gives
# its own, as «по данным Росстата», which is not taken either.
_QUOTING_BEFORE = re.compile(r"\bпривод(?:ит|ят)\s+[\"«„“']?$", re.IGNORECASE)
_QUOTING_AFTER = re.compile(r"^[\"»“']?\s+(?:слова|цитат\w*|высказывани\w*|заявлени\w*)\b", re.IGNORECASE)
# ... or a name that ends the sentence after the one it quotes: «- цитирует президента ТАСС.»,
# «- приводит слова дипломата РИА Новости.» (a ministry that speaks says it itself; it does
# not cite another's words at the end of the sentence).
_CITING_BEFORE = re.compile(
    r"\b(?:цитиру(?:ет|ют)|привод(?:ит|ят)\s+(?:(?:его|ее|её|их)\s+)?(?:слова|цитат\w*|высказывани\w*))"
    r"\s+(?:[А-ЯЁа-яё-]+\s+){1,3}[\"«„“']?$",
    re.IGNORECASE,
)
_SENTENCE_END_AFTER = re.compile(r"^[\"»“']?\s*(?:[.!?…]|$)")
# ... or the one a speaker told it to, ending the sentence after the speaker's pronoun: «-
# заявил он "Интерфаксу".» (an organisation that speaks is the subject: «- заявил он» leaves
# it no place).
_TOLD_BEFORE = re.compile(
    r"\b(?:заявил|сказал|рассказал|пояснил|сообщил|признался|объяснил|отметил|добавил|уточнил)[аи]?"
    r"\s+(?:он|она|они)\s+[\"«„“']?$",
    re.IGNORECASE,
)
# ... or a name that reports with a reference to its own source: «сообщило РИА Новости со
# ссылкой на пресс-службу» (an organisation gives what it knows itself).
_REPORTED_BEFORE = re.compile(r"\b(?:сообщил|передал|уточнил|написал|рассказал)[аио]?\s+[\"«„“']?$", re.IGNORECASE)
_REFERRING_AFTER = re.compile(r"^[\"»“']?,?\s+со\s+ссылкой\s+на\b", re.IGNORECASE)
# A capitalised common noun right after a name, quoted or not, goes on with that name: «РИА
# Новости», «РИА "Новости"» (`past_name_tail`).
_NAME_TAIL = re.compile(r"^[\"»“']?\s+[\"«„“']?([А-ЯЁ][а-яё]+)(?![\w-])")
_NO_TAIL = {"Geox", "Name", "Surn", "Patr", "Abbr"}
# A site or a portal is a medium where its name follows in quotes or in Latin script («портал
# "Медуза"», «сайт Politico»), not where its owner does («на сайте Минфина», «портал
# правительства»).
# An article, an editorial office or a column belongs to a medium the same way («в статье
# "Пост"», «к статье в "Пост"», «редакция "Медузы"»), where «статья» of a law names no quoted
# name («статья 5 УК»).
_SITE_BEFORE = re.compile(
    r"\b(?:портал|сайт|интернет-издани|блог|стать|редакци|колонк|репортаж)\w*\s+(?:в\s+)?([\"«„“'])?$", re.IGNORECASE
)


# A platform named as the place a statement was posted: a name after «в/во/на» that follows a
# verb of writing or posting in the singular («написал в Twitter», «опубликованном в Twitter»),
# after a page, an account, a microblog or a channel («на странице в Facebook», «в аккаунте в
# Instagram»), or one's own («в своем Twitter»). After a verb of saying, only a name in Latin
# script or in quotes («сообщил в Facebook»): «заявил в Госдуме», «сообщил в МИД» name the
# institution where, or to which, one spoke. The plural of an institution's spokesmen is left
# out too: «сообщили в МИД» names the ministry that speaks, not a medium.
_POSTED_BEFORE = re.compile(
    r"(?:\b(?:написал|опубликовал|выложил|разместил)[аио]?|\bпишет|\b(?:опубликован|выложен|размещ[её]н)\w*"
    r"|\b(?:страниц|аккаунт|микроблог|канал)\w*)"
    r"\s+(?:в|во|на)\s+(?:сво(?:[её]м|ей|их)\s+)?[\"«„“']?$"
    r"|\b(?:в|во|на)\s+сво(?:[её]м|ей)\s+[\"«„“']?$",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(r"\b(?:сообщил|заявил|рассказал)а?\s+(?:в|во|на)\s+(?:сво(?:[её]м|ей)\s+)?([\"«„“'])?$", re.IGNORECASE)


def _quoted_or_latin(match: re.Match[str], surface: str) -> bool:
    """Whether a name after a site or a verb of saying is a name of its own: opened by the
    quote the pattern's group 1 caught, or in Latin script («сайт Politico»)."""
    return match.group(1) is not None or (surface[:1].isascii() and surface[:1].isalpha())


def _posted(before: str, surface: str) -> bool:
    """Whether the text before a name makes it a platform a statement was posted on (_POSTED_BEFORE, _SAID_BEFORE)."""
    if _POSTED_BEFORE.search(before):
        return True
    match = _SAID_BEFORE.search(before)
    return match is not None and _quoted_or_latin(match, surface)


# ... or a name that opens a compound with a channel or an account («в Telegram-канале»).
_POSTED_AFTER = re.compile(r"^-(?:канал|аккаунт|блог)", re.IGNORECASE)

# A name coordinated with a platform is a platform: with a platform noun («к Facebook и другим
# соцсетям», «в Telegram и прочих мессенджерах») or with another name that the news embeddings
# place next to the platform nouns («в Facebook и Twitter»: `platform_word`). Organisations
# are coordinated with organisations («в ЕС и НАТО»), which are far from those nouns.
_COORDINATED_AFTER = re.compile(r"^[\"»“']?\s+(?:и|или)\s+(?:(?:други|прочи)\w*\s+)?[\"«„“']?([\w-]+)", re.IGNORECASE)
_PLATFORM_NOUN = re.compile(
    r"^(?:соцсет|социальн|мессенджер|платформ|видеохостинг|сервис|сайт|приложени|поисковик|соцмеди)", re.IGNORECASE
)
# The platform nouns a platform's name is near in navec, and how near: Facebook 0.51, Twitter
# 0.34, Telegram 0.54, Google 0.48 against ООО 0.17, Газпром 0.08, НАТО -0.05, Минфин 0.14.
PLATFORM_NOUNS, PLATFORM_NEAR = ("соцсеть", "мессенджер", "платформа"), 0.3


@functools.lru_cache(maxsize=20_000)
def platform_word(word: str) -> bool:
    """Whether navec puts a word next to the platform nouns (PLATFORM_NEAR): a social network's,
    a messenger's or a search engine's name."""
    from glossary.extraction.relevance import word_vector

    vector = word_vector(word)
    if vector is None:
        return False
    return max(float(noun @ vector) for n in PLATFORM_NOUNS if (noun := word_vector(n)) is not None) >= PLATFORM_NEAR


def _coordinated_with_platform(after: str) -> bool:
    """Whether a name is coordinated with a platform noun or a platform's name (_COORDINATED_AFTER)."""
    match = _COORDINATED_AFTER.match(after)
    if match is None:
        return False
    partner = match.group(1)
    return bool(_PLATFORM_NOUN.match(partner)) or (partner[:1].isupper() and platform_word(partner))


# A medium named by the noun after it: a channel, a paper, a radio station («ушел с "Первого"
# канала», «в "Новой" газете»); a quoted name only, since an institution's own channel is
# named after it in the genitive («канал Минобороны»), before the noun.
_MEDIA_AFTER = re.compile(r"^[\"»“']\s+(?:теле)?(?:канал|газет|радио|журнал)\w*", re.IGNORECASE)

# A dateline names the agency whose item it opens: «МОСКВА, 30 мая. /ТАСС/.», «АСТАНА, 5 июня
# (Интерфакс) -». Slashes are its alone; a bracket after a day and a month, since brackets
# elsewhere hold an expansion's acronym («Евразийская экономическая комиссия (ЕЭК)»).
_DATELINE_SLASH_BEFORE = re.compile(r"(?:^|\s)/\s*$")
_DATELINE_SLASH_AFTER = re.compile(r"^\s*/")
_DATELINE_BRACKET_BEFORE = re.compile(r"\b\d{1,2}\s+[а-яё]+\s*\(\s*$", re.IGNORECASE)
_DATELINE_BRACKET_AFTER = re.compile(r"^\s*\)")
# ... or a dash after the place (and the date) that opens the line, the agency ending it: «Москва,
# 1 октября — Интерфакс.», «Ростов-на-Дону — РИА Новости.», «Астана — Интерфакс-Казахстан.».
_DATELINE_DASH_BEFORE = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё .-]{0,40}(?:,\s*\d{1,2}\s+[а-яё]+)?\s+[—–]\s*$")
_DATELINE_DASH_AFTER = re.compile(r"^(?:-[А-ЯЁA-Z][\w-]*)?\s*\.?\s*$")


def _dateline(before: str, after: str) -> bool:
    """Whether a name stands where a dateline names its agency (_DATELINE_SLASH_BEFORE …);
    `after` is read past the name's tail («Новости» of «РИА Новости»)."""
    return bool(
        (_DATELINE_SLASH_BEFORE.search(before) and _DATELINE_SLASH_AFTER.match(after))
        or (_DATELINE_BRACKET_BEFORE.search(before) and _DATELINE_BRACKET_AFTER.match(after))
        or (
            _DATELINE_DASH_BEFORE.match(before) is not None and _DATELINE_DASH_AFTER.match(after) is not None and _a_place(before)
        )
    )


_REGION_NOUNS = frozenset("область край район округ регион республика".split())


def _a_place(text: str) -> bool:
    """Whether a dateline's opening names a place: a word of it is a place's name or adjective,
    or a region's noun («Петропавловск», «Мангистауская область»), not «Главное событие года — …»."""
    for w in words(text.split(",")[0]):
        readings = parses(w.text)
        if any(
            "Geox" in p.tag or p.normal_form in _REGION_NOUNS or (p.tag.POS == "ADJF" and place_adjective(p.normal_form))
            for p in readings
        ):
            return True
    return False


# The one a person told something to, in the dative, between the verb and the speaker: «-
# пояснил АиФ.ru эксперт», «- рассказал "АиФ" Анатолий Выборный». An organisation that speaks
# is the subject and ends the clause («- сообщил МИД.», «пояснил Минфин России»): the verbs
# organisations use most («сообщил», «заявил») are left out, and the speaker must follow.
_ADDRESSEE_BEFORE = re.compile(r"\b(?:рассказал|пояснил|сказал|признался|объяснил)[аи]?\s+[\"«„“']?$", re.IGNORECASE)
_SPEAKER_AFTER = re.compile(r"^[\"»“']?\s+([А-ЯЁа-яё-]+)")


def _addressee(before: str, after: str) -> bool:
    """Whether a name stands between a verb of telling and the speaker (_ADDRESSEE_BEFORE, _SPEAKER_AFTER)."""
    if not _ADDRESSEE_BEFORE.search(before):
        return False
    match = _SPEAKER_AFTER.match(after)
    if match is None:
        return False
    best = parses(match.group(1))[0]
    return best.tag.POS == "NOUN" and "Geox" not in best.tag


def _site_name(before: str, surface: str) -> bool:
    """Whether a name is a site's or a portal's own, not its owner's (_SITE_BEFORE), or a
    medium's informant's (_INFORMANT_BEFORE)."""
    match = _SITE_BEFORE.search(before) or _INFORMANT_BEFORE.search(before)
    return match is not None and _quoted_or_latin(match, surface)


# An informant of a medium, named by the medium in the genitive: «собеседник "Ведомостей"»,
# «источник "Коммерсанта"», «источники Bloomberg». Quoted or Latin names only, as for a site:
# «источник Минобороны» is a source inside a ministry.
_INFORMANT_BEFORE = re.compile(r"\b(?:собеседник|источник)(?:а|у|ом|и|ов|ам|ами)?\s+([\"«„“'])?$", re.IGNORECASE)


def past_name_tail(after: str) -> str:
    """The text after a name, past the capitalised common noun that goes on with it, quoted or
    not («Новости» of «РИА Новости», «РИА "Новости"»); `after` itself where none does. A word
    that may be a place, a person or an acronym is another name («МВД России», «ТАСС Путин»).
    The tests of what follows a medium (it writes, quotes, ends the sentence) then read past
    the tail, so that every way of writing one medium's name counts as its sighting."""
    match = _NAME_TAIL.match(after)
    if match is None or match.group(1).isupper():
        return after
    # Any noun reading: capitalised mid-sentence, «Вести» is no verb; any proper one makes it
    # another name.
    readings = parses(match.group(1))
    if not any(p.tag.POS == "NOUN" for p in readings) or any(_NO_TAIL & set(p.tag.grammemes) for p in readings):
        return after
    return after[match.end() :]  # its closing quote, if any, is read by the tests after it


def news_source(sentence: str, surface: str) -> bool:
    """Whether `surface` occurs in `sentence` as the source of the news (a newspaper, an
    agency: see the module's docstring). Told by its context, for a name or an acronym that
    has no head noun to read; categories.media_head tells a phrase by its head on purpose
    («Российская газета» in any context), and tally.count_chunk counts both as a source."""
    for start in sightings(sentence, surface):
        before = sentence[max(0, start - 40) : start]
        after = sentence[start + len(surface) : start + len(surface) + 40]
        rest = past_name_tail(after)
        if (
            _SOURCE_BEFORE.search(before)
            or _site_name(before, surface)
            or _SOURCE_AFTER.match(rest)
            or (_QUOTING_BEFORE.search(before) is not None and _QUOTING_AFTER.match(rest) is not None)
            or (_CITING_BEFORE.search(before) is not None and _SENTENCE_END_AFTER.match(rest) is not None)
            or (_TOLD_BEFORE.search(before) is not None and _SENTENCE_END_AFTER.match(rest) is not None)
            or (_REPORTED_BEFORE.search(before) is not None and _REFERRING_AFTER.match(rest) is not None)
            or _addressee(before, after)
            or _posted(before, surface)
            or _POSTED_AFTER.match(after)
            or _coordinated_with_platform(after)
            or _MEDIA_AFTER.match(after)
            or _dateline(sentence[:start], rest)
        ):
            return True
    return False


# A company is introduced by its legal form or by a company noun, its appositive noun, the
# name usually quoted («ООО "ИВ-консалтинг"», «АО АКБ "ГАЗСТРОЙБАНК"», «Акционерный
# Коммерческий Банк "ГАЗСТРОЙБАНК"», «ОАО "АвтоВАЗ"», «компания Shell»). The legal forms themselves (ООО, АКБ)
# are terms, not companies.
# ТОО is Kazakhstan's LLP; НПФ, a non-state pension fund, is a legal form of fund
# («НПФ "Доверие"»), though a term of the domain alone, as ООО is.
_LEGAL_FORM = r"(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|АКБ|КБ|ГК|ИП|ФГУП|МУП|ТОО|НПФ)"
# Names are introduced the same way as brands, services, clubs and works («соцсеть Facebook»,
# «мессенджер Telegram», «клуб "Зенит"», «группа "Ленинград"», «сериал "Голос"»): the same
# test applies (keeping.company: kept only where its own name is of the domain). The nouns
# that also head other words («группировка», «командование», «сетевой») are matched as whole words.
_SPORTS_CULTURE_FORMS = r"(?:ФК|ХК|ПФК|БК)"
_SPORTS_CULTURE_FORM_ONLY = re.compile(rf"^{_SPORTS_CULTURE_FORMS}$")
# A product is introduced by its kind as a brand is («ЗРК "Морфей"», «смартфон iPhone»,
# «препарат "Арбидол"»): a weapon system, a drug or a device is no term of diplomacy or the
# economy unless its own name is of the domain (keeping.company). Its name must be one of its
# own, quoted or in Latin script (_quoted_or_latin): «ракеты НАТО», «самолеты МЧС» name an
# owner. «комплекс» is left out: it also introduces places («комплекс "Байконур"»).
_PRODUCT_BEFORE = re.compile(
    r"(?:(?<![А-ЯЁA-Z])П?ЗРК"
    r"|\b(?:ракет|истребител|бомбардировщик|вертол[её]т|самол[её]т|смартфон|планшет|гаджет|препарат|лекарств)\w*)"
    r"\s+([\"«„“'])?$",
    re.IGNORECASE,
)
# A company named in apposition after a comma, unquoted: «в его консалтинговую фирму,
# Инновационные Консалтинговые Услуги, никто не перезвонил». Not «банк»: international banks
# are listed with other institutions («Всемирный банк, МВФ и ЕБРР»).
_COMPANY_APPOSITION = r"\b(?:компани|фирм|концерн|холдинг|корпораци)\w*,"


def sport_kind_form(surface: str) -> bool:
    """Whether an acronym is a sports club's kind prefix (ФК, футбольный клуб; ХК, хоккейный
    клуб): a closed class, the one _COMPANY_BEFORE reads clubs by. Alone it names a kind of
    sports club, as «ООО» names a kind of company; but a legal form is a term of the domain
    (the criteria count АО and ООО) and a kind of sports club is sport, off topic."""
    return bool(_SPORTS_CULTURE_FORM_ONLY.match(surface))


_COMPANY_BEFORE = re.compile(
    rf"(?:(?<![А-ЯЁA-Z]){_LEGAL_FORM}|(?<![А-ЯЁA-Z]){_SPORTS_CULTURE_FORMS}"
    r"|\b(?:авиа|авто|нефте|газо|агро|медиа|энерго|интернет-|ИТ-|IT-)?"
    r"(?:компани|банк|концерн|холдинг|корпораци|консорциум|фирм|стартап|производител|ритейлер|оператор|соцсет|мессенджер"
    r"|видеохостинг|стриминг|бренд|фильм|сериал|телешоу|мюзикл|спектакл|альбом|фестивал|турнир)\w*"
    r"|\b(?:сет(?:ь|и|ью)|сервис(?:а|е|у|ом|ы)?|марк(?:а|и|е|у|ой)|клуб(?:а|е|у|ом|ы)?"
    r"|команд(?:а|ы|е|у|ой)|групп(?:а|ы|е|у|ой)|шоу|игр(?:а|ы|е|у|ой))\b"
    rf"|{_COMPANY_APPOSITION})"
    r"\s+[\"«„“']?$",
    re.IGNORECASE,
)
_LEGAL_FORM_ONLY = re.compile(rf"^{_LEGAL_FORM}$")


# Quoted names coordinated before a sighting share its introducer: «НПФ "Европейский",
# "Образование и наука" и "Регионфонд"», «фонды "Уралсиб" и "Русский стандарт"». The run is
# cut off so that the introducer comes right before the sighting's own quote.
_COORDINATED_QUOTES = re.compile(r"(?:[\"«„“][^\"«»„“”]{1,60}[\"»“”]\s*(?:,|\bи\b)\s*)+(?=[\"«„“]$)")


def company_context(sentence: str, surface: str) -> bool:
    """Whether `surface` occurs in `sentence` introduced as a company (see _COMPANY_BEFORE) or
    a product (_PRODUCT_BEFORE), directly or at the end of a run of coordinated quoted names
    (_COORDINATED_QUOTES). Told by the appositive noun before a name; categories.company_head
    tells a phrase by its own head noun on purpose («Восточная нефтехимическая компания»), and
    tally.count_chunk counts both as a company's sighting."""
    return _introduced(sentence, surface, _COMPANY_BEFORE) or _introduced(sentence, surface, _PRODUCT_BEFORE, own_name=True)


_REGISTERED_BEFORE = re.compile(rf"(?<![А-ЯЁA-Z]){_LEGAL_FORM}\s+[\"«„“']?$")


def registered(sentence: str, surface: str) -> bool:
    """Whether `surface` occurs in `sentence` right after a legal form («ПАО "Полюс"»), which
    names a company unambiguously, as a company noun («группа», «сеть») does not: the name is
    then the company in each sighting of its document (tally._sightings)."""
    return _introduced(sentence, surface, _REGISTERED_BEFORE)


def _introduced(sentence: str, surface: str, introducer: re.Pattern[str], own_name: bool = False) -> bool:
    """Whether a sighting of `surface` follows `introducer`; with `own_name`, only where the
    name is one of its own (_quoted_or_latin: the introducer's group 1 caught its quote)."""
    if _LEGAL_FORM_ONLY.match(surface):
        return False
    for start in sightings(sentence, surface):
        before = _COORDINATED_QUOTES.sub("", sentence[max(0, start - 200) : start])
        match = introducer.search(before[-40:])
        if match is not None and (not own_name or _quoted_or_latin(match, surface)):
            return True
    return False


# A company's story: a sentence that names a company by its common noun besides the name
# («помогающий компаниям», «получил финансирование от таких фирм», «общий капитал компании»).
# A name navec does not know has no vector of its own, and its relevance comes from its
# contexts (relevance.context_relevance); in a company's story those are business words
# (финансирование, капитал, клиенты), as near the economic core words as a budget's, and they
# vouch for the business, not for the name: a startup or a brand the sentences are about is a
# company (tally.count_chunk counts such a sighting as a company's, keeping.company).
# «фирм» is matched as the noun's forms only: «фирменный смартфон» names no company.
_COMPANY_NOUN = re.compile(
    r"\b(?:компани\w*|фирм(?:а|ы|е|у|ой|ою|ам|ами|ах)?\b|стартап\w*|корпораци\w*|холдинг\w*|концерн\w*)", re.IGNORECASE
)


# A legal form names a company as its common noun does («НПФ "Будущее" поглотил "Стальфонд"»);
# matched in capitals only, as a word of its own.
_LEGAL_FORM_WORD = re.compile(rf"(?<!\w){_LEGAL_FORM}(?!\w)")


def company_story(sentence: str, surface: str) -> bool:
    """Whether a sentence names a company by its common noun or a legal form outside `surface`
    (_COMPANY_NOUN, _LEGAL_FORM_WORD); the name is blanked as a whole word, not inside longer
    words."""
    blanked = re.sub(rf"(?<!\w){re.escape(surface)}(?!\w)", " ", sentence)
    return _COMPANY_NOUN.search(blanked) is not None or _LEGAL_FORM_WORD.search(blanked) is not None


@dataclass(frozen=True)
class Entity:
    text: str
    kind: str  # PER | LOC | ORG
    initial: bool = False  # first word of the sentence or of a quote (glossary.extraction.morphology.words)
    start: int = -1  # its offset in the sentence (-1: not known, the first sighting of its text is read)


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    from natasha import NewsNERTagger

    from glossary.extraction.relevance import news_embedding

    return NewsNERTagger(news_embedding())


def entities(sentence: str) -> list[Entity]:
    """The NER spans of one sentence (`entities_of` for many)."""
    return entities_of([sentence])[0]


def entities_of(sentences: Sequence[str]) -> list[list[Entity]]:
    """The NER spans of each sentence. slovnet tags a batch of sentences in one pass of its
    network: sentences of about one length are batched together (sorted by length), which
    tags 3,000 news sentences in 40% of the time one by one, with the same spans (padding
    is masked). natasha's Doc is not used: its segmentation only serves spans we do not read."""
    order = sorted((i for i, s in enumerate(sentences) if s.strip()), key=lambda i: len(sentences[i]))
    found: list[list[Entity]] = [[] for _ in sentences]
    for i, markup in zip(order, _tagger().map([sentences[i] for i in order]), strict=True):
        found[i] = _entities(sentences[i], markup.spans)
    return found


def _entities(sentence: str, spans: Sequence[Any]) -> list[Entity]:
    initial = {w.start for w in words(sentence) if w.initial}
    found = []
    for span in spans:
        text, kind = sentence[span.start : span.stop], span.type
        if kind == "LOC" and " " not in text and text.lower().endswith(_UNION_ENDINGS):
            kind = "ORG"
        found.append(Entity(text, kind, span.start in initial, span.start))
    return found


def span_of(surface: str, spans: Sequence[Entity], kinds: Collection[str] | None = None) -> Entity | None:
    """The first NER span (of one of `kinds`; any kind when None) whose text holds a
    sighting's surface: the one question "does this sighting fall inside a name" that
    outside_names, the places and the sense types of tally.count_chunk all ask, asked one way."""
    return next((e for e in spans if (kinds is None or e.kind in kinds) and surface in e.text), None)


# A sentence opening with a place adjective: its capital says nothing, so the adjective is cut
# as a free one («Российские инвесторы вложили…» → инвестор, candidates._freeplace_adjective),
# and «Евразийская экономическая комиссия разработала…» was counted as «экономическая
# комиссия». Where the NER holds the whole phrase from the sentence's first word as an
# organisation, the capital is the name's: the sentence is read again with the first word
# mid-sentence (a word put before it) and the name's own occurrence replaces the cut one.
_OPENING_PAD = "И "


def names_opening_sentences(
    occurrences: list[Occurrence], found: Sequence[Sequence[Entity]], sentences: Sequence[str], rules: tuple[Rule, ...]
) -> list[Occurrence]:
    """The occurrences, with an organisation's name that opens its sentence with a place
    adjective counted whole (see above), unless a place owns it (`_owned_by_a_place`)."""
    replaced: dict[int, tuple[str, list[Occurrence]]] = {}
    for index, spans in enumerate(found):
        span = next((e for e in spans if e.kind == "ORG" and e.start == 0 and " " in e.text), None)
        if span is None:
            continue
        sentence = sentences[index]
        first = words(sentence)[:1]
        opens_with_a_place = bool(first) and any(
            place_adjective(p.normal_form) for p in first[0].parses[:1] if p.tag.POS == "ADJF"
        )
        if not opens_with_a_place or _owned_by_a_place(sentence, span.text):
            continue
        whole = [o for o in find_candidates(_OPENING_PAD + sentence, index, rules) if o.surface == span.text]
        if whole:
            replaced[index] = (span.text, whole)
    if not replaced:
        return occurrences
    kept = [
        o
        for o in occurrences
        if not (o.sentence in replaced and o.kind == PHRASE and replaced[o.sentence][0].endswith(" " + o.surface))
    ]
    return kept + [o for _, whole in replaced.values() for o in whole]


def _owned_by_a_place(sentence: str, name: str) -> bool:
    """Whether a place ends the name or follows it («Королевский Банк [Шотландии]»): the name
    is cut before its owner anyway (ranking._cut_before_state), and «королевский» is royal, no
    place's."""
    last = name.split()[-1]
    after = words(sentence[len(name) :])[:1]
    return any("Geox" in parses(w)[0].tag for w in [last, *(a.text for a in after)])


def outside_names(
    occurrences: Sequence[Occurrence], found: Sequence[Sequence[Entity]], keep: Collection[str] = ()
) -> list[Occurrence]:
    """The occurrences that are not part of a person's or a place's name; acronyms and the
    keys in `keep` (the reference list's: Байконур is a name and a term) always stay."""
    return [o for o in occurrences if o.kind == ACRONYM or o.key in keep or span_of(o.surface, found[o.sentence], OUT) is None]


def organisations(found: Sequence[Sequence[Entity]], sentences: Sequence[str] = ()) -> list[Occurrence]:
    """One-word organisation names, as name candidates in the nominative («Минфина» → Минфин).
    With the `sentences` the spans were found in, what surrounds a span is read too: a common
    noun that opens a longer name is no name by itself (`_head_of_a_longer_name`), and a name
    pymorphy3 does not know takes the case its governing noun gives it (`_governed_genitive`)."""
    occurrences = []
    for index, sentence_entities in enumerate(found):
        sentence = sentences[index] if index < len(sentences) else None
        for e in sentence_entities:
            if e.kind != "ORG" or " " in e.text or e.text.isupper() or not e.text[:1].isupper():
                continue
            noun = next((p for p in parses(e.text) if p.tag.POS == "NOUN"), None)
            if _not_a_name(e, noun):
                continue
            if sentence is not None and noun is not None and _head_of_a_longer_name(sentence, e, noun):
                continue
            base = noun.normal_form if noun is not None else e.text.lower()
            if sentence is not None and noun is not None:
                base = _governed_genitive(sentence, e, noun) or base
            canonical = e.text[: len(base)] if e.text.lower().startswith(base) else base[:1].upper() + base[1:]
            key = fold(canonical)
            occurrences.append(Occurrence(key, NAME, e.text, canonical, canonical, False, (key,), index))
    return occurrences


def _span_start(sentence: str, e: Entity) -> int:
    """The span's offset in its sentence: the tagger's, else the first sighting of its text."""
    return e.start if e.start >= 0 else sentence.find(e.text)


def _head_of_a_longer_name(sentence: str, e: Entity, noun: Parse) -> bool:
    """A dictionary common noun spelt with a capital (no organisation's own name: «Комиссия»,
    not «Роскомнадзор») that a name's complement follows, a genitive noun or «по», «при»,
    «для» + a noun («возглавляет Комиссия Сената по бюджету», «Совет при мэре»): the tagger
    cut the longer name after its head, whose capital is the whole name's; a bracketed aside
    may stand between (_ASIDE: «Член Коллегии (министр) по …»). By itself the noun
    is no name: the long name is the entry (candidates.complemented_names), the noun a common
    one (counted in lower case by its other sightings). A state after it is its owner («Сенат
    Франции») and leaves it a name."""
    from glossary.extraction.surroundings import STATE, continuation_at

    if not noun.is_known or "Orgn" in noun.tag:
        return False
    start = _span_start(sentence, e)
    if start < 0:
        return False
    end = start + len(e.text)
    aside = _ASIDE.match(sentence, end)  # «Член Коллегии (министр) по таможенному сотрудничеству»
    after = continuation_at(sentence, aside.end() if aside else end)
    return after is not None and after != STATE


# A short aside in brackets between a name's head and its complement: the complement still
# follows the head.
_ASIDE = re.compile(r"\s*\([^()]{1,30}\)")


def _governed_genitive(sentence: str, e: Entity, noun: Parse) -> str | None:
    """The dictionary form of a name pymorphy3 does not know, read in the genitive, where a
    common noun right before it governs one («комиссия Совфема» → Совфем): pymorphy3 guesses a
    feminine nominative for an unknown word in «-а» before the masculine genitive that a clipped
    name (Минфин, Росстат) has there, and the governing noun settles it. None where the word
    is known (Москва, Дума: a name in «-а» stays), where no noun governs it, or where no genitive
    reading gives another dictionary form."""
    if noun.is_known:
        return None
    from glossary.extraction.surroundings import word_before

    before = word_before(sentence, _span_start(sentence, e))
    if before is None or not before.islower():
        return None
    governor = parses(before)[0]
    if governor.tag.POS != "NOUN":
        return None
    genitives = [
        p
        for p in parses(e.text)
        if p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.number == "sing" and p.normal_form != noun.normal_form
    ]
    return genitives[0].normal_form if genitives else None


def _lone_adjective(text: str) -> bool:
    """A known word whose likeliest parse is an adjective or a participle (a sentence that
    opens «Среднемесячная зарплата, …» makes the tagger call the first word an ORG): an
    adjective names nothing by itself; the phrase it opens is the candidate."""
    first = parses(text)[0]
    return first.tag.POS in {"ADJF", "PRTF"} and first.is_known


def _not_a_name(e: Entity, noun: Parse | None) -> bool:
    """A place (Россия), a common noun whose capital only opens the sentence (Правительство),
    a lone adjective (_lone_adjective) or a function word the tagger took for a name («Во»)."""
    if parses(e.text)[0].tag.POS in _FUNCTION_WORDS or _lone_adjective(e.text):
        return True
    if noun is None:
        return False
    if "Geox" in noun.tag and not e.text.lower().endswith(_UNION_ENDINGS):
        return True
    return e.initial and noun.is_known and "Orgn" not in noun.tag
