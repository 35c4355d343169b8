"""Each check of `tm qa`: a true hit, and look-alikes that must not fire."""

from __future__ import annotations

import pytest

from tm.documents.model import Code
from tm.qa import checks
from tm.qa.checks import Context
from tm.qa.model import Pair
from tm.qa.termbase import TermEntry


def found(check: checks.Check, *pairs: tuple[str, str], context: Context | None = None, at: str = "error") -> list[str]:
    rows = [Pair(str(n), ru, en) for n, (ru, en) in enumerate(pairs, 1)]
    rank = {"error": 2, "warning": 1, "info": 0}
    return [f.message for f in check(rows, context or Context()) if rank[f.severity] >= rank[at]]


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Рост составил 18,3%.", "Growth was 18.3%."),
        ("Пришли 2 000 человек.", "2,000 people came."),
        ("В 2000 году.", "In the year 2000."),
        ("Доходы составили 18,3 млрд долл. США.", "Revenue was $18.3 billion."),
        ("Выделено 15 тыс. тенге.", "15,000 tenge were allocated."),
        ("От 10 до 15 млрд руб.", "10 to 15 billion roubles."),
        ("Два министра.", "2 ministers."),
        ("В 4.30 утра.", "At 4:30 a.m."),
        ("В 1990-х годах.", "In the 1990s."),
    ],
)
def test_numbers_by_value_look_alikes(ru: str, en: str) -> None:
    assert found(checks.numbers, (ru, en), at="warning") == []


def test_numbers_changed_value_and_magnitude_are_errors() -> None:
    assert found(checks.numbers, ("Рост на 18,3 млрд в год.", "Growth of 18.3 million a year.")) == [
        "«18,3 млрд» (18,300,000,000) became “18.3 million” (18,300,000)"
    ]
    assert found(checks.numbers, ("Пришли 2 000 человек.", "2,500 people came."))
    assert found(checks.numbers, ("Цена 5 тенге.", "The price is $5."))[0].startswith("currency KZT")


def test_numbers_russian_format_kept_is_a_warning() -> None:
    assert found(checks.numbers, ("Рост 18,3%.", "Growth 18,3%.")) == []
    assert found(checks.numbers, ("Рост 18,3%.", "Growth 18,3%."), at="warning") == [
        "Russian number format “18,3” in the English"
    ]


def test_dates() -> None:
    assert found(checks.dates, ("11 ноября 2023 г.", "November 11, 2023"), at="warning") == []
    assert found(checks.dates, ("11 ноября 2023 г.", "11 November 2023"), at="warning") == []
    assert found(checks.dates, ("11 ноября 2023 г.", "October 11, 2023")) == ["month November became October"]
    assert found(checks.dates, ("11 ноября 2023 г.", "November 11, 2023 г.")) == ["stray «г.» in the English"]
    assert found(checks.dates, ("Вы можете.", "You may go."), at="warning") == []
    styles = found(checks.dates, ("11 ноября", "November 11"), ("12 мая", "May 12"), ("1 марта", "1 March"), at="warning")
    assert styles == ["date written day first; 2 others are month first"]


GLOSSARY = [
    TermEntry("1", ("Евразийский экономический союз", "ЕАЭС"), ("Eurasian Economic Union", "EAEU"), ("Eurasian Union",)),
]


def test_terminology_finds_inflected_terms_and_forbidden_english() -> None:
    context = Context(GLOSSARY)
    assert found(checks.terminology, ("Страны Евразийского экономического союза.", "EAEU countries."), context=context) == []
    assert (
        found(
            checks.terminology,
            ("Страны Евразийского экономического союза.", "The countries of the Eurasian Economic Unions."),
            context=context,
        )
        == []
    )
    missing = found(checks.terminology, ("В Евразийском экономическом союзе.", "In the Eurasian bloc."), context=context)
    assert missing and "none of" in missing[0]
    assert any(
        "forbidden" in m for m in found(checks.terminology, ("В ЕАЭС.", "In the EAEU, the Eurasian Union."), context=context)
    )
    assert found(checks.terminology, ("Экономический рост.", "Economic growth."), context=context) == []


def test_consistency() -> None:
    pairs = [("Да.", "Yes."), ("Да.", "Yes."), ("Да.", "Right."), ("Нет.", "No.")]
    assert found(checks.consistency, *pairs, at="warning") == ["the same source as 1, another target: «Right.»"]
    assert found(checks.consistency, ("Да.", "Yes."), ("Так.", "Yes."), at="warning")


def test_script() -> None:
    assert found(checks.script, ("Казахстан.", "Кazakhstan.")) == ["mixed-script word: «Кazakhstan»"]
    assert found(checks.script, ("Договор.", "The договор.")) == ["Cyrillic left in the English: «договор»"]
    assert found(checks.script, ("Компания ByteDance.", "The ByteDance company."), at="warning") == []


