"""Progress bars on stderr (rich), quiet when stderr is not a terminal, and the two kinds of
progress callback the library reports to (each defined here once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Work counted in items: sentences translated, document pairs aligned. Called as
# `(done, total)`; the total is known before the first call.
CountProgress = Callable[[int, int], None]
# A download counted in bytes: `(bytes so far, total bytes, or None when the server gives none)`.
DownloadProgress = Callable[[int, int | None], None]


@contextmanager
def progress_bar(description: str, enabled: bool = True) -> Iterator[CountProgress]:
    """Yields `advance(done, total)`; shows count, rate and ETA."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


@contextmanager
def download_bar(description: str) -> Iterator[DownloadProgress]:
    """Yields `advance(bytes_done, bytes_total)`; shows size, speed and ETA."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task(description, total=None)

        def advance(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
