"""The persistent index of `tm search` and `tm concord` (tm/memory/index.py): the same
results as brute force, built once, rebuilt when the TMX or the index file changes."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tm.memory import concordance as scan
from tm.memory import index
from tm.memory import search as brute

WORDS = (
    "правительство России обсудило новый закон о бюджете на следующий год министр экономики заявил что рост "
    "ВВП составит процента в этом году Москва и Вашингтон договорились продолжить переговоры по вопросам "
    "стратегической стабильности президент подписал указ о назначении нового посла компания объявила о "
    "сокращении сотрудников цены на нефть выросли после решения ОПЕК всеобъемлющего стратегического партнерства"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99)},{rng.randint(0, 9)}")
    return " ".join(words).capitalize() + rng.choice([".", "!", "?", ""])


def _perturb(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(0, 3)):
        choice = rng.random()
        if choice < 0.4 and len(words) > 1:
            words.pop(rng.randrange(len(words)))
        elif choice < 0.7:
            words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
        else:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def write_tmx(path: Path, units: list[tuple[str, str]], origin: str = "Alignment") -> Path:
    body = "".join(
        f'<tu tuid="u{n}"><prop type="x-Origin">{origin}</prop><prop type="x-document">d{n % 7}.txt</prop>'
        f'<tuv xml:lang="ru"><seg>{escape(ru)}</seg></tuv><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>'
        for n, (ru, en) in enumerate(units)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
        f"<body>{body}</body></tmx>",
        encoding="utf-8",
    )
    return path


def _memory(tmp_path: Path, seed: int = 7, size: int = 400) -> tuple[Path, list[str]]:
    rng = random.Random(seed)
    bases = [_sentence(rng) for _ in range(size // 4)]
    units = []
    for n in range(size):
        ru = _perturb(rng, rng.choice(bases)) if n % 3 else rng.choice(bases)
        units.append((ru, f"The partnerships agreed on {n} strategic talks."))
    units += units[:10]  # duplicates: ranked once, as brute force does
    queries = [_perturb(rng, rng.choice(bases)) for _ in range(60)] + [_sentence(rng) for _ in range(20)]
    return write_tmx(tmp_path / "memory.tmx", units), queries


def _key(matches: list[brute.Match]) -> list[tuple[object, ...]]:
    return [(m.scores.as_tuple(), m.source, m.target, m.tuid, m.memory) for m in matches]


@pytest.mark.parametrize("scan_units", [index.SCAN_UNITS, 0])
def test_the_same_matches_as_brute_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan_units: int) -> None:
    monkeypatch.setattr(index, "SCAN_UNITS", scan_units)
    memory, queries = _memory(tmp_path)
    second = write_tmx(tmp_path / "second.tmx", [("Министр экономики заявил о росте ВВП.", "The minister spoke.")] * 3)
    expected = brute.search(queries, [memory, second])
    got = index.search(queries, [memory, second])
    top1 = sum(_key(e)[:1] == _key(g)[:1] for e, g in zip(expected, got, strict=True))
    top5 = sum({*_key(e)} == {*_key(g)} for e, g in zip(expected, got, strict=True))
    if scan_units:  # with the scan of small memories, exactly brute force
        assert got == expected
    assert top1 == len(queries) and top5 >= 0.95 * len(queries)


def test_the_same_concordance_as_the_scan(tmp_path: Path) -> None:
    memory, _ = _memory(tmp_path, size=120)
    queries = ["всеобъемлющее стратегическое", "министра", "России", "ВВП", "strategic partnership", "agree", "кошка", "18,3"]
    expected = scan.concordance(queries, [memory], limit=5)
    got = index.concordance(queries, [memory], limit=5)
    assert got == expected
    assert any(found.total > 5 for found in got)


def test_built_once_then_reused_and_rebuilt_when_the_tmx_or_the_index_changes(tmp_path: Path) -> None:
    memory, queries = _memory(tmp_path, size=40)
    before = index.builds
    first = index.search(queries[:3], [memory])
    assert index.builds == before + 1
    path = index.index_path(memory)
    assert path.is_file()
    assert index.search(queries[:3], [memory]) == first and index.builds == before + 1  # reused

    # the same bytes written again (a new mtime): hashed, not rebuilt
    memory.write_bytes(memory.read_bytes())
    assert index.search(queries[:3], [memory]) == first and index.builds == before + 1

    # new content of the same size, within the same timestamp tick: rebuilt
    text = memory.read_text(encoding="utf-8")
    stat = memory.stat()
    memory.write_text(text.replace("Alignment", "Alignmenx"), encoding="utf-8")
    os.utime(memory, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = index.search(queries[:3], [memory])
    assert index.builds == before + 2
    assert {m.origin for found in changed for m in found} == {"Alignmenx"}
    assert changed == brute.search(queries[:3], [memory])

    path.write_bytes(b"garbage, not SQLite" * 100)  # corrupt: rebuilt without a word
    assert index.search(queries[:3], [memory]) == changed and index.builds == before + 3
    path.unlink()
    assert index.search(queries[:3], [memory]) == changed and index.builds == before + 4
    import sqlite3

    path.unlink()
    sqlite3.connect(path).executescript("CREATE TABLE meta(key, value); INSERT INTO meta VALUES ('schema', 'x');")
    assert index.search(queries[:3], [memory]) == changed and index.builds == before + 5  # foreign: rebuilt

    concords = index.concordance_builds
    index.concordance(["министр"], [memory])
    index.concordance(["министр"], [memory])
    assert index.concordance_builds == concords + 1


def test_an_unwritable_index_folder_scans_with_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tm.core import notices

    memory, queries = _memory(tmp_path, size=30)
    blocked = tmp_path / "cache-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(index, "index_folder", lambda: blocked / "tm-index")
    said: list[str] = []
    previous = notices.set_sink(said.append)
    try:
        assert index.search(queries[:2], [memory]) == brute.search(queries[:2], [memory])
        assert index.concordance(["министр"], [memory]) == scan.concordance(["министр"], [memory])
    finally:
        notices.set_sink(previous)
    assert len(said) == 2 and all("cannot write the search index" in line for line in said)


def test_a_broken_tmx_is_the_scans_error(tmp_path: Path) -> None:
    from tm.core.errors import TmxError

    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header/><body><tu>", encoding="utf-8")
    with pytest.raises(TmxError):
        index.search(["ВВП"], [broken])
    assert not list(index.index_folder().glob(".*.part"))


_BUILDER = """
import sys
from pathlib import Path
from tm.memory import index
index.search(["Министр экономики заявил"], [Path(sys.argv[1])])
print(index.builds)
"""


def test_concurrent_builders_leave_a_valid_index(tmp_path: Path) -> None:
    memory, queries = _memory(tmp_path, size=300)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    procs = [
        subprocess.Popen([sys.executable, "-c", _BUILDER, str(memory)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and not err, err
    before = index.builds
    assert index.search(queries[:5], [memory]) == brute.search(queries[:5], [memory])
    assert index.builds == before  # one of theirs, reused
    assert not list(index.index_folder().glob(".*.part"))


def test_stems_of_is_tokens_stem() -> None:
    from tm.memory.matching import tokens_stem

    rng = random.Random(3)
    for _ in range(200):
        text = _sentence(rng) + " Всё-таки A&B 18,3 сказал"
        assert index.stems_of(text) == list(tokens_stem(text))


def test_an_index_failing_inside_is_rebuilt_once_then_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from tm.core import notices

    memory, queries = _memory(tmp_path, size=30)
    expected = brute.search(queries[:2], [memory])
    real = index.MemoryIndex.candidates
    failures = [1]

    def damaged(self: index.MemoryIndex, stems: list[str]) -> object:
        if failures:
            failures.pop()
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(self, stems)

    monkeypatch.setattr(index.MemoryIndex, "candidates", damaged)
    before = index.builds
    # built, found damaged, rebuilt: silently
    assert index.search(queries[:2], [memory]) == expected and index.builds == before + 2
    failures[:] = [1, 1]
    said: list[str] = []
    previous = notices.set_sink(said.append)
    try:
        assert index.search(queries[:2], [memory]) == expected  # twice: scanned, with a warning
    finally:
        notices.set_sink(previous)
    assert len(said) == 1 and "the search index fails" in said[0]
