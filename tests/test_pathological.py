"""Parsing takes time linear in the input, whatever the input.

Every command parses every content file (check, build, serve, the mkdocs preview),
so one file that parses in quadratic time hangs them all: a line of ``[^`` repeated
20,000 times once took a build 82 s. Each case below parses an input of size N and
one of size 4N in this process and compares the two times: linear growth gives a
ratio near 4, quadratic near 16. The assertion is on that ratio, with generous
slack for a busy machine, never on a time. The red team's inputs run always at
4 KB → 16 KB (the old quadratic path already took 16× the time there); every case
runs at 64 KB → 256 KB (a thirty-second of the loader's file-size limit), marked slow.
Below a few kilobytes the ratio says more about CPU caches than about the parser.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from explainer.content.frontmatter import MAX_BYTES
from explainer.markdown.dialect import SafeMarkdown, parse

GROWTH = 4
SLACK = 10
"""Largest accepted time ratio for a GROWTH× larger input: quadratic growth gives 16, and on a
machine shared with other work a linear case measured up to 8."""


def repeat(unit: str) -> Callable[[int], str]:
    """``unit`` repeated to about ``size`` characters."""
    return lambda size: unit * (size // len(unit))


def lines(make_line: Callable[[int], str]) -> Callable[[int], str]:
    """Lines ``make_line(0)``, ``make_line(1)``… up to about ``size`` characters."""
    def build(size: int) -> str:
        out, total, i = [], 0, 0
        while total < size:
            line = make_line(i) + "\n"
            out.append(line)
            total += len(line)
            i += 1
        return "".join(out)
    return build


def nested(size: int) -> str:
    half = size // 2
    return "[" * half + "]" * half


CASES: dict[str, Callable[[int], str]] = {
    "footnote openings [^": repeat("[^"),
    "footnote openings with text [^a": repeat("[^a"),
    "caret then bracket ^[": repeat("^["),
    "bracket runs [": repeat("["),
    "nested brackets [[…]]": nested,
    "image openings ![": repeat("!["),
    "span openings [a]{": repeat("[a]{"),
    "span lang openings [a]{lang=": repeat("[a]{lang="),
    "spans [a]{lang=en}": repeat("[a]{lang=en}"),
    "attributes after links": repeat("[a](https://example.org){lang=en}"),
    "attribute openings after code": repeat("`c`{"),
    "link destinations [a](": repeat("[a]("),
    "link destinations [a](<": repeat("[a](<"),
    "emphasis runs *a": repeat("*a"),
    "emphasis runs _a": repeat("_a"),
    "strong runs **a": repeat("**a"),
    "backtick runs": lines(lambda i: "`" * (i % 40 + 1) + "a"),
    "one long line": repeat("word "),
    "escapes": repeat("\\*"),
    "references on one line": repeat("[^a]"),
    "references on many lines": repeat("[^a]\n"),
    "refused links": lines(lambda i: f"[a](javascript:{i})"),
    "refused links with entities": repeat("[a](javascript&#58;x) "),
    "glossary links with entities": repeat("[a](glossary:&#120;) "),
    "autolink openings <": repeat("<"),
    "deep block quotes": lines(lambda i: ">" * (i % 200) + " a"),
    "deep lists": lines(lambda i: "  " * (i % 200) + "- a"),
    "link reference definitions": lines(lambda i: f"[r{i}]: https://example.org/{i}"),
    "table rows": lines(lambda i: "| a | b |" if i != 1 else "|---|---|"),
}


def parse_time(text: str) -> float:
    """The least of several runs (three at least, more while they take under a quarter
    second in all), the one least disturbed by other work on the machine; with the
    cyclic garbage collector paused, as the loader parses."""
    md = SafeMarkdown()
    best, spent, runs = float("inf"), 0.0, 0
    gc.disable()
    try:
        while runs < 3 or spent < 0.25 and runs < 50:
            start = time.perf_counter()
            parse(md, text, 1)
            took = time.perf_counter() - start
            best, spent, runs = min(best, took), spent + took, runs + 1
    finally:
        gc.enable()
    return best


def assert_linear(make: Callable[[int], str], size: int) -> None:
    small, large = make(size), make(size * GROWTH)
    assert len(large) >= (GROWTH - 0.5) * len(small)
    ratio = parse_time(large) / max(parse_time(small), 1e-6)
    assert ratio < SLACK, f"{GROWTH}× the input took {ratio:.1f}× the time"


QUICK = ("footnote openings [^", "caret then bracket ^[", "references on one line")
"""The inputs of the red-team finding: a line of ``[^``, which took a build 82 s at 40 KB."""


@pytest.mark.parametrize("case", QUICK)
def test_parse_time_grows_linearly(case):
    assert_linear(CASES[case], 4 * 1024)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_parse_time_grows_linearly_at_a_fraction_of_the_file_size_limit(case):
    assert_linear(CASES[case], MAX_BYTES // 32 // GROWTH)
