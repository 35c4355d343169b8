"""The review web app: routes, HTML, and the local server.

`ReviewApp.handle(method, target, body)` is the whole app, a function of the request that
returns a `Response`; the server (`serve`, the standard library's ThreadingHTTPServer on
127.0.0.1) only carries requests to it, so the tests call it without a socket.

Every path starts with the session's random token (`/<token>/…`): without it, or with
another, the answer is 403 and nothing is read or changed, so other local users cannot
write. A form that does not parse, names a field twice or one the action does not take, or
a version that is not a number, is 400 and changes nothing; an unknown entry or pair is
404; a stale version is 409 (the page says so: reload).
"""

from __future__ import annotations

import hmac
import mimetypes
import secrets
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from glossary.entries import STATUSES, Entry
from glossary.review.alignment import DOUBTFUL_SCORE, AlignmentReview, Pair, highlight, sentences
from glossary.review.terms import ACTIONS, Filters, ReviewError, Row, TermReview, category_of, has_categories

MAX_BODY = 1 << 20
FIELDS = {"version", "english", "into", "variant", "category", "ru", "en", "memory", "page"}
STATIC = ("htmx.min.js", "review.js", "review.css", "htmx-LICENSE.txt")
KWIC_LINES = 8


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, text.encode("utf-8"), headers=headers or {})


class ReviewApp:
    """A glossary (optional) and aligned memories, reviewed through one token."""

    def __init__(self, terms: TermReview | None, memories: Sequence[Path] = (), token: str | None = None) -> None:
        self.terms = terms
        self.memories = list(memories)
        self.alignments: list[AlignmentReview] = [AlignmentReview(p) for p in self.memories]
        self.token = token or secrets.token_urlsafe(24)

    # --- dispatch ---

    def handle(self, method: str, target: str, body: bytes = b"") -> Response:
        url = urlsplit(target)
        parts = url.path.split("/")  # "", token, route…
        if len(parts) < 2 or not hmac.compare_digest(parts[1].encode(), self.token.encode()):
            return _html("forbidden: this address needs the review session's token\n", 403)
        route = [unquote(p) for p in parts[2:] if p]  # an entry id is quoted in its links (`quote`)
        try:
            query = _form(url.query)
            if method == "GET":
                return self._get(route, query)
            if method == "POST":
                return self._post(route, _form(body.decode("utf-8")) if body else {})
            return _html("method not allowed\n", 405)
        except UnicodeDecodeError:
            return _html("the request is not UTF-8\n", 400)
        except ReviewError as exc:
            return _html(f'<p class="error" data-status="{exc.status}">{escape(str(exc))}</p>', exc.status)

    def _get(self, route: list[str], query: dict[str, str]) -> Response:
        match route:
            case []:
                return _html(self.page(query.get("tab", "terms" if self.terms else "align")))
            case ["static", name] if name in STATIC:
                data = resources.files("glossary.review").joinpath("static", name).read_bytes()
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return Response(200, data, kind + ("; charset=utf-8" if kind.startswith("text") or name.endswith(".js") else ""))
            case ["terms", "rows"]:
                return _html(self.term_rows(_filters(query)))
            case ["terms", "entry", entry_id]:
                return _html(self.term_detail(self._terms().entry(entry_id)))
            case ["align", "rows"]:
                return _html(self.pair_rows(_index(query, "memory"), _index(query, "page")))
        raise ReviewError(404, "no such page")

    def _post(self, route: list[str], form: dict[str, str]) -> Response:
        changed = {"HX-Trigger": "rows-changed"}
        match route:
            case ["terms", "entry", entry_id, action] if action in ACTIONS:
                terms = self._terms()
                terms.entry(entry_id)  # 404 before 400: the entry named must exist
                after = terms.decide(action, entry_id, _version(form), form)
                shown = after or terms.index.get(form.get("into", ""), None) or terms.find(form["into"])
                return _html(self.term_detail(shown, f"{action}: saved"), headers=changed)
            case ["terms", "undo"]:
                terms = self._terms()
                shown_id = terms.undo()
                entry = terms.index.get(shown_id or "")
                return _html(self.term_detail(entry, "undone") if entry else "<p>undone</p>", headers=changed)
            case ["align", "pair", pair_id, action] if action in ("accept", "reject", "join", "split"):
                memory, page = _index(form, "memory"), _index(form, "page")
                review = self._alignment(memory)
                review.pair(pair_id)
                review.decide(action, pair_id, _version(form), form)
                return _html(self.pair_rows(memory, page, f"{action}: saved"))
            case ["align", "undo"]:
                memory, page = _index(form, "memory"), _index(form, "page")
                self._alignment(memory).undo()
                return _html(self.pair_rows(memory, page, "undone"))
        raise ReviewError(404, "no such action")

    def _terms(self) -> TermReview:
        if self.terms is None:
            raise ReviewError(404, "no glossary in this review")
        return self.terms

    def _alignment(self, index: int) -> AlignmentReview:
        if not 0 <= index < len(self.alignments):
            raise ReviewError(404, f"no memory #{index} in this review")
        return self.alignments[index]

    # --- pages ---

    def page(self, tab: str) -> str:
        if tab not in ("terms", "align"):
            raise ReviewError(400, f"unknown tab {tab!r}")
        tabs = "".join(
            f'<a href="?tab={name}" class="tab{" on" if name == tab else ""}" id="tab-{name}">{label}</a>'
            for name, label, present in (("terms", "Term candidates", self.terms), ("align", "Alignment", self.alignments))
            if present
        )
        body = self._terms_tab() if tab == "terms" else self._align_tab()
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>glossary review</title>
<meta name="htmx-config" content='{{"includeIndicatorStyles": false, "defaultSwapStyle": "innerHTML", "defaultSettleDelay": 0}}'>
<link rel="stylesheet" href="static/review.css">
<script src="static/htmx.min.js"></script><script src="static/review.js"></script>
</head><body data-tab="{tab}">
<header><nav>{tabs}</nav><span id="status" role="status"></span>
<span class="keys">{_KEYS[tab]}</span></header>
{body}
</body></html>"""

    def _terms_tab(self) -> str:
        terms = self._terms()
        with terms.lock:
            origins, categories = terms.origins(), terms.categories()
        status = _select("status", ["", *STATUSES], "any status")
        origin = _select("origin", ["", *origins], "any origin")
        category = _select("category", ["", *categories], "any category") if has_categories() else ""
        column = "<th>category</th>" if has_categories() else ""
        return f"""<main class="terms">
