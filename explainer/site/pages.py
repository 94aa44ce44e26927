"""The registry of page types: every file of the site, as data.

A page type says which pages it has (from the content, per language or once for the
site), the template that lays them out, and the context that template gets. The build,
the navigation, ``serve``, the sitemap, the mkdocs preview and the print document all
derive their lists from ``PAGE_TYPES``; adding a page type is one entry here and one
template. Pages read the content only through the ``ContentView`` they are handed, so
a new page type is correct on cached rebuilds without saying what it reads.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, Callable, Iterable

from markdown_it.token import Token
from markupsafe import Markup, escape

from ..content.model import VERDICTS, Claim
from ..content.strings import verdict_key
from ..markdown.notes import Note, render_body
from .dates import written_date
from .typography import label
from .urls import absolute, card_path, feed_path, page_path, relative

if TYPE_CHECKING:
    from .render import SiteRenderer
    from ..incremental.tracking import ContentView

BLOCK_BREAK = "<!--block-->"
"""Splits one rendering into blocks for the parallel view; content can never produce it, as all content text is escaped."""
STATIC = ("site.css", "site.js", "print.css")


@dataclass(frozen=True)
class PageType:
    """One kind of file: which there are, and how each is made."""

    name: str
    """For a page type with one page per language, also its file name (``claims`` → ``en/claims.html``)."""
    pages: Callable[[ContentView], Iterable[tuple[str, Any]]]
    """(file name, what the page shows) of each page in one language, or each site-wide file's path."""
    make: Callable[[SiteRenderer, Page], Any]
    """The template's context (with ``title`` and ``description`` for a language page), or the bytes."""
    template: str | None = None
    per_language: bool = True
    label: str = ""
    """The interface string that names it in every page's navigation; "" when it is not listed there."""
    menu: bool = False
    """In the preview's navigation (sections, and the pages with a ``label``)."""
    preview: bool = True
    """Shown by the mkdocs preview (the theme brings its own search)."""
    heavy: bool = False
    """Lists everything (the claims page): rendered first when pages are shared between processes."""
    strings: tuple[str, ...] = ()
    """Interface strings its pages need beyond the ones every page needs (checked only if it has pages)."""
    chapter: bool = False
    """Also a chapter of the print document (``print_doc``), made from the same context with ``Page.for_print``."""
    title: Callable[[SiteRenderer, Page], str] | None = None
    """The text of the page's social card, without making the page; None: no card (site-wide files)."""
    card: Callable[[ContentView, Page], Page] | None = None
    """When pages share cards: the stand-in a page's card is drawn from (``title`` of it; its name names the
    card). None: each page has its own card, named like the page."""
    cards: Callable[[ContentView], Iterable[tuple[str, Any]]] = lambda view: ()
    """The shared cards this type draws in each language: (name, item) of their stand-ins."""


@dataclass(frozen=True)
class Page:
    type: PageType
    lang: str
    """"" for a site-wide file."""
    name: str
    item: Any = None
    for_print: bool = False
    """Made for the print document: links point inside it (``#section-ID``), not to other pages."""

    @functools.cached_property
    def out(self) -> str:
        """Its site-relative path (asked for often: a big site's rebuild looks up each of 20,000 pages a few times)."""
        return page_path(self.lang, self.name) if self.lang else self.name

    @property
    def document(self) -> str:
        """The section this page shows (section pages and side-by-side views), so they render together."""
        return self.item[1] if self.type.name == "section" else self.item if self.type.name == "parallel" else ""


def claim_name(cid: str) -> str:
    """The page name of a claim's permanent page: ``en/claims/<id>.html``."""
    return f"claims/{cid}"


def one(name: str) -> Callable[[ContentView], list[tuple[str, Any]]]:
    return lambda view: [(name, None)]


# -- language pages ------------------------------------------------------------------------


def home(r: SiteRenderer, page: Page) -> dict[str, Any]:
    lang, path, view = page.lang, page.out, r.content
    doc = view.pages[(lang, "home")]
    body, notes = r.doc_body(doc, path)
    figures = [{**f, "verdict": view.claims[f["claim"]].verdict if f["claim"] else "",
                "href": relative(path, f"{page_path(lang, 'claims')}#claim-{f['claim']}") if f["claim"] else ""}
               for f in doc.meta.get("key_figures", [])]
    sections = [{"href": relative(path, page_path(lang, sid)), "title": view.sections[(lang, sid)].title,
                 "description": view.sections[(lang, sid)].description} for sid in r.section_ids]
    return {"title": doc.title, "description": doc.description, "body": body, "notes": notes, "figures": figures,
            "term_defs": r.term_defs(doc, path), "sections": sections, "json_ld": article_ld(r, lang)}


