"""The reader's experience in a real browser: Debian's Chromium, driven by Playwright.

Every page of the flagship, in both languages, served from 127.0.0.1: nothing is
requested from elsewhere, nothing logs an error, nothing scrolls sideways on a phone;
every kind of page passes axe-core and keeps its place when the language changes; notes
open in place from the keyboard and stay reachable without JavaScript; search finds
Japanese and English words.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import every_kind_of_page, serve

pytestmark = pytest.mark.slow  # every test drives Chromium

AXE = Axe()
MEDIUM = {"width": 1024, "height": 768}
"""Narrower than the margin-notes layout: notes open as popovers."""


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def section_pages(site: Path) -> list[str]:
    """Language pages that have a parallel view, i.e. the sections."""
    return [p for p in pages(site) if (site / p).with_name("parallel-" + Path(p).name).exists()]


TABS = 8
"""Pages loaded side by side when every page must reach network idle (half a second without
a request): their quiet half-seconds then pass together instead of one after another."""


@pytest.fixture
def watched(browser):
    """A page whose browser context records console errors, page errors and every host contacted,
    by this page and by any other page opened in the same context."""
    context = browser.new_context()
    problems: list[str] = []
    hosts: set[str] = set()
    context.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
               if m.type in ("error", "warning") else None)
    context.on("weberror", lambda e: problems.append(f"page error: {e.error}"))
    context.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url.split(":")[0]))
    yield context.new_page(), problems, hosts
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_in_both_languages_passes_axe(browser, flagship, flagship_url, scheme):
    """Every page but the claim pages, which share one template: a sample of those (``every_kind_of_page``)."""
    context = browser.new_context(color_scheme=scheme)
    pg = context.new_page()
    failures = {}
    visited = every_kind_of_page(flagship)
    for path in visited:
        pg.goto(f"{flagship_url}/{path}")
        result = AXE.run(pg)
        if result.violations_count:
            failures[path] = result.generate_report()
    context.close()
    assert len(visited) > 20 and any("/claims/" in path for path in visited)
    assert not failures, "\n".join(f"{p}:\n{r}" for p, r in failures.items())


def test_no_console_errors_and_no_request_leaves_the_machine(watched, flagship, flagship_url):
    """Every page, each loaded until the network has been idle for half a second."""
    pg, problems, hosts = watched
    tabs = [pg] + [pg.context.new_page() for _ in range(TABS - 1)]
    every = pages(flagship)
    for start in range(0, len(every), TABS):
        batch = list(zip(tabs, every[start:start + TABS]))
        for tab, path in batch:
            tab.goto(f"{flagship_url}/{path}")
        for tab, _ in batch:
            tab.wait_for_load_state("networkidle")
    pg.goto(f"{flagship_url}/ja/search.html")
    pg.fill("#search-input", "電力")
    pg.wait_for_selector(".search-results li a")
    assert problems == []
    assert hosts == {"127.0.0.1"}


def test_a_phone_never_scrolls_sideways(browser, flagship, flagship_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    wide = {}
    for path in pages(flagship):
        pg.goto(f"{flagship_url}/{path}")
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[path] = width
    context.close()
    assert not wide


def test_the_language_switch_keeps_the_page(page, flagship, flagship_url):
    """On every kind of page (``every_kind_of_page``)."""
    for path in every_kind_of_page(flagship):
        if not path.startswith("ja/"):
            continue
        page.goto(f"{flagship_url}/{path}")
        page.click('.languages a[hreflang="en"]')
        assert page.url == f"{flagship_url}/en/{path[3:]}"
        page.click('.languages a[hreflang="ja"]')
        assert page.url == f"{flagship_url}/{path}"


def test_a_note_opens_from_the_keyboard_and_escape_returns_focus(page, flagship, flagship_url):
    page.set_viewport_size(MEDIUM)  # wide screens show the note beside its call instead
    page.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    ref = page.locator('a[role="doc-noteref"]').first
    ref.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".popover[role=dialog]")
    assert popover.count() == 1
    assert popover.evaluate("el => el === document.activeElement")
    assert ref.get_attribute("aria-expanded") == "true"
    assert popover.locator(".verdict .verdict-icon").count() == 1
    assert popover.locator(".claim-facts dd").count() >= 2
    assert popover.locator(".sources li, .no-sources").count() >= 1
    assert page.url.endswith(".html"), "opening the note must not leave the text"
    page.keyboard.press("Tab")  # into the note's own links, not away from it
    assert page.evaluate("document.activeElement.closest('.popover') !== null")
    page.keyboard.press("Escape")
    assert popover.count() == 0
    assert ref.evaluate("el => el === document.activeElement")
    assert ref.get_attribute("aria-expanded") == "false"
    assert AXE.run(page).violations_count == 0


def test_hovering_a_glossary_term_shows_its_definition(page, flagship, flagship_url):
    for path in section_pages(flagship):
        page.goto(f"{flagship_url}/{path}")
        if page.locator("a.term").count():
            break
    term = page.locator("a.term").first
    term.hover()
    popover = page.locator(".popover")
    popover.wait_for()
    assert popover.locator("strong").inner_text().strip()
    assert popover.locator(".popover-more a").get_attribute("href").startswith("glossary.html#term-")
    page.mouse.move(0, 0)
    popover.wait_for(state="detached")


def test_without_javascript_every_note_and_back_link_is_a_working_anchor(browser, flagship, flagship_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    checked = 0
    for path in section_pages(flagship):
        pg.goto(f"{flagship_url}/{path}")
        # Every call reaches its note; a note's one back-link returns to its first call (later
        # calls of the same note carry no id, so the note has a single way back).
        missing = pg.evaluate("""() => [...document.querySelectorAll('a[role=doc-noteref]')].filter(a => {
            const note = document.getElementById(a.hash.slice(1));
            const back = note && note.querySelector('a[role=doc-backlink]');
            const first = back && document.getElementById(back.hash.slice(1));
            return !note || note.offsetParent === null || !first || (a.id && first !== a); }).map(a => a.href)""")
        assert missing == [], (path, missing)
        checked += pg.locator("a[role=doc-noteref]").count()
    first = section_pages(flagship)[0]
    pg.goto(f"{flagship_url}/{first}")
    pg.locator("a[role=doc-noteref]").first.click()
    assert pg.url.endswith("#fn-1") and pg.locator(".popover").count() == 0
    pg.locator("#fn-1 a[role=doc-backlink]").first.click()
    assert pg.url.endswith("#fnref-1")
    pg.goto(f"{flagship_url}/ja/claims.html")
    assert pg.locator(".claim-filter").is_hidden()
    assert pg.locator("article.claim:visible").count() == pg.locator("article.claim").count() == 39
    pg.goto(f"{flagship_url}/en/search.html")
    assert pg.locator(".search-form").is_hidden() and pg.locator(".search-needs-js").is_visible()
    context.close()
    assert checked > 39


def test_the_claims_page_filters_by_verdict_and_section(page, flagship_url):
    page.goto(f"{flagship_url}/en/claims.html")
    claims = page.locator("article.claim")
    total = claims.count()
    page.select_option("#filter-verdict", "inaccurate")
    shown = page.locator("article.claim:visible")
    assert 0 < shown.count() < total
    assert all(c == "inaccurate" for c in shown.evaluate_all("els => els.map(e => e.dataset.verdict)"))
    section = page.locator("#filter-section option").nth(1).get_attribute("value")
    page.select_option("#filter-verdict", "")
    page.select_option("#filter-section", section)
    assert set(page.locator("article.claim:visible").evaluate_all("els => els.map(e => e.dataset.section)")) == {section}
    assert "/ 39" in page.locator(".filter-count").inner_text()
    page.select_option("#filter-section", "")
    assert page.locator("article.claim:visible").count() == total


@pytest.mark.parametrize("lang, word", [("ja", "電力"), ("ja", "データセンター"), ("ja", "超知能"),
                                        ("en", "superintelligence"), ("en", "gigawatts")])
def test_search_finds_words_in_each_language(page, flagship_url, lang, word):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{flagship_url}/{lang}/search.html")
    page.wait_for_load_state("networkidle")
    assert not any("/search/" in url for url in fetched), "the index loads only when the reader searches"
    page.fill("#search-input", word)
    page.wait_for_selector(".search-results mark")
    assert any(f"/search/{lang}/" in url for url in fetched)
    assert not any("/search/" in url and f"/search/{lang}/" not in url for url in fetched), "only its language's index"
    links = page.locator(".search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith(f"/{lang}/") for link in links)
    marked = page.locator(".search-results mark").all_inner_texts()
    assert any(word.lower() in m.lower() for m in marked), marked
    assert page.locator(".search-status").inner_text().strip()
    page.locator(".search-results li a").first.click()
    assert page.url.startswith(f"{flagship_url}/{lang}/")


def test_from_disk_the_site_works_and_search_says_it_needs_a_server(watched, flagship):
    pg, problems, _ = watched
    pg.set_viewport_size(MEDIUM)
    pg.goto((flagship / section_pages(flagship)[0]).as_uri())
    pg.locator('a[role="doc-noteref"]').first.click()
    assert pg.locator(".popover").count() == 1
    pg.goto((flagship / "en" / "search.html").as_uri())
    assert pg.locator(".search-needs-js").is_visible() and pg.locator(".search-form").is_hidden()
    assert problems == []


def test_search_works_from_a_sub_path(browser, flagship, tmp_path):
    """Published under /explainer/, the index is fetched from there and result links keep the prefix."""
    (tmp_path / "explainer").symlink_to(flagship, target_is_directory=True)
    url, server = serve(tmp_path)
    try:
        pg = browser.new_page()
        fetched: list[str] = []
        pg.on("request", lambda r: fetched.append(urlsplit(r.url).path))
        pg.goto(f"{url}/explainer/en/search.html?q=gigawatt")
        pg.wait_for_selector(".search-results li a")
        assert pg.input_value("#search-input") == "gigawatt"
        hrefs = pg.locator(".search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(href.startswith("/explainer/en/") for href in hrefs)
        assert all(path.startswith("/explainer/") for path in fetched)
        assert "/explainer/search/en/manifest.json" in fetched
        pg.close()
    finally:
        server.shutdown()
