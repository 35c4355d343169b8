"""Issue 19, R2: generic single words and free modifiers out of the ranked top.

A word of every topic (граница, безопасность) no longer enters by the domain-word path, a
domain word (налог, санкция) still does; a phrase with a reference, temporal or numeric
adjective (очередной саммит, январский пленум, пятилетний срок) is dropped, a real term of a
similar form (первый заместитель, годовой отчет, текущий счет) survives; a negated gradable
adjective (немалый вклад) evaluates."""

from __future__ import annotations

from glossary.extraction.candidates import PHRASE
from glossary.extraction.frequency import general_zipf, lexeme_zipf
from glossary.extraction.keeping import evaluative, free_modifier_phrase, generic_word
from glossary.extraction.morphology import free_modifier, qualitative
from glossary.extraction.ranking import Candidate
from tests.support.ranking import extractor_ranking, ranked_keys


def test_a_word_of_every_topic_is_generic_counting_all_its_forms() -> None:
    # The dictionary form hides it (граница 4.2 like налог 4.2): its lexeme does not.
    assert lexeme_zipf("граница") > general_zipf("граница") + 1
    for word in ("граница", "безопасность", "сфера", "сторона", "позиция"):
        assert generic_word(word), word
    for word in ("налог", "санкция", "законопроект", "бюджет", "торговля", "референдум"):
        assert not generic_word(word), word
    # a word that names a post or an institution is a domain word whatever its frequency
    assert not generic_word("посол") and not generic_word("министерство")


def test_a_generic_single_word_is_dropped_a_domain_one_kept() -> None:
    sentences = [
        "Правительство обсудило налог и границу с Казахстаном.",
        "Парламент утвердил новый налог на импорт, граница закрыта.",
        "Министр финансов предложил снизить налог, граница остается открытой.",
        "Депутаты обсудили налог на экспорт и охрану границы.",
    ]
    ranked = [c.key for c in extractor_ranking(sentences)]
    assert "налог" in ranked
    # as frequent and, in four sentences, as specific: only the lexeme's frequency tells them apart
    assert "граница" not in ranked


def test_free_modifiers_are_closed_classes() -> None:
    for word in ("аналогичный", "указанный", "вышеупомянутый", "очередной", "нынешний", "предыдущий"):
        assert free_modifier(word) == "reference", word
    for word in ("январский", "декабрьский", "вчерашний", "прошлогодний"):
        assert free_modifier(word) == "temporal", word
    for word in ("пятилетний", "двухлетний", "трехмесячный", "десятидневный", "стопроцентный", "двукратный"):
        assert free_modifier(word) == "numeric", word
    # ordinals, relational adjectives of a unit, numerals of sides are no free modifiers
    for word in ("первый", "годовой", "текущий", "двусторонний", "налоговый", "полугодовой"):
        assert free_modifier(word) is None, word


def test_a_phrase_with_a_free_modifier_is_dropped_a_real_term_of_similar_form_kept() -> None:
    def phrase(lemmas: str, canonical: str) -> Candidate:
        return Candidate(lemmas, PHRASE, canonical, 3, lemmas=tuple(lemmas.split()))

    assert free_modifier_phrase(phrase("очередной саммит", "очередной саммит"))
    assert free_modifier_phrase(phrase("санкция указанный статья", "санкция указанной статьи"))
    assert free_modifier_phrase(phrase("пятилетний срок", "пятилетний срок"))
    # a person's former post is the post («бывший депутат горсовета»: raw-dev's #55)
    assert free_modifier_phrase(phrase("бывший депутат горсовет", "бывший депутат горсовета"))
    for lemmas in ("первый заместитель", "текущий счет", "годовой отчет"):
        assert not free_modifier_phrase(phrase(lemmas, lemmas)), lemmas

    sentences = [
        "Очередной саммит ШОС прошел в Астане, министры утвердили годовой отчет.",
        "Очередной саммит обсудил торговлю, а годовой отчет правительства одобрен парламентом.",
        "Пятилетний срок полномочий парламента истекает, годовой отчет опубликован.",
        "Пятилетний срок полномочий президента, годовой отчет министерства финансов.",
    ]
    ranked = ranked_keys(sentences)
    assert "годовой отчет" in ranked
    assert not {"очередной саммит", "пятилетний срок"} & ranked


def test_a_negated_gradable_adjective_evaluates() -> None:
    # pymorphy3 tags малый Qual but not немалый: the negation of a gradable adjective is gradable
    assert qualitative("немалый") and evaluative("немалый вклад")
    # a negated relational adjective is none: «неправительственная организация» is a term
    assert not qualitative("неправительственная") and not evaluative("неправительственная организация")
    assert not evaluative("налоговая служба")


def test_a_single_words_margin_is_that_of_the_forms_it_was_seen_in() -> None:
    # navec's vector of a rare dictionary form is noisy: «полномочие» is nearer other topics
    # (−0.01) than «полномочия» (0.25), the form the news writes; «беженец» (−0.06) than
    # «беженцев» (0.07). The forms seen speak for the word.
    from glossary.extraction.candidates import WORD
    from glossary.extraction.keeping import WORD_DOMAIN, domain_word, word_margin

    seen = Candidate("полномочие", WORD, "полномочия", 5, variants=["полномочия", "полномочий"], lemmas=("полномочие",))
    unseen = Candidate("полномочие", WORD, "полномочие", 5, variants=[], lemmas=("полномочие",))
    margin, fallback = word_margin(seen), word_margin(unseen)
    assert margin is not None and fallback is not None
    assert margin >= WORD_DOMAIN > fallback
    assert domain_word(seen) and not domain_word(unseen)
