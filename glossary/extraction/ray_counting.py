"""Candidate counting on a Ray cluster (`glossary build --ray auto|ADDRESS`, the `ray` extra).

The map step is the one forked workers run on one machine (glossary/extraction/workers.py):
a chunk of sentences → its candidate table (`count_chunk`, glossary/extraction/tally.py),
here a Ray task on any node. The reduce step stays on the driver: the tables are merged in
the chunks' order into the bounded table (`CandidateTable.merge`), exactly as locally, so the
candidates, their counts and scores, and so the glossary, are a local run's.

At most two chunks per CPU of the cluster are in flight, so the driver's memory does not
grow with the input. A task whose worker (or node) dies is run again (`max_retries`): a
chunk's table is a pure function of the chunk, and the driver merges each once. Each Ray
worker process loads the morphology and NER models once, on its first chunk; the nodes need
diplotm[ray] installed (its data ships in the wheel).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from glossary.extraction.tally import CandidateTable, Chunk, count_chunk
from tm.mt.ray_runner import connect

# Runs of a chunk's task when its worker dies (Ray's own default is 3).
TASK_RETRIES = 5


def ray_count_chunks(chunks: Iterable[Chunk], address: str) -> Iterator[CandidateTable]:
    """`count_chunk` over `chunks` on the cluster at `address`, the tables in order."""
    with connect(address) as ray:
        count = ray.remote(num_cpus=1, max_retries=TASK_RETRIES, retry_exceptions=False)(count_chunk)
        window = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
        pending: deque[Any] = deque()
        try:
            for chunk in chunks:
                pending.append(count.remote(chunk))
                if len(pending) >= window:
                    yield ray.get(pending.popleft())
            while pending:
                yield ray.get(pending.popleft())
        finally:
            for ref in pending:  # an error or Ctrl-C: nothing keeps counting on the cluster
                ray.cancel(ref, force=True)
