"""Precision of the top-ranked terms, against hand judgements, on two sets of texts:

- `seeds`: the sample corpus (the rules were written on it: tuning data). Also prints the
  recall of the gold list in tests/data/gold_terms.txt.
- `news`: a development set the rules were not written on: the first 600 sentences of WMT
  newstest 2017+2018 (../shared/corpora, never committed) that are about politics or the
  economy (a keyword on `NEWS_TOPIC`), in corpus order. Thresholds and word lists were
  chosen looking at it, so it is a development set.
- `news-test`: the next 600 such sentences, judged once after the choices were made and not
  used to make any: the held-out figure.

It also lists the acronyms paired with an expansion by initials in the top 200, against the
verdicts in bench/data/acronym_pairs.tsv (the target: none wrong).

Judgements live in bench/data/ (`term_judgements.tsv`, `news_term_judgements.tsv`): one per
term that has appeared in a top list; a term not judged yet is listed, not guessed, so the
figure cannot drift up unnoticed when the ranking changes. `--peer rutermextract` ranks the
same sentences with rutermextract (if installed; it needs pymorphy2, which needs
`inspect.getargspec` patched on Python 3.11 and its dictionary path given, both done here) and
judges its top list the same way.

    .venv/bin/python bench/term_precision.py [--set seeds|news] [--no-reference] [--top 50] [--peer rutermextract]

`--set madeup madeup-test madeup-test2 madeup-test3 madeup-test4 madeup-test5 madeup-test6`: the made-up news of bench/data/madeup*/ (the project's own text, one
document per file), judged blind by helpers who saw no code (bench/data/README.md).

`--show` lists each issue 19 set's top 50 with the judge's category, the non-terms marked
(to classify them by kind: general, place, offtopic, media, fragment, form, duplicate).
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.extraction.morphology import lemma_key  # noqa: E402
from glossary.extraction.options import ExtractionOptions  # noqa: E402
from glossary.extraction.ranking import rank_candidates  # noqa: E402
from tm.text.documents import read_document  # noqa: E402
from tm.text.segment import segment_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wmt-newstest-ru-en"
MADEUP = ROOT / "bench" / "data" / "madeup"  # and MADEUP + "-test", the held-out one
NEWS_TOPIC = re.compile(
    r"президент|правительств|министр|санкц|экономи|торгов|переговор|парламент|выбор|договор|соглашен|нефт|"
    r"инвестиц|бюджет|налог|банк|НАТО|ООН|дипломат|посол|саммит|референдум|оппозиц|безопасност|границ|пошлин",
    re.IGNORECASE,
)
NEWS_SIZE = 600
JUDGEMENTS = {
    "seeds": "term_judgements.tsv",
    "news": "news_term_judgements.tsv",
    "news-test": "news_test_term_judgements.tsv",
    # issue 19's sets: one judgement file for the four (a term's verdict does not depend on the set)
    "dev": "domain_judgements.tsv",
    "test": "domain_judgements.tsv",
    "raw-dev": "domain_judgements.tsv",
    "raw-test": "domain_judgements.tsv",
    # held out at the stop after issue 19's fourth round: never looked at while tuning
    "raw-test2": "domain_judgements.tsv",
    # held out at the stop after issue 19's fifth round: dumped before it, judged once after it
    "raw-test3": "domain_judgements.tsv",
    # held out after raw-test3 and topic-test2 were judged and two bugs they showed were mended
    "raw-test4": "domain_judgements.tsv",
    "topic-test2": "domain_judgements.tsv",
    # held out at issue 19's seventh stop: dumped before its first change, judged once at its end.
    # Their new verdicts live in a file of their own, which bench/train_termhood.py does not read:
    # the shipped termhood model never learns from the sets it is measured on.
    "raw-test5": "heldout_judgements.tsv",
    "topic-test3": "heldout_judgements.tsv",
    # issue 19's eighth stop: the newstest2017 lines after raw-dev's that neither filter catches,
    # the last of the corpus no set held. rest-dev (lines 601–1800) is looked at while tuning;
    # rest-test (1801–3001) was judged once, blind, at the start of the ninth stop, before any change.
    "rest-dev": "heldout_judgements.tsv",
    "rest-test": "heldout_judgements.tsv",
    # issue 19's twelfth stop: made-up news a helper wrote without seeing the code (MADEUP), its
    # glossary's top 60 judged once, blind, by another helper by the written criteria
    "madeup": "madeup_judgements.tsv",
    # and a second such set, held out until its one blind judgement at the stop's end
    "madeup-test": "madeup_test_judgements.tsv",
    # issue 19's thirteenth stop: a third, on other topics, judged once, blind, before any change
    "madeup-test2": "madeup_test2_judgements.tsv",
    # and a fourth, judged once, blind, at the stop's final code: held out from every change
    "madeup-test3": "madeup_test3_judgements.tsv",
    # issue 19's fourteenth stop: a fifth, on other topics again; its list at that stop's first
    # code (f0a7ee2) judged once, blind, at the fifteenth (some of the fourteenth's mends were
    # made looking at that list before it was judged)
    "madeup-test4": "madeup_test4_judgements.tsv",
    # and a sixth, written at the fifteenth stop and held out from its changes: judged once,
    # blind, at the stop's final code
    "madeup-test5": "madeup_test5_judgements.tsv",
    # and a seventh, written after madeup-test5's judgement and held out from every later change:
    # judged once, blind, at the fifteenth stop's last extractor code
    "madeup-test6": "madeup_test6_judgements.tsv",
}
# The issue 19 sets: topic-filtered (dev newstest2017, test newstest2018) and unfiltered (the
# first NEWS_SIZE lines of the same years).
YEARS = {
    "dev": "newstest2017.rus",
    "test": "newstest2018.rus",
    "raw-dev": "newstest2017.rus",
    "raw-test": "newstest2018.rus",
    "raw-test2": "newstest2018.rus",
    "raw-test3": "newstest2018.rus",
    "raw-test4": "newstest2018.rus",
    "topic-test2": "newstest2017.rus",
    "raw-test5": "newstest2018.rus",
    "topic-test3": "newstest2018.rus",
    "rest-dev": "newstest2017.rus",
    "rest-test": "newstest2017.rus",
}
# A second, wider political and economic filter for `topic-test2`: the lines of newstest2017 after
# raw-dev's that NEWS_TOPIC misses (so dev never held them) but this one catches.
SECOND_TOPIC = re.compile(
    r"Кремл|Госдум|депутат|губернатор|закон|суд[аеуо]?\b|полици|экспорт|импорт|рубл|доллар|ВВП|инфляц|военн|"
    r"войск|ракет|КНДР|Украин|Сири|чиновник|партии|партия|лидер|власт|ЕС\b|Евросоюз|Китай|США|Казахстан|"
    r"компани|рын[оке]|цен[аыу]\b|кризис|реформ",
    re.IGNORECASE,
)


def seed_sentences() -> list[str]:
    return list(
        dict.fromkeys(s.text for p in sorted((ROOT / "seeds").glob("*.txt")) for s in segment_document(read_document(str(p))))
    )


def madeup_sentences(name: str = "madeup") -> tuple[list[str], list[int]]:
    """The sentences of the made-up documents (MADEUP, one news file per topic, some off topic;
    `madeup-test`, the held-out set) and each one's document: the texts are our own, so they
    are committed."""
    sentences, documents = [], []
    for n, path in enumerate(sorted((MADEUP.parent / name).glob("*.txt"))):
        for s in segment_document(read_document(str(path))):
            sentences.append(s.text)
            documents.append(n)
    return sentences, documents


def news_sentences(part: int = 0) -> list[str]:
    """The `part`-th block of NEWS_SIZE political or economic WMT sentences (0: dev, 1: test)."""
    lines = []
    for name in ("newstest2017.rus", "newstest2018.rus"):
        path = CORPUS / name
        if path.exists():
            lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if NEWS_TOPIC.search(line)]
    return lines[part * NEWS_SIZE : (part + 1) * NEWS_SIZE]


def year_sentences(name: str) -> list[tuple[int, str]]:
    """(line number, sentence) of an issue 19 set: the first NEWS_SIZE topic lines of its year
    (`dev`, `test`), or its first NEWS_SIZE lines whatever their topic (`raw-dev`, `raw-test`), or
    the NEWS_SIZE lines after those (`raw-test2`) and after those again (`raw-test3`, `raw-test4`), or the lines
    after raw-dev's that only SECOND_TOPIC catches (`topic-test2`), or newstest2018 lines 2401–3000
    (`raw-test5`) and those of them that either filter catches (`topic-test3`), or the newstest2017
    lines after raw-dev's that neither filter catches (`rest-dev` to line 1800, `rest-test` after). Each held-out set
    is dumped before a round of changes and judged once, blind, after it."""
    path = CORPUS / YEARS[name]
    if not path.exists():
        return []
    lines = [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    if name.startswith("rest-"):  # off-topic by both filters: what an archive's other pages look like
        first, last = (NEWS_SIZE, 3 * NEWS_SIZE) if name == "rest-dev" else (3 * NEWS_SIZE, len(lines))
        return [(n, line) for n, line in lines[first:last] if not NEWS_TOPIC.search(line) and not SECOND_TOPIC.search(line)]
    if name == "topic-test3":  # raw-test5's lines that either filter catches (its NEWS_TOPIC ones are also in `test`)
        return [
            (n, line) for n, line in lines[4 * NEWS_SIZE : 5 * NEWS_SIZE] if NEWS_TOPIC.search(line) or SECOND_TOPIC.search(line)
        ]
    if name.endswith("5"):
        return lines[4 * NEWS_SIZE : 5 * NEWS_SIZE]
    if name == "topic-test2":
        return [(n, line) for n, line in lines[NEWS_SIZE:] if SECOND_TOPIC.search(line) and not NEWS_TOPIC.search(line)]
    if name.endswith("3"):
        return lines[2 * NEWS_SIZE : 3 * NEWS_SIZE]
    if name.endswith("4"):
        return lines[3 * NEWS_SIZE : 4 * NEWS_SIZE]
    if not name.startswith("raw-"):
        lines = [(n, line) for n, line in lines if NEWS_TOPIC.search(line)]
    if name.endswith("2"):
        return lines[NEWS_SIZE : 2 * NEWS_SIZE]
    return lines[:NEWS_SIZE]


def judgement_files(name: str) -> list[Path]:
    """The judgement files of a set: a held-out set's own file comes after domain_judgements.tsv,
    whose verdicts it reuses for the entries judged before (its judge judged only the others)."""
    files = [JUDGEMENTS[name]]
    if files[0] == "heldout_judgements.tsv":
        files.insert(0, "domain_judgements.tsv")
    return [ROOT / "bench" / "data" / f for f in files]


def load_categories(name: str) -> dict[str, tuple[str, str]]:
    """Exact form (lower case) and lemma key → the judge's category (third column; `term` or
    `no` where the file has none) and concept group (fourth column; the term itself if none)."""
    categories: dict[str, tuple[str, str]] = {}
    for path in judgement_files(name):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                term, verdict, *rest = line.split("\t")
                value = (
                    rest[0] if rest else ("term" if verdict == "1" else "no"),
                    rest[1] if len(rest) > 1 and rest[1] else term.lower(),
                )
                categories["=" + term.lower()] = value
                categories.setdefault(lemma_key(term), value)
    return categories


def category(categories: dict[str, tuple[str, str]], term: str) -> tuple[str, str] | None:
    return categories.get("=" + term.lower()) or categories.get(lemma_key(term))


def load_judgements(name: str) -> dict[str, bool]:
    judgements = {}
    for path in judgement_files(name):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                term, verdict, *_ = line.split("\t")
                judgements[lemma_key(term)] = verdict == "1"
    return judgements


def report(label: str, top: list[str], judgements: dict[str, bool]) -> None:
    unjudged = [t for t in top if lemma_key(t) not in judgements]
    good = sum(1 for t in top if judgements.get(lemma_key(t)))
    bound = " (lower bound)" if unjudged else ""
    print(
        f"{label}: precision@{len(top)} {good / max(len(top), 1):.2f}{bound} — {good} terms, "
        f"{len(top) - good - len(unjudged)} not terms, {len(unjudged)} not judged"
    )
    for term in unjudged:
        print(f"  not judged: {term}")


def acronym_pairs(ranked: list, sentences: int, top: int = 200) -> list[tuple[str, str]]:
    """The acronyms paired with an expansion by their initials among the top candidates, all
    sentences taken as one document (so pairing is at its loosest); the reference list's own
    pairs are left out."""
    from glossary.build import pair_concepts

    concepts = pair_concepts(ranked[:top], [0] * sentences)
    return [(c.short.canonical, c.full.canonical) for c in concepts if c.short and c.full and c.reference is None]


def report_pairs(pairs: list[tuple[str, str]]) -> None:
    path = ROOT / "bench" / "data" / "acronym_pairs.tsv"
    verdicts = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line and not line.startswith("#"):
            short, full, verdict = line.split("\t")
            verdicts[(short, lemma_key(full))] = verdict == "1"
    judged = [verdicts.get((short, lemma_key(full))) for short, full in pairs]
    print(f"acronym pairs by initials in the top 200: {len(pairs)}, wrong {judged.count(False)}, not judged {judged.count(None)}")
    for (short, full), verdict in zip(pairs, judged, strict=False):
        print(f"  {'not judged' if verdict is None else 'right' if verdict else 'wrong'}: {short} = {full}")


def rutermextract_top(sentences: list[str], top: int) -> list[str]:
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]  # type: ignore[attr-defined]
    import functools

    import pymorphy2
    import pymorphy2_dicts_ru

    # pymorphy2 finds its dictionary through pkg_resources, which setuptools >= 81 no longer has.
    pymorphy2.MorphAnalyzer = functools.partial(pymorphy2.MorphAnalyzer, path=pymorphy2_dicts_ru.get_path())
    from rutermextract import TermExtractor

    return [t.normalized for t in TermExtractor()(" ".join(sentences), limit=top)]


# Political and economic single words that occur in the unfiltered sets (raw-dev ∪ raw-test):
# a glossary of the domain should hold each where it occurs, wherever it ranks.
POLITICAL_WORDS = (
    "санкции саммит референдум законопроект коррупция госдолг рецессия тариф инаугурация коалиция "
    "беженец мигрант импорт дипломат посол бюджет губернатор"
).split()
# Judge's categories (third column of domain_judgements.tsv), see bench/data/README.md.
OFF_TOPIC, PLACE, FRAGMENT, FORM = "offtopic", "place", "fragment", "form"


def _concept_top(ranked: list, sentences: list[str], top: int = 50, documents: list[int] | None = None) -> list[str]:
    """The first `top` entries a glossary build makes of the ranked candidates: the synonyms the
    texts name merged (merging.merge_explicit), acronyms paired with their expansions
    (glossary/build.py `pair_concepts`, every sentence one document, pairing within its window of
    sentences), each named by its main term; places are not among them."""
    from glossary.build import as_the_texts_name_them, pair_concepts

    texts = dict(enumerate(sentences))
    ranked = as_the_texts_name_them(list(ranked), texts)
    documents = documents or [0] * len(sentences)
    # With the texts, as glossary/build.py pairs them: an acronym longer than its phrase pairs
    # with it where the text spells the rest out («Национального банка Украины (НБУ)»).
    concepts = pair_concepts([c for c in ranked if getattr(c, "category", "") != "place"][: top * 3], documents, texts)
    return [c.main.canonical for c in concepts[:top]]


def report_domain(
    name: str,
    ranked: list,
    sentences: list[str],
    dumped: bool = False,
    show: bool = False,
    dropped: dict[str, str] | None = None,
    documents: list[int] | None = None,
) -> dict[str, object]:
    """The issue 19 measures of one set: P@50, off-topic entries in the top 40, places,
    duplicates, fragments and wrong forms in the top 50, political single words found, and
    why each one missed was not kept where `dropped` (rank_candidates') says."""
    from glossary.extraction.morphology import fold, lemma, words

    categories = load_categories(name)
    top = [c.canonical for c in ranked[:50]] if dumped else _concept_top(ranked, sentences, documents=documents)
    judged = [category(categories, t) for t in top]
    cats = [j[0] if j else None for j in judged]
    groups = [j[1] for j in judged if j]
    duplicates = len(groups) - len(set(groups))
    present = {fold(lemma(w.text)) for s in sentences for w in words(s) if w.text[0].isalpha()}
    keys = {c.key for c in ranked}
    occurring = [w for w in POLITICAL_WORDS if fold(lemma(w)) in present]
    found = [w for w in occurring if lemma_key(w) in keys or fold(lemma(w)) in keys]
    figures = {
        "P@50": sum(c is not None and c.startswith("term") for c in cats) / max(len(top), 1),
        "off-topic in top 40": cats[:40].count(OFF_TOPIC),
        "media in top 40": cats[:40].count("media"),
        "places in top 50": cats.count(PLACE),
        "duplicates in top 50": duplicates,
        "fragments in top 50": cats.count(FRAGMENT),
        "wrong forms in top 50": cats.count(FORM),
        "political words found": f"{len(found)} of {len(occurring)}",
        "not judged": cats.count(None),
    }
    print(
        f"{name}, {len(sentences)} sentences: "
        + "; ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
    )
    print("  political words missed: " + " ".join(w for w in occurring if w not in found))
    for w in occurring:
        if dropped is not None and w not in found:
            print(f"    {w}: {missed_reason(w, dropped)}")
    for term, cat in zip(top, cats, strict=False):
        if cat is None:
            print(f"  not judged: {term}")
    if show:  # the top 50 with the judge's category, the non-terms marked
        for rank, (term, cat) in enumerate(zip(top, cats, strict=False), 1):
            print(f"  {rank:2} {'  ' if cat and cat.startswith('term') else '✗ '}{term}\t{cat}")
    return figures


def missed_reason(word: str, dropped: dict[str, str]) -> str:
    """Why a political word is not in the ranked list: the check that dropped it
    (keeping.drop_reason), or that it was never counted as a single word."""
    from glossary.extraction.morphology import fold, lemma

    reason = dropped.get(lemma_key(word)) or dropped.get(fold(lemma(word)))
    return f"not kept: {reason}" if reason else "not counted as a candidate on its own, or kept and then merged or cut"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=sorted(JUDGEMENTS), default="seeds", nargs="+")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--no-reference", action="store_true", help="rank with the extractor alone")
    parser.add_argument("--peer", choices=["rutermextract"], help="also judge a peer's top list")
    parser.add_argument("--dump", type=Path, help="write each set's ranked list (rank, term, kind, score, key) to DIR/<set>.tsv")
    parser.add_argument("--show", action="store_true", help="list each set's top 50 with the judge's categories")
    parser.add_argument("--from", dest="dumped", type=Path, help="judge the lists a --dump wrote instead of ranking again")
    args = parser.parse_args()
    for name in args.set if isinstance(args.set, list) else [args.set]:
        if args.dumped:
            rows = [line.split("\t") for line in (args.dumped / f"{name}.tsv").read_text(encoding="utf-8").splitlines()]
            dumped = [argparse.Namespace(canonical=r[1], key=r[4] if len(r) > 4 else lemma_key(r[1])) for r in rows]
            report_domain(name, dumped, [s for _, s in year_sentences(name)], dumped=True, show=args.show)
        else:
            run_set(name, args)


