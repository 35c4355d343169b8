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
(«агентство Bloomberg», «газета "Ведомости"») or an interview («в интервью "Интерфаксу"»), or a
name that «пишет», is named as the source of the news (`news_source`). Organisations report
too, in the past and as subjects («МИД сообщил», «по данным Росстата»): those contexts are not
taken.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glossary.extraction.candidates import ACRONYM, NAME, Occurrence
from glossary.extraction.morphology import fold, parses, words

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

OUT = {"PER", "LOC"}
_UNION_ENDINGS = ("союз", "союза", "союзу", "союзом", "союзе")
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ"}


# The left context of a name named as the source of the news: a reporting verb in the present
# (the attribution that closes a news sentence), a media noun in any case, or an interview.
_SOURCE_BEFORE = re.compile(
    r"(?:\b(?:переда[её]т|сообщает|пишет|цитирует|информирует)"
    r"|\b(?:агентств|издани|газет|телеканал|журнал|радиостанци|телекомпани|таблоид)\w*"
    r"|\bинтервью(?:\s+(?:с|для))?)"
    r"\s+[\"«„“']?$",
    re.IGNORECASE,
)
# ... or its right context: a name that writes («Bloomberg пишет»).
_SOURCE_AFTER = re.compile(r"^[\"»“']?\s+пиш(?:ет|ут)\b", re.IGNORECASE)


def news_source(sentence: str, surface: str) -> bool:
    """Whether `surface` occurs in `sentence` as the source of the news (a newspaper, an
    agency: see the module's docstring)."""
    start = sentence.find(surface)
    while start >= 0:
        if _SOURCE_BEFORE.search(sentence[max(0, start - 40) : start]) or _SOURCE_AFTER.match(
            sentence[start + len(surface) : start + len(surface) + 20]
        ):
            return True
        start = sentence.find(surface, start + 1)
    return False


# A company is introduced by its legal form or by a company noun, the name usually quoted
# («ООО "ИВ-консалтинг"», «АО АКБ "ГАЗСТРОЙБАНК"», «Акционерный Коммерческий Банк
# "ГАЗСТРОЙБАНК"», «ОАО "АвтоВАЗ"», «компания Shell»). The legal forms themselves (ООО, АКБ)
# are terms, not companies.
_LEGAL_FORM = r"(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|АКБ|КБ|ГК|ИП|ФГУП|МУП)"
_COMPANY_BEFORE = re.compile(
    rf"(?:(?<![А-ЯЁA-Z]){_LEGAL_FORM}|\b(?:компани|банк|концерн|холдинг|корпораци|фирм|производител|ритейлер|оператор)\w*)"
    r"\s+[\"«„“']?$",
    re.IGNORECASE,
)
_LEGAL_FORM_ONLY = re.compile(rf"^{_LEGAL_FORM}$")


def company_context(sentence: str, surface: str) -> bool:
    """Whether `surface` occurs in `sentence` introduced as a company (see _COMPANY_BEFORE)."""
    if _LEGAL_FORM_ONLY.match(surface):
        return False
    start = sentence.find(surface)
    while start >= 0:
        if _COMPANY_BEFORE.search(sentence[max(0, start - 40) : start]):
            return True
        start = sentence.find(surface, start + 1)
    return False


@dataclass(frozen=True)
class Entity:
    text: str
    kind: str  # PER | LOC | ORG
    initial: bool = False  # first word of the sentence or of a quote (glossary.extraction.morphology.words)


@functools.lru_cache(maxsize=1)
def _tools() -> tuple[Any, Any]:
    from natasha import NewsNERTagger, Segmenter

    from glossary.extraction.relevance import news_embedding

    return Segmenter(), NewsNERTagger(news_embedding())


def entities(sentence: str) -> list[Entity]:
    from natasha import Doc

    segmenter, tagger = _tools()
    doc = Doc(sentence)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    initial = {w.start for w in words(sentence) if w.initial}
    found = []
    for span in doc.spans:
        kind = span.type
        if kind == "LOC" and " " not in span.text and span.text.lower().endswith(_UNION_ENDINGS):
            kind = "ORG"
        found.append(Entity(span.text, kind, span.start in initial))
    return found


def outside_names(
    occurrences: Sequence[Occurrence], found: Sequence[Sequence[Entity]], keep: Collection[str] = ()
) -> list[Occurrence]:
    """The occurrences that are not part of a person's or a place's name; acronyms and the
    keys in `keep` (the reference list's: Байконур is a name and a term) always stay."""
    return [
        o
        for o in occurrences
        if o.kind == ACRONYM or o.key in keep or not any(e.kind in OUT and o.surface in e.text for e in found[o.sentence])
    ]


def organisations(found: Sequence[Sequence[Entity]]) -> list[Occurrence]:
    """One-word organisation names, as name candidates in the nominative («Минфина» → Минфин)."""
    occurrences = []
    for index, sentence_entities in enumerate(found):
        for e in sentence_entities:
            if e.kind != "ORG" or " " in e.text or e.text.isupper() or not e.text[:1].isupper():
                continue
            noun = next((p for p in parses(e.text) if p.tag.POS == "NOUN"), None)
            if _not_a_name(e, noun):
                continue
            base = noun.normal_form if noun is not None else e.text.lower()
            canonical = e.text[: len(base)] if e.text.lower().startswith(base) else base[:1].upper() + base[1:]
            key = fold(canonical)
            occurrences.append(Occurrence(key, NAME, e.text, canonical, canonical, False, (key,), index))
    return occurrences


def _not_a_name(e: Entity, noun: Parse | None) -> bool:
    """A place (Россия), a common noun whose capital only opens the sentence (Правительство),
    or a function word the tagger took for a name («Во»)."""
    if parses(e.text)[0].tag.POS in _FUNCTION_WORDS:
        return True
    if noun is None:
        return False
    if "Geox" in noun.tag and not e.text.lower().endswith(_UNION_ENDINGS):
        return True
    return e.initial and noun.is_known and "Orgn" not in noun.tag
