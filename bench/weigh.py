"""Page weight: what a reader downloads for one article page, gzipped.

For every article page of a built site: the HTML, plus each stylesheet and script
the page references directly (``<link rel=stylesheet>``, ``<script src>``), each
gzipped at level 6 as a typical server would. Files fetched on demand later (a
search index, a font) are not counted; they are not part of a first view.
"""

from __future__ import annotations

import gzip
import posixpath
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.urls.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")


@dataclass(frozen=True)
class Weight:
    pages: int
    html_raw: float
    """Average bytes of one article page's HTML."""
    html_gz: float
    assets_raw: float
    """Average bytes of the CSS and JS one article page references."""
    assets_gz: float

    @property
    def total_gz(self) -> float:
        return self.html_gz + self.assets_gz


def _local(url: str, page: str, base_path: str) -> str | None:
    """The site-relative file behind ``url`` as seen from ``page``; None for another host."""
    url = url.split("#")[0].split("?")[0]
    if "://" in url:
        _, _, rest = url.partition("://")
        url = "/" + rest.partition("/")[2]
    if url.startswith("/"):
        return url[len(base_path):] if url.startswith(base_path) else None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), url))


def weigh(site: Path, pages: list[Path], base_path: str = "/bench/") -> Weight:
    """Average weight of ``pages`` (files under ``site``); ``base_path`` is the site's URL path."""
    cache: dict[str, tuple[int, int]] = {}
    html_raw, html_gz, assets_raw, assets_gz = [], [], [], []
    for page in pages:
        data = page.read_bytes()
        html_raw.append(len(data))
        html_gz.append(len(gzip.compress(data, 6, mtime=0)))
        parser = _Assets()
        parser.feed(data.decode("utf-8"))
        raw = gz = 0
        rel_page = page.relative_to(site).as_posix()
        for url in dict.fromkeys(parser.urls):
            rel = _local(url, rel_page, base_path)
            if rel is None or not (site / rel).is_file():
                continue
            if rel not in cache:
                asset = (site / rel).read_bytes()
                cache[rel] = (len(asset), len(gzip.compress(asset, 6, mtime=0)))
            raw, gz = raw + cache[rel][0], gz + cache[rel][1]
        assets_raw.append(raw)
        assets_gz.append(gz)
    mean = statistics.fmean
    return Weight(len(pages), mean(html_raw), mean(html_gz), mean(assets_raw), mean(assets_gz))
