"""The mkdocs preview takes its languages from ``site.yml``: any set, any default.

``mkdocs.yml`` names no language. For a German-default and a French-default site the
strict build passes, each page's ``<html lang>`` is its own, the theme and the 404 page
speak the default language, the search indexes every language lunr can read (so a word
starting with an umlaut is found), and the switcher lists the site's languages.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from conftest import SITES, serve
from mkdocs_support import mkdocs

UMLAUT_SENTENCE = "Über den Wolken scheint die Sonne."


def german_site(root: Path) -> Path:
    """The minimal site with German (default) and French: its English turned into German."""
    shutil.copytree(SITES / "minimal", root)
    for path in root.rglob("*.yml"):
        text = re.sub(r"\ben:", "de:", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    (root / "sections/en").rename(root / "sections/de")
    (root / "pages/en").rename(root / "pages/de")
    site = (root / "site.yml").read_text(encoding="utf-8")
    site = (site.replace("{code: en, name: English}", "{code: de, name: Deutsch}")
            .replace("default_language: en", "default_language: de").replace("language: en", "language: de"))
    (root / "site.yml").write_text(site, encoding="utf-8")
    strings = (root / "strings.yml").read_text(encoding="utf-8")
    strings = strings.replace("de: Page not found", "de: Seite nicht gefunden")
    (root / "strings.yml").write_text(strings, encoding="utf-8")
    section = root / "sections/de/01-weather.md"
    section.write_text(section.read_text(encoding="utf-8") + f"\n{UMLAUT_SENTENCE}\n", encoding="utf-8")
    return root


def french_site(root: Path) -> Path:
    """The minimal site (English and French) with French as its default language."""
    shutil.copytree(SITES / "minimal", root)
    site = root / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("default_language: en", "default_language: fr"),
                    encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("german")
    out = tmp / "preview"
    result = mkdocs("build", "--strict", "-d", str(out), content=str(german_site(tmp / "content")))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("french")
    out = tmp / "preview"
    result = mkdocs("build", "--strict", "-d", str(out), content=str(french_site(tmp / "content")))
    assert result.returncode == 0, result.stderr
    return out


def html_lang(page: Path) -> str:
    found = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1)


def search_config(preview: Path) -> dict:
    return json.loads((preview / "search/search_index.json").read_text(encoding="utf-8"))["config"]


def test_every_page_has_its_own_language_on_a_german_site(german):
    assert html_lang(german / "index.html") == "de"
    for lang in ("de", "fr"):
        for name in ("index", "weather", "about", "claims", "glossary"):
            assert html_lang(german / lang / f"{name}.html") == lang, f"{lang}/{name}.html"


def test_the_404_page_speaks_the_default_language(german, french):
    page = (german / "404.html").read_text(encoding="utf-8")
    assert html_lang(german / "404.html") == "de"
    assert "<h1>Seite nicht gefunden</h1>" in page and "404 - Not found" not in page
    assert 'href="/de/index.html"' in page
    assert html_lang(french / "404.html") == "fr"
    assert "<h1>Page introuvable</h1>" in (french / "404.html").read_text(encoding="utf-8")


def test_the_theme_strings_follow_each_page(german, french):
    def placeholder(page: Path) -> str:
        return re.search(r'<input[^>]*name="query"[^>]*placeholder="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
    assert placeholder(german / "de/about.html") == "Suche"
    assert placeholder(german / "fr/about.html") == "Rechercher"
    assert placeholder(french / "en/about.html") == "Search"


def test_search_reads_every_language_of_the_site(german, french):
    assert search_config(german)["lang"] == ["de", "fr"]
    assert search_config(french)["lang"] == ["en", "fr"]
    assert search_config(german)["separator"] == r"[\s\-]+"
    assert search_config(german)["pipeline"] == []


def test_the_switcher_and_tabs_list_the_sites_languages(german):
    page = (german / "de/weather.html").read_text(encoding="utf-8")
    switcher = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" class="md-select__link">', page)
    assert [(lang, posixpath.normpath(posixpath.join("de", href))) for href, lang in switcher] == [
        ("de", "de/weather.html"), ("fr", "fr/weather.html")]
    assert "Deutsch" in page and "Français" in page and 'hreflang="en"' not in page


def test_a_japanese_site_keeps_its_word_separators_and_lunr_language(tmp_path):
    from conftest import ROOT
    out = tmp_path / "preview"
    result = mkdocs("build", "--strict", "-d", str(out), content=str(ROOT / "content"))
    assert result.returncode == 0, result.stderr
    config = search_config(out)
    assert config["lang"] == ["ja", "en"]
    assert "、" in config["separator"] and "。" in config["separator"] and "\u3000" in config["separator"]
    assert html_lang(out / "404.html") == "ja"


@pytest.mark.slow
def test_the_preview_search_finds_a_word_starting_with_an_umlaut(page, german):
    url, http = serve(german)
    try:
        page.goto(f"{url}/de/index.html", wait_until="load")
        page.wait_for_function("() => typeof __md_get === 'function' && document.querySelector('.md-search__input')")
        page.keyboard.press("s")
        page.keyboard.type("Über")
        page.keyboard.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        results = page.locator(".md-search-result__item").all_inner_texts()
        links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    finally:
        http.shutdown()
    assert any("Über" in text for text in results), results
    assert any("de/weather.html" in href for href in links), links


def test_any_language_code_gets_the_closest_theme_and_search_language():
    from mkdocs.config import load_config

    from conftest import ROOT
    from explainer.preview.mkdocs_hooks import search_languages, search_separator, theme_language

    dirs = load_config(str(ROOT / "mkdocs.yml")).theme.dirs
    assert [theme_language(code, dirs) for code in ("de", "pt-BR", "de-CH", "gsw")] == ["de", "pt-BR", "de", "en"]
    assert search_languages(("de", "gsw", "nb", "pt-BR", "ja", "de-AT")) == ["de", "no", "pt", "ja"]
    assert search_languages(("gsw",)) == ["en"], "lunr knows no Swiss German: English, not nothing"
    assert search_separator(("fr", "zh-Hant")) == search_separator(("ja",)) != search_separator(("fr", "de"))
