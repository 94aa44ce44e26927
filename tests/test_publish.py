"""Publishing: one content folder built for any address (``--base-url``, ``$EXPLAINER_BASE_URL``).

``site.yml``'s ``base_url`` is the default; the flag or the variable replaces it for one
build, checked by the same rule, and the rebuild cache never keeps a page made for
another address.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
import yaml

from conftest import ROOT, SITES, run_build, serve, write_site


def _build(out: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(SITES / "minimal"),
                           "--out", str(out), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def _absolute_urls(out: Path) -> set[str]:
    """Every absolute URL on the site's pages, in its sitemap and robots.txt."""
    found: set[str] = set()
    for path in [*out.rglob("*.html"), out / "sitemap.xml", out / "robots.txt"]:
        found.update(re.findall(r"https?://[^\s\"'<>]+", path.read_text(encoding="utf-8")))
    return found


def _page_urls(out: Path, page: str) -> dict[str, list[str]]:
    html = (out / page).read_text(encoding="utf-8")
    return {"canonical": re.findall(r'<link rel="canonical" href="([^"]+)"', html),
            "hreflang": re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', html),
            "og:image": re.findall(r'<meta property="og:image" content="([^"]+)"', html)}


def test_base_url_flag_makes_hreflang_canonical_and_sitemap_absolute_under_it(tmp_path):
    out = tmp_path / "site"
    result = _build(out, "--base-url", "https://staging.example.net/preview/mini")
    assert result.returncode == 0, result.stderr
    base = "https://staging.example.net/preview/mini/"  # the trailing slash is added, as in site.yml
    urls = _page_urls(out, "fr/weather.html")
    assert urls["canonical"] == [base + "fr/weather.html"]
    assert urls["hreflang"] == [base + "en/weather.html", base + "fr/weather.html", base + "en/weather.html"]
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text())
    assert sitemap and all(loc.startswith(base) for loc in sitemap)
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text()
    assert not any("example.org/mini" in url for url in _absolute_urls(out)), "site.yml's base_url leaked"


def test_the_environment_variable_overrides_site_yml_and_the_flag_overrides_both(tmp_path):
    out = tmp_path / "site"
    result = _build(out, env={"EXPLAINER_BASE_URL": "https://env.example.net/"})
    assert result.returncode == 0, result.stderr
    assert _page_urls(out, "en/about.html")["canonical"] == ["https://env.example.net/en/about.html"]
    result = _build(out, "--base-url", "https://flag.example.net/", env={"EXPLAINER_BASE_URL": "https://env.example.net/"})
    assert result.returncode == 0, result.stderr
    assert _page_urls(out, "en/about.html")["canonical"] == ["https://flag.example.net/en/about.html"]


def test_an_empty_base_url_builds_relative_links_only(tmp_path):
    out = tmp_path / "site"
    result = _build(out, "--base-url", "")
    assert result.returncode == 0, result.stderr
    assert _page_urls(out, "en/index.html") == {"canonical": [], "hreflang": [], "og:image": []}
    assert not any("example.org/mini" in url for url in _absolute_urls(out))


