"""The approved terms a machine translation must contain: read from a glossary file.

`tm build|translate|pretranslate --glossary G` reads the glossary's approved Russian–English
pairs and its known wrong English renderings. `tm` sits below the `glossary` package and may
not import its readers, so this module has its own small ones:

- TBX (2008 `martif` and v3 `tbx`, as `glossary export` writes them): per entry, the Russian
  terms, and the English ones by administrative status: `preferredTerm-admn-sts` (approved)
  is required, `deprecatedTerm-admn-sts`, `supersededTerm-admn-sts` and a `normativeAuthorization`
  of `deprecated`/`forbidden`/`notRecommended` are wrong renderings. A Russian acronym is paired
  with the English acronym, a full form with the full form (`termType`), else the first.
- CSV/TSV: columns named by language code (`ru-RU`, `en-US`, as `glossary export` writes),
  with an optional `en-US status` (`approved` required, `deprecated`/`forbidden` wrong,
  anything else not used), or two columns without a header (every row approved).

A Russian term is found in a sentence in any inflected form: the pymorphy3 lemmas of its
words (tm/language/morphology.py) against those of the sentence's words; an all-capital
term (an acronym, ЕАЭС) must be in capitals there too. An English term is present in a
translation when its words' lemmas (lowercased, simplemma's English lemmas) occur in a row.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.core import xmlsafe
from tm.core.cells import unescape_cell
from tm.core.errors import InputError
from tm.core.inputs import read_input
from tm.core.xmlsafe import local_name

MAX_GLOSSARY_BYTES = 256 * 1024 * 1024
TERMS_PROP = "x-terms"  # ok | forced | missing, on an MT unit whose source has approved terms
REQUIRED_PROP = "x-terms-required"  # the required English terms, joined by " | "
MISSING_PROP = "x-terms-missing"  # those not in the English, on a `missing` unit
OK, FORCED, MISSING = "ok", "forced", "missing"
OUTCOMES = (OK, FORCED, MISSING)
JOIN = " | "

_RU_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:[-–][А-ЯЁа-яёA-Za-z0-9]+)*")
_EN_WORD = re.compile(r"\w+", re.UNICODE)
_APPROVED = {"preferredterm-admn-sts", "approved", "preferred"}
_WRONG = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "superseded",
    "forbidden",
    "notrecommended",
    "wrong",
}


@dataclass(frozen=True)
class Term:
    """One approved pair: the Russian term and the English a translation must contain
    (`en`, or one of `variants`, declared equivalents)."""

    ru: str
    en: str
    variants: tuple[str, ...] = ()

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.en, *self.variants)


@dataclass(frozen=True)
class TermHit:
    """A term found in a source sentence, at character `start`."""

    term: Term
    start: int


@dataclass
class TermGlossary:
    """The required terms and wrong renderings of one glossary file; `digest` is the hash of
    its content, which joins the MT signature and cache key."""

    terms: list[Term]
    wrong: list[str] = field(default_factory=list)
    digest: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, ...], list[tuple[Term, bool]]] = {}
        for term in self.terms:
            key = ru_key(term.ru)
            if key:
                self._index.setdefault(key, []).append((term, _is_acronym(term.ru)))
        self._longest = max((len(k) for k in self._index), default=0)

    @property
    def short_digest(self) -> str:
        return self.digest[:16]

    def find(self, sentence: str) -> list[TermHit]:
        """The approved terms in `sentence`, longest first where they overlap, each once,
        in the order they occur."""
        words = list(_RU_WORD.finditer(sentence))
        lemmas = [_ru_lemma(m.group()) for m in words]
        hits: list[TermHit] = []
        seen: set[str] = set()
        i = 0
        while i < len(words):
            matched = 0
            for n in range(min(self._longest, len(words) - i), 0, -1):
                for term, acronym in self._index.get(tuple(lemmas[i : i + n]), ()):
                    if acronym and not all(m.group().isupper() for m in words[i : i + n]):
                        continue
                    if term.en not in seen:
                        seen.add(term.en)
                        hits.append(TermHit(term, words[i].start()))
                    matched = n
                if matched:
                    break
            i += matched or 1
        return hits


def ru_key(phrase: str) -> tuple[str, ...]:
    return tuple(_ru_lemma(m.group()) for m in _RU_WORD.finditer(phrase))


@functools.lru_cache(maxsize=200_000)
def _ru_lemma(word: str) -> str:
    from tm.language.morphology import analyzer

    folded = word.lower().replace("ё", "е")
    if not re.search("[а-яе]", folded):
        return folded
    return str(analyzer().parse(folded)[0].normal_form).replace("ё", "е")


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=200_000)
def _en_lemma(word: str) -> str:
    import simplemma

    lowered = word.lower()
    return str(simplemma.lemmatize(lowered, lang="en")).lower() if lowered.isalpha() else lowered


def en_key(text: str) -> tuple[str, ...]:
    """The lowercased English lemmas of a text's words."""
    return tuple(_en_lemma(w) for w in _EN_WORD.findall(text))


