"""The one Markdown dialect: safe CommonMark with footnotes, tables and ``lang`` spans.

Raw HTML is off (it is shown as text), only http(s), mailto and our own ``glossary:``
and ``chart:`` links survive, and attribute spans may only set ``lang``. Footnote
references ``[^label]`` always parse: a label the file defines is an author's
footnote, any other label names a claim in the registry. Parsing (here) and
resolving against the registries (``notes``/``pages``) are kept apart so that
validation can look at every reference before anything renders.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from ..content.model import Ref
from .citations import strip_no_cite

ALLOWED_SCHEMES = ("http", "https", "mailto", "glossary", "chart")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.I)
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[\s_]+")
_PLAIN_REF = re.compile(r"\[\^[A-Za-z0-9_-]+\]")


class SafeMarkdown(MarkdownIt):
    """CommonMark with the plugins we use and a strict link policy.

    Refused link targets are remembered in ``refused`` so validation can report them
    with a line; the renderer never sees them (they stay plain text).
    """

    def __init__(self, footnotes: bool = True) -> None:
        super().__init__("commonmark", {"html": False, "linkify": False, "typographer": False})
        self.enable(["table", "strikethrough"])
        if footnotes:  # registry text (claim notes, definitions) may not nest footnotes
            self.use(footnote_plugin, inline=False, always_match_refs=True)
        self.use(attrs_plugin, spans=True, allowed=["lang"])
        if footnotes:
            self.inline.ruler.before("link", "plain_footnote_ref", _plain_footnote_ref)
        self.core.ruler.after("block", "defined_footnotes", _remember_definitions)
        self.core.ruler.after("block", "no_cite", strip_no_cite)  # the citation lint's marker never renders
        self.core.ruler.push("heading_ids", _heading_ids)
        self.block.tokenize = _noting_lost_nesting(self.block.tokenize)  # type: ignore[method-assign]
        self.refused: list[str] = []

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        """``//host/…`` gets ``https:``: left protocol-relative, it would take its scheme from
        wherever the page is opened, ``file://host/…`` from disk or in the PDF."""
        return super().normalizeLink("https:" + url if url.startswith("//") else url)

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace()).lower()
        match = _SCHEME.match(cleaned)
        if match is None or match.group(1) in ALLOWED_SCHEMES:
            return True
        self.refused.append(url)
        return False


def slugify(text: str) -> str:
    """A readable anchor that keeps Japanese text (``電力と家庭``), unlike ``_1``."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _NOT_SLUG.sub("", text)
    return _SLUG_GAPS.sub("-", text).strip("-") or "section"


def _plain_footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]`` that can only be a footnote reference, taken before ``link`` and ``span`` try it.

    A shortcut, not a new rule: for such a reference, ``link`` and ``span`` each scan
    the label token by token and fail, and ``footnote_ref`` (later in the chain) takes
    it; here it is taken at once, with the same tokens. It applies only when neither
    could succeed: the label is letters, digits, ``_`` and ``-`` (nothing an inline
    rule could stretch past the ``]``), what follows is not ``(`` (a link) or ``{``
    (attributes), and the file defines no link references (``[^x][ref]`` could be one).
    Everything else goes down the usual chain.
    """
    pos = state.pos
    src = state.src
    if src[pos] != "[" or src[pos + 1:pos + 2] != "^" or "references" in state.env:
        return False
    match = _PLAIN_REF.match(src, pos, state.posMax)
    if match is None:
        return False
    end = match.end()
    if end < state.posMax and src[end] in "({":
        return False
    return footnote_ref(state, silent, always_match=True)


def _noting_lost_nesting(tokenize: Callable[[StateBlock, int, int], None]) -> Callable[[StateBlock, int, int], None]:
    """markdown-it silently drops every line nested deeper than ``maxNesting``: note where.

    Its block tokenizer gives up on a whole range when the level is too deep; the
    first non-blank line of that range goes to ``env["too_deep"]`` so the loader can
    report it instead of publishing a page with the rest of the file missing.
    """
    def tokenize_noting(state: StateBlock, start: int, end: int) -> None:
        line = state.skipEmptyLines(start)
        if state.level >= state.md.options.maxNesting and line < end and state.sCount[line] >= state.blkIndent:
            state.env.setdefault("too_deep", []).append(line)
        tokenize(state, start, end)
    return tokenize_noting


def _remember_definitions(state) -> None:  # type: ignore[no-untyped-def]
    """After block parsing, before inline: the footnote labels the file itself defines."""
    refs = state.env.get("footnotes", {}).get("refs", {})
    state.env["defined_footnotes"] = {label[1:] for label in refs}


def _heading_ids(state) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, int] = {}
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            base = slugify(tokens[i + 1].content)
            n = seen.get(base, 0)
            seen[base] = n + 1
            tok.attrSet("id", base if n == 0 else f"{base}-{n + 1}")


@dataclass
class Parsed:
    """A Markdown body as tokens, with everything it points at and where."""

    tokens: list[Token]
    refs: list[Ref]
    refused_links: list[tuple[str, int]] = field(default_factory=list)
    bad_langs: list[tuple[str, int]] = field(default_factory=list)
    defined_footnotes: set[str] = field(default_factory=set)
    too_deep: list[int] = field(default_factory=list)
    """File lines where nesting went past markdown-it's limit (the rest would be lost)."""


def parse(md: SafeMarkdown, body: str, first_line: int) -> Parsed:
    """Tokenise ``body``; ``first_line`` is the file line the body starts on."""
    md.refused = []
    env: dict = {}
    tokens = md.parse(body, env)
    defined = env.get("defined_footnotes", set())
    parsed = Parsed(tokens=tokens, refs=[], defined_footnotes=defined,
                    too_deep=[first_line + line for line in env.get("too_deep", [])])
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        start = (tok.map[0] if tok.map else 0) + first_line
        cursor = 0

        def line_of(needle: str) -> int:
            """The line of the next occurrence of ``needle`` in this paragraph."""
            nonlocal cursor
            at = tok.content.find(needle, cursor)
            if at < 0:
                return start + tok.content.count("\n", 0, cursor)
            cursor = at
            return start + tok.content.count("\n", 0, at)

        for child in tok.children:
            if child.type == "footnote_ref":
                label = child.meta["label"]
                kind = "footnote" if label in defined else "claim"
                parsed.refs.append(Ref(kind, label, line_of(f"[^{label}]")))
            elif child.type in ("link_open", "image"):
                href = str(child.attrGet("href") or child.attrGet("src") or "")
                for scheme in ("glossary", "chart"):
                    if href.startswith(scheme + ":"):
                        parsed.refs.append(Ref(scheme, href[len(scheme) + 1:], line_of(href)))
            elif child.type == "span_open":
                lang = str(child.attrGet("lang") or "")
                if not _LANG_CODE.match(lang):
                    parsed.bad_langs.append((lang, line_of("{")))
    lines = body.split("\n") if md.refused else []
    for url in dict.fromkeys(md.refused):
        line = next((n for n, text in enumerate(lines) if url in text), 0)
        parsed.refused_links.append((url, first_line + line))
    return parsed
