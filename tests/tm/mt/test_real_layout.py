"""A package with the real translate-ru_en 1.9 layout (real tokenizer, vocabulary, metadata
and stanza files from ../shared/models; random weights) installs, resolves and translates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, sandbox_env

REAL = ROOT.parent / "shared" / "models" / "translate-ru_en-1_9-no-weights"
# A package built from the real layout, installed and run in subprocesses: slow.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REAL / "sentencepiece.model").is_file(), reason="../shared/models is not here"),
]
TM = [sys.executable, "-m", "tm.cli"]


@pytest.fixture(scope="module")
def real_layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.models import build_package

    return build_package(tmp_path_factory.mktemp("real") / "translate-ru_en-1_9.argosmodel", size="tiny", like=REAL)


def test_real_layout_installs_resolves_and_translates(real_layout: Path, tiny_model: Path, tmp_path: Path) -> None:
    env = sandbox_env(tmp_path)
    subprocess.run(TM + ["model", "install", "--file", str(tiny_model)], env=env, check=True, capture_output=True)
    installed = subprocess.run(TM + ["model", "install", "--file", str(real_layout)], env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    listed = json.loads(subprocess.run(TM + ["model", "list", "--json"], env=env, capture_output=True, text=True).stdout)
    used = [(p["code"], p["version"]) for p in listed if p["used"]]
    assert used == [("translate-ru_en-1_9", "1.9")] and len(listed) == 2  # the real package wins over a synthetic one
    assert (Path(next(p for p in listed if p["used"])["path"]) / "stanza" / "ru" / "tokenize" / "syntagrus.pt").is_file()
    translated = subprocess.run(
        TM + ["translate", "Казахстан и Россия подписали договор."], env=env, capture_output=True, text=True
    )
    assert translated.returncode == 0 and translated.stdout.strip(), translated.stderr


def test_real_tokenizer_gives_the_real_token_counts(real_layout: Path) -> None:
    import sentencepiece as spm

    from tm.mt.models import install_file
    from tm.mt.translator import Translator

    translator = Translator(install_file(real_layout), device="cpu")
    real = spm.SentencePieceProcessor(model_file=str(REAL / "sentencepiece.model"))
    sentence = "Всеобъемлющее стратегическое партнерство Казахстана и России в рамках ЕАЭС."
    assert translator.tokenize([sentence]) == [real.encode(sentence, out_type=str)]
    assert translator.info.version == "1.9"