@pytest.mark.parametrize("bad", ["example.org/mini", "ftp://example.org/", "https://exa mple.org/", "javascript:alert(1)"])
def test_a_malformed_base_url_is_a_usage_error_and_the_old_site_survives(tmp_path, bad):
    out = tmp_path / "site"
    assert _build(out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = _build(out, "--base-url", bad)
    assert result.returncode == 2
    assert f"--base-url: base_url {bad!r} is not a well-formed http(s) URL" in result.stderr
    assert "hint:" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    result = _build(out, env={"EXPLAINER_BASE_URL": bad})
    assert result.returncode == 2 and "$EXPLAINER_BASE_URL: base_url" in result.stderr


def test_pdf_takes_the_flag_too(tmp_path):
    result = run_build("pdf", "--help")
    assert result.returncode == 0 and "--base-url URL" in result.stdout


def test_the_rebuild_cache_never_keeps_a_page_built_for_another_base(tmp_path):
    out = tmp_path / "site"
    assert _build(out, "--base-url", "https://a.example.net/").returncode == 0
    assert _build(out, "--base-url", "https://b.example.net/x/").returncode == 0
    urls = _absolute_urls(out)
    assert not any("a.example.net" in url for url in urls)
    assert {page for page in (out / "sitemap.xml").read_text().split() if "b.example.net/x/" in page}
    assert _build(out).returncode == 0  # back to site.yml's
    urls = _absolute_urls(out)
    assert not any("example.net" in url for url in urls)
    assert _page_urls(out, "en/index.html")["canonical"] == ["https://example.org/mini/en/index.html"]
    unchanged = _build(out, "-v")
    assert "(0 rendered" in unchanged.stderr, "the same base twice: nothing to render again"


# -- the GitHub Pages workflow ------------------------------------------------------------

WORKFLOW = ROOT / ".github/workflows/pages.yml"


def readme_first_command() -> str:
    """The first command of the README's "Two commands", without its comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Two commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return block.splitlines()[0].split("  #", 1)[0].strip()


def test_the_pages_workflow_parses_and_builds_with_exactly_the_readmes_first_command():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    [build] = [step for step in steps if "run" in step]
    assert readme_first_command() == "tools/setup.sh && .venv/bin/python build.py --pdf"
    assert build["run"].strip() == readme_first_command()
    assert build["env"] == {"EXPLAINER_BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    uses = [step.get("uses", "") for step in steps]
    assert uses.index("actions/configure-pages@v5") < steps.index(build) < uses.index("actions/upload-pages-artifact@v3")
    [pages] = [step for step in steps if step.get("uses", "").startswith("actions/configure-pages")]
    assert pages["id"] == "pages"
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload["with"] == {"path": "site"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow[True]["push"] == {"branches": ["main"]}  # YAML 1.1 reads the key `on` as true


def test_the_readme_describes_every_host_and_the_workflow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    for needle in (".github/workflows/pages.yml", "--base-url", "EXPLAINER_BASE_URL", "Netlify", "Cloudflare Pages",
                   "_headers", "sub-path", readme_first_command()):
        assert needle in publishing, needle


# -- a site under a sub-path, in Chromium ------------------------------------------------

SECOND_SECTION = {
    "sections/en/02-tides.md": "---\ntitle: The tides\ndescription: The tides.\n---\nThe sea rises twice a day.\n",
    "sections/fr/02-tides.md": "---\ntitle: Les marées\ndescription: Les marées.\n---\nLa mer monte deux fois par jour.\n",
}


@pytest.mark.slow
def test_a_site_built_for_a_sub_path_works_when_served_there(browser, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    url, server = serve(www)
    base = f"{url}/docs/explainer/"
    try:
        content = write_site(tmp_path / "content", SECOND_SECTION)
        result = run_build("build", "--content", str(content), "--out", str(www / "docs/explainer"), "--base-url", base)
        assert result.returncode == 0, result.stderr
        page = browser.new_page()
        failed: list[str] = []
        fetched: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # A request cut short by the next click (Chromium's favicon fetch) is aborted, not missing.
        page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(f"{r.failure} {r.url}"))
        page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
        page.goto(base)
        page.locator('a[hreflang="en"]').first.click()
        assert page.url == base + "en/index.html"
        page.locator(".site-nav-sections a").first.click()
        assert page.url == base + "en/weather.html"
        page.wait_for_load_state("load")
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex", "site.css"
        page.locator('a[rel="next"]').click()
        assert page.url == base + "en/tides.html"
        page.locator('.languages a[hreflang="fr"]').click()
        assert page.url == base + "fr/tides.html"
        page.locator(".search-link").click()
        assert page.url == base + "fr/search.html"
        page.fill("#search-input", "marées")
        page.wait_for_selector(".search-results li a")
        page.locator(".search-results li a").first.click()
        assert page.url.startswith(base + "fr/")
        assert any(path == "/docs/explainer/assets/site.js" for path in fetched)
        assert all(path.startswith("/docs/explainer/") for path in fetched), fetched
        for url_ in [*re.findall(r"<loc>([^<]+)</loc>", (www / "docs/explainer/sitemap.xml").read_text()),
                     *_page_urls(www / "docs/explainer", "fr/tides.html")["og:image"], base + "favicon.svg"]:
            with urlopen(url_) as response:
                assert response.status == 200, url_
        not_found = (www / "docs/explainer/404.html").read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', not_found):
            assert href.startswith(base), href
            with urlopen(href.split("#")[0]) as response:
                assert response.status == 200, href
        page.close()
        assert failed == []
    finally:
        server.shutdown()
