"""The keep-going policy (`--keep-going`): stop at the first unreadable input, or skip it.

One object carries the choice and what was skipped, so that every reader of several inputs
(files in folders, documents, document pairs) applies the same rule: without keep-going an
`InputError` propagates as it is; with it, its one-line message is recorded in `errors` and
the work goes on with the next input. Only InputError is ever skipped: a bad option, an
output that cannot be written or a missing model stops the run whatever the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from tm.core.errors import InputError

P = ParamSpec("P")
T = TypeVar("T")


class KeepGoing:
    """Whether unreadable inputs are skipped, and the messages of those skipped so far."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.errors: list[str] = []

    def attempt(self, read: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """`read(*args, **kwargs)`, or None when it raised an InputError that was recorded
        (keep-going on); with keep-going off the error propagates."""
        try:
            return read(*args, **kwargs)
        except InputError as exc:
            if not self.enabled:
                raise
            self.errors.append(str(exc))
            return None

    def skip(self, problem: str) -> None:
        """An input found unusable after it was read ("no sentences to translate"): recorded
        with keep-going on, else raised as an InputError."""
        if not self.enabled:
            raise InputError(problem)
        self.errors.append(problem)

    def __repr__(self) -> str:
        return f"KeepGoing(enabled={self.enabled}, errors={len(self.errors)})"
