"""Rules on one Markdown body that need its parsed tokens: one top heading, in-page links that land.

Both mistakes pass CommonMark silently and show only to a reader: a ``# Title`` at the
top of a body repeats the page's ``<h1>`` (the front matter's ``title:``), which screen
readers announce as two pages' worth of title; ``[see below](#rain)`` to a heading that
was renamed scrolls nowhere. Each is reported at its line, like every other content error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it.token import Token

from ..errors import Problem

NOTE_IDS = re.compile(r"^fn(?:ref)?-\d+(?:-\d+)?$")
"""The ids of numbered notes and their references (``fn-2``, ``fnref-2-3``), on every page with notes."""

PAGE_IDS = {"main", "page-title"}
"""Ids every page's template gives its own elements: the skip link's target and the title."""

TEMPLATE_IDS = {
    ("page", "home"): {"figures-heading", "contents-heading"},
    ("page", "about"): {"original-heading", "disclaimer", "disclaimer-heading"},
}
"""Further ids the home and about templates give, which a page's own text may link to."""


def body_problems(path: str, kind: str, ident: str, tokens: list[Token], first_line: int) -> list[Problem]:
    """A second ``<h1>`` and links to ``#fragments`` the page will not have, each at its file line."""
    problems: list[Problem] = []
    ids = PAGE_IDS | TEMPLATE_IDS.get((kind, ident), set())
    ids |= {str(tok.attrGet("id")) for tok in tokens if tok.type == "heading_open" and tok.attrGet("id")}
    for tok in tokens:
        if tok.type == "heading_open" and tok.tag == "h1":
            problems.append(Problem(path, first_line + (tok.map[0] if tok.map else 0),
                                    "a '#' heading in the body is a second top-level heading: "
                                    "the title in the front matter already is the page's <h1>",
                                    "use '## …' for a heading inside the text, or remove it if it repeats the title"))
    for fragment, line in _fragment_links(tokens, first_line):
        if fragment not in ids and not NOTE_IDS.match(fragment):
            known = sorted(i for i in ids - PAGE_IDS)
            problems.append(Problem(path, line, f"link to '#{fragment}' leads nowhere: no heading on this page has that id",
                                    ("headings here: " + ", ".join(f"#{i}" for i in known)) if known
                                    else "link to a '## heading' of this page by its id, or remove the '#'"))
    return problems


def _fragment_links(tokens: list[Token], first_line: int) -> Iterator[tuple[str, int]]:
    """(fragment, file line) of every link whose target is ``#fragment`` alone."""
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        start = first_line + (tok.map[0] if tok.map else 0)
        cursor = 0
        for child in tok.children:
            href = unquote(str(child.attrGet("href") or "")) if child.type == "link_open" else ""
            if len(href) < 2 or not href.startswith("#"):
                continue  # markdown-it percent-encodes the target: #電力 is written, #%E9%9B%BB%E5%8A%9B kept
            at = tok.content.find(href, cursor)
            cursor = max(at, cursor)
            yield href[1:], start + tok.content.count("\n", 0, cursor)
