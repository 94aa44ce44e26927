"""The progress line: drawn only on a terminal, throttled, and erased before anything else prints."""

from __future__ import annotations

import io
import re

from conftest import SITES, run_build
from explainer.progress import ProgressLine, progress_for


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_an_interactive_terminal_gets_a_progress_line() -> None:
    assert progress_for(io.StringIO(), quiet=False) is None
    assert progress_for(_Tty(), quiet=True) is None
    assert isinstance(progress_for(_Tty(), quiet=False), ProgressLine)


def test_line_is_redrawn_in_place_throttled_and_cleared() -> None:
    stream = _Tty()
    line = ProgressLine(stream, interval=3600)
    line("rendering", 1, 4)
    line("rendering", 2, 4)  # inside the interval: skipped
    line("rendering", 4, 4)  # the last step always shows
    line("writing", 0, 0)
    line.clear()
    assert stream.getvalue() == ("\r\033[Krendering 1/4 (25 %)\r\033[Krendering 4/4 (100 %)"
                                 "\r\033[Kwriting…\r\033[K")


def test_build_outside_a_terminal_prints_only_the_summary(tmp_path) -> None:
    result = run_build("build", "--content", str(SITES / "minimal"), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr
    assert re.fullmatch(r"\d+ pages in .+ \(\d+ rendered, \d+ unchanged\): 2 claims, 0 warnings, \d+\.\d\d s", result.stderr.strip())