<section class="list">
<form id="filters" hx-get="terms/rows" hx-target="#rows" hx-trigger="change, input delay:120ms from:#q, rows-changed from:body">
{status}{origin}{category}<input id="q" name="q" type="search" placeholder="text (Russian or English)" autocomplete="off">
<input type="hidden" name="page" id="page" value="0">
<button type="button" id="undo" hx-post="terms/undo" hx-target="#detail" title="u">undo</button>
</form>
<table id="terms"><thead><tr><th>#</th><th>term</th><th>English</th>
<th>origin</th><th>conf.</th><th>freq.</th>{column}<th>status</th></tr></thead>
<tbody id="rows">{self.term_rows(Filters())}</tbody></table>
</section>
<aside id="detail"><p class="hint">Select a term (click, or j/k).</p></aside>
</main>"""

    def term_rows(self, filters: Filters) -> str:
        page = self._terms().page(filters)
        cells = []
        for row in page.rows:
            cells.append(_term_row(row))
        span = 8 if has_categories() else 7
        pager = (
            f'<tr class="pager"><td colspan="{span}" data-total="{page.total}">{page.total} entries · '
            f"page {page.page + 1} of {page.pages} "
            f"{_page_button(page.page - 1, 'previous', page.page > 0)}"
            f"{_page_button(page.page + 1, 'next', page.page + 1 < page.pages)}</td></tr>"
        )
        return "".join(cells) + pager

    def term_detail(self, entry: Entry, note: str = "") -> str:
        terms = self._terms()
        with terms.lock:
            version = terms.versions[entry.id]
            rank = terms.rank_of(entry.id)
            categories = terms.categories()
        eid = quote(entry.id)
        hidden = f'<input type="hidden" name="version" value="{version}">'
        vals = f'hx-vals=\'{{"version": "{version}"}}\''
        ru, en = entry.terms_in("ru"), entry.terms_in("en")
        english = "".join(
            f'<li><button type="button" class="candidate" data-text="{escape(t.text)}">{escape(t.text)}</button> '
            f'<span class="meta">{escape(t.origin or "")} {_confidence(t.confidence)} {t.status}</span></li>'
            for t in en
        )
        options = "".join(f'<option value="{escape(t.text)}">' for t in en)
        variants = [(t.text, True) for t in ru[1:]] + [(v, False) for t in ru for v in t.variants]
        variant_list = ", ".join(escape(v) for v, _ in variants) or "none"
        split = (
            f"""<form id="split-form" hx-post="terms/entry/{eid}/split" hx-target="#detail">{hidden}
