"""Playwright (Python) driving Debian's Chromium, for the browser tests and benchmarks.

Playwright's own browser download cannot run here, so the system's `chromium` is launched
through `executable_path`; without it (or without playwright) the tests skip, saying why."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from glossary.review.app import ReviewApp, make_server, url_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def why_no_browser() -> str | None:
    if CHROMIUM is None:
        return "no chromium on PATH (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed"
    return None


@contextmanager
def served(app: ReviewApp) -> Iterator[str]:
    """The app on a free port of 127.0.0.1 in a thread; yields its address with the token."""
    server = make_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url_of(server, app)
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_page(width: int = 1400, height: int = 800) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
