"""Rebuild time inside ``build.py serve``: what an editor waits for between saving and the reload.

The preview server has already paid Python's start-up and imports and keeps its
rebuild cache, so its rebuild after one edit is the pipeline's own cost. The time
is the one serve prints itself (``built in X s``) once its watcher has seen the
change; the watcher's polling delay (up to 0.3 s) is not part of it.
"""

from __future__ import annotations

import queue
import re
import subprocess
import threading
from collections.abc import Callable

BUILT = re.compile(r"built in ([0-9.]+) s \((\d+) pages rendered\)")
READY = re.compile(r"serving at http://127\.0\.0\.1:\d+/")


class ServeFailed(Exception):
    """serve stopped, or did not say what was expected in time."""


def serve_rebuilds(command: list[str], env: dict[str, str], edit: Callable[[], None], rounds: int,
                   ready_timeout: float = 900) -> list[float]:
    """Start ``command`` (``build.py serve … --port 0``), then edit ``rounds + 1`` times and
    return the seconds serve reports for each rebuild after the first (a warm-up)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        _expect(lines, READY, ready_timeout)
        times = []
        for _ in range(rounds + 1):
            edit()
            match = _expect(lines, BUILT, 60)
            if match.group(2) == "0":
                raise ServeFailed("serve rebuilt without rendering a page: the edit was not seen as a change")
            times.append(float(match.group(1)))
        return times[1:]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _expect(lines: queue.Queue[str | None], pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
    seen: list[str] = []
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise ServeFailed(f"no {pattern.pattern!r} from serve within {timeout:.0f} s; it said: {seen[-3:]}") from None
        if line is None:
            raise ServeFailed(f"serve exited; it said: {seen[-3:]}")
        seen.append(line.strip())
        match = pattern.search(line)
        if match is not None:
            return match
