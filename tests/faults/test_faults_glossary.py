"""The fault table of glossary outputs, reviews and formats (issue 14, items 7, 8, 9, 11, 18, 22
and the default copy): each row runs the real `glossary` command in a subprocess, with the
checks of `test_faults.check_fault` (exit code, one line naming the culprit, no traceback,
inputs byte-identical, no `.part` left).

Builds read a small TMX and run without a model (they warn that only reference terms get
equivalents), so each row takes a second or two. The sandbox home, and with it the default
copy `home/xdg_data_home/diplotm/glossary.tbx`, lies inside the workspace, so that rows can
name it and the leftover check covers it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from glossary.entries import Context, Entry, Glossary, Term
from glossary.formats import read_glossary, write_glossary
from tests.faults.test_faults import Fault, check_fault
from tests.support import sandbox_env

NO_MODEL = "no ru→en model installed"  # the one warning of a build from TMX without a model

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ru-RU" creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu tuid="a1"><prop type="x-document">a.txt</prop><tuv xml:lang="ru-RU"><seg>Страны ЕАЭС обсудили развитие ЕАЭС и ОДКБ.</seg></tuv><tuv xml:lang="en-US"><seg>EAEU countries discussed the EAEU and the CSTO.</seg></tuv></tu>
<tu tuid="a2"><prop type="x-document">a.txt</prop><tuv xml:lang="ru-RU"><seg>Товарооборот стран ЕАЭС вырос.</seg></tuv><tuv xml:lang="en-US"><seg>Trade of the EAEU countries grew.</seg></tuv></tu>
</body></tmx>
"""


def default_copy(w: Path) -> Path:
    return w / "home" / "xdg_data_home" / "diplotm" / "glossary.tbx"


def _reviewed(text: str = "reviewer's term", ru: str = "термин рецензента", entry_id: str = "t-review") -> Entry:
    return Entry(
        entry_id, [Term(ru, "ru", status="approved"), Term(text, "en", status="approved", confidence=1.0, origin="review")]
    )