def section(r: SiteRenderer, page: Page) -> dict[str, Any]:
    (index, sid), lang, path, view = page.item, page.lang, page.out, r.content
    doc = view.sections[(lang, sid)]
    body, notes = r.doc_body(doc, path)
    neighbours = {}
    for key, j in (("prev", index - 1), ("next", index + 1)):
        if 0 <= j < len(r.section_ids):
            other = r.section_ids[j]
            neighbours[key] = {"href": relative(path, page_path(lang, other)), "title": view.sections[(lang, other)].title}
    return {"title": doc.title, "description": doc.description, "body": body, "notes": notes,
            "neighbours": neighbours, "number": index + 1, "term_defs": r.term_defs(doc, path),
            "parallel_href": relative(path, page_path(lang, f"parallel-{sid}"))}


def parallel(r: SiteRenderer, page: Page) -> dict[str, Any]:
    """Every language's version of a section, block by block in aligned rows, for translators.

    Rows pair the n-th top-level block (paragraph, heading, list, figure) of each
    language; when the counts differ the page still renders and says so.
    """
    sid, lang, path, view = page.item, page.lang, page.out, r.content
    t = r.t(lang)
    doc = view.sections[(lang, sid)]
    columns = []
    for language in r.site.languages:
        other = view.sections[(language.code, sid)]
        columns.append({"code": language.code, "name": language.name, "title": other.title,
                        "href": relative(path, page_path(language.code, sid)), "blocks": blocks(r, other, path)})
    counts = [len(c["blocks"]) for c in columns]
    mismatch = "" if len(set(counts)) == 1 else t("paragraph_mismatch").replace(
        "{counts}", ", ".join(f"{c['name']} {n}" for c, n in zip(columns, counts)))
    return {"title": f"{doc.title} ({t('side_by_side')})", "description": doc.description, "columns": columns,
            "rows": list(zip_longest(*(c["blocks"] for c in columns))), "mismatch": mismatch,
            "section_href": relative(path, page_path(lang, sid))}


def blocks(r: SiteRenderer, doc: Any, path: str) -> list[Markup]:
    """``doc``'s top-level blocks rendered one by one for the page at ``path``.

    Ids are prefixed with the language so two columns never share one, and each
    note reference links to the note on the section's own page.
    """
    section_page = page_path(doc.lang, doc.id)

    def note_link(note: Note) -> str:
        href = escape(relative(path, f"{section_page}#fn-{note.number}"))
        return f'<sup class="note-ref"><a href="{href}">{note.number}</a></sup>'

    # Notes as links (print mode's note hook), but glossary links to the glossary page as on the web.
    ctx = dataclasses.replace(r.body_context(doc.lang, path, id_prefix=f"{doc.lang}-"), print_mode=True,
                              note_html=note_link)
    tokens = doc.tokens
    end = next((i for i, tok in enumerate(tokens) if tok.type == "footnote_block_open"), len(tokens))
    sequence: list[Token] = []
    start = depth = 0
    for i, tok in enumerate(tokens[:end]):
        depth += tok.nesting
        if depth:
            continue
        sequence += [prefixed(tok, f"{doc.lang}-") if tok.type == "heading_open" else tok for tok in tokens[start:i + 1]]
        sequence.append(Token("html_block", "", 0, content=BLOCK_BREAK))
        start = i + 1
    html, _ = render_body(r.md, sequence + tokens[end:], ctx)
    return [Markup(part) for part in str(html).split(BLOCK_BREAK)[:-1]]


def prefixed(heading: Token, prefix: str) -> Token:
    copy = heading.copy(attrs=dict(heading.attrs))  # Token.copy() shares attrs: the section page would get the prefix
    copy.attrSet("id", prefix + str(heading.attrGet("id") or ""))
    return copy