def test_typography() -> None:
    assert found(checks.typography, ("«Да».", "«Yes»."), at="warning") == ["Russian quotation marks: “«”"]
    assert found(checks.typography, ("Да, нет.", "Yes,  no."), at="warning") == ["double space: “,  n”"]
    assert found(checks.typography, ("Да (нет).", "Yes (no."), at="warning") == ["unpaired bracket ()"]
    assert found(checks.typography, ("Да.", " Yes."), at="warning") == ["leading space differs from the source"]
    assert found(checks.typography, ("«Да» (нет).", "“Yes” (no)."), at="warning") == []


def test_untranslated() -> None:
    assert found(checks.untranslated, ("Да.", "")) == ["empty target"]
    assert found(checks.untranslated, ("Да.", "Да.")) == ["target = source"]
    assert found(checks.untranslated, ("Это не перевод.", "Это не перевод, ok.")) == ["target mostly in Cyrillic"]
    assert found(checks.untranslated, ("2017", "2017")) == []  # a number is its own translation
    assert found(checks.untranslated, ("Да.", "Yes.")) == []


def test_length() -> None:
    ru = "Президент провёл переговоры с руководителями соседних государств о торговле и транзите."
    assert (
        found(
            checks.length,
            (ru, "The president held talks with the leaders of neighbouring states on trade and transit."),
            at="warning",
        )
        == []
    )
    assert found(checks.length, (ru, "The president held talks with"), at="warning")


def test_names() -> None:
    pairs = [
        ("Президент Токаев.", "President Tokayev."),
        ("Токаев сказал.", "Then Tokayev said."),
        ("Токаев.", "So Tokaev left."),
    ]
    assert found(checks.names, *pairs, at="warning") == ["“Tokaev” here, “Tokayev” elsewhere (2×)"]
    assert found(checks.names, ("Америка.", "In America."), ("Американец.", "An American."), at="warning") == []


def test_tags() -> None:
    bold = (Code("open", 1, 0), Code("close", 1, 3), Code("placeholder", 2, 5))
    rows = [
        Pair("1", "Да нет", "Yes no", bold, bold),
        Pair("2", "Да нет", "Yes no", bold, bold[:2]),
        Pair("3", "Да нет", "Yes no", bold, (bold[2], bold[0], bold[1])),
        Pair("4", "Да нет", "Yes no"),  # a plain pair: no codes to compare
    ]
    messages = [(f.id, f.severity, f.message) for f in checks.tags(rows, Context())]
    assert messages == [
        ("2", "error", "code 2 of the source is missing in the target"),
        ("3", "warning", "codes in another order than in the source"),
    ]


def test_the_table_names_ten_checks() -> None:
    assert [c.__name__ for c in checks.CHECKS] == [
        "numbers",
        "dates",
        "terminology",
        "consistency",
        "script",
        "typography",
        "untranslated",
        "length",
        "names",
        "tags",
    ]


def test_numbers_spelled_out_milliard_is_a_billion() -> None:
    # «миллион» and «миллиард» share their first letters: a billion is not read as a million
    assert (
        found(checks.numbers, ("Состояние оценивается в 1,59 миллиарда долларов.", "He is worth $1.59 billion."), at="warning")
        == []
    )
    assert found(checks.numbers, ("Состояние оценивается в 1,59 миллиарда долларов.", "He is worth $1.59 million.")) == [
        "«1,59 миллиарда» (1,590,000,000) became “1.59 million” (1,590,000)"
    ]


def test_numbers_reports_each_changed_value() -> None:
    ru, en = (
        "Штраф в 60 миллионов евро, позже 20 миллионов евро, сезон 2014-1015.",
        "A fine of 60 billion euros, later 20 million euros, season 2014-15.",
    )
    assert len(found(checks.numbers, (ru, en))) == 2  # 1015 → 15, and 60 million → 60 billion


def test_names_after_an_initial_a_quote_and_with_a_double_s() -> None:
    base = [("Х.", "He met John F. Kelly and Mr. Kelly in Donbass, and then Kelly left Donbass for Donbass.")] * 2
    assert found(checks.names, *base, ("Х.", "John F. Kely spoke."), at="warning") == ["“Kely” here, “Kelly” elsewhere (6×)"]
    assert found(checks.names, *base, ("Х.", "Rebels of Donbas."), at="warning") == ["“Donbas” here, “Donbass” elsewhere (6×)"]
    # plurals stay apart; a sentence's first word the text writes in lower case is no name
    assert found(checks.names, ("Х.", "In the Americas and in America, the America"), at="warning") == []
    assert found(checks.names, *base, ("Х.", "There was Tory. And there."), ("Х.", "Then Three came."), at="warning") == []


def test_names_a_variant_after_an_opening_quote() -> None:
    pairs = [("Х.", "The Russia team met Russia's rivals, and Russia won.")] * 2
    assert found(checks.names, *pairs, ("Х.", "It joined the “Rusia” association."), at="warning") == [
        "“Rusia” here, “Russia” elsewhere (6×)"
    ]
