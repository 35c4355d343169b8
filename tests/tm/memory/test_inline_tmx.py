"""Segments with codes as TMX level 2, and back (tm/memory/inline_tmx.py)."""

from __future__ import annotations

from pathlib import Path

from tm.documents.model import Code
from tm.memory.inline_tmx import codes_of, seg_markup
from tm.memory.tmx import TmxHeader, TmxUnit, read_tmx, write_tmx

TEXT = "Президент Токаев провёл встречу <и> ушёл."
CODES = (
    Code("open", 1, 10, "bold", "<b>"),
    Code("close", 1, 16, "bold", "</b>"),
    Code("placeholder", 2, 31, "footnote"),
    Code("open", 3, 36, "italic"),
)


def test_the_form_omegat_reads_as_its_tags() -> None:
    markup = seg_markup(TEXT, CODES)
    assert markup == (
        'Президент <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Токаев<ept i="1">&lt;/b&gt;</ept> провёл встречу'
        '<ph x="2" type="footnote">&lt;f/&gt;</ph> &lt;и&gt; <it pos="begin" x="3" type="italic">&lt;i&gt;</it>ушёл.'
    )
    text, codes = codes_of(markup)
    assert text == TEXT
    assert [(c.kind, c.id, c.offset, c.type) for c in codes] == [(c.kind, c.id, c.offset, c.type) for c in CODES]


def test_a_unit_with_codes_is_written_valid_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    unit = TmxUnit(TEXT, "President Tokayev held a meeting.", source_markup=seg_markup(TEXT, CODES))
    plain = TmxUnit(TEXT, "President Tokayev held a meeting.")
    assert write_tmx(path, [unit, plain], TmxHeader()) == 2  # the codes are part of the key
    first, second = read_tmx(path)
    assert first.source == TEXT and first.source_markup is not None and second.source_markup is None
    assert codes_of(first.source_markup)[1][0].type == "bold"
