"""Turn validated content into the site's files: ``{output path: bytes}``.

One Jinja environment (autoescape, StrictUndefined) over ``templates/``; each page
gets a plain dict context built here, so templates only lay things out. Nothing is
written to disk in this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from itertools import islice, zip_longest
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from markdown_it.token import Token
from markupsafe import Markup, escape

from . import charts
from .dates import written_date
from .body import BodyContext, Note, install_render_rules, note_labels, render_body, render_inline
from .errors import ContentError, Problem
from .interface_strings import CATEGORIES
from .markdown import SafeMarkdown
from .model import VERDICTS, Chart, Claim, Content, Doc
from .scripts import foreign_lang
from .strings import source_language, verdict_key
from .tracking import Recorder, Tracked, TrackedDocs
from .typography import label
from .urls import absolute, from_page, page_path, relative

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = ("site.css", "site.js", "print.css")
BLOCK_BREAK = "<!--block-->"
"""Splits one rendering into blocks for the parallel view; content can never produce it, as all content text is escaped."""
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
CARDED = ("home", "section", "parallel", "claims_page", "glossary_page", "about", "search_page")
"""The pages that get a social card of their own: every language page."""
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
    """The content folder, where the content's own social card (``site.social_card``) is read from."""


def build_date(content: Content) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return content.site.checked if content.site else ""


