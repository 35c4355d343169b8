"""Shared fixtures, and the sandbox every test runs in.

argostranslate reads its directories from the environment when first imported, so
`pytest_configure` points XDG and the translation cache at a temporary folder before any
test module is collected (and so before anything imports argostranslate): no test writes
into the real home directory. Under pytest-xdist each worker configures its own sandbox,
and session fixtures are built once per worker."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import SEEDS

_SANDBOX_KEY = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    sandbox = Path(tempfile.mkdtemp(prefix="diplotm-tests-"))
    config.stash[_SANDBOX_KEY] = sandbox
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(sandbox / name.lower())
    os.environ["TM_CACHE"] = str(sandbox / "tm-cache.sqlite3")
    # CTranslate2's int8 kernels (what "auto" picks on most CPUs) are not batch-invariant: a
    # near-tie can resolve differently in a batch of 32 than alone. float32 is, so the exact
    # parity test runs with it; test_translator.py also bounds the int8 disagreement.
    os.environ["ARGOS_COMPUTE_TYPE"] = "float32"
    os.environ.pop("ARGOS_PACKAGES_DIR", None)
    os.environ.pop("ARGOS_PACKAGE_INDEX", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    sandbox = config.stash.get(_SANDBOX_KEY, None)
    if sandbox is not None:
        shutil.rmtree(sandbox, ignore_errors=True)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real argos ru→en package with random weights, built once per test session."""
    from tests.support.models import build_package

    return build_package(tmp_path_factory.mktemp("model") / "tiny.argosmodel", size="tiny")


@pytest.fixture(scope="session")
def tiny_package(tiny_model: Path):  # type: ignore[no-untyped-def]
    from tm.mt.models import install_file

    return install_file(tiny_model)


@pytest.fixture()
def translator(tiny_package):  # type: ignore[no-untyped-def]
    from tm.mt.translator import Translator

    return Translator(tiny_package, device="cpu", batch_size=16)


@pytest.fixture(scope="session")
def seed_sentences() -> list[str]:
    """The seeds' sentences, each once, as `tm segment` cuts them."""
    from tm.text.documents import read_document
    from tm.text.segment import segment_document

    return list(dict.fromkeys(s.text for p in sorted(SEEDS.glob("*.txt")) for s in segment_document(read_document(str(p)))))


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds_memory(tmp_path_factory: pytest.TempPathFactory, tiny_package) -> Path:  # type: ignore[no-untyped-def]
    """The seeds' translation memory, built once with the tiny model."""
    from tm.memory.build import BuildOptions, build_memory
    from tm.mt.cache import TranslationCache
    from tm.mt.translator import Translator

    out = tmp_path_factory.mktemp("tm") / "seeds.tmx"
    build_memory([str(SEEDS)], out, Translator(tiny_package, device="cpu"), TranslationCache(None), BuildOptions())
    return out


@pytest.fixture(scope="session")
def seeds_glossary(seeds_memory: Path, tiny_package):  # type: ignore[no-untyped-def]
    from glossary.build import build_glossary, load_units
    from tm.mt.cache import TranslationCache
    from tm.mt.translator import Translator

    translator, cache = Translator(tiny_package, device="cpu"), TranslationCache(None)
    return build_glossary(load_units([str(seeds_memory)], translator, cache), translator, cache)


@pytest.fixture(scope="session")
def ray_cluster():  # type: ignore[no-untyped-def]
    """A local Ray cluster (head + one worker node, one CPU each, on 127.0.0.1), started once
    for the Ray tests (tests/support/ray_cluster.py) and stopped at the end; a test that kills
    a node leaves it to `restore`. Skips, saying why, without Ray."""
    from tests.support.ray_cluster import NEEDS_RAY, LocalCluster, have_ray

    if not have_ray():
        pytest.skip(NEEDS_RAY)
    home_ray = Path.home() / ".ray"
    had_ray_folder = home_ray.exists()
    cluster = LocalCluster()
    try:
        yield cluster.start(workers=1)
    finally:
        cluster.stop()
    assert had_ray_folder or not home_ray.exists(), "Ray wrote ~/.ray into the real home directory"
