"""Issue 19: the English span word-aligned to a term, no context word, no neighbour's
translation; reference-list conflicts flagged and not approved; РФ is the Russian Federation."""

from __future__ import annotations

from pathlib import Path

from glossary.build import Unit, build_glossary
from glossary.entries import APPROVED
from glossary.equivalents.aligned import AlignedEvidence
from glossary.equivalents.choose import agrees_with_reference
from glossary.extraction.morphology import lemma_key
from glossary.extraction.reference import reference_index
from glossary.formats import read_glossary, write_glossary
from tm.memory.tmx import ORIGIN_ALIGNMENT
from tm.mt.cache import TranslationCache

# УК РФ is "the Russian Criminal Code": "Russian" belongs to РФ, not to УК. РИА Новости is
# quoted after "told", which belongs to сообщил. КХЛ stands beside регулярный чемпионат.
PAIRS = [
    ("Статья 105 УК РФ предусматривает наказание.", "Article 105 of the Russian Criminal Code provides for punishment."),
    ("Суд применил УК РФ к обвиняемому.", "The court applied the Russian Criminal Code to the defendant."),
    ("Депутаты изменили УК РФ в среду.", "The deputies amended the Russian Criminal Code on Wednesday."),
    ("Новый УК вступил в силу.", "The new Criminal Code came into force."),
    ("Граждане РФ голосовали.", "Russian citizens voted."),
    ("Банки РФ выросли.", "Russian banks grew."),
    ("Об этом сообщил РИА Новости министр.", "The minister told RIA Novosti about it."),
    ("Как сообщил РИА Новости источник, сделка готова.", "A source told RIA Novosti that the deal is ready."),
    ("РИА Новости опубликовало данные.", "RIA Novosti published the data."),
    ("Министр сообщил о решении.", "The minister told of the decision."),
    ("Источник сообщил о сделке.", "A source told of the deal."),
    ("КХЛ завершила регулярный чемпионат.", "The KHL completed the regular season."),
    ("Регулярный чемпионат КХЛ начался.", "The KHL regular season began."),
    ("В КХЛ играют двадцать команд.", "Twenty teams play in the KHL."),
    ("Регулярный чемпионат длится полгода.", "The regular season lasts half a year."),
    ("Регулярный чемпионат закончился.", "The regular season is over."),
]


def _evidence(keys: list[str]) -> AlignedEvidence:
    units = {k: [i for i, (ru, _) in enumerate(PAIRS) if k.split()[0][:3] in ru.lower()] for k in keys}
    return AlignedEvidence(units, {i: en for i, (_, en) in enumerate(PAIRS)}, {i: ru for i, (ru, _) in enumerate(PAIRS)})


def test_no_context_word_is_attached() -> None:
    evidence = _evidence(["ук", "риа новости"])
    code = evidence.equivalent("ук")
    assert code is not None and code.text == "Criminal Code"  # not "Russian Criminal Code"
    ria = evidence.equivalent("риа новости")
    assert ria is not None and ria.text == "RIA Novosti"  # not "told RIA Novosti"


def test_the_neighbours_translation_is_not_chosen() -> None:
    evidence = _evidence(["кхл", "регулярный чемпионат"])
    khl = evidence.equivalent("кхл")
    assert khl is not None and khl.text == "KHL"  # not "regular season"
    season = evidence.equivalent("регулярный чемпионат")
    assert season is not None and season.text == "regular season"


def test_agreement_with_the_reference_list() -> None:
    assert agrees_with_reference("EU", ["EU", "European Union"])
    assert agrees_with_reference("European Union", ["EU", "European Union"])
    assert agrees_with_reference("Foreign Ministry", ["MFA", "Ministry of Foreign Affairs"])
    assert not agrees_with_reference("Russia", ["Russian Federation"])


def test_rf_is_the_russian_federation_with_russia_as_a_variant() -> None:
    entry, _ = reference_index()[lemma_key("РФ")]
    assert (entry.en, entry.en_full, entry.en_variants) == ("Russian Federation", "Russian Federation", ("Russia",))
    glossary = build_glossary([Unit("Президент РФ выступил.", "", "doc.txt", "1")], None, TranslationCache(None))
    rf = next(e for e in glossary.entries if e.terms_in("ru")[0].text == "РФ")
    english = rf.terms_in("en")
    assert [(t.text, t.term_type, t.status) for t in english] == [("Russian Federation", "fullForm", APPROVED)]
    assert english[0].variants == ["Russia"] and not rf.note


def test_a_conflict_with_the_reference_list_is_kept_flagged_and_not_approved(tmp_path: Path) -> None:
    # The human English says "import replacement" every time; the list says "import substitution".
    pairs = [
        ("Программа импортозамещения работает.", "The import replacement programme works."),
        ("Импортозамещение дало результаты.", "Import replacement has given results."),
        ("Правительство поддержало импортозамещение.", "The government supported import replacement."),
        ("Политика импортозамещения продолжится.", "The import replacement policy will continue."),
        ("Заводы ведут импортозамещение.", "Factories carry out import replacement."),
        ("Программа работает.", "The programme works."),
        ("Правительство решило.", "The government decided."),
    ]
    units = [Unit(ru, en, "doc.txt", str(i), ORIGIN_ALIGNMENT) for i, (ru, en) in enumerate(pairs)]
    glossary = build_glossary(units, None, TranslationCache(None))
    entry = next(e for e in glossary.entries if e.terms_in("ru")[0].text.lower() == "импортозамещение")
    english = entry.terms_in("en")
    assert [(t.text, t.origin) for t in english] == [("import substitution", "reference"), ("import replacement", "aligned")]
    assert entry.status != APPROVED and all(t.status != APPROVED for t in english)
    assert "conflict" in entry.note and "import replacement" in entry.note
    for suffix in (".tbx", ".csv", ".po"):
        path = tmp_path / f"g{suffix}"
        write_glossary(glossary, path)
        assert "conflict" in path.read_text(encoding="utf-8"), suffix
        again = next(e for e in read_glossary(path).entries if e.id == entry.id)
        assert again.note == entry.note, suffix
        assert again.status != APPROVED, suffix


def test_human_english_that_agrees_with_the_list_is_no_conflict() -> None:
    pairs = [
        (f"Президент РФ выступил в {w}.", f"The President of Russia spoke in {e}.")
        for w, e in [("Москве", "Moscow"), ("Казани", "Kazan"), ("Омске", "Omsk"), ("Туле", "Tula"), ("Сочи", "Sochi")]
    ]
    units = [Unit(ru, en, "doc.txt", str(i), ORIGIN_ALIGNMENT) for i, (ru, en) in enumerate(pairs)]
    glossary = build_glossary(units, None, TranslationCache(None))
    rf = next(e for e in glossary.entries if e.terms_in("ru")[0].text == "РФ")
    assert rf.status == APPROVED and not rf.note  # "Russia" is the list's own variant