def run_set(name: str, args: argparse.Namespace) -> None:
    documents = None
    if name in YEARS:
        sentences = [s for _, s in year_sentences(name)]
    elif name.startswith("madeup"):
        sentences, documents = madeup_sentences(name)
    else:
        sentences = {"seeds": seed_sentences, "news": news_sentences, "news-test": lambda: news_sentences(1)}[name]()
    if not sentences:
        sys.exit(f"no sentences: {CORPUS} is not here")
    judgements = load_judgements(name)
    dropped: dict[str, str] = {}
    ranked = rank_candidates(
        sentences, ExtractionOptions(use_reference=not args.no_reference), documents=documents, dropped=dropped
    )
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        (args.dump / f"{name}.tsv").write_text(
            "".join(
                f"{i}\t{c.canonical}\t{c.kind}\t{c.score:.2f}\t{c.key}\t{getattr(c, 'domain', 1):.2f}\t{getattr(c, 'category', '')}\n"
                for i, c in enumerate(ranked, 1)
            ),
            encoding="utf-8",
        )
    if name in YEARS or name.startswith("madeup"):
        report_domain(name, ranked, sentences, show=args.show, dropped=dropped, documents=documents)
        return
    label = f"{name}, {len(sentences)} sentences, {'extractor alone' if args.no_reference else 'with the reference list'}"
    report(label, [c.canonical for c in ranked[: args.top]], judgements)
    report_pairs(acronym_pairs(ranked, len(sentences)))
    if args.peer:
        report(f"{name}, rutermextract", rutermextract_top(sentences, args.top), judgements)
    if name == "seeds":
        gold = [
            g
            for g in (ROOT / "tests" / "data" / "gold_terms.txt").read_text(encoding="utf-8").splitlines()
            if g and not g.startswith("#")
        ]
        keys = {lemma_key(c.canonical) for c in ranked}
        missed = [g for g in gold if lemma_key(g) not in keys]
        print(f"gold recall: {len(gold) - len(missed)}/{len(gold)} = {(len(gold) - len(missed)) / len(gold):.2f}")
        for g in missed:
            print(f"  missed: {g}")


if __name__ == "__main__":
    main()
