"""MkDocs hooks: ``mkdocs serve`` previews the explainer in ``content/`` with mkdocs-material.

Referenced from ``mkdocs.yml`` (``hooks:``). The content is loaded and validated by
the same pipeline as ``build.py`` and every body is rendered by its ``SiteRenderer``;
MkDocs only lays the pages out. Each page becomes a generated file
(``ja/about.md``, ``en/about.md``, … — the build's own paths) whose front matter the
hook sets: the title, the language and the same page in the other languages for the
switcher (``docs/overrides/partials/alternate.html``); its body is swapped in after
MkDocs' Markdown step, so the core's heading ids and notes stay exactly as built.

The content folder is ``extra.explainer_content`` of ``mkdocs.yml`` (default
``content``), or the ``EXPLAINER_CONTENT`` environment variable, relative to
``mkdocs.yml``. A content error fails ``mkdocs build``; under ``mkdocs serve`` it is
logged as ``path:line: message`` and every page shows the list until it is fixed.

The languages come from ``site.yml`` alone: the theme's language (its strings, the 404
page) is the default language, each page's ``<html lang>`` its own, and the search plugin
gets every language lunr can read; ``mkdocs.yml`` names none.

MkDocs' Jinja does not autoescape and mkdocs-material prints titles, descriptions and
the site name raw, so every content-derived string enters MkDocs through ``shown``
(escaped, and marked as such). Every page carries the built site's Content Security
Policy, with the hashes of the theme's own inline scripts and, under ``mkdocs serve``,
of the live-reload script (``preview_csp``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path, PurePosixPath
from typing import Any, Literal

PROJECT = Path(__file__).resolve().parents[2]
"""The checkout this hook file belongs to: its ``explainer`` package is the one the preview runs.

