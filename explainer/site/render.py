"""Turn validated content into the site's files, one ``(path, bytes)`` at a time.

Which files there are and what each is made from is data, in ``pages.PAGE_TYPES``;
this module holds what every page shares: one Jinja environment (autoescape,
StrictUndefined) over ``templates/``, the context common to all language pages, the
Markdown body renderer, the navigation. Pages see the content only through a
``tracking.ContentView`` and templates only through a ``tracking.TrackingEnvironment``,
so ``render_job`` can say which keys each file was made from without any page saying
so itself. Nothing is written to disk in this module.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from markupsafe import Markup, escape

from ..content.model import VERDICTS, Chart, Content, Doc
from ..content.interface_strings import CATEGORIES
from ..content.strings import source_language, verdict_key
from ..errors import ContentError, Problem
from ..incremental.tracking import ContentView, Recorder, TrackingEnvironment
from ..markdown.dialect import SafeMarkdown
from ..markdown.notes import BodyContext, Note, install_render_rules, render_body, render_inline
from .dates import written_date
from .pages import PAGE_TYPES, Page, card_drawn
from .typography import label
from .urls import absolute, card_path, feed_path, from_page, page_path, relative
from .writing_systems import foreign_lang
from . import charts

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
VERDICT_ICONS = {"accurate": "✓", "accurate-with-context": "ⓘ", "disputed": "⚖", "inaccurate": "✗", "unsourced": "∅"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
"""The one Content Security Policy: no inline script or style, no other origin.

Every page carries it in a ``<meta http-equiv>`` and ``_headers`` sends it on hosts
that read that file. Search needs nothing more: its index is JSON fetched from
'self' and read by ``site.js``. JSON-LD blocks are data, not script, so the policy
does not block them.
"""
HEADERS = (f"/*\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n  X-Frame-Options: DENY\n"
           "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n")
"""``_headers`` for Netlify and Cloudflare Pages: the policy as a real header for every path.

Only here does it forbid framing (``frame-ancestors``, and ``X-Frame-Options`` for older
browsers): browsers ignore ``frame-ancestors`` in a ``<meta>``, so the pages' copy leaves it out.
"""
OG_LOCALES = {"ja": "ja_JP", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "fr": "fr_FR", "de": "de_DE"}


@dataclass(frozen=True)
class Options:
    templates: Path = TEMPLATES
    pdf_names: tuple[tuple[str, str], ...] = ()
    """(language, site-relative path) of each PDF the build also writes."""
    build_date: str = ""
    """ISO date for the sitemap: SOURCE_DATE_EPOCH when set, else the content's check date."""
    bytecode_cache: Path | None = field(default=None, compare=False)
    """Where Jinja keeps compiled templates between builds (keyed by each template's source)."""
    content_dir: Path | None = field(default=None, compare=False)
    """The content folder, where the content's own files (``site.social_card``) are read from."""


def build_date(content: Content) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return content.site.checked if content.site else ""


def environment(templates: Path, bytecode_cache: Path | None = None) -> TrackingEnvironment:
    env = TrackingEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode_cache)) if bytecode_cache is not None else None,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["verdicts"] = VERDICTS
    env.globals["verdict_icons"] = VERDICT_ICONS
    env.globals["csp"] = CSP
    env.globals["plural_categories"] = tuple(c for c in CATEGORIES if c != "other")
    env.filters["label"] = label
    env.globals["source_language"] = source_language
    # Dates in the page's language: the interface strings of the page being rendered say how.
    env.filters["written_date"] = jinja2.pass_context(lambda ctx, iso: written_date(iso, ctx["t"]))
    env.filters["tojson_ld"] = lambda value: Markup(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                                                    .replace("<", "\\u003c").replace(">", "\\u003e")
                                                    .replace("&", "\\u0026"))
    return env


def _encoded(pieces: Iterator[str]) -> bytes:
    """A template's output as UTF-8, joined a few thousand pieces at a time.

    ``Template.render`` joins every piece at once: the claims page of a big site (8 MB,
    hundreds of thousands of pieces) held ~45 MB while being rendered, more than the
    whole content model; this holds little more than the bytes.
    """
    parts = []
    while batch := list(islice(pieces, 4096)):
        parts.append("".join(batch).encode("utf-8"))
    return b"".join(parts)


