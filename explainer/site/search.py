"""Full-text search: a small static index, built here, searched by ``site.js``.

Only the ``<main data-search-body>`` of a page is indexed — the article text of each
language page (templates decide through the ``main_attrs`` block), so navigation, the
parallel view, the search page and the root chooser stay out of results. One index
per ``<html lang>``, fetched by the reader's browser only once they type.

One segmenter on both sides, for every writing system. ``tokens`` (NFKC, lowercase)
makes a term of every word of the scripts that put spaces between words (Latin, Greek,
Cyrillic, Armenian, Georgian, Hebrew, Arabic, Ethiopic, Devanagari and the other Indic
scripts; digits included, ``1.5`` and ``1,000`` stay whole, combining marks and joiners
stay inside the word) and splits every run of the scripts that don't (CJK, Hangul, Thai,
Lao, Khmer, Myanmar) into overlapping character bigrams (a run of one character is that
character), so ``電力`` is found inside ``データセンターの電力`` and ``ไฟฟ้า`` inside a Thai
sentence, without a dictionary. ``site.js`` has the same function with the same
character ranges, and a browser test holds the two to the same output.

Layout under ``search/<lang>/`` (compact JSON, sorted keys, no timestamps)::

    manifest.json        {"v", "shards", "pages", "tokens", "chunks": [version of chunk 0, …]}
    <k>/pages.json       [[url, title, length in tokens], …]  the chunk's pages, by url
    <k>/<s>.json         {term: [page, tf, block, …]}         the chunk's postings of the terms whose
                                                              first character c has ord(c) % SHARDS == s:
                                                              page in the chunk, term frequency, first block
    <k>/t<i>-<b>.json    {"text", "anchors": [[offset, id, heading], …], "more"}  block b of page i's text
                                                              ("more": not the last block)

A chunk holds ``CHUNK`` pages of one language in url order, and its files depend only on
those pages, so an incremental build can keep the files of unchanged chunks. Everything
global (chunk count, page count, shard count, format) is in the tiny manifest; the
browser adds a chunk's version (a hash of its files) to the chunk's URLs, so a cached
chunk of an older build is never mixed with a newer manifest. Sharding by first
character lets the browser fetch one shard per query term per chunk, and still match
the last word as a prefix (``gigawat`` → ``gigawatt``, ``電`` → every bigram starting
with it): besides the bigrams, the last character of each unspaced run is indexed on its
own, so every character of a run starts at least one term.

A page's text is cut into blocks of about ``BLOCK`` characters, at whitespace or
punctuation (never inside a term), and each posting names the first block holding the
term: for a result's excerpt the browser fetches that one block, not the whole page (at
500 articles the claims page alone is megabytes of text). A block's anchors are the
headings inside it and the one it starts under (a negative offset); offsets there are
JavaScript string indexes (UTF-16 code units).
"""

from __future__ import annotations

import bisect
from array import array
import functools
import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Callable, Iterable, Sequence

FORMAT = 1
"""Version of the files' layout, in every manifest; ``site.js`` refuses another."""
CHUNK = 64
"""Pages per chunk."""
SHARDS = 32
"""Postings files per chunk."""
BLOCK = 1500
"""Characters of page text per excerpt file, roughly."""
_CUT = re.compile("[\\s\u060c\u061b\u061f\u06d4\u0964\u0965\u104a\u104b\u17d4-\u17d6"
                  "\u3001\u3002\u300c-\u300f\uff01\uff08\uff09\uff1f]")
"""Where a block may end (after it): whitespace, Arabic ، ؛ ؟ ۔, the Indic dandas, Myanmar
and Khmer sentence marks, 、。「」『』（）！？ — characters that are never part of a term
and that NFKC keeps separators (not ・, which joins a run, nor , and ., which join
digits)."""

WORD = ("0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0300-\u036f\u0386-\u03ce\u0400-\u052f"
        "\u0531-\u0556\u0561-\u0587\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u05d0-\u05ea"
        "\u05ef-\u05f2\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0900-\u0963\u0966-\u0df3"
        "\u10a0-\u10ff\u1200-\u135f\u1369-\u137c\u1e00-\u1fff\u200c\u200d")
"""Characters of words in scripts that separate words with spaces, after NFKC and
lowercasing: ASCII letters and digits, Latin-1 and Latin Extended letters (Vietnamese
too), combining diacritics, Greek, Cyrillic, Armenian, Hebrew and Arabic letters with
their marks and digits, Devanagari and the Indic scripts up to Sinhala (not the dandas),
Georgian, Ethiopic, and the zero-width (non-)joiners that Persian and Indic words carry
inside them. ``site.js`` has the same string."""
UNSPACED = ("\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59\u0e81-\u0ebd\u0ec0-\u0ece\u0ed0-\u0ed9\u0edc-\u0edf"
            "\u1000-\u1049\u104c-\u109f\u1780-\u17d3\u17d7\u17dc\u17dd\u17e0-\u17e9"
            "\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
            "\U00020000-\U0003134f")
