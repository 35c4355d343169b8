"""tm/language/numbers.py: one notation for the numbers of both languages (aligner and matching)."""

from __future__ import annotations

import pytest

from tm.language.numbers import canonical, english_numbers, is_number, number_key, numbers, russian_numbers


def test_the_aligners_readings() -> None:
    assert russian_numbers("18,3% и 2 000 тонн, 007 и 18,30") == ["18.3", "2000", "7", "18.3"]
    assert english_numbers("18.3% and 2,000 tonnes") == ["18.3", "2000"]
    assert english_numbers("18,3") == ["18", "3"]  # an English comma groups thousands


@pytest.mark.parametrize(
    ("token", "russian", "expected"),
    [
        ("18,3", True, "18.3"),
        ("18.3", True, "18.3"),
        ("18,3", False, "18.3"),
        ("18 300", True, "18300"),
        ("18\u00a0300", False, "18300"),
        ("18,300", False, "18300"),  # English text: the comma groups thousands
        ("18,300", True, "18.3"),  # Russian text: a decimal comma
        ("18 300,50", True, "18300.5"),
        ("1,000,000", True, "1000000"),
        ("1,000.5", True, "1000.5"),
        ("0", False, "0"),
    ],
)
def test_number_key(token: str, russian: bool, expected: str) -> None:
    assert is_number(token)
    assert number_key(token, russian) == expected


def test_the_issues_pairs_agree() -> None:
    assert numbers("вырос на 18,3 процента") == numbers("вырос на 18.3 процента") == ("18.3",)
    assert numbers("вырос на 18,3 процента") != numbers("вырос на 18,4 процента")
    assert russian_numbers("18 300") == english_numbers("18,300") == ["18300"]
    assert numbers("18 300 tonnes") == numbers("18,300 tonnes")


def test_dates_versions_and_words_with_digits_are_no_numbers() -> None:
    for token in ("11.11.2023", "1.2.3", "G20", "5G"):
        assert not is_number(token)
    assert canonical("11.11.2023 и G20") == "11.11.2023 и G20"
    assert numbers("11.11.2023") == ()
    assert canonical("рост 18,30 % и 2 000 тонн") == "рост 18.3 % и 2000 тонн"
