"""One language's whole explainer as a single HTML document, laid out for paged media.

The web pages split the explainer over many files and list each page's notes after
its text; a printed book needs everything in one flow, with every link pointing inside
the document (or to the public site: ``print_links``). A claim's note is split as books split it: a short footnote where it is
cited (CSS ``float: footnote``: verdict, claim, correct figure, "Sources: Note 3"), and
the long part (context, every source with its URL) in the chapter's numbered notes at
its end. Short footnotes fit on the page of their call, so the book is laid out once as
a rule and no paragraph is pushed to the next page to make room for its note.
This module only assembles that HTML; ``pdf`` turns it into bytes.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from markupsafe import Markup

from ..content.model import Doc
from ..content.strings import verdict_key
from ..markdown.notes import Note, render_body
from .print_links import PrintLinks, check_links, web_path
from .render import SiteRenderer, main_of
from .writing_systems import foreign_lang, script_of_text

_PARAGRAPH = re.compile(r"</?p>")
_HEADING_ID = re.compile(r'(<h[1-6] id=")')
_ID = re.compile(r'\b(id|aria-labelledby)="')


@dataclass(frozen=True)
class Part:
    """A chapter of the printed document: the home lede, a section, or the about page."""

    id: str
    title: str
    description: str
    body: Markup
    notes: list[Note] = field(default_factory=list)
    """The claim notes it cites, each once, in order: its numbered notes at the chapter's end."""


def sentence(text: str) -> str:
    """``text`` ending with a full stop, in its own script: the footnote runs on after the claim."""
    text = text.rstrip()
    if not text or text[-1] in ".!?。！？」』）)\"'”’":
        return text
    return text + ("。" if script_of_text(text[-1]) == "cjk" else ".")


def note_anchor(part: str, number: int) -> str:
    """The id of a chapter's numbered note, the target of every footnote that cites it."""
    return f"note-{part}-{number}"


class PrintDocument:
    """Renders the print HTML for one language with the site's own Markdown rules."""

    def __init__(self, renderer: SiteRenderer, lang: str):
        self.renderer, self.lang = renderer, lang
        self.t = renderer.t(lang)
        self.note_template = renderer.env.get_template("print_note.html")
        content = renderer.content
        self.docs = {"intro": content.pages[(lang, "home")],
                     **{f"section-{sid}": content.sections[(lang, sid)] for sid in renderer.section_ids},
                     "about": content.pages[(lang, "about")]}
        """Every printed Markdown file by the id of its part, in reading order."""
        self.links = PrintLinks(content, lang, [(doc, part) for part, doc in self.docs.items()])
        self.inline_ctx = dataclasses.replace(
            renderer.body_context(lang, "print.html", print_mode=True),
            link_href=partial(self.links.href, web_path(self.docs["intro"])))
        """For registry text (notes, definitions): glossary links point inside the document, other
        links are read as written on a page of the language's folder."""
        self.references = 0
        """How many note calls (footnotes) the document has; each gets one footnote body."""

    def note_writer(self, part: str, notes: list[Note]) -> Callable[[Note], str]:
        """The callback that turns each ``[^ref]`` into its footnote body, in place.

        Each claim note cited is appended to ``notes`` the first time, for the chapter's
        numbered notes. A note cited twice repeats only its verdict and figure.
        """
        cited: dict[int, int] = {}

        def write(note: Note) -> str:
            self.references += 1
            cited[note.number] = cited.get(note.number, 0) + 1
            first = cited[note.number] == 1
            if first and note.claim:
                notes.append(note)
            author_html = Markup(_PARAGRAPH.sub("", str(note.html))) if not note.claim else Markup("")
            # Every footnote has an id, repeats too: pdf.py finds a stranded note by it.
            ident = f"fn-{part}-{note.number}" + ("" if first else f"-{cited[note.number]}")
            return self.note_template.render(
                note=note, claim=note.claim, first=first, id=ident,
                note_href="#" + note_anchor(part, note.number), lang=self.lang, t=self.t,
                author_html=author_html, inline=self.inline, verdict_label=self.verdict_label, sentence=sentence)
        return write

    def inline(self, text: str) -> Markup:
        return self.renderer.inline(text, self.inline_ctx)

    def verdict_label(self, verdict: str) -> str:
        return self.t(verdict_key(verdict))

    def part(self, doc: Doc, part_id: str) -> Part:
        """Render one Markdown file in print mode: notes inline, glossary links to ``#term-…``."""
        notes: list[Note] = []
        ctx = dataclasses.replace(self.renderer.body_context(self.lang, "print.html", print_mode=True,
                                                             note_html=self.note_writer(part_id, notes)),
                                  link_href=partial(self.links.href, web_path(doc)))
        body, _ = render_body(self.renderer.md, doc.tokens, ctx)
        # Heading ids are unique per web page; in one book two sections may both have "Why it matters".
        body = Markup(_HEADING_ID.sub(rf"\1{part_id}-", str(body)))
        return Part(part_id, doc.title, doc.description, body, notes)

    def chapters(self) -> list[Part]:
        """The page types that are also chapters (``PageType.chapter``): each page's main content, made for print."""
        found = []
        for page in self.renderer.pages():
            if page.lang == self.lang and page.type.chapter:
                data, context = self.renderer.render_page(dataclasses.replace(page, for_print=True))
                assert context is not None
                part_id = f"chapter-{page.name}"
                body = _ID.sub(rf'\1="{part_id}-', main_of(data.decode("utf-8")))
                found.append(Part(part_id, context["title"], context["description"], Markup(body)))
        return found

    def html(self) -> str:
        """The complete document, ready for WeasyPrint."""
        content, lang = self.renderer.content, self.lang
        home = self.docs["intro"]
        parts = {part_id: self.part(doc, part_id) for part_id, doc in self.docs.items()}
        intro, about = parts.pop("intro"), parts.pop("about")
        sections = list(parts.values())
        figures = [{"value": f["value"], "label": f["label"],
                    "verdict": content.claims[f["claim"]].verdict if f.get("claim") else ""}
                   for f in home.meta.get("key_figures", [])]
        html = self.renderer.env.get_template("print.html").render(
            lang=lang, t=self.t, site=self.renderer.site, intro=intro, figures=figures, sections=sections,
            chapters=self.chapters(), about=about, terms=list(content.terms.values()), note_anchor=note_anchor,
            inline=self.inline, verdict_label=self.verdict_label,
            lang_of=lambda text, hint="": foreign_lang(text or "", lang, content.site.codes, hint))
        check_links(html)
        return html
