"""The progress line of a long build, for a person watching a terminal.

One line on stderr, redrawn in place (``\\r`` and erase-line), at most ten times a
second so that drawing never costs the build time. It is only ever created for a
terminal: in CI, in logs and in pipes the build prints just its one-line summary.
"""

from __future__ import annotations

import time
from typing import TextIO

_ERASE = "\r\033[K"


class ProgressLine:
    """Callable as ``progress(stage, done, total)``; ``clear()`` before printing anything else."""

    def __init__(self, stream: TextIO, interval: float = 0.1):
        self.stream, self.interval = stream, interval
        self.stage, self.last, self.drawn = "", 0.0, False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done != total and now - self.last < self.interval:
            return
        self.stage, self.last = stage, now
        text = f"{stage} {done}/{total} ({100 * done // total} %)" if total else f"{stage}…"
        self.stream.write(_ERASE + text)
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.drawn = False


def progress_for(stream: TextIO, quiet: bool) -> ProgressLine | None:
    """A progress line when ``stream`` is an interactive terminal and the user did not ask for quiet."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return ProgressLine(stream) if interactive and not quiet else None
