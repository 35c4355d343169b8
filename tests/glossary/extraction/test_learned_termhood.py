"""The learned termhood prior (glossary/extraction/learned_termhood.py): its features, its
training, its bounds, and that the shipped model is the one its judgements train."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from glossary.extraction import learned_termhood
from glossary.extraction.learned_termhood import MAX_ODDS, MIN_ODDS, TermhoodModel, features, fit, termhood_prior
from glossary.extraction.options import ExtractionOptions
from glossary.extraction.ranking import explain, rank_candidates
from glossary.extraction.relevance import news_embedding, unit
from glossary.extraction.settings_signature import extraction_signature, termhood_version
from tests.support import sandbox_env
from tests.support.cli import run_cli
from tm.core.errors import InputError
from tm.core.exitcodes import BAD_INPUT
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

ROOT = Path(__file__).resolve().parents[3]
WIDTH = 2 * learned_termhood.DIMENSIONS + len(learned_termhood.PLAIN_FEATURES)


def test_features_hold_the_head_noun_vector_and_the_other_words_vector() -> None:
    vector = features("процентная ставка")
    embedding = news_embedding()
    assert vector.shape == (WIDTH,)
    # the head is the noun, wherever it stands; the adjective is the "other words" part
    assert np.allclose(vector[:300], unit(embedding["ставка"]))
    assert np.allclose(vector[300:600], unit(embedding["процентная"]))
    assert np.allclose(features("ставка")[300:600], 0.0)  # a single word has no other words


def test_a_word_navec_does_not_know_has_a_zero_vector_and_says_so() -> None:
    vector = features("Пфыщдкбанк")
    assert np.allclose(vector[:300], 0.0)
    assert vector[600 + learned_termhood.PLAIN_FEATURES.index("head unknown")] == 1.0


def test_fit_separates_what_it_is_shown() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(200, 5))
    labels = (matrix[:, 0] > 0).astype(float)
    weights, bias = fit(matrix, labels, l2=0.001)
    assert ((matrix @ weights + bias > 0) == (labels == 1)).mean() > 0.95
    assert abs(weights[0]) > 5 * max(abs(weights[1:]))


def _model(bias: float) -> TermhoodModel:
    return TermhoodModel(np.zeros(WIDTH), bias, {})


def test_the_prior_is_the_odds_within_bounds() -> None:
    assert termhood_prior("процентная ставка", _model(0.0), exponent=1.0) == pytest.approx(1.0)
    assert termhood_prior("процентная ставка", _model(30.0), exponent=1.0) == pytest.approx(MAX_ODDS)
    assert termhood_prior("процентная ставка", _model(-30.0), exponent=1.0) == pytest.approx(MIN_ODDS)
    assert termhood_prior("процентная ставка", _model(30.0), exponent=0.5) == pytest.approx(MAX_ODDS**0.5)


@pytest.fixture
def model_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Point the shipped model (learned_termhood.MODEL) at another file for one test."""

    def point(path: Path) -> None:
        monkeypatch.setattr(learned_termhood, "MODEL", path)
        learned_termhood.shipped.cache_clear()

    yield point
    monkeypatch.undo()
    learned_termhood.shipped.cache_clear()


def test_no_model_file_means_no_prior(tmp_path: Path, model_at: Callable[[Path], None]) -> None:
    assert learned_termhood.load(tmp_path / "absent.npz") is None
    model_at(tmp_path / "absent.npz")
    assert learned_termhood.shipped() is None
    assert termhood_prior("банковское сообщество") == 1.0
    assert termhood_version(tmp_path / "absent.npz") == "off"


def _unusable_models(folder: Path) -> list[Path]:
    """Model files that are there but cannot be used: each must fail in one clear line."""
    garbage = folder / "garbage.npz"
    garbage.write_bytes(b"not a zip file")
    truncated = folder / "truncated.npz"
    truncated.write_bytes(learned_termhood.MODEL.read_bytes()[:1000])
    keys = folder / "keys.npz"
    np.savez(keys, something=np.zeros(3))
    width = folder / "width.npz"  # another feature layout: a matmul error deep in the ranking before
    np.savez(width, weights=np.zeros(WIDTH - 1), bias=0.0, signature="{}")
    signature = folder / "signature.npz"
    np.savez(signature, weights=np.zeros(WIDTH), bias=0.0, signature="{")
    return [garbage, truncated, keys, width, signature]


def test_a_model_file_that_cannot_be_used_is_an_input_error_naming_it(tmp_path: Path) -> None:
    for path in _unusable_models(tmp_path):
        with pytest.raises(InputError, match=re.escape(str(path))) as raised:
            learned_termhood.load(path)
        assert "\n" not in str(raised.value), path


