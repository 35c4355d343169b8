"""Batched machine translation through an installed argos package's CTranslate2 model.

argostranslate translates one text at a time and splits it into sentences itself. Our
segments already are sentences, so they go straight to `ctranslate2.Translator.translate_batch`
in large, length-sorted batches, with the same tokenizer and decoding settings argostranslate
uses in `apply_packaged_translation` (beam size from ARGOS_BEAM_SIZE, length penalty 0.2,
unknown tokens replaced, the package's target prefix). The tests check that parity.

With a glossary (`glossary=`, tm/mt/terms.py), each batch goes through tm/mt/constrained.py
instead, which puts the approved English terms into the translations and records in
`term_outcomes` what it did for each sentence (ok, forced, missing). Without one, nothing
of that runs: the calls and the output are those above.

With `workers` N > 1 the model is loaded as N CTranslate2 replicas (`inter_threads`), and
N batches are in flight at once (tm/mt/workers.py), with or without a glossary (a batch's
constrained decoding runs in its worker); the batches, their order and so every
translation are the same as with one worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from threading import Lock
from typing import TYPE_CHECKING

from tm.core.errors import ModelError, UsageError
from tm.mt.engine import DEFAULT_BATCH_SIZE, DEFAULT_DEVICE, DEFAULT_THREADS, DEFAULT_WORKERS, thread_layout
from tm.mt.models import argos_settings, describe
from tm.mt.signature import MtSignature, library_version

if TYPE_CHECKING:
    import ctranslate2
    from argostranslate.package import Package

    from tm.mt.constrained import TermOutcome
    from tm.mt.terms import TermGlossary
    from tm.mt.workers import Batch

# argostranslate's own constant in apply_packaged_translation.
ARGOS_LENGTH_PENALTY = 0.2
# CTranslate2's default, which argostranslate does not override.
DEFAULT_MAX_DECODING_LENGTH = 256


@dataclass(frozen=True)
class DecodingOptions:
    beam_size: int
    length_penalty: float = ARGOS_LENGTH_PENALTY
    max_decoding_length: int = DEFAULT_MAX_DECODING_LENGTH


def argos_decoding_options(max_decoding_length: int = DEFAULT_MAX_DECODING_LENGTH) -> DecodingOptions:
    """The decoding settings argostranslate would use for a single best translation."""
    settings = argos_settings()
    return DecodingOptions(beam_size=max(1, settings.beam_size), max_decoding_length=max_decoding_length)


DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str) -> str:
    """`auto` → cuda when CTranslate2 sees a GPU, else cpu; `cuda` without one is an error."""
    if device not in DEVICES:
        raise UsageError(f"--device must be auto, cpu or cuda, not {device!r}")
    if device == "cpu":
        return device
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and gpus == 0:
        raise ModelError("--device cuda: CTranslate2 sees no usable CUDA GPU here; use --device cpu (or auto)")
    return "cuda" if gpus > 0 else "cpu"


class Translator:
    """Translates lists of sentences with one argos package. `calls` counts model calls,
    `target_tokens` the tokens they generated (for tokens/s)."""

    def __init__(
        self,
        package: Package,
        device: str = DEFAULT_DEVICE,
        threads: int = DEFAULT_THREADS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        decoding: DecodingOptions | None = None,
        glossary: TermGlossary | None = None,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.package = package
        self.glossary = glossary
        # What the glossary did to each sentence translated (by the sentence as given).
        self.term_outcomes: dict[str, TermOutcome] = {}
        self.info = describe(package)
        self.device = device
        self.threads = threads
        self.batch_size = batch_size
        self.decoding = decoding
        self.calls = 0
        # --workers: replicas and batches in flight; `_count` keeps the counters (and the
        # term outcomes) right when several batches finish at once, and `_loading` loads
        # the model once when the first batches start together.
        self.workers = max(1, workers)
        self.target_tokens = 0
        self._counting = Lock()
        self._loading = Lock()
        self._model: ctranslate2.Translator | None = None

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def decoding_options(self) -> DecodingOptions:
        """The decoding settings translations run with: those given, else argostranslate's."""
        return self.decoding or argos_decoding_options()

    @cached_property
    def signature(self) -> MtSignature:
        """The model and every setting of its translations (tm/mt/signature.py), for the
        TMX header, `--json` and the cache key. The device is resolved (`auto` → cpu/cuda)."""
        decoding = self.decoding_options
        return MtSignature(
            model=self.info.code,
            version=self.info.version,
            beam_size=decoding.beam_size,
            length_penalty=decoding.length_penalty,
            max_decoding_length=decoding.max_decoding_length,
            compute_type=str(argos_settings().compute_type),
            device=resolve_device(self.device),
            argostranslate=library_version("argostranslate"),
            ctranslate2=library_version("ctranslate2"),
            glossary=self.glossary.short_digest if self.glossary else "",
        )

    @property
    def cache_key(self) -> str:
        """The model and every setting that changes its output, for the translation cache."""
        return self.signature.cache_key

    def _load(self) -> ctranslate2.Translator:
        if self._model is None:
            with self._loading:
                if self._model is None:
                    self._load_model()
        assert self._model is not None
        return self._model

    def _load_model(self) -> None:
        """Load the model with the thread layout for `workers` (tm/mt/engine.py); the
        decoding settings are set first, so a worker that sees the model sees them too."""
        import ctranslate2

        settings = argos_settings()
        device = resolve_device(self.device)
        inter, intra = thread_layout(self.workers, self.threads, settings.inter_threads, settings.intra_threads)
        try:
            model = ctranslate2.Translator(
                str(self.package.package_path / "model"),
                device=device,
                inter_threads=inter,
                intra_threads=intra,
                compute_type=settings.compute_type,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            # Install loaded this model once; a file changed since, or a device or
            # compute type it cannot use, is a model problem, not a bug.
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise ModelError(
                f"{self.package.package_path / 'model'}: CTranslate2 cannot load this model on {device} "
                f"({reason}); reinstall it with `tm model install`"
            ) from None
        if self.decoding is None:
            self.decoding = self.decoding_options
        self._model = model

    def tokenize(self, sentences: Sequence[str]) -> list[list[str]]:
        return [self.package.tokenizer.encode(s) for s in sentences]

    def translate_tokens(self, tokens: list[list[str]]) -> list[str]:
        """One model call for pre-tokenized sentences; returns detokenized translations."""
        model = self._load()
        assert self.decoding is not None
        prefix = self.package.target_prefix
        results = model.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            replace_unknowns=True,
            max_batch_size=self.batch_size,
            beam_size=self.decoding.beam_size,
            num_hypotheses=1,
            length_penalty=self.decoding.length_penalty,
            max_decoding_length=self.decoding.max_decoding_length,
        )
        self._count(results)
        return [self._detokenize(r.hypotheses[0]) for r in results]

    def translate_with_terms(self, sentences: Sequence[str], tokens: list[list[str]]) -> list[str]:
        """One batch through the glossary's decoding (tm/mt/constrained.py); the outcome of
        each sentence with an approved term goes into `term_outcomes`."""
        from tm.mt.constrained import TermDecoder

        assert self.glossary is not None
        model = self._load()
        assert self.decoding is not None
        decoder = TermDecoder(
            model,
            self.glossary,
            lambda text: list(self.package.tokenizer.encode(text)),
            self._detokenize,
            self.decoding,
            self.batch_size,
            self.package.target_prefix or None,
            self._known,
        )
        decoded = decoder.translate(sentences, tokens)
        outcomes = {s: result.outcome for s, result in zip(sentences, decoded, strict=True) if result.outcome}
        self._count(calls=decoder.calls, tokens=sum(result.tokens for result in decoded), outcomes=outcomes)
        return [result.text for result in decoded]

    def _known(self, tokens: list[str]) -> bool:
        """Whether the SentencePiece vocabulary has every token (the model's, for argos)."""
        processor = getattr(self.package.tokenizer, "lazy_processor", None)
        if processor is None:
            return True
        sp = processor()
        unknown = sp.unk_id()
        return all(sp.piece_to_id(token) != unknown for token in tokens)

    def _detokenize(self, tokens: list[str]) -> str:
        # Mirrors the end of argostranslate.translate.apply_packaged_translation.
        value = self.package.tokenizer.decode(tokens)
        prefix = self.package.target_prefix
        if prefix and value.startswith(prefix):
            value = value[len(prefix) :]
        if value.startswith(" "):
            value = value[1:]
        return str(value)

    def _count(
        self,
        results: Sequence[ctranslate2.TranslationResult] = (),
        *,
        calls: int = 1,
        tokens: int = 0,
        outcomes: dict[str, TermOutcome] | None = None,
    ) -> None:
        """Model calls done: count them and the target tokens of the translations (the best
        hypotheses of `results`, else `tokens`: a glossary batch's `calls` calls), and keep
        the batch's term outcomes."""
        tokens += sum(len(result.hypotheses[0]) for result in results if result.hypotheses)
        with self._counting:
            self.calls += calls
            self.target_tokens += tokens
            if outcomes:
                self.term_outcomes.update(outcomes)

    def translate(
        self,
        sentences: Sequence[str],
        on_batch: Callable[[list[str], list[str]], None] | None = None,
    ) -> list[str]:
        """Translate all sentences, batch by batch in order of length (less padding).

        `on_batch(sources, targets)` runs after each batch, in order, so a caller can store
        results as they come: an interrupted run loses at most the batches in flight
        (`workers` of them).
        """
        from tm.mt.workers import in_flight, token_batches

        # Sorted by characters, a good proxy for tokens; batches are cut by sentences and by
        # tokens, each sentence tokenized as its batch is formed, so memory holds the
        # batches in flight, not all the tokens.
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        output: list[str] = [""] * len(sentences)
        batches = token_batches(order, lambda i: self.tokenize([sentences[i]])[0], self.batch_size)
        for batch, targets in in_flight(batches, lambda batch: self._translate_batch(sentences, batch), self.workers):
            for i, target in zip(batch.order, targets, strict=False):
                output[i] = target
            if on_batch:
                on_batch([sentences[i] for i in batch.order], targets)
        return output

    def _translate_batch(self, sentences: Sequence[str], batch: Batch) -> list[str]:
        """One batch, in whichever worker runs it: through the glossary's decoding when
        there is a glossary, else one plain model call."""
        if self.glossary is not None:
            return self.translate_with_terms([sentences[i] for i in batch.order], batch.tokens)
        return self.translate_tokens(batch.tokens)
