"""The timeline: an optional ``timeline.yml`` of dated events becomes a page per language.

Each event is a ``<time datetime>`` in date order with its text (the same safe inline
Markdown as section bodies) and links to the claims it names: each claim's own page and the notes of the sections that cite them. The page is in every page's
navigation, in the mkdocs preview and in the print document; bad dates, unknown claims
and missing translations are reported as ``path:line`` like every other content error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SITES, run_build, serve, write_site
from explainer.errors import ContentError
from explainer.content.load import load_content
from explainer.pipeline import check
from explainer.preview.mkdocs_pages import menu, preview_pages
from explainer.site.print_doc import PrintDocument
from explainer.site.render import Options, SiteRenderer
from explainer.translation_status import format_status, status

TIMELINE = (SITES / "minimal" / "timeline.yml").read_text(encoding="utf-8")


def problems(tmp_path: Path, timeline: str) -> list[str]:
    try:
        check(write_site(tmp_path / "c", {"timeline.yml": timeline}), "content")
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_timeline_lists_each_event_in_order_with_its_claims_and_where_they_are_cited(tmp_path):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    html = (out / "en" / "timeline.html").read_text(encoding="utf-8")
    assert re.findall(r'<time datetime="([^"]+)">', html.split("<main", 1)[1].split("</main>")[0]) == [
        "2024-03-01", "2025-07", "2026"]
    assert "The original story says it <em>rains every day</em>." in html
    assert '<a href="claims/sky-blue.html">' in html
    assert 'Cited in: <a href="weather.html#fn-1">The weather, Note 1</a>' in html
    assert '<a href="glossary.html#term-scattering" class="term" data-term="scattering">' in html
    assert '<template id="def-scattering">' in html  # the term's definition shows in place, as in sections
    french = (out / "fr" / "timeline.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in french and "Une étude explique pourquoi le ciel est bleu" in french


def test_the_timeline_needs_no_interface_strings_of_its_own(tmp_path):
    """Its title, introduction and label are built in, like every other page's."""
    strings = (SITES / "minimal" / "strings.yml").read_text(encoding="utf-8")
    strings = "".join(line for line in strings.splitlines(keepends=True) if not line.startswith("timeline"))
    out = tmp_path / "site"
    content = write_site(tmp_path / "c", {"strings.yml": strings})
    result = run_build("build", "-q", "--strict", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "<h1 id=\"page-title\">Chronologie</h1>" in (out / "fr" / "timeline.html").read_text(encoding="utf-8")


def test_every_language_page_links_to_the_timeline(tmp_path):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    for page in (out / "fr").glob("*.html"):
        assert '<a href="timeline.html"' in page.read_text(encoding="utf-8"), page
    assert "<loc>https://example.org/mini/en/timeline.html</loc>" in (out / "sitemap.xml").read_text()


def test_a_site_without_a_timeline_has_no_timeline_page_nor_link(tmp_path):
    out = tmp_path / "site"
    content = write_site(tmp_path / "c", {"timeline.yml": None})
    assert run_build("build", "-q", "--content", str(content), "--out", str(out)).returncode == 0
    assert not (out / "en" / "timeline.html").exists()
    assert "timeline.html" not in (out / "en" / "index.html").read_text(encoding="utf-8")


def test_a_bad_date_is_reported_with_its_line(tmp_path):
    assert problems(tmp_path, TIMELINE.replace("date: 2025-07", "date: 2025-13")) == [
        "content/timeline.yml:7: 'date' '2025-13' is not a date (hint: write YYYY-MM-DD, YYYY-MM or YYYY)"]


def test_events_out_of_date_order_are_reported(tmp_path):
    assert problems(tmp_path, TIMELINE.replace("date: 2026", "date: 2025-06-30")) == [
        "content/timeline.yml:12: event dated 2025-06-30 comes after one dated 2025-07 "
        "(hint: keep the events in date order, earliest first)"]


def test_an_unknown_claim_is_reported_with_its_line_and_a_suggestion(tmp_path):
    assert problems(tmp_path, TIMELINE.replace("claims: [rain-daily]", "claims: [rain-dayly]")) == [
        "content/timeline.yml:7: event names unknown claim 'rain-dayly' (hint: did you mean 'rain-daily'?)"]


def test_a_missing_translation_is_reported_with_its_line(tmp_path):
    timeline = TIMELINE.replace("    fr: Ce décodeur vérifie l'article.\n", "")
    assert problems(tmp_path, timeline) == [
        "content/timeline.yml:13: 'text' has no 'fr' text (hint: add 'fr: …' under 'text')"]


def test_raw_html_and_script_links_in_an_event_stay_text(tmp_path):
    hostile = TIMELINE.replace("This explainer checks the story.",
                               "'<script>alert(1)</script> [x](javascript:alert(2))'")
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(write_site(tmp_path / "c", {"timeline.yml": hostile})),
                     "--out", str(out)).returncode == 0
    html = (out / "en" / "timeline.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and 'href="javascript' not in html


def test_the_preview_shows_the_timeline_in_its_menu():
    content = check(SITES / "minimal", "content").content
    assert "en/timeline.md" in [page.src_uri for page in preview_pages(content, Path("templates"))]
    assert menu(content)["English"] == ["en/index.md", "en/weather.md", "en/timeline.md", "en/claims.md",
                                        "en/glossary.md", "en/about.md"]


def test_the_print_document_has_the_timeline_as_a_chapter_linking_inside_it():
    content = check(SITES / "minimal", "content").content
    html = PrintDocument(SiteRenderer(content, Options()), "en").html()
    assert '<a href="#chapter-timeline">Timeline</a>' in html  # in the table of contents
    chapter = html.split('<section class="part page-chapter" id="chapter-timeline">', 1)[1].split("</section>", 1)[0]
    assert '<time datetime="2024-03-01">1 March 2024</time>' in chapter  # as the language writes dates
    assert '<h1 id="chapter-timeline-page-title">Timeline</h1>' in chapter
    assert 'Cited in: <a href="#section-weather">The weather</a>' in chapter
    assert '.html' not in chapter  # no link out of the document


def test_the_translators_report_lists_events_without_a_translation(tmp_path):
    content, _ = load_content(write_site(tmp_path / "c", {
        "timeline.yml": TIMELINE.replace("    fr: Ce décodeur vérifie l'article.\n", "")}), "content")
    report = format_status(status(content), "en")
    assert "timeline.yml entries without text (1):\n    line 12" in report


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_timeline_pages_pass_axe_in_chromium(tmp_path, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    url, server = serve(out)
    context = browser.new_context(color_scheme=scheme)
    try:
        pg = context.new_page()
        for lang in ("en", "fr"):
            pg.goto(f"{url}/{lang}/timeline.html")
            result = Axe().run(pg)
            assert result.violations_count == 0, result.generate_report()
            assert pg.locator("ol.events > li time").count() == 3
    finally:
        context.close()
        server.shutdown()