class SiteRenderer:
    """Renders every file of the site; holds what all pages share.

    ``content`` is the tracked view of the content (``tracking.ContentView``): the only
    way any page reads it.
    """

    def __init__(self, content: Content, options: Options, tokens_of: Callable[[Doc], list] | None = None):
        """``tokens_of`` gives a document's parsed body (``load.Bodies.tokens``) when the loader did not keep it."""
        assert content.site is not None
        self.recorder = Recorder()
        self.content = ContentView(content, options, self.recorder, tokens_of or (lambda doc: doc.tokens))
        self.options = options
        self.env = environment(options.templates, options.bytecode_cache)
        self.env.recorder = self.recorder
        self.md = install_render_rules(SafeMarkdown())
        self.inline_md = install_render_rules(SafeMarkdown(footnotes=False))
        self._nav: dict[str, list[tuple[str, str, str]]] = {}
        self._nav_plain: dict[tuple[str, str], Markup] = {}

    @property
    def site(self) -> Any:
        return self.content.site

    @property
    def section_ids(self) -> list[str]:
        return self.content.section_ids()

    # -- which files there are -----------------------------------------------------------

    def pages(self) -> list[Page]:
        """Every file of the site, in a fixed order: each page type's pages, language by language."""
        found = []
        for kind in PAGE_TYPES:
            for lang in (self.content.codes if kind.per_language else ("",)):
                found += [Page(kind, lang, name, item) for name, item in kind.pages(self.content)]
        return found

    def render_job(self, page: Page) -> tuple[bytes, tuple[str, ...]]:
        """The file ``page`` makes and the keys of the content it was made from."""
        self.recorder.start()
        try:
            data, _ = self.render_page(page)
        finally:
            keys = self.recorder.stop()
        return data, keys

    def render_page(self, page: Page) -> tuple[bytes, dict[str, Any] | None]:
        """The file's bytes, and the context its template was given (None for a file without a template)."""
        kind = page.type
        if kind.template is None:
            return kind.make(self, page), None
        context = kind.make(self, page)
        if kind.per_language:
            context = {**self.common(page.lang, page.name, context["title"], context["description"]),
                       **self.card_context(page, context["title"]), **context}
        return self.render(kind.template, context), context

    def render(self, template: str, context: dict[str, Any]) -> bytes:
        try:
            return _encoded(self.env.get_template(template).generate(**context))
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError([Problem(os.path.join("templates", exc.name or template), exc.lineno, exc.message or "syntax error")])
        except jinja2.UndefinedError as exc:
            raise ContentError([Problem(os.path.join("templates", template), 0, f"template error: {exc.message}")])

    def preload(self) -> None:
        """Compile every page template now (before forking workers, so each does not compile its own)."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")) and "/" not in n):
            self.env.get_template(name)

    # -- helpers shared by every page ------------------------------------------------

    def card_context(self, page: Page, title: str) -> dict[str, Any]:
        """The page's link-preview image: its URL, and its text when the card is drawn (shared cards show their own)."""
        site = self.site
        if not site.base_url or page.type.title is None:
            return {"og_image": ""}
        if site.social_card:
            return {"og_image": absolute(site.base_url, card_path(site, page.lang, "index")), "og_image_drawn": False,
                    "og_image_type": "image/jpeg" if site.social_card.lower().endswith((".jpg", ".jpeg")) else "image/png"}
        drawn = card_drawn(self.content, page)
        alt = title if drawn == page else page.type.title(self, drawn)
        return {"og_image": absolute(site.base_url, card_path(site, page.lang, drawn.name)), "og_image_drawn": True,
                "og_image_type": "image/png", "og_image_alt": alt}

    def t(self, lang: str) -> Callable[[str], str]:
        return lambda key: self.content.string(key, lang)

    def body_context(self, lang: str, path: str, print_mode: bool = False,
                     note_html: Callable[[Note], str] | None = None, id_prefix: str = "") -> BodyContext:
        t = self.t(lang)
        glossary = page_path(lang, "glossary")

        def chart_html(chart: Chart, alt: str) -> str:
            template = self.env.get_template("chart.html")
            chart_id = f"{id_prefix}chart-{chart.id}"
            return template.render(chart=chart, lang=lang, t=t, chart_id=chart_id,
                                   svg=charts.svg(chart, lang, f"{chart_id}-title"),
                                   value_text=charts.value_text, alt=alt, sources=self.chart_sources(chart))

        return BodyContext(
            claims=self.content.claims, charts=self.content.charts,
            glossary_href=lambda term: relative(path, f"{glossary}#term-{term}") if not print_mode else f"#term-{term}",
            chart_html=chart_html, note_label=lambda n: t("note_ref").replace("{n}", str(n)),
            print_mode=print_mode, note_html=note_html,
        )

    def chart_sources(self, chart: Chart) -> list[Any]:
        seen: dict[str, Any] = {}
        for cid in chart.claims:
            for source in self.content.claims[cid].sources:
                seen.setdefault(source.url or source.publisher or "", source)
        return list(seen.values())

    def inline(self, text: str, ctx: BodyContext) -> Markup:
        return render_inline(self.inline_md, text, ctx)

    def doc_body(self, doc: Doc, path: str) -> tuple[Markup, list[Note]]:
        return render_body(self.md, doc.tokens, self.body_context(doc.lang, path))

    def common(self, lang: str, name: str, title: str, description: str) -> dict[str, Any]:
        """The context every language page shares."""
        site, path = self.site, page_path(lang, name)
        t = self.t(lang)
        alternates = [{"code": l.code, "name": l.name, "href": relative(path, page_path(l.code, name)),
                       "abs": from_page(site.base_url, path, page_path(l.code, name)), "current": l.code == lang}
                      for l in site.languages]
        pdfs = {code: relative(path, pdf) for code, pdf in self.content.option("pdf_names")}
        ctx = BodyContext(self.content.claims, self.content.charts, lambda term: relative(path, f"{page_path(lang, 'glossary')}#term-{term}"),
                          lambda c, a: "", lambda n: "")
        return {
            "lang": lang, "t": t, "site": site, "path": path, "name": name,
            "root": relative(path, "index.html")[: -len("index.html")],
            "href": lambda target: relative(path, target),
            "page": lambda n: relative(path, page_path(lang, n)),
            "title": title, "description": description,
            "site_title": site.title[lang], "alternates": alternates,
            "x_default": from_page(site.base_url, path, page_path(site.default_language, name)),
            "canonical": absolute(site.base_url, path) if site.base_url else "",
            "og_locale": OG_LOCALES.get(lang, lang),
            "nav_html": self.nav_html(lang, name), "section_count": len(self.section_ids),
            "menu": [{"href": relative(path, page_path(lang, kind.name)), "label": t(kind.label),
                      "current": kind.name == name} for kind in PAGE_TYPES if kind.label and kind.pages(self.content)],
            "pdf": pdfs.get(lang, ""), "term_defs": [],
            "feed": relative(path, feed_path(lang)) if self.content.has("corrections") else "",
            "claim_page": lambda cid: relative(path, page_path(lang, f"claims/{cid}")),
            "claim_updates": lambda cid: self.corrections(lang, path, cid),
            "inline": lambda text: self.inline(text, ctx),
            "verdict_label": lambda verdict: t(verdict_key(verdict)),
            "lang_of": lambda text, hint="": foreign_lang(text or "", lang, site.codes, hint),
        }

    def corrections(self, lang: str, path: str, claim: str = "") -> list[dict[str, Any]]:
        """The log of corrections and updates (newest first) as the page at ``path`` shows it; only
        the entries naming ``claim`` when one is given. Anchors count from the oldest entry, so an
        entry keeps its link when newer ones are added above it."""
        log = self.content.corrections if self.content.has("corrections") else ()
        ctx = self.body_context(lang, path)
        about = page_path(lang, "about")
        found = []
        for i, entry in enumerate(log):
            if claim and claim not in entry.claims:
                continue
            anchor = f"correction-{len(log) - i}"
            claims = [{"id": cid, "text": self.content.claims[cid].claim[lang],
                       "href": relative(path, page_path(lang, f"claims/{cid}")),
                       "abs": absolute(self.site.base_url, page_path(lang, f"claims/{cid}")) if self.site.base_url
                       else relative(feed_path(lang), page_path(lang, f"claims/{cid}"))} for cid in entry.claims]
            found.append({"date": entry.date, "anchor": anchor, "href": relative(path, f"{about}#{anchor}"),
                          "html": self.inline(entry.text[lang], ctx), "claims": claims})
        return found

    def nav_html(self, lang: str, current: str) -> Markup:
        """The list of sections for the navigation of a page in ``lang``.

        Every page of a language lives in the same folder, so the list is made once
        per language and only the current page's mark differs: with N sections this
        keeps N² links from being N² template calls.
        """
        titles = self.content.sections.titles(lang, self.section_ids)
        if lang not in self._nav:
            here = page_path(lang, "index")
            self._nav[lang] = [(sid, str(escape(relative(here, page_path(lang, sid)))), str(escape(title)))
                               for sid, title in titles]
        up = "../" * current.count("/")  # a page in a subfolder of the language's (claims/<id>)
        if current in self.section_ids:
            return self._nav_list(lang, up, current)
        if (lang, up) not in self._nav_plain:  # every other page (claims, glossary…) shows the same list
            self._nav_plain[lang, up] = self._nav_list(lang, up, "")
        return self._nav_plain[lang, up]

    def _nav_list(self, lang: str, up: str, current: str) -> Markup:
        mark = ' aria-current="page"'
        return Markup("".join(f'    <li><a href="{up}{href}"{mark if sid == current else ""}>{title}</a></li>\n'
                              for sid, href, title in self._nav[lang]))

    def note_numbers(self, lang: str) -> dict[str, list[tuple[str, int]]]:
        """Where each cited claim's notes are: (section id, note number on that page), in reading order.

        The claims page links to the first for the sources instead of repeating them:
        with every source listed twice the page would not fit the 30 KB budget.
        """
        found: dict[str, list[tuple[str, int]]] = {}
        for sid in self.section_ids:
            for number, label in enumerate(self.content.sections.notes(lang, sid), start=1):
                if label in self.content.claims:
                    found.setdefault(label, []).append((sid, number))
        return found

    def term_defs(self, doc: Doc, path: str) -> list[dict[str, Any]]:
        """The glossary entries a document links to, embedded so site.js can show them in place."""
        return self.definitions([ref.target for ref in doc.refs if ref.kind == "glossary"], doc.lang, path)

    def definitions(self, ids: list[str], lang: str, path: str) -> list[dict[str, Any]]:
        """The glossary entries ``ids`` (once each, known ones only), for a page's ``term_defs``."""
        ctx = self.body_context(lang, path)
        known = dict.fromkeys(tid for tid in ids if tid in self.content.terms)
        return [{"id": tid, "term": self.content.terms[tid].term[lang],
                 "definition": self.inline(self.content.terms[tid].definition[lang], ctx)} for tid in known]

    def glossary_links(self, text: str) -> list[str]:
        """The glossary ids that inline Markdown ``text`` links to (``[word](glossary:ID)``)."""
        return [str(child.attrGet("href"))[len("glossary:"):] for token in self.inline_md.parseInline(text)
                for child in token.children or () if child.type == "link_open"
                and str(child.attrGet("href") or "").startswith("glossary:")]

    def root_context(self) -> dict[str, Any]:
        site = self.site
        langs = [{"code": l.code, "name": l.name, "title": site.title[l.code], "description": site.description[l.code],
                  "href": page_path(l.code, "index"), "choose": self.content.string("choose_language", l.code),
                  "not_found_title": self.content.string("not_found_title", l.code),
                  "not_found_body": self.content.string("not_found_body", l.code),
                  "t": self.t(l.code),
                  "feed": feed_path(l.code) if self.content.has("corrections") else ""}
                 for l in site.languages]
        return {"site": site, "langs": langs, "lang": site.default_language, "t": self.t(site.default_language),
                "x_default": absolute(site.base_url, "index.html"),
                "alternates": [{"code": l["code"], "abs": absolute(site.base_url, l["href"])} for l in langs]}


def main_of(page_html: str) -> str:
    """The inside of the page's ``<main>`` element.

    Content text is always escaped, so the only ``<main``/``</main>`` are the template's.
    """
    start = page_html.index(">", page_html.index("<main")) + 1
    return page_html[start:page_html.rindex("</main>")].strip("\n")
