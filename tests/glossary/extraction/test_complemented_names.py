"""Long institution names built whole, and their short forms folded into them (issue 19):
«Агентство по охране окружающей среды» came out as «агентство» and «охрана окружающей среды»,
«Национальный комитет Республиканской партии» as «Национальный комитет»."""

from __future__ import annotations

from glossary.extraction.candidates import WORD, complemented_names, find_candidates
from glossary.extraction.morphology import words
from tests.support.candidates import candidate as _candidate


def _names(sentence: str) -> list[str]:
    return [o.singular for o in complemented_names(sentence, words(sentence), 0)]


def test_an_institution_with_a_prepositional_complement_is_built_whole() -> None:
    assert _names("Жалобу рассмотрело Управление по делам ветеранов войны в среду.") == ["Управление по делам ветеранов войны"]
    assert _names("Заявление сделал Совет при губернаторе по вопросам культуры.") == [
        "Совет при губернаторе по вопросам культуры"
    ]
    # The head phrase goes into the nominative; the complement stays as written.
    assert _names("Члены городского комитета по охране лесов собрались.") == ["городской комитет по охране лесов"]
    found = {o.singular for o in find_candidates("Члены городского комитета по охране лесов собрались.", 0)}
    assert "городской комитет по охране лесов" in found


def test_a_capitalised_genitive_complement_makes_a_name() -> None:
    assert _names("Об этом объявил Краевой комитет Зелёной партии вчера.") == ["Краевой комитет Зелёной партии"]
    assert _names("Иск подал Северный союз защиты морских птиц (СЗМП).") == ["Северный союз защиты морских птиц"]
    # Lower case, the head is a meeting or a part of the body the genitive names.
    assert _names("Прошло внеочередное собрание Городского совета.") == []


def test_a_complemented_name_stops_where_a_name_cannot_go_on() -> None:
    # A comma, a bracket, a verb, a date, a place or a person ends it.
    assert _names("Комиссия по делам молодежи, как сообщалось, закрыта.") == ["комиссия по делам молодежи"]
    assert _names("Комиссия по делам молодежи 2015 года закрыта.") == ["комиссия по делам молодежи"]
    assert _names("Служба по делам молодежи Москвы закрыта.") == ["служба по делам молодежи"]
    assert _names("Указ подписал Совет по делам молодежи Российской Федерации.") == ["Совет по делам молодежи"]
    # A lower-case genitive alone is noun_phrases' business; a post or a law is no institution.
    assert _names("Служба охраны лесов закрыта.") == []
    assert _names("Министр по делам молодежи уехал.") == []
    assert len(_names("Совет по делам очень старых больших новых морских рыбных промысловых судов закрыт.")[0].split()) <= 8


def test_a_short_form_seen_only_near_its_long_name_is_folded_into_it() -> None:
    from glossary.extraction.merging import fold_short_forms

    full = _candidate("Краевая служба охраны лесов", [10, 40])
    short = _candidate("служба охраны лесов", [12, 41])  # left adjective dropped
    cut = _candidate("Краевая служба", [40])  # complement dropped
    bare = _candidate("служба", [11, 42], WORD)  # the bare institution noun
    folded = fold_short_forms([short, cut, bare, full])
    assert folded == [full]
    assert full.synonyms == [short, cut]


def test_a_short_form_of_its_own_or_of_two_institutions_stays() -> None:
    from glossary.extraction.merging import fold_short_forms

    # Seen far from the long name too: a concept of its own.
    full, short = _candidate("Краевая служба охраны лесов", [10]), _candidate("служба охраны лесов", [12, 300, 500])
    assert fold_short_forms([short, full]) == [short, full]
    # A single word that names no institution is a term of its own beside its phrase.
    word = _candidate("санкции", [11], WORD)
    assert word in fold_short_forms([word, _candidate("торговые санкции", [11])])
    # Two long names explain it, the other also in a story of its own: another institution.
    a, b = _candidate("Краевая служба охраны лесов", [10, 11]), _candidate("Городская служба охраны лесов", [13, 600])
    short = _candidate("служба охраны лесов", [12])
    assert fold_short_forms([short, a, b]) == [short, a, b] and not a.synonyms and not b.synonyms
    # The other seen only beside it: one institution named two ways, folded into the more frequent.
    a, b = _candidate("Краевая служба охраны лесов", [10, 11]), _candidate("Городская служба охраны лесов", [13])
    short = _candidate("служба охраны лесов", [12])
    assert fold_short_forms([short, a, b]) == [a, b] and a.synonyms == [short]


def test_a_piece_of_the_complement_is_dropped_only_where_it_is_only_seen_inside() -> None:
    from glossary.extraction.merging import fold_short_forms

    full = _candidate("Краевая служба охраны лесов", [10, 40])
    piece = _candidate("охрана лесов", [10, 40])
    assert fold_short_forms([piece, full]) == [full] and not full.synonyms
    # Also a few sentences after: the story goes on about the concept itself.
    full = _candidate("Краевая служба охраны лесов", [10, 40])
    piece = _candidate("охрана лесов", [10, 12, 41])
    assert fold_short_forms([piece, full]) == [piece, full]