def timeline(r: SiteRenderer, page: Page) -> dict[str, Any]:
    """The dated events of ``timeline.yml``, each linked to its claims' own pages and the sections whose notes cite them."""
    lang, path, view = page.lang, page.out, r.content
    t = r.t(lang)
    ctx = r.body_context(lang, path, print_mode=page.for_print)
    cited = r.note_numbers(lang)

    def claim(cid: str) -> dict[str, Any]:
        record = view.claims[cid]
        notes = [{"href": f"#section-{sid}" if page.for_print else relative(path, f"{page_path(lang, sid)}#fn-{number}"),
                  "title": view.sections[(lang, sid)].title,
                  "label": "" if page.for_print else t("note_ref").replace("{n}", str(number))}
                 for sid, number in cited.get(cid, [])]
        return {"verdict": record.verdict, "text": record.claim[lang], "cited": notes,
                "href": "" if page.for_print else relative(path, page_path(lang, claim_name(cid)))}

    events = [{"date": event.date, "text": r.inline(event.text[lang], ctx), "claims": [claim(c) for c in event.claims]}
              for event in view.timeline]
    terms = r.definitions([tid for event in view.timeline for tid in r.glossary_links(event.text[lang])], lang, path)
    return {"title": t("timeline"), "description": t("timeline_intro"), "events": events, "term_defs": terms}


def claims(r: SiteRenderer, page: Page) -> dict[str, Any]:
    lang, path, view = page.lang, page.out, r.content
    t = r.t(lang)
    everything = list(view.claims.values())
    by_section: dict[str, list[Claim]] = {}
    for claim in everything:  # one pass: a section at a time over every claim would be N²
        by_section.setdefault(claim.section, []).append(claim)
    groups = [{"id": sid, "title": view.sections[(lang, sid)].title, "href": relative(path, page_path(lang, sid)),
               "claims": by_section[sid]} for sid in r.section_ids if sid in by_section]
    notes_at = {cid: {"href": relative(path, f"{page_path(lang, sid)}#fn-{number}"),
                      "title": view.sections[(lang, sid)].title, "label": t("note_ref").replace("{n}", str(number))}
                for cid, ((sid, number), *_) in r.note_numbers(lang).items()}
    return {"title": t("claims"), "description": t("claims_intro"), "groups": groups, "notes_at": notes_at,
            "counts": {v: sum(1 for c in everything if c.verdict == v) for v in VERDICTS},
            "json_ld": claims_ld(r, lang, everything)}


def claim_page(r: SiteRenderer, page: Page) -> dict[str, Any]:
    """One claim's permanent page, the one a reader shares: everything checked about it, where it is cited, its dates and log."""
    cid, lang, path, view = page.item, page.lang, page.out, r.content
    t = r.t(lang)
    claim = view.claims[cid]
    # Where its claim is cited (not ``note_numbers``, which looks up every cited claim): editing one claim leaves the others' pages be.
    notes = [{"href": relative(path, f"{page_path(lang, sid)}#fn-{number}"), "title": view.sections[(lang, sid)].title,
              "label": t("note_ref").replace("{n}", str(number))}
             for sid, number in view.sections.citations(lang, r.section_ids).get(cid, ())]
    section_title = view.sections[(lang, claim.section)].title
    figure = r.inline(claim.correct_figure[lang], r.body_context(lang, path)).striptags()  # inline Markdown, as text
    return {"title": claim.claim[lang], "description": f"{label(t(verdict_key(claim.verdict)), lang)}{figure}",
            "claim": claim, "cited": notes, "section": {"href": relative(path, page_path(lang, claim.section)),
                                                       "title": section_title},
            "claims_href": relative(path, f"{page_path(lang, 'claims')}#claim-{cid}"),
            "log": r.corrections(lang, path, cid), "json_ld": claims_ld(r, lang, [claim])}


def feed(r: SiteRenderer, page: Page) -> dict[str, Any]:
    """A language's corrections and updates log as an Atom feed (RFC 4287).

    With a base URL, ids and links are absolute URLs. Without one there is no address
    to name: ids are ``urn:uuid:`` names derived from the site's title, the language and
    the entry's date and place in the log (stable from build to build), and links are
    relative to the feed, which Atom resolves against the feed's own address.
    """
    lang, path, site = page.item, page.out, r.site
    t = r.t(lang)
    about = page_path(lang, "about")

    def iri(target: str, name: str) -> str:
        if site.base_url:
            return absolute(site.base_url, target)
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{site.title[site.default_language]}:{lang}:{name}"))

    entries = [{**entry, "id": iri(f"{about}#{entry['anchor']}", entry["anchor"]),
                "title": t("updated_on").replace("{date}", written_date(entry["date"], t)),
                "link": absolute(site.base_url, f"{about}#{entry['anchor']}") if site.base_url
                else relative(path, f"{about}#{entry['anchor']}"),
                "html": str(entry["html"]) + "".join(f'<p><a href="{escape(c["abs"])}">{escape(c["text"])}</a></p>'
                                                     for c in entry["claims"])}
               for entry in r.corrections(lang, path)]
    return {"lang": lang, "id": iri(path, "feed"), "title": label(site.title[lang], lang) + t("corrections"),
            "subtitle": t("corrections_intro"), "author": site.author[lang],
            "updated": max(e["date"] for e in entries), "entries": entries,
            "self_href": absolute(site.base_url, path) if site.base_url else "",
            "home": absolute(site.base_url, about) if site.base_url else relative(path, about)}