def test_glossary_build_with_an_unusable_model_stops_with_one_line_before_counting(
    tmp_path: Path, model_at: Callable[[Path], None]
) -> None:
    broken = tmp_path / "model.npz"
    broken.write_bytes(b"not a zip file")
    model_at(broken)
    tmx = tmp_path / "m.tmx"
    write_tmx(tmx, [TmxUnit("Таможенная пошлина снижена.", "The customs duty was cut.")], TmxHeader())
    result = run_cli("glossary", ["build", str(tmx), "-o", str(tmp_path / "g.tbx")], env=sandbox_env(tmp_path))
    assert result.returncode == BAD_INPUT, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "learned termhood model cannot be read" in errors[0] and str(broken) in errors[0]
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "g.tbx").exists()


def test_save_and_load_round_trip_leave_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model = TermhoodModel(np.arange(WIDTH, dtype=float) / WIDTH, -0.5, {"judgements": 3})
    model.save(path)
    loaded = learned_termhood.load(path)
    assert loaded is not None
    assert np.allclose(loaded.weights, model.weights, atol=1e-6) and loaded.bias == -0.5
    assert loaded.signature == {"judgements": 3}
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_a_save_that_fails_leaves_the_old_model_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.npz"
    TermhoodModel(np.zeros(WIDTH), 0.25, {}).save(path)
    before = path.read_bytes()

    def fail(file: Any, **arrays: object) -> None:  # half a file written, then the disk is full
        if isinstance(file, (str, Path)):
            Path(file).write_bytes(b"PK half a file")
        else:
            file.write(b"PK half a file")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", fail)
    with pytest.raises(OSError):
        TermhoodModel(np.ones(WIDTH), -1.0, {}).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


SENTENCES = [
    "Таможенный союз обсудили министры на переговорах в Астане.",
    "Таможенный союз расширит торговлю, заявил министр экономики.",
    "Банковское сообщество обсудило ставки с правительством.",
    "Банковское сообщество ждет решения правительства по налогам.",
]


def test_the_ranking_multiplies_by_the_prior_and_can_go_without_it() -> None:
    on = {c.canonical: c for c in rank_candidates(SENTENCES, ExtractionOptions(use_reference=False, jobs=1))}
    off = {
        c.canonical: c for c in rank_candidates(SENTENCES, ExtractionOptions(use_reference=False, jobs=1, learned_termhood=False))
    }
    assert on and set(on) == set(off)
    for name, c in on.items():
        assert off[name].learned_prior == 1.0
        assert c.learned_prior == pytest.approx(termhood_prior(c.canonical))
        assert c.score == pytest.approx(off[name].score * c.learned_prior)
    changed = [c for c in on.values() if c.learned_prior != 1.0]
    assert changed and all("learned termhood" in explain(c) for c in changed)


def test_the_signature_names_the_model_or_says_it_was_off() -> None:
    assert f"termhood:{learned_termhood_hash()}" in str(extraction_signature(ExtractionOptions()))
    assert "termhood:off" in str(extraction_signature(ExtractionOptions(learned_termhood=False)))


def learned_termhood_hash() -> str:
    import hashlib

    return hashlib.sha256(learned_termhood.MODEL.read_bytes()).hexdigest()[:12]


def test_the_shipped_model_is_what_the_judgements_train() -> None:
    """A judgement added or changed without retraining (bench/train_termhood.py) fails here."""
    spec = importlib.util.spec_from_file_location("train_termhood", ROOT / "bench" / "train_termhood.py")
    assert spec and spec.loader
    trainer = importlib.util.module_from_spec(spec)
    sys.modules["train_termhood"] = trainer
    spec.loader.exec_module(trainer)
    shipped = learned_termhood.load()
    assert shipped is not None
    labels = trainer.judgements()
    assert shipped.signature["judgements"] == len(labels)
    retrained = trainer.train(labels)
    assert np.allclose(retrained.weights, shipped.weights, atol=1e-4)
    assert retrained.bias == pytest.approx(shipped.bias, abs=1e-4)


def test_the_wheel_ships_every_data_file_the_extraction_reads() -> None:
    """pyproject's package-data globs cover glossary/data, the termhood model included: a
    wheel without it would rank without the prior, silently (`termhood:off`)."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["glossary"]
    shipped = {p.relative_to(ROOT / "glossary").as_posix() for p in (ROOT / "glossary" / "data").iterdir()}
    assert learned_termhood.MODEL.relative_to(ROOT / "glossary").as_posix() in shipped
    assert all(any(fnmatch.fnmatch(name, g) for g in globs) for name in shipped), shipped
