"""Batches cut by tokens, and several of them in flight at once (`tm build --workers N`).

CTranslate2 loads a model as `inter_threads` replicas in one process, each with its own
`intra_threads`; a `translate_batch` call runs on one free replica and releases the GIL.
So N workers are N Python threads that each send one batch at a time: N replicas busy,
one copy of the weights in memory, no pickling. bench/scale.py measured N processes (one
replica each) against this: no faster (README "Scale"), so there are no worker processes.

The batches do not depend on N: the same sentences go to the model together in the same
order, so the translations, the cache writes and the TMX are those of one worker.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

# Source tokens per model call. 32 news sentences of ~30 tokens fit many times over; a batch
# of 2,000-token segments would take hundreds of MB in CTranslate2, so long segments go in
# smaller batches (a single longer one is a batch of its own).
MAX_BATCH_TOKENS = 4_000


@dataclass(frozen=True)
class Batch:
    """One model call: the sentences' indices, in the order sent, and their tokens."""

    order: list[int]
    tokens: list[list[str]]

    @property
    def token_count(self) -> int:
        return sum(len(t) for t in self.tokens)


def token_batches(
    order: Iterable[int], tokenize: Callable[[int], list[str]], size: int, max_tokens: int = MAX_BATCH_TOKENS
) -> Iterator[Batch]:
    """Consecutive groups of `order` with at most `size` sentences and `max_tokens` source
    tokens, each sentence tokenized (`tokenize(index)`) as its batch is formed."""
    current: list[int] = []
    tokens: list[list[str]] = []
    count = 0
    for i in order:
        pieces = tokenize(i)
        if current and (len(current) == size or count + len(pieces) > max_tokens):
            yield Batch(current, tokens)
            current, tokens, count = [], [], 0
        current.append(i)
        tokens.append(pieces)
        count += len(pieces)
    if current:
        yield Batch(current, tokens)


Item = TypeVar("Item")
Result = TypeVar("Result")


def in_flight(items: Iterable[Item], work: Callable[[Item], Result], workers: int) -> Iterator[tuple[Item, Result]]:
    """(item, work(item)) in the order of `items`, with up to `workers` calls running at once.

    One worker calls `work` in this thread, as before --workers. More start the next items
    while the first finishes, and no more than `workers` ahead, so memory holds a few
    batches however long the input. An exception in `work` is raised here, in order, and
    the calls still running are waited for, so nothing keeps running after it."""
    if workers <= 1:
        for item in items:
            yield item, work(item)
        return
    pending: deque[tuple[Item, Future[Result]]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tm-mt") as pool:
        try:
            for item in items:
                pending.append((item, pool.submit(work, item)))
                if len(pending) > workers:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:
                future.cancel()
