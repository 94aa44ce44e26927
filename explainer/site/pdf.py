"""Print-ready PDFs of the whole explainer, one per language, made with WeasyPrint.

WeasyPrint is imported inside the functions that need it, so the HTML-only build
needs neither it nor a CJK font. Everything that could make a PDF silently wrong is
turned into an error before anything is written: a missing CJK font (WeasyPrint would
print tofu without a word), and any warning WeasyPrint logs (a refused or missing
resource, CSS it ignores).
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..content.model import Content
from ..errors import PdfError
from ..workers import Started, cores, deal, shared
from .print_doc import PrintDocument
from .render import Options, SiteRenderer

CJK_FONTS = {"ja": ("Japanese", "fonts-ipaexfont"), "zh": ("Chinese", "fonts-arphic-uming"),
             "ko": ("Korean", "fonts-nanum")}
"""Languages whose text needs a CJK font: (name in messages, smaller alternative package)."""


class MissingFontError(PdfError):
    """No installed font covers a language of the site, so its PDF would show tofu."""


def pdf_path(lang: str) -> str:
    """Where a language's PDF lives, relative to the site root."""
    return f"pdf/explainer-{lang}.pdf"


def require_fonts(langs: tuple[str, ...]) -> None:
    """Fail fast when fontconfig knows no font for a CJK language of the site."""
    for lang in langs:
        if lang not in CJK_FONTS:
            continue
        try:
            found = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True,
                                   check=False).stdout.strip()
        except FileNotFoundError:
            found = ""
        if not found:
            name, alternative = CJK_FONTS[lang]
            raise MissingFontError(f"no {name} font found: install one with `apt-get install fonts-noto-cjk` "
                                   f"(or {alternative})")


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings, which its logger otherwise discards."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _local_only(static: Path) -> Any:
    """A URL fetcher for the stylesheet only: no network, so the PDF is fast and reproducible."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or not Path(unquote(parts.path)).resolve().is_relative_to(static):
                raise ValueError(f"the print document may only load files from {static}, not {url}")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=("file",))


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Python's cycle collector runs far less often while a document is laid out.

    WeasyPrint makes millions of short-lived boxes, styles and Pango objects, and at the
    default threshold (a collection every 700 new objects) Python walked them again and
    again: up to a quarter of a language's layout and PDF writing, for ~20 MB more memory
    when it runs ~150 times less often.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


MAX_LAYOUT_FIXES = 3
"""How many more layouts may be made to keep notes with their calls (one is the rule, a second rare)."""


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _lines(page: Any) -> list[Any]:
    """A page's line boxes in the flow, in order (without margin boxes and footnotes)."""
    root = page._page_box.children[0]  # the html element's box
    return [box for box in _walk(root) if type(box).__name__ == "LineBox"]


def _blocks_that_strand_footnotes(document: Any) -> list[tuple[str, int]]:
    """The paragraphs that sent a footnote to the next page, away from its call.

    WeasyPrint 70 does this when line number ``orphans`` of a paragraph does not fit at the
    foot of a page: rather than break before that line (``orphans`` forbids leaving fewer
    lines behind), it moves the page's last footnotes to the next page to make room. When
    that makes room, the paragraph is the page's last and goes on over the page; when it
    does not, the whole paragraph goes to the next page, where it is the first, and the
    footnotes stay sent ahead all the same. pdf.css makes both rare (``orphans: 4``); when
    one happens, a paragraph that leaves fewer lines behind is the lesser evil. Each
    paragraph is named by (tag, index among the document's elements of that tag), which
    is how ``_allow_orphans`` finds it in the HTML again.
    """
    found = []
    pages = list(document.pages)
    for number, page in enumerate(pages):
        calls, markers = [], set()
        for box in _walk(page._page_box):
            tag = getattr(box, "element_tag", None) or ""
            if tag.endswith("::footnote-call"):
                calls.append(box.element.get("id"))
            elif tag.endswith("::footnote-marker"):
                markers.add(box.element.get("id"))
        if not any(ident and ident not in markers for ident in calls):
            continue
        lines, after = _lines(page), _lines(pages[number + 1]) if number + 1 < len(pages) else []
        if not lines:
            continue
        element = lines[-1].element if not after or after[0].element is lines[-1].element else after[0].element
        root = page._page_box.children[0].element
        found.append((element.tag, list(root.iter(element.tag)).index(element)))
    return found


def _allow_orphans(html: str, blocks: list[tuple[str, int]]) -> str:
    """Let each ``(tag, index)`` block of the document leave a single line at the foot of a page."""
    allow = ' style="orphans: 1"'
    starts = {tag: [m.end() for m in re.finditer(rf"<{tag}(?=[\s>])", html)] for tag, _ in blocks}
    for at in sorted({starts[tag][index] for tag, index in blocks}, reverse=True):
        if not html.startswith(allow, at):
            html = html[:at] + allow + html[at:]
    return html


@dataclass(frozen=True)
class Layout:
    """One language's PDF as WeasyPrint made it."""

    pdf: bytes
    warnings: list[str]
    passes: int
    """How many times the document was laid out: 1 unless a note was stranded (``lay_out``)."""


