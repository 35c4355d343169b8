"""Approved glossary terms in the MT (issue 20, point 2), with the tiny real argos model.

Its output is gibberish, so these tests check the mechanism: every sentence with an
approved term gets the term (ok or forced), wrong renderings are banned, a run without a
glossary is byte for byte today's, and a glossary change misses the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import SEEDS, sandbox_env
from tests.support.cli import run_cli
from tm.memory.build import BuildOptions, build_memory
from tm.memory.tmx import TmxReader
from tm.mt.cache import TranslationCache
from tm.mt.constrained import TermOutcome
from tm.mt.signature import MtSignature
from tm.mt.terms import FORCED, MISSING, OK, Term, TermGlossary, contains, read_glossary
from tm.mt.translator import Translator
from tm.text.documents import read_document
from tm.text.segment import segment_document

# English made of tokens the tiny model's vocabulary has (its SentencePiece is trained on the
# Russian seeds; these Latin words need no unknown piece).
GLOSSARY_TSV = "ru-RU\ten-US\ten-US status\nсотрудничество\tmutual trade\tapproved\nКазахстан\troadmap\tapproved\n"
GLOSSARY_TSV += "президент\tstate border\tapproved\nвизит\ttransit route\tapproved\nвизит\tvisit\tdeprecated\n"
DOCUMENT = SEEDS / "002_tokayev-article-rg.txt"


@pytest.fixture(scope="module")
def glossary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "terms.tsv"
    path.write_text(GLOSSARY_TSV, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return list(dict.fromkeys(s.text for s in segment_document(read_document(str(DOCUMENT)))))


def test_reader_takes_approved_pairs_and_wrong_renderings(glossary_file: Path) -> None:
    glossary = read_glossary(glossary_file)
    assert [t.en for t in glossary.terms] == ["mutual trade", "roadmap", "state border", "transit route"]
    assert glossary.wrong == ["visit"] and len(glossary.digest) == 64


def test_tbx_reader(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        """<?xml version="1.0"?><martif type="TBX-Basic"><text><body>
<termEntry id="1"><langSet xml:lang="ru"><tig><term>ЕАЭС</term><termNote type="termType">acronym</termNote></tig>
<tig><term>Евразийский экономический союз</term><termNote type="termType">fullForm</termNote></tig></langSet>
<langSet xml:lang="en"><tig><term>EAEU</term><termNote type="termType">acronym</termNote>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
<tig><term>Eurasian Economic Union</term><termNote type="termType">fullForm</termNote>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
<tig><term>Eurasian Union</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry>
<termEntry id="2"><langSet xml:lang="ru"><tig><term>таможня</term></tig></langSet>
<langSet xml:lang="en"><tig><term>customs</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>""",
        encoding="utf-8",
    )
    glossary = read_glossary(tbx)
    assert [(t.ru, t.en) for t in glossary.terms] == [
        ("ЕАЭС", "EAEU"),
        ("Евразийский экономический союз", "Eurasian Economic Union"),
    ]
    assert glossary.wrong == ["Eurasian Union"]
    # Any inflected form of the Russian; an acronym only in capitals.
    hits = glossary.find("Страны Евразийского экономического союза и ЕАЭС, но не еаэс.")
    assert [h.term.en for h in hits] == ["Eurasian Economic Union", "EAEU"]


def test_a_glossary_without_approved_pairs_is_an_input_error(tmp_path: Path) -> None:
    from tm.core.errors import InputError

    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text><body>", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable TBX"):
        read_glossary(bad)
    empty = tmp_path / "empty.tsv"
    empty.write_text("ru\ten\n", encoding="utf-8")
    with pytest.raises(InputError, match="no approved term pairs"):
        read_glossary(empty)


def test_english_presence_is_case_and_lemma_insensitive() -> None:
    assert contains("The Strategic Partnerships grew.", "strategic partnership")
    assert not contains("The strategic partner grew.", "strategic partnership")


def test_every_sentence_with_a_term_gets_it(tiny_package, glossary_file: Path, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    glossary = read_glossary(glossary_file)
    translator = Translator(tiny_package, device="cpu", batch_size=16, glossary=glossary)
    targets = translator.translate(sentences)
    with_terms = [i for i, s in enumerate(sentences) if glossary.find(s)]
    assert len(with_terms) >= 5
    for i in with_terms:
        outcome = translator.term_outcomes[sentences[i]]
        assert outcome.status in (OK, FORCED), (sentences[i], targets[i])
        assert all(contains(targets[i], term) for term in outcome.terms)
    assert set(translator.term_outcomes) == {sentences[i] for i in with_terms}


def test_without_terms_a_sentence_is_translated_as_without_a_glossary(tiny_package, glossary_file: Path, sentences):  # type: ignore[no-untyped-def]
    glossary = read_glossary(glossary_file)
    glossary = TermGlossary(glossary.terms, [], glossary.digest)  # nothing banned
    plain = Translator(tiny_package, device="cpu", batch_size=16).translate(sentences)
    with_glossary = Translator(tiny_package, device="cpu", batch_size=16, glossary=glossary).translate(sentences)
    free = [i for i, s in enumerate(sentences) if not glossary.find(s)]
    assert free and all(plain[i] == with_glossary[i] for i in free)


def test_suppress_sequences_bans_a_wrong_rendering(tiny_package, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    plain = Translator(tiny_package, device="cpu", batch_size=16).translate(sentences)
    # The word the model writes most often: ban it, with a term no sentence has.
    words = [w for text in plain for w in text.split() if len(w) > 3]
    banned = max(set(words), key=words.count)
    glossary = TermGlossary([Term("шкаф", "roadmap")], [banned], "0" * 64)
    targets = Translator(tiny_package, device="cpu", batch_size=16, glossary=glossary).translate(sentences)
    assert sum(banned in t.split() for t in plain) >= 3
    assert not any(banned in t.split() for t in targets)


class _Recording:
    """A CTranslate2 translator that records each call's method and beam."""

    def __init__(self, model) -> None:  # type: ignore[no-untyped-def]
        self.model, self.log = model, []  # type: ignore[var-annotated]

    def translate_batch(self, sources, **options):  # type: ignore[no-untyped-def]
        self.log.append(("translate", len(sources), options.get("beam_size"), bool(options.get("target_prefix"))))
        return self.model.translate_batch(sources, **options)

    def score_batch(self, sources, targets, **options):  # type: ignore[no-untyped-def]
        self.log.append(("score", len(sources), None, False))
        return self.model.score_batch(sources, targets, **options)


