"""Short forms beside their longer form (issue 19): a phrase seen only near the same phrase with
a genitive complement is that concept («реальный сектор» of «реальный сектор экономики»), and
an acronym with its state's letter on is the contracted name it abbreviates («ЦБР», «Центробанк»)."""

from __future__ import annotations

from glossary.extraction.candidates import ACRONYM, NAME
from tests.support.candidates import candidate as _candidate


def test_a_phrase_seen_only_near_its_genitive_complemented_form_is_merged_into_it() -> None:
    """raw-dev: «реального сектора экономики» (sentence 151), «на реальном секторе» (162)."""
    from glossary.extraction.merging import merge_synonyms

    short = _candidate("реальный сектор", [162])
    full = _candidate("реальный сектор экономики", [151])
    merged = merge_synonyms([short, full])
    assert merged == [full] and full.synonyms == [short]


def test_a_short_phrase_of_its_own_or_beside_another_body_is_not_merged() -> None:
    from glossary.extraction.merging import complemented_by, merge_synonyms

    # Seen far from the longer form too: a concept of its own («государственный визит»).
    short, full = _candidate("реальный сектор", [10, 400]), _candidate("реальный сектор экономики", [12])
    assert merge_synonyms([short, full]) == [short, full] and not full.synonyms
    # Near, but in another document.
    short, full = _candidate("реальный сектор", [13]), _candidate("реальный сектор экономики", [12])
    assert merge_synonyms([short, full], documents=[0] * 13 + [1]) == [short, full]
    # A place, a territory or a person as the complement names another body or is free.
    for a, b in [
        ("налоговая служба", "налоговая служба России"),
        ("генеральная прокуратура", "генеральная прокуратура штата"),
        ("государственный визит", "государственный визит президента"),
    ]:
        assert not complemented_by(_candidate(a, [0]), _candidate(b, [0])), b
    assert complemented_by(_candidate("реальный сектор", [0]), _candidate("реальный сектор российской экономики", [0]))
    # Two longer forms: which one it shortens is not known.
    short = _candidate("пропускная способность", [5])
    fulls = [_candidate("пропускная способность коридора", [4]), _candidate("пропускная способность артерии", [6])]
    assert merge_synonyms([short, *fulls]) == [short, *fulls]


def test_an_acronym_with_the_state_letter_is_the_contracted_name_near_it() -> None:
    """raw-dev: «заявили Центробанк и Минэкономразвития» (131), «По мнению экспертов ЦБР» (133)."""
    from glossary.extraction.merging import merge_synonyms

    bank = _candidate("Центробанк", [131], NAME)
    acronym = _candidate("ЦБР", [133], ACRONYM)
    assert merge_synonyms([bank, acronym]) == [bank] and bank.synonyms == [acronym]
    bank, acronym = _candidate("Центробанк", [131], NAME), _candidate("ЦБР", [133, 500], ACRONYM)
    assert merge_synonyms([bank, acronym]) == [bank, acronym]  # seen far from it: not the evidence


def test_a_phrase_shortened_more_often_than_named_in_full_is_a_concept_of_its_own() -> None:
    """«Цифровая трансформация экономики продолжается», then «цифровую трансформацию» twice."""
    from glossary.extraction.merging import merge_synonyms

    short, full = _candidate("цифровая трансформация", [4, 5, 6]), _candidate("цифровая трансформация экономики", [4])
    assert merge_synonyms([short, full]) == [short, full]


def test_a_name_cut_short_is_merged_into_the_name_it_cuts() -> None:
    """«Госдеп» and «Госдепартамент» are one body; «Газпром» and «Газпромбанк» are two, because
    what the cut leaves («банк») is a word of its own."""
    from glossary.extraction.merging import clipped, merge_synonyms

    assert clipped("Госдеп", "Госдепартамент")
    assert not clipped("Газпром", "Газпромбанк") and not clipped("Росс", "Россельхозбанк")
    short = _candidate("Госдеп", [3, 90], NAME)
    full = _candidate("Госдепартамент", [40], NAME)
    assert merge_synonyms([short, full]) == [short] and short.synonyms == [full]
    bank = _candidate("Газпромбанк", [7], NAME)
    company = _candidate("Газпром", [5, 60], NAME)
    assert merge_synonyms([company, bank]) == [company, bank]


def test_a_court_named_without_its_level_adjective_is_merged_into_its_full_name() -> None:
    """«решением Лесногорского суда» two sentences from «Лесногорский районный суд приговорил»
    is that court: the full name is the headword, in the better place of the two."""
    from glossary.extraction.merging import level_dropped, merge_synonyms

    assert level_dropped("лесногорский суд", "лесногорский районный суд")
    assert level_dropped("заречный суд", "заречный городской суд")
    # a first word that is itself a level, or a kind of court in the middle: other courts
    assert not level_dropped("федеральный суд", "федеральный окружной суд")
    assert not level_dropped("высший суд", "высший арбитражный суд")
    assert not level_dropped("лесногорский суд", "лесногорский районный суд присяжных")
    short, full = _candidate("Лесногорский суд", [3, 9]), _candidate("Лесногорский районный суд", [7])
    assert merge_synonyms([short, full]) == [full] and full.synonyms == [short]
    # seen in another story: maybe another court of the town
    short, full = _candidate("Лесногорский суд", [3, 400]), _candidate("Лесногорский районный суд", [7])
    assert merge_synonyms([short, full]) == [short, full]
    # the city's court and the region's: which one is not known, merged into neither
    short = _candidate("Заречный суд", [5])
    city, region = _candidate("Заречный городской суд", [4]), _candidate("Заречный областной суд", [6])
    assert merge_synonyms([short, city, region]) == [short, city, region]


def test_a_phrase_seen_only_opening_sentences_is_a_name_where_its_contraction_is() -> None:
    """«Генеральная прокуратура Казахстана направила…», «Генеральная прокуратура Российской
    Федерации удовлетворила…», then «По данным Генпрокуратуры»: opening a sentence, the
    capital said nothing and the phrase was written in lower case; its contraction is a name."""
    from glossary.extraction.merging import merge_synonyms

    contraction = _candidate("Генпрокуратура", [4, 36], NAME)
    guessed = _candidate("генеральная прокуратура", [2, 3])
    guessed.case_unknown = True
    assert merge_synonyms([contraction, guessed]) == [contraction] and contraction.synonyms == [guessed]
    assert guessed.canonical == "Генеральная прокуратура"
    # a phrase the corpus writes in lower case mid-sentence is no name (as «газовая
    # промышленность» is not what «Газпром» contracts): not merged, not capitalised
    written, contraction = _candidate("генеральная прокуратура", [2, 3]), _candidate("Генпрокуратура", [4], NAME)
    assert merge_synonyms([contraction, written]) == [contraction, written] and written.canonical == "генеральная прокуратура"