<select name="variant">
{"".join(f'<option value="{escape(v)}">{escape(v)}{" (term)" if is_term else ""}</option>' for v, is_term in variants)}</select>
<button>split off</button></form>"""
            if variants
            else ""
        )
        category = (
            f"""<form id="category-form" hx-post="terms/entry/{eid}/category" hx-target="#detail">{hidden}
<input id="category" name="category" list="categories" value="{escape(category_of(entry))}" placeholder="category"
autocomplete="off"><datalist id="categories">{"".join(f'<option value="{escape(c)}">' for c in categories)}</datalist>
<button>set category</button></form>"""
            if has_categories()
            else ""
        )
        return f"""<div class="entry" data-id="{escape(entry.id)}" data-version="{version}">
{f'<p class="note">{escape(note)}</p>' if note else ""}
<h2>{escape(ru[0].text if ru else entry.id)}</h2>
<p class="meta">status <b id="entry-status">{_status(entry)}</b> ·
rank {rank} · frequency {entry.frequency} · score {entry.score:.3f}</p>
<div class="actions">
<button id="approve" hx-post="terms/entry/{eid}/approve" {vals} hx-target="#detail" title="a">approve</button>
<button id="reject" hx-post="terms/entry/{eid}/reject" {vals} hx-target="#detail" title="r">reject</button>
</div>
<form id="edit-form" hx-post="terms/entry/{eid}/edit" hx-target="#detail">{hidden}
<input id="english" name="english" list="candidates"
value="{escape(en[0].text if en else "")}" placeholder="English (e)" autocomplete="off">
<datalist id="candidates">{options}</datalist><button>save English</button></form>
<ul class="candidates">{english or "<li>no English candidates</li>"}</ul>
<form id="merge-form" hx-post="terms/entry/{eid}/merge" hx-target="#detail">{hidden}
<input id="into" name="into" placeholder="merge into: Russian term or id (m)" autocomplete="off"><button>merge</button></form>
{split}{category}
<h3>Variants</h3><p class="variants">{variant_list}</p>
<h3>Why it ranks here</h3><p class="ranking">{escape(entry.ranking) or "no ranking recorded"}</p>
<h3>In context</h3>{self._kwic(entry)}
</div>"""

    def _kwic(self, entry: Entry) -> str:
        from tm.memory.concordance import concordance

        term = entry.preferred("ru")
        if term is None:
            return ""
        lines = []
        if self.memories:
            (found,) = concordance([term.text], self.memories, limit=KWIC_LINES)
            for hit in found.hits:
                lines.append(
                    f'<li><span class="left">{escape(hit.left)}</span><mark>{escape(hit.match)}</mark>'
                    f'<span class="right">{escape(hit.right)}</span><br><span class="other">{escape(hit.other)}</span></li>'
                )
        if not lines:  # no memory given, or the term is not in it: the glossary's own contexts
            lines = [
                f'<li>{escape(c.source)}<br><span class="other">{escape(c.target)}</span></li>'
                for c in entry.contexts[:KWIC_LINES]
            ]
        return f'<ul class="kwic">{"".join(lines) or "<li>no contexts</li>"}</ul>'

    def _align_tab(self) -> str:
        if not self.alignments:
            return '<main><p class="hint">No aligned memory: pass --memory FILE.tmx.</p></main>'
        memory = "".join(f'<option value="{i}">{escape(a.path.name)}</option>' for i, a in enumerate(self.alignments))
        return f"""<main class="align">