@pytest.mark.parametrize("margin", [float("inf"), float("-inf")])
def test_the_second_hypothesis_only_past_the_margin_and_scoring_only_for_a_choice(  # type: ignore[no-untyped-def]
    tiny_package, glossary_file: Path, sentences: list[str], monkeypatch: pytest.MonkeyPatch, margin: float
) -> None:
    import tm.mt.constrained as constrained

    monkeypatch.setattr(constrained, "SECOND_MARGIN", margin)
    glossary = read_glossary(glossary_file)
    translator = Translator(tiny_package, device="cpu", batch_size=64, glossary=glossary)
    model = _Recording(translator._load())
    monkeypatch.setattr(translator, "_load", lambda: model)
    targets = translator.translate(sentences)
    for source, target in zip(sentences, targets, strict=True):
        if glossary.find(source):
            outcome = translator.term_outcomes[source]
            assert outcome.status in (OK, FORCED) and all(contains(target, t) for t in outcome.terms)
    forced = [row for row in model.log if row[0] == "translate" and row[3]]
    assert forced and all(row[2] == min(translator.decoding.beam_size, constrained.FORCED_BEAM) for row in forced)
    scored = [row for row in model.log if row[0] == "score"]
    if margin == float("inf"):  # one candidate per sentence: nothing to choose, nothing scored
        assert not scored
    else:  # the second hypotheses forced too: one scoring call for the batch's choices
        assert len(scored) == 1 and sum(row[1] for row in forced) > len(forced) and scored[0][1] >= 2