def environment(templates: Path, bytecode_cache: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
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
    env.filters["tojson_ld"] = lambda value: Markup(json.dumps(value, ensure_ascii=False, sort_keys=True)
                                                    .replace("<", "\\u003c").replace(">", "\\u003e")
                                                    .replace("&", "\\u0026"))
    return env


@dataclass(frozen=True)
class Job:
    """One output file and the renderer method (with its arguments) that makes it."""

    out: str
    method: str
    args: tuple[Any, ...] = ()


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
    """Renders every page of every language; holds what all pages share.

    The content is seen through ``tracking`` wrappers, so ``render_job`` can say
    which keys of the content each file was made from.
    """

    def __init__(self, content: Content, options: Options, recorder: Recorder | None = None,
                 load_body: Callable[[Doc], None] | None = None):
        """``load_body`` parses a document that came from the cache without its tokens."""
        assert content.site is not None
        self.recorder = recorder or Recorder()
        rec = self.recorder
        self.raw = content
        self.content = dataclasses.replace(
            content, strings=Tracked(content.strings, "string", rec), claims=Tracked(content.claims, "claim", rec),
            terms=Tracked(content.terms, "term", rec), charts=Tracked(content.charts, "chart", rec),
            sections=TrackedDocs(content.sections, "s", rec, load_body), pages=TrackedDocs(content.pages, "p", rec, load_body))
        self.site, self.options = content.site, options
        self.env = environment(options.templates, options.bytecode_cache)
        self.md = install_render_rules(SafeMarkdown())
        self.inline_md = install_render_rules(SafeMarkdown(footnotes=False))
        self.section_ids = content.section_ids()
        self.files: dict[str, bytes] = {}
        self._nav: dict[str, list[tuple[str, str, str]]] = {}

    # -- helpers shared by every page ------------------------------------------------

    def t(self, lang: str) -> Callable[[str], str]:
        def lookup(key: str) -> str:
            self.recorder.read(f"string:{key}@{lang}")  # one language's text: editing the English leaves French pages be
            return self.raw.strings[key][lang]
        return lookup

    def body_context(self, lang: str, path: str, print_mode: bool = False,
                     note_html: Callable[[Note], str] | None = None, id_prefix: str = "") -> BodyContext:
        t = self.t(lang)
        glossary = page_path(lang, "glossary")

        def chart_html(chart: Chart, alt: str) -> str:
            self.recorder.read("tpl:chart.html")
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

    def common(self, lang: str, name: str, title: str, description: str) -> dict[str, Any]:
        """The context every language page shares."""
        site, path = self.site, page_path(lang, name)
        t = self.t(lang)
        alternates = [{"code": l.code, "name": l.name, "href": relative(path, page_path(l.code, name)),
                       "abs": from_page(site.base_url, path, page_path(l.code, name)), "current": l.code == lang}
                      for l in site.languages]
        self.recorder.read("site")
        self.recorder.read("pdf")
        pdfs = {code: relative(path, pdf) for code, pdf in self.options.pdf_names}
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
            "og_image": absolute(site.base_url, self.card_path(lang, name)) if site.base_url else "",
            "og_image_type": "image/jpeg" if site.social_card.lower().endswith((".jpg", ".jpeg")) else "image/png",
            "og_image_drawn": not site.social_card,
            "nav_html": self.nav_html(lang, name), "section_count": len(self.section_ids),
            "pdf": pdfs.get(lang, ""), "term_defs": [],
            "disclaimer_short": site.disclaimer.short[lang] if site.disclaimer else "",
            "inline": lambda text: self.inline(text, ctx),
            "verdict_label": lambda verdict: t(verdict_key(verdict)),
            "lang_of": lambda text: foreign_lang(text or "", lang, site.codes),
        }

    def preload(self) -> None:
        """Compile every page template now (before forking workers, so each does not compile its own)."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")) and "/" not in n):
            self.env.get_template(name)

    def nav_html(self, lang: str, current: str) -> Markup:
        """The list of sections for the navigation of a page in ``lang``.

        Every page of a language lives in the same folder, so the list is made once
        per language and only the current page's mark differs: with N sections this
        keeps N² links from being N² template calls. Records ``nav:LANG`` (every
        section's id and title, in order) instead of each title.
        """
        self.recorder.read(f"nav:{lang}")
        if lang not in self._nav:
            here = page_path(lang, "index")
            self._nav[lang] = [(sid, str(escape(relative(here, page_path(lang, sid)))),
                                str(escape(self.raw.sections[(lang, sid)].title))) for sid in self.section_ids]
        mark = ' aria-current="page"'
        return Markup("".join(f'    <li><a href="{href}"{mark if sid == current else ""}>{title}</a></li>\n'
                              for sid, href, title in self._nav[lang]))

    def render(self, template: str, out: str, context: dict[str, Any]) -> None:
        self.recorder.read(f"tpl:{template}")
        try:
            self.files[out] = _encoded(self.env.get_template(template).generate(**context))
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError([Problem(os.path.join("templates", exc.name or template), exc.lineno, exc.message or "syntax error")])
        except jinja2.UndefinedError as exc:
            raise ContentError([Problem(os.path.join("templates", template), 0, f"template error: {exc.message}")])

    # -- the pages ---------------------------------------------------------------------

    def doc_body(self, doc: Doc, path: str) -> tuple[Markup, list[Note]]:
        return render_body(self.md, doc.tokens, self.body_context(doc.lang, path))

    def jobs(self) -> list[Job]:
        """Every file of the site, in a fixed order."""
        jobs = []
        for lang in self.site.codes:
            jobs.append(Job(page_path(lang, "index"), "home", (lang,)))
            for i, sid in enumerate(self.section_ids):
                jobs.append(Job(page_path(lang, sid), "section", (lang, i, sid)))
                jobs.append(Job(page_path(lang, f"parallel-{sid}"), "parallel", (lang, sid)))
            for name, method in (("claims", "claims_page"), ("glossary", "glossary_page"), ("about", "about"),
                                 ("search", "search_page")):
                jobs.append(Job(page_path(lang, name), method, (lang,)))
        jobs += [Job("index.html", "root_page"), Job("404.html", "not_found"), Job("sitemap.xml", "sitemap"),
                 Job("robots.txt", "robots"), Job("_headers", "headers"), Job("favicon.svg", "static", ("favicon.svg",))]
        jobs += [Job(f"assets/{name}", "static", (name,)) for name in STATIC]
        if not self.site.base_url:  # a link preview needs the card's absolute URL: without a base, no page names one
            return jobs
        if self.site.social_card:
            jobs.append(Job(self.card_path(self.site.default_language, "index"), "own_card"))
        else:
            pages = [tuple(job.out[:-len(".html")].split("/")) for job in jobs if job.method in CARDED]
            jobs += [Job(self.card_path(lang, name), "card", (lang, name)) for lang, name in pages]
        return jobs

    def render_job(self, job: Job) -> tuple[bytes, frozenset[str]]:
        """The file ``job`` makes and the keys of the content it was made from."""
        self.recorder.start()
        try:
            getattr(self, job.method)(*job.args)
        finally:
            keys = self.recorder.stop()
        return self.files.pop(job.out), keys

    def home(self, lang: str) -> None:
        doc = self.content.pages[(lang, "home")]
        ctx = self.common(lang, "index", doc.title, doc.description)
        body, notes = self.doc_body(doc, ctx["path"])
        figures = [{**f, "verdict": self.content.claims[f["claim"]].verdict if f["claim"] else "",
                    "href": relative(ctx["path"], f"{page_path(lang, 'claims')}#claim-{f['claim']}") if f["claim"] else ""}
                   for f in doc.meta.get("key_figures", [])]
        sections = [{"href": relative(ctx["path"], page_path(lang, sid)), "title": self.content.sections[(lang, sid)].title,
                     "description": self.content.sections[(lang, sid)].description} for sid in self.section_ids]
        self.render("home.html", ctx["path"], {**ctx, "body": body, "notes": notes, "figures": figures,
                                               "term_defs": self.term_defs(doc, ctx["path"]),
                                               "sections": sections, "json_ld": self.article_ld(lang)})

    def section(self, lang: str, index: int, sid: str) -> None:
        doc = self.content.sections[(lang, sid)]
        ctx = self.common(lang, sid, doc.title, doc.description)
        body, notes = self.doc_body(doc, ctx["path"])
        neighbours = {}
        for key, j in (("prev", index - 1), ("next", index + 1)):
            if 0 <= j < len(self.section_ids):
                other = self.section_ids[j]
                neighbours[key] = {"href": relative(ctx["path"], page_path(lang, other)),
                                   "title": self.content.sections[(lang, other)].title}
        self.render("section.html", ctx["path"], {**ctx, "body": body, "notes": notes, "neighbours": neighbours,
                                                  "number": index + 1, "term_defs": self.term_defs(doc, ctx["path"]),
                                                  "parallel_href": relative(ctx["path"], page_path(lang, f"parallel-{sid}")),
                                                  "json_ld": self.claims_ld(lang, [n.claim for n in notes if n.claim])})

    def claims_page(self, lang: str) -> None:
        ctx = self.common(lang, "claims", self.t(lang)("claims"), self.t(lang)("claims_intro"))
        claims = list(self.content.claims.values())
        by_section: dict[str, list[Claim]] = {}
        for claim in claims:  # one pass: a section at a time over every claim would be N²
            by_section.setdefault(claim.section, []).append(claim)
        groups = [{"id": sid, "title": self.content.sections[(lang, sid)].title,
                   "href": relative(ctx["path"], page_path(lang, sid)), "claims": by_section[sid]}
                  for sid in self.section_ids if sid in by_section]
        counts = {v: sum(1 for c in claims if c.verdict == v) for v in VERDICTS}
        notes_at = {}
        for cid, (sid, number) in self.note_numbers(lang).items():
            notes_at[cid] = {"href": relative(ctx["path"], f"{page_path(lang, sid)}#fn-{number}"),
                             "title": self.content.sections[(lang, sid)].title,
                             "label": self.t(lang)("note_ref").replace("{n}", str(number))}
        self.render("claims.html", ctx["path"], {**ctx, "groups": groups, "counts": counts, "notes_at": notes_at,
                                                 "json_ld": self.claims_ld(lang, claims)})

    def note_numbers(self, lang: str) -> dict[str, tuple[str, int]]:
        """Where each cited claim's note is: (section id, note number on that page), by first citation.

        The claims page links there for the sources instead of repeating them: with
        every source listed twice the page would not fit the 30 KB budget.
        """
        found: dict[str, tuple[str, int]] = {}
        for sid in self.section_ids:
            self.recorder.read(f"cites:{lang}:{sid}")
            doc = self.raw.sections[(lang, sid)]
            labels = doc.notes if doc.notes is not None else note_labels(doc.tokens)
            for number, label in enumerate(labels, start=1):
                if label in self.content.claims:
                    found.setdefault(label, (sid, number))
        return found

    def glossary_page(self, lang: str) -> None:
        ctx = self.common(lang, "glossary", self.t(lang)("glossary"), self.t(lang)("glossary_intro"))
        self.render("glossary.html", ctx["path"], {**ctx, "terms": list(self.content.terms.values())})

    def about(self, lang: str) -> None:
        doc = self.content.pages[(lang, "about")]
        ctx = self.common(lang, "about", doc.title, doc.description)
        body, notes = self.doc_body(doc, ctx["path"])
        self.render("about.html", ctx["path"], {**ctx, "body": body, "notes": notes,
                                                "term_defs": self.term_defs(doc, ctx["path"])})

    def term_defs(self, doc: Doc, path: str) -> list[dict[str, Any]]:
        """The glossary entries a page links to, embedded so site.js can show them in place."""
        ctx = self.body_context(doc.lang, path)
        ids = dict.fromkeys(ref.target for ref in doc.refs if ref.kind == "glossary" and ref.target in self.content.terms)
        return [{"id": tid, "term": self.content.terms[tid].term[doc.lang],
                 "definition": self.inline(self.content.terms[tid].definition[doc.lang], ctx)} for tid in ids]

    def parallel(self, lang: str, sid: str) -> None:
        """Every language's version of a section, block by block in aligned rows, for translators.

        Rows pair the n-th top-level block (paragraph, heading, list, figure) of each
        language; when the counts differ the page still renders and says so.
        """
        t = self.t(lang)
        doc = self.content.sections[(lang, sid)]
        ctx = self.common(lang, f"parallel-{sid}", f"{doc.title} ({t('side_by_side')})", doc.description)
        columns = []
        for language in self.site.languages:
            other = self.content.sections[(language.code, sid)]
            columns.append({"code": language.code, "name": language.name, "title": other.title,
                            "href": relative(ctx["path"], page_path(language.code, sid)),
                            "blocks": self.blocks(other, ctx["path"])})
        counts = [len(c["blocks"]) for c in columns]
        rows = list(zip_longest(*(c["blocks"] for c in columns)))
        mismatch = "" if len(set(counts)) == 1 else t("paragraph_mismatch").replace(
            "{counts}", ", ".join(f"{c['name']} {n}" for c, n in zip(columns, counts)))
        self.render("parallel.html", ctx["path"], {**ctx, "columns": columns, "rows": rows, "mismatch": mismatch,
                                                   "section_href": relative(ctx["path"], page_path(lang, sid))})

    def blocks(self, doc: Doc, path: str) -> list[Markup]:
        """``doc``'s top-level blocks rendered one by one for the page at ``path``.

        Ids are prefixed with the language so two columns never share one, and each
        note reference links to the note on the section's own page.
        """
        section = page_path(doc.lang, doc.id)

        def note_link(note: Note) -> str:
            href = escape(relative(path, f"{section}#fn-{note.number}"))
            return f'<sup class="note-ref"><a href="{href}">{note.number}</a></sup>'

        ctx = dataclasses.replace(self.body_context(doc.lang, path, id_prefix=f"{doc.lang}-"),
                                  print_mode=True, note_html=note_link)
        tokens = doc.tokens
        end = next((i for i, tok in enumerate(tokens) if tok.type == "footnote_block_open"), len(tokens))
        sequence: list[Token] = []
        start = depth = 0
        for i, tok in enumerate(tokens[:end]):
            depth += tok.nesting
            if depth:
                continue
            sequence += [self.prefixed(tok, f"{doc.lang}-") if tok.type == "heading_open" else tok
                         for tok in tokens[start:i + 1]]
            sequence.append(Token("html_block", "", 0, content=BLOCK_BREAK))
            start = i + 1
        html, _ = render_body(self.md, sequence + tokens[end:], ctx)
        return [Markup(part) for part in str(html).split(BLOCK_BREAK)[:-1]]

    @staticmethod
    def prefixed(heading: Token, prefix: str) -> Token:
        copy = heading.copy(attrs=dict(heading.attrs))  # Token.copy() shares attrs: the section page would get the prefix
        copy.attrSet("id", prefix + str(heading.attrGet("id") or ""))
        return copy

    def search_page(self, lang: str) -> None:
        t = self.t(lang)
        ctx = self.common(lang, "search", t("search"), self.site.description[lang])
        self.render("search.html", ctx["path"], ctx)

    def root_context(self) -> dict[str, Any]:
        site = self.site
        self.recorder.read("site")
        langs = [{"code": l.code, "name": l.name, "title": site.title[l.code], "description": site.description[l.code],
                  "href": page_path(l.code, "index"), "choose": self.content.strings["choose_language"][l.code],
                  "not_found_title": self.content.strings["not_found_title"][l.code],
                  "not_found_body": self.content.strings["not_found_body"][l.code],
                  "t": self.t(l.code), "disclaimer_short": site.disclaimer.short[l.code] if site.disclaimer else "",
                  "about": page_path(l.code, "about")}
                 for l in site.languages]
        return {"site": site, "langs": langs, "lang": site.default_language, "t": self.t(site.default_language),
                "x_default": absolute(site.base_url, "index.html"),
                "alternates": [{"code": l["code"], "abs": absolute(site.base_url, l["href"])} for l in langs]}

    def root_page(self) -> None:
        self.render("root.html", "index.html", self.root_context())

    def not_found(self) -> None:
        self.render("404.html", "404.html", self.root_context())

    def sitemap(self) -> None:
        """Every HTML page but the 404; which pages exist follows from the section order."""
        site = self.site
        for key in ("site", "order", "date"):
            self.recorder.read(key)
        pages = sorted(job.out for job in self.jobs() if job.out.endswith(".html") and job.out != "404.html")
        self.render("sitemap.xml", "sitemap.xml", {"site": site, "pages": pages, "date": self.options.build_date,
                                                   "absolute": lambda p: absolute(site.base_url, p)})

    def robots(self) -> None:
        self.recorder.read("site")
        base_url = self.site.base_url
        self.files["robots.txt"] = ("User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")).encode()

    def headers(self) -> None:
        self.files["_headers"] = HEADERS.encode()

    # -- social cards ------------------------------------------------------------------

    def card_path(self, lang: str, name: str) -> str:
        """Where the link-preview image of the page ``name`` in ``lang`` is: its own card, or the content's image."""
        if self.site.social_card:
            return "assets/social-card" + Path(self.site.social_card).suffix.lower().replace(".jpeg", ".jpg")
        return f"assets/cards/{lang}/{name}.png"

    def card(self, lang: str, name: str) -> None:
        """The page's social card: the title it shows, in its language and script, under the site's title."""
        from . import social_cards
        t = self.t(lang)
        if name in ("claims", "glossary", "search"):
            title = t(name)
        elif name in ("index", "about"):
            title = self.content.pages[(lang, "home" if name == "index" else "about")].title
        elif name.startswith("parallel-"):
            title = f"{self.content.sections[(lang, name.removeprefix('parallel-'))].title} ({t('side_by_side')})"
        else:
            title = self.content.sections[(lang, name)].title
        self.recorder.read("site")
        self.files[self.card_path(lang, name)] = social_cards.render(title, self.site.title[lang], lang)

    def own_card(self) -> None:
        """The content's own image (``social_card`` in site.yml), for every page."""
        self.recorder.read("site")
        self.recorder.read("social-card")
        assert self.options.content_dir is not None, "a build that reads the content's own card knows its folder"
        self.files[self.card_path(self.site.default_language, "index")] = \
            (self.options.content_dir / self.site.social_card).read_bytes()

    def static(self, name: str) -> None:
        self.recorder.read(f"static:{name}")
        self.files["favicon.svg" if name == "favicon.svg" else f"assets/{name}"] = (self.options.templates / "static" / name).read_bytes()

    # -- structured data ---------------------------------------------------------------

    def article_ld(self, lang: str) -> dict[str, Any]:
        site = self.site
        article: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Article", "headline": site.title[lang],
            "description": site.description[lang], "inLanguage": lang,
            "author": {"@type": "Organization", "name": site.author[lang]},
            "datePublished": site.checked, "dateModified": site.checked}
        if site.article:
            article["about"] = self.original_ld(lang)
        if site.base_url:  # schema.org wants absolute URLs; a relative-only site leaves them out
            article.update(url=absolute(site.base_url, page_path(lang, "index")),
                           image=absolute(site.base_url, self.card_path(lang, "index")))
        return article

    def original_ld(self, lang: str) -> dict[str, Any]:
        """The article the site explains, as schema.org sees it."""
        article = self.site.article
        return {"@type": "CreativeWork", "headline": article.title[lang],
                "publisher": {"@type": "Organization", "name": article.publisher}}

    def claims_ld(self, lang: str, claims: list[Claim]) -> list[dict[str, Any]]:
        ratings = {v: i for i, v in enumerate(reversed(VERDICTS[:4]), start=1)}
        t = self.t(lang)
        out = []
        for claim in claims:
            review: dict[str, Any] = {
                "@context": "https://schema.org", "@type": "ClaimReview", "inLanguage": lang,
                "claimReviewed": claim.claim[lang], "datePublished": self.site.checked,
                "author": {"@type": "Organization", "name": self.site.author[lang]},
                "itemReviewed": {"@type": "Claim", **({"appearance": self.original_ld(lang)} if self.site.article else {})},
                "reviewRating": {"@type": "Rating", "alternateName": t(verdict_key(claim.verdict))}}
            if claim.verdict in ratings:
                review["reviewRating"].update(ratingValue=ratings[claim.verdict], bestRating=4, worstRating=1)
            if self.site.base_url:
                review["url"] = absolute(self.site.base_url, f"{page_path(lang, 'claims')}#claim-{claim.id}")
            out.append(review)
        return out
