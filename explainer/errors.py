"""Problems found in content, as values that carry their location.

Every stage returns problems instead of raising on the first one, so an editor sees
all of them at once. Each prints as ``path:line: message (hint: …)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, where it is, and how to fix it."""

    path: str
    """Path as the editor would type it, e.g. ``content/claims.yml``."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str
    hint: str = ""
    level: Level = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.level == "warning" else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}: {prefix}{self.message}{hint}"


class ContentError(Exception):
    """Raised once, at a stage boundary, with every problem that stops the build."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """A hint naming the closest known id, or the list of ids when few exist."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if choices and len(choices) <= 8:
        return "known: " + ", ".join(sorted(choices))
    return ""


class PdfError(Exception):
    """The PDFs cannot be made as promised; the build stops and writes nothing.

    Defined here, not in ``pdf``, so the command line can catch it without
    importing the PDF machinery on builds that make no PDF.
    """