def test_an_untranslatable_term_is_marked_missing(tiny_package) -> None:  # type: ignore[no-untyped-def]
    glossary = TermGlossary([Term("Казахстан", "Qazaqstan Ünion")], [], "1" * 64)  # "Q", "Ü": unknown pieces
    translator = Translator(tiny_package, device="cpu", glossary=glossary)
    translator.translate(["Казахстан развивается."])
    outcome = translator.term_outcomes["Казахстан развивается."]
    assert outcome.status == MISSING and outcome.missing == ("Qazaqstan Ünion",)


def test_outcome_round_trips_through_text() -> None:
    outcome = TermOutcome(MISSING, ("a b", "c"), ("c",))
    assert TermOutcome.from_text(outcome.to_text()) == outcome
    assert outcome.props() == [("x-terms", "missing"), ("x-terms-required", "a b | c"), ("x-terms-missing", "c")]


def test_the_glossary_joins_signature_and_cache_key(tiny_package, glossary_file: Path) -> None:  # type: ignore[no-untyped-def]
    plain = Translator(tiny_package, device="cpu")
    with_glossary = Translator(tiny_package, device="cpu", glossary=read_glossary(glossary_file))
    digest = read_glossary(glossary_file).short_digest
    assert str(with_glossary.signature) == f"{plain.signature}|gloss:{digest}"
    assert with_glossary.cache_key == f"{plain.cache_key}|glossary={digest}"
    assert MtSignature.parse(str(with_glossary.signature)) == with_glossary.signature
    assert MtSignature.parse(str(plain.signature)) == plain.signature and "glossary" not in plain.signature.to_dict()


def _build(package, path: Path, cache: TranslationCache, glossary: TermGlossary | None = None) -> Translator:  # type: ignore[no-untyped-def]
    translator = Translator(package, device="cpu", batch_size=16, glossary=glossary)
    build_memory([str(DOCUMENT)], path, translator, cache, BuildOptions(creation_id="test"))
    return translator


class ArgosReference:
    """Today's translator, as the parity reference: argostranslate's own per-sentence
    translation of the package (which tests/tm/mt/test_translator.py holds the batched
    translator to), under the real translator's label and signature."""

    def __init__(self, package, real: Translator) -> None:  # type: ignore[no-untyped-def]
        import ctranslate2
        from argostranslate import settings

        self.package, self.label, self.signature, self.cache_key = package, real.label, real.signature, real.cache_key
        self.model = ctranslate2.Translator(str(package.package_path / "model"), device="cpu", compute_type=settings.compute_type)

    def translate(self, sentences, on_batch=None):  # type: ignore[no-untyped-def]
        from argostranslate.translate import apply_packaged_translation

        class WholeText:
            def split_sentences(self, text: str) -> list[str]:
                return [text]

        out = [apply_packaged_translation(self.package, s, self.model, WholeText(), num_hypotheses=1)[0].value for s in sentences]
        if on_batch:
            on_batch(list(sentences), out)
        return out


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
def test_no_glossary_is_byte_identical_and_a_glossary_change_misses_the_cache(  # type: ignore[no-untyped-def]
    tiny_package, glossary_file: Path, tmp_path: Path
) -> None:
    # Parity: without a glossary, the TMX is byte for byte the one today's translation gives,
    # from the same (empty) cache state; the clock's dates aside.
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    real = _build(tiny_package, first, TranslationCache(None))
    build_memory(
        [str(DOCUMENT)], second, ArgosReference(tiny_package, real), TranslationCache(None), BuildOptions(creation_id="test")
    )
    assert _stable(first) == _stable(second) and b"x-terms" not in first.read_bytes()
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    _build(tiny_package, tmp_path / "c.tmx", cache)
    glossary = read_glossary(glossary_file)
    translator = Translator(tiny_package, device="cpu", batch_size=16, glossary=glossary)
    report = build_memory([str(DOCUMENT)], tmp_path / "g.tmx", translator, cache, BuildOptions(creation_id="test"))
    assert report.from_cache == 0 and report.translated == report.unique  # not reused with the glossary
    units = list(TmxReader(tmp_path / "g.tmx"))
    marked = [u for u in units if u.prop("x-terms")]
    assert marked and all(u.prop("x-terms") in (OK, FORCED) for u in marked)
    assert all(contains(u.target, term) for u in marked for term in (u.prop("x-terms-required") or "").split(" | "))
    # Again from the cache: the same English and the same outcomes, forced included.
    again = Translator(tiny_package, device="cpu", batch_size=16, glossary=glossary)
    report = build_memory([str(DOCUMENT)], tmp_path / "h.tmx", again, cache, BuildOptions(creation_id="test"))
    assert report.translated == 0 and again.calls == 0
    assert [(u.target, u.props) for u in TmxReader(tmp_path / "h.tmx")] == [(u.target, u.props) for u in units]
    # Another glossary (its content changed): a miss again.
    changed = tmp_path / "changed.tsv"
    changed.write_text(GLOSSARY_TSV + "Россия\tpipeline transport\tapproved\n", encoding="utf-8")
    other = Translator(tiny_package, device="cpu", batch_size=16, glossary=read_glossary(changed))
    report = build_memory([str(DOCUMENT)], tmp_path / "i.tmx", other, cache, BuildOptions(creation_id="test"))
    assert report.from_cache == 0
    cache.close()
    # Without the glossary, the cache still answers with what it had.
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    report = build_memory(
        [str(DOCUMENT)], tmp_path / "j.tmx", Translator(tiny_package, device="cpu"), cache, BuildOptions(creation_id="test")
    )
    assert report.translated == 0
    assert _stable(tmp_path / "j.tmx") == _stable(tmp_path / "c.tmx")
    cache.close()


