"""Render one parsed Markdown body for one page: numbered notes, resolved links, charts.

Notes are numbered per page in order of first reference; author footnotes and claim
notes share the numbering. Each note has one back-link, to its first reference (one
per reference would let a page citing a claim a million times list a million). On the
web the notes are listed after the text (the template draws them); in print each
reference carries its note inline, for CSS ``float: footnote`` to place at the foot
of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from markdown_it.token import Token
from markupsafe import Markup, escape

from ..content.model import Chart, Claim
from .dialect import SafeMarkdown


@dataclass
class Note:
    number: int
    label: str
    claim: Claim | None
    html: Markup
    """The author's own footnote text, rendered; empty for claim notes."""


@dataclass
class BodyContext:
    """What the render rules need to know about the page being rendered."""

    claims: dict[str, Claim]
    charts: dict[str, Chart]
    glossary_href: Callable[[str], str]
    chart_html: Callable[[Chart, str], str]
    note_label: Callable[[int], str]
    print_mode: bool = False
    note_html: Callable[[Note], str] | None = None
    link_href: Callable[[str], str | None] | None = None
    """Where each plain link points in this rendering, or None for plain text (the PDF's rule; the web keeps hrefs)."""
    notes: dict[int, Note] = field(default_factory=dict)


def render_body(md: SafeMarkdown, tokens: list[Token], ctx: BodyContext) -> tuple[Markup, list[Note]]:
    """Return the body's HTML (without the notes list) and its notes in order."""
    end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
    ctx.notes = _collect_notes(md, tokens[end:], ctx)
    _unwrap_charts(tokens[:end])
    html = md.renderer.render(tokens[:end], md.options, {"page": ctx})
    return Markup(html), list(ctx.notes.values())


def _collect_notes(md: SafeMarkdown, tail: list[Token], ctx: BodyContext) -> dict[int, Note]:
    notes: dict[int, Note] = {}
    i = 0
    while i < len(tail):
        tok = tail[i]
        if tok.type == "footnote_open":
            inner = []
            i += 1
            while tail[i].type != "footnote_close":
                if tail[i].type != "footnote_anchor":
                    inner.append(tail[i])
                i += 1
            label = tok.meta["label"]
            number = tok.meta["id"] + 1
            claim = None if inner else ctx.claims.get(label)
            html = Markup(md.renderer.render(inner, md.options, {"page": ctx})) if inner else Markup("")
            notes[number] = Note(number, label, claim, html)
        i += 1
    return notes


def note_labels(tokens: list[Token]) -> tuple[str, ...]:
    """Each note's footnote label, in note-number order (markdown-it numbers notes by first reference)."""
    labels: dict[int, str] = {}
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "footnote_ref":
                labels.setdefault(child.meta["id"], child.meta["label"])
    return tuple(labels[i] for i in sorted(labels))


def _unwrap_charts(tokens: list[Token]) -> None:
    """A chart alone in a paragraph becomes a figure, not a figure inside <p>."""
    for i in range(len(tokens) - 2):
        opening, inline = tokens[i], tokens[i + 1]
        if opening.type == "paragraph_open" and inline.children and len(inline.children) == 1:
            child = inline.children[0]
            if child.type == "image" and str(child.attrGet("src") or "").startswith("chart:"):
                opening.hidden = tokens[i + 2].hidden = True


def _footnote_ref(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    ctx: BodyContext = env["page"]
    meta = tokens[idx].meta
    number, sub = meta["id"] + 1, meta["subId"]
    note = ctx.notes.get(number)
    if ctx.print_mode and ctx.note_html is not None and note is not None:
        return ctx.note_html(note)
    label = escape(ctx.note_label(number))
    # The note's one back-link leads to the first reference; later ones need no id.
    anchor = f' id="fnref-{number}"' if sub == 0 else ""
    return (f'<sup class="note-ref"><a{anchor} href="#fn-{number}" role="doc-noteref" '
            f'aria-label="{label}" data-note="{number}">{number}</a></sup>')


def _link_open(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    ctx: BodyContext = env["page"]
    tok = tokens[idx]
    href = str(tok.attrGet("href") or "")
    if href.startswith("glossary:"):
        term = href[len("glossary:"):]
        # A copy: the same tokens render on other pages (the side-by-side view, the PDF), each with its own link.
        tok = tok.copy(attrs={**tok.attrs, "href": ctx.glossary_href(term), "class": "term", "data-term": term})
        return self.renderToken([tok], 0, options, env)
    if ctx.link_href is not None:
        target = ctx.link_href(href)
        env["unlinked"] = target is None
        if target is None:
            return ""
        tok = tok.copy(attrs={**tok.attrs, "href": target})
        return self.renderToken([tok], 0, options, env)
    return self.renderToken(tokens, idx, options, env)


def _link_close(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    """Closes the link ``_link_open`` opened; nothing when it printed the text unlinked (links never nest)."""
    return "" if env.pop("unlinked", False) else self.renderToken(tokens, idx, options, env)


def _image(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    ctx: BodyContext = env["page"]
    tok = tokens[idx]
    src = str(tok.attrGet("src") or "")
    if src.startswith("chart:") and src[len("chart:"):] in ctx.charts:
        alt = self.renderInlineAsText(tok.children or [], options, env)
        return ctx.chart_html(ctx.charts[src[len("chart:"):]], alt)
    return self.image(tokens, idx, options, env)


def install_render_rules(md: SafeMarkdown) -> SafeMarkdown:
    md.add_render_rule("footnote_ref", _footnote_ref)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("image", _image)
    return md


def render_inline(md: SafeMarkdown, text: str, ctx: BodyContext) -> Markup:
    """Registry text (claim notes, definitions): inline Markdown, same safety rules.

    ``md`` is built with ``footnotes=False``, so ``[^x]`` stays text here.
    """
    return Markup(md.renderInline(text, {"page": ctx}))
