"""The number of a headword seen only in the plural (issue 19): a word alone is named in the
singular unless general Russian nearly never uses it so («тарифы» → «тариф», «санкции» stays);
a phrase at the looser share, its modifiers picking the plural sense («бюджетные средства»);
plurals with a sense of their own stay («вооружённые силы», «средства»)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from glossary.extraction.morphology import SINGULAR_SHARE, WORD_SINGULAR_SHARE, named_in_plural, own_plural_sense, singular_share


@pytest.mark.parametrize(
    ("singular", "plural", "stays"),
    [
        ("тариф", "тарифы", False),  # raw-dev: 0.28 singular in general Russian, a dictionary's тариф
        ("льгота", "льготы", False),
        ("субсидия", "субсидии", False),
        ("санкция", "санкции", True),  # 0.05
        ("выборы", "выборы", True),  # Pltm
        ("переговоры", "переговоры", True),  # Pltm
        ("средство", "средства", True),  # funds: a sense of its own
        ("торг", "торги", True),
        ("бюджетное средство", "бюджетные средства", True),  # a phrase: 0.28 < SINGULAR_SHARE
        ("ревизионный орган", "ревизионные органы", False),  # 0.28, but one body: own_plural_sense
        ("оптовый потребитель", "оптовые потребители", False),
        ("жилищная услуга", "жилищные услуги", True),  # 0.22, a sense of its own
        ("городская нужда", "городские нужды", True),
        ("вооружённая сила", "вооружённые силы", True),
        ("рыночная цена", "рыночные цены", False),
    ],
)
def test_a_word_alone_is_held_to_the_stricter_share(singular: str, plural: str, stays: bool) -> None:
    assert named_in_plural(singular, plural) is stays


def test_tariffs_fall_between_the_two_shares() -> None:
    share = singular_share("тарифы")
    assert share is not None and WORD_SINGULAR_SHARE < share < SINGULAR_SHARE


def test_the_bench_looks_a_judged_singular_up_by_its_exact_form_before_the_lemma_key() -> None:
    """«пропускные пункты» is judged `form`; the singular, the right form, has its own line."""
    root = Path(__file__).resolve().parents[3]
    spec = importlib.util.spec_from_file_location("term_precision", root / "bench" / "term_precision.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    categories = bench.load_categories("dev")
    assert bench.category(categories, "пропускной пункт")[0] == "term"
    assert bench.category(categories, "пропускные пункты")[0] == "form"
    assert bench.category(categories, "тариф")[0] == "term"
    assert bench.category(categories, "тарифы")[0] == "form"


def test_a_plural_with_a_sense_of_its_own_stands_apart_from_its_singular() -> None:
    """navec puts «нужды» (needs) far from «нужда» (want), «органы» near «орган»."""
    assert own_plural_sense("нужда", "нужды")
    assert own_plural_sense("отчисление", "отчисления")
    assert not own_plural_sense("орган", "органы")
    assert not own_plural_sense("тариф", "тарифы")
