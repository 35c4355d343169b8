"""The review app's handlers, called without a socket or a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.formats import read_glossary
from glossary.review.app import ReviewApp
from glossary.review.terms import Filters, TermReview
from glossary.reviews import carry_reviews
from tests.support.review import make_aligned_tmx, make_glossary
from tm.memory.tmx import read_tmx


@pytest.fixture()
def app(tmp_path: Path) -> ReviewApp:
    make_glossary(tmp_path / "g.tbx")
    make_aligned_tmx(tmp_path / "a.tmx")
    return ReviewApp(TermReview(tmp_path / "g.tbx"), [tmp_path / "a.tmx"], token="secret")


def _ids(app: ReviewApp) -> list[str]:
    assert app.terms is not None
    return [e.id for e in app.terms.glossary.entries]


def _post(app: ReviewApp, path: str, body: str) -> int:
    return app.handle("POST", f"/secret/{path}", body.encode()).status


def test_pages_and_fragments(app: ReviewApp) -> None:
    for target in ("/secret/", "/secret/?tab=align", "/secret/terms/rows?q=торг", "/secret/static/htmx.min.js"):
        assert app.handle("GET", target).status == 200, target
    rows = app.handle("GET", "/secret/terms/rows?q=торг").body.decode()
    assert rows.count('class="row') == 2 and 'data-total="2"' in rows
    detail = app.handle("GET", f"/secret/terms/entry/{_ids(app)[0]}").body.decode()
    assert "<mark>Совет Безопасности</mark>" in detail and "Security Council met" in detail  # KWIC from --memory
    assert "frequency 10 × specificity" in detail


def test_without_the_token_or_with_another_nothing_changes(app: ReviewApp, tmp_path: Path) -> None:
    before = (tmp_path / "g.tbx").read_bytes()
    eid = _ids(app)[0]
    for prefix in ("", "/wrong", "/secretx", "/Secret"):
        assert app.handle("POST", f"{prefix}/terms/entry/{eid}/approve", b"version=1").status == 403
        assert app.handle("GET", f"{prefix}/").status == 403
    assert (tmp_path / "g.tbx").read_bytes() == before


@pytest.mark.parametrize(
    "body",
    ["", "version=x", "version=1&version=1", "version=1&evil=1", "version", "%ZZ=1", "version=1&english="],
)
def test_malformed_requests_are_400_and_change_nothing(app: ReviewApp, tmp_path: Path, body: str) -> None:
    before = (tmp_path / "g.tbx").read_bytes()
    action = "edit" if "english" in body else "approve"
    assert _post(app, f"terms/entry/{_ids(app)[0]}/{action}", body) == 400
    assert (tmp_path / "g.tbx").read_bytes() == before
    assert app.handle("GET", "/secret/terms/rows?status=nonsense").status == 400


def test_unknown_entry_404_stale_version_409(app: ReviewApp, tmp_path: Path) -> None:
    before = (tmp_path / "g.tbx").read_bytes()
    assert _post(app, "terms/entry/t000/approve", "version=1") == 404
    assert _post(app, "align/pair/p999/accept", "version=1&memory=0&page=0") == 404
    assert (tmp_path / "g.tbx").read_bytes() == before
    eid = _ids(app)[1]
    assert _post(app, f"terms/entry/{eid}/approve", "version=1") == 200
    response = app.handle("POST", f"/secret/terms/entry/{eid}/reject", b"version=1")  # the other tab saw version 1
    assert response.status == 409 and "reload" in response.body.decode()
    assert read_glossary(tmp_path / "g.tbx").by_id()[eid].status == "approved"


def test_decisions_are_saved_at_once_undone_and_kept_by_a_rebuild(app: ReviewApp, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    fresh = read_glossary(path)  # what a rebuild gives again
    ids = _ids(app)
    assert _post(app, f"terms/entry/{ids[0]}/approve", "version=1") == 200
    assert _post(app, f"terms/entry/{ids[1]}/reject", "version=1") == 200
    assert _post(app, f"terms/entry/{ids[2]}/edit", "version=1&english=strategic+partnership+relations") == 200
    assert _post(app, f"terms/entry/{ids[7]}/merge", "version=1&into=торговый+оборот") == 200
    assert _post(app, f"terms/entry/{ids[4]}/approve", "version=2") == 200  # a merge lasts once its entry is reviewed
    assert _post(app, f"terms/entry/{ids[6]}/approve", "version=1") == 200
    assert _post(app, "terms/undo", "") == 200  # the last approval
    saved = read_glossary(path).by_id()
    assert saved[ids[0]].status == "approved" and saved[ids[1]].status == "rejected"
    assert saved[ids[2]].preferred("en").text == "strategic partnership relations"  # type: ignore[union-attr]
    assert saved[ids[2]].status == "approved"
    assert ids[7] not in saved and [t.text for t in saved[ids[4]].terms_in("ru")] == ["торговый оборот", "торговля"]
    assert saved[ids[6]].status == "proposed"
    rebuilt, _ = carry_reviews(fresh, read_glossary(path).entries)
    kept = rebuilt.by_id()
    assert kept[ids[0]].status == "approved" and kept[ids[1]].status == "rejected"
    assert kept[ids[2]].preferred("en").text == "strategic partnership relations"  # type: ignore[union-attr]
    assert ids[7] not in kept and len(kept[ids[4]].terms_in("ru")) == 2


def test_split_and_undo(app: ReviewApp, tmp_path: Path) -> None:
    eid = _ids(app)[1]
    assert _post(app, f"terms/entry/{eid}/split", "version=1&variant=санкцииа") == 200
    assert len(read_glossary(tmp_path / "g.tbx").entries) == 11
    assert _post(app, f"terms/entry/{eid}/split", "version=2&variant=nothing") == 400
    assert _post(app, "terms/undo", "") == 200
    assert len(read_glossary(tmp_path / "g.tbx").entries) == 10
    assert _post(app, "terms/undo", "") == 409


def test_alignment_accept_reject_join_split(app: ReviewApp, tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    page = app.handle("GET", "/secret/align/rows?memory=0").body.decode()
    order = [line.split('data-id="')[1].split('"')[0] for line in page.splitlines() if 'class="pair' in line]
    assert order[:3] == ["p2", "p3", "p5"]  # doubtful ones first, in document order
    assert "<mark>5</mark>" in page and "<mark>Security</mark>" not in page
    body = "version=1&memory=0&page=0"
    assert _post(app, "align/pair/p1/accept", body) == 200
    assert _post(app, "align/pair/p3/reject", body) == 200
    assert _post(app, "align/pair/p4/join", body) == 200
    assert _post(app, "align/pair/p7/split", body + "&ru=1&en=1") == 200
    assert _post(app, "align/pair/p1/accept", body) == 409
    units = list(read_tmx(tmx))
    assert [u.source for u in units] == [
        "Совет Безопасности собрался 5 мая.",
        "Санкции обсуждались в Москве.",
        "Россия и Китай подписали 12 соглашений. Торговый оборот вырос.",
        "Это было в 2020 году.",
        "Министр выступил.",
        "Затем начались вопросы.",
    ]
    assert [u.prop("x-Origin") for u in units] == ["Review", "Alignment", "Review", "Alignment", "Review", "Review"]
    assert units[2].prop("x-align-type") == "2-2"
    report = (tmp_path / "a.rejected.tsv").read_text("utf-8").splitlines()
    assert report == [
        "side\tdocument\tparagraph\tsentence",
        "ru\tru.txt\t\tПереговоры продолжатся.",
        "en\ten.txt\t\tTalks will go on.",
    ]


def test_alignment_undo_puts_the_tmx_and_the_report_back_byte_for_byte(app: ReviewApp, tmp_path: Path) -> None:
    tmx, report = tmp_path / "a.tmx", tmp_path / "a.rejected.tsv"
    body = "memory=0&page=0"
    assert _post(app, "align/undo", body) == 409  # nothing to undo yet
    original = tmx.read_bytes()
    states: list[tuple[bytes, bytes | None]] = [(original, None)]
    for path, extra in (
        ("align/pair/p1/accept", ""),
        ("align/pair/p3/reject", ""),
        ("align/pair/p4/join", ""),
        ("align/pair/p7/split", "&ru=1&en=1"),
    ):
        assert _post(app, path, f"version=1&{body}{extra}") == 200, path
        states.append((tmx.read_bytes(), report.read_bytes() if report.exists() else None))
    assert len({s[0] for s in states}) == 5 and states[2][1] is not None
    for before in reversed(states[:-1]):  # each undo: the files as they were before that decision
        response = app.handle("POST", "/secret/align/undo", body.encode())
        assert response.status == 200 and "undone" in response.body.decode()
        assert tmx.read_bytes() == before[0]
        assert (report.read_bytes() if report.exists() else None) == before[1]
    assert _post(app, "align/undo", body) == 409
    page = app.handle("GET", "/secret/align/rows?memory=0").body.decode()
    assert 'data-id="p1"' in page and 'data-id="p7"' in page  # the pairs are back, under their ids
    assert _post(app, "align/pair/p1/accept", f"version=1&{body}") == 409  # a version seen before the undo is stale
    assert _post(app, "align/pair/p1/accept", f"version=3&{body}") == 200
    assert _post(app, "align/undo", "memory=5") == 404


def test_a_split_stays_split_over_a_rebuild(app: ReviewApp, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    fresh = read_glossary(path)  # what a rebuild on the same corpus gives again
    parent = _ids(app)[1]  # санкции, with the variants санкцииа and санкцииу
    assert _post(app, f"terms/entry/{parent}/split", "version=1&variant=санкцииа") == 200
    split_id = _ids(app)[2]
    rebuilt, carried = carry_reviews(fresh, read_glossary(path).entries)
    kept = rebuilt.by_id()
    assert [t.text for t in kept[split_id].terms] == ["санкцииа"] and kept[split_id].terms[0].origin == "review"
    assert kept[parent].terms_in("ru")[0].variants == ["санкцииу"]  # the rebuild's variant is gone again
    assert carried.total == 1
    again, _ = carry_reviews(fresh, rebuilt.entries)  # and over a second rebuild
    assert again.by_id()[parent].terms_in("ru")[0].variants == ["санкцииу"] and split_id in again.by_id()


def test_the_text_filter_finds_what_a_test_per_row_finds(tmp_path: Path) -> None:
    make_glossary(tmp_path / "big.tbx", 300)
    review = TermReview(tmp_path / "big.tbx")
    rows = review.rows()
    queries = {"", "а", "у\n", "номер 1", "номер 29", "term", "council", "zzz", "\x00", "ии", "санкцииу"}
    queries |= {r.search[i : i + 3] for r in rows[::7] for i in range(0, len(r.search), 5)}
    for query in sorted(queries):
        got = [r.id for r in review.page(Filters(text=query), size=10_000).rows]
        text = query.casefold().strip()
        assert got == [r.id for r in rows if text in r.search], repr(query)
    assert review.page(Filters(text="номер 1", status="approved")).total == 0
    assert review.page(Filters(text="номер 1", origin="mt")).total == review.page(Filters(text="номер 1")).total


def test_an_entry_whose_id_needs_quoting_opens_from_its_link(tmp_path: Path) -> None:
    """Ids from another tool's file may hold «#», a space or Cyrillic (a sense's key,
    «сибирь#org»): the rows link to them quoted, and the app unquotes the route."""
    import re

    from glossary.entries import Entry, Glossary, Term
    from glossary.formats import write_glossary

    write_glossary(Glossary([Entry("сибирь#org 2", [Term("Сибирь", "ru"), Term("Sibir", "en")], 3)]), tmp_path / "g.tbx")
    app = ReviewApp(TermReview(tmp_path / "g.tbx"), [], token="secret")
    rows = app.handle("GET", "/secret/terms/rows").body.decode()
    link = re.search(r'hx-get="(terms/entry/[^"]+)"', rows)
    assert link is not None and "#" not in link[1]
    detail = app.handle("GET", f"/secret/{link[1]}")
    assert detail.status == 200 and "Sibir" in detail.body.decode()
