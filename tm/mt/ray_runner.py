"""Translation on a Ray cluster (`tm build --ray auto|ADDRESS`, the `ray` extra).

The driver (the `tm` process) reads and segments the documents, looks the sentences up in
the translation cache and cuts the sentences still to translate into the very batches a
local run sends to the model (length-sorted, by sentences and tokens: tm/mt/workers.py).
Those batches are a Ray Dataset; `map_batches` sends each to an actor of `ModelActor`,
which loads the argos package once (one CPU each, or `num_gpus=1` each where the cluster
has GPUs) and translates it exactly as a local `Translator` does. So the translations are a
local run's, and the driver alone writes them, keyed by the cache key, into the cache as
batches come back, then the TMX: a rerun translates only what is missing, and nothing is
written twice.

The model reaches the workers through Ray's object store: the driver zips the installed
package once (`ray.put`), and each actor unpacks it into its own temporary folder, so the
worker nodes need diplotm[ray] installed, not the model. A worker (or a whole node) that
dies mid-batch loses nothing: its actor is restarted and the batch retried
(Ray Data's actors: `max_restarts`, `max_task_retries` unbounded); the batch's results reach the driver once.

`RayTranslator` is what `tm.memory.build` calls a `SentenceTranslator`; `connect` and
`import_ray` are shared with `glossary build --ray` (glossary/extraction/ray_counting.py).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import socket
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tm.core.errors import ModelError, UsageError

if TYPE_CHECKING:
    from tm.mt.signature import MtSignature
    from tm.mt.translator import DecodingOptions, Translator

INSTALL_HINT = "pip install diplotm[ray]"
AUTO = "auto"  # --ray auto: the cluster this machine belongs to (RAY_ADDRESS, else the one started here)
# Ray's own log lines stay out of the command's stderr: the summary and errors are ours.
_QUIET = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_BACKEND_LOG_LEVEL": "fatal", "RAY_DEDUP_LOGS": "0"}


def import_ray() -> ModuleType:
    """`ray`, with Ray Data, or a one-line usage error saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - the extra is ray[data]; plain ray lacks it
    except ImportError:
        raise UsageError(f"--ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


def parse_ray(text: str) -> str:
    """`--ray`: `auto` or a cluster address (host:port, ray://host:port)."""
    value = text.strip()
    if not value or any(c.isspace() for c in value):
        raise UsageError(f"--ray must be auto or a Ray cluster address (host:port), not {text!r}")
    return AUTO if value.lower() == AUTO else value


@contextmanager
def connect(address: str) -> Iterator[ModuleType]:
    """Ray connected to the cluster at `address` for the block, and disconnected after it
    (unless the caller had connected already). No cluster there is a one-line error."""
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    _reachable(address)
    for name, value in _QUIET.items():
        os.environ.setdefault(name, value)
    try:
        with _stderr_silenced():  # the backend's line that it read RAY_BACKEND_LOG_LEVEL
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False, include_dashboard=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ModelError(f"--ray {address}: cannot connect to a Ray cluster ({reason})") from None
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray").setLevel(logging.ERROR)
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    try:
        yield ray
    finally:
        ray.shutdown()


# Seconds to wait for a cluster's port before saying no cluster answers (ray.init would
# retry for minutes).
PROBE_SECONDS = 5.0


def _reachable(address: str) -> None:
    """A host:port address whose port takes no connection is a one-line error at once."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if address == AUTO or not host or not port.isdigit():
        return  # auto, or a form Ray reads itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        raise ModelError(f"--ray {address}: no Ray cluster answers there ({exc.strerror or exc})") from None


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2 to /dev/null for the block: Ray's C++ core logs there, not through
    Python; a failure still reaches the user, as the exception that `connect` reports."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def package_archive(package_path: Path) -> bytes:
    """The installed package folder as a zip, for the object store."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # the model is compressed already
        for path in sorted(package_path.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(package_path).as_posix())
    return buffer.getvalue()


class ModelActor:
    """One model on one Ray worker: the package unpacked and loaded once, then batches of
    sentences translated as a local `Translator` translates them."""

    def __init__(self, archive: list[Any], settings: dict[str, Any], compute_type: str) -> None:
        import ray

        # The driver's compute type (it is in the signature), set before argostranslate
        # reads its settings; `argos_settings` imports them without creating folders.
        os.environ["ARGOS_COMPUTE_TYPE"] = compute_type
        from tm.mt.models import argos_settings

        argos_settings()
        from argostranslate.package import Package

        from tm.mt.translator import Translator

        self.folder = Path(tempfile.mkdtemp(prefix="diplotm-model-"))
        with zipfile.ZipFile(io.BytesIO(ray.get(archive[0]))) as unpacked:
            unpacked.extractall(self.folder)
        self.translator = Translator(Package(self.folder), **settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """A block of model batches (`sources`: one list of sentences each) → their
        translations, target tokens and (with a glossary) term outcomes."""
        from tm.mt.workers import Batch

        out: dict[str, list[Any]] = {"batch": [], "sources": [], "targets": [], "tokens": [], "outcomes": []}
        for number, sources in zip(batch["batch"], batch["sources"], strict=True):
            sentences = [str(s) for s in sources]
            before = self.translator.target_tokens
            targets = self.translator._translate_batch(
                sentences, Batch(list(range(len(sentences))), self.translator.tokenize(sentences))
            )
            found = self.translator.term_outcomes
            out["batch"].append(int(number))
            out["sources"].append(sentences)
            out["targets"].append(targets)
            out["tokens"].append(self.translator.target_tokens - before)
            out["outcomes"].append([found[s].to_text() if s in found else "" for s in sentences])
        return out

    def __del__(self) -> None:
        shutil.rmtree(getattr(self, "folder", ""), ignore_errors=True)


class RayTranslator:
    """A `Translator`'s interface (label, signature, cache key, `translate`) whose model
    calls run on a Ray cluster; `local` is the driver's translator, for the settings, the
    tokenizer that cuts the batches, and nothing else."""

    def __init__(self, local: Translator, address: str) -> None:
        self.local = local
        self.address = address
        self.info = local.info
        self.glossary = local.glossary
        self.batch_size = local.batch_size
        self.term_outcomes: dict[str, Any] = {}
        self.target_tokens = 0
        self.calls = 0
        self.workers = 1  # actors: one per CPU (or GPU) of the cluster, known once connected
        self._gpus = 0.0
        self._connection = ExitStack()
        self._ray: ModuleType | None = None

    def open(self) -> RayTranslator:
        """Connect to the cluster (before the cache key is asked for: it names the device)."""
        if self._ray is None:
            self._ray = self._connection.enter_context(connect(self.address))
            self._gpus = float(self._ray.cluster_resources().get("GPU", 0)) if self.local.device != "cpu" else 0.0
        return self

    def close(self) -> None:
        """Disconnect from the cluster (the cluster itself keeps running)."""
        self._ray = None
        self._connection.close()

    @property
    def label(self) -> str:
        return self.local.label

    @cached_property
    def signature(self) -> MtSignature:
        """The local translator's, with the device the actors run on."""
        signature = self.local.signature
        if self._gpus:
            signature = replace(signature, device="cuda")
        return signature

    @property
    def cache_key(self) -> str:
        return self.signature.cache_key

    def _settings(self, decoding: DecodingOptions, device: str, threads: int) -> dict[str, Any]:
        return {
            "device": device,
            "threads": threads,
            "batch_size": self.local.batch_size,
            "decoding": decoding,
            "glossary": self.local.glossary,
        }

    def translate(self, sentences: Sequence[str], on_batch: Callable[[list[str], list[str]], None] | None = None) -> list[str]:
        """Translate on the cluster; `on_batch(sources, targets)` runs here, on the driver,
        once per batch as each comes back (in any order)."""
        from tm.mt.constrained import TermOutcome
        from tm.mt.workers import token_batches

        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        batches = [
            [sentences[i] for i in b.order]
            for b in token_batches(order, lambda i: self.local.tokenize([sentences[i]])[0], self.local.batch_size)
        ]
        output = dict.fromkeys(sentences, "")
        if not batches:
            return []
        ray = self.open()._ray
        assert ray is not None
        per_actor: dict[str, int] = {"num_gpus": 1} if self._gpus else {"num_cpus": 1}
        slots = int(self._gpus or ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(slots, len(batches)))
        device = "cuda" if self._gpus else "cpu"
        settings = self._settings(self.local.decoding_options, device, self.local.threads or 1)
        archive = ray.put(package_archive(self.local.package.package_path))
        dataset = ray.data.from_items(
            [{"batch": n, "sources": b} for n, b in enumerate(batches)], override_num_blocks=len(batches)
        ).map_batches(
            ModelActor,
            batch_size=1,
            fn_constructor_kwargs={"archive": [archive], "settings": settings, "compute_type": self.signature.compute_type},
            # Ray Data gives its actors max_restarts=-1 and max_task_retries=-1: a dead
            # worker's actor is restarted and its batch retried; each batch is pure, and
            # its results reach the driver once (test_ray.py kills a node mid-run).
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            batch_format="default",
            **per_actor,
        )
        for row in dataset.iter_rows():
            sources, targets = [str(s) for s in row["sources"]], [str(t) for t in row["targets"]]
            self.calls += 1
            self.target_tokens += int(row["tokens"])
            for source, text in zip(sources, row["outcomes"], strict=True):
                if text and (outcome := TermOutcome.from_text(str(text))) is not None:
                    self.term_outcomes[source] = outcome
            output.update(zip(sources, targets, strict=True))
            if on_batch:
                on_batch(sources, targets)
        return [output[s] for s in sentences]


def ray_translator(local: Translator, address: str) -> RayTranslator:
    """`local`'s settings, translated on the cluster at `address`; Ray is imported now, so
    that a missing extra fails before anything slow."""
    import_ray()
    return RayTranslator(local, address).open()


__all__ = ["AUTO", "INSTALL_HINT", "ModelActor", "RayTranslator", "connect", "import_ray", "parse_ray", "ray_translator"]
