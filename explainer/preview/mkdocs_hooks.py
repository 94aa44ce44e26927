"""MkDocs hooks: ``mkdocs serve`` previews the explainer in ``content/`` with mkdocs-material.

Referenced from ``mkdocs.yml`` (``hooks:``). The content is loaded and validated by
the same pipeline as ``build.py`` and every body is rendered by its ``SiteRenderer``;
MkDocs only lays the pages out. Each page becomes a generated file
(``ja/about.md``, ``en/about.md``, … — the build's own paths) whose front matter
carries the title, the language and the same page in the other languages for the
switcher (``docs/overrides/partials/alternate.html``); its body is swapped in after
MkDocs' Markdown step, so the core's heading ids and notes stay exactly as built.

The content folder is ``extra.explainer_content`` of ``mkdocs.yml`` (default
``content``), or the ``EXPLAINER_CONTENT`` environment variable, relative to
``mkdocs.yml``. A content error fails ``mkdocs build``; under ``mkdocs serve`` it is
logged as ``path:line: message`` and every page shows the list until it is fixed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from explainer.content.model import Content
from explainer.errors import ContentError, Problem
from explainer.pipeline import check
from explainer.preview.mkdocs_pages import ThemePage, error_page, language_choice, menu, preview_pages
from explainer.preview.outline import Heading, outline
from explainer.site.urls import page_path

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
        self.last_good: list[str] = []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.shown = os.environ.get(CONTENT_ENV) or str(config.extra.get("explainer_content", "content"))
        self.content_dir = root / self.shown
        self.templates = root / "templates"
        for folder in (self.content_dir, self.templates):
            if str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.pages = {}
        try:
            result = check(self.content_dir, self.shown)
            pages = [language_choice(result.content), *preview_pages(result.content, self.templates)]
        except ContentError as exc:
            return self.failed(exc.problems, files, config)
        for warning in result.warnings:
            log.warning(str(warning))
        content = result.content
        assert content.site is not None
        os.environ.setdefault("SOURCE_DATE_EPOCH", _epoch(content.site.checked))
        config.site_name = " / ".join(content.site.title[code] for code in content.site.codes)
        menus = menu(content)
        titles = {p.src_uri: p.title for p in pages}
        config.nav = [{name: [{titles[uri]: uri} for uri in uris]} for name, uris in menus.items()]
        self.publish(pages, content, files, config, in_nav={uri for uris in menus.values() for uri in uris})
        self.last_good = [p.src_uri for p in pages]
        return files

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
        """Add each page as a generated Markdown file whose front matter MkDocs and the theme read.

        Pages outside the navigation (the root language choice, side-by-side views)
        are marked so, which keeps MkDocs from listing them as forgotten.
        """
        themed = {code for code in (content.site.codes if content and content.site else ())
                  if any(Path(d, "partials", "languages", f"{code}.html").is_file() for d in config.theme.dirs)}
        for page in pages:
            meta: dict[str, Any] = {"title": page.title, "description": page.description}
            if page.lang in themed:  # docs/overrides/partials/language.html: <html lang> and theme strings
                meta["lang"] = page.lang
            if content is not None:
                meta["alternates"] = _alternates(content, page)
            text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} clashes with a page generated from {self.shown}; remove it")
            inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=text, inclusion=inclusion))
            self.pages[page.src_uri] = page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Swap in the core's body and give the theme its headings (ids untouched)."""
        preview = self.pages.get(page.file.src_uri)
        if preview is None:
            return html
        page.toc = get_toc([_toc_token(h) for h in outline(preview.html)])
        return preview.html


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
on_page_content = _hooks.on_page_content