def _proposed() -> Glossary:
    return Glossary([Entry("t1", [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym", confidence=0.5, origin="mt")])])


@pytest.fixture()
def gw(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    (w / "s.tmx").write_text(TMX, encoding="utf-8")
    (w / "article.txt").write_text("Статья о ЕАЭС.\nСтраны обсудили товарооборот.\n", encoding="utf-8")
    (w / "notes.csv").write_text("дата,заметка\n2024-01-01,позвонить в ЕАЭС\n", encoding="utf-8")
    (w / "no-pair.tsv").write_text("id\tru-RU\ten-US\nt1\tЕАЭС\t\n", encoding="utf-8")
    (w / "page.tbx").write_text("<html><body>Не глоссарий</body></html>\n", encoding="utf-8")
    (w / "messages.po").write_text('msgid "Open"\nmsgstr "Открыть"\n', encoding="utf-8")
    write_glossary(Glossary([_reviewed()]), w / "g.tbx")  # a reviewed glossary, rebuilt onto
    write_glossary(Glossary([_reviewed()]), w / "g.txt")
    write_glossary(_proposed(), w / "p.tbx")
    write_glossary(_proposed(), w / "v3.tbx", tbx_version=3)
    write_glossary(_proposed(), w / "p.csv")
    # contexts the PO round trip used to split or break
    arrow = Entry(
        "t1",
        [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym")],
        contexts=[Context("Схема: ЕАЭС → ЕС, рост на 5% (%0A)", "Scheme: EAEU → EU, 5% up", "a @ b.txt", "x1")],
        sources=[("a @ b.txt", "x1")],
    )
    write_glossary(Glossary([arrow]), w / "arrow.tbx")
    newline = Entry(
        "t1",
        [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym")],
        contexts=[Context("Договор о ЕАЭС.", "The EAEU treaty.", "отчёт\nчасть 2.txt", "x1")],
        sources=[("отчёт\nчасть 2.txt", "x1"), ("tab\there.txt", "x2")],
    )
    write_glossary(Glossary([newline]), w / "newline.tbx")
    # control characters XML forbids, in each format that can hold them
    header = (w / "p.csv").read_text(encoding="utf-8").splitlines()[0]
    (w / "bell.csv").write_text(header + "\r\nt1,ЕАЭС,EA\x07EU" + "," * (header.count(",") - 2) + "\r\n", encoding="utf-8")
    (w / "bell.tsv").write_text("id\tru-RU\ten-US\nt1\tЕАЭС\tEA\x1bEU\n", encoding="utf-8")
    (w / "bell.txt").write_text("ЕАЭС\tEA\x00EU\n", encoding="utf-8")
    (w / "bell.po").write_text('msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EA\x07EU"\n', encoding="utf-8")
    (w / "escape.po").write_text('msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EA\\vEU"\n', encoding="utf-8")
    # reviews to take back
    (w / "review.po").write_text('msgctxt "t1#0"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n', encoding="utf-8")
    (w / "obsolete.po").write_text('#~ msgctxt "t1#0"\n#~ msgid "ЕАЭС"\n#~ msgstr "Eurasian Union"\n', encoding="utf-8")
    (w / "moved.po").write_text('msgctxt "t1#0"\nmsgid "ОДКБ"\nmsgstr "CSTO"\n', encoding="utf-8")
    return w


@pytest.fixture()
def genv(gw: Path) -> dict[str, str]:
    return sandbox_env(gw / "home")


@dataclass
class Row:
    fault: Fault
    setup: Callable[[Path], None] = field(default=lambda w: None)  # before the inputs are recorded


def _build(out: str | None, *more: str) -> Callable[[Path], list[str]]:
    return lambda w: ["build", str(w / "s.tmx"), *(["-o", str(w / out)] if out else []), *more]


def _tmx(w: Path) -> list[Path]:
    return [w / "s.tmx"]


def _english(path: Path, entry_id: str = "t1") -> Term:
    return read_glossary(path).by_id()[entry_id].terms_in("en")[0]


def _has_review(path: Path) -> bool:
    return "t-review" in read_glossary(path).by_id()


def _default_a(w: Path) -> None:
    """Project A's build left its glossary, with a review, as the default copy."""
    write_glossary(Glossary([_reviewed("project A's term", "термин проекта А", "t-project-a")]), default_copy(w))


def _default_broken(w: Path) -> None:
    default_copy(w).parent.mkdir(parents=True)
    default_copy(w).write_text("<martif><text>", encoding="utf-8")


def _default_folder(w: Path) -> None:
    default_copy(w).mkdir(parents=True)


def _not_tbx(path: Path) -> bool:
    return not path.exists()


ROWS = [
    # 7. an existing -o must be a glossary of its suffix's format
    Row(
        Fault(
            "build onto a Russian article",
            "glossary",
            _build("article.txt"),
            5,
            "article.txt: exists and is not an OmegaT glossary",
            lambda w: [w / "article.txt", w / "s.tmx"],
        )
    ),
    Row(
        Fault(
            "build onto a notes CSV",
            "glossary",
            _build("notes.csv"),
            5,
            "notes.csv: exists and is not a CSV glossary (no ru-RU and en-US columns",
            lambda w: [w / "notes.csv"],
        )
    ),
    Row(
        Fault(
            "build onto a TSV without a term pair",
            "glossary",
            _build("no-pair.tsv"),
            5,
            "no-pair.tsv: exists and is not a TSV glossary (no row pairs",
            lambda w: [w / "no-pair.tsv"],
        )
    ),
    Row(
        Fault(
            "build onto an HTML page named .tbx",
            "glossary",
            _build("page.tbx"),
            5,
            "page.tbx: exists and is not a TBX glossary (its root element is <html>)",
            lambda w: [w / "page.tbx"],
        )
    ),
    Row(
        Fault(
            "build onto a program's PO file",
            "glossary",
            _build("messages.po"),
            5,
            "messages.po: exists and is not a PO glossary",
            lambda w: [w / "messages.po"],
        )
    ),
    Row(
        Fault(
            "export onto a Russian article",
            "glossary",
            lambda w: ["export", str(w / "p.tbx"), "-o", str(w / "article.txt")],
            5,
            "article.txt: exists and is not an OmegaT glossary",
            lambda w: [w / "article.txt", w / "p.tbx"],
        )
    ),
    Row(
        Fault(
            "build --force replaces a non-glossary",
            "glossary",
            _build("article.txt", "--force"),
            0,
            NO_MODEL,
            _tmx,
            lambda w: "ЕАЭС\tEAEU" in (w / "article.txt").read_text(encoding="utf-8"),
        )
    ),
    Row(
        Fault(
            "build onto an OmegaT glossary keeps its review",
            "glossary",
            _build("g.txt"),
            0,
            NO_MODEL,
            _tmx,
            lambda w: "термин рецензента\treviewer's term" in (w / "g.txt").read_text(encoding="utf-8"),
        )
    ),
    # 8. everything checked before anything is written; --discard-reviews for the unreadable file only
    Row(
        Fault(
            "a broken default copy does not concern -o",
            "glossary",
            _build("g.tbx"),
            0,
            NO_MODEL,
            lambda w: [w / "s.tmx", default_copy(w)],
            lambda w: _has_review(w / "g.tbx"),
        ),
        _default_broken,
    ),
    Row(
        Fault(
            "a broken default copy as the target",
            "glossary",
            _build(None),
            3,
            "glossary.tbx: not a readable TBX file",
            lambda w: [w / "s.tmx", default_copy(w)],
        ),
        _default_broken,
    ),
    Row(
        Fault(
            "--discard-reviews replaces the broken default copy",
            "glossary",
            _build(None, "--discard-reviews"),
            0,
            NO_MODEL,
            lambda w: [w / "s.tmx", w / "g.tbx"],
            lambda w: any(t.text == "ЕАЭС" for e in read_glossary(default_copy(w)).entries for t in e.terms),
        ),
        _default_broken,
    ),
    Row(
        Fault(
            "a broken -o stops the build before writing the default copy",
            "glossary",
            lambda w: ["build", str(w / "s.tmx"), "-o", str(w / "half.tbx"), "--default"],
            3,
            "half.tbx: not a readable TBX file",
            lambda w: [w / "half.tbx", default_copy(w)],
        ),
        lambda w: (_default_a(w), (w / "half.tbx").write_text("<martif><text>", encoding="utf-8")),
    ),
    Row(
        Fault(
            "--default onto a folder leaves -o as it was",
            "glossary",
            _build("g.tbx", "--default"),
            5,
            "glossary.tbx: is a folder",
            lambda w: [w / "g.tbx", w / "s.tmx"],
            lambda w: default_copy(w).is_dir() and not (w / "home" / "xdg_cache_home" / "diplotm" / "glossary-index").exists(),
        ),
        _default_folder,
    ),
    # the default copy belongs to the build that targets it
    Row(
        Fault(
            "build -o leaves the default copy alone",
            "glossary",
            _build("new.tbx"),
            0,
            NO_MODEL,
            lambda w: [w / "s.tmx", default_copy(w)],
            lambda w: "t-project-a" not in read_glossary(w / "new.tbx").by_id(),
        ),
        _default_a,
    ),
    Row(
        Fault(
            "build --default writes -o's glossary to both",
            "glossary",
            _build("g.tbx", "--default"),
            0,
            NO_MODEL,
            _tmx,
            lambda w: (
                (w / "g.tbx").read_bytes() == default_copy(w).read_bytes()
                and _has_review(default_copy(w))
                and "t-project-a" not in read_glossary(default_copy(w)).by_id()
            ),
        ),
        _default_a,
    ),
    Row(
        Fault(
            "build without -o keeps the default copy's reviews",
            "glossary",
            _build(None),
            0,
            NO_MODEL,
            _tmx,
            lambda w: "t-project-a" in read_glossary(default_copy(w)).by_id(),
        ),
        _default_a,
    ),
    # 9. import-po
    Row(
        Fault(
            "import-po skips obsolete messages",
            "glossary",
            lambda w: ["import-po", str(w / "obsolete.po"), "-g", str(w / "p.tbx")],
            0,
            "",
            lambda w: [w / "obsolete.po"],
            lambda w: _english(w / "p.tbx").text == "EAEU" and _english(w / "p.tbx").status == "proposed",
        )
    ),
    Row(
        Fault(
            "import-po checks the msgid",
            "glossary",
            lambda w: ["import-po", str(w / "moved.po"), "-g", str(w / "p.tbx")],
            0,
            "1 messages not applied: their msgid is not the glossary's term",
            lambda w: [w / "moved.po"],
            lambda w: _english(w / "p.tbx").text == "EAEU" and _english(w / "p.tbx").status == "proposed",
        )
    ),
    Row(
        Fault(
            "import-po onto the PO it reads",
            "glossary",
            lambda w: ["import-po", str(w / "review.po"), "-g", str(w / "p.tbx"), "-o", str(w / "review.po")],
            5,
            "review.po: is also an input",
            lambda w: [w / "review.po", w / "p.tbx"],
        )
    ),
    Row(
        Fault(
            "import-po with the PO as the glossary",
            "glossary",
            lambda w: ["import-po", str(w / "review.po"), "-g", str(w / "review.po")],
            5,
            "review.po: is also an input",
            lambda w: [w / "review.po"],
        )
    ),
    Row(
        Fault(
            "import-po -o onto an article",
            "glossary",
            lambda w: ["import-po", str(w / "review.po"), "-g", str(w / "p.tbx"), "-o", str(w / "article.txt")],
            5,
            "article.txt: exists and is not an OmegaT glossary",
            lambda w: [w / "review.po", w / "p.tbx", w / "article.txt"],
        )
    ),
    # 11. PO round trips, TBX versions
    Row(
        Fault(
            "PO round trip of a context with an arrow",
            "glossary",
            lambda w: ["export", str(w / "arrow.tbx"), "-o", str(w / "a.po")],
            0,
            "",
            lambda w: [w / "arrow.tbx"],
            lambda w: read_glossary(w / "a.po").entries == read_glossary(w / "arrow.tbx").entries,
        )
    ),
    Row(
        Fault(
            "PO round trip of a document name with a line break",
            "glossary",
            lambda w: ["export", str(w / "newline.tbx"), "-o", str(w / "n.po")],
            0,
            "",
            lambda w: [w / "newline.tbx"],
            lambda w: read_glossary(w / "n.po").entries == read_glossary(w / "newline.tbx").entries,
        )
    ),
    Row(
        Fault(
            "export onto a TBX v3 keeps v3",
            "glossary",
            lambda w: ["export", str(w / "p.csv"), "-o", str(w / "v3.tbx")],
            0,
            "",
            lambda w: [w / "p.csv"],
            lambda w: (w / "v3.tbx").read_text(encoding="utf-8").count("<tbx ") == 1,
        )
    ),
    Row(
        Fault(
            "export --tbx-version 2 onto a TBX v3",
            "glossary",
            lambda w: ["export", str(w / "p.csv"), "-o", str(w / "v3.tbx"), "--tbx-version", "2"],
            0,
            "",
            lambda w: [w / "p.csv"],
            lambda w: "<martif" in (w / "v3.tbx").read_text(encoding="utf-8"),
        )
    ),
    Row(
        Fault(
            "build onto a TBX v3 keeps v3",
            "glossary",
            _build("v3.tbx"),
            0,
            NO_MODEL,
            _tmx,
            lambda w: (w / "v3.tbx").read_text(encoding="utf-8").count("<tbx ") == 1,
        )
    ),
    Row(
        Fault(
            "export onto its own input",
            "glossary",
            lambda w: ["export", str(w / "p.tbx"), "-o", str(w / "p.tbx")],
            5,
            "p.tbx: is also an input",
            lambda w: [w / "p.tbx"],
        )
    ),
    # 18. control characters XML forbids: refused at read, naming file and line, in every format
    Row(
        Fault(
            "CSV control character",
            "glossary",
            lambda w: ["export", str(w / "bell.csv"), "-o", str(w / "x.tbx")],
            3,
            "bell.csv:2: the 'en-US' cell holds the control character U+0007",
            lambda w: [w / "bell.csv"],
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(
        Fault(
            "TSV control character",
            "glossary",
            lambda w: ["export", str(w / "bell.tsv"), "-o", str(w / "x.tbx")],
            3,
            "bell.tsv:2: the 'en-US' cell holds the control character U+001B",
            lambda w: [w / "bell.tsv"],
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(
        Fault(
            "OmegaT control character",
            "glossary",
            lambda w: ["export", str(w / "bell.txt"), "-o", str(w / "x.tbx")],
            3,
            "bell.txt:1: the line holds the control character U+0000",
            lambda w: [w / "bell.txt"],
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(
        Fault(
            "PO control character",
            "glossary",
            lambda w: ["export", str(w / "bell.po"), "-o", str(w / "x.tbx")],
            3,
            "bell.po:3: the line holds the control character U+0007",
            lambda w: [w / "bell.po"],
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(
        Fault(
            "PO control character as an escape",
            "glossary",
            lambda w: ["export", str(w / "escape.po"), "-o", str(w / "x.tbx")],
            3,
            "escape.po:1: the msgstr holds the control character U+000B",
            lambda w: [w / "escape.po"],
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(
        Fault(
            "PO control character in import-po",
            "glossary",
            lambda w: ["import-po", str(w / "bell.po"), "-g", str(w / "p.tbx")],
            3,
            "bell.po:3: the line holds the control character U+0007",
            lambda w: [w / "bell.po", w / "p.tbx"],
        )
    ),
    # 22. float options
    Row(
        Fault(
            "min-specificity nan",
            "glossary",
            _build("x.tbx", "--min-specificity", "nan"),
            2,
            "'--min-specificity'",
            _tmx,
            lambda w: _not_tbx(w / "x.tbx"),
        )
    ),
    Row(Fault("min-specificity inf", "glossary", _build("x.tbx", "--min-specificity", "inf"), 2, "'--min-specificity'", _tmx)),
    Row(
        Fault(
            "min-word-specificity -inf",
            "glossary",
            _build("x.tbx", "--min-word-specificity", "-inf"),
            2,
            "'--min-word-specificity'",
            _tmx,
        )
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.fault.name for r in ROWS])
def test_glossary_fault(row: Row, gw: Path, genv: dict[str, str]) -> None:
    row.setup(gw)
    check_fault(row.fault, gw, genv)


def test_build_json_counts_the_glossary_written(gw: Path, genv: dict[str, str]) -> None:
    """After a rebuild that keeps reviews, the summary describes the file as written."""
    result = check_fault(Fault("rebuild", "glossary", _build("g.tbx", "--json"), 0, NO_MODEL, _tmx), gw, genv)
    summary = json.loads(result.stdout)
    written = read_glossary(gw / "g.tbx").entries
    assert summary["reviews_kept"] == 1 and summary["reviewed_entries_restored"] == 1
    assert summary["entries"] == len(written)
    assert summary["approved"] == sum(e.status == "approved" for e in written)
    assert summary["proposed"] == summary["entries"] - summary["approved"] and summary["default"] is None


def test_import_po_json_counts_mismatches_and_obsolete(gw: Path, genv: dict[str, str]) -> None:
    (gw / "mixed.po").write_text(
        (gw / "moved.po").read_text(encoding="utf-8") + "\n" + (gw / "obsolete.po").read_text(encoding="utf-8"), encoding="utf-8"
    )
    fault = Fault(
        "mixed",
        "glossary",
        lambda w: ["import-po", str(w / "mixed.po"), "-g", str(w / "p.tbx"), "--json"],
        0,
        "mixed.po:1: t1#0 is 'ЕАЭС' in the glossary, not 'ОДКБ'",
        lambda w: [w / "mixed.po"],
    )
    counts = json.loads(check_fault(fault, gw, genv).stdout)
    assert (counts["mismatched"], counts["obsolete"], counts["approved"], counts["edited"]) == (1, 1, 0, 0)