MkDocs loads the hook by path, not as part of the package, so a plain import would
find whichever ``explainer`` is installed (an editable install of another checkout).
"""
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

import explainer  # noqa: E402
import material  # noqa: E402
from jinja2 import Environment  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.nav import Navigation  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from explainer.content.model import Content  # noqa: E402
from explainer.errors import ContentError, Problem  # noqa: E402
from explainer.pipeline import Result, check  # noqa: E402
from explainer.preview.csp import allow_live_reload, theme_policy  # noqa: E402
from explainer.preview.mkdocs_pages import ThemePage, error_page, language_choice, menu, preview_pages  # noqa: E402
from explainer.preview.outline import Heading, outline  # noqa: E402
from explainer.site.urls import page_path  # noqa: E402

if Path(explainer.__file__).resolve().parent != PROJECT / "explainer":
    raise PluginError(f"the preview must run {PROJECT / 'explainer'}, but this process already imported "
                      f"{Path(explainer.__file__).parent}; run mkdocs in a fresh process")

CONTENT_ENV = "EXPLAINER_CONTENT"
log = logging.getLogger("mkdocs.plugins.explainer")


class Hooks:
    """The hooks' state for one ``mkdocs`` process.

    MkDocs loads a hook module once and keeps it across ``serve`` rebuilds, so this
    object remembers the command and the pages of the last good build: a broken
    edit then replaces the very pages an editor has open with the list of problems.
    """

    def __init__(self) -> None:
        self.command: str = "build"
        self.content_dir = Path("content")
        self.shown = "content"
        self.templates = Path("templates")
        self.pages: dict[str, ThemePage] = {}
        self.meta: dict[str, dict[str, Any]] = {}
        self.env: Environment | None = None
        self.last_good: list[str] = []
        self.checked: Result | ContentError = ContentError([])
        """The content as ``on_config`` loaded and checked it for this build, or why it failed."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the content first, before the search plugin reads its settings (hence the priority)."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.shown = os.environ.get(CONTENT_ENV) or str(config.extra.get("explainer_content", "content"))
        self.content_dir = root / self.shown
        self.templates = root / "templates"
        for folder in (self.content_dir, self.templates):
            if str(folder) not in config.watch:
                config.watch.append(str(folder))
        try:
            self.checked = check(self.content_dir, self.shown)
        except ContentError as exc:
            self.checked = exc
        else:
            self.languages(self.checked.content, config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.pages, self.meta = {}, {}
        result = self.checked
        if isinstance(result, ContentError):
            return self.failed(result.problems, files, config)
        try:
            pages = [language_choice(result.content), *preview_pages(result.content, self.templates)]
        except ContentError as exc:
            return self.failed(exc.problems, files, config)
        for warning in result.warnings:
            log.warning(str(warning))
        content = result.content
        assert content.site is not None
        os.environ.setdefault("SOURCE_DATE_EPOCH", _epoch(content.site.checked))
        config.site_name = shown(" / ".join(content.site.title[code] for code in content.site.codes))
        menus = menu(content)
        titles = {p.src_uri: p.title for p in pages}
        config.nav = [{shown(name): [{shown(titles[uri]): uri} for uri in uris]} for name, uris in menus.items()]
        self.publish(pages, content, files, config, in_nav={uri for uris in menus.values() for uri in uris})
        self.last_good = [p.src_uri for p in pages]
        return files

    def languages(self, content: Content, config: MkDocsConfig) -> None:
        """Theme language, search languages and the 404 page from ``site.yml``, whatever its languages.

        ``mkdocs.yml`` names none of them: the theme speaks the default language (its
        interface strings, the 404 page), and the search plugin gets every language that
        lunr can stem, so an umlaut or an accent is a word character in a German or French
        preview; Japanese and Chinese add their punctuation to the separator, as
        Material's own Japanese and Chinese settings do.
        """
        site = content.site
        assert site is not None
        config.theme["language"] = theme_language(site.default_language, config.theme.dirs)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:  # its own on_config, which runs after this one, keeps them
            search.config["lang"] = search_languages(site.codes)
            search.config["separator"] = search_separator(site.codes)
        default = site.default_language
        config.extra["explainer_lang"] = default
        config.extra["explainer_not_found"] = {
            "title": shown(content.strings["not_found_title"][default]),
            "body": shown(content.strings["not_found_body"][default]),
            "home": page_path(default, "index"), "home_title": shown(site.title[default])}

    def failed(self, problems: list[Problem], files: Files, config: MkDocsConfig) -> Files:
        """Log every problem as the CLI prints it; stop a build, keep a server running."""
        for problem in problems:
            log.error(str(problem))
        errors = sum(1 for p in problems if p.level == "error")
        summary = f"{errors} problem{'s' if errors != 1 else ''} found in {self.shown}"
        if self.command != "serve":
            raise PluginError(f"{summary}; nothing was built.")
        log.error(f"{summary}; the preview shows them until they are fixed.")
        lang = str(config.theme["language"])
        self.publish([error_page(src, lang, problems) for src in self.last_good or ["index.md"]], None, files, config,
                     in_nav={"index.md"})
        config.nav = ["index.md"]
        return files

    def publish(self, pages: list[ThemePage], content: Content | None, files: Files, config: MkDocsConfig,
                in_nav: set[str]) -> None:
        """Add each page as a generated file, and keep the front matter that MkDocs and the theme will read.

        The front matter is handed over in ``on_page_markdown`` rather than written as
        YAML, which MkDocs would read back as plain strings: this way every value stays
        escaped ``Markup``. Pages outside the navigation (the root language choice,
        side-by-side views) are marked so, which keeps MkDocs from listing them as forgotten.
        """
        for page in pages:
            meta: dict[str, Any] = {"title": shown(page.title), "description": shown(page.description)}
            if content is not None:  # docs/overrides/partials/language.html: <html lang> and theme strings
                meta["lang"] = page.lang
                meta["theme_lang"] = theme_language(page.lang, config.theme.dirs)
            if content is not None:
                meta["alternates"] = [{key: shown(value) for key, value in alt.items()}
                                      for alt in _alternates(content, page)]
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} clashes with a page generated from {self.shown}; remove it")
            inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
            self.pages[page.src_uri] = page
            self.meta[page.src_uri] = meta

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give the page its front matter (title, description, language, switcher), all of it escaped."""
        meta = self.meta.get(page.file.src_uri)
        if meta is not None:
            page.meta = dict(meta)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Swap in the core's body and give the theme its headings (ids untouched)."""
        preview = self.pages.get(page.file.src_uri)
        if preview is None:
            return html
        page.toc = get_toc([_toc_token(h) for h in outline(preview.html)])
        return preview.html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Keep the theme's templates: the policy hashes the inline scripts they write."""
        self.env = env
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        """The page's Content Security Policy for ``docs/overrides/main.html``."""
        assert self.env is not None, "MkDocs calls on_env before it renders a page"
        context["explainer_csp"] = theme_policy(self.env, context)
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        """The same policy for the theme's own pages (404.html)."""
        assert self.env is not None, "MkDocs calls on_env before it renders a page"
        context["explainer_csp"] = theme_policy(self.env, context)
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Let each served page run the live-reload script ``mkdocs serve`` adds to it, and no other."""
        server.set_app(allow_live_reload(server.get_app()))
        return server


def shown(text: str) -> Markup:
    """Content text as MkDocs and the theme must get it: HTML-escaped, and marked as already escaped.

    MkDocs' Jinja does not autoescape: mkdocs-material prints the site name, page
    titles, descriptions and navigation titles raw in some places (``<title>``,
    ``<meta name="description">``, the header, the tabs) and through ``| e`` in others.
    Escaped ``Markup`` is right in both: printed raw it reads as text, and ``| e``
    leaves it as it is instead of escaping it twice. Material's search shows titles as
    HTML, so its index must hold the escaped form too.
    """
    return escape(text)


LUNR = Path(material.__file__).resolve().parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
"""Material's lunr language support: ``lunr.<code>.min.js`` per language it can search (English is built in)."""
LUNR_NAMES = {"nb": "no", "nn": "no"}
"""Language codes lunr spells differently (Norwegian Bokmål and Nynorsk are both its ``no``)."""
CJK_SEPARATOR = "[\\s\\-\u3000\u3001\u3002\uff0c\uff0e\uff1f\uff01\uff1b]+"
"""Material's Japanese and Chinese separators together: whitespace, hyphen, ideographic space and punctuation."""
SEPARATOR = "[\\s\\-]+"
"""Material's separator for every other language."""


