"""Content Security Policy: one strict policy, everywhere, and the site never trips it.

The policy (``render.CSP``) allows no inline script or style and no other origin. It
is in every page's ``<meta http-equiv>`` and in ``_headers`` for hosts that send it
as a real header. Then every page of the minimal fixture and of the flagship is
opened over http in Chromium, listening for ``securitypolicyviolation`` events and
for console messages about the policy: there must be none.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SITES, every_kind_of_page, run_build, serve, write_site
from explainer.site.render import CSP


class Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.referrers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policies.append(values.get("content") or "")
        if tag == "meta" and values.get("name") == "referrer":
            self.referrers.append(values.get("content") or "")


def metas(page: Path) -> Metas:
    parser = Metas()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def policies(page: Path) -> list[str]:
    return metas(page).policies


def referrers(page: Path) -> list[str]:
    return metas(page).referrers


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    """The minimal fixture built with no base_url, so its 404 page's links are host-rooted.

    (With a base_url the 404 page links to that host, which is only 'self' once deployed there.)
    """
    root = tmp_path_factory.mktemp("csp")
    site_yml = (SITES / "minimal/site.yml").read_text(encoding="utf-8")
    content = write_site(root / "content", {"site.yml": site_yml.replace("https://example.org/mini/", '""')})
    result = run_build("build", "--content", str(content), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_policy_forbids_inline_script_and_other_origins():
    directives = dict((d.split(" ", 1) + [""])[:2] for d in CSP.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in CSP and "http" not in CSP and "*" not in CSP


def test_every_page_carries_the_policy_once(minimal):
    pages = sorted(minimal.rglob("*.html"))
    assert len(pages) >= 12
    assert {p.relative_to(minimal).as_posix(): policies(p) for p in pages} == {
        p.relative_to(minimal).as_posix(): [CSP] for p in pages}


def test_the_headers_file_sends_the_policy_for_every_path_and_forbids_framing(minimal):
    assert (minimal / "_headers").read_text(encoding="utf-8") == (
        f"/*\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n  X-Frame-Options: DENY\n"
        "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n")


def test_framing_is_refused_only_where_browsers_read_it():
    """``frame-ancestors`` is ignored (with a console error) in a ``<meta>``: it belongs in ``_headers`` only."""
    assert "frame-ancestors" not in CSP


def test_every_page_sends_no_referrer(minimal, flagship):
    """The root language choice and the 404 page too, not only the pages built from ``base.html``."""
    for site in (minimal, flagship):
        pages = sorted(site.rglob("*.html"))
        assert {p.relative_to(site).as_posix(): referrers(p) for p in pages} == {
            p.relative_to(site).as_posix(): ["no-referrer"] for p in pages}


def check_site(browser, site: Path, url: str, paths: list[str] | None = None) -> dict[str, list[str]]:
    """Open ``paths`` (every page of ``site`` by default) at ``url``; return each page's CSP violations
    and policy messages."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    found = {}
    try:
        if paths is None:
            paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        for path in paths:
            seen.clear()
            page.goto(f"{url}/{path}", wait_until="load")
            problems = seen + page.evaluate("window.__csp")
            if problems:
                found[path] = problems
    finally:
        context.close()
    return found


@pytest.mark.slow
def test_no_page_of_the_minimal_site_violates_the_policy(browser, minimal):
    url, server = serve(minimal)
    try:
        assert check_site(browser, minimal, url) == {}
    finally:
        server.shutdown()


@pytest.mark.slow
def test_the_check_sees_a_violation_when_there_is_one(browser, tmp_path):
    (tmp_path / "bad.html").write_text(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
                                       "<p>x</p><script>document.title = 'ran'</script>", encoding="utf-8")
    url, server = serve(tmp_path)
    try:
        assert list(check_site(browser, tmp_path, url)) == ["bad.html"]
    finally:
        server.shutdown()


@pytest.mark.slow
def test_no_page_of_the_flagship_violates_the_policy(browser, flagship, flagship_url):
    """Every kind of page (``every_kind_of_page``): what a page may run and load comes from its
    template; content reaches it only as escaped text."""
    assert check_site(browser, flagship, flagship_url, every_kind_of_page(flagship)) == {}
