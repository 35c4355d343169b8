"""Headwords in their dictionary form (issue 19, stop 8): an unknown clipped name in the case
its governing noun gives it, a quoted name with its capitals and its letters, no capitalised
common noun cut out of a longer name, and an institution's head noun in the case the corpus
writes it by itself. Made-up names and sentences throughout."""

from __future__ import annotations

from glossary.extraction.candidates import find_candidates
from glossary.extraction.entities import Entity, organisations
from glossary.extraction.ranking import _candidate, _common_head, written_in_lower_case
from glossary.extraction.tally import Tally
from tests.support.ranking import ranked_canonicals


def _organisation(sentence: str, text: str) -> list[tuple[str, str]]:
    """The (key, headword) of the one-word ORG span `text` of `sentence`, read in its sentence."""
    found = [[Entity(text, "ORG", start=sentence.find(text))]]
    return [(o.key, o.singular) for o in organisations(found, [sentence])]


def _forms(sentences: list[str]) -> dict[str, str]:
    """Each candidate key's headword, chosen from the tallies as the ranking chooses it."""
    tallies: dict[str, Tally] = {}
    for i, sentence in enumerate(sentences):
        for o in find_candidates(sentence, i):
            tallies.setdefault(o.key, Tally(o.kind, o.lemmas)).add(o)
    lower = written_in_lower_case(tallies)
    return {key: _candidate(key, tally, lower=lower).canonical for key, tally in tallies.items()}


def test_an_unknown_name_after_a_governing_noun_is_read_in_the_genitive() -> None:
    # pymorphy3 guesses «Агрофеда» a feminine nominative; after «комиссия» it is the genitive of «Агрофед».
    assert _organisation("Вчера комиссия Агрофеда одобрила проект.", "Агрофеда") == [("агрофед", "Агрофед")]
    assert _organisation("Решение представителя Минреза отменили.", "Минреза") == [("минрез", "Минрез")]


def test_a_name_in_a_is_left_as_it_is_without_a_governing_noun_or_when_known() -> None:
    assert _organisation("Вчера Агрофеда объявила конкурс.", "Агрофеда") == [("агрофеда", "Агрофеда")]
    assert _organisation("Вчера комиссия Думы одобрила проект.", "Думы") == [("дума", "Дума")]
    # Without its sentence the span is read alone, as before.
    assert [o.key for o in organisations([[Entity("Агрофеда", "ORG")]])] == ["агрофеда"]


def test_a_capitalised_common_noun_that_opens_a_longer_name_is_no_name() -> None:
    assert _organisation("Доклад подготовила Комиссия Сената по бюджету.", "Комиссия") == []
    assert _organisation("Проект одобрила Комиссия по тарифам.", "Комиссия") == []
    # Alone, or owned by a state, it stays a name.
    assert _organisation("Проект одобрила Комиссия.", "Комиссия") == [("комиссия", "Комиссия")]
    assert _organisation("Проект одобрил Сенат Франции.", "Сенат") == [("сенат", "Сенат")]
    # A bracketed aside between the head and its complement: the complement still follows.
    assert _organisation("Член Коллегии (министр) по таможенному сотрудничеству выступил.", "Коллегии") == []


def test_a_quoted_name_keeps_the_letters_written_not_a_guessed_persons_name() -> None:
    forms = _forms(['Проверку провели в мечетях "Тавлер" и "Мирлер".'])
    assert forms["тавлер"] == "Тавлер" and forms["мирлер"] == "Мирлер"


def test_a_phrase_that_fills_its_quotes_keeps_its_capital() -> None:
    forms = _forms(['Фонд присоединяет фонды "Северный капитал" и "Зелёная долина".'])
    assert forms["северный капитал"] == "Северный капитал"
    assert forms["зеленый долина"] == "Зелёная долина"
    # A quote that goes on past the phrase is a citation: its first capital says nothing.
    assert _forms(['"Налоговая реформа продолжится", - сказал он.'])["налоговый реформа"] == "налоговая реформа"


