"""The one Markdown dialect: safe CommonMark with footnotes, tables and ``lang`` spans.

Raw HTML is off (it is shown as text), only http(s), mailto and our own ``glossary:``
and ``chart:`` links survive, and attribute spans may only set ``lang``. Footnote
references ``[^label]`` always parse: a label the file defines is an author's
footnote, any other label names a claim in the registry. Parsing (here) and
resolving against the registries (``notes``/``pages``) are kept apart so that
validation can look at every reference before anything renders.

Every command parses every file, so parsing must take time linear in the input,
whatever the input (``tests/test_pathological.py``): no rule may rescan the rest of a
line at each of its characters, and nothing searches the text again to find a line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from ..content.model import Ref
from .citations import strip_no_cite

ALLOWED_SCHEMES = ("http", "https", "mailto", "glossary", "chart")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_LITERAL_LANG = re.compile(r"\{lang=([^}]*)\}?")
_REMOTE = re.compile(r"^(?!chart:)([a-z][a-z0-9+.\-]*:|//)", re.I)
"""An image source that is not a file of the site: any scheme but ``chart:``, or ``//host``."""
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.I)
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[\s_]+")
_PLAIN_REF = re.compile(r"\[\^[A-Za-z0-9_-]+\]")
_REF = re.compile(r"\[\^[^ \n\[\]]+\]")


