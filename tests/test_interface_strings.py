"""Interface strings come built in for seven languages, with plural forms; ``strings.yml`` only overrides.

``article:`` and ``disclaimer:`` are optional; when there is a disclaimer, each page shows the
original and the translation into its own language, labelled in that language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_build, serve
from explainer.site.dates import written_date
from explainer.content.interface_strings import BUILT_IN, PLURAL_FORMS, PLURAL_KEYS, interface_strings
from explainer.content.strings import REQUIRED_STRINGS
from explainer.site.pages import PAGE_TYPES
from explainer.site.typography import label


def new_site(root: Path, languages: str) -> Path:
    """An explainer as ``build.py new`` starts it: no strings.yml, no article, no disclaimer."""
    result = run_build("new", str(root), "--languages", languages)
    assert result.returncode == 0, result.stderr
    assert not (root / "strings.yml").exists()
    return root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def built(content: Path, out: Path) -> Path:
    result = run_build("build", "--strict", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def refused(content: Path) -> str:
    result = run_build("check", "--content", str(content))
    assert result.returncode == 1, result.stderr
    return result.stderr


# -- the built-in strings ----------------------------------------------------------------

def test_every_built_in_language_has_every_string_the_templates_use_and_names_each_built_in_language():
    assert set(BUILT_IN) == {"en", "ja", "de", "fr", "es", "zh", "ko"}
    source_languages = {f"source_lang_{code}" for code in [*BUILT_IN, "pt"]}
    optional_pages = {key for kind in PAGE_TYPES for key in kind.strings}  # the timeline's, needed with its page
    for lang, strings in BUILT_IN.items():
        assert set(strings) == set(REQUIRED_STRINGS) | source_languages | optional_pages, lang
        assert len(strings["month_names"].split()) == 12


def test_every_built_in_plural_gives_the_forms_its_language_counts_with():
    for lang, strings in BUILT_IN.items():
        for key in PLURAL_KEYS:
            forms = strings[key] if isinstance(strings[key], dict) else {"other": strings[key]}
            assert set(forms) == set(PLURAL_FORMS[lang]), (lang, key)
            assert all("{n}" in text for text in forms.values())


def test_dates_and_labels_read_as_each_built_in_language_writes_them():
    def written(iso: str, lang: str) -> str:
        strings = interface_strings((lang,), {})
        return written_date(iso, lambda key: strings[key][lang])

    assert [written("2026-12-02", lang) for lang in ("en", "de", "fr", "es", "ja", "zh", "ko")] == [
        "2 December 2026", "2. Dezember 2026", "2 décembre 2026", "2 de diciembre de 2026", "2026年12月2日",
        "2026年12月2日", "2026년 12월 2일"]
    assert [written("2025-07", lang) for lang in ("de", "es", "ko")] == ["Juli 2025", "julio de 2025", "2025년 7월"]
    assert [str(label("Note", lang)) for lang in ("en", "fr", "ja")] == ["Note: ", "Note\u00a0: ", "Note："]


@pytest.mark.parametrize("languages, checks", [
    ("de,fr", {"de": ("Zum Inhalt springen", "Geprüfte Aussagen", "Anmerkung 1", "Zutreffend"),
               "fr": ("Aller au contenu", "Affirmations vérifiées", "Note 1", "Exact")}),
    ("ja,en", {"ja": ("本文へ移動", "検証した主張", "注1", "正確"),
               "en": ("Skip to content", "Claims checked", "Note 1", "Accurate")}),
])
def test_a_site_without_strings_yml_article_or_disclaimer_speaks_each_pages_language(tmp_path, languages, checks):
    site = built(new_site(tmp_path / "content", languages), tmp_path / "site")
    for lang, words in checks.items():
        page = (site / lang / "first-section.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        for word in words:
            assert word in page, (lang, word)
        about = (site / lang / "about.html").read_text(encoding="utf-8")
        assert 'id="disclaimer"' not in about and 'class="original"' not in about
        assert "site-disclaimer" not in page
    for name in ("index.html", "404.html"):
        assert "site-disclaimer" not in (site / name).read_text(encoding="utf-8")


def test_a_regional_code_reads_its_languages_strings_but_traditional_chinese_is_not_given_simplified(tmp_path):
    content = tmp_path / "content"
    assert run_build("new", str(content), "--languages", "de-CH,zh-TW").returncode == 0
    strings = (content / "strings.yml").read_text(encoding="utf-8")
    assert "  zh-TW: \"Skip to content\"" in strings and "de-CH" not in strings
    site = built(content, tmp_path / "site")
    assert "Zum Inhalt springen" in (site / "de-CH" / "index.html").read_text(encoding="utf-8")
    assert "跳到正文" not in (site / "zh-TW" / "index.html").read_text(encoding="utf-8")


def test_strings_yml_changes_only_the_keys_and_languages_it_names(tmp_path):
    content = new_site(tmp_path / "content", "de,fr")
    (content / "strings.yml").write_text("claims: {de: Faktencheck}\n", encoding="utf-8")
    site = built(content, tmp_path / "site")
    german = (site / "de" / "index.html").read_text(encoding="utf-8")
    french = (site / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Faktencheck" in german and "Geprüfte Aussagen" not in german
    assert "Affirmations vérifiées" in french and "Zum Inhalt springen" in german


def test_a_plural_string_lacking_a_form_its_language_needs_is_a_located_error(tmp_path):
    content = new_site(tmp_path / "content", "de,fr")
    (content / "strings.yml").write_text(
        "search_results:\n  de: {other: \"{n} Treffer\"}\n  fr: {un: \"{n} résultat\", other: \"{n} résultats\"}\n"
        "claims: {de: {one: Aussage, other: Aussagen}}\n", encoding="utf-8")
    err = refused(content)
    shown = content / "strings.yml"
    assert (f"{shown}:2: 'search_results.de' lacks the plural form 'one' "
            "(hint: 'de' needs one, other: add 'one: …' under 'de')") in err
    assert f"{shown}:3: 'search_results.fr' has an unknown plural category 'un'" in err
    assert f"{shown}:4: 'claims.de' has plural forms, but 'claims' takes one text" in err


def test_one_text_for_every_count_is_allowed_where_the_language_has_the_same_word(tmp_path):
    content = new_site(tmp_path / "content", "de,fr")
    (content / "strings.yml").write_text("search_results: {de: \"{n} Treffer\"}\n", encoding="utf-8")
    site = built(content, tmp_path / "site")
    search = (site / "de" / "search.html").read_text(encoding="utf-8")
    assert 'data-results="{n} Treffer"' in search and "data-results-one" not in search


def test_a_language_without_built_in_strings_needs_them_in_strings_yml_named_once(tmp_path):
    content = tmp_path / "content"
    assert run_build("new", str(content), "--languages", "en,it").returncode == 0
    (content / "strings.yml").unlink()
    err = refused(content)
    assert (f"{content / 'strings.yml'}: there are no built-in interface strings for 'it' "
            "(hint: give each of these keys a 'it:' text in strings.yml: skip_to_content, nav_main,") in err
    assert "built in are de, en, es, fr, ja, ko, zh)" in err
    assert (f"{content / 'claims.yml'}:15: no interface string names the source language 'en' in it "
            "(hint: add 'it: …' under 'source_lang_en:' in strings.yml)") in err
    assert "2 problems found" in err


@pytest.mark.slow
@pytest.mark.parametrize("languages, lang, one, two", [
    ("de,fr", "de", "1 Ergebnis", "2 Ergebnisse"),
    ("de,fr", "fr", "1\u00a0résultat", "2\u00a0résultats"),
    ("ja,en", "ja", "1件の結果", "2件の結果"),
])
def test_the_search_status_counts_results_in_the_pages_plural_form(tmp_path, page, languages, lang, one, two):
    content = new_site(tmp_path / "content", languages)
    append(content / "sections" / lang / "01-first-section.md", "\n\nzebrastreifen walfisch\n")
    append(content / "pages" / lang / "about.md", "\n\nwalfisch\n")
    url, server = serve(built(content, tmp_path / "site"))
    try:
        page.goto(f"{url}/{lang}/search.html")
        for query, expected in (("zebrastreifen", one), ("walfisch", two)):
            page.fill("#search-input", query)
            page.wait_for_function("([want]) => document.querySelector('.search-status').textContent === want",
                                   arg=[expected])
    finally:
        server.shutdown()


# -- article and disclaimer --------------------------------------------------------------

DISCLAIMER = """disclaimer:
  language: en
  text: {en: "Views are the author's own.", de: "Die Ansichten sind die des Autors.", fr: "Les opinions sont celles de l’auteur."}
  attribution: {en: Quoted verbatim., de: Wörtlich zitiert., fr: Cité mot pour mot.}
  short: {en: The author's views., de: Die Ansichten des Autors., fr: Les opinions de l’auteur.}
"""


def test_each_page_shows_the_original_disclaimer_and_only_its_own_languages_translation(tmp_path):
    content = new_site(tmp_path / "content", "en,de,fr")
    append(content / "site.yml", DISCLAIMER)
    site = built(content, tmp_path / "site")
    german = (site / "de" / "about.html").read_text(encoding="utf-8")
    assert "Views are the author&#39;s own." in german and "Die Ansichten sind die des Autors." in german
    assert "Les opinions sont celles" not in german
    assert "<figcaption>Unsere Übersetzung</figcaption>" in german and "(de)" not in german
    english = (site / "en" / "about.html").read_text(encoding="utf-8")
    assert "disclaimer-translation" not in english and "Die Ansichten" not in english
    footer = (site / "de" / "index.html").read_text(encoding="utf-8").split('<div class="site-disclaimer">')[1]
    assert '<p lang="en">Views are the author&#39;s own.</p>' in footer and "Die Ansichten sind die des Autors." in footer
    assert "Les opinions" not in footer and "Wörtlich zitiert." in footer
    german_index = " ".join(p.read_text(encoding="utf-8") for p in (site / "search" / "de").rglob("t*.json"))
    assert "Die Ansichten sind die des Autors." in german_index
    assert "Les opinions" not in german_index and "author's own" not in german_index


def test_a_half_written_disclaimer_names_its_parent_key(tmp_path):
    content = new_site(tmp_path / "content", "en,de")
    append(content / "site.yml", "disclaimer:\n  language: en\n  text: {en: Views., de: Ansichten.}\n")
    err = refused(content)
    assert "missing key 'disclaimer.attribution'" in err and "missing key 'disclaimer.short'" in err
    assert err.count("problem") == 1 and "2 problems found" in err


def test_an_empty_article_or_disclaimer_is_the_same_as_none(tmp_path):
    content = new_site(tmp_path / "content", "en,de")
    append(content / "site.yml", "article:\ndisclaimer:\n")
    site = built(content, tmp_path / "site")
    about = (site / "de" / "about.html").read_text(encoding="utf-8")
    assert 'id="disclaimer"' not in about and 'class="original"' not in about
