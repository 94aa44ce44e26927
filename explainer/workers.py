"""Forked worker processes that never outlive the build that started them.

Two kinds: ``forked_map``, a pool for many items, and ``Forked``, one child for one
call while this process goes on with other work. Workers are forked after the content
is loaded, so they share it without copying. If the build fails or is interrupted, the
pool's ``__exit__`` or ``Forked.close`` ends them at once, before the caller removes
its temporary folder: no worker keeps writing into a folder that is being deleted, and
none finishes work nobody will use. Workers ignore SIGINT, which a terminal sends to
every process of the job: the build itself stops them, without a traceback from each.
A build killed outright (``kill -9``, the OOM killer) runs none of that, so on Linux
each worker also asks the kernel to kill it when its parent dies: otherwise it would
live on, holding the caller's stdout and stderr open, and a CI step waiting for them
would hang.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def forked_map(function: Callable[[Any], T], items: Iterable[Any], workers: int, chunksize: int = 1) -> Iterator[T]:
    """``function`` over ``items`` on ``workers`` forked processes; results in the order of ``items``."""
    import multiprocessing  # here, not at the top: most rebuilds never fork

    with multiprocessing.get_context("fork").Pool(workers, initializer=_become_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(function, items, chunksize)


class ForkFailed(Exception):
    """The forked call ended without a result (an exception in it, or it was killed)."""


class Forked(Generic[T]):
    """``function()`` running in one forked child while this process goes on.

    A plain fork and a pipe, without a pool's threads, so that other workers can be
    forked while it runs. ``result()`` waits for the pickled return value; ``close()``
    (always call it, in a ``finally``) kills the child if it is still running. Any
    failure in the child is reported only as ``ForkFailed``: callers redo the work
    in their own process, where its problems are reported as usual.
    """

    def __init__(self, function: Callable[[], T]):
        read, write = os.pipe()
        parent = os.getpid()
        self.pid: int | None = os.fork()
        if self.pid == 0:
            os.close(read)
            _become_worker(parent)
            code = 1
            try:
                data = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)  # no cleanup of the parent's objects, no traceback: the parent decides
        os.close(write)
        self.read = os.fdopen(read, "rb")

    def result(self) -> T:
        data = self.read.read()
        self.read.close()
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status != 0:
            raise ForkFailed(f"exit status {status}")
        return pickle.loads(data)

    def close(self) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        self.read.close()


PR_SET_PDEATHSIG = 1
"""``prctl`` option (linux/prctl.h): the signal this process gets when the thread that forked it ends."""


def _become_worker(parent: int) -> None:
    """In a new worker: leave interrupts to the build, and die with ``parent`` (see the module's docstring)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
