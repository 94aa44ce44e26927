"""``mkdocs build`` with mkdocs-material: the same pages as build.py's site, strict, local, reproducible."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SITES, serve, write_site
from mkdocs_support import copy_project, mkdocs, read_article, tags

from explainer.preview.outline import outline
from explainer.site.render import CSP

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="session")
def mkdocs_flagship(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mkdocs") / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(out), env=EPOCH)
    assert result.returncode == 0, result.stderr
    return out


def pages_of(site: Path) -> list[str]:
    """build.py's language pages (its own search page aside), as site-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("*/*.html") if p.name != "search.html")


@pytest.mark.parametrize("content", ["content", "tests/sites/minimal"])
def test_strict_build_passes_without_a_warning(tmp_path, content):
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "site"), content=content)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_page_of_the_site_has_the_same_article_notes_and_verdicts(flagship, mkdocs_flagship):
    paths = pages_of(flagship)
    assert len(paths) >= 2 * 8, paths
    for rel in paths:
        built, served = read_article(flagship / rel), read_article(mkdocs_flagship / rel)
        assert served.text == built.text, rel
        assert served.notes == built.notes, rel
        assert served.verdicts == built.verdicts, rel
        assert served.heading_ids == built.heading_ids, rel
    section = read_article(mkdocs_flagship / "ja" / "data-center-power-play.html")
    assert section.notes >= 5 and section.verdicts, "the flagship's first section cites claims"


def test_about_page_carries_the_original_disclaimer_and_glossary_every_term(mkdocs_flagship):
    site_yml = (ROOT / "content" / "site.yml").read_text(encoding="utf-8")
    opening = re.search(r"免責事項[^\"'\n]{0,20}", site_yml)
    assert opening, "the flagship's disclaimer starts with 免責事項"
    for lang in ("ja", "en"):
        about = read_article(mkdocs_flagship / lang / "about.html")
        assert opening.group(0) in about.text
    glossary = (mkdocs_flagship / "en" / "glossary.html").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: ([a-z0-9-]+)", (ROOT / "content" / "glossary.yml").read_text(encoding="utf-8"), re.M)
    assert ids and all(f'id="term-{term}"' in glossary for term in ids)


