"""Budget: a time limit for one request, checked inside the search pipeline.

One anonymous request must never hold a worker for long: before this, 40 random 22-letter
words kept a worker busy for 98 s (spelling), a 40-word phrase with ``~1000`` for 89 s
(proximity spans) and the document view of a long document with 40 fuzzy words for
50-80 s (highlighting), and gunicorn killed the worker at 30 s with a 500. The caps in
``search.query`` and ``search.highlight`` bound each kind of work; the budget bounds their
sum, whatever the next expensive query turns out to be.

The web app opens a budget per request (``C400_REQUEST_BUDGET_S``, default
``DEFAULT_BUDGET_S`` seconds); the command line runs without one. The expensive loops
(spelling, fallback searches, proximity ranking, page choice, snippets, highlighting) call:

- ``checkpoint(stage)`` where the work cannot be left out: past the deadline it raises
  ``BudgetExceeded``, which the web app answers with a 503 and a message;
- ``over(stage, note)`` where the work is optional: past the deadline it returns True,
  the caller skips the rest, and ``note`` (what was skipped, said once) joins the answer's
  notes.

Why a context variable rather than a parameter: the loops sit in the engine, the service
and the highlighter, below interfaces that other engines implement; threading a deadline
through every signature would change them all for a concern none of them owns. Each
thread (and each asyncio task) has its own value, so concurrent requests never share one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

DEFAULT_BUDGET_S = 5.0
#: The clock deadlines are read from (a test may put a counting clock here).
_clock = time.monotonic
ENV_NAME = "C400_REQUEST_BUDGET_S"


#: What the engine says when it leaves out optional ranking work (see ``over``).
NEARNESS_SKIPPED = "Results were ranked without checking how near the words stand: the search had to answer in time."
PAGES_SKIPPED = "The best matching pages were not chosen for every result: the search had to answer in time."


class BudgetExceeded(RuntimeError):
    """The request ran out of time in work that cannot be skipped; the message says where."""

    def __init__(self, stage: str, seconds: float):
        super().__init__(f"the request ran out of its {seconds:g}-second budget while {stage}")
        self.stage = stage
        self.seconds = seconds


@dataclass
class Budget:
    """A deadline (``time.monotonic``) and the notes on what was skipped to keep it."""

    seconds: float
    deadline: float
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, seconds: float) -> Budget:
        return cls(seconds, _clock() + seconds)

    @property
    def limited(self) -> bool:
        return self.seconds != float("inf")

    def remaining(self) -> float:
        return self.deadline - _clock()

    def expired(self) -> bool:
        return self.limited and _clock() >= self.deadline

    def checkpoint(self, stage: str) -> None:
        if self.expired():
            raise BudgetExceeded(stage, self.seconds)

    def over(self, stage: str, note: str) -> bool:
        if not self.expired():
            return False
        if note not in self.skipped:
            self.skipped.append(note)
        return True


_UNLIMITED = Budget(float("inf"), float("inf"))
_current: ContextVar[Budget] = ContextVar("c400_request_budget", default=_UNLIMITED)


def current() -> Budget:
    """This request's budget (an unlimited one outside a request)."""
    return _current.get()


def checkpoint(stage: str) -> None:
    """Raise ``BudgetExceeded`` when this request's time is up (for work that cannot be skipped)."""
    _current.get().checkpoint(stage)


def over(stage: str, note: str) -> bool:
    """True when this request's time is up; ``note`` then tells the user what was skipped."""
    return _current.get().over(stage, note)


def skipped() -> list[str]:
    """The notes of the work skipped so far in this request."""
    return list(_current.get().skipped)


def start(seconds: float | None = None):
    """Open a budget of ``seconds`` (default: from the environment); returns the token for ``stop``."""
    return _current.set(Budget.of(budget_from_environment() if seconds is None else seconds))


def stop(token) -> None:
    _current.reset(token)


@contextmanager
def request_budget(seconds: float | None = None) -> Iterator[Budget]:
    """``with request_budget(3):`` runs the block under a 3-second budget."""
    token = start(seconds)
    try:
        yield _current.get()
    finally:
        stop(token)


def budget_from_environment() -> float:
    """``C400_REQUEST_BUDGET_S`` in seconds (``off`` or ``0`` for no limit); raises ValueError naming it."""
    raw = os.environ.get(ENV_NAME, "").strip()
    if not raw:
        return DEFAULT_BUDGET_S
    if raw.lower() in ("off", "0"):
        return float("inf")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise ValueError(f"{ENV_NAME}={raw!r} must be a number of seconds such as 5 (or off)")
    return seconds
