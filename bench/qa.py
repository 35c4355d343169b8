"""`tm qa` on correct human WMT pairs: recall on injected errors, false positives, speed.

    python bench/qa.py [--set dev|test|both] [--per-type 50]

The pairs are WMT newstest2017 (dev: thresholds were set on it) and newstest2018 (test), from
../shared/corpora/wmt-newstest-ru-en (never committed). Each file is one document.

- False positives: the untouched pairs, per check, the share of pairs with a finding at
  error severity (target ≤ 1%); beside it translate-toolkit's pofilter `numbers` check
  (its Python API) on the pairs with a digit.
- Recall: about 10 error types × N injections into pairs that can take them (a fixed seed);
  an injection is found when the check meant for it reports, on that pair, a finding at
  warning or error severity that the untouched pair did not have (target ≥ 0.95 each).
- Speed: all checks, the glossary's included, over the set repeated to 10,000 pairs (CPU seconds), after
  one warm-up (pymorphy3's dictionaries load once per process: shown apart).

The glossary is built here from common news terms whose English the human translation
uses for nearly every occurrence in dev (a glossary a project would have approved).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.documents.model import Code  # noqa: E402
from tm.qa import amounts, checks  # noqa: E402
from tm.qa import dates as calendar  # noqa: E402
from tm.qa.checks import CHECKS, Context, document_ratio  # noqa: E402
from tm.qa.model import (  # noqa: E402
    RANK,
    Document,  # noqa: E402
    Pair,
)
from tm.qa.run import check_documents  # noqa: E402
from tm.qa.termbase import TermEntry  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
SETS = {"dev": "newstest2017", "test": "newstest2018"}
# (Russian term, accepted English, a wrong rendering used to inject a term error; the wrong
# rendering must not contain an accepted one, or the injection is no error: build_glossary checks)
CANDIDATES = [
    ("Россия", "Russia | Russian | Russia's", "Rossiya"),
    ("президент", "president | presidential", "chairman"),
    ("Путин", "Putin", "Poutine"),
    ("Трамп", "Trump", "Tramp"),
    ("Украина", "Ukraine | Ukrainian", "Ukrayina"),
    ("полиция", "police", "militia"),
    ("правительство", "government", "cabinet"),
    ("Китай", "China | Chinese", "Cathay"),
    ("Германия", "Germany | German", "Deutschland"),
    ("Франция", "France | French", "Frankreich"),
    ("Сирия", "Syria | Syrian", "Siria"),
    ("Москва", "Moscow", "Moskva"),
    ("Лондон", "London", "Londres"),
    ("НАТО", "NATO", "North Atlantic bloc"),
    ("ООН", "UN | United Nations", "World Organisation"),
    ("министр", "minister | secretary", "commissar"),
    ("школа", "school", "academy"),
    ("больница", "hospital", "clinic"),
    ("нефть", "oil | crude", "petroleum"),
    ("выборы", "election | vote | poll", "ballot"),
    ("суд", "court | judge | trial", "tribunal"),
    ("Великобритания", "Britain | UK | United Kingdom | British", "England"),
    ("Евросоюз", "EU | European Union", "Europe"),
    ("футбол", "football | soccer", "sport"),
]


def load(name: str) -> list[Pair]:
    ru = (CORPUS / f"{SETS[name]}.rus").read_text(encoding="utf-8").splitlines()
    en = (CORPUS / f"{SETS[name]}.eng").read_text(encoding="utf-8").splitlines()
    return [Pair(str(n), r, e) for n, (r, e) in enumerate(zip(ru, en, strict=False), 1)]


def build_glossary(pairs: list[Pair]) -> tuple[list[TermEntry], dict[str, str]]:
    """The candidates the dev translation renders as listed in at least 97% of the pairs with the term."""
    entries, wrong = [], {}
    for ru, en, bad in CANDIDATES:
        entry = TermEntry(ru, (ru,), tuple(e.strip() for e in en.split("|")))
        context = Context([entry])
        hits = [p for p in pairs if context.terms.found(p.source)]
        missed = sum(1 for _ in checks.terminology(hits, context))
        wrong_pair = [Pair("wrong", ru, bad)]
        assert list(checks.terminology(wrong_pair, context)), f"{bad!r} contains an accepted rendering of {ru}"
        if len(hits) >= 5 and missed <= 0.03 * len(hits):
            entries.append(entry)
            wrong[ru] = bad
    return entries, wrong


# --- injections: each returns the changed pair, or None when the pair cannot take it ---

_DIGITS = re.compile(r"(?<![\d,.])\d+(?:[.,]\d+)*")
_UNITS = {"million": "billion", "billion": "million", "thousand": "million", "trillion": "billion"}
_MONTHS = calendar.MONTH_NAMES
_HOMOGLYPHS = str.maketrans("aeopcx", "аеорсх")


def inject_number(pair: Pair, rng: random.Random) -> Pair | None:
    found = [m for m in _DIGITS.finditer(pair.target)]
    if not found:
        return None
    m = rng.choice(found)
    token = m.group()
    last = max(i for i, c in enumerate(token) if c.isdigit())
    changed = token[:last] + str((int(token[last]) + rng.randint(1, 8)) % 10) + token[last + 1 :]
    return replace(pair, target=pair.target[: m.start()] + changed + pair.target[m.end() :])


def inject_unit(pair: Pair, rng: random.Random) -> Pair | None:
    m = re.search(r"\d\s+(million|billion|thousand|trillion)\b", pair.target)
    if not m:
        return None
    return replace(pair, target=pair.target[: m.start(1)] + _UNITS[m.group(1)] + pair.target[m.end(1) :])


def inject_cyrillic(pair: Pair, rng: random.Random) -> Pair | None:
    words = [m for m in re.finditer(r"\b[a-z]{4,}\b", pair.target)]
    ru_words = re.findall(r"[а-яё]{4,}", pair.source)
    if not words or not ru_words:
        return None
    m = rng.choice(words)
    new = rng.choice(ru_words) if rng.random() < 0.5 else m.group().translate(_HOMOGLYPHS)
    if new == m.group():
        new = rng.choice(ru_words)
    return replace(pair, target=pair.target[: m.start()] + new + pair.target[m.end() :])


def inject_date(pair: Pair, rng: random.Random) -> Pair | None:
    names = [m for m in re.finditer(r"\b(" + "|".join(_MONTHS) + r")\b", pair.target)]
    if not names or not calendar.russian_dates(pair.source).months:
        return None
    m = rng.choice(names)
    other = rng.choice([n for n in _MONTHS if n != m.group()])
    return replace(pair, target=pair.target[: m.start()] + other + pair.target[m.end() :])


def make_term_injector(glossary: list[TermEntry], wrong: dict[str, str]) -> Callable[[Pair, random.Random], Pair | None]:
    context = Context(glossary)

    def inject_term(pair: Pair, rng: random.Random) -> Pair | None:
        found = context.terms.found(pair.source)
        if not found:
            return None
        entry = glossary[rng.choice(found)]
        target = pair.target
        for english in sorted(entry.english, key=len, reverse=True):
            target = re.sub(rf"\b{re.escape(english)}('s)?\b", wrong[entry.id], target, flags=re.IGNORECASE)
        return replace(pair, target=target) if target != pair.target else None

    return inject_term


def with_codes(pair: Pair) -> Pair | None:
    """The pair with synthetic inline codes: bold around the first word of each side, and a
    placeholder at the end."""
    ru, en = re.search(r"\w+", pair.source), re.search(r"\w+", pair.target)
    if not ru or not en:
        return None

    def codes(match: re.Match[str], text: str) -> tuple[Code, ...]:
        return (
            Code("open", 1, match.start(), "bold"),
            Code("close", 1, match.end(), "bold"),
            Code("placeholder", 2, len(text), "break"),
        )

    return replace(pair, source_codes=codes(ru, pair.source), target_codes=codes(en, pair.target))


def inject_tag(pair: Pair, rng: random.Random) -> Pair | None:
    coded = with_codes(pair)
    if coded is None or coded.target_codes is None:
        return None
    kept = list(coded.target_codes)
    del kept[rng.choice([0, 2])]  # the bold span's open, or the placeholder
    return replace(coded, target_codes=tuple(kept))


def inject_copy(pair: Pair, rng: random.Random) -> Pair | None:
    return replace(pair, target=pair.source) if re.search("[а-я]", pair.source) else None


def inject_truncation(pair: Pair, rng: random.Random) -> Pair | None:
    if len(pair.target) < 80:
        return None
    cut = pair.target.rfind(" ", 0, int(len(pair.target) * rng.uniform(0.35, 0.55)))
    return replace(pair, target=pair.target[:cut]) if cut > 0 else None


def name_variant(word: str) -> str | None:
    """Another transliteration of a name: y between vowels dropped or added, a double
    letter single, u written ou."""
    rules = [
        (r"(?<=[aeiou])y(?=[aeiou])", ""),
        (r"(?<=[aeo])(?=[ei])", "y"),
        (r"([bcdfgklmnprst])\1", r"\1"),
        (r"(?<=[^aeiou])u", "ou"),
        (r"(?<=[^aeiou])i(?=[^aeiou])", "y"),
    ]
    for pattern, repl in rules:
        new = re.sub(pattern, repl, word[1:], count=1)
        if new != word[1:]:
            return word[0] + new
    return None


def make_name_injector(document: list[Pair]) -> Callable[[Pair, random.Random], Pair | None]:
    counts: dict[str, int] = {}
    for pair in document:
        for m in checks._NAME.finditer(pair.target):
            if m.start() > 0:
                counts[m.group()] = counts.get(m.group(), 0) + 1

    def inject_name(pair: Pair, rng: random.Random) -> Pair | None:
        found = [
            m
            for m in checks._NAME.finditer(pair.target)
            if m.start() > 0 and counts.get(m.group(), 0) >= 3 and len(m.group()) >= 5
        ]
        rng.shuffle(found)
        for m in found:
            new = name_variant(m.group())
            if new and new not in counts:
                return replace(pair, target=pair.target[: m.start()] + new + pair.target[m.end() :])
        return None

    return inject_name


def inject_typography(pair: Pair, rng: random.Random) -> Pair | None:
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", pair.target)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return replace(pair, target=pair.target[:at] + " " + pair.target[at:])


def findings_of(check: checks.Check, document: list[Pair], pair: Pair, context: Context, whole: bool) -> set[tuple[str, str]]:
    """What `check` says about `pair` (severity ≥ warning), on the pair alone or, for the
    checks that read the document, within it."""
    pairs = [pair if p.id == pair.id else p for p in document] if whole else [pair]
    return {(f.severity, f.message) for f in check(pairs, context) if f.id == pair.id and RANK[f.severity] >= 1}


def recall(
    name: str, document: list[Pair], glossary: list[TermEntry], wrong: dict[str, str], per_type: int
) -> list[tuple[str, str, int, int]]:
    context = Context(glossary, document_ratio(document))
    injectors: list[tuple[str, Callable[[Pair, random.Random], Pair | None], checks.Check]] = [
        ("number value changed", inject_number, checks.numbers),
        ("unit word million↔billion", inject_unit, checks.numbers),
        ("Cyrillic left / homoglyph", inject_cyrillic, checks.script),
        ("month changed", inject_date, checks.dates),
        ("term replaced", make_term_injector(glossary, wrong), checks.terminology),
        ("tag removed (synthetic codes)", inject_tag, checks.tags),
        ("untranslated copy", inject_copy, checks.untranslated),
        ("truncated (length)", inject_truncation, checks.length),
        ("name variant", make_name_injector(document), checks.names),
        ("double space", inject_typography, checks.typography),
    ]
    rows = []
    for label, inject, check in injectors:
        rng = random.Random(f"{name}:{label}")
        order = list(document)
        rng.shuffle(order)
        whole = check in (checks.names, checks.consistency, checks.dates)
        found = tried = 0
        for pair in order:
            if tried >= per_type:
                break
            changed = inject(pair, rng)
            if changed is None:
                continue
            base = with_codes(pair) if check is checks.tags else pair
            assert base is not None
            tried += 1
            before = findings_of(check, document, base, context, whole)
            found += bool(findings_of(check, document, changed, context, whole) - before)
        rows.append((label, check.__name__, found, tried))
    return rows


def false_positives(document: list[Pair], glossary: list[TermEntry]) -> dict[str, float]:
    report = check_documents([Document("wmt", document)], CHECKS, glossary)
    rates = {}
    for check in CHECKS:
        flagged = {f.id for f in report.findings if f.check == check.__name__ and f.severity == "error"}
        rates[check.__name__] = len(flagged) / len(document)
    rates["any check"] = len({f.id for f in report.findings if f.severity == "error"}) / len(document)
    return rates


def pofilter_numbers(document: list[Pair]) -> tuple[float, float, int]:
    """pofilter's `numbers` check and ours (error severity) on the pairs with a digit."""
    from translate.filters import checks as pofilter

    checker = pofilter.StandardChecker()
    digit_pairs = [p for p in document if any(c.isdigit() for c in p.source + p.target)]
    failed = 0
    for pair in digit_pairs:
        try:
            checker.numbers(pair.source, pair.target)
        except pofilter.FilterFailure:
            failed += 1
    ours = {f.id for f in checks.numbers(digit_pairs, Context()) if f.severity == "error"}
    return failed / len(digit_pairs), len(ours) / len(digit_pairs), len(digit_pairs)