def _stable(path: Path) -> bytes:
    """The TMX bytes, but the creation dates (the clock)."""
    import re

    return re.sub(rb'(creationdate|changedate)="[^"]*"', b"", path.read_bytes())


def test_cli_glossary_options(tiny_model: Path, glossary_file: Path, tmp_path: Path) -> None:
    env = sandbox_env(tmp_path / "home")
    out = tmp_path / "o.tmx"
    base = ["build", str(DOCUMENT), "-o", str(out), "--model", str(tiny_model), "--no-cache"]
    result = run_cli("tm", [*base, "--glossary", str(glossary_file), "--no-glossary"], env=env)
    assert result.returncode == 2 and result.stderr.startswith("tm: error: --glossary and --no-glossary")
    result = run_cli("tm", [*base, "--glossary", str(tmp_path / "none.tbx")], env=env)
    assert result.returncode == 3 and result.stderr.startswith("tm: error:") and result.stderr.count("\n") == 1
    assert not out.exists()
    result = run_cli("tm", [*base, "--glossary", str(glossary_file), "--json"], env=env)
    assert result.returncode == 0, result.stderr
    assert "|gloss:" in out.read_text(encoding="utf-8") and 'type="x-terms"' in out.read_text(encoding="utf-8")
    result = run_cli(
        "tm", ["translate", "Визит президента.", "--model", str(tiny_model), "--glossary", str(glossary_file)], env=env
    )
    assert result.returncode == 0 and "transit route" in result.stdout.lower() and "state border" in result.stdout.lower()


def test_the_project_glossary_is_the_default_and_no_glossary_switches_it_off(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`.diplotm/glossary.tbx` in the current folder or one above is the MT's glossary unless
    --no-glossary (or --glossary) says otherwise; stderr names it."""
    project = tmp_path / "project"
    (project / ".diplotm").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / ".diplotm" / "glossary.tbx").write_text(
        """<?xml version="1.0"?><martif type="TBX-Basic"><text><body>
<termEntry id="1"><langSet xml:lang="ru"><tig><term>визит</term></tig></langSet>
<langSet xml:lang="en"><tig><term>transit route</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    monkeypatch.chdir(project / "docs")
    env = sandbox_env(tmp_path / "home")
    out = tmp_path / "o.tmx"
    base = ["build", str(DOCUMENT), "-o", str(out), "--model", str(tiny_model), "--no-cache"]
    found = run_cli("tm", base, env=env)
    assert found.returncode == 0 and "using the project glossary" in found.stderr, found.stderr
    assert "|gloss:" in out.read_text(encoding="utf-8")
    off = run_cli("tm", [*base, "--no-glossary"], env=env)
    assert off.returncode == 0 and "project glossary" not in off.stderr
    assert "|gloss:" not in out.read_text(encoding="utf-8")
