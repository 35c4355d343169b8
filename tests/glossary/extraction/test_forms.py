"""Canonical forms (issue 19): singular headwords with agreement unless the usage is
plural-only, no form made of an adjective read as a noun or of a fixed phrase's second word,
and the capitals the corpus writes."""

from __future__ import annotations

import pytest

from glossary.extraction.candidates import find_candidates
from glossary.extraction.morphology import agrees, fold, named_in_plural, parses, singular_share


def canonical_forms(sentences: list[str]) -> dict[str, str]:
    """Each candidate key's canonical form, chosen by the ranking from the occurrences' tallies."""
    from glossary.extraction.ranking import _candidate
    from glossary.extraction.tally import Tally

    tallies: dict[str, Tally] = {}
    for i, sentence in enumerate(sentences):
        for o in find_candidates(sentence, i):
            tallies.setdefault(o.key, Tally(o.kind, o.lemmas)).add(o)
    return {key: _candidate(key, tally).canonical for key, tally in tallies.items()}


@pytest.mark.parametrize(
    ("sentence", "key", "canonical"),
    [
        ("Рыночные цены на нефть растут.", "рыночный цена", "рыночная цена"),
        ("Торговые сети снизили наценки.", "торговый сеть", "торговая сеть"),
        ("Банки выдали необеспеченные кредиты.", "необеспеченный кредит", "необеспеченный кредит"),
        ("Граждане подали налоговые декларации.", "налоговый декларация", "налоговая декларация"),
        ("Процентные ставки снова выросли.", "процентный ставка", "процентная ставка"),
        ("Ввели импортные пошлины.", "импортный пошлина", "импортная пошлина"),
        # a noun general Russian writes in the plural mostly in set phrases (органы власти)
        ("Директора вошли в ревизионные органы холдинга.", "ревизионный орган", "ревизионный орган"),
        ("Тарифы подняли оптовые потребители.", "оптовый потребитель", "оптовый потребитель"),
        # plural-only usage of a noun mostly used in the plural, or plural-only in the dictionary
        ("Продлили антироссийские санкции.", "антироссийский санкция", "антироссийские санкции"),
        ("Потратили бюджетные средства.", "бюджетный средство", "бюджетные средства"),
        ("Прошли парламентские выборы.", "парламентский выборы", "парламентские выборы"),
        ("Подорожали жилищно-коммунальные услуги.", "жилищно-коммунальный услуга", "жилищно-коммунальные услуги"),
    ],
)
def test_plural_headwords_become_singular_unless_the_noun_is_named_in_the_plural(sentence: str, key: str, canonical: str) -> None:
    assert canonical_forms([sentence])[key] == canonical


def test_a_singular_occurrence_in_the_corpus_makes_the_headword_singular() -> None:
    forms = canonical_forms(["Продлили антироссийские санкции.", "Это антироссийская санкция."])
    assert forms["антироссийский санкция"] == "антироссийская санкция"


def test_the_singular_share_reads_only_forms_of_one_number() -> None:
    assert singular_share("выборы") == 0.0  # Pltm
    assert (singular_share("санкции") or 1.0) < 0.2 < 0.6 < (singular_share("цены") or 0.0)
    assert singular_share("быстро") is None
    assert named_in_plural("переговоры", "переговоры")
    assert not named_in_plural("рыночная цена", "рыночные цены")


def test_every_canonical_form_agrees_in_case_number_and_gender() -> None:
    sentences = [
        "Рыночные цены и торговые сети обсудили на форуме малого и среднего бизнеса.",
        "Всеобъемлющего стратегического партнерства достигли страны Евразийского экономического союза.",
        "Представители крупных торговых сетей и частные инвесторы встретились в Торгово-промышленной палате.",
        "Необеспеченные кредиты, налоговые декларации, процентные ставки и бюджетные средства.",
        "По данным Министерства иностранных дел, антироссийские санкции продлены.",
    ]
    for sentence in sentences:
        for o in find_candidates(sentence, 0):
            if o.kind != "phrase" or len(o.lemmas) != len(o.singular.split()):
                continue
            # adjectives first, then the head noun, then (noun-first phrases) its genitive complement
            words = o.singular.split()
            head = next(i for i, w in enumerate(words) if parses(w)[0].tag.POS == "NOUN")
            assert agrees(words[:head], words[head]), (sentence, o.singular)
    assert agrees(["рыночная"], "цена") and agrees(["бюджетные"], "средства")
    assert not agrees(["рыночный"], "цена") and not agrees(["рыночная"], "цены") and not agrees(["среднее"], "бизнеса")


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("Поддержка среднего бизнеса важна.", ["среднее бизнеса", "среднее", "поддержка среднего"]),
        ("Защита частного инвестора стала темой.", ["частное инвестора", "частное", "защита частного"]),
        ("Прошел форум малого и среднего бизнеса.", ["форум малого", "малое", "среднее"]),
        ("С точки зрения комиссии это нарушение.", ["зрение комиссии", "зрение"]),
        ("Он сказал, что в сентябре программы будут запущены.", ["сентябрь программы", "сентябрь"]),
        ("Цены выросли на 5% в годовом выражении.", ["годовое выражение", "выражение"]),
        ("Тарифы вырастут в среднесрочной перспективе.", ["среднесрочная перспектива", "перспектива"]),
    ],
)
def test_no_form_of_an_adjective_read_as_a_noun_or_of_a_fixed_phrase(sentence: str, wrong: list[str]) -> None:
    forms = {fold(o.singular) for o in find_candidates(sentence, 0)}
    assert not forms & set(wrong), forms


def test_a_horizon_named_outside_the_adverbial_phrase_is_a_phrase() -> None:
    forms = {o.singular for o in find_candidates("Среднесрочная перспектива рынка неясна.", 0)}
    assert "среднесрочная перспектива" in {f.lower() for f in forms}


def test_the_adjective_still_makes_its_phrase() -> None:
    forms = {o.singular for o in find_candidates("Поддержка среднего бизнеса и защита частного инвестора.", 0)}
    assert {"средний бизнес", "частный инвестор", "поддержка среднего бизнеса"} <= forms


@pytest.mark.parametrize(
    ("sentences", "key", "canonical"),
    [
        # a capital at the start of a sentence does not vote; mid-sentence spellings do, a tie to the capitals
        (["Налоговая служба заявила об этом.", "Заявление налоговой службы."], "налоговый служба", "налоговая служба"),
        (
            ["Налоговая служба заявила.", "Налоговая служба сказала.", "Заявление Налоговой службы."],
            "налоговый служба",
            "Налоговая служба",
        ),
        (["Налоговая служба заявила об этом."], "налоговый служба", "налоговая служба"),
        # a party name in quotes, or at a sentence start, keeps its first capital
        (["Депутаты партии «Справедливая Россия» голосовали."], "справедливый россия", "Справедливая Россия"),
        (["Справедливая Россия выступила против."], "справедливый россия", "Справедливая Россия"),
        # as written: «Верховная рада», not «Верховная Рада»
        (["Депутаты Верховной рады проголосовали."], "верховный рада", "Верховная рада"),
    ],
)
def test_capitals_are_the_corpus_s_own(sentences: list[str], key: str, canonical: str) -> None:
    assert canonical_forms(sentences)[key] == canonical
