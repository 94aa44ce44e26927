"""The Markdown dialect: safe by construction, with claim notes and lang spans."""

from __future__ import annotations

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
    assert '<a id="fnref-1-2" href="#fn-1" role="doc-noteref"' in html
    assert '<a id="fnref-2" href="#fn-2"' in html


def test_japanese_headings_keep_readable_anchors():
    assert slugify("電力と家庭：1 GW の意味") == "電力と家庭1-gw-の意味"
    assert '<h2 id="電力と家庭">電力と家庭</h2>' in render("## 電力と家庭")
    assert 'id="same-2"' in render("## Same\n\n## Same")


def test_glossary_links_point_at_the_glossary_page():
    assert '<a href="glossary.html#term-gigawatt" class="term" data-term="gigawatt">GW</a>' in render("[GW](glossary:gigawatt)")