"""Characters of scripts written without spaces between words, cut into bigrams: Thai,
Lao, Myanmar and Khmer (letters, marks, digits; not their punctuation), 々〆〇, Hiragana,
Katakana (with ー), CJK ideographs (extension A, the main block, compatibility,
extensions B–G) and Hangul syllables. ``site.js`` has the same string."""
_MIDDLE_DOT = "\u30fb"
"""・ inside an unspaced run is dropped: データ・センター is indexed as データセンター."""


def tokens(text: str) -> list[str]:
    """The terms of ``text`` in order, exactly as ``site.js`` computes them for a query."""
    out: list[str] = []
    for word, run in _token_pattern().findall(unicodedata.normalize("NFKC", text).lower()):
        if word:
            out.append(word)
            continue
        run = run.replace(_MIDDLE_DOT, "")
        if len(run) == 1:
            out.append(run)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """Compiled on first use: a character class as big as ``UNSPACED`` takes Python ~2 ms to compile, and
    builds only use ``index_terms``."""
    return re.compile(f"([{WORD}]+(?:[.,][0-9]+)*)|([{UNSPACED}]+)")


# The same terms, found by whole-text regular expressions instead of a loop (several
# times faster on the whole site); tests hold them to ``tokens``.
_WORD = re.compile(f"[{WORD}]+(?:[.,][0-9]+)*")
_RUN = re.compile(f"[{UNSPACED}]+")
_BIGRAM = re.compile(f"(?=([{UNSPACED}]{{2}}))")  # the class once, not twice: half the compiling


def _join_run(m: re.Match) -> str:
    return m.group().replace(_MIDDLE_DOT, "") or " "


def index_terms(text: str) -> tuple[list[str], int]:
    """(terms, n): ``tokens(text)`` in some order plus, for every unspaced run of two or more,
    its last character; n is ``len(tokens(text))``. The extra terms make every character
    of a run the first character of some term, for the browser's prefix match."""
    if not unicodedata.is_normalized("NFKC", text):  # a quick check, much faster than normalizing
        text = unicodedata.normalize("NFKC", text)
    norm = text.lower()
    if _MIDDLE_DOT in norm:
        norm = _RUN.sub(_join_run, norm)
    terms = _WORD.findall(norm)
    runs = _RUN.findall(norm)
    if not runs:
        return terms, len(terms)
    bigrams = _BIGRAM.findall(norm)
    singles = list(map(len, runs)).count(1)
    length = len(terms) + len(bigrams) + singles
    terms += bigrams
    terms += [run[-1] for run in runs]  # a run of one is its own token, and the last character of a longer one
    return terms, length


@dataclass(frozen=True)
class PageText:
    """What one indexed page contributes to the index."""
    lang: str
    url: str
    """Site-relative output path, e.g. ``ja/data-center-power-play.html``."""
    title: str
    text: str
    """Plain text of the page's ``<main data-search-body>``: tags stripped, entities unescaped, whitespace collapsed."""
    anchors: tuple[tuple[int, str, str], ...]
    """(offset in ``text``, id, heading text) of each ``<h2>``/``<h3>`` with an id, for deep links."""


_MAIN = re.compile(r"<main\b[^>]*?\sdata-search-body(?=[\s>=/])[^>]*>")
_HTML_LANG = re.compile(r"<html\b[^>]*?\slang=\"([^\"]*)\"")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
_ATTR = re.compile(r"([^\s=/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
INLINE = "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub time u var wbr".split()
"""Elements that do not separate words; every other tag does (``<sup>`` too: a note number is not part of a word)."""
SKIPPED = "script style template svg select noscript nav".split()
"""Elements whose text is not indexed: a chart's data is also in its table, and navigation
(a section's pager naming the previous and next sections) is not what the page says."""
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SKIPPED = re.compile(r"<(%s)\b.*?</\1\s*>" % "|".join(SKIPPED), re.S | re.I)
_HIDING = re.compile(r"\s(?:hidden|data-search-ignore)(?=[\s=/>])")
"""Where a start tag may have ``hidden`` or ``data-search-ignore`` (not ``aria-hidden``); its attributes tell."""
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_HEADING = re.compile(r"<(/?)h([23])\b([^>]*)>", re.I)
_INLINE_TAG = re.compile(r"</?(?:%s)(?=[\s>])[^>]*>" % "|".join(INLINE), re.I)
_TAG = re.compile(r"<[^>]*>")
_START, _END = "\ue000", "\ue001"
"""Stand for a heading's start and end while tags are stripped (removed from the page first)."""


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(raw)}


