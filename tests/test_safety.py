"""Behaviour the fault table cannot show as an error row: what must keep working, and
what must never be lost (reviews, formats, languages, caches, concurrent runs)."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from glossary.entries import Entry, Glossary, Term
from glossary.formats import read_glossary, sniff, write_glossary
from glossary.formats.tabular import escape_cell, unescape_cell
from tests.support import SEEDS, sandbox_env
from tm.memory.tmx import TmxReader

TM = [sys.executable, "-m", "tm.cli"]
GLOSSARY = [sys.executable, "-m", "glossary.cli"]
DOC = SEEDS / "003_talks-narrow-format.txt"


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> dict[str, str]:
    environment = sandbox_env(tmp_path_factory.mktemp("home"))
    assert run(TM + ["model", "install", "--file", str(tiny_model)], environment).returncode == 0
    return environment


def _eaeu(status: str = "approved", en: str = "EAEU", origin: str = "reference") -> Glossary:
    return Glossary(
        [
            Entry(
                "t1",
                [
                    Term("ЕАЭС", "ru", "acronym", status=status),  # type: ignore[arg-type]
                    Term(en, "en", "acronym", status=status, confidence=1.0, origin=origin),
                ],
            )
        ]
    )  # type: ignore[arg-type]


# --- merging other memories ---


@pytest.mark.slow
def test_merge_of_srclang_all_reads_units_by_their_languages(env: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "all.tmx"
    other.write_text(
        '<tmx version="1.4"><header srclang="*all*" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv><tuv xml:lang="ru-RU"><seg>Привет.</seg></tuv></tu>'
        '<tu><tuv xml:lang="de"><seg>Hallo.</seg></tuv><tuv xml:lang="ru"><seg>Привет.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    result = run(TM + ["build", str(DOC), "-o", str(tmp_path / "o.tmx"), "--merge", str(other), "--json"], env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["merged"] == 1 and summary["merge_skipped"] == 1 and "1 units without both languages" in result.stderr
    merged = [u for u in TmxReader(tmp_path / "o.tmx", "ru", "en") if u.source == "Привет."]
    assert [u.target for u in merged] == ["Hello."]


@pytest.mark.slow
def test_keep_going_skips_a_missing_file(env: dict[str, str], tmp_path: Path) -> None:
    result = run(TM + ["build", str(DOC), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.tmx"), "--keep-going"], env)
    assert result.returncode == 4 and "missing.txt: no such file" in result.stderr and (tmp_path / "o.tmx").exists()


# --- glossaries keep their format and their reviews ---


@pytest.mark.slow
def test_import_po_keeps_a_tbx_v3_glossary_v3(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "v3.tbx"
    write_glossary(_eaeu(status="proposed", origin="mt"), target, tbx_version=3)
    write_glossary(read_glossary(target), tmp_path / "review.po")
    po = polib.pofile(str(tmp_path / "review.po"))
    po[0].flags.remove("fuzzy")
    po.save()
    assert run(GLOSSARY + ["import-po", str(tmp_path / "review.po"), "-g", str(target)], env).returncode == 0
    assert sniff(target) == "tbx3" and read_glossary(target).entries[0].status == "approved"


@pytest.mark.slow
def test_out_of_range_po_index_is_counted_and_reported(env: dict[str, str], tmp_path: Path) -> None:
    write_glossary(_eaeu(), tmp_path / "g.tbx")
    (tmp_path / "r.po").write_text('msgctxt "t1#7"\nmsgid "ЕАЭС"\nmsgstr "EAEU"\n', encoding="utf-8")
    result = run(GLOSSARY + ["import-po", str(tmp_path / "r.po"), "-g", str(tmp_path / "g.tbx")], env)
    assert result.returncode == 0 and "1 messages skipped" in result.stdout and "r.po:1: t1#7 names term #7" in result.stderr


@pytest.mark.slow  # the whole seeds glossary
def test_a_rebuild_keeps_reviewed_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_memory: Path, seeds_glossary: Glossary
) -> None:
    """carry_reviews through the library call `glossary build` makes: the reviews of -o survive
    a rebuild into -o and the default copy, and the report counts the file as written. The
    rebuilds run without a model (a TMX source needs none): reviews are English a person gave."""
    from glossary.build import GlossaryBuildRequest, build_and_write
    from glossary.targets import default_glossary
    from tm.mt.cache import TranslationCache

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # this test's own default copy and index
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "g.tbx"

    def build(discard_reviews: bool = False):  # type: ignore[no-untyped-def]
        request = GlossaryBuildRequest(out, also_default=True, discard_reviews=discard_reviews)
        return build_and_write([str(seeds_memory)], request, lambda needed: None, lambda: TranslationCache(None))

    glossary = copy.deepcopy(seeds_glossary)  # what the first build wrote, reviewed by a person
    proposed = next(e for e in glossary.entries if e.status == "proposed" and e.terms_in("en"))
    proposed.terms_in("en")[0].text, proposed.terms_in("en")[0].origin = "reviewed by a person", "review"
    proposed.terms_in("en")[0].status = "approved"
    glossary.entries.append(
        Entry(
            "t-only-in-review",
            [
                Term("термин рецензента", "ru", status="approved"),
                Term("reviewer's term", "en", status="approved", origin="review"),
            ],
        )
    )
    write_glossary(glossary, out)  # reviews come from -o; the default copy gets the same glossary

    report = build()
    assert (report.reviews.total, report.reviews.kept) == (2, 1)
    assert report.outputs == [out, default_glossary()] and report.default == default_glossary()
    for path in report.outputs:
        written = read_glossary(path).entries
        assert (report.entries, report.approved) == (len(written), sum(e.status == "approved" for e in written))
        rebuilt = {e.id: e for e in written}
        assert rebuilt[proposed.id].terms_in("en")[0].text == "reviewed by a person"
        assert rebuilt["t-only-in-review"].terms_in("en")[0].text == "reviewer's term"
    fresh = build(discard_reviews=True)
    assert fresh.reviews.total == 0 and "t-only-in-review" not in read_glossary(out).by_id()
    assert fresh.approved == report.approved - 2  # the reviewer's two approvals are gone with the reviews


# --- CSV ---


def test_formula_cells_are_escaped_and_read_back_exactly(tmp_path: Path) -> None:
    texts = ['=HYPERLINK("x")', "+7 495", "-based", "@SUM(A1)", "'quoted", "обычный"]
    for text in texts:
        assert unescape_cell(escape_cell(text)) == text
    glossary = Glossary([Entry(f"t{i}", [Term(t, "ru"), Term(t, "en")]) for i, t in enumerate(texts)])
    for name in ("g.csv", "g.tsv"):
        write_glossary(glossary, tmp_path / name)
        raw = (tmp_path / name).read_text(encoding="utf-8")
        assert "\n=" not in raw and ",=" not in raw and "\t=" not in raw
        assert read_glossary(tmp_path / name).entries == glossary.entries


def test_a_csv_cell_over_128_kib_is_read(tmp_path: Path) -> None:
    long = "договор " * 20000
    glossary = Glossary([Entry("t1", [Term(long.strip(), "ru"), Term("treaty", "en")])])
    write_glossary(glossary, tmp_path / "g.csv")
    assert read_glossary(tmp_path / "g.csv").entries == glossary.entries


# --- caches are derived data ---


def _corrupt(path: Path, how: str) -> None:
    """Damage a cache that is ours: by its stamp, or (truncated) by its schema from before
    the stamp. A path that is not recognisably ours is refused instead (test_faults_outputs.py)."""
    if how.startswith("stamped"):
        from tm.mt.cache import TranslationCache

        cache = TranslationCache(path)
        cache.store("m", [(f"s{i}" * 50, "t" * 200) for i in range(3000)])
        cache.close()
        data = path.read_bytes()
        if how == "stamped, truncated":
            path.write_bytes(data[: len(data) // 3])
        elif how == "stamped, garbage after the header":
            path.write_bytes(data[:100] + os.urandom(len(data) - 100))
        else:  # another schema version
            path.write_bytes(data[:60] + (99).to_bytes(4, "big") + data[64:])
    elif how == "truncated":
        db = sqlite3.connect(path)
        db.execute(
            "CREATE TABLE translation (model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (model, source))"
        )
        db.executemany("INSERT INTO translation VALUES ('m', ?, ?)", [(f"s{i}" * 50, "t" * 200) for i in range(3000)])
        db.commit()
        db.close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])


@pytest.mark.slow
@pytest.mark.parametrize(
    "how", ["truncated", "stamped, truncated", "stamped, garbage after the header", "stamped, another schema version"]
)
def test_a_corrupt_translation_cache_is_moved_aside(env: dict[str, str], tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache.sqlite3"
    _corrupt(cache, how)
    result = run(TM + ["build", str(DOC), "-o", str(tmp_path / "o.tmx"), "--cache", str(cache)], env)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and str(cache) in warnings[0] and "moved it to cache.sqlite3.corrupt-" in warnings[0]
    assert list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    again = run(TM + ["build", str(DOC), "-o", str(tmp_path / "o.tmx"), "--cache", str(cache), "--json"], env)
    assert json.loads(again.stdout)["translated"] == 0 and "warning" not in again.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", ["garbage", "empty", "no stamp"])
def test_a_corrupt_lookup_index_is_rebuilt_silently(env: dict[str, str], tmp_path: Path, how: str) -> None:
    from glossary.lookup.index import index_path

    glossary = tmp_path / "g.tbx"
    write_glossary(_eaeu(), glossary)
    assert run(GLOSSARY + ["lookup", "ЕАЭС", "-g", str(glossary)], env).returncode == 0
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    try:
        index = index_path(glossary)
    finally:
        if old is not None:
            os.environ["XDG_CACHE_HOME"] = old
    if how == "garbage":
        index.write_bytes(os.urandom(2048))
    elif how == "empty":
        index.write_bytes(b"")
    else:
        db = sqlite3.connect(index)
        db.execute("DELETE FROM meta")
        db.commit()
        db.close()
    result = run(GLOSSARY + ["lookup", "ЕАЭС", "-g", str(glossary)], env)
    assert result.returncode == 0 and "EAEU" in result.stdout and result.stderr == ""


@pytest.mark.slow
def test_the_cache_key_covers_decoding_settings(env: dict[str, str], tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite3"
    command = TM + ["build", str(DOC), "-o", str(tmp_path / "o.tmx"), "--cache", str(cache), "--json"]
    first = json.loads(run(command, env).stdout)
    assert json.loads(run(command, env).stdout)["translated"] == 0
    other_beam = json.loads(run(command, env | {"ARGOS_BEAM_SIZE": "2"}).stdout)
    assert other_beam["translated"] == first["translated"] > 0


# --- concurrency ---


@pytest.mark.slow
def test_parallel_lookups_while_the_index_is_rebuilt(env: dict[str, str], tmp_path: Path) -> None:
    glossary = tmp_path / "g.tbx"
    write_glossary(_eaeu(), glossary)
    for round_ in range(6):
        os.utime(glossary, ns=(round_ * 10**9, round_ * 10**9))  # a new stamp: every lookup wants a rebuild
        lookups = [
            subprocess.Popen(
                GLOSSARY + ["lookup", "ЕАЭС", "-g", str(glossary), "--json"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for process in lookups:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0 and err == "", err
            assert json.loads(out)["hits"][0]["entry"]["id"] == "t1"
    assert not list(Path(env["XDG_CACHE_HOME"]).rglob("*.part"))


@pytest.mark.slow
def test_parallel_builds_share_one_cache(env: dict[str, str], tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite3"
    builds = [
        subprocess.Popen(
            TM + ["build", str(SEEDS / name), "-o", str(tmp_path / f"{i}.tmx"), "--cache", str(cache), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, name in enumerate(["002_tokayev-article-rg.txt", "003_talks-narrow-format.txt", "002_tokayev-article-rg.txt"])
    ]
    for process in builds:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0 and "warning" not in err, err
    db = sqlite3.connect(cache)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- file names and the CLI surface ---


@pytest.mark.slow
def test_undecodable_file_names_stay_distinct_and_json_stays_valid(env: dict[str, str], tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "docs")
    os.mkdir(folder)
    for raw in (b"caf\xe9.txt", b"caf\xe8.txt"):
        with open(os.path.join(folder, raw), "wb") as handle:
            handle.write(DOC.read_bytes())
    result = subprocess.run(TM + ["segment", str(tmp_path / "docs"), "--json"], env=env, capture_output=True, timeout=120)
    assert result.returncode == 0
    documents = {json.loads(line.decode("utf-8"))["document"] for line in result.stdout.splitlines()}
    assert {Path(d).name for d in documents} == {"caf\\xe9.txt", "caf\\xe8.txt"}


@pytest.mark.slow
def test_version_and_program_names(env: dict[str, str]) -> None:
    assert run(GLOSSARY + ["--version"], env).stdout.startswith("glossary ")
    assert run(TM + ["--version"], env).stdout.startswith("tm ")


@pytest.mark.slow
def test_lookup_exit_codes(env: dict[str, str], tmp_path: Path) -> None:
    write_glossary(_eaeu(), tmp_path / "g.tbx")
    assert run(GLOSSARY + ["lookup", "ЕАЭС", "-g", str(tmp_path / "g.tbx")], env).returncode == 0
    assert run(GLOSSARY + ["lookup", "совсем другое", "-g", str(tmp_path / "g.tbx")], env).returncode == 1
