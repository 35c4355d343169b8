"""OmegaT's match scores (tm/memory/matching.py): the Levenshtein port, the three token lists, the stemmer."""

from __future__ import annotations

import pytest

from tm.memory.matching import (
    MAX_N,
    Scores,
    levenshtein,
    passes,
    score,
    similarity,
    stem,
    tokens_all,
    tokens_no_stem,
    tokens_stem,
)


@pytest.mark.parametrize(
    ("source", "target", "distance", "percent"),
    [
        # one substitution in three: 100 * (3 - 1) / 3 = 66.67, Java's int division → 66
        ("a b c", "a x c", 1, 66),
        # kitten → sitting by letters: 3 edits, longest 7: 100 * (7 - 3) / 7 = 57.14 → 57
        ("k i t t e n", "s i t t i n g", 3, 57),
        # a swap costs two substitutions: 100 * (2 - 2) / 2 = 0
        ("a b", "b a", 2, 0),
        # one insertion: 100 * (4 - 1) / 4 = 75
        ("a b c", "a b x c", 1, 75),
        # nothing against two tokens: distance 2, 100 * (2 - 2) / 2 = 0
        ("", "a b", 2, 0),
        # both empty: OmegaT returns 0 (no similarity can be computed), distance 0
        ("", "", 0, 0),
        # identical: 100 * (5 - 0) / 5 = 100
        ("a b c d e", "a b c d e", 0, 100),
        # five deletions of eight: 100 * (8 - 5) / 8 = 37.5 → 37
        ("a b c d e f g h", "a b c", 5, 37),
    ],
)
def test_levenshtein_and_similarity_as_the_java_formula(source: str, target: str, distance: int, percent: int) -> None:
    s, t = source.split(), target.split()
    assert levenshtein(s, t) == distance
    assert similarity(s, t) == percent


def test_only_max_n_tokens_are_compared_but_the_full_length_divides() -> None:
    # LevenshteinDistance cuts both lists to 1000; calcSimilarity uses the uncut lengths:
    # 100 * (1001 - 0) / 1001 = 100 though the lists differ in their last token
    long = [str(i) for i in range(MAX_N)]
    assert similarity(long + ["x"], long) == 100


def test_identical_sentences_score_100_three_times() -> None:
    text = "Казахстан и Россия подписали декларацию о всеобъемлющем стратегическом партнёрстве."
    assert score(text, text) == Scores(100, 100, 100)


def test_a_number_change_is_never_100() -> None:
    # words with a digit are dropped from both word lists (OmegaT gives 100 there), but numbers
    # count: they differ, so those are capped at 99; the verbatim list has 10 tokens (words,
    # spaces, "18.3", ".") and one differs: 100 * 9 / 10 = 90
    result = score("ВВП вырос на 18,3 процента.", "ВВП вырос на 18,4 процента.")
    assert result == Scores(99, 99, 90)


def test_numbers_in_another_notation_are_equal_tokens() -> None:
    assert score("ВВП вырос на 18,3 процента.", "ВВП вырос на 18.3 процента.") == Scores(100, 100, 100)
    # «18 300» is three verbatim tokens, as OmegaT has them, so it does not equal "18300"
    # token for token; only the word scores (no numbers in them) stay 100
    assert score("Добыто 18 300 тонн.", "Добыто 18300 тонн.").as_tuple()[:2] == (100, 100)
    # 8 tokens ("добыто", " ", "18", " ", "300", " ", "тонн", "."), one differs: 100 * 7 / 8 = 87
    assert score("Добыто 18 300 тонн.", "Добыто 18 301 тонн.").as_tuple() == (99, 99, 87)


def test_case_and_inflection() -> None:
    # case never counts; an inflection counts only without stemming:
    # stems: [подписа, соглашен] both sides → 100; words: 1 of 2 differs → 50;
    # tokens: 4 ("подписали", " ", "соглашение"/"соглашения", ".") with 1 different → 75
    assert score("Подписали соглашение.", "подписали соглашения.") == Scores(100, 50, 75)


def test_stop_words_are_out_of_the_stemmed_list_only() -> None:
    assert tokens_stem("Он и она в Москве") == ("москв",)
    assert tokens_no_stem("Он и она в Москве") == ("он", "и", "она", "в", "москве")


def test_verbatim_tokens_keep_numbers_punctuation_and_tags() -> None:
    assert tokens_all("Рост: 18,3 % <x0/>") == ("рост", ":", " ", "18.3", " ", "%", " ", "<x0/>")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("вопросы", "вопрос"),  # noun ending ы
        ("организации", "организац"),  # noun ии
        ("красивейшими", "красив"),  # adjective ими, then the superlative ейш
        ("говорившись", "говор"),  # perfective gerund ившись
        ("длинный", "длин"),  # adjective ый, then нн undoubled
        ("стратегического", "стратегическ"),  # adjective ого
        ("moscow", "moscow"),  # no Cyrillic vowel: unchanged
    ],
)
def test_snowball_russian_stems(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_the_threshold_keeps_a_match_when_a_word_score_reaches_it() -> None:
    # FindMatches.haveChanceToAdd: dropped when score and score_no_stem are both below the
    # threshold; the adjusted score alone never keeps a match
    assert passes(Scores(10, 30, 0), 30)
    assert passes(Scores(30, 10, 0), 30)
    assert not passes(Scores(10, 20, 30), 30)
    assert not passes(Scores(29, 29, 29), 30)


def _java_levenshtein(source: list[str], target: list[str]) -> int:
    """`LevenshteinDistance.compute` written out as Java's dynamic programme: the oracle of
    the one edit distance (matching.levenshtein, rapidfuzz's)."""
    if not source or not target:
        return len(source) + len(target)
    source, target = source[:MAX_N], target[:MAX_N]
    previous = list(range(len(source) + 1))
    for j, target_token in enumerate(target, 1):
        current = [j]
        for i, source_token in enumerate(source, 1):
            cost = 0 if source_token == target_token else 1
            current.append(min(current[i - 1] + 1, previous[i] + 1, previous[i - 1] + cost))
        previous = current
    return previous[-1]


def test_the_one_edit_distance_is_javas_on_random_token_lists() -> None:
    import random

    rng = random.Random(6)
    words = "рост ВВП & составил процента 18,3 и в".split()
    for _ in range(500):
        s = [rng.choice(words) for _ in range(rng.randint(0, 14))]
        t = [rng.choice(words) for _ in range(rng.randint(0, 14))]
        assert levenshtein(s, t) == _java_levenshtein(s, t), (s, t)
        assert levenshtein(tuple(s), tuple(t)) == levenshtein(s, t)
    long = [str(i % 5) for i in range(1100)]
    assert levenshtein(long, long[2:]) == _java_levenshtein(long, long[2:])
