"""The one way the build uses every core: shares of work, one here and each other in a forked child.

Children are forked after the content is loaded, so they share it without copying
and start in a millisecond (a pool's processes, threads and queues cost 15-30 ms, a
tenth of a small site's build). Each sends back its results, pickled, through a pipe.
A child that fails has its share done again here, where any problem is reported as
usual. If the build fails or is interrupted, every child still running is killed
before the caller removes its temporary folders: no child keeps writing into a folder
that is being deleted. Children ignore SIGINT, which a terminal sends to every
process of the job: the build itself stops them, without a traceback from each.
A build killed outright (``kill -9``, the OOM killer) runs none of that, so on Linux
each child also asks the kernel to kill it when its parent dies: otherwise it would
live on, holding the caller's stdout and stderr open, and a CI step waiting for them
would hang.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return (os.cpu_count() or 1) if hasattr(os, "fork") else 1


def shared(function: Callable[[list[T]], R], shares: list[list[T]]) -> list[R]:
    """``function(share)`` for every share: the first in this process, the others at the same time in
    forked children; results in the order of ``shares``."""
    children = [_Child(function, share) for share in shares[1:]]
    try:
        results = [function(shares[0])] if shares else []
        for child, share in zip(children, shares[1:]):
            try:
                results.append(child.result())
            except _Failed:
                results.append(function(share))
        return results
    finally:
        for child in children:
            child.close()


class Started(Generic[R]):
    """``function(share)`` for every share, each in a child forked now, while this process does other work.

    ``shared`` waits for its children at once; a build that has two unrelated jobs (the PDFs
    and the web pages) starts one here and does the other meanwhile, so that the slower one
    no longer waits for the first to end. A child that fails has its share done again here,
    by ``results``, where any problem is reported as usual; without ``fork`` every share is
    done there. Use it as a context manager: leaving it kills the children still running.
    """

    def __init__(self, function: Callable[[T], R], shares: list[T]):
        self.function, self.shares = function, shares
        self.children: list[_Child] = []
        if hasattr(os, "fork"):
            try:
                for share in shares:
                    self.children.append(_Child(function, share))
            except BaseException:
                self.close()
                raise

    def results(self) -> list[R]:
        """Every share's result, in the order of ``shares``, once its child has ended."""
        if not self.children:
            return [self.function(share) for share in self.shares]
        results = []
        for child, share in zip(self.children, self.shares):
            try:
                results.append(child.result())
            except _Failed:
                results.append(self.function(share))
        return results

    def close(self) -> None:
        for child in self.children:
            child.close()

    def __enter__(self) -> Started[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def deal(first: list[T], rest: list[T], hands: int) -> list[list[T]]:
    """``hands`` shares: ``first`` dealt in turn, one to each, as cards are; then ``rest`` cut into
    ``hands`` runs of neighbours (neighbouring items often need the same things: a section's pages)."""
    size = -(-len(rest) // hands) if rest else 0
    return [first[i::hands] + rest[i * size:(i + 1) * size] for i in range(hands)]


class _Failed(Exception):
    """The child ended without a result (an exception in it, or it was killed)."""


class _Child:
    """``function(share)`` running in one forked child while this process goes on."""

    def __init__(self, function: Callable[[Any], Any], share: Any):
        read, write = os.pipe()
        parent = os.getpid()
        self.pid: int | None = os.fork()
        if self.pid == 0:
            os.close(read)
            _become_worker(parent)
            code = 1
            try:
                data = pickle.dumps(function(share), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)  # no cleanup of the parent's objects, no traceback: the parent decides
        os.close(write)
        self.read = os.fdopen(read, "rb")

    def result(self) -> Any:
        data = self.read.read()
        self.read.close()
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status != 0:
            raise _Failed(f"exit status {status}")
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