def _without_hidden(body: str) -> str:
    """``body`` without the elements that have ``hidden`` or ``data-search-ignore``."""
    out, at = [], 0
    for m in _HIDING.finditer(body):
        lt = body.rfind("<", 0, m.start())
        if lt < at or body.rfind(">", 0, m.start()) > lt:
            continue  # inside an element already cut, or in text
        tag = _START_TAG.match(body, lt)
        if tag is None:
            continue
        attrs = _attrs(tag.group(2) or "")
        if "hidden" not in attrs and "data-search-ignore" not in attrs:
            continue
        out.append(body[at:lt])
        name = tag.group(1).lower()
        at = tag.end()
        if name in VOID or (tag.group(2) or "").rstrip().endswith("/"):
            continue
        depth = 1
        for t in re.compile(r"<(/?)%s(?=[\s/>])[^>]*>" % re.escape(name), re.I).finditer(body, tag.end()):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                at = t.end()
                break
        else:
            at = len(body)
    out.append(body[at:])
    return "".join(out)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment: tags out (inline ones joining, others separating), entities unescaped, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", fragment))).split())


def page_text(url: str, html_bytes: bytes) -> PageText | None:
    """The text of the page's ``<main data-search-body>``; None when it has none.

    The language is the ``<html lang>``, the title the first ``<h1>`` (else ``<title>``).
    Left out: ``SKIPPED`` elements, any element with ``hidden`` or ``data-search-ignore``,
    and comments.
    """
    doc = html_bytes.decode("utf-8")
    start = _MAIN.search(doc)
    if start is None:
        return None
    end = doc.find("</main>", start.end())
    body = doc[start.end():end if end >= 0 else len(doc)]
    if _START in body or _END in body:
        body = body.replace(_START, "").replace(_END, "")
    body = _SKIPPED.sub(" ", _COMMENT.sub("", body))
    body = _without_hidden(body)
    h1 = _H1.search(body)
    title = _plain(h1.group(1)) if h1 else ""
    if not title:
        found = _TITLE.search(doc)
        title = " ".join(html.unescape(found.group(1)).split()) if found else url
    ids: list[str | None] = []

    def heading(m: re.Match) -> str:
        if m.group(1):
            return " " + _END + " "
        ids.append(_attrs(m.group(3)).get("id") or None)
        return " " + _START + " "

    pieces = re.split(f"([{_START}{_END}])", _TAG.sub(" ", _INLINE_TAG.sub("", _HEADING.sub(heading, body))))
    parts: list[str] = []
    size = 0  # len(" ".join(parts))
    anchors: list[tuple[int, str, str]] = []
    open_heading: tuple[str, int, int] | None = None  # (id, offset, index in parts) of the heading being read
    starts = iter(ids)
    for piece in pieces:
        if piece == _START:
            ident = next(starts)
            open_heading = (ident, size + 1 if size else 0, len(parts)) if ident else None
        elif piece == _END:
            if open_heading is not None:
                ident, offset, first = open_heading
                anchors.append((offset, ident, " ".join(parts[first:])))
                open_heading = None
        else:
            text = " ".join(html.unescape(piece).split())
            if text:
                size += len(text) + (1 if parts else 0)
                parts.append(text)
    return PageText(lang=lang.group(1) if (lang := _HTML_LANG.search(doc)) else "", url=url, title=title,
                    text=" ".join(parts), anchors=tuple(anchors))


