"""A review session in a real browser (Chromium through Playwright), then the files on disk.

Screenshots of both tabs go to $DIPLOTM_SCREENSHOTS when set (the README's, in docs/:
`DIPLOTM_SCREENSHOTS=docs pytest tests/glossary/review/test_browser.py`), else to a
temporary folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from glossary.formats import read_glossary
from glossary.review.app import ReviewApp
from glossary.review.terms import TermReview
from tests.support.browser import browser_page, served, why_no_browser
from tests.support.review import make_aligned_tmx, make_glossary
from tm.memory.tmx import read_tmx

pytestmark = [pytest.mark.slow, pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")]


_BUSY = ".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added"


def _waiting(page: Any, *parts: str) -> Callable[[Callable[[], None]], None]:
    """Do something, then wait for the responses whose URLs hold each of `parts`."""

    from playwright.sync_api import expect

    def run(act: Callable[[], None]) -> None:
        with page.expect_response(lambda r: parts[-1] in r.url) as last:
            if len(parts) > 1:
                with page.expect_response(lambda r: parts[0] in r.url) as first:
                    act()
                assert first.value.status == 200, first.value.url
            else:
                act()
        assert last.value.status == 200, last.value.url
        expect(page.locator(_BUSY)).to_have_count(0)  # the response arrived: wait until htmx has swapped it in

    return run


def test_a_review_session_in_the_browser(tmp_path: Path) -> None:
    shots = Path(os.environ.get("DIPLOTM_SCREENSHOTS") or tmp_path)
    glossary, tmx = tmp_path / "g.tbx", tmp_path / "a.tmx"
    ids = [e.id for e in make_glossary(glossary).entries]
    make_aligned_tmx(tmx)
    app = ReviewApp(TermReview(glossary), [tmx])
    with served(app) as url, browser_page() as page:
        page.goto(url)
        page.wait_for_selector("#rows tr.row")
        key = page.keyboard.press

        def decide(k: str, action: str) -> None:
            _waiting(page, f"/{action}", "terms/rows")(lambda: key(k))

        def select(k: str) -> None:
            _waiting(page, "terms/entry/")(lambda: key(k))

        _waiting(page, "terms/entry/")(lambda: page.click(f'#rows tr[data-id="{ids[0]}"] td:nth-child(2)'))
        decide("a", "approve")  # Совет Безопасности
        select("j")
        decide("a", "approve")  # санкции
        select("j")
        decide("r", "reject")  # стратегическое партнёрство
        select("j")
        decide("r", "reject")  # ВВП
        select("j")
        decide("a", "approve")  # торговый оборот
        select("j")
        key("e")  # Генеральная Ассамблея
        page.fill("#english", "UN General Assembly")
        _waiting(page, "/edit", "terms/rows")(lambda: key("Enter"))
        select("j")
        select("j")
        key("m")  # торговля, into торговый оборот
        page.fill("#into", "торговый оборот")
        _waiting(page, "/merge", "terms/rows")(lambda: key("Enter"))
        _waiting(page, "terms/entry/")(lambda: page.click(f'#rows tr[data-id="{ids[6]}"] td:nth-child(2)'))
        decide("r", "reject")  # переговоры…
        decide("u", "undo")  # …undone
        assert "undone" in page.inner_text("#status")
        from playwright.sync_api import expect

        # A stale version (another tab decided first): 409, and the page says so.
        app.terms.decide("approve", ids[9], 1, {})  # type: ignore[union-attr]
        _waiting(page, "terms/entry/")(lambda: page.click(f'#rows tr[data-id="{ids[9]}"] td:nth-child(2)'))
        app.terms.undo()  # type: ignore[union-attr]
        with page.expect_response(lambda r: "/approve" in r.url) as stale:
            key("a")
        assert stale.value.status == 409
        expect(page.locator("#status")).to_contain_text("reload")

        # Set a category, then filter by it: only that entry is listed.
        _waiting(page, "terms/entry/")(lambda: page.click(f'#rows tr[data-id="{ids[0]}"] td:nth-child(2)'))
        page.fill("#category", "organisation")
        _waiting(page, "/category", "terms/rows")(lambda: page.press("#category", "Enter"))
        _waiting(page, "terms/rows")(lambda: page.select_option("#filter-category", "organisation"))
        expect(page.locator("#rows tr.row")).to_have_count(1)
        assert page.get_attribute("#rows tr.row", "data-id") == ids[0]
        assert "organisation" in page.inner_text("#rows tr.row")
        _waiting(page, "terms/rows")(lambda: page.select_option("#filter-category", ""))
        expect(page.locator("#rows tr.row")).to_have_count(len(ids) - 1)
        _waiting(page, "terms/entry/")(lambda: page.click(f'#rows tr[data-id="{ids[4]}"] td:nth-child(2)'))
        page.screenshot(path=str(shots / "review-terms.png"))

        page.click("#tab-align")
        page.wait_for_selector("#pair-table tr.pair")

        def pair(pair_id: str, k: str, action: str) -> None:
            page.click(f'#pair-table tr[data-id="{pair_id}"] td.ru')
            _waiting(page, f"/{action}")(lambda: key(k))

        pair("p1", "a", "accept")
        pair("p6", "a", "accept")
        pair("p3", "r", "reject")
        before_join = tmx.read_bytes(), (tmp_path / "a.rejected.tsv").read_bytes()
        pair("p4", "n", "join")
        assert tmx.read_bytes() != before_join[0]
        _waiting(page, "align/undo")(lambda: key("u"))  # the join undone: both files as they were
        expect(page.locator("#status")).to_contain_text("undone")
        assert (tmx.read_bytes(), (tmp_path / "a.rejected.tsv").read_bytes()) == before_join
        pair("p4", "n", "join")
        page.screenshot(path=str(shots / "review-alignment.png"))

    saved = read_glossary(glossary).by_id()
    statuses = {eid: saved[eid].status for eid in ids if eid in saved}
    assert statuses == {
        ids[0]: "approved",
        ids[1]: "approved",
        ids[2]: "rejected",
        ids[3]: "rejected",
        ids[4]: "approved",
        ids[5]: "approved",
        ids[6]: "proposed",
        ids[8]: "proposed",
        ids[9]: "proposed",
    }
    assert ids[7] not in saved  # merged
    assert saved[ids[0]].category == "organisation" and all(saved[e].category == "" for e in ids[1:] if e in saved)
    assert [t.text for t in saved[ids[4]].terms_in("ru")] == ["торговый оборот", "торговля"]
    edited = saved[ids[5]].preferred("en")
    assert edited is not None and (edited.text, edited.origin) == ("UN General Assembly", "review")

    units = list(read_tmx(tmx))
    assert [(u.source, u.prop("x-Origin")) for u in units] == [
        ("Совет Безопасности собрался 5 мая.", "Review"),
        ("Санкции обсуждались в Москве.", "Alignment"),
        ("Россия и Китай подписали 12 соглашений. Торговый оборот вырос.", "Review"),
        ("Это было в 2020 году.", "Review"),
        ("Министр выступил. Затем начались вопросы.", "Alignment"),
    ]
    assert units[2].target == "Russia and China signed 12 agreements. Trade turnover grew."
    assert (tmp_path / "a.rejected.tsv").read_bytes() == (
        "side\tdocument\tparagraph\tsentence\nru\tru.txt\t\tПереговоры продолжатся.\nen\ten.txt\t\tTalks will go on.\n"
    ).encode()
