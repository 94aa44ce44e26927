"""Output paths and links between them.

Every link in the site is relative to the page it is on, so the site works from any
sub-path of any host and from ``file://``. Only hreflang, canonical, Open Graph and
the sitemap use absolute URLs, and only when ``base_url`` is set.
"""

from __future__ import annotations

import posixpath


def page_path(lang: str, name: str) -> str:
    """Where a language's page lives: ``ja/index.html``, ``en/claims.html``."""
    return f"{lang}/{name}.html"


def relative(from_path: str, to_path: str) -> str:
    """The link from the page at ``from_path`` to ``to_path`` (both site-relative)."""
    target, _, fragment = to_path.partition("#")
    rel = posixpath.relpath(target or from_path, posixpath.dirname(from_path) or ".")
    if target == "" or target == from_path:
        rel = posixpath.basename(from_path)
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
