"""The QA checks' fast paths give what the plain patterns give: the same values for every
text and the same findings for every document (tm/qa/amounts.py `_scan` against
`_scan_reference`, the dates' and the Russian format's guards against the full scans).

The texts: WMT newstest (../shared/corpora/wmt-newstest-ru-en, when present) as it is and
with each target moved to the next source (pairs whose numbers disagree), and generated
sentences from pieces that touch every pattern, the case-folding exceptions among them.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.support import ROOT
from tm.qa import amounts, checks
from tm.qa import dates as calendar
from tm.qa.model import Document, Pair
from tm.qa.run import check_documents

WMT = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
PIECES = (
    "5 18,3 2 000 2\u00a0000 2\u202f000 15 тыс. $3m 5bn 10–15 млрд 4.30 16:00 4 pm 4.30 p.m. 11.11.2023 1.5.23 G20 А9 x12 ABCDE5 Абвгд7"
    " 1,000.5 1,000,000 18,300 2nd 1990s 7k 3.5 0005 05th 3,5 млн 1.5bn 1234567890123456789012345678901234 \u0663"
    " долларов долл. евро тенге рублей руб. dollars euros tenge roubles rubles trouble USD EUR KZT RUB € ₽ ₸ $"
    " один две ДВА полтора тремя a an one half dozen Twelve million миллиард миллион тысячи тыс k m bn mln tn tho"
    " триллион трлн milk billions ſix ſeven euroſ rubleſ İ ı ᲁᲂллар ᲃᲅ ᲀ µ ß ² ½ _ — - , . : ( ) « » "
    " ноября ноябрь May may in May 11 November November 11, 2023 Sept. мая г. 2023 г. гг."
).split(" ")


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10))) for _ in range(count)]


def corpus(limit: int = 2000) -> tuple[list[str], list[str]]:
    if not (WMT / "newstest2017.rus").is_file():
        return [], []
    ru = (WMT / "newstest2017.rus").read_text(encoding="utf-8").splitlines()[:limit]
    en = (WMT / "newstest2017.eng").read_text(encoding="utf-8").splitlines()[:limit]
    return ru, en


def fields(found: amounts.Amounts) -> tuple[object, ...]:
    return (list(found.required.items()), list(found.optional.items()), found.shown, found.currencies, found.codes)


def test_scan_equals_the_reference() -> None:
    ru, en = corpus()
    texts = ru + en + generated(3000, 1)
    for text in texts:
        for russian in (True, False):
            assert fields(amounts._scan(text, russian)) == fields(amounts._scan_reference(text, russian)), (text, russian)


def test_the_case_exceptions_are_all_of_them() -> None:
    """Every character that IGNORECASE matches with a Latin or Russian letter but whose
    `lower()` is not that letter is one `_scan` leaves to the patterns."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    odd = {c for letter in letters for c in re.findall(letter, everything, re.IGNORECASE) if c.lower() != letter}
    assert odd == set(re.findall(amounts._CASE_EXCEPTIONS, everything))


def _documents() -> Iterator[Document]:
    ru, en = corpus()
    yield Document("wmt", [Pair(f"w{n}", r, e) for n, (r, e) in enumerate(zip(ru, en, strict=True))])
    yield Document("shifted", [Pair(f"s{n}", r, e) for n, (r, e) in enumerate(zip(ru, en[1:], strict=False))])
    sources, targets = generated(2000, 2), generated(2000, 3)
    yield Document("generated", [Pair(f"g{n}", r, e) for n, (r, e) in enumerate(zip(sources, targets, strict=True))])


def _clear() -> None:
    for cached in (amounts.russian_amounts, amounts.english_amounts, calendar.russian_dates, calendar.english_dates):
        cached.cache_clear()


def test_findings_equal_the_plain_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """All the checks' findings with the fast paths, then with every guard replaced by the
    full scan it stands for: the same list."""
    documents = [d for d in _documents() if d.pairs]
    _clear()
    fast = check_documents(documents, checks.CHECKS).findings
    assert len(fast) > 1000  # the documents do have findings to compare

    ru_hints = calendar._RU_HINTS
    en_hints = calendar._EN_HINTS
    monkeypatch.setattr(amounts, "_scan", amounts._scan_reference)
    monkeypatch.setattr(calendar, "_numeric_hint", lambda text: "." in text and calendar._NUMERIC.search(text) is not None)
    monkeypatch.setattr(calendar, "_RU_HINT", re.compile("|".join(map(re.escape, ru_hints))))
    monkeypatch.setattr(calendar, "_EN_HINT", re.compile("|".join(map(re.escape, en_hints))))

    pattern = amounts.RUSSIAN_FORMAT

    class FullSearch:
        """RUSSIAN_FORMAT searched from the text's start, whatever start it is given."""

        def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
            return pattern.search(text)

    monkeypatch.setattr(amounts, "RUSSIAN_FORMAT", FullSearch())
    monkeypatch.setattr(amounts, "unmatched", _unmatched_reference)
    _clear()
    try:
        assert check_documents(documents, checks.CHECKS).findings == fast
    finally:
        _clear()


def _unmatched_reference(side: amounts.Amounts, other: amounts.Amounts) -> list[str]:
    left = Counter(side.required) - Counter(other.required)
    left -= other.optional
    return [value for value in side.required for _ in range(left[value])]


def test_the_date_guards_equal_their_definition() -> None:
    """The literal-regex hints are the substring tests they replace; the numeric date's
    guard starting near the first point finds what a search of the whole text finds."""
    ru, en = corpus(1000)
    for text in ru + en + generated(3000, 4):
        lowered = text.lower()
        assert bool(calendar._RU_HINT.search(lowered)) == any(h in lowered for h in calendar._RU_HINTS)
        assert bool(calendar._EN_HINT.search(text)) == any(h in text for h in calendar._EN_HINTS)
        assert calendar._numeric_hint(text) == ("." in text and calendar._NUMERIC.search(text) is not None)


def _consistency_reference(pairs: list[Pair]) -> list[tuple[str, str]]:
    """The consistency check as it was first written: a group for every text, unique or not."""
    from collections import defaultdict

    normal = {"source": [" ".join(p.source.split()) for p in pairs], "target": [" ".join(p.target.split()) for p in pairs]}
    out = []
    for key, other in (("source", "target"), ("target", "source")):
        groups: dict[str, list[int]] = defaultdict(list)
        for n, (text, target) in enumerate(zip(normal[key], normal["target"], strict=True)):
            if text and target:
                groups[text].append(n)
        for group in groups.values():
            variants = Counter(normal[other][n] for n in group)
            if len(group) < 2 or len(variants) < 2:
                continue
            usual = variants.most_common(1)[0][0]
            out += [(pairs[n].id, normal[other][n]) for n in group if normal[other][n] != usual]
    return out


def test_consistency_equals_its_first_form() -> None:
    """Groups made only for repeated texts give the findings, in the order, of a group for
    every text: short generated texts repeat often, with other translations and spacing."""
    rng = random.Random(5)
    sources = [" ".join(rng.choice(PIECES[:12]) for _ in range(rng.randint(1, 2))) for _ in range(3000)]
    targets = [rng.choice(("a", "b", " a", "a  ", "")) + rng.choice(("", "x")) for _ in range(3000)]
    pairs = [Pair(f"p{n}", s, t) for n, (s, t) in enumerate(zip(sources, targets, strict=True))]
    found = list(checks.consistency(pairs, checks.Context([], 1.0)))
    assert len(found) > 100
    expected = _consistency_reference(pairs)
    assert [f.id for f in found] == [pair_id for pair_id, _ in expected]
