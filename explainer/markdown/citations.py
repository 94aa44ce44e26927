"""The citation lint: a paragraph that states a figure cites the claim (or footnote) that supports it.

A fact-check that states "$14.3 billion", "49%", 「約90万戸」 or "14 July 2025" in its own
voice owes the reader the source of that number, in the same paragraph, where the reader
meets it. The lint looks at the units a reader reads as one statement: a paragraph (also
inside a list item or a block quote: a figure quoted from the article still needs its
claim) and a table row (its header row is headings, like the page's headings, and is left
alone, as are the notes' own texts). Figures are found in the text a reader sees: link
targets, code spans, images (a chart names its own claims) and the ids of cited claims do
not count. Numbers written out as words ("five sites", 「五つ」) are not figures here.

A paragraph that states a figure and needs no citation (it restates the article's date,
or counts the explainer's own sections) ends with the marker ``{.no-cite}``. The dialect
strips the marker before inline parsing (``strip_no_cite``), so it never reaches a page,
the PDF, the search index or a heading id, wherever it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import Problem

NO_CITE = "{.no-cite}"
"""Ends a paragraph (or a table row's cell) that states figures but needs no citation."""
_MARKER = re.compile(r"\s*(?<!\\)\{\.no-cite\}\s*\Z")  # "\{.no-cite}" is the text itself

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_EN_UNITS = (
    # scale words and money
    "thousand|million|billion|trillion|bn|mn|m|k|dollars?|cents?|yen|euros?|pounds?"
    # percentages and ratios
    "|%|percent|per\\s?cent|percentage\\s+points?|points?|times|x"
    # power, energy, area, distance, time
    "|[kMGT]Wh?|(?:kilo|mega|giga|tera)?watts?(?:-hours?)?|acres?|hectares?|km2?|sq\\s?(?:km|mi|ft)|square"
    "|miles?|kilomet(?:re|er)s?|met(?:re|er)s?|feet|ft|years?|months?|weeks?|days?|hours?|minutes?|decades?"
    # counts of the things this kind of story counts
    "|homes?|households?|people|persons?|employees?|staff|workers?|researchers?|engineers?|hires?"
    "|users?|customers?|GPUs?|chips?|servers?|plants?|sites?|campus(?:es)?|(?:data\\s)?cent(?:re|er)s?"
    "|models?|parameters?|tokens?|shares?|stakes?|jobs?")
_JA_UNITS = ("ドル|円|ユーロ|ポンド|%|パーセント|ポイント|倍|割|戸|世帯|人|名|社|件|基|台|個|棟|枚|本|機|回|位|歳"
             "|か所|カ所|ヶ所|箇所|年|か月|カ月|ヶ月|週間|日間|時間|分|秒"
             "|ギガワット|メガワット|キロワット|エーカー|平方キロ|km|キロ")
_NUMBER = r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)\d+(?:[.,]\d+)*"
_FIGURES = re.compile("|".join((
    r"(?:[A-Z]{1,3})?[$€£¥]\s?\d+(?:[.,]\d+)*(?:\s?(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?",  # $14.3 billion, US$72bn
    _NUMBER + r"\s?(?:[万億兆千]\s?)?(?:" + _JA_UNITS + ")",                       # 約90万戸, 143億ドル, 49%, 3年
    _NUMBER + r"\s?[万億兆]",                                                          # 90万, 1.6億
    _NUMBER + r"(?:\s|-)?(?:" + _EN_UNITS + r")(?![A-Za-z])",                        # 1 GW, 900,000 homes, 10-year, 2GWの
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])",                                       # 818,000
    r"(?<![\d.,])(?:1[89]|20)\d\d(?![\d])(?!,\d{3})",                              # 2025 (a year)
    r"(?<![\d.,])\d{1,2}\s(?:" + _MONTHS + r")\b|\b(?:" + _MONTHS + r")\.?\s\d{1,2}\b(?!,\d{3})",  # 14 July, July 14
    r"\d{1,2}月\d{1,2}日",                                                              # 7月14日
)), re.IGNORECASE)


