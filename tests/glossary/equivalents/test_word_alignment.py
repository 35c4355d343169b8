"""Issue 19: the English span word-aligned to a term, no context word, no neighbour's
translation; reference-list conflicts flagged and not approved; РФ is the Russian Federation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

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


def _unchunked_tables(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tables as the EM over whole-memory arrays made them before it went chunk by chunk:
    every occurrence's pair and groups at once, one bincount a round."""
    from glossary.equivalents import word_alignment as wa

    ru_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    sides = []
    for source, target in pairs:
        ru = {ru_ids.setdefault(wa.russian_key(w), len(ru_ids)) for w in wa.RU_WORD.findall(source)}
        en = {en_ids.setdefault(wa.english_key(w), len(en_ids)) for w in wa.EN_WORD.findall(target)}
        if ru and en:
            sides.append((np.fromiter(ru, np.int64, len(ru)), np.fromiter(en, np.int64, len(en))))
    null_r, null_e, width = len(ru_ids), len(en_ids), len(en_ids) + 1
    rs, es, g_e, g_r = [], [], [], []
    base_e = base_r = 0
    for r, e in sides:
        rr, ee = np.append(r, null_r), np.append(e, null_e)
        rs.append(np.repeat(rr, len(ee)))
        es.append(np.tile(ee, len(rr)))
        g_e.append(base_e + np.tile(np.arange(len(ee)), len(rr)))
        g_r.append(base_r + np.repeat(np.arange(len(rr)), len(ee)))
        base_e, base_r = base_e + len(ee), base_r + len(rr)
    codes, pair = np.unique(np.concatenate(rs) * width + np.concatenate(es), return_inverse=True)
    pair_r, pair_e = codes // width, codes % width

    def em(group: np.ndarray, groups: int, given: np.ndarray, null_target: np.ndarray) -> np.ndarray:
        keep = ~null_target[pair]
        p, g = pair[keep], group[keep]
        t = np.ones(len(codes))
        t[null_target] = 0.0
        for _ in range(wa.ITERATIONS):
            values = t[p]
            total = np.bincount(g, values, minlength=groups)
            counts = np.bincount(p, values / np.maximum(total[g], 1e-300), minlength=len(codes))
            t = counts / np.maximum(np.bincount(given, counts)[given], 1e-300)
        return t

    t_er = em(np.concatenate(g_e), base_e, pair_r, pair_e == null_e)
    t_re = em(np.concatenate(g_r), base_r, pair_e, pair_r == null_r)
    return codes, t_er, t_re


def test_chunked_em_gives_the_unchunked_tables_bit_for_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The E-step goes chunk by chunk (memory); its tables, and so every span, are the whole-memory EM's."""
    from glossary.equivalents import word_alignment as wa

    monkeypatch.setattr(wa, "CHUNK_PAIRS", 64)  # many chunks, some of one unit
    aligner = wa.train(PAIRS)
    codes, t_er, t_re = _unchunked_tables(PAIRS)
    assert np.array_equal(aligner.pair_codes, codes)
    assert np.array_equal(aligner.t_er, t_er) and np.array_equal(aligner.t_re, t_re)
    monkeypatch.setattr(wa, "CHUNK_PAIRS", 1 << 18)  # one chunk: the same tables again
    whole = wa.train(PAIRS)
    assert np.array_equal(whole.t_er, t_er) and np.array_equal(whole.t_re, t_re)
    for source, target in PAIRS:
        unit = aligner.align(source, target)
        assert unit.links(range(len(unit.ru))) == whole.align(source, target).links(range(len(unit.ru)))
