"""Hostile content in the mkdocs preview: every title, description, site title and language name
the theme shows is text, never markup, whether built with ``mkdocs build`` or served live by
``mkdocs serve``; nothing it carries runs in the editor's browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from conftest import SITES, serve, write_site
from mkdocs_support import Server, copy_project, mkdocs, wait_for

HOSTILE = {
    "site title en": 'Mini</title><script>window.__pwned = "site title"</script>',
    "site title fr": "\"><img src=x onerror=\"window.__pwned = 'site title fr'\">",
    "site description en": "<a href=\"javascript:window.__pwned = 'site description'\">site</a>",
    "language en": "English\"><img src=x onerror=\"window.__pwned = 'language'\">",
    "language fr": "<svg onload=\"window.__pwned = 'language fr'\"></svg>Français",
    "section title en": "Weather</title><script>window.__pwned = 'section title'</script>",
    "section description en": "x\"><img src=x onerror=document.title='PWNED'>",
    "section title fr": "javascript:window.__pwned = 'section title fr'//",
    "home description en": "</script><script>window.__pwned = 'home description'</script>",
    "about title en": "About <iframe src=\"javascript:parent.__pwned = 'about title'\"></iframe>",
}
"""Script-running payloads, one per place the hook hands content text to MkDocs or the theme."""
PAGES = ["index.html", "en/index.html", "en/weather.html", "fr/weather.html", "en/parallel-weather.html",
         "en/about.html", "fr/glossary.html", "404.html"]
SITE_NAME = f"{HOSTILE['site title en']} / {HOSTILE['site title fr']}"


def quoted(text: str) -> str:
    """A YAML scalar holding ``text`` exactly (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_content(root: Path) -> Path:
    minimal = {rel: (SITES / "minimal" / rel).read_text(encoding="utf-8") for rel in
               ("site.yml", "sections/en/01-weather.md", "sections/fr/01-weather.md", "pages/en/home.md",
                "pages/en/about.md")}
    return write_site(root, {
        "site.yml": minimal["site.yml"]
        .replace("{code: en, name: English}", f"{{code: en, name: {quoted(HOSTILE['language en'])}}}")
        .replace("{code: fr, name: Français}", f"{{code: fr, name: {quoted(HOSTILE['language fr'])}}}")
        .replace("title: {en: Mini explainer, fr: Mini explicateur}",
                 f"title: {{en: {quoted(HOSTILE['site title en'])}, fr: {quoted(HOSTILE['site title fr'])}}}")
        .replace("description: {en: A tiny site for tests.,", f"description: {{en: {quoted(HOSTILE['site description en'])},"),
        "sections/en/01-weather.md": minimal["sections/en/01-weather.md"]
        .replace("title: The weather", f"title: {quoted(HOSTILE['section title en'])}")
        .replace("description: What the story says about the weather.",
                 f"description: {quoted(HOSTILE['section description en'])}"),
        "sections/fr/01-weather.md": minimal["sections/fr/01-weather.md"]
        .replace("title: La météo", f"title: {quoted(HOSTILE['section title fr'])}"),
        "pages/en/home.md": minimal["pages/en/home.md"]
        .replace("description: Home page en.", f"description: {quoted(HOSTILE['home description en'])}"),
        "pages/en/about.md": minimal["pages/en/about.md"]
        .replace("title: About en", f"title: {quoted(HOSTILE['about title en'])}"),
    })


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return hostile_content(tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="module")
def built_url(tmp_path_factory, content) -> Iterator[str]:
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(out), content=str(content))
    assert result.returncode == 0, result.stderr
    url, http = serve(out)
    yield url
    http.shutdown()


@pytest.fixture(scope="module")
def served(tmp_path_factory, content) -> Iterator[Server]:
    running = Server(copy_project(tmp_path_factory.mktemp("hostile-serve") / "project", content))
    try:
        wait_for("the first build", lambda: "Serving on" in running.output())
        yield running
    finally:
        running.stop()


class Visit:
    """One page opened in Chromium, with every dialog, script error and CSP violation it caused."""

    def __init__(self, page, url: str):
        self.page, self.dialogs, self.console, self.errors = page, [], [], []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => document.querySelector('[data-md-component=search]') !== null")

    def nothing_ran(self) -> None:
        assert self.page.evaluate("window.__pwned") is None
        assert self.dialogs == [] and self.errors == []
        assert "PWNED" not in self.page.title()
        assert self.page.locator("img[src='x'], iframe, [onload], [onerror]").count() == 0
        assert [line for line in self.console if "Content Security Policy" in line] == []


def shown_literally(visit: Visit, rel: str) -> None:
    page = visit.page
    switcher = [" ".join(t.split()) for t in page.locator(".md-select__link").all_text_contents()]
    tabs = [" ".join(t.split()) for t in page.locator(".md-tabs__link").all_text_contents()]
    if rel != "404.html":
        assert switcher == [HOSTILE["language en"], HOSTILE["language fr"]]
        assert tabs == [HOSTILE["language en"], HOSTILE["language fr"]]
    assert page.locator(".md-header__topic .md-ellipsis").first.inner_text().strip() == SITE_NAME
    if rel == "en/weather.html":
        assert page.title() == f"{HOSTILE['section title en']} - {SITE_NAME}"
        assert page.locator("meta[name=description]").get_attribute("content") == HOSTILE["section description en"]
        assert page.locator("#page-title").inner_text() == HOSTILE["section title en"]
    if rel == "fr/weather.html":
        assert page.title() == f"{HOSTILE['section title fr']} - {SITE_NAME}"
    if rel == "en/about.html":
        assert page.title() == f"{HOSTILE['about title en']} - {SITE_NAME}"
    if rel == "en/index.html":
        assert page.locator("meta[name=description]").get_attribute("content") == HOSTILE["home description en"]


@pytest.mark.slow
@pytest.mark.parametrize("rel", PAGES)
def test_a_built_preview_page_shows_hostile_text_literally_and_runs_none_of_it(page, built_url, rel):
    visit = Visit(page, f"{built_url}/{rel}")
    visit.nothing_ran()
    shown_literally(visit, rel)


@pytest.mark.slow
@pytest.mark.parametrize("rel", PAGES[:-1])
def test_a_served_preview_page_shows_hostile_text_literally_and_runs_none_of_it(page, served, rel):
    visit = Visit(page, f"{served.url}/{rel}")
    visit.nothing_ran()
    shown_literally(visit, rel)
    assert "Enabled live reload" in visit.console, "the live-reload script runs under the page's policy"


@pytest.mark.slow
def test_search_results_show_hostile_titles_as_text(page, built_url):
    visit = Visit(page, f"{built_url}/en/weather.html")
    page.keyboard.press("s")  # Material's shortcut to the search box; its search listens for keyup
    page.keyboard.type("Weather")
    page.keyboard.press("End")
    titles = page.locator(".md-search-result__item h1")
    titles.first.wait_for(timeout=15000)
    assert any(HOSTILE["section title en"] in " ".join(t.split()) for t in titles.all_text_contents())
    visit.nothing_ran()


@pytest.mark.slow
def test_live_reload_still_reloads_an_open_page_under_the_policy(page, served):
    visit = Visit(page, f"{served.url}/en/weather.html")
    section = served.project / "content" / "sections" / "en" / "01-weather.md"
    section.write_text(section.read_text(encoding="utf-8").replace("the sky is blue", "the sky is teal"),
                       encoding="utf-8")
    page.get_by_text("The story says the sky is teal.").wait_for(timeout=30000)
    visit.nothing_ran()
