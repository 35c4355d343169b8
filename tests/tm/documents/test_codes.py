"""Codes of a block distributed into its sentences, as OmegaT segments them (tm/documents/codes.py)."""

from __future__ import annotations

from tm.documents.model import Block, Code
from tm.memory.inline_tmx import seg_markup
from tm.text.documents import Document
from tm.text.segment import segment_document


def _document(*blocks: Block) -> Document:
    return Document("t.docx", "\n".join(b.text for b in blocks), "utf_8", "docx", blocks)


def test_a_pair_inside_a_sentence_stays_a_pair_and_counts_from_its_sentence() -> None:
    text = "Президент Токаев провёл встречу. Она была важной для всех."
    codes = (
        Code("open", 7, 10, "bold", "<b>"),
        Code("close", 7, 16, "bold", "</b>"),
        Code("open", 3, 42, "italic"),
        Code("close", 3, 48, "italic"),
    )
    first, second = segment_document(_document(Block(text, codes)))
    assert first.text[first.codes[0].offset : first.codes[1].offset] == "Токаев"
    assert [(c.kind, c.id) for c in first.codes] == [("open", 1), ("close", 1)]
    # Numbered per paragraph, as OmegaT numbers its tags (<i1> in the second sentence).
    assert [(c.kind, c.id) for c in second.codes] == [("open", 2), ("close", 2)]
    assert second.text[second.codes[0].offset : second.codes[1].offset] == "важной"


def test_a_pair_across_a_boundary_is_an_open_and_a_close_alone() -> None:
    text = "Первое предложение. Второе предложение."
    first, second = segment_document(_document(Block(text, (Code("open", 1, 7, "bold"), Code("close", 1, 26, "bold")))))
    assert [(c.kind, c.offset) for c in first.codes] == [("open", 7)]
    assert [(c.kind, c.offset) for c in second.codes] == [("close", 6)]


def test_codes_at_a_sentences_ends_stay_with_it() -> None:
    text = "Это жирное предложение. Потом обычное."
    block = Block(
        text + " Ещё.",
        (Code("open", 1, 0, "bold"), Code("close", 1, 23, "bold"), Code("placeholder", 2, 38, "footnote")),
    )
    first, second, _ = segment_document(_document(block))
    assert [(c.kind, c.offset) for c in first.codes] == [("open", 0), ("close", len(first.text))]
    assert [(c.kind, c.offset) for c in second.codes] == [("placeholder", len(second.text))]


def _kept(codes: tuple[Code, ...]) -> list[tuple[str, int]]:
    return [(c.kind, c.offset) for c in codes if not c.outside]


def test_codes_outside_the_paragraphs_text_are_marked_and_left_out_of_the_tmx() -> None:
    """OmegaT's "remove leading and trailing tags": a pair around the whole paragraph and a
    placeholder at its very start or end are outside (kept on the segment for MT, XLIFF and
    write-back, left out of its TMX markup); a pair that closes inside the text stays."""
    text = "Первое предложение. Второе."
    around = Block(text, (Code("placeholder", 1, 0, "field"), Code("open", 2, 0, "bold"), Code("close", 2, 27, "bold")))
    first, second = segment_document(_document(around))
    assert [_kept(s.codes) for s in (first, second)] == [[], []]
    assert [(c.kind, c.outside) for c in first.codes + second.codes] == [
        ("placeholder", True),
        ("open", True),
        ("close", True),
    ]
    assert seg_markup(first.text, first.codes) == first.text  # the TMX source as OmegaT's segment
    block = Block(text, (Code("open", 1, 0, "bold"), Code("close", 1, 6, "bold"), Code("placeholder", 2, 27, "footnote")))
    first, second = segment_document(_document(block))
    assert _kept(first.codes) == [("open", 0), ("close", 6)] and _kept(second.codes) == []
    assert [c.outside for c in second.codes] == [True]


def test_a_dialogue_dash_is_cut_and_the_codes_move_with_the_text() -> None:
    text = "– Да, Токаев приехал."
    block = Block(text, (Code("open", 1, 6, "bold"), Code("close", 1, 12, "bold")))
    (segment,) = segment_document(_document(block))
    assert segment.dash == "–" and segment.text == "Да, Токаев приехал."
    assert segment.text[segment.codes[0].offset : segment.codes[1].offset] == "Токаев"


def test_blocks_not_to_translate_and_furniture_are_left_out_and_plain_text_has_no_codes() -> None:
    document = _document(Block("Главная"), Block("Токаев приехал.", translate=False), Block("Он выступил."))
    assert [s.text for s in segment_document(document)] == ["Он выступил."]
    plain = Document("t.txt", "Он выступил.", "utf_8")
    assert [s.codes for s in segment_document(plain)] == [()]
    assert "codes" not in segment_document(plain)[0].to_dict()
