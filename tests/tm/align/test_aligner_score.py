"""x-align-score is a probability (tm/align/calibration.py) and rises with the evidence."""

from __future__ import annotations

import random

from tm.align import calibration
from tm.align.aligner import align


def test_scores_are_probabilities_and_skips_score_zero() -> None:
    rng = random.Random(5)
    ru = [f"Предложение номер {n} {'длинное ' * rng.randint(1, 9)}." for n in range(80)]
    en = [f"Sentence number {n} {'long ' * rng.randint(1, 9)}." for n in range(80)]
    del en[30]
    links = align(ru, en)
    assert all(0.0 <= link.score <= 1.0 for link in links)
    assert all(link.score == 0.0 for link in links if not link.ru or not link.en)
    assert all(len(link.features) == len(calibration.FEATURES) for link in links if link.ru and link.en)


def test_matching_numbers_and_names_score_higher_than_conflicting_lengths() -> None:
    ru = [
        "Президент Токаев встретился с Путиным в Астане 11 ноября 2023 года.",
        "Стороны подписали 15 документов на сумму 2 000 000 долларов.",
        "Это было сказано.",
    ]
    en = [
        "President Tokayev met Putin in Astana on November 11, 2023.",
        "The sides signed 15 documents worth 2,000,000 dollars.",
        "It was said by the spokesman of the ministry in a long statement to the press.",
    ]
    # plain pairs around them, so that the documents' ratio of lengths is a usual one
    ru += [f"Министр рассказал журналистам о планах на следующую неделю номер {n}." for n in range(8)]
    en += [f"The minister told reporters about the plans for the next week number {n}." for n in range(8)]
    links = {link.ru: link for link in align(ru, en) if link.ru and link.en}
    assert [links[(k,)].en for k in range(3)] == [(0,), (1,), (2,)]
    sure, numbers, doubtful = (links[(k,)].score for k in range(3))
    assert min(sure, numbers) > doubtful


def test_probability_falls_as_the_length_cost_rises() -> None:
    base = [0.2, 1.1, 0.0, 0.0, 0.0, 0.0, 8.0, 0.0, 8.0, 5.0]  # in the order of calibration.FEATURES
    worse = list(base)
    worse[0] += 6.0  # a length difference far off the expected one
    assert 0.0 < calibration.probability(tuple(worse)) < calibration.probability(tuple(base)) < 1.0