<form id="align-filters" hx-get="align/rows" hx-target="#pairs" hx-trigger="change">
<select name="memory" id="memory">{memory}</select><input type="hidden" name="page" value="0">
<button type="button" id="align-undo" hx-post="align/undo" hx-include="#align-filters" hx-target="#pairs" title="u">undo</button>
<span class="hint">doubtful: score below {DOUBTFUL_SCORE:.2f}, shown first</span></form>
<div id="pairs">{self.pair_rows(0, 0)}</div></main>"""

    def pair_rows(self, memory: int, page: int, note: str = "") -> str:
        review = self._alignment(memory)
        pairs, page, pages = review.page(page)
        rows = "".join(_pair_row(p, memory, page) for p in pairs)
        return f"""{f'<p class="note">{escape(note)}</p>' if note else ""}
<table id="pair-table"><thead><tr><th>#</th><th>score</th><th>Russian</th><th>English</th><th></th></tr></thead>
<tbody>{rows}</tbody></table>
<p class="pager" data-total="{len(review.pairs)}">{len(review.pairs)} pairs · page {page + 1} of {pages}
{_align_page(memory, page - 1, "previous", page > 0)}{_align_page(memory, page + 1, "next", page + 1 < pages)}
· rejected pairs go to {escape(review.report.name)}</p>"""


_KEYS = {
    "terms": "j/k move · a approve · r reject · e edit English · m merge · u undo",
    "align": "j/k move · a accept · r reject · n join with next · s split · u undo",
}


def _select(name: str, values: Sequence[str], empty: str) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v) if v else empty}</option>' for v in values)
    return f'<select name="{name}" id="filter-{name}">{options}</select>'


def _page_button(page: int, label: str, enabled: bool) -> str:
    if not enabled:
        return ""
    return f'<button type="button" class="page" data-page="{page}">{label}</button>'


def _align_page(memory: int, page: int, label: str, enabled: bool) -> str:
    if not enabled:
        return ""
    return f'<button type="button" hx-get="align/rows?memory={memory}&amp;page={page}" hx-target="#pairs">{label}</button>'


def _confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _status(entry: Entry) -> str:
    ru = entry.preferred("ru")
    return "rejected" if ru is not None and ru.status == "rejected" else entry.status


def _term_row(row: Row) -> str:
    category = f"<td>{escape(row.category)}</td>" if has_categories() else ""
    return (
        f'<tr class="row {row.status}" data-id="{escape(row.id)}" hx-get="terms/entry/{quote(row.id)}" '
        f'hx-target="#detail" hx-trigger="select">'
        f"<td>{row.rank}</td><td>{escape(row.term)}</td><td>{escape(row.english)}</td><td>{escape(row.origin)}</td>"
        f"<td>{_confidence(row.confidence)}</td><td>{row.frequency}</td>{category}<td>{row.status}</td></tr>"
    )


def _side(pieces: list[tuple[str, bool]]) -> str:
    return "".join(f"<mark>{escape(t)}</mark>" if hit else escape(t) for t, hit in pieces)


def _pair_row(pair: Pair, memory: int, page: int) -> str:
    unit = pair.unit
    ru, en = highlight(unit.source, unit.target)
    vals = f'hx-vals=\'{{"version": "{pair.version}", "memory": "{memory}", "page": "{page}"}}\''
    post = f'hx-target="#pairs" {vals}'
    n_ru, n_en = len(sentences(unit.source, True)), len(sentences(unit.target, False))
    split = (
        f"""<form class="split" hx-post="align/pair/{pair.id}/split" hx-target="#pairs">