def test_japanese_headings_keep_their_readable_ids_in_page_toc_and_search(mkdocs_flagship):
    html = (mkdocs_flagship / "ja" / "data-center-power-play.html").read_text(encoding="utf-8")
    article = read_article(mkdocs_flagship / "ja" / "data-center-power-play.html")
    japanese = [i for i in article.heading_ids if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", i)]
    assert japanese, article.heading_ids
    assert not [i for i in article.heading_ids if re.fullmatch(r"_\d+", i)]
    for ident in japanese:
        assert f'href="#{ident}"' in html, f"the table of contents links to #{ident}"
    index = json.loads((mkdocs_flagship / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert {f"ja/data-center-power-play.html#{ident}" for ident in japanese} <= locations


def test_each_page_has_its_language_and_a_switcher_to_the_same_page(mkdocs_flagship):
    for lang, other in (("ja", "en"), ("en", "ja")):
        for name in ("index", "data-center-power-play", "glossary", "about", "parallel-wall-street"):
            page = mkdocs_flagship / lang / f"{name}.html"
            found = tags(page)
            assert ("html", {"lang": lang, "class": "no-js"}) in found, page
            switch = {a.get("hreflang"): a.get("href") for t, a in found
                      if t == "a" and "md-select__link" in (a.get("class") or "")}
            assert switch == {lang: f"{name}.html", other: f"../{other}/{name}.html"}, page
    search_label = [a for t, a in tags(mkdocs_flagship / "en" / "about.html") if t == "input" and a.get("name") == "query"]
    assert search_label and search_label[0].get("placeholder") == "Search", "English pages get English theme strings"


def test_no_page_asks_another_site_for_fonts_styles_or_scripts(mkdocs_flagship):
    for page in mkdocs_flagship.rglob("*.html"):
        for tag, attrs in tags(page):
            url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
            assert not (url and re.match(r"(https?:)?//", url)), f"{page}: <{tag}> {url}"
    assert "fonts.googleapis" not in (mkdocs_flagship / "ja" / "index.html").read_text(encoding="utf-8")


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_page_carries_the_sites_policy_first_with_only_its_own_inline_scripts_allowed(mkdocs_flagship):
    site = directives(CSP)
    pages = sorted(mkdocs_flagship.rglob("*.html"))
    assert len(pages) >= 2 * 8 + 2, "both languages, the root page and 404.html"
    for page in pages:
        found = tags(page)
        first = found[[t for t, _ in found].index("head") + 1]
        assert first[0] == "meta" and first[1].get("http-equiv") == "Content-Security-Policy", page
        policy = directives(first[1]["content"] or "")
        assert {k: v for k, v in policy.items() if k != "script-src"} == \
            {k: v for k, v in site.items() if k != "script-src"}, page
        assert policy["script-src"][: len(site["script-src"])] == site["script-src"], page
        hashes = policy["script-src"][len(site["script-src"]):]
        assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", h) for h in hashes), page
        inline = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
        digests = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
        assert inline and digests == set(hashes), page


@pytest.mark.slow
@pytest.mark.parametrize("rel", ["index.html", "ja/index.html", "ja/data-center-power-play.html", "en/claims.html",
                                 "en/parallel-wall-street.html", "ja/glossary.html", "404.html"])
def test_pages_run_the_themes_scripts_without_a_policy_violation(page, mkdocs_flagship, rel):
    url, http = serve(mkdocs_flagship)
    console, errors = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{url}/{rel}", wait_until="load")
        page.wait_for_function("() => typeof __md_get === 'function' && document.querySelector('.md-search__input')")
        page.keyboard.press("s")
        page.keyboard.type("Meta")
        page.locator(".md-search-result__meta").first.wait_for(timeout=15000)
    finally:
        http.shutdown()
    assert [line for line in console if "Content Security Policy" in line] == [] and errors == []


def test_the_hook_runs_the_explainer_package_next_to_it(tmp_path):
    project = copy_project(tmp_path / "project", SITES / "minimal")
    preview = project / "explainer" / "preview" / "mkdocs_pages.py"
    preview.write_text(preview.read_text(encoding="utf-8").replace('class="language-choice"',
                                                                   'class="language-choice this-checkout"'),
                       encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = mkdocs("build", "-f", str(project / "mkdocs.yml"), "--site-dir", str(tmp_path / "site"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert 'class="language-choice this-checkout"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(tmp_path, mkdocs_flagship):
    again = tmp_path / "again"
    assert mkdocs("build", "--site-dir", str(again), env=EPOCH).returncode == 0
    first = {p.relative_to(mkdocs_flagship): p.read_bytes() for p in mkdocs_flagship.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_a_content_error_fails_the_build_with_the_clis_message(tmp_path):
    site = write_site(tmp_path / "broken", {"claims.yml": (SITES / "minimal" / "claims.yml").read_text(
        encoding="utf-8").replace("verdict: accurate\n", "verdict: acurate\n", 1)})
    result = mkdocs("build", "--site-dir", str(tmp_path / "site"), content=str(site))
    assert result.returncode != 0
    assert f"{site}/claims.yml:3: unknown verdict 'acurate' (hint: did you mean 'accurate'?)" in result.stderr
    assert not (tmp_path / "site" / "en").exists()


def test_an_unused_claim_is_a_warning_that_strict_turns_into_failure(tmp_path):
    site = write_site(tmp_path / "unused", {
        "sections/en/01-weather.md": (SITES / "minimal/sections/en/01-weather.md").read_text(encoding="utf-8")
        .replace("[^rain-daily]", ""),
        "sections/fr/01-weather.md": (SITES / "minimal/sections/fr/01-weather.md").read_text(encoding="utf-8")
        .replace("[^rain-daily]", "")})
    relaxed = mkdocs("build", "--site-dir", str(tmp_path / "a"), content=str(site))
    assert relaxed.returncode == 0 and "WARNING" in relaxed.stderr and "rain-daily" in relaxed.stderr
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "b"), content=str(site)).returncode != 0


def test_outline_nests_headings_and_keeps_ids_and_text():
    roots = outline('<h1 id="t">T</h1><p>x</p><h2 id="電力と家庭">電力と<em>家庭</em></h2>'
                    '<h3 id="a">A &amp; B</h3><h2 id="n">Notes</h2><h2>no id</h2>')
    assert [(h.id, h.text) for h in roots] == [("t", "T")]
    assert [(h.id, h.text) for h in roots[0].children] == [("電力と家庭", "電力と家庭"), ("n", "Notes")]
    assert [(h.id, h.text) for h in roots[0].children[0].children] == [("a", "A & B")]