def contains(translation: str | tuple[str, ...], term: str) -> bool:
    """Whether the English `term` occurs in `translation` (case- and lemma-insensitive)."""
    words = translation if isinstance(translation, tuple) else en_key(translation)
    wanted = en_key(term)
    if not wanted:
        return True
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def has_term(translation: str | tuple[str, ...], term: Term) -> bool:
    words = translation if isinstance(translation, tuple) else en_key(translation)
    return any(contains(words, rendering) for rendering in term.renderings)


def missing_terms(translation: str, terms: Sequence[Term]) -> list[Term]:
    words = en_key(translation)
    return [t for t in terms if not has_term(words, t)]


# --- reading ---


def read_glossary(path: Path) -> TermGlossary:
    """The approved terms of a TBX, CSV or TSV glossary; InputError (exit 3) naming the file
    when it cannot be read or holds no approved pair."""
    data = read_input(path, MAX_GLOSSARY_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".tbx" or data.lstrip()[:1] == b"<":
        terms, wrong = _read_tbx(data, path)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"--glossary {path}: not UTF-8 text (invalid byte at offset {exc.start})") from None
        terms, wrong = _read_table(text, "," if suffix == ".csv" else "\t")
    if not terms:
        raise InputError(f"--glossary {path}: no approved term pairs (a TBX, or a CSV/TSV with ru and en columns)")
    return TermGlossary(_unique(terms), list(dict.fromkeys(wrong)), digest, path.name)


def _unique(terms: Iterable[Term]) -> list[Term]:
    return list({(t.ru, t.en): t for t in terms}.values())


def _read_tbx(data: bytes, path: Path) -> tuple[list[Term], list[str]]:
    from lxml import etree

    parser = xmlsafe.parser(huge_tree=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"--glossary {path}: not a readable TBX file ({str(exc).splitlines()[0]})") from None
    if local_name(root.tag) not in ("martif", "tbx"):
        raise InputError(f"--glossary {path}: not a TBX file (root element <{local_name(root.tag)}>)")
    terms: list[Term] = []
    wrong: list[str] = []
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    for entry in root.iter():
        if local_name(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[tuple[str, str, str]]] = {"ru": [], "en": []}  # text, status, type
        for section in entry.iter():
            if local_name(section.tag) not in ("langSet", "langSec"):
                continue
            lang = (section.get(lang_attr) or section.get("lang") or "").split("-")[0].lower()
            if lang not in by_lang:
                continue
            for tig in section.iter():
                if local_name(tig.tag) not in ("tig", "termSec", "ntig"):
                    continue
                text, status, kind = "", "", ""
                for child in tig.iter():
                    name = local_name(child.tag)
                    what = (child.get("type") or name) if name in ("termNote", "descrip") else name
                    value = " ".join((child.text or "").split())
                    if name == "term" and not text:
                        text = value
                    elif what in ("administrativeStatus", "normativeAuthorization"):
                        status = status if status.lower() in _WRONG else value
                    elif what == "termType":
                        kind = value
                if text:
                    by_lang[lang].append((text, status.lower(), kind))
        english = [(t, k) for t, s, k in by_lang["en"] if s in _APPROVED]
        wrong.extend(t for t, s, _ in by_lang["en"] if s in _WRONG)
        if not english:
            continue
        for ru, _status, kind in by_lang["ru"]:
            if _status in _WRONG:
                continue
            same = [t for t, k in english if k == kind] or [english[0][0]]
            terms.append(
                Term(ru, same[0], tuple(t for t, _ in english if t != same[0] and _is_acronym(t) == _is_acronym(same[0])))
            )
    return terms, wrong


def _language(cell: str) -> str:
    code = cell.strip().lower().replace("_", "-")
    head, _, rest = code.partition(" ")
    return head.split("-")[0] + (f" {rest}" if rest else "")


def _read_table(text: str, delimiter: str) -> tuple[list[Term], list[str]]:
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    rows = [[unescape_cell(c) for c in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        return [], []
    header = [_language(c) for c in rows[0]]
    if "ru" in header and "en" in header:
        ru, en = header.index("ru"), header.index("en")
        status = header.index("en status") if "en status" in header else None
        body = rows[1:]
    else:
        ru, en, status, body = 0, 1, None, rows
    terms: list[Term] = []
    wrong: list[str] = []
    for row in body:
        if len(row) <= max(ru, en) or not row[ru].strip() or not row[en].strip():
            continue
        value = row[status].strip().lower() if status is not None and status < len(row) else "approved"
        if value in _WRONG:
            wrong.append(row[en].strip())
        elif value in _APPROVED:
            terms.append(Term(" ".join(row[ru].split()), " ".join(row[en].split())))
    return terms, wrong
