"""The explainer's pages as bodies for a documentation theme (the ``mkdocs serve`` preview).

The build renders each page with ``SiteRenderer`` and the site's own templates; the
preview keeps what that build puts inside ``<main>`` — the very same article, notes,
glossary and disclaimer markup — and leaves the page chrome (header, navigation,
search, language switcher) to the theme. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from ..content.model import Content
from ..errors import Problem
from ..site.render import Options, SiteRenderer, main_of
from ..site.urls import page_path


@dataclass(frozen=True)
class ThemePage:
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


def preview_pages(content: Content, templates: Path) -> list[ThemePage]:
    """Every language page the preview shows (``PageType.preview``), in reading order per language:
    the build's pages in the registry's order, each cut down to its main content."""
    renderer = SiteRenderer(content, Options(templates=templates))
    found = []
    for lang in renderer.content.codes:
        for page in renderer.pages():
            if page.lang == lang and page.type.preview:
                data, context = renderer.render_page(page)
                assert context is not None
                found.append(ThemePage(src_uri(page.out), lang, context["title"], context["description"],
                                         main_of(data.decode("utf-8"))))
    return found


def menu(content: Content) -> dict[str, list[str]]:
    """Language name → its pages for the preview's navigation (``PageType.menu``), in reading order."""
    renderer = SiteRenderer(content, Options())
    return {lang.name: [src_uri(page.out) for page in renderer.pages() if page.lang == lang.code and page.type.menu]
            for lang in renderer.site.languages}


def language_choice(content: Content) -> ThemePage:
    """The root page: each language's title and description, linking to its home page."""
    site = content.site
    assert site is not None
    items = "".join(f'<li lang="{lang.code}"><a href="{escape(page_path(lang.code, "index"))}" hreflang="{lang.code}">'
                    f'<strong>{escape(lang.name)}</strong></a> — {escape(site.description[lang.code])}</li>\n'
                    for lang in site.languages)
    titles = " / ".join(site.title[code] for code in site.codes)
    heading = "<br>".join(f'<span lang="{code}">{escape(site.title[code])}</span>' for code in site.codes)
    return ThemePage("index.md", site.default_language, titles, site.description[site.default_language],
                       f'<h1 id="page-title">{heading}</h1>\n<ul class="language-choice">\n{items}</ul>')


def error_page(src: str, lang: str, problems: list[Problem]) -> ThemePage:
    """What the preview shows instead of a page while the content has errors."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>\n" for p in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return ThemePage(src, lang, "Content errors", f"{count} in the content",
                       f'<h1 id="page-title">Content errors</h1>\n<p>{count} found; fix them and this page reloads.</p>\n'
                       f'<ul class="content-errors">\n{items}</ul>')