def test_an_institutions_head_takes_the_case_the_corpus_writes_it_in_by_itself() -> None:
    sentences = ["Проверку провела Краевая Инспекция.", "Эта инспекция работает давно.", "Сотрудники инспекции уехали."]
    assert _forms(sentences)["краевой инспекция"] == "Краевая инспекция"
    # Seen with a capital only, the head keeps it; so does a complement after a head that opens the name.
    assert _forms(sentences[:1])["краевой инспекция"] == "Краевая Инспекция"
    assert _common_head("Совет Старейшин", frozenset({"совет", "старейшина"})) == "Совет Старейшин"
    assert _common_head("Краевой Совет Старейшин", frozenset({"совет"})) == "Краевой совет Старейшин"


def test_a_quoted_title_in_a_form_only_the_plural_has_keeps_its_number() -> None:
    # «Ведомостей» can only be plural: the title is «Ведомости», a newspaper, not «Ведомость»
    forms = _forms(["Так говорит собеседник «Ведомостей» в министерстве.", "Об этом пишут «Сводках»."])
    assert forms["«ведомость»"] == "Ведомости"
    assert forms["«сводка»"] == "Сводки"
    # a form the singular also has stays singular: «у "Полюса"» is Полюс's
    assert _forms(["У «Полюса» половина долей."])["«полюс»"] == "Полюс"


def test_a_general_adjective_that_opens_a_name_is_the_names() -> None:
    # «высший» is read as a form of «высокий», an evaluative adjective trimmed from a phrase's
    # left edge; capitalised as a name's first word, it is the name's (madeup-test4).
    forms = set(
        _forms(
            [
                "Решение утвердил Высший Евразийский экономический совет.",
                "Высший Евразийский экономический совет собрался в Минске.",
                "Об этом сообщило Главное управление по вопросам миграции.",
                "Стороны обсудили высокий уровень доверия.",
            ]
        ).values()
    )
    assert "Высший Евразийский экономический совет" in forms
    assert "Главное управление по вопросам миграции" in forms
    assert "высокий уровень" not in forms  # in lower case it still qualifies
    # ranked, the cut name is a fragment of the whole, which holds all its sightings
    ranked = ranked_canonicals(
        ["Решение утвердил Высший Евразийский экономический совет.", "Высший Евразийский экономический совет собрался в Минске."]
    )
    assert "Высший Евразийский экономический совет" in ranked
    assert "Евразийский экономический совет" not in ranked


def test_a_superlative_keeps_its_own_stem_in_the_nominative() -> None:
    # pymorphy3's paradigm of «высокий» holds «высший» and «высочайший»; inflect picks the first.
    from glossary.extraction.morphology import inflect, parses

    assert inflect(parses("высшего")[0], {"nomn", "sing", "masc"}) == "высший"
    assert inflect(parses("высшая")[0], {"nomn", "plur"}) == "высшие"
    assert inflect(parses("высочайшего")[0], {"nomn", "sing", "masc"}) == "высочайший"
    assert inflect(parses("крупнейшей")[0], {"nomn", "sing", "masc"}) == "крупнейший"


def test_a_names_end_is_not_cut_inside_a_following_name() -> None:
    forms = set(
        _forms(
            [
                # an acronym after a capitalised body: that body's owner, part of the name
                "Заседание Консультативного комитета по миграционной политике при Коллегии ЕЭК прошло в Москве.",
                # a place after the complement's noun is that noun's name: the complement is left out
                "Иск подан в отдел Высшего суда по округу Мекленбург.",
                # a complement whose noun is no body's name keeps its end
                "Комитет по финансовым рынкам ЕАЭС соберется в Бишкеке.",
            ]
        ).values()
    )
    assert "Консультативный комитет по миграционной политике при Коллегии ЕЭК" in forms
    assert "Консультативный комитет по миграционной политике при Коллегии" not in forms
    assert not any(f.startswith("Высший суд по") for f in forms)
    assert "комитет по финансовым рынкам" in {f.lower() for f in forms}
    assert "комитет по финансовым рынкам ЕАЭС" not in {f for f in forms}


def test_a_single_system_keeps_its_single() -> None:
    # «единый» classifies («единая энергетическая система», «единая региональная система
    # ПВО»: madeup-test6), it does not praise: no longer trimmed as a general adjective
    forms = set(_forms(["Дежурные силы единой региональной системы противовоздушной обороны провели тренировку."]).values())
    assert "единая региональная система противовоздушной обороны" in forms
