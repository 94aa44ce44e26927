"""Reading content files: bytes → text, and Markdown → (front matter, body).

Editors' files arrive with BOMs, CRLF line ends, stray NUL bytes or another
encoding; each of those becomes a located problem here, not a traceback later.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .yaml_lines import YDict, load_yaml

MAX_BYTES = 8 * 1024 * 1024
"""Larger files are refused: no explainer section is 8 MB, and it keeps builds bounded."""


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file as text with ``\\n`` line ends, or None and the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(shown, 0, f"file is {size // 1024 // 1024} MB, over the {MAX_BYTES // 1024 // 1024} MB limit",
                                  "split it into smaller sections")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                              "save the file as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(shown, line, "contains a NUL byte", "remove it; content files are plain text")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, shown: str) -> tuple[YDict | None, str, int, list[Problem]]:
    """Return ``(front matter, body, line where body starts, problems)``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem(shown, 1, "missing front matter",
                                       "start the file with a line '---', then 'title: …' and 'description: …', then '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, text, 1, [Problem(shown, 1, "front matter is not closed", "add a line '---' after the last front-matter key")]
    data, problems = load_yaml("\n".join(lines[1:end]), shown, line_offset=1)
    if data is None and not problems:
        data = YDict()
        data.line, data.lines = 1, {}
    if data is not None and not isinstance(data, YDict):
        return None, "", end + 2, [Problem(shown, 2, "front matter must be 'key: value' lines")]
    return data, "\n".join(lines[end + 1:]), end + 2, problems
