"""Issue 19, political single words missed: the check that drops a candidate, in words
(keeping.drop_reason), and the bench's line for each missed word (made-up candidates and
sentences throughout)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from glossary.extraction.candidates import PHRASE, WORD
from glossary.extraction.keeping import _keep, drop_reason
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import Candidate, rank_candidates

OPTIONS = ExtractionOptions(use_reference=False)


def _word(canonical: str, lemma: str, **fields: float) -> Candidate:
    values = {"relevance": 0.25, "specificity": 1.0, "domain": 1.0, **fields}
    return Candidate(lemma, WORD, canonical, 3, lemmas=(lemma,), **values)  # type: ignore[arg-type]


def test_a_person_noun_of_the_domain_is_dropped_by_its_dictionary_forms_margin() -> None:
    # The news names refugees in the plural; the margin is read off the singular, which navec
    # puts near the other topics' person nouns (ребенок, игрок): below WORD_DOMAIN.
    reason = drop_reason(_word("беженцы", "беженец"), OPTIONS)
    assert reason is not None and "WORD_DOMAIN" in reason and "specificity" in reason


def test_a_post_in_a_sports_story_is_dropped_by_its_passages_weight() -> None:
    # «посол Зимней универсиады»: the word is of the domain, its passage is sport.
    reason = drop_reason(_word("посол", "посол", domain=0.05), OPTIONS)
    assert reason is not None and "min_domain" in reason
    assert drop_reason(_word("посол", "посол"), OPTIONS) is None


def test_a_candidate_seen_once_in_a_sentence_of_another_topic_says_so() -> None:
    phrase = Candidate("горный источник", PHRASE, "горный источник", 1, lemmas=("горный", "источник"))
    phrase.relevance, phrase.specificity, phrase.domain, phrase.context = 0.3, 2.0, 0.9, -0.05
    reason = drop_reason(phrase, OPTIONS)
    assert reason is not None and reason.startswith("seen once")


def test_without_the_domain_signals_a_words_reason_names_no_domain_test() -> None:
    # законопроект has domain evidence; with use_domain off it was never asked for, so the
    # reason is its specificity alone, not «a word of every topic».
    reason = drop_reason(_word("законопроект", "законопроект"), ExtractionOptions(use_reference=False, use_domain=False))
    assert reason is not None and reason.startswith("specificity") and "use_domain" in reason
    assert "every topic" not in reason


def test_keep_is_no_reason_to_drop() -> None:
    for c in (_word("законопроект", "законопроект"), _word("беженцы", "беженец"), _word("посол", "посол", domain=0.05)):
        assert _keep(c, OPTIONS) == (drop_reason(c, OPTIONS) is None)


SPORT = [
    "Двукратный чемпион мира по хоккею, посол универсиады встретился с юными хоккеистами.",
    "Хоккеисты клуба провели матч, болельщики праздновали победу команды в турнире.",
    "Тренер похвалил игроков сборной за игру в чемпионате.",
]
BILL = [
    "Правительство внесло в парламент законопроект о бюджете и налогах.",
    "Депутаты одобрили законопроект о налоговых льготах для инвесторов.",
    "Парламент рассмотрит законопроект и бюджет во втором чтении.",
]


def test_rank_candidates_says_why_each_counted_candidate_was_dropped() -> None:
    dropped: dict[str, str] = {}
    documents = [0] * len(SPORT) + [1] * len(BILL)  # two stories: the sport passage is the sport story's
    ranked = {c.key for c in rank_candidates(SPORT + BILL, OPTIONS, documents=documents, dropped=dropped)}
    assert "законопроект" in ranked and "законопроект" not in dropped
    assert "посол" not in ranked and "min_domain" in dropped["посол"]
    assert not ranked & set(dropped)


def test_the_bench_prints_why_a_political_word_was_missed() -> None:
    root = Path(__file__).resolve().parents[3]
    spec = importlib.util.spec_from_file_location("term_precision", root / "bench" / "term_precision.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.missed_reason("посол", {"посол": "its passages' domain weight 0.05"}).startswith("not kept: its passages'")
    assert bench.missed_reason("беженец", {}).startswith("not counted")
