"""Property: no text an editor can write puts code into a page or breaks its structure.

Hypothesis writes arbitrary and hostile text into every place content reaches a page —
Markdown bodies, link targets, claim notes, source titles and URLs, glossary
definitions — and each page is rendered in-process (load → render, as the build
does). Every page must then hold only the site's own two kinds of <script> (its
script file and JSON-LD data that parses), no ``on*=`` attribute, no
``javascript:``/``vbscript:``/``data:`` URL, and balanced tags.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SITES
from explainer.content.load import load_content, valid_url
from explainer.markdown.dialect import SafeMarkdown, parse
from explainer.content.model import Source
from explainer.site.render import Options, SiteRenderer

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background", "cite"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "applet", "style"}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "JaVaScRiPt:x",
           "java\tscript:x", "&#106;avascript:x", "vbscript:x", "data:text/html,<script>x</script>", '"', "'", "<",
           ">", "&", "`", "](", ")", "[", "]", "{lang=en onclick=x}", "{onclick=x}", "[^", "]:", "\n", "\n\n", "*",
           "_", "<!--", "-->", "</p>", "<svg onload=x>", "\\", "%0a", "\x00", "\u2028", "glossary:", "chart:",
           "![a](", "<https://a.b/>", "<javascript:x>", "</script>", "\"><script>", "' onmouseover='x"]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=14).map("".join)
targets = st.one_of(st.sampled_from(["javascript:alert(1)", " javascript:x", "JAVASCRIPT:x", "jav&#x09;ascript:x",
                                     "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=", "glossary:x\" onclick=\"y",
                                     "chart:<b>", "https://a.b/\"onmouseover=x", "mailto:a@b.c", "//evil.example/x",
                                     "%6Aavascript:x", "java\nscript:x"]), texts)


class Audit(HTMLParser):
    """Collects what would make a page unsafe or malformed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.faults: list[str] = []
        self.stack: list[str] = []
        self.in_json: bool = False
        self.json_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.faults.append(f"<{tag}>")
        if tag == "script":
            if values.get("type") == "application/ld+json" and "src" not in values:
                self.in_json, self.json_text = True, []
            elif not (values.get("src") or "").endswith("assets/site.js") or "type" in values:
                self.faults.append(f"script {values}")
        if tag == "meta" and values.get("http-equiv", "Content-Security-Policy") != "Content-Security-Policy":
            self.faults.append(f"meta http-equiv {values}")
        for name, value in attrs:
            if name.startswith("on"):
                self.faults.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and value is not None:
                bare = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
                if bare.startswith(("javascript:", "vbscript:", "data:")):
                    self.faults.append(f"<{tag} {name}={value!r}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.faults.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()
        if tag == "script" and self.in_json:
            self.in_json = False
            try:
                json.loads("".join(self.json_text))
            except ValueError:
                self.faults.append("JSON-LD does not parse")

    def handle_data(self, data: str) -> None:
        if self.in_json:
            self.json_text.append(data)


def audit(html: bytes) -> list[str]:
    parser = Audit()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser.faults + ([f"unclosed {parser.stack}"] if parser.stack else [])


CONTENT, _ = load_content(SITES / "minimal", "content")
MD = SafeMarkdown()


def render(content, pages: list[tuple[str, str]]) -> dict[str, bytes]:
    """Render only the pages named (``("section", "en")``, ``("claims", "en")``…), as the build would."""
    renderer = SiteRenderer(content, Options())
    wanted = {(kind, lang) for kind, lang in pages}
    return {page.out: renderer.render_page(page)[0] for page in renderer.pages() if (page.type.name, page.lang) in wanted}


def with_body(body: str):
    """The minimal content with the English section's body replaced by ``body``, parsed."""
    doc = CONTENT.sections[("en", "weather")]
    parsed = parse(MD, body, doc.body_line)
    new = dataclasses.replace(doc, body=body, tokens=parsed.tokens, refs=parsed.refs)
    return dataclasses.replace(CONTENT, sections={**CONTENT.sections, ("en", "weather"): new})


def test_the_audit_catches_each_kind_of_fault():
    page = (b'<p onclick="x"><a href=" JaVa\tScript:x">a</a><script>alert(1)</script><iframe></iframe>'
            b'<script type="application/ld+json">{"a": </script><b></i>')
    assert audit(page) == ["<p onclick=\u2026>", "<a href=' JaVa\\tScript:x'>", "script {}", "<iframe>",
                           "JSON-LD does not parse", "</i> closes <b>", "unclosed ['p', 'b']"]


def test_the_unaltered_pages_pass_the_audit():
    for html in render(CONTENT, [("section", "en"), ("claims", "fr"), ("glossary", "en")]).values():
        assert audit(html) == []


@SETTINGS
@given(texts)
def test_any_markdown_body_is_safe_and_well_formed(body):
    for html in render(with_body(body + "\n\nThe sky.[^sky-blue]"), [("section", "en")]).values():
        assert audit(html) == []


@SETTINGS
@given(st.text(max_size=20), targets)
def test_any_link_or_image_target_is_safe(text, target):
    body = f"[{text}]({target}) ![{text}]({target}) [{text}](<{target}>) <{target}>\n\n[r]: {target}\n\n[{text}][r]\n"
    for html in render(with_body(body), [("section", "en")]).values():
        assert audit(html) == []


@SETTINGS
@given(texts, texts, texts, st.one_of(texts, targets))
def test_any_claim_note_and_source_is_safe(note, publisher, title, url):
    claim = CONTENT.claims["sky-blue"]
    source = Source(publisher=publisher or None, title=title or None, date=None,
                    url=url if valid_url(url) else None, where=claim.sources[0].where)
    changed = dataclasses.replace(claim, note={"en": note, "fr": note}, correct_figure={"en": note, "fr": note},
                                  claim={"en": title or "x", "fr": title or "x"}, sources=(source,))
    content = dataclasses.replace(CONTENT, claims={**CONTENT.claims, "sky-blue": changed})
    for html in render(content, [("section", "en"), ("claims", "fr")]).values():
        assert audit(html) == []


@SETTINGS
@given(texts, texts)
def test_any_glossary_term_and_definition_is_safe(term, definition):
    entry = CONTENT.terms["scattering"]
    changed = dataclasses.replace(entry, term={"en": term or "t", "fr": term or "t"},
                                  definition={"en": definition, "fr": definition})
    content = dataclasses.replace(CONTENT, terms={"scattering": changed})
    for html in render(content, [("glossary", "en"), ("glossary", "fr")]).values():
        assert audit(html) == []


@SETTINGS
@given(st.text(min_size=1, max_size=60).map(lambda s: "https://a.example/" + s))
def test_every_url_the_loader_accepts_renders_as_that_url(url):
    """Whatever passes ``valid_url`` reaches the page as an http(s) link, escaped, not a script URL."""
    if not valid_url(url):
        return
    claim = CONTENT.claims["sky-blue"]
    source = dataclasses.replace(claim.sources[0], url=url)
    content = dataclasses.replace(CONTENT, claims={**CONTENT.claims, "sky-blue": dataclasses.replace(claim, sources=(source,))})
    html = render(content, [("section", "en")])["en/weather.html"]
    assert audit(html) == []
    hrefs = []

    class Hrefs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            hrefs.extend(v for k, v in attrs if tag == "a" and k == "href" and "class" in dict(attrs)
                         and dict(attrs)["class"] == "source-url")

    Hrefs(convert_charrefs=True).feed(html.decode())
    assert hrefs == [url]
