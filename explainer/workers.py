"""Forked worker processes that never outlive the build that started them.

Workers are forked after the content is loaded, so they share it without copying.
If the build fails or is interrupted, ``Pool.__exit__`` terminates them at once, before
the caller removes its temporary folder: no worker keeps writing into a folder that is
being deleted, and none finishes work nobody will use. Workers ignore SIGINT, which a
terminal sends to every process of the job: the build itself stops them, without a
traceback from each.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def forked_map(function: Callable[[Any], T], items: Iterable[Any], workers: int, chunksize: int = 1) -> Iterator[T]:
    """``function`` over ``items`` on ``workers`` forked processes; results in the order of ``items``."""
    import multiprocessing  # here, not at the top: most rebuilds never fork

    with multiprocessing.get_context("fork").Pool(workers, initializer=_leave_interrupts_to_the_build) as pool:
        yield from pool.imap(function, items, chunksize)


def _leave_interrupts_to_the_build() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
