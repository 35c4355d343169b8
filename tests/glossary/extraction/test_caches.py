"""The analyses the candidate finder caches (words of a sentence, nominative forms) are keyed by
everything the answer depends on: a cached answer must be the answer."""

from __future__ import annotations


def test_words_are_a_fresh_list_each_time() -> None:
    from glossary.extraction.morphology import words

    sentence = "Стороны обсудили торгово-экономическое сотрудничество."
    first = words(sentence)
    first.pop()
    assert len(words(sentence)) == len(first) + 1


def test_a_long_sentence_is_split_but_not_kept() -> None:
    from glossary.extraction import morphology

    sentence = " ".join(["сотрудничество"] * 200)  # longer than the cached length
    before = morphology._words.cache_info().currsize
    assert len(morphology.words(sentence)) == 200
    assert morphology._words.cache_info().currsize == before


def test_a_phrase_is_cased_by_where_it_stands_not_by_its_first_sighting() -> None:
    """One phrase, one analysis, two casings: mid-sentence its capital is the writer's,
    at the start it is the sentence's (candidates._cased)."""
    from glossary.extraction.candidates import PHRASE, find_candidates

    def phrases(sentence: str) -> set[str]:
        return {o.singular for o in find_candidates(sentence, 0) if o.kind == PHRASE}

    assert "Таможенный союз" in phrases("Страны создали Таможенный союз.")
    assert "таможенный союз" in phrases("Таможенный союз начал работу.")
    assert "Таможенный союз" in phrases("Россия вступила в Таможенный союз.")
