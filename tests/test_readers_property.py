"""Property-based tests for every reader (hypothesis):

- any bytes give entries (or units) or the project's own error, never another exception;
- read(write(x)) == x for generated glossaries and memories, including markup-like text,
  tabs, quotes, `ё`, a leading `=`, and XML-forbidden characters, which are removed by rule.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.entries import Context, Entry, Glossary, Term
from glossary.formats import iter_glossary, read_glossary, write_glossary
from tm.core.errors import TmError
from tm.language.normalize import drop_xml_forbidden
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GLOSSARY_SUFFIXES = [".tbx", ".csv", ".tsv", ".txt", ".po"]

# Text as users produce it, with the awkward characters over-represented.
_awkward = st.sampled_from(list("<>&\"'\t=+-@ёЁ\x00\x0b\ufffe |;:#%") + ["&amp;", "]]>", "<b>", "\\n"])
_text = st.lists(st.one_of(_awkward, st.text(min_size=1, max_size=8)), min_size=1, max_size=8).map("".join)


def _clean(text: str) -> str:
    """What a term may hold: no XML-forbidden characters, no line breaks, no outer spaces."""
    return " ".join(drop_xml_forbidden(text).split())


_term_text = _text.map(_clean).filter(bool)


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    entries = []
    for i in range(draw(st.integers(1, 4))):
        ru = draw(_term_text)
        en = draw(_term_text)
        status = draw(st.sampled_from(["approved", "proposed"]))  # PO holds one status per term pair
        context = Context(draw(_term_text), draw(_term_text), "doc.txt", "abc")
        entries.append(
            Entry(
                f"t{i}",
                [
                    Term(ru, "ru", draw(st.sampled_from(["fullForm", "acronym"])), status=status, variants=[ru]),
                    Term(
                        en,
                        "en",
                        "fullForm",
                        status=status,
                        confidence=draw(st.sampled_from([None, 0.3, 1.0])),
                        origin=draw(st.sampled_from([None, "mt", "review", "reference"])),
                    ),
                ],
                frequency=draw(st.integers(0, 50)),
                score=draw(st.sampled_from([0.0, 1.5, 12.25])),
                contexts=[context],
                sources=[("doc.txt", "abc")],
                ranking=draw(st.sampled_from(["", "C-value 2.00 × (1 + specificity 3.10) × relevance 0.41/0.35 = 9.77"])),
            )
        )
    return Glossary(entries)


@SETTINGS
@given(glossary=glossaries(), suffix=st.sampled_from([".tbx", ".csv", ".tsv", ".po"]), version=st.sampled_from([2, 3]))
def test_glossary_round_trip(glossary: Glossary, suffix: str, version: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{suffix}"
        write_glossary(glossary, path, tbx_version=version)
        assert read_glossary(path).entries == glossary.entries


@SETTINGS
@given(glossary=glossaries().filter(lambda g: not any(e.terms[0].text.startswith("#") for e in g.entries)))
def test_omegat_round_trip_keeps_terms_and_statuses(glossary: Glossary) -> None:
    # OmegaT reads a line starting with # as a comment: such a term cannot be written there.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.txt"
        write_glossary(glossary, path)
        back = read_glossary(path).entries
        assert [(t.text, t.status) for e in back for t in e.terms] == [
            (t.text, e.terms_in("en")[0].status) for e in glossary.entries for t in e.terms
        ]


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from(GLOSSARY_SUFFIXES))
def test_any_bytes_give_entries_or_our_error(data: bytes, suffix: str) -> None:
    _read_any(data, suffix)


@SETTINGS
@given(text=st.text(max_size=300), suffix=st.sampled_from(GLOSSARY_SUFFIXES))
def test_any_text_gives_entries_or_our_error(text: str, suffix: str) -> None:
    _read_any(text.encode("utf-8", "surrogatepass"), suffix)


@SETTINGS
@given(
    body=st.lists(
        st.sampled_from(list('<>/="x tuvseglang:ml&;') + ["<tu>", '<tuv xml:lang="ru">', "<seg>", "</tuv>", "</tu>"]), max_size=60
    ).map("".join)
)
def test_any_tmx_like_text_gives_units_or_our_error(body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.tmx"
        path.write_text('<tmx version="1.4"><header srclang="ru"/><body>' + body, encoding="utf-8")
        try:
            list(read_tmx(path))
        except TmError:
            pass


def _read_any(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{suffix}"
        path.write_bytes(data)
        try:
            list(iter_glossary(path))
        except TmError:
            pass


_segment = _text.map(lambda t: drop_xml_forbidden(t).replace("\r", "\n")).filter(lambda t: t.strip() != "")


@SETTINGS
@given(pairs=st.lists(st.tuples(_segment, _segment), min_size=1, max_size=5, unique=True))
def test_tmx_round_trip(pairs: list[tuple[str, str]]) -> None:
    from tm.memory.tmx import pair_key

    distinct = list({pair_key(s, t): (s, t) for s, t in reversed(pairs)}.values())[::-1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.tmx"
        units = [TmxUnit(s, t, props=[("x-document", s)]) for s, t in distinct]
        write_tmx(path, units, TmxHeader())
        back = list(read_tmx(path, "ru", "en"))
        assert [(u.source, u.target, u.prop("x-document")) for u in back] == [(s, t, s) for s, t in distinct]
