"""`glossary review` in a real browser: how long a 50,000-entry glossary takes to open, and
a text filter to come back (targets: under 1 s and under 100 ms; server-side paging).

    PYTHONPATH=. python bench/review_ui.py [--entries 50000]

Needs chromium and playwright (tests/support/browser.py)."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from glossary.review.app import ReviewApp
from glossary.review.terms import TermReview
from tests.support.browser import browser_page, served, why_no_browser
from tests.support.review import make_glossary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=50_000)
    args = parser.parse_args()
    if (why := why_no_browser()) is not None:
        raise SystemExit(f"review_ui: {why}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.tbx"
        make_glossary(path, args.entries)
        started = time.perf_counter()
        app = ReviewApp(TermReview(path), [])
        loaded = time.perf_counter() - started
        with served(app) as url, browser_page() as page:
            opens = []
            for _ in range(3):
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("#rows tr.row")
                opens.append(time.perf_counter() - started)
            filters = []
            for query in ("номер 4999", "term number 12", "совет", "номер 1", "zzz"):
                with page.expect_response(lambda r: "terms/rows" in r.url):
                    started = time.perf_counter()
                    page.fill("#q", query)
                page.locator(".htmx-request, .htmx-settling, .htmx-swapping").first.wait_for(state="detached")
                filters.append(time.perf_counter() - started - 0.12)  # less the typing delay (hx-trigger delay:120ms)
    print(f"{args.entries} entries: glossary read in {loaded:.2f} s (once, at start)")
    print(f"page opens in {statistics.median(opens) * 1000:.0f} ms (median of 3; target < 1000)")
    print(
        f"a text filter comes back in {statistics.median(filters) * 1000:.0f} ms (median of 5, less the 120 ms typing delay; target < 100)"
    )


if __name__ == "__main__":
    main()
