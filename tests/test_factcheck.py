"""Honest dates, the corrections log and its feeds, and a permanent page per claim.

Every claim says when it was checked, through the page's own way of writing dates, in
its notes, on the claims page and on its own page. ``corrections.yml`` is a dated,
translated log: listed on the about page, marked on the claims it names, and published
as an Atom feed per language that every page links from its ``<head>``. Each claim has
a page per language at ``<lang>/claims/<id>.html``, as fact-checkers publish them, with
its own ClaimReview whose dates are the claim's.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SITES, run_build, serve, write_site
from explainer.errors import ContentError
from explainer.pipeline import check

ATOM = "{http://www.w3.org/2005/Atom}"
CLAIMS = [c["id"] for c in yaml.safe_load((ROOT / "content" / "claims.yml").read_text(encoding="utf-8"))]
LOG = """\
- date: 2026-01-31
  claims: [rain-daily]
  text: {en: "The rain figure now comes from the *Met Office*.", fr: "Le chiffre de la pluie vient désormais du *Met Office*."}
- date: 2026-01-20
  text: {en: First publication., fr: Première publication.}
"""


def problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    try:
        check(write_site(tmp_path / "c", files), "content")
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


def ld_reviews(html: str) -> list[dict]:
    found = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        found += [d for d in (data if isinstance(data, list) else [data]) if d.get("@type") == "ClaimReview"]
    return found


def built_minimal(tmp_path: Path, files: dict[str, str], *args: str) -> Path:
    content, out = write_site(tmp_path / "c", files), tmp_path / "site"
    result = run_build("build", "-q", "--content", str(content), "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    return out


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, checked", [("en", "Checked <time datetime=\"2026-12-02\">2 December 2026</time>"),
                                           ("ja", "<time datetime=\"2026-12-02\">2026年12月2日</time>確認")])
def test_every_claim_shows_its_checked_date_in_notes_on_the_claims_page_and_its_own_page(flagship, lang, checked):
    claims_page = (flagship / lang / "claims.html").read_text(encoding="utf-8")
    notes = "".join((flagship / lang / f"{s}.html").read_text(encoding="utf-8")
                    for s in ("data-center-power-play", "brain-trust", "open-source-curveball", "wall-street",
                              "whats-at-stake"))
    for cid in CLAIMS:
        entry = claims_page.split(f'id="claim-{cid}"', 1)[1].split("</article>", 1)[0]
        assert checked in entry, cid
        note = notes.split(f'data-claim="{cid}"', 1)[1].split("</li>", 1)[0]
        assert checked in note, cid
        own = (flagship / lang / "claims" / f"{cid}.html").read_text(encoding="utf-8")
        assert checked in own, cid


def test_a_claim_without_its_own_date_was_checked_on_the_sites(tmp_path):
    out = built_minimal(tmp_path, {})
    assert 'Checked <time datetime="2026-01-31">31 January 2026</time>' in (out / "en" / "claims" / "sky-blue.html").read_text()
    assert 'Vérifié le <time datetime="2026-01-31">' in (out / "fr" / "claims.html").read_text()


def test_a_bad_check_date_is_reported_with_its_line(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text().replace("  verdict: accurate\n",
                                                                    "  verdict: accurate\n  checked: '2026-02-30'\n  published: 2026-01\n", 1)
    found = problems(tmp_path, {"claims.yml": claims})
    assert any(re.search(r"claims\.yml:4: 'checked' '2026-02-30' is not a date \(hint: write the day as YYYY-MM-DD", p)
               for p in found), found
    assert any("claims.yml:5: 'published' '2026-01' is not a date" in p for p in found), found


def test_a_claim_checked_after_the_sites_date_is_an_error_at_the_claim(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text().replace("  verdict: inaccurate\n",
                                                                    "  verdict: inaccurate\n  checked: 2026-02-03\n", 1)
    found = problems(tmp_path, {"claims.yml": claims})
    assert any(re.search(r"claims\.yml:\d+: claim 'rain-daily' was checked on 2026-02-03, after the site's checked date "
                         r"2026-01-31 \(hint: set 'checked: 2026-02-03' in site\.yml", p) for p in found), found


def test_a_site_date_no_claim_was_checked_on_is_an_error_at_site_yml(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text()
    claims = claims.replace("  verdict: accurate\n", "  verdict: accurate\n  checked: 2026-01-10\n")
    claims = claims.replace("  verdict: inaccurate\n", "  verdict: inaccurate\n  checked: 2026-01-12\n")
    site = (SITES / "minimal" / "site.yml").read_text()
    line = site.splitlines().index("checked: 2026-01-31") + 1
    found = problems(tmp_path, {"claims.yml": claims})
    assert any(f"site.yml:{line}: 'checked' is 2026-01-31, but no claim was checked after 2026-01-12" in p
               for p in found), found


def test_a_check_published_after_it_was_made_is_an_error(tmp_path):
    claims = (SITES / "minimal" / "claims.yml").read_text().replace(
        "  verdict: accurate\n", "  verdict: accurate\n  published: 2026-01-20\n  checked: 2026-01-15\n", 1)
    found = problems(tmp_path, {"claims.yml": claims})
    assert any("claim 'sky-blue' was published on 2026-01-20, after it was checked on 2026-01-15" in p for p in found), found


# -- the corrections log ---------------------------------------------------------------------------


def test_the_log_is_a_dated_list_on_the_about_page(flagship):
    for lang, date in (("en", "2 December 2026"), ("ja", "2026年12月2日")):
        about = (flagship / lang / "about.html").read_text(encoding="utf-8")
        log = about.split('<section class="corrections" id="corrections"', 1)[1].split("</section>", 1)[0]
        assert f'<li id="correction-1"><p><strong><time datetime="2026-12-02">{date}</time></strong>' in log
        assert 'href="claims/semianalysis-first-gw-cluster.html"' in log


def test_the_log_marks_the_claims_it_names_and_only_those(tmp_path):
    out = built_minimal(tmp_path, {"corrections.yml": LOG})
    updated = 'Updated <time datetime="2026-01-31">31 January 2026</time>'
    claims_page = (out / "en" / "claims.html").read_text()
    assert updated in claims_page.split('id="claim-rain-daily"')[1].split("</article>")[0]
    assert updated not in claims_page.split('id="claim-sky-blue"')[1].split("</article>")[0]
    own = (out / "en" / "claims" / "rain-daily.html").read_text()
    assert "The rain figure now comes from the <em>Met Office</em>." in own
    assert 'href="../about.html#correction-2"' in own
    about = (out / "fr" / "about.html").read_text()
    assert about.index('id="correction-2"') < about.index('id="correction-1"')  # newest first
    assert "Mis à jour le" in (out / "fr" / "claims" / "rain-daily.html").read_text()


@pytest.mark.parametrize("base_url", ["", "https://example.org/x/"])
def test_each_language_has_a_valid_atom_feed_of_the_log(tmp_path, base_url):
    out = built_minimal(tmp_path, {"corrections.yml": LOG}, "--base-url", base_url)
    for lang in ("en", "fr"):
        feed = ET.parse(out / lang / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{name}").text
        assert feed.find(f"{ATOM}updated").text == "2026-01-31T00:00:00Z"
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 2
        for entry in entries:
            for name in ("id", "title", "updated", "content"):
                assert entry.find(f"{ATOM}{name}").text, name
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(base_url + f"{lang}/about.html#correction-") if base_url else link.startswith("about.html#")
            ident = entry.find(f"{ATOM}id").text
            assert ident.startswith(base_url) if base_url else ident.startswith("urn:uuid:")
        assert len({e.find(f"{ATOM}id").text for e in entries}) == 2
        assert "<em>Met Office</em>" in entries[0].find(f"{ATOM}content").text


def test_the_feed_is_deterministic_and_every_page_links_it(tmp_path):
    first = built_minimal(tmp_path / "a", {"corrections.yml": LOG})
    second = built_minimal(tmp_path / "b", {"corrections.yml": LOG})
    assert (first / "en" / "feed.xml").read_bytes() == (second / "en" / "feed.xml").read_bytes()
    for page in first.rglob("*.html"):
        rel = page.relative_to(first).as_posix()
        if "/" not in rel:  # the root chooser and the 404 page belong to no language: they link every feed
            prefix = "https://example.org/mini/" if rel == "404.html" else ""
            for lang in ("en", "fr"):
                assert f'type="application/atom+xml" hreflang="{lang}" href="{prefix}{lang}/feed.xml"' in page.read_text(encoding="utf-8"), rel
            continue
        lang, depth = rel.split("/")[0], rel.count("/") - 1
        text = page.read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="application/atom+xml" href="{"../" * depth}feed.xml"' in text, rel
        assert (page.parent / ("../" * depth + "feed.xml")).resolve() == (first / lang / "feed.xml").resolve()


def test_a_site_without_a_log_has_no_feed(tmp_path):
    out = built_minimal(tmp_path, {})
    assert not (out / "en" / "feed.xml").exists()
    assert "application/atom+xml" not in (out / "en" / "index.html").read_text()


def test_an_unknown_claim_in_the_log_is_reported_with_its_line(tmp_path):
    found = problems(tmp_path, {"corrections.yml": LOG.replace("[rain-daily]", "[rain-dialy]")})
    assert any(re.search(r"corrections\.yml:1: correction names unknown claim 'rain-dialy' \(hint: .*rain-daily", p)
               for p in found), found


def test_bad_dates_and_order_in_the_log_are_reported_with_their_lines(tmp_path):
    found = problems(tmp_path, {"corrections.yml": LOG.replace("2026-01-31", "2026-01")})
    assert any("corrections.yml:1: 'date' '2026-01' is not a date" in p for p in found), found
    swapped = LOG.replace("2026-01-31", "X").replace("2026-01-20", "2026-01-31").replace("X", "2026-01-20")
    found = problems(tmp_path / "order", {"corrections.yml": swapped})
    assert any("corrections.yml:4: entry dated 2026-01-31 comes after one dated 2026-01-20" in p for p in found), found


def test_script_links_and_unknown_glossary_terms_in_the_log_are_reported_with_their_lines(tmp_path):
    found = problems(tmp_path, {"corrections.yml": LOG.replace("First publication.", "'[x](javascript:alert(1))'")
                                .replace("*Met Office*", "[Met Office](glossary:met-ofice)")})
    assert any("corrections.yml:5: link target 'javascript:alert(1)' is not allowed" in p for p in found), found
    assert any("corrections.yml:3: unknown glossary 'met-ofice'" in p for p in found), found


def test_raw_html_in_the_log_stays_text(tmp_path):
    hostile = LOG.replace("First publication.", '"<script>alert(1)</script><img src=x onerror=alert(1)>"')
    out = built_minimal(tmp_path, {"corrections.yml": hostile})
    for path in (out / "en" / "about.html", out / "en" / "feed.xml"):
        text = path.read_text()
        assert "<script>alert" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "en" / "about.html").read_text()


# -- a page per claim -------------------------------------------------------------------------------


def test_every_claim_has_a_page_per_language_that_links_back_to_the_notes_citing_it(flagship):
    for lang in ("ja", "en"):
        for cid in CLAIMS:
            html = (flagship / lang / "claims" / f"{cid}.html").read_text(encoding="utf-8")
            record = html.split('class="claim-facts claim-record"', 1)[1].split("</dl>", 1)[0]
            links = re.findall(r'href="\.\./([a-z-]+)\.html#fn-(\d+)"', record)
            assert links, cid
            for section, number in links:
                section_html = (flagship / lang / f"{section}.html").read_text(encoding="utf-8")
                assert f'<li id="fn-{number}" class="note note-claim' in section_html
                assert f'data-claim="{cid}"' in section_html.split(f'<li id="fn-{number}"', 1)[1].split("</li>", 1)[0]


def test_notes_and_the_claims_page_link_to_the_permanent_page(flagship):
    section = (flagship / "ja" / "wall-street.html").read_text(encoding="utf-8")
    assert '<a class="permalink" href="claims/scale-ai-thriving.html">この検証の固定リンク</a>' in section
    claims_page = (flagship / "en" / "claims.html").read_text(encoding="utf-8")
    for cid in CLAIMS:
        assert f'<a class="permalink" href="claims/{cid}.html">Permanent link</a>' in claims_page


def test_claim_reviews_carry_the_claims_dates_on_the_claims_page_and_the_claims_own_page(flagship):
    for lang in ("ja", "en"):
        reviews = ld_reviews((flagship / lang / "claims.html").read_text(encoding="utf-8"))
        assert len(reviews) == len(CLAIMS)
        assert {(r["datePublished"], r["dateModified"]) for r in reviews} == {("2026-11-15", "2026-12-02")}
        for cid in CLAIMS:
            own = ld_reviews((flagship / lang / "claims" / f"{cid}.html").read_text(encoding="utf-8"))
            assert [(r["datePublished"], r["dateModified"]) for r in own] == [("2026-11-15", "2026-12-02")]


def test_a_claim_reviews_url_is_the_claims_permanent_page(tmp_path):
    out = built_minimal(tmp_path, {}, "--base-url", "https://example.org/x/")
    [review] = ld_reviews((out / "fr" / "claims" / "sky-blue.html").read_text())
    assert review["url"] == "https://example.org/x/fr/claims/sky-blue.html"


def test_switching_language_on_a_claim_page_keeps_the_claim(tmp_path):
    out = built_minimal(tmp_path, {}, "--base-url", "https://example.org/x/")
    html = (out / "en" / "claims" / "rain-daily.html").read_text()
    assert '<a href="../../fr/claims/rain-daily.html" hreflang="fr" lang="fr" rel="alternate">' in html
    assert '<link rel="alternate" hreflang="fr" href="https://example.org/x/fr/claims/rain-daily.html">' in html
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://example.org/x/en/claims/rain-daily.html" in sitemap
    assert "https://example.org/x/fr/claims/sky-blue.html" in sitemap


def test_the_navigation_of_a_claim_page_reaches_every_section(tmp_path):
    out = built_minimal(tmp_path, {})
    page = out / "en" / "claims" / "sky-blue.html"
    nav = page.read_text().split('<ol class="site-nav-sections">', 1)[1].split("</ol>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs and all((page.parent / h).resolve().is_file() for h in hrefs), hrefs


def test_a_cached_rebuild_after_editing_a_note_rewrites_that_claims_pages(tmp_path):
    content, out = write_site(tmp_path / "c", {}), tmp_path / "site"
    assert run_build("build", "-q", "--content", str(content), "--out", str(out)).returncode == 0
    claims = content / "claims.yml"
    claims.write_text(claims.read_text().replace("Rayleigh scattering.", "Rayleigh scattering (as sunsets show)."))
    assert run_build("build", "-q", "--content", str(content), "--out", str(out)).returncode == 0
    assert "(as sunsets show)" in (out / "en" / "claims" / "sky-blue.html").read_text()
    fresh = tmp_path / "fresh"
    assert run_build("build", "-q", "--no-cache", "--content", str(content), "--out", str(fresh)).returncode == 0
    for page in ("en/claims/sky-blue.html", "fr/claims/sky-blue.html", "en/claims/rain-daily.html"):
        assert (out / page).read_bytes() == (fresh / page).read_bytes(), page


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_claim_pages_and_the_log_pass_axe_in_chromium(flagship_url, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    try:
        pg = context.new_page()
        for path in ("en/claims/scale-ai-thriving.html", "ja/claims/semianalysis-first-gw-cluster.html",
                     "ja/about.html"):
            pg.goto(f"{flagship_url}/{path}")
            result = Axe().run(pg)
            assert result.violations_count == 0, result.generate_report()
    finally:
        context.close()


def test_the_flagships_log_records_the_second_check_in_both_feeds_and_every_page_links_its_feed(flagship):
    for lang, title in (("ja", "2026年12月2日更新"), ("en", "Updated 2 December 2026")):
        feed = ET.parse(flagship / lang / "feed.xml").getroot()
        [entry] = feed.findall(f"{ATOM}entry")
        assert entry.find(f"{ATOM}title").text == title
        assert entry.find(f"{ATOM}updated").text == "2026-12-02T00:00:00Z"
        assert "claims/semianalysis-first-gw-cluster.html" in entry.find(f"{ATOM}content").text
        for page in (flagship / lang).rglob("*.html"):
            assert 'type="application/atom+xml"' in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_a_notes_popover_shows_the_checked_date_and_leads_to_the_claims_page(flagship_url, page):
    page.set_viewport_size({"width": 1024, "height": 768})  # popovers: narrower than the margin-notes layout
    page.goto(f"{flagship_url}/ja/wall-street.html")
    page.locator('a[role="doc-noteref"]').first.click()
    popover = page.locator(".popover[role=dialog]")
    assert "2026年12月2日確認" in popover.locator(".claim-dates").inner_text()
    popover.locator("a.permalink").click()
    page.wait_for_url(f"{flagship_url}/ja/claims/wall-street-wants-returns.html")
    page.locator("nav.languages a[hreflang=en]").click()
    page.wait_for_url(f"{flagship_url}/en/claims/wall-street-wants-returns.html")
    assert page.locator("h1").inner_text().startswith("Wall Street")


def test_a_claim_pages_description_is_its_verdict_and_figure_as_plain_text(flagship):
    html = (flagship / "ja" / "claims" / "louisiana-manhattan-size.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith("不正確：ザッカーバーグ氏自身の言葉では、施設は“a significant part of the footprint")
    assert "{lang=en}" not in description and "[" not in description
