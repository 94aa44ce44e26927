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

import pytest

from conftest import ROOT, SITES, run_build


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