def speed(document: list[Pair], glossary: list[TermEntry]) -> tuple[float, float]:
    """Seconds per 10,000 pairs: the first run (dictionaries loading) and a warm one."""
    times = [(len(document) + i - 1) // len(document) for i in (10_000,)]
    pairs = [replace(p, id=f"{k}:{p.id}") for k in range(times[0]) for p in document][:10_000]
    from tm.memory.concordance import russian_keys

    russian_keys.cache_clear()
    amounts.russian_amounts.cache_clear()
    amounts.english_amounts.cache_clear()
    result = []
    for _ in range(2):
        start = time.process_time()  # CPU seconds: the wall clock of a shared machine says more of its load
        check_documents([Document("wmt", pairs)], CHECKS, glossary)
        result.append(time.process_time() - start)
        amounts.russian_amounts.cache_clear()  # the warm run reads every pair afresh, dictionaries loaded
        amounts.english_amounts.cache_clear()
        calendar.russian_dates.cache_clear()
        calendar.english_dates.cache_clear()
    return result[0], result[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--per-type", type=int, default=50)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    dev = load("dev")
    glossary, wrong = build_glossary(dev)
    print(f"glossary: {len(glossary)} entries kept of {len(CANDIDATES)} candidates: {', '.join(e.id for e in glossary)}")
    for name in ["dev", "test"] if args.set == "both" else [args.set]:
        document = dev if name == "dev" else load(name)
        print(f"\n## {name}: {SETS[name]}, {len(document):,} pairs\n")
        rows = recall(name, document, glossary, wrong, args.per_type)
        print("| injected error | check | found | recall |\n| --- | --- | --- | --- |")
        for label, check, found, tried in rows:
            print(f"| {label} | {check} | {found}/{tried} | {found / tried if tried else float('nan'):.2f} |")
        rates = false_positives(document, glossary)
        print("\n| check | pairs with an error finding (untouched) |\n| --- | --- |")
        for check, rate in rates.items():
            print(f"| {check} | {rate:.2%} |")
        theirs, ours, count = pofilter_numbers(document)
        print(f"\n| numbers check on the {count:,} pairs with a digit | flagged |\n| --- | --- |")
        print(f"| translate-toolkit pofilter `numbers` | {theirs:.1%} |\n| tm qa `numbers` (error) | {ours:.1%} |")
        if not args.no_speed:
            cold, warm = speed(document, glossary)
            print(
                f"\nspeed, all checks with the glossary: {warm:.2f} CPU s per 10,000 pairs ({cold:.2f} s the first time, dictionaries loading)"
            )


if __name__ == "__main__":
    main()
