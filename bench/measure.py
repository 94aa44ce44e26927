"""Whole-process timing: wall clock, CPU and peak memory of one command.

Each command runs under a tiny timer process (``python -S``, a few MiB), which forks
and execs it and reads its figures with ``os.wait4``: exactly that command's resource
usage, and that of the grandchildren it waited for, so runs of different systems in
one benchmark never mix their figures. The timer is there for the memory figure:
Linux carries a process's peak RSS across ``exec`` into the program it starts, so a
command started straight from this benchmark (which holds a whole synthetic corpus,
over 100 MiB at N=500) would report at least the benchmark's own size.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass

TIMER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
"""Runs ``argv[1:]`` with its stdout discarded; prints wall seconds, CPU seconds, peak RSS in KiB, exit code."""


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
    timer = subprocess.run([sys.executable, "-S", "-c", TIMER, *command], capture_output=True, env=env, cwd=cwd)
    figures = timer.stdout.decode().split()
    if timer.returncode != 0 or len(figures) != 4 or figures[3] != "0":
        tail = timer.stderr.decode(errors="replace").strip().splitlines()[-3:]
        code = figures[3] if len(figures) == 4 else timer.returncode
        raise CommandFailed(f"{' '.join(command)} exited {code}: " + " | ".join(tail))
    wall, cpu, rss_kib = float(figures[0]), float(figures[1]), int(figures[2])
    return Run(wall, cpu, rss_kib / 1024)


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.median:.3f} ({self.low:.3f}–{self.high:.3f})"


def summarise(values: list[float]) -> Summary:
    return Summary(statistics.median(values), min(values), max(values))