def glossary(r: SiteRenderer, page: Page) -> dict[str, Any]:
    t = r.t(page.lang)
    return {"title": t("glossary"), "description": t("glossary_intro"), "terms": list(r.content.terms.values())}


def about(r: SiteRenderer, page: Page) -> dict[str, Any]:
    doc = r.content.pages[(page.lang, "about")]
    body, notes = r.doc_body(doc, page.out)
    return {"title": doc.title, "description": doc.description, "body": body, "notes": notes,
            "term_defs": r.term_defs(doc, page.out), "log": r.corrections(page.lang, page.out)}


def search(r: SiteRenderer, page: Page) -> dict[str, Any]:
    return {"title": r.t(page.lang)("search"), "description": r.site.description[page.lang]}


# -- site-wide files -------------------------------------------------------------------------


def sitemap(r: SiteRenderer, page: Page) -> dict[str, Any]:
    """Every HTML page but the 404; which pages exist follows from the page types."""
    site = r.site
    pages = sorted(p.out for p in r.pages() if p.out.endswith(".html") and p.out != "404.html")
    return {"site": site, "pages": pages, "date": r.content.option("build_date"),
            "absolute": lambda p: absolute(site.base_url, p)}


def card_drawn(view: ContentView, page: Page) -> Page:
    """What the card ``page`` shows is drawn from: the page itself, or a stand-in for a shared card; its name
    names the card (``urls.card_path``)."""
    return page.type.card(view, page) if page.type.card else page


def cards(view: ContentView) -> list[tuple[str, Any]]:
    """The link-preview images, or the content's own one; only with a base URL, since a link preview
    needs the image's absolute URL.

    Listed without reading what the pages show (a big site's rebuild lists 14,000 pages): a type's own
    cards by its pages, its shared ones by ``cards``; a type whose pages show another type's draws none.
    """
    site = view.site
    if not site.base_url:
        return []
    if site.social_card:
        return [(card_path(site, site.default_language, "index"), None)]
    return [(card_path(site, lang, name), Page(kind, lang, name, item))
            for kind in PAGE_TYPES if kind.title for lang in view.codes
            for name, item in (kind.cards(view) if kind.card else kind.pages(view))]


def card(r: SiteRenderer, page: Page) -> bytes:
    """A social card: its text, in its language and script, under the site's title; or the content's image."""
    if page.item is None:
        return r.content.content_file(r.site.social_card)
    from . import social_cards

    shown: Page = page.item
    assert shown.type.title is not None
    return social_cards.render(shown.type.title(r, shown), r.site.title[shown.lang], shown.lang)


def verdict_stand_in(page: Page, verdict: str) -> Page:
    """The stand-in a claim page's card is drawn from: the card of its verdict (``verdict_card``)."""
    return Page(page.type, page.lang, f"verdicts/{verdict}", verdict)


def verdict_card(r: SiteRenderer, page: Page) -> str:
    """The card of claims with the verdict ``page.item`` (the claim itself is the preview's title beside it).

    A card of each claim's own words would be one drawing per claim and language (12,000 at the benchmark's
    500 sections: most of its build), for text the link preview already shows as its title.
    """
    t = r.t(page.lang)
    return label(t("claim_checked"), page.lang) + t(verdict_key(page.item))


def doc_title(kind: str, ident: str = "") -> Callable[[SiteRenderer, Page], str]:
    """The title of the page's document: a section (by the page's own id) or the page ``ident``."""
    if kind == "page":
        return lambda r, page: r.content.pages[(page.lang, ident)].title
    return lambda r, page: r.content.sections[(page.lang, page.document)].title


def string_title(key: str) -> Callable[[SiteRenderer, Page], str]:
    return lambda r, page: r.t(page.lang)(key)


def robots(r: SiteRenderer, page: Page) -> bytes:
    base_url = r.site.base_url
    return ("User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")).encode()


def headers(r: SiteRenderer, page: Page) -> bytes:
    from .render import HEADERS
    return HEADERS.encode()


def static(r: SiteRenderer, page: Page) -> bytes:
    return r.content.static(page.item)