def strip_no_cite(state: StateCore) -> None:
    """Core rule, after block parsing: take ``{.no-cite}`` off the end of any inline text and remember it.

    It runs before the inline parser, so the marker never becomes text, and the
    ``attrs`` plugin (which would take ``{…}`` after a link) never sees it. The
    paragraph's inline token keeps ``meta["no_cite"]`` for the lint; a paragraph that
    held nothing but the marker is hidden (the lint says it marks nothing).
    """
    tokens = state.tokens
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        match = _MARKER.search(tok.content)
        if match is None:
            continue
        tok.content = tok.content[:match.start()]
        tok.meta = {**(tok.meta or {}), "no_cite": True}
        if not tok.content.strip() and 0 < i < len(tokens) - 1 and tokens[i - 1].type == "paragraph_open":
            tokens[i - 1].hidden = tokens[i + 1].hidden = True


_HALF_WIDTH = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0xFFE5: "¥", 0x3000: " ", 0xA0: " "}
"""Full-width ASCII (「９０万戸」, ％, ＄), the full-width yen sign and wide spaces as their plain forms,
one character for one, so that a figure is quoted as the editor wrote it."""


def figures(text: str) -> list[str]:
    """The figures stated in ``text``, as written: amounts, percentages, counts with units, years and dates.

    Full-width digits and signs (「９０万戸」, ％) count as their ASCII forms.
    """
    return [text[m.start():m.end()].strip() for m in _FIGURES.finditer(text.translate(_HALF_WIDTH))]


def uncited(tokens: list[Token], path: str, first_line: int) -> list[Problem]:
    """A warning for each paragraph or table row that states a figure and cites nothing.

    ``first_line`` is the file line the body starts on; each warning points at the
    first line of its paragraph or row.
    """
    problems = []
    for what, line, inlines in _units(tokens):
        if any(tok.meta.get("no_cite") for tok in inlines):
            if not _text(inlines).strip():
                problems.append(Problem(path, first_line + line, f"{NO_CITE} stands alone and marks nothing",
                                        "put it at the end of the paragraph it marks, on its last line",
                                        level="warning"))
            continue
        if any(child.type == "footnote_ref" for tok in inlines for child in tok.children or []):
            continue
        found = figures(_text(inlines))
        if found:
            problems.append(Problem(
                path, first_line + line, f"{what} states a figure ({found[0]!r}) without citing a claim or footnote",
                f"cite the claim that supports it, e.g. [^claim-id], or mark the {what} as needing no citation "
                f"with {NO_CITE} at its end", level="warning"))
    return problems


def _text(inlines: list[Token]) -> str:
    """The text a reader sees in these inline tokens, without code spans, images or note calls.

    Markup between two pieces of text joins them (``**$72** billion`` is one figure);
    a code span, an image or a note call separates them.
    """
    parts = []
    for tok in inlines:
        for child in tok.children or []:
            if child.type == "text":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak", "code_inline", "image", "footnote_ref"):
                parts.append(" ")
        parts.append(" ")
    return "".join(parts)


def _units(tokens: list[Token]) -> Iterator[tuple[str, int, list[Token]]]:
    """(what it is, its first line in the body, its inline tokens) of each paragraph and table row.

    Headings, table header rows and footnote definitions are not units.
    """
    containers: list[str] = []
    row: tuple[int, list[Token]] | None = None
    for i, tok in enumerate(tokens):
        if tok.type in ("footnote_block_open", "thead_open", "list_item_open", "blockquote_open"):
            containers.append(tok.type)
        elif tok.type in ("footnote_block_close", "thead_close", "list_item_close", "blockquote_close"):
            containers.pop()
        if "footnote_block_open" in containers or "thead_open" in containers:
            continue
        if tok.type == "tr_open":
            row = ((tok.map or [0])[0], [])
        elif tok.type == "inline" and row is not None:
            row[1].append(tok)
        elif tok.type == "tr_close" and row is not None:
            yield "table row", row[0], row[1]
            row = None
        elif tok.type == "paragraph_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            inner = containers[-1] if containers else ""
            what = {"list_item_open": "list item", "blockquote_open": "quoted paragraph"}.get(inner, "paragraph")
            yield what, (tok.map or [0])[0], [tokens[i + 1]]
