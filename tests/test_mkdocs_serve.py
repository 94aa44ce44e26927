"""``mkdocs serve``: both languages served, edits shown, content errors reported while it keeps running;
and Material's search finds Japanese and English words."""

from __future__ import annotations

import subprocess
import sys
from typing import Iterator

import pytest

from conftest import ROOT, SITES, serve
from mkdocs_support import Server, copy_project, get, mkdocs, wait_for


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    running = Server(copy_project(tmp_path / "project", SITES / "minimal"))
    try:
        wait_for("the first build", lambda: "Serving on" in running.output())
        yield running
    finally:
        running.stop()


@pytest.mark.slow
def test_serves_both_languages_and_shows_an_edit(server):
    assert "The story says the sky is blue." in get(f"{server.url}/en/weather.html")
    french = get(f"{server.url}/fr/weather.html")
    assert '<html lang="fr"' in french and 'href="../en/weather.html"' in french
    assert 'id="term-scattering"' in get(f"{server.url}/fr/glossary.html")
    section = server.project / "content" / "sections" / "en" / "01-weather.md"
    section.write_text(section.read_text(encoding="utf-8").replace("the sky is blue", "the sky is teal"),
                       encoding="utf-8")
    wait_for("the edit to be served", lambda: "The story says the sky is teal." in get(f"{server.url}/en/weather.html"))


@pytest.mark.slow
def test_a_template_edit_is_served_too(server):
    macros = server.project / "templates" / "macros.html"
    macros.write_text(macros.read_text(encoding="utf-8").replace('<p class="backrefs">', '<p class="backrefs edited">'),
                      encoding="utf-8")
    wait_for("the template edit", lambda: 'class="backrefs edited"' in get(f"{server.url}/en/weather.html"))


@pytest.mark.slow
def test_a_content_error_is_reported_as_the_cli_does_and_the_server_keeps_running(server):
    claims = server.project / "content" / "claims.yml"
    good = claims.read_text(encoding="utf-8")
    claims.write_text(good.replace("verdict: accurate\n", "verdict: acurate\n", 1), encoding="utf-8")
    cli = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", "content"],
                         cwd=server.project, capture_output=True, text=True, timeout=60)
    message = "content/claims.yml:3: unknown verdict 'acurate' (hint: did you mean 'accurate'?)"
    assert cli.returncode == 1 and message in cli.stderr
    wait_for("the error in the log", lambda: f"ERROR   -  {message}" in server.output())
    assert server.process.poll() is None, "the server is still running"
    wait_for("the error page", lambda: "unknown verdict" in get(f"{server.url}/en/weather.html"))
    claims.write_text(good, encoding="utf-8")
    wait_for("the page back", lambda: "The story says the sky is blue." in get(f"{server.url}/en/weather.html"))
    assert mkdocs("build", "--site-dir", str(server.project / "out"), cwd=server.project).returncode == 0


def test_a_broken_project_fails_mkdocs_build(tmp_path):
    project = copy_project(tmp_path / "project", SITES / "minimal")
    (project / "content" / "sections" / "fr" / "01-weather.md").unlink()
    result = mkdocs("build", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert result.returncode != 0
    assert "content/sections/fr" in result.stderr and "problem" in result.stderr


@pytest.fixture(scope="module")
def mkdocs_site_url(tmp_path_factory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("mkdocs-search") / "site"
    result = mkdocs("build", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    url, http = serve(out)
    yield url
    http.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize("start, word", [("ja/index.html", "電力"), ("en/index.html", "superintelligence"),
                                         ("ja/about.html", "gigawatts")])
@pytest.mark.slow
def test_material_search_finds_japanese_and_english_words(page, mkdocs_site_url, start, word):
    expected = {"電力": "/ja/", "superintelligence": "/en/", "gigawatts": "/en/"}[word]
    page.goto(f"{mkdocs_site_url}/{start}")
    page.wait_for_function("() => document.querySelector('.md-search__input') !== null")
    page.keyboard.press("s")  # Material's shortcut to the search box; its search listens for keyup
    page.keyboard.type(word)
    page.keyboard.press("End")
    items = page.locator(".md-search-result__item a")
    items.first.wait_for(timeout=15000)
    hrefs = [items.nth(i).get_attribute("href") or "" for i in range(items.count())]
    assert any(expected in href for href in hrefs), hrefs