# -- structured data -------------------------------------------------------------------------


def article_ld(r: SiteRenderer, lang: str) -> dict[str, Any]:
    site = r.site
    article: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Article", "headline": site.title[lang],
        "description": site.description[lang], "inLanguage": lang,
        "author": {"@type": "Organization", "name": site.author[lang]},
        "datePublished": site.checked, "dateModified": site.checked}
    if site.article:
        article["about"] = original_ld(r, lang)
    if site.base_url:  # schema.org wants absolute URLs; a relative-only site leaves them out
        article.update(url=absolute(site.base_url, page_path(lang, "index")),
                       image=absolute(site.base_url, card_path(site, lang, "index")))
    return article


def original_ld(r: SiteRenderer, lang: str) -> dict[str, Any]:
    """The article the site explains, as schema.org sees it."""
    article = r.site.article
    return {"@type": "CreativeWork", "headline": article.title[lang],
            "publisher": {"@type": "Organization", "name": article.publisher}}


def claims_ld(r: SiteRenderer, lang: str, claims: list[Claim]) -> list[dict[str, Any]]:
    ratings = {v: i for i, v in enumerate(reversed(VERDICTS[:4]), start=1)}
    site, t = r.site, r.t(lang)
    out = []
    for claim in claims:
        review: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "ClaimReview", "inLanguage": lang,
            "claimReviewed": claim.claim[lang],
            "datePublished": claim.published_on(site), "dateModified": claim.checked_on(site),
            "author": {"@type": "Organization", "name": site.author[lang]},
            "itemReviewed": {"@type": "Claim", **({"appearance": original_ld(r, lang)} if site.article else {})},
            "reviewRating": {"@type": "Rating", "alternateName": t(verdict_key(claim.verdict))}}
        if claim.verdict in ratings:
            review["reviewRating"].update(ratingValue=ratings[claim.verdict], bestRating=4, worstRating=1)
        if site.base_url:
            review["url"] = absolute(site.base_url, page_path(lang, claim_name(claim.id)))
        out.append(review)
    return out


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", one("index"), home, "home.html", menu=True, title=doc_title("page", "home")),
    PageType("section", lambda view: [(sid, (i, sid)) for i, sid in enumerate(view.section_ids())], section,
             "section.html", menu=True, title=doc_title("section")),
    PageType("parallel", lambda view: [(f"parallel-{sid}", sid) for sid in view.section_ids()], parallel,
             "parallel.html", title=doc_title("section"), card=lambda view, page: dataclasses.replace(page, name=page.item)),
    PageType("timeline", lambda view: [("timeline", None)] if view.has("timeline") else [], timeline,
             "timeline.html", label="timeline", menu=True, chapter=True, title=string_title("timeline"),
             strings=("timeline", "timeline_intro", "timeline_claims")),
    PageType("claims", one("claims"), claims, "claims.html", label="claims", menu=True, heavy=True,
             title=string_title("claims")),
    PageType("claim", lambda view: [(claim_name(cid), cid) for cid in view.claims], claim_page, "claim.html",
             title=verdict_card, card=lambda view, page: verdict_stand_in(page, view.claims[page.item].verdict),
             cards=lambda view: [(f"verdicts/{verdict}", verdict) for verdict in VERDICTS] if view.claims else []),
    PageType("glossary", one("glossary"), glossary, "glossary.html", label="glossary", menu=True,
             title=string_title("glossary")),
    PageType("about", one("about"), about, "about.html", label="about", menu=True, title=doc_title("page", "about")),
    PageType("search", one("search"), search, "search.html", preview=False, title=string_title("search")),
    PageType("root", one("index.html"), lambda r, page: r.root_context(), "root.html", per_language=False),
    PageType("not-found", one("404.html"), lambda r, page: r.root_context(), "404.html", per_language=False),
    PageType("sitemap", one("sitemap.xml"), sitemap, "sitemap.xml", per_language=False),
    PageType("feed", lambda view: [(feed_path(code), code) for code in view.codes] if view.has("corrections") else [],
             feed, "feed.xml", per_language=False),
    PageType("robots", one("robots.txt"), robots, per_language=False),
    PageType("headers", one("_headers"), headers, per_language=False),
    PageType("static", lambda view: [("favicon.svg", "favicon.svg"), *((f"assets/{n}", n) for n in STATIC)], static,
             per_language=False),
    PageType("card", cards, card, per_language=False),
)
"""Every page type, in the order of the navigation and the preview's menu."""