<input type="hidden" name="version" value="{pair.version}">
<input type="hidden" name="memory" value="{memory}"><input type="hidden" name="page" value="{page}">
<input name="ru" type="number" min="1" max="{n_ru - 1}" value="1" title="Russian sentences in the first pair">
<input name="en" type="number" min="1" max="{n_en - 1}" value="1" title="English sentences in the first pair">
<button class="split-button">split</button></form>"""
        if n_ru > 1 and n_en > 1
        else ""
    )
    score = "" if pair.score is None else f"{pair.score:.3f}"
    classes = " ".join(c for c, on in (("doubtful", pair.doubtful), ("reviewed", pair.reviewed)) if on)
    return f"""<tr class="pair {classes}" data-id="{pair.id}">
<td>{pair.position + 1}</td><td>{score}<br><small>{escape(unit.prop("x-align-type") or "")}</small></td>
<td class="ru">{_side(ru.pieces)}</td><td class="en">{_side(en.pieces)}</td>
<td class="actions"><button class="accept" hx-post="align/pair/{pair.id}/accept" {post} title="a">accept</button>
<button class="reject" hx-post="align/pair/{pair.id}/reject" {post} title="r">reject</button>
<button class="join" hx-post="align/pair/{pair.id}/join" {post} title="n">join next</button>{split}</td></tr>"""


# --- requests ---


def _form(text: str) -> dict[str, str]:
    """A query or urlencoded body; ReviewError 400 when it does not parse, names a field we
    do not know, or one twice."""
    if not text:
        return {}
    try:
        pairs = parse_qs(text, keep_blank_values=True, strict_parsing=True, errors="strict", max_num_fields=32)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReviewError(400, f"malformed request ({exc})") from None
    form: dict[str, str] = {}
    for key, values in pairs.items():
        if key not in FIELDS | {"tab", "status", "origin", "category", "q"} or len(values) != 1:
            raise ReviewError(400, f"malformed request: field {key!r}")
        form[key] = values[0]
    return form


def _version(form: dict[str, str]) -> int:
    value = form.get("version", "")
    if not value.isdigit():
        raise ReviewError(400, "malformed request: no version (a number) of what was shown")
    return int(value)


def _index(form: dict[str, str], name: str) -> int:
    value = form.get(name, "0") or "0"
    if not value.isdigit():
        raise ReviewError(400, f"malformed request: {name} is not a number")
    return int(value)


def _filters(query: dict[str, str]) -> Filters:
    status = query.get("status", "")
    if status and status not in STATUSES:
        raise ReviewError(400, f"unknown status {status!r}")
    return Filters(status, query.get("origin", ""), query.get("category", ""), query.get("q", ""), _index(query, "page"))


# --- the server ---


class _Handler(BaseHTTPRequestHandler):
    app: ReviewApp  # set on the subclass `serve` makes
    server_version = "glossary-review"

    def _respond(self, method: str) -> None:
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            response = _html("malformed request: body too large\n", 400)
        else:
            body = self.rfile.read(int(length)) if method == "POST" else b""
            response = self.app.handle(method, self.path, body)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; style-src 'self'")
        self.send_header("Referrer-Policy", "no-referrer")  # the token is in the URL
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(response.body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        self._respond("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._respond("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._respond("PUT")

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows the address and errors, not every request


def make_server(app: ReviewApp, port: int = 0) -> ThreadingHTTPServer:
    """A server for `app` on 127.0.0.1 (port 0: a free one), not yet serving."""
    handler = type("Handler", (_Handler,), {"app": app})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def url_of(server: ThreadingHTTPServer, app: ReviewApp) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/{app.token}/"


def serve(app: ReviewApp, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Serve until Ctrl-C."""
    try:
        server = make_server(app, port)
    except OSError as exc:
        from tm.core.errors import UsageError

        raise UsageError(f"--port {port}: cannot listen on 127.0.0.1 ({exc.strerror or exc})") from None
    url = url_of(server, app)
    echo(f"Reviewing at {url}  (Ctrl-C stops)")
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(file=sys.stderr)
    finally:
        server.server_close()
