"""A segment's codes put back into its MT (tm/mt/codes.py)."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from tm.documents.codes import isolated
from tm.documents.model import Code
from tm.mt.codes import ALIGNED, ENDS, place_codes


def check_structure(source: Sequence[Code], target: Sequence[Code], length: int) -> None:
    """Every code once, same ids and kinds, offsets in order and in the text, pairs nested."""
    assert sorted((c.kind, c.id) for c in target) == sorted((c.kind, c.id) for c in source)
    assert all(0 <= c.offset <= length for c in target)
    assert [c.offset for c in target] == sorted(c.offset for c in target)
    alone = isolated(source)
    paired = {c.id for i, c in enumerate(source) if c.kind != "placeholder" and i not in alone}
    stack: list[int] = []
    for code in target:
        if code.id not in paired:
            continue
        if code.kind == "open":
            stack.append(code.id)
        else:
            assert stack and stack[-1] == code.id, target
            stack.pop()
    assert not stack


def test_a_bold_name_goes_around_the_corresponding_english_word() -> None:
    source = "Президент Токаев провёл встречу."
    codes = (Code("open", 1, 10, "bold"), Code("close", 1, 16, "bold"), Code("placeholder", 2, 32, "footnote"))
    target = "President Tokayev held a meeting."
    placed, how = place_codes(source, codes, target)
    assert how == ALIGNED
    assert target[placed[0].offset : placed[1].offset] == "Tokayev"
    assert placed[2].offset == len(target)  # at the end in the source, at the end here


def test_a_span_over_words_keeps_a_word_and_nesting_holds() -> None:
    source = "Он сказал очень важные слова сегодня."
    codes = (
        Code("open", 1, 10, "bold"),
        Code("open", 2, 16, "italic"),
        Code("close", 2, 22, "italic"),
        Code("close", 1, 28, "bold"),
    )
    target = "He said words."
    placed, how = place_codes(source, codes, target)
    assert how == ALIGNED
    check_structure(codes, placed, len(target))
    assert placed[1].offset < placed[2].offset  # the italic still covers a word


def test_more_codes_than_words_or_an_empty_output_go_to_the_ends() -> None:
    source = "Один два три четыре."
    codes = (
        Code("close", 1, 0, "bold"),
        Code("open", 2, 5, "italic"),
        Code("close", 2, 8, "italic"),
        Code("placeholder", 3, 12),
        Code("open", 4, 13, "link"),
    )
    for target in ("", "...", "One two."):
        placed, how = place_codes(source, codes, target)
        assert how == ENDS
        check_structure(codes, placed, len(target))
        assert [(c.kind, c.id, c.offset) for c in placed] == [
            ("close", 1, 0),
            ("open", 2, 0),
            ("close", 2, len(target)),
            ("placeholder", 3, len(target)),
            ("open", 4, len(target)),
        ]
    assert place_codes(source, (), "One.") == ((), "")


@st.composite
def coded(draw: st.DrawFn) -> tuple[str, tuple[Code, ...], str]:
    words = draw(st.lists(st.sampled_from(["слово", "ещё", "и", "Токаев", "—", "12,5"]), min_size=1, max_size=12))
    source = " ".join(words) + "."
    cuts = sorted(draw(st.lists(st.integers(0, len(source)), max_size=8)))
    codes: list[Code] = []
    stack: list[int] = []
    for number, offset in enumerate(cuts, 1):
        choice = draw(st.sampled_from(["open", "close", "placeholder", "lone_close"]))
        if choice == "close" and stack:
            codes.append(Code("close", stack.pop(), offset))
        elif choice == "lone_close" and not stack and not codes:
            codes.append(Code("close", 100, offset))
        elif choice == "open":
            stack.append(number)
            codes.append(Code("open", number, offset))
        else:
            codes.append(Code("placeholder", number, offset))
    target = " ".join(draw(st.lists(st.sampled_from(["word", "a", "Tokayev", "-", "12.5"]), max_size=12)))
    return source, tuple(codes), target


@given(coded())
def test_every_code_is_placed_once_in_order_and_nested(case: tuple[str, tuple[Code, ...], str]) -> None:
    source, codes, target = case
    placed, how = place_codes(source, codes, target)
    assert how in ((ALIGNED, ENDS) if codes else ("",))
    check_structure(codes, placed, len(target))
