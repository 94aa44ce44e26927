"""Builds killed outright (``kill -9``): no process outlives them, and the next build repairs what they left.

A killed build runs no ``finally`` and no signal handler, so everything here is about
what the kernel and the next build do: forked workers die with the build (a CI step
waiting for the build's stdout and stderr to close does not hang), an in-place
rebuild interrupted anywhere is finished or undone before anything else, and the
folders a killed build leaves beside the output are cleaned up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write_site

pytestmark = pytest.mark.slow

BOUND = 60
"""Seconds a build, or the end of a killed build's processes, may take before the test fails as a hang."""


def start(cwd: Path, *args: str) -> subprocess.Popen:
    """``build.py build --content content --out site ARGS`` in ``cwd``, with its output on pipes as in CI."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content", "content",
                             "--out", "site", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def forked(pid: int) -> set[int]:
    """The live child processes of ``pid`` that it forked without running another program."""
    def command(of: int | str) -> bytes:
        with open(f"/proc/{of}/cmdline", "rb") as f:
            return f.read()

    found: set[int] = set()
    try:
        own = command(pid)
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.update(int(child) for child in f.read().split() if command(child) == own)
    except OSError:  # the build, or a child, ended meanwhile
        pass
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ignores_interrupts(pid: int) -> bool:
    """Whether ``pid`` ignores SIGINT, as build workers do once they are set up."""
    try:
        with open(f"/proc/{pid}/status") as f:
            mask = next(line for line in f if line.startswith("SigIgn:")).split()[1]
    except (OSError, StopIteration):
        return False
    return bool(int(mask, 16) & 1 << (signal.SIGINT - 1))


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_kill_9_during_the_pdf_build_leaves_no_worker_holding_the_output_open(tmp_path):
    """The PDF worker is stopped (SIGSTOP) before the build is killed, so it cannot finish its
    work and exit on its own: only dying with the build ends it."""
    write_site(tmp_path / "content", {})
    proc = start(tmp_path, "--pdf", "--no-cache")
    workers: set[int] = set()
    wait_for(lambda: bool(workers.update(forked(proc.pid)) or workers) or proc.poll() is not None,
             "the PDF worker")
    assert workers, "the build ended before it forked a PDF worker"
    wait_for(lambda: all(ignores_interrupts(pid) or not alive(pid) for pid in workers), "the worker's set-up")
    try:
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        proc.kill()
        proc.communicate(timeout=BOUND)  # stdout and stderr close: no worker holds them any more
        wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
