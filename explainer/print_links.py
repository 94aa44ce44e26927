"""Where a link in a printed document points: inside the PDF, to the public site, or nowhere.

A PDF has no neighbouring pages. WeasyPrint resolves a relative link against its
``base_url`` (the template folder, where the stylesheet is), so ``other.html`` would
become ``file:///home/…/templates/static/other.html``: a dead link that leaks the
builder's path and differs between checkouts. Instead every link of the print
document is resolved here, against the web page its text comes from:

* a page that is part of the book (the home page's lede, a section, the about page,
  the glossary) becomes an internal anchor, the heading or term named by its
  fragment when the book has it;
* any other page of the site becomes its public URL under the site's ``base_url``,
  or, without one, plain text (no link at all beats a link to the reader's disk);
* http(s) and mailto links are kept; anything else is plain text.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterable
from urllib.parse import unquote

from .errors import PdfError
from .model import Content, Doc
from .urls import page_path

KEPT = ("https:", "http:", "mailto:")
_ANCHOR_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')


def heading_ids(doc: Doc) -> list[str]:
    """The ids ``markdown`` gave the headings of ``doc``, as its web page has them."""
    return [str(tok.attrGet("id")) for tok in doc.tokens if tok.type == "heading_open" and tok.attrGet("id")]


def web_path(doc: Doc) -> str:
    """The site-relative page a section or page is published as."""
    return page_path(doc.lang, "index" if doc.kind == "page" and doc.id == "home" else doc.id)


class PrintLinks:
    """The link rule of one language's print document."""

    def __init__(self, content: Content, lang: str, parts: Iterable[tuple[Doc, str]]):
        """``parts``: each printed Markdown file with the id of its part in the document."""
        assert content.site is not None
        self.base_url = content.site.base_url
        self.anchors: dict[str, tuple[str, dict[str, str]]] = {}
        """Site-relative page → (its part's anchor, {fragment on the web: anchor in the document})."""
        for doc, part in parts:
            self.anchors[web_path(doc)] = (part, {hid: f"{part}-{hid}" for hid in heading_ids(doc)})
        terms = {f"term-{term}": f"term-{term}" for term in content.terms}
        self.anchors[page_path(lang, "glossary")] = ("glossary", terms)

    def href(self, page: str, href: str) -> str | None:
        """Where ``href``, written on the web page ``page``, points in the PDF; None: print it unlinked."""
        if href.lower().startswith(KEPT):
            return href
        target, _, fragment = href.partition("#")
        path = target.split("?", 1)[0]
        if ":" in path.split("/", 1)[0] or path.startswith("/"):
            return None  # another scheme, or the host's root, which is not the site's under a sub-path
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        if resolved == ".." or resolved.startswith("../"):
            return None
        known = self.anchors.get(unquote(resolved))
        if known is not None:
            part, inside = known
            return "#" + inside.get(unquote(fragment), part)
        if self.base_url:
            return self.base_url + resolved + target[len(path):] + ("#" + fragment if fragment else "")
        return None


def check_links(html: str) -> None:
    """Refuse a print document with a link WeasyPrint would turn into a ``file:`` URI."""
    stray = sorted({href for href in _ANCHOR_HREF.findall(html) if not href.startswith("#")
                    and not href.lower().startswith(KEPT)})
    if stray:
        raise PdfError("the print document links to " + ", ".join(stray) + ", which a PDF can only show as "
                       "file: links; links in print must be anchors in the document or http(s)/mailto URLs")