class SafeMarkdown(MarkdownIt):
    """CommonMark with the plugins we use and a strict link policy.

    Refused link targets are remembered in ``refused`` so validation can report them
    with a line; the renderer never sees them (they stay plain text).
    """

    def __init__(self, footnotes: bool = True) -> None:
        super().__init__("commonmark", {"html": False, "linkify": False, "typographer": False})
        self.enable(["table", "strikethrough"])
        if footnotes:  # registry text (claim notes, definitions) may not nest footnotes
            self.use(footnote_plugin, inline=False)
            self.inline.ruler.at("footnote_ref", _footnote_ref)
            self.core.ruler.after("footnote_tail", "one_backlink", _one_backlink_per_note)
        self.inline.ruler.after("link", "span", _lang_span)
        self.inline.ruler.push("attr", _lang_attribute)
        if footnotes:
            self.inline.ruler.before("link", "plain_footnote_ref", _plain_footnote_ref)
        self.core.ruler.after("block", "defined_footnotes", _remember_definitions)
        self.core.ruler.after("block", "no_cite", strip_no_cite)  # the citation lint's marker never renders
        self.core.ruler.push("heading_ids", _heading_ids)
        self.block.tokenize = _noting_lost_nesting(self.block.tokenize)  # type: ignore[method-assign]
        for name in _LOCATED_RULES:
            _wrap(self.inline.ruler, name, lambda rule: _locating(self, rule))
        _wrap(self.block.ruler, "reference", lambda rule: _locating_definitions(self, rule))
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


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]`` for any label, defined in the file or not, in time linear in the input.

    The plugin's own rule (``always_match_refs``) looks for the closing ``]`` up to
    the end of the line, stopping only at a space: on a line of k ``[^`` it scans
    O(k) characters at each of the k openings, O(k²) in all (40 KB took 82 s). Here a
    label also stops at ``[``, so each scan ends at the next opening and the scans
    never overlap. A label therefore cannot contain ``[``, like a CommonMark link label;
    once the label is known to close, the plugin's rule makes the token as before.
    """
    if _REF.match(state.src, state.pos, state.posMax) is None:
        return False
    return footnote_ref(state, silent, always_match=True)


ATTRIBUTES_WINDOW = 256
"""Longest ``{…}`` attribute block read; a longer one stays text (and ``parse`` reports a literal ``{lang=``)."""
_ATTRIBUTES_AFTER = ("image", "code_inline", "link_close", "span_close")


def _attributes(state: StateInline, start: int) -> tuple[int, dict[str, str]] | None:
    """The attribute block ``{…}`` at ``start``: (offset past its ``}``, its ``lang`` if any), or None.

    mdit-py-plugins' attrs rules hand the parser ``src[start:]``, a copy of the whole
    rest of the input, at every attempt: a line of ``[a]{`` or ``[a]{}`` made that
    quadratic. Here the parser sees at most ``ATTRIBUTES_WINDOW`` characters.
    """
    if start >= state.posMax or state.src[start] != "{":
        return None
    try:
        end, found = parse_attributes(state.src[start:min(start + ATTRIBUTES_WINDOW, state.posMax)])
    except ParseError:
        return None
    return start + end + 1, {key: value for key, value in found.items() if key == "lang"}


def _lang_span(state: StateInline, silent: bool) -> bool:
    """``[text]{lang=en}``: the attrs plugin's span, allowing only ``lang``, in linear time."""
    if state.src[state.pos] != "[":
        return False
    maximum = state.posMax
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, False)
    found = _attributes(state, label_end + 1) if label_end >= 0 else None
    if found is None:
        return False
    if not silent:
        state.pos, state.posMax = state.pos + 1, label_end
        state.push("span_open", "span", 1).attrs.update(found[1])
        state.md.inline.tokenize(state)
        state.push("span_close", "span", -1)
    state.pos, state.posMax = found[0], maximum
    return True


def _lang_attribute(state: StateInline, silent: bool) -> bool:
    """``![x](chart:a){lang=en}``, ```code`{lang=en}``: ``lang`` for the element just before, as the attrs plugin."""
    if state.src[state.pos] != "{" or not state.tokens or state.tokens[-1].type not in _ATTRIBUTES_AFTER or state.pending:
        return False
    found = _attributes(state, state.pos)
    if found is None:
        return False
    index = len(state.tokens) - 1
    if state.tokens[index].nesting == -1:  # a closing token: the attributes go on its opening
        level = -1
        while level:
            index -= 1
            level += state.tokens[index].nesting
    state.pos = found[0]
    if not silent:
        state.tokens[index].attrs.update(found[1])
    return True


def _one_backlink_per_note(state) -> None:  # type: ignore[no-untyped-def]
    """Keep one ``footnote_anchor`` (back-link) per note, to its first reference.

    The plugin adds one per reference: a page citing one claim a million times would
    list a million back-links under the note (5 MB of Markdown became 386 MB of HTML).
    Later references still link to the note; the way back leads to the first.
    """
    state.tokens = [tok for tok in state.tokens if tok.type != "footnote_anchor" or tok.meta["subId"] == 0]


_LOCATED_RULES = ("plain_footnote_ref", "link", "span", "image", "footnote_ref", "autolink", "attr")
"""The inline rules whose tokens ``parse`` reports on, or that may refuse a link (those enabled)."""


def _wrap(ruler: Ruler, name: str, wrap: Callable[[Callable], Callable]) -> None:  # type: ignore[type-arg]
    """Replace rule ``name`` (if the parser has it) by ``wrap(rule)``, keeping its place and ``alt`` chains."""
    rule = next((r for r in ruler.__rules__ if r.name == name), None)
    if rule is not None:
        ruler.at(name, wrap(rule.fn), {"alt": list(rule.alt)})


def _locating(md: SafeMarkdown, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule to note where its token starts and where it refused a link.

    markdown-it's inline tokens carry no position; finding a reference again by
    searching the paragraph for its text is quadratic (one search per reference, and
    a target written with escapes or entities is not in the text at all). The offset
    goes to the token's ``meta["pos"]``; a refused link goes to ``env["refused_at"]``
    with the text it was found in.
    """
    def located(state: StateInline, silent: bool) -> bool:
        pos, count, refused = state.pos, len(state.tokens), len(md.refused)
        matched = rule(state, silent)
        for url in md.refused[refused:]:
            state.env.setdefault("refused_at", []).append((state.src, pos, url))
        if matched and not silent:
            first = next((tok for tok in state.tokens[count:] if tok.type != "text"), None)
            if first is not None:
                first.meta["pos"] = pos
        return matched
    return located


def _locating_definitions(md: SafeMarkdown, rule: Callable[[StateBlock, int, int, bool], bool]) -> Callable[[StateBlock, int, int, bool], bool]:
    """Wrap the link reference definition rule (``[x]: url``) to note the line of a refused target."""
    def located(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        refused = len(md.refused)
        matched = rule(state, start, end, silent)
        for url in md.refused[refused:]:
            state.env.setdefault("refused_at", []).append((start, 0, url))
        return matched
    return located


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


RESERVED_IDS = frozenset({
    "main", "page-title", "notes-heading", "contents-heading", "figures-heading", "disclaimer", "disclaimer-heading",
    "original-heading", "filter-section", "filter-verdict", "search-input", "toc-heading", "glossary", "sources",
})
"""Ids the templates give their own elements (the footer links to ``#disclaimer``, skip links to ``#main``)."""
RESERVED_PREFIXES = ("fn-", "fnref-", "def-", "term-", "claim-", "group-", "section-", "chart-", "filter-")
"""Prefixes of the ids the note, glossary, claims-page and chart machinery make (``fn-1``, ``def-gigawatt``)."""
CONTENT_PREFIX = "h-"
"""What a heading id that would be reserved gets in front: ``## Disclaimer`` is ``#h-disclaimer``."""


def heading_id(text: str) -> str:
    """The anchor of a heading, kept clear of every id the templates and notes use.

    A content heading must never take an id the page already gives another element:
    ``## Disclaimer`` on the about page would catch the footer's link to the
    disclaimer, ``# fn-1`` would catch note 1's links, ``## def gigawatt`` would
    replace the glossary popover's text. Such headings keep their words behind
    ``h-``, which no template id starts with.
    """
    slug = slugify(text)
    return CONTENT_PREFIX + slug if slug in RESERVED_IDS or slug.startswith(RESERVED_PREFIXES) else slug


def _heading_ids(state) -> None:  # type: ignore[no-untyped-def]
    """Unique heading ids: a repeated one gets ``-2``, ``-3``… (skipping any another heading already has)."""
    used: set[str] = set()
    counts: dict[str, int] = {}
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            base = ident = heading_id(tokens[i + 1].content)
            n = counts.get(base, 1)
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
            counts[base] = n
            used.add(ident)
            tok.attrSet("id", ident)


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
    remote_images: list[tuple[str, int]] = field(default_factory=list)
    """Images from another host: the Content Security Policy blocks them and the PDF cannot fetch them."""


def parse(md: SafeMarkdown, body: str, first_line: int) -> Parsed:
    """Tokenise ``body``; ``first_line`` is the file line the body starts on."""
    md.refused = []
    env: dict = {}
    return _examine(md.parse(body, env), env, first_line)


def parse_inline(md: SafeMarkdown, text: str, first_line: int) -> Parsed:
    """Tokenise registry text (a claim's note, a definition) as ``render_inline`` will render it."""
    md.refused = []
    env: dict = {}
    return _examine(md.parseInline(text, env), env, first_line)


def _examine(tokens: list[Token], env: dict, first_line: int) -> Parsed:
    """What parsed tokens point at, with their file lines, and what the policy refused."""
    defined = env.get("defined_footnotes", set())
    parsed = Parsed(tokens=tokens, refs=[], defined_footnotes=defined,
                    too_deep=[first_line + line for line in env.get("too_deep", [])])
    refused: dict[int, list[tuple[int, str]]] = {}
    for src, pos, url in env.get("refused_at", []):
        if isinstance(src, int):  # a link reference definition, refused on its block line
            parsed.refused_links.append((url, first_line + src))
        else:
            refused.setdefault(id(src), []).append((pos, url))
    for tok in tokens:
        if tok.type != "inline":
            continue
        line_at = _Lines(tok.content, (tok.map[0] if tok.map else 0) + first_line)
        parsed.refused_links += [(url, line_at(pos)) for pos, url in refused.get(id(tok.content), [])]
        for child in tok.children or []:
            line = line_at(child.meta.get("pos", line_at.offset))
            if child.type == "footnote_ref":
                label = child.meta["label"]
                parsed.refs.append(Ref("footnote" if label in defined else "claim", label, line))
            elif child.type in ("link_open", "image"):
                href = str(child.attrGet("href") or child.attrGet("src") or "")
                for scheme in ("glossary", "chart"):
                    if href.startswith(scheme + ":"):
                        parsed.refs.append(Ref(scheme, href[len(scheme) + 1:], line))
                if child.type == "image" and _REMOTE.match(href):
                    parsed.remote_images.append((href, line))
            if child.type == "text" and "{lang=" in child.content:  # a span the attribute syntax refused: shown as text
                parsed.bad_langs += [(value, line) for value in _LITERAL_LANG.findall(child.content)
                                     if not _LANG_CODE.match(value)]
            elif child.attrGet("lang") is not None or child.type == "span_open":
                lang = str(child.attrGet("lang") or "")
                if not _LANG_CODE.match(lang):
                    parsed.bad_langs.append((lang, line))
    parsed.refused_links = list(dict.fromkeys(parsed.refused_links))
    return parsed


class _Lines:
    """File line of an offset into one inline text, counting newlines only once.

    Offsets arrive in document order, so each count starts where the last one ended;
    counting from the start each time made a paragraph of k references cost O(k·n).
    """

    def __init__(self, text: str, first_line: int):
        self.text, self.offset, self.line = text, 0, first_line

    def __call__(self, pos: int) -> int:
        if pos < self.offset:  # out of order (never in practice): count afresh
            self.offset, self.line = 0, self.line - self.text.count("\n", 0, self.offset)
        self.line += self.text.count("\n", self.offset, pos)
        self.offset = pos
        return self.line