def test_a_preposition_after_a_genitive_complement_is_no_part_of_the_name() -> None:
    # «Совет Безопасности для прессы», «Комитет Зелёной партии по …»: the body's work or audience.
    assert _names("Заявление Краевого комитета Зелёной партии по итогам выборов вышло.") == ["Краевой комитет Зелёной партии"]
    # Specificity is measured up to the first preposition: the field stays in the key only.
    (o,) = complemented_names(
        "Работает Совет при губернаторе по вопросам культуры.", words("Работает Совет при губернаторе по вопросам культуры."), 0
    )
    assert "по" in o.key.split() and o.lemmas == ("совет",)
    sentence = "Работает Краевой комитет Зелёной партии."
    (o,) = complemented_names(sentence, words(sentence), 0)
    assert o.lemmas == ("краевой", "комитет", "зеленый", "партия")


def test_a_body_named_in_the_complement_stays() -> None:
    from glossary.extraction.merging import fold_short_forms

    full = _candidate("Краевой комитет Зелёной партии", [10, 40])
    party = _candidate("Зелёная партия", [10, 40])
    assert fold_short_forms([party, full]) == [party, full]


def test_a_story_repeats_the_name_without_its_left_adjective() -> None:
    from glossary.extraction.merging import fold_short_forms

    # Named in full once, then shortened four times over a long story: folded.
    full = _candidate("Краевая служба охраны лесов", [100])
    short = _candidate("служба охраны лесов", [102, 105, 110, 125])
    assert fold_short_forms([short, full]) == [full] and full.synonyms == [short]
    # Its complement dropped as often, the head phrase is a concept of its own.
    full = _candidate("Краевая служба охраны лесов", [100])
    cut = _candidate("Краевая служба", [102, 105, 110])
    assert fold_short_forms([cut, full]) == [cut, full]


def test_a_bare_institution_noun_of_several_named_bodies_is_dropped() -> None:
    from glossary.extraction.merging import fold_short_forms

    forest = _candidate("Краевая служба охраны лесов", [10])
    water = _candidate("Городская служба водоснабжения", [200])
    bare = _candidate("служба", [11, 201], WORD)
    assert fold_short_forms([bare, forest, water]) == [forest, water] and not forest.synonyms
    # Seen on its own in another story too: kept.
    bare = _candidate("служба", [11, 201, 900], WORD)
    assert bare in fold_short_forms([bare, forest, water])


def test_a_generic_phrase_is_no_name_to_fold_into() -> None:
    from glossary.extraction.merging import fold_short_forms

    full, short = _candidate("совокупная ставка налога", [10]), _candidate("ставка налога", [12])
    assert fold_short_forms([short, full]) == [short, full]


def test_a_bare_institution_noun_beside_a_common_phrase_stays() -> None:
    from glossary.extraction.merging import fold_short_forms

    bare = _candidate("служба", [11], WORD)
    assert bare in fold_short_forms([bare, _candidate("служба охраны лесов", [10])])


def test_a_contraction_with_a_connecting_vowel_before_its_last_part() -> None:
    from glossary.extraction.merging import contracts

    assert contracts("Минэнерго", "Министерство энергетики")
    assert contracts("Минфин", "министерство финансов")
    assert not contracts("Минэнерго", "Министерство экономики")


def test_a_bare_institution_noun_heading_many_names_is_a_kind_of_body() -> None:
    from glossary.extraction.merging import fold_short_forms

    names = [_candidate(f"{a} служба охраны лесов", [k]) for a, k in (("Краевая", 10), ("Городская", 200), ("Лесная", 400))]
    bare = _candidate("служба", [11, 201, 401, 700], WORD)  # once of a body named in quotes
    assert fold_short_forms([bare, *names]) == names
    # Of one or two names, «nearly all» holds: seen once elsewhere in four, it stays.
    assert bare in fold_short_forms([bare, *names[:2]])


def test_a_bilateral_body_keeps_its_two_sides() -> None:
    # «Делового совета» alone, a piece of the council's name, was ranked (dev, newstest2017).
    assert _names("Он председатель Делового совета Куба-Россия в Торгово-промышленной палате.") == ["Деловой совет Куба-Россия"]
    # Sides written with a spaced dash keep it, and a complement after them goes on the name.
    assert _names("Прошло заседание Межправительственной комиссии Россия – Казахстан по торговле.") == [
        "Межправительственная комиссия Россия – Казахстан по торговле"
    ]
    # A pair makes a name in lower case too, and both spellings are one key.
    hyphen = complemented_names("Работает комиссия Россия-Казахстан.", words("Работает комиссия Россия-Казахстан."), 0)
    dash = complemented_names("Работает комиссия Россия – Казахстан.", words("Работает комиссия Россия – Казахстан."), 0)
    assert [o.singular for o in hyphen] == ["комиссия Россия-Казахстан"] and hyphen[0].key == dash[0].key
    # The sides are places, of no specificity: the head phrase is measured.
    assert hyphen[0].lemmas == ("комиссия",)
    # Two words that are not both places, or not joined by a dash, are no sides.
    assert _names("Работает комиссия Россия и Казахстан.") == []
    assert _names("Работает комиссия Иванов-Петров.") == []
