"""The explainer's pages as bodies for a documentation theme (the ``mkdocs serve`` preview).

The build renders each page with ``SiteRenderer`` and the site's own templates; the
preview keeps what that build puts inside ``<main>`` — the very same article, notes,
glossary and disclaimer markup — and leaves the page chrome (header, navigation,
search, language switcher) to the theme. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from .errors import Problem
from .model import Content
from .render import Options, SiteRenderer
from .urls import page_path


@dataclass(frozen=True)
class PreviewPage:
    """One page of the preview: where it goes, what it is called, and its body."""

    src_uri: str
    """Path as if it were a Markdown file in the docs folder: ``ja/about.md``."""
    lang: str
    title: str
    description: str
    html: str


def src_uri(out_path: str) -> str:
    """``ja/about.html`` (the build's output path) → ``ja/about.md`` (its place in the docs)."""
    return out_path[: -len(".html")] + ".md"


def main_of(page_html: str) -> str:
    """The inside of the page's ``<main>`` element.

    Content text is always escaped, so the only ``<main``/``</main>`` are the template's.
    """
    start = page_html.index(">", page_html.index("<main")) + 1
    return page_html[start:page_html.rindex("</main>")].strip("\n")


class _MainRenderer(SiteRenderer):
    """A ``SiteRenderer`` that keeps each page's main content instead of whole files."""

    def __init__(self, content: Content, options: Options):
        super().__init__(content, options)
        self.pages: list[PreviewPage] = []

    def render(self, template: str, out: str, context: dict[str, Any]) -> None:
        super().render(template, out, context)
        self.pages.append(PreviewPage(src_uri(out), context["lang"], context["title"], context["description"],
                                      main_of(self.files.pop(out).decode("utf-8"))))


def preview_pages(content: Content, templates: Path) -> list[PreviewPage]:
    """Every language's home, sections (with their side-by-side views), claims, glossary and about page.

    In reading order per language; the build's search page is left out because the
    theme brings its own search.
    """
    renderer = _MainRenderer(content, Options(templates=templates))
    for lang in renderer.site.codes:
        renderer.home(lang)
        for i, sid in enumerate(renderer.section_ids):
            renderer.section(lang, i, sid)
            renderer.parallel(lang, sid)
        renderer.claims_page(lang)
        renderer.glossary_page(lang)
        renderer.about(lang)
    return renderer.pages


def language_choice(content: Content) -> PreviewPage:
    """The root page: each language's title and description, linking to its home page."""
    site = content.site
    assert site is not None
    items = "".join(f'<li lang="{lang.code}"><a href="{escape(page_path(lang.code, "index"))}" hreflang="{lang.code}">'
                    f'<strong>{escape(lang.name)}</strong></a> — {escape(site.description[lang.code])}</li>\n'
                    for lang in site.languages)
    titles = " / ".join(site.title[code] for code in site.codes)
    heading = "<br>".join(f'<span lang="{code}">{escape(site.title[code])}</span>' for code in site.codes)
    return PreviewPage("index.md", site.default_language, titles, site.description[site.default_language],
                       f'<h1 id="page-title">{heading}</h1>\n<ul class="language-choice">\n{items}</ul>')


def error_page(src: str, lang: str, problems: list[Problem]) -> PreviewPage:
    """What the preview shows instead of a page while the content has errors."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>\n" for p in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return PreviewPage(src, lang, "Content errors", f"{count} in the content",
                       f'<h1 id="page-title">Content errors</h1>\n<p>{count} found; fix them and this page reloads.</p>\n'
                       f'<ul class="content-errors">\n{items}</ul>')
