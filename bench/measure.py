"""Whole-process timing: wall clock, CPU and peak memory of one command.

``os.wait4`` returns the resource usage of exactly the child we started (and the
grandchildren it waited for), so runs of different systems in one benchmark never
mix their figures, as ``getrusage(RUSAGE_CHILDREN)`` totals would.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    """User + system seconds of the process and the children it waited for."""
    rss_mib: float
    """Peak resident memory of the largest single process, not the sum."""


class CommandFailed(Exception):
    """A timed command exited non-zero; its stderr tail says why."""


def run_once(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = err.decode(errors="replace").strip().splitlines()[-3:]
        raise CommandFailed(f"{' '.join(command)} exited {process.returncode}: " + " | ".join(tail))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.median:.3f} ({self.low:.3f}–{self.high:.3f})"


def summarise(values: list[float]) -> Summary:
    return Summary(statistics.median(values), min(values), max(values))
