"""The glossary's data: concepts (entries) holding Russian and English terms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

Status = Literal["approved", "proposed", "rejected"]  # rejected: not a term (glossary review)
TermType = Literal["fullForm", "acronym"]
Origin = Literal["reference", "aligned", "context", "mt", "review"]

APPROVED: Final = "approved"
PROPOSED: Final = "proposed"
REJECTED: Final = "rejected"
FULL_FORM: Final = "fullForm"
ACRONYM: Final = "acronym"
STATUSES: tuple[Status, ...] = get_args(Status)
TERM_TYPES: tuple[TermType, ...] = get_args(TermType)
ORIGINS: tuple[Origin, ...] = get_args(Origin)


def entry_id(key: str) -> str:
    """The id of the entry named by `key`: the lemma key of its main Russian term when a
    glossary is built, the term itself when read from a format that has no ids (OmegaT's).
    A hash, so that the same key gives the same id in every build and every run."""
    return "t" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Term:
    """One term of a concept in one language."""

    text: str
    lang: str  # "ru" or "en"
    term_type: TermType = FULL_FORM
    pos: str = "noun"  # TBX partOfSpeech: noun, adjective, verb, other
    status: Status = PROPOSED
    confidence: float | None = None
    origin: Origin | None = None  # where an English equivalent came from
    variants: list[str] = field(default_factory=list)  # inflected forms seen in the texts


@dataclass
class Context:
    """A sentence the term occurs in, with its English, and where it is."""

    source: str
    target: str = ""
    document: str = ""
    tuid: str = ""


@dataclass
class Entry:
    """One concept: its Russian terms, their English equivalents, and the evidence."""

    id: str
    terms: list[Term] = field(default_factory=list)
    frequency: int = 0
    score: float = 0.0
    contexts: list[Context] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (document, tuid) of every occurrence
    ranking: str = ""  # why the entry ranks where it does: the factors of its score
    # organisation, treaty, post, concept or place (glossary/extraction/categories.py); "" unknown
    category: str = ""
    # A flag for the reviewer, shown in every export (issue 19): the reference list and the
    # human translations disagree on the English (glossary/equivalents/choose.py). "" none.
    note: str = ""

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str, term_type: TermType | None = None) -> Term | None:
        """The first term of a language (of a type, if given): terms are kept best first."""
        return next((t for t in self.terms_in(lang) if term_type in (None, t.term_type)), None)

    @property
    def status(self) -> Status:
        english = self.preferred("en")
        return english.status if english else PROPOSED


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)
    source_lang: str = "ru-RU"
    target_lang: str = "en-US"
    # The extraction settings signature of the build that made it (glossary/extraction/
    # signature.py); TBX writes it into the header's sourceDesc. Empty: not from a build.
    signature: str = ""

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}


# --- categories (glossary/extraction/categories.py decides them; TBX writes the label) ---

Category = Literal["organisation", "treaty", "post", "concept", "place"]
ORGANISATION: Final = "organisation"
TREATY: Final = "treaty"
POST: Final = "post"
CONCEPT: Final = "concept"
PLACE: Final = "place"
CATEGORIES: tuple[Category, ...] = get_args(Category)

# How TBX's subjectField and OmegaT's comment name each category.
LABELS: dict[str, str] = {
    ORGANISATION: "organisation",
    TREATY: "treaty or programme",
    POST: "official post",
    CONCEPT: "concept",
    PLACE: "state or place",
}
