"""Link integrity: every internal link and #anchor resolves, every source URL is well formed.

Internal links are checked on the built files themselves (the minimal fixture and the
flagship, every language): each ``href``/``src`` is resolved against the page's own
path, the file must exist and the fragment must be an ``id`` in it. Absolute links
under ``base_url`` (hreflang, canonical, the 404 page) are checked the same way.
External source URLs are checked by ``build.py check --external``, tested here
against a local server, since this machine has no general internet.
"""

from __future__ import annotations

import http.server
import posixpath
import signal
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, SITES, run_build, write_site
from explainer import cli
from explainer import linkcheck
from explainer.content.load import load_content, valid_url

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("area", "href")}


class Page(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS and value is not None:
                self.links.append(value)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def broken_links(site: Path, base_url: str) -> list[str]:
    """Every internal link in ``site`` whose file or fragment is missing, as 'page -> link'."""
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    broken = []
    for rel, page in pages.items():
        for link in page.links:
            here, target = posixpath.dirname(rel), link
            if base_url and link.startswith(base_url):
                here, target = "", link[len(base_url):]
            elif link.startswith("/") and rel == "404.html":  # served at any depth, so rooted at the host
                here, target = "", link[1:]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue  # external: checked by check --external
            path = unquote(parts.path)
            resolved = posixpath.normpath(posixpath.join(here, path)) if path else rel
            file = site / resolved
            if resolved.startswith("../") or not file.is_file():
                broken.append(f"{rel} -> {link} (no file {resolved})")
            elif parts.fragment:
                ids = pages[resolved].ids if resolved in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{rel} -> {link} (no id {parts.fragment!r} in {resolved})")
    return broken


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("links") / "site"
    result = run_build("build", "--content", str(SITES / "minimal"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_every_internal_link_and_anchor_resolves_in_the_minimal_site(minimal_site):
    assert sorted(p.name for p in minimal_site.iterdir() if p.is_dir()) >= ["assets", "en", "fr"]
    assert broken_links(minimal_site, "https://example.org/mini/") == []


def test_every_internal_link_and_anchor_resolves_in_the_flagship(flagship):
    site_yml = load_content(ROOT / "content", "content")[0].site
    assert site_yml is not None
    assert broken_links(flagship, site_yml.base_url) == []


def test_the_link_checker_itself_catches_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en/a.html").write_text('<p id="here"><a href="b.html">b</a> <a href="#gone">x</a> '
                                        '<a href="a.html#here">ok</a></p>', encoding="utf-8")
    assert broken_links(tmp_path, "") == ["en/a.html -> b.html (no file en/b.html)",
                                          "en/a.html -> #gone (no id 'gone' in en/a.html)"]


def test_every_flagship_source_url_is_well_formed_http_or_https():
    content, _ = load_content(ROOT / "content", "content")
    urls = [s.url for claim in content.claims.values() for s in claim.sources if s.url]
    assert urls, "the flagship cites sources with URLs"
    assert [u for u in urls if not valid_url(u) or urlsplit(u).scheme not in ("http", "https")] == []


# -- check --external ------------------------------------------------------------------


class _Pages(http.server.BaseHTTPRequestHandler):
    """/ok answers 200, /refuses-head answers 405 to HEAD and 200 to GET, anything else 404."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        self.answer(405 if self.path == "/refuses-head" else None)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(None)

    def answer(self, forced: int | None) -> None:
        code = forced or (200 if self.path in ("/ok", "/refuses-head") else 404)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def keep_sigterm():
    """``cli.main`` turns SIGTERM into KeyboardInterrupt; give pytest its own handler back."""
    previous = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_external_checker_tells_live_from_dead_urls(local_server):
    results = linkcheck.check_urls([f"{local_server}/ok", f"{local_server}/missing", f"{local_server}/refuses-head"],
                                   timeout=5)
    assert [(r.url.rsplit("/", 1)[1], r.status, r.ok) for r in results] == [
        ("ok", 200, True), ("missing", 404, False), ("refuses-head", 200, True)]


def test_the_external_checker_reports_a_host_that_does_not_answer(local_server):
    closed = local_server.rsplit(":", 1)[0] + ":1"
    [result] = linkcheck.check_urls([f"{closed}/x"], timeout=2)
    assert result.status is None and not result.ok and result.error


def test_check_external_without_a_network_says_so_and_passes(monkeypatch, capsys):
    monkeypatch.setattr(linkcheck, "network_available", lambda timeout=3.0: False)
    assert cli.main(["check", "--content", str(SITES / "minimal"), "--external"]) == 0
    assert "no network: external links not checked" in capsys.readouterr().err.splitlines()


def test_check_external_reports_dead_sources_with_their_line(monkeypatch, capsys, local_server, tmp_path):
    """The minimal site's source and article URLs are pointed at the local server, where they are dead."""
    monkeypatch.setattr(linkcheck, "network_available", lambda timeout=3.0: True)
    claims = (SITES / "minimal" / "claims.yml").read_text(encoding="utf-8")
    site = (SITES / "minimal" / "site.yml").read_text(encoding="utf-8")
    content = write_site(tmp_path / "content", {
        "claims.yml": claims.replace("url: https://example.org/", f"url: {local_server}/"),
        "site.yml": site.replace("url: https://example.org/story", f"url: {local_server}/story")})
    assert cli.main(["check", "--content", str(content), "--external", "--strict"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (f"{content}/claims.yml:8: warning: source URL {local_server}/sky answers HTTP 404 "
            "(hint: find the page's new address or an archived copy)") in err
    assert "2 external links checked, 2 broken" in err  # the claim's source and the original article