def theme_language(code: str, theme_dirs: list[str]) -> str:
    """The theme's interface language for ``code``: itself, else its primary subtag, else English."""
    for candidate in (code, code.split("-")[0]):
        if any(Path(d, "partials", "languages", f"{candidate}.html").is_file() for d in theme_dirs):
            return candidate
    return "en"


def search_languages(codes: tuple[str, ...]) -> list[str]:
    """The lunr languages for a site's languages, in their order; English when lunr knows none of them."""
    found: list[str] = []
    for code in codes:
        name = LUNR_NAMES.get(code.split("-")[0], code.split("-")[0])
        if (name == "en" or (LUNR / f"lunr.{name}.min.js").is_file()) and name not in found:
            found.append(name)
    return found or ["en"]


def search_separator(codes: tuple[str, ...]) -> str:
    """Where the preview's search splits words: CJK punctuation too on a site with Japanese or Chinese."""
    return CJK_SEPARATOR if any(code.split("-")[0] in ("ja", "zh") for code in codes) else SEPARATOR


def _epoch(date: str) -> str:
    """The sitemap date build.py uses without SOURCE_DATE_EPOCH: the content's check date."""
    day = dt.date.fromisoformat(date)
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))


def _alternates(content: Content, page: ThemePage) -> list[dict[str, str]]:
    """The same page in every language (the root page: each language's home), for the switcher."""
    assert content.site is not None
    name = PurePosixPath(page.src_uri).stem
    return [{"name": lang.name, "lang": lang.code, "link": page_path(lang.code, name)} for lang in content.site.languages]


def _toc_token(heading: Heading) -> Any:
    return {"level": heading.level, "id": heading.id, "name": str(escape(heading.text)),
            "children": [_toc_token(child) for child in heading.children]}


_hooks = Hooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_files = _hooks.on_files
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_env = _hooks.on_env
on_page_context = _hooks.on_page_context
on_template_context = _hooks.on_template_context
on_serve = _hooks.on_serve
