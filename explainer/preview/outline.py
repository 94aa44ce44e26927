"""The outline of rendered HTML: its headings with their ids, nested by level.

A theme's table of contents and its search index need the headings of a page whose
body was rendered elsewhere; reading them back from the HTML keeps the ids the core
gave them (``電力と家庭``), so no second slugifier can rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

LEVELS = {"h1": 1, "h2": 2, "h3": 3}


@dataclass
class Heading:
    level: int
    id: str
    text: str
    children: list[Heading] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Heading] = []
        self.open: Heading | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if tag in LEVELS and ident:
            self.open = Heading(LEVELS[tag], ident, "")

    def handle_endtag(self, tag: str) -> None:
        if self.open is not None and tag in LEVELS:
            self.open.text = " ".join(self.open.text.split())
            self.found.append(self.open)
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open.text += data


def outline(html: str) -> list[Heading]:
    """Headings h1–h3 that have an id, each nested under the last heading of a higher level."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    roots: list[Heading] = []
    stack: list[Heading] = []
    for heading in collector.found:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        stack.append(heading)
    return roots
