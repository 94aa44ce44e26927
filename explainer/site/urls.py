"""Output paths and links between them.

Every link in the site is relative to the page it is on, so the site works from any
sub-path of any host and from ``file://``. Only hreflang, canonical, Open Graph and
the sitemap use absolute URLs, and only when ``base_url`` is set.
"""

from __future__ import annotations

import posixpath
from typing import Any


def page_path(lang: str, name: str) -> str:
    """Where a language's page lives: ``ja/index.html``, ``en/claims.html``."""
    return f"{lang}/{name}.html"


def feed_path(lang: str) -> str:
    """Where a language's Atom feed of corrections and updates is: ``en/feed.xml``."""
    return f"{lang}/feed.xml"


def relative(from_path: str, to_path: str) -> str:
    """The link from the page at ``from_path`` to ``to_path`` (both site-relative, ``/``-separated).

    Plain string work rather than ``posixpath.relpath``, which asks the OS for the
    working directory on every call: pages link to every section, so this runs
    N² times on a site of N sections.
    """
    target, _, fragment = to_path.partition("#")
    if not target or target == from_path:
        rel = from_path.rsplit("/", 1)[-1]
    else:
        here, there = from_path.split("/")[:-1], target.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:])
    return rel + ("#" + fragment if fragment else "")


def absolute(base_url: str, path: str) -> str:
    """``path`` under ``base_url``; falls back to the relative path when there is no base."""
    return base_url + path if base_url else path


def from_page(base_url: str, page: str, path: str) -> str:
    """``path`` as an absolute URL under ``base_url``, else relative to ``page``.

    For hreflang alternates on a page in a language folder: without a base URL a
    site-relative ``en/about.html`` would resolve to ``en/en/about.html``.
    """
    return base_url + path if base_url else relative(page, path)


def card_path(site: Any, lang: str, name: str) -> str:
    """Where the link-preview image of the page ``name`` in ``lang`` is: its own card, or the content's image."""
    if site.social_card:
        return "assets/social-card" + posixpath.splitext(site.social_card)[1].lower().replace(".jpeg", ".jpg")
    return f"assets/cards/{lang}/{name}.png"
