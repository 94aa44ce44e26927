"""Print-ready PDFs of the whole explainer, one per language, made with WeasyPrint.

WeasyPrint is imported inside the functions that need it, so the HTML-only build
needs neither it nor a CJK font. Everything that could make a PDF silently wrong is
turned into an error before anything is written: a missing CJK font (WeasyPrint would
print tofu without a word), and any warning WeasyPrint logs (a refused or missing
resource, CSS it ignores).
"""

from __future__ import annotations

import logging
import os
import subprocess
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

from .errors import PdfError
from .model import Content
from .print_doc import PrintDocument
from .render import Options, SiteRenderer
from .workers import Forked, ForkFailed

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


MAX_LAYOUT_FIXES = 6
"""How many paragraphs may be pushed to a new page to keep their footnotes with them."""


def _stray_footnotes(document: Any) -> list[str]:
    """Ids of footnotes laid out on another page than their call, in page order.

    WeasyPrint 70 occasionally keeps a line on a page while sending its footnote to
    the next one (seen next to tall unbreakable figures), ignoring
    ``footnote-policy``. The box tree is the only place to see it before the bytes.
    """
    def walk(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    stray = []
    for page in document.pages:
        calls, markers = [], set()
        for box in walk(page._page_box):
            tag = getattr(box, "element_tag", None) or ""
            if tag.endswith("::footnote-call"):
                calls.append(box.element.get("id"))
            elif tag.endswith("::footnote-marker"):
                markers.add(box.element.get("id"))
        stray += [ident for ident in dict.fromkeys(calls) if ident and ident not in markers]
    return stray


def _break_before_paragraph_of(html: str, note_id: str) -> str:
    """Start the paragraph holding ``note_id``'s call on a new page."""
    at = html.find(f'id="{note_id}"')
    start = html.rfind("<p>", 0, at)
    return html if at < 0 or start < 0 else html[:start] + '<p class="keep-with-notes">' + html[start + 3:]


def _write_pdf(html: str, static: Path) -> tuple[bytes, list[str]]:
    """Lay out one print document; returns the PDF and WeasyPrint's warnings (runs in a worker).

    If a footnote lands on another page than its call, the paragraph holding the call
    moves to a new page and the document is laid out again: a shorter page is better
    than a note the reader cannot find.
    """
    from weasyprint import HTML

    with _weasyprint_warnings() as warnings:
        for _ in range(MAX_LAYOUT_FIXES + 1):
            document = HTML(string=html, base_url=static.as_uri() + "/",
                            url_fetcher=_local_only(static)).render(pdf_variant="pdf/ua-1")
            stray = _stray_footnotes(document)
            if not stray:
                break
            html = _break_before_paragraph_of(html, stray[0])
        return document.write_pdf(pdf_variant="pdf/ua-1"), warnings


def render_pdfs(content: Content, options: Options) -> dict[str, bytes]:
    """Every language's PDF, ``{site-relative path: bytes}``; identical input gives identical bytes.

    Layout takes seconds per language and is independent, so languages run in parallel:
    each but the first in a forked child (``workers.Forked``, which dies with this
    process), the first here; the HTML they lay out is made here, once. A child that
    fails has its language laid out again here, where any problem is reported as usual.
    """
    assert content.site is not None
    require_fonts(content.site.codes)
    try:
        import weasyprint  # noqa: F401 - fail here, with advice, rather than in a worker
    except ImportError as exc:
        raise PdfError(f"the PDF needs WeasyPrint: pip install weasyprint ({exc})") from exc
    static = (options.templates / "static").resolve()
    renderer = SiteRenderer(content, options)
    documents = {lang: PrintDocument(renderer, lang).html() for lang in content.site.codes}
    langs = list(documents)
    forked = langs[1:] if (os.cpu_count() or 1) > 1 and hasattr(os, "fork") else []
    children = {lang: Forked(partial(_write_pdf, documents[lang], static)) for lang in forked}
    results: dict[str, tuple[bytes, list[str]]] = {}
    try:
        for lang in langs:
            if lang not in children:
                results[lang] = _write_pdf(documents[lang], static)
        for lang, child in children.items():
            try:
                results[lang] = child.result()
            except ForkFailed:
                results[lang] = _write_pdf(documents[lang], static)
    finally:
        for child in children.values():
            child.close()
    warnings = [f"{pdf_path(lang)}: {message}" for lang in langs for message in results[lang][1]]
    if warnings:
        raise PdfError("WeasyPrint reported problems with the print document:\n  " + "\n  ".join(warnings))
    return {pdf_path(lang): results[lang][0] for lang in langs}
