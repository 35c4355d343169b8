import pytest

from glossary.equivalents.choose import choose_equivalent, confirmations
from glossary.extraction.acronyms import initials_match


@pytest.mark.parametrize(
    "acronym, phrase, expected",
    [
        ("ЕАЭС", "Евразийский экономический союз", True),
        ("ОДКБ", "Организация Договора о коллективной безопасности", True),
        ("КНР", "Китайская Народная Республика", True),
        ("МИД", "министерство иностранных дел", True),
        ("СНГ", "стратегическое партнерство", False),
        ("ЕАЭС", "экономический союз", False),
    ],
)
def test_initials_match(acronym: str, phrase: str, expected: bool) -> None:
    assert initials_match(acronym, phrase) is expected


def test_the_translation_the_contexts_confirm_wins() -> None:
    contexts = ["They signed a strategic partnership.", "The Strategic Partnership deepens.", "Nothing here."]
    chosen = choose_equivalent(["a strategic alliance", "the strategic partnership"], contexts)
    assert (chosen.text, chosen.origin, chosen.confidence) == ("strategic partnership", "context", pytest.approx(0.83, abs=0.01))
    assert confirmations("partner", contexts) == 0  # whole words only


def test_an_unconfirmed_translation_is_plain_mt() -> None:
    chosen = choose_equivalent(["trade turnover"], ["Something else entirely."])
    assert (chosen.text, chosen.origin, chosen.confidence) == ("trade turnover", "mt", 0.3)
