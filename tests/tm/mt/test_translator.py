"""The batched translator against argostranslate's own translation code, same package."""

from __future__ import annotations

import math

import pytest

from tests.support import SEEDS
from tm.core.errors import UsageError
from tm.text.documents import read_document
from tm.text.segment import segment_document


class WholeText:
    """A sentence splitter that returns its input: our segments already are sentences."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    texts = [s.text for p in sorted(SEEDS.glob("*.txt")) for s in segment_document(read_document(str(p)))]
    return list(dict.fromkeys(texts))


@pytest.mark.slow  # over 3 s: CI runs it, the fast subset does not
def test_batched_output_equals_argostranslate_per_sentence(tiny_package, translator, seed_sentences) -> None:
    import ctranslate2
    from argostranslate import settings
    from argostranslate.translate import apply_packaged_translation

    argos_model = ctranslate2.Translator(
        str(tiny_package.package_path / "model"), device="cpu", compute_type=settings.compute_type
    )
    expected = [
        apply_packaged_translation(tiny_package, s, argos_model, WholeText(), num_hypotheses=1)[0].value for s in seed_sentences
    ]
    got = translator.translate(seed_sentences)
    assert got == expected
    assert len(set(got)) > len(got) // 2, "the synthetic model should give varied output"


# The seeds translated alone and in batches with int8: slow.
@pytest.mark.slow
def test_int8_batching_rarely_changes_a_translation(tiny_package, seed_sentences, monkeypatch) -> None:
    """With int8 compute, batched and one-by-one decoding may differ on near-ties; bound it."""
    from argostranslate import settings

    from tm.mt.translator import Translator

    monkeypatch.setattr(settings, "compute_type", "int8")
    batched = Translator(tiny_package, device="cpu", batch_size=32).translate(seed_sentences)
    alone = Translator(tiny_package, device="cpu", batch_size=1).translate(seed_sentences)
    differing = sum(a != b for a, b in zip(batched, alone, strict=False))
    assert differing <= len(seed_sentences) * 0.03


def test_sentences_go_to_the_model_in_batches(translator, seed_sentences) -> None:
    seen: list[int] = []
    translator.translate(seed_sentences, on_batch=lambda sources, targets: seen.append(len(sources)))
    assert translator.calls == math.ceil(len(seed_sentences) / translator.batch_size)
    assert sum(seen) == len(seed_sentences) and max(seen) == translator.batch_size


def test_order_of_input_is_kept(translator, seed_sentences) -> None:
    forward = translator.translate(seed_sentences[:40])
    backward = translator.translate(seed_sentences[:40][::-1])
    assert backward == forward[::-1]


def test_bad_device_is_rejected(tiny_package) -> None:
    from tm.mt.translator import resolve_device

    with pytest.raises(UsageError, match="device must be"):
        resolve_device("tpu")
    assert resolve_device("auto") in ("cpu", "cuda")
