"""The Markdown dialect: safe by construction, with claim notes and lang spans."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import SITES, run_build, write_site
from explainer.markdown.notes import BodyContext, install_render_rules, render_body
from explainer.markdown.dialect import SafeMarkdown, parse, slugify


def render(text: str) -> str:
    md = install_render_rules(SafeMarkdown())
    parsed = parse(md, text, 1)
    ctx = BodyContext(claims={}, charts={}, glossary_href=lambda t: f"glossary.html#term-{t}",
                      chart_html=lambda c, a: "", note_label=lambda n: f"Note {n}")
    html, _ = render_body(md, parsed.tokens, ctx)
    return str(html)


def test_raw_html_is_shown_as_text():
    html = render('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html


def test_script_urls_never_become_links_or_images():
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "data:text/html,<b>x</b>",
                "data:image/png;base64,AAAA", "java\tscript:alert(1)", "file:///etc/passwd"):
        html = render(f"[a]({url}) ![b]({url}) <{url}>")
        assert "href=" not in html and "src=" not in html, url


def test_ordinary_links_survive():
    assert '<a href="https://example.org/a?b=1&amp;c=2">x</a>' in render("[x](https://example.org/a?b=1&c=2)")


def test_lang_spans_allow_only_lang():
    html = render('[hi]{lang=en onclick="alert(1)" style="x"} [y]{.big #id}')
    assert '<span lang="en">hi</span>' in html
    assert "onclick" not in html and "style" not in html and 'id="id"' not in html


def test_claim_references_are_numbered_links_with_roles():
    md = SafeMarkdown()
    parsed = parse(md, "A.[^one] B.[^two] A again.[^one]\n\n[^two]: Mine.\n", 1)
    assert [(r.kind, r.target) for r in parsed.refs] == [("claim", "one"), ("footnote", "two"), ("claim", "one")]
    html = render("A.[^one] B.[^two] A again.[^one]\n\n[^two]: Mine.\n")
    assert '<a id="fnref-1" href="#fn-1" role="doc-noteref" aria-label="Note 1" data-note="1">1</a>' in html
    assert '<a href="#fn-1" role="doc-noteref" aria-label="Note 1" data-note="1">1</a>' in html  # the second call
    assert '<a id="fnref-2" href="#fn-2"' in html


def test_many_references_to_one_note_make_one_back_link():
    md = install_render_rules(SafeMarkdown())
    for calls in (3, 3000):
        parsed = parse(md, "Cited.[^one] " * calls, 1)
        ctx = BodyContext(claims={}, charts={}, glossary_href=str, chart_html=lambda c, a: "", note_label=str)
        html, notes = render_body(md, parsed.tokens, ctx)
        assert len(parsed.refs) == calls and str(html).count('role="doc-noteref"') == calls
        assert str(html).count('id="fnref-') == 1 and len(notes) == 1
        assert sum(tok.type == "footnote_anchor" for tok in parsed.tokens) == 1


def test_a_footnote_label_can_contain_anything_but_spaces_and_brackets():
    parsed = parse(SafeMarkdown(), "A[^x.y:z] B[^a[b] C[^日本]", 1)
    assert [r.target for r in parsed.refs] == ["x.y:z", "日本"]


def test_japanese_headings_keep_readable_anchors():
    assert slugify("電力と家庭：1 GW の意味") == "電力と家庭1-gw-の意味"
    assert '<h2 id="電力と家庭">電力と家庭</h2>' in render("## 電力と家庭")
    assert 'id="same-2"' in render("## Same\n\n## Same")


def test_glossary_links_point_at_the_glossary_page():
    assert '<a href="glossary.html#term-gigawatt" class="term" data-term="gigawatt">GW</a>' in render("[GW](glossary:gigawatt)")


def test_heading_ids_never_take_an_id_the_page_uses_itself():
    assert 'id="h-disclaimer"' in render("## Disclaimer")
    assert 'id="h-fn-1"' in render("# fn-1")
    assert 'id="h-def-gigawatt"' in render("## def gigawatt")
    assert [f'id="{i}"' in render("## A\n\n## A-2\n\n## A") for i in ("a", "a-2", "a-3")] == [True] * 3


class _Ids(HTMLParser):
    """Every element id of a page, with its tag and the hrefs that point inside the page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append((values["id"], tag))
        if values.get("href"):
            self.hrefs.append(values["href"])


HIJACKERS = "## Disclaimer\n\n## fn-1\n\n## def scattering\n\n## Notes heading\n\n## Main\n\n## term scattering\n\n## chart rain days\n"


def test_on_built_pages_content_headings_leave_footer_notes_and_glossary_links_on_their_targets(tmp_path):
    weather = (SITES / "minimal/sections/en/01-weather.md").read_text(encoding="utf-8")
    about = (SITES / "minimal/pages/en/about.md").read_text(encoding="utf-8")
    site = write_site(tmp_path / "content", {"sections/en/01-weather.md": weather + "\n" + HIJACKERS,
                                             "pages/en/about.md": about + "\n" + HIJACKERS})
    result = run_build("build", "--content", str(site), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    for page in sorted((tmp_path / "site").rglob("*.html")):
        ids = _Ids(page.read_text(encoding="utf-8"))
        names = [ident for ident, _ in ids.ids]
        assert len(names) == len(set(names)), (page, sorted(n for n in names if names.count(n) > 1))
    section = _Ids((tmp_path / "site/en/weather.html").read_text(encoding="utf-8"))
    tags = dict(section.ids)
    assert tags["fn-1"] == "li" and tags["def-scattering"] == "template" and tags["main"] == "main"
    assert tags["notes-heading"] == "h2" and tags["h-notes-heading"] == "h2" and tags["h-fn-1"] == "h2"
    about_ids = dict(_Ids((tmp_path / "site/en/about.html").read_text(encoding="utf-8")).ids)
    assert about_ids["disclaimer"] == "section" and about_ids["h-disclaimer"] == "h2"


def test_on_a_built_page_a_claim_cited_many_times_has_one_back_link(tmp_path):
    weather = (SITES / "minimal/sections/en/01-weather.md").read_text(encoding="utf-8")
    site = write_site(tmp_path / "content", {"sections/en/01-weather.md": weather + "\nAgain.[^sky-blue]" * 2000})
    result = run_build("build", "--content", str(site), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/en/weather.html").read_text(encoding="utf-8")
    assert page.count('role="doc-noteref"') == 2003
    assert page.count('role="doc-backlink"') == 3  # one per note: sky-blue, rain-daily, mine
