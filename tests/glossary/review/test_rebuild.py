"""`glossary build` run again on the same corpus keeps what `glossary review` decided,
a split included (glossary/reviews.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.formats import read_glossary
from glossary.review.app import ReviewApp
from glossary.review.terms import TermReview


@pytest.mark.slow  # two builds of the seeds glossary
def test_a_split_and_an_edit_survive_glossary_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_memory: Path) -> None:
    from glossary.build import GlossaryBuildRequest, build_and_write
    from tm.mt.cache import TranslationCache

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "g.tbx"

    def build() -> None:  # no model: a TMX source needs none
        build_and_write([str(seeds_memory)], GlossaryBuildRequest(out), lambda needed: None, lambda: TranslationCache(None))

    build()
    entries = read_glossary(out).entries
    parent = next(e for e in entries if any(t.variants for t in e.terms_in("ru")))
    owner = next(t for t in parent.terms_in("ru") if t.variants)
    variant = owner.variants[0]
    app = ReviewApp(TermReview(out), [], token="t")
    body = f"version=1&variant={variant}".encode()
    assert app.handle("POST", f"/t/terms/entry/{parent.id}/split", body).status == 200
    assert app.terms is not None
    split_id = next(e.id for e in app.terms.glossary.entries if [t.text for t in e.terms] == [variant])
    edited = next(e for e in entries if e.status == "proposed" and e.id != parent.id)
    assert app.handle("POST", f"/t/terms/entry/{edited.id}/edit", b"version=1&english=reviewed+English").status == 200

    build()
    rebuilt = read_glossary(out).by_id()
    assert [t.text for t in rebuilt[split_id].terms_in("ru")] == [variant]
    assert all(variant not in t.variants and t.text != variant for t in rebuilt[parent.id].terms_in("ru"))
    english = rebuilt[edited.id].preferred("en")
    assert english is not None and (english.text, english.status) == ("reviewed English", "approved")