@contextmanager
def _no_library_search() -> Iterator[None]:
    """cffi's ``dlopen`` without its fallback to ``ctypes.util.find_library`` (see ``_import_weasyprint``)."""
    import ctypes.util

    find = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find


def _import_weasyprint() -> None:
    """Import WeasyPrint, with advice if it is missing.

    WeasyPrint tries each of its C libraries under six names, Windows' first, and cffi asks
    ``ctypes.util.find_library`` about every name that fails, which on Linux runs ``ldconfig``
    and ``gcc`` each time: 22 searches, ~0.3 s of CPU and half the import. WeasyPrint's list
    also names each library as Linux installs it (``libpango-1.0.so.0``), which the dynamic
    loader opens directly, so on Linux the searches are skipped while it loads.
    """
    if "weasyprint" in sys.modules:
        return
    try:
        if sys.platform.startswith("linux"):
            with _no_library_search():
                import weasyprint  # noqa: F401
        else:
            import weasyprint  # noqa: F401
    except ImportError as exc:
        raise PdfError(f"the PDF needs WeasyPrint: pip install weasyprint ({exc})") from exc


def lay_out(html: str, static: Path) -> Layout:
    """Lay out one print document and write its PDF (runs in a worker).

    Footnotes are a few lines (``print_doc``), so they fit on the page of their call and
    one layout is the rule. When WeasyPrint still strands a note (see
    ``_blocks_that_strand_footnotes``), every paragraph that caused it may leave one line
    at the foot of its page and the document is laid out once more: unlike pushing the
    call's paragraph to a new page, this leaves no page half empty.
    """
    _import_weasyprint()
    from weasyprint import HTML

    with _weasyprint_warnings() as warnings, _rare_collections():
        for passes in range(1, MAX_LAYOUT_FIXES + 2):
            document = HTML(string=html, base_url=static.as_uri() + "/",
                            url_fetcher=_local_only(static)).render(pdf_variant="pdf/ua-1")
            stranding = _blocks_that_strand_footnotes(document)
            if not stranding:
                break
            html = _allow_orphans(html, stranding)
        return Layout(document.write_pdf(pdf_variant="pdf/ua-1"), warnings, passes)


def print_documents(content: Content, options: Options,
                    tokens_of: Callable[[Any], list] | None = None) -> list[tuple[str, str]]:
    """Every language's print HTML, ``[(lang, html)]`` in the site's order of languages."""
    assert content.site is not None
    renderer = SiteRenderer(content, options, tokens_of)
    return [(lang, PrintDocument(renderer, lang).html()) for lang in content.site.codes]


def _lay_out_every_language(content: Content, options: Options,
                            tokens_of: Callable[[Any], list] | None) -> dict[str, Layout]:
    """The print documents, made once here, then laid out on every core (``workers.shared``)."""
    _import_weasyprint()  # once, before the languages' workers fork
    static = (options.templates / "static").resolve()
    documents = print_documents(content, options, tokens_of)
    shares = deal(documents, [], min(len(documents), cores()))
    return {lang: layout for share in shared(lambda share: [(lang, lay_out(html, static)) for lang, html in share],
                                             shares) for lang, layout in share}


class PdfExport:
    """Every language's PDF, under way in a forked child from the moment this is made.

    Laying a language out takes seconds and needs nothing of the web pages, so the build
    starts it first and renders its pages meanwhile: WeasyPrint's import (~0.5 s, in the
    child only: the HTML build never loads it) and the layouts run while the pages render,
    instead of after them. In the child the languages are laid out on every core. What
    can be checked cheaply is checked here first, so that the usual mistakes (no CJK
    font, no WeasyPrint) stop the build at once, with advice.
    ``background=False`` does the work in ``result`` instead, in this process (for callers
    that must not fork while they work).
    """

    def __init__(self, content: Content, options: Options, tokens_of: Callable[[Any], list] | None = None,
                 background: bool = True):
        assert content.site is not None
        require_fonts(content.site.codes)
        if importlib.util.find_spec("weasyprint") is None:
            raise PdfError("the PDF needs WeasyPrint: pip install weasyprint")
        self.codes = content.site.codes
        job = partial(_lay_out_every_language, content, options, tokens_of)
        self._job: Started[dict[str, Layout]] | None = Started(lambda _: job(), [None]) if background else None
        self._now = job

    def result(self) -> dict[str, bytes]:
        """``{site-relative path: bytes}``; identical input gives identical bytes. Waits for the layouts to end."""
        layouts = self._job.results()[0] if self._job is not None else self._now()
        warnings = [f"{pdf_path(lang)}: {message}" for lang, layout in layouts.items()
                    for message in layout.warnings]
        if warnings:
            raise PdfError("WeasyPrint reported problems with the print document:\n  " + "\n  ".join(warnings))
        return {pdf_path(lang): layouts[lang].pdf for lang in self.codes}

    def close(self) -> None:
        """Stop the layouts if they are still running (the build failed or was interrupted)."""
        if self._job is not None:
            self._job.close()