def chunks(pages: Iterable[PageText]) -> list[tuple[str, int, tuple[PageText, ...]]]:
    """(lang, k, pages): each language's pages in url order, ``CHUNK`` to a chunk."""
    by_lang: dict[str, list[PageText]] = {}
    for p in pages:
        by_lang.setdefault(p.lang, []).append(p)
    out = []
    for lang in sorted(by_lang):
        ordered = sorted(by_lang[lang], key=lambda p: p.url)
        for k in range(0, len(ordered), CHUNK):
            out.append((lang, k // CHUNK, tuple(ordered[k:k + CHUNK])))
    return out


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _js_offsets(text: str) -> Callable[[int], int]:
    """A code point offset in ``text`` → its JavaScript string index (UTF-16 code units)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    return lambda offset: offset + bisect.bisect_left(astral, offset)


def blocks(text: str) -> list[int]:
    """Where each block of ``text`` starts: the first at 0, the next after the last cut
    character in the second half of ``BLOCK`` characters (else the first one after)."""
    starts = [0]
    while len(text) - starts[-1] > BLOCK:
        start = starts[-1]
        back = _CUT.search(text[start + BLOCK // 2:start + BLOCK][::-1])
        if back is not None:
            starts.append(start + BLOCK - back.start())
            continue
        ahead = _CUT.search(text, start + BLOCK)
        if ahead is None or ahead.end() >= len(text):
            break
        starts.append(ahead.end())
    return starts


@dataclass(frozen=True)
class PageIndex:
    """One page's share of its chunk, made once per page text; the build cache keeps it.

    Compact on purpose (a few strings and byte arrays, not a tuple per term), so a
    rebuild loads a whole chunk's pages in milliseconds.
    """

    url: str
    title: str
    length: int
    """Tokens in the page, for the browser's length normalisation."""
    terms: str
    """The page's distinct terms in order of first occurrence, one per line."""
    counts: bytes
    """``array('I')``: each term's frequency."""
    first: bytes
    """``array('I')``: the block each term first occurs in."""
    blocks: tuple[bytes, ...]
    """The JSON of each excerpt block file."""


def index_page(page: PageText) -> PageIndex:
    text = page.text
    starts = blocks(text)
    ends = starts[1:] + [len(text)]
    js = _js_offsets(text)
    heads = [offset for offset, _, _ in page.anchors]
    tf: Counter[str] = Counter()  # in order of first occurrence (a dict keeps insertion order)
    new = []  # terms first seen in each block
    length = 0
    files = []
    for start, end in zip(starts, ends):
        seen = len(tf)
        terms, n = index_terms(text[start:end])
        tf.update(terms)
        new.append(len(tf) - seen)
        length += n
        # the headings inside the block, and the one it starts under (at a negative offset)
        first, last = max(bisect.bisect_right(heads, start) - 1, 0), bisect.bisect_left(heads, end)
        anchors = [[js(offset) - js(start), ident, heading] for offset, ident, heading in page.anchors[first:last]]
        files.append(_json({"text": text[start:end], "anchors": anchors, "more": end < len(text)}))
    first_block = array("I", chain.from_iterable(repeat(b, n) for b, n in enumerate(new)))
    return PageIndex(page.url, page.title, length, "\n".join(tf), array("I", tf.values()).tobytes(),
                     first_block.tobytes(), tuple(files))


def chunk_files(lang: str, k: int, pages: tuple[PageText, ...]) -> dict[str, bytes]:
    """The files of one chunk, by site-relative path; they depend only on the arguments."""
    return chunk_files_from(lang, k, [index_page(page) for page in pages])


def chunk_files_from(lang: str, k: int, indexes: Sequence[PageIndex]) -> dict[str, bytes]:
    """``chunk_files`` from its pages' ``index_page``, which a build may have kept."""
    base = f"search/{lang}/{k}/"
    postings: dict[str, list[int]] = {}
    meta = []
    files = {}
    for i, page in enumerate(indexes):
        for b, block in enumerate(page.blocks):
            files[f"{base}t{i}-{b}.json"] = block
        counts, first = array("I"), array("I")
        counts.frombytes(page.counts)
        first.frombytes(page.first)
        for term, count, b in zip(page.terms.split("\n") if page.terms else (), counts, first):
            found = postings.get(term)
            if found is None:
                postings[term] = [i, count, b]
            else:
                found += (i, count, b)
        meta.append([page.url, page.title, page.length])
    shards: list[dict[str, list[int]]] = [{} for _ in range(SHARDS)]
    for term, found in postings.items():
        shards[ord(term[0]) % SHARDS][term] = found
    files[f"{base}pages.json"] = _json(meta)
    for s, shard in enumerate(shards):
        files[f"{base}{s}.json"] = _json(shard)
    return files


def chunk_summary(lang: str, k: int, own: dict[str, bytes]) -> tuple[str, int, int]:
    """(version, pages, tokens) of a chunk from its files: what the manifest says of it."""
    digest = hashlib.sha256()
    for path in sorted(own):
        digest.update(path.encode("utf-8") + b"\0" + own[path] + b"\0")
    rows = json.loads(own[f"search/{lang}/{k}/pages.json"])
    return digest.hexdigest()[:12], len(rows), sum(row[2] for row in rows)


def manifest(lang: str, summaries: Sequence[tuple[str, int, int]]) -> dict[str, bytes]:
    """``search/<lang>/manifest.json`` from the ``chunk_summary`` of the language's chunks 0, 1, …"""
    data = {"v": FORMAT, "shards": SHARDS, "pages": sum(s[1] for s in summaries),
            "tokens": sum(s[2] for s in summaries), "chunks": [s[0] for s in summaries]}
    return {f"search/{lang}/manifest.json": _json(data)}


def index_files(pages: Iterable[PageText]) -> dict[str, bytes]:
    """Everything under ``search/``: the files of every chunk and one manifest per language."""
    files: dict[str, bytes] = {}
    by_lang: dict[str, list[tuple[str, int, int]]] = {}
    for lang, k, chunk in chunks(pages):
        own = chunk_files(lang, k, chunk)
        files.update(own)
        by_lang.setdefault(lang, []).append(chunk_summary(lang, k, own))
    for lang, summaries in by_lang.items():
        files.update(manifest(lang, summaries))
    return files
