"""``build.py check --external``: does every source URL still answer?

Sources rot; an editor should learn that before a reader does. Each URL gets a
HEAD request (GET when the server refuses HEAD), a short timeout and a few at a time,
so a slow host cannot stall the check. Offline machines get one clear sentence
instead of a wall of timeouts.
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .content.model import Content
from .errors import Problem

TIMEOUT = 10.0
WORKERS = 8
USER_AGENT = "explainer-linkcheck/1"
NO_NETWORK = "no network: external links not checked"


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None
    """HTTP status, or None when no answer came."""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def source_urls(content: Content) -> dict[str, Problem]:
    """Each distinct source URL with where it is first written (for the report's location)."""
    found: dict[str, Problem] = {}
    for claim in content.claims.values():
        for source in claim.sources:
            if source.url and source.url not in found:
                found[source.url] = Problem(source.where.path, source.where.line, "")
    if content.site and content.site.article and content.site.article.url:
        found.setdefault(content.site.article.url, Problem(os.path.join(content.root, "site.yml"), 0, ""))
    return found


def network_available(timeout: float = 3.0) -> bool:
    """Whether any public name resolves and connects: one probe, before hundreds of requests."""
    try:
        with socket.create_connection(("example.org", 443), timeout=timeout):
            return True
    except OSError:
        return False


def check_url(url: str, timeout: float = TIMEOUT) -> LinkResult:
    """Ask ``url`` for its status: HEAD first, GET when HEAD is refused (405/501) or fails."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, validated
                return LinkResult(url, response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return LinkResult(url, exc.code, exc.reason if isinstance(exc.reason, str) else "")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            if method == "HEAD":
                continue
            reason = getattr(exc, "reason", exc)
            return LinkResult(url, None, str(reason))
    raise AssertionError("unreachable: GET always returns")  # pragma: no cover


def check_urls(urls: list[str], timeout: float = TIMEOUT, workers: int = WORKERS) -> list[LinkResult]:
    """Check ``urls`` a few at a time; results in the order given."""
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(urls))) as pool:
        return list(pool.map(lambda url: check_url(url, timeout), urls))


def check_external(content: Content) -> tuple[list[Problem], str]:
    """Problems for every source URL that does not answer with success, and a one-line summary."""
    if not network_available():
        return [], NO_NETWORK
    where = source_urls(content)
    results = check_urls(sorted(where))
    problems = []
    for result in results:
        if result.ok:
            continue
        at = where[result.url]
        what = f"HTTP {result.status}" if result.status is not None else (result.error or "no answer")
        problems.append(Problem(at.path, at.line, f"source URL {result.url} answers {what}",
                                "find the page's new address or an archived copy", level="warning"))
    return problems, f"{len(results)} external links checked, {len(problems)} broken"
