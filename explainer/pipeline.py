"""The build, start to finish: load → validate → render → write, then the cache for next time.

The core is ``content → files (path, bytes)``: every file comes from a page type
(``pages.PAGE_TYPES``) or an output (``OUTPUTS``: the pages, the PDFs, the search
index). Incremental rebuilds are a layer on top (``Plan``): a file is rendered again
only when a key it read last time has another fingerprint now, and kept otherwise.
Nothing replaces the output directory until every file has loaded, every rule has
passed and every page has rendered.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content.model import Content
from .content.validate import validate
from .incremental.cache import (CachingLoader, State, cache_dir, code_fingerprint, forget_state, read_state,
                                templates_cache, write_state)
from .incremental.fingerprints import Fingerprints
from .site.pages import Page
from .site.render import TEMPLATES, Options, SiteRenderer, build_date
from .site.search_index import Spilled, text_digest, write_index
from .site.write import MARKER, Staging, Update, check_output, recover
from .errors import ContentError, Problem
from .site import search
from .workers import cores, deal, shared

if TYPE_CHECKING:
    from .site.pdf import PdfExport

Progress = Callable[[str, int, int], None]


@dataclass
class Result:
    content: Content
    warnings: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    """Files rendered by this build (site-relative), in the order they were made."""
    kept: list[str] = field(default_factory=list)
    """Files carried over unchanged from the previous output."""
    parsed: int = 0
    """Markdown files parsed by this build (the rest came from the cache)."""
    cache_error: str = ""
    """Why the rebuild cache could not be saved after the site was written ("" when it was)."""

    @property
    def files(self) -> list[str]:
        return sorted(self.written + self.kept)


def check(content_dir: Path, shown: str | None = None, strict: bool = False, base_url: str | None = None) -> Result:
    """Load and validate; raise ``ContentError`` with every problem that stops the build."""
    return load(content_dir, shown, strict, State(), base_url=base_url)[0]


def load(content_dir: Path, shown: str | None, strict: bool, state: State, where: Path | None = None,
         keep: int | None = None, base_url: str | None = None, parallel: bool = False) -> tuple[Result, CachingLoader]:
    """``base_url`` (already normalized, ``load.normalized_base_url``) replaces ``site.yml``'s when given."""
    loader = CachingLoader(content_dir, shown if shown is not None else str(content_dir), state.loads, state.stats,
                           where, keep, parallel)
    content = loader.load()
    if base_url is not None and content.site is not None:
        content = replace(content, site=replace(content.site, base_url=base_url))
    problems = loader.problems + validate(content)
    errors = [p for p in problems if p.level == "error" or strict]
    if errors:
        raise ContentError(errors)
    return Result(content, warnings=[p for p in problems if p.level == "warning"], parsed=loader.parsed), loader


def build_site(content_dir: Path, out: Path, shown: str | None = None, strict: bool = False,
               pdf: bool = False, progress: Progress | None = None,
               cache: bool | Path = True, parallel: bool = True, base_url: str | None = None,
               templates: Path = TEMPLATES) -> Result:
    """``progress`` hears (stage, done, total) as the build moves on; total is 0 when unknown.

    ``base_url`` (normalized) overrides ``site.yml``'s: the same content builds for staging and production.

    ``cache=False`` builds from nothing and leaves no cache behind; a path puts the
    cache there instead of the user's cache folder. ``parallel=False`` works in this
    process only (for callers that run threads, which must not be forked). ``templates`` is the
    folder of templates and static files (``serve`` and the tests may use a copy).
    """
    recover(out)  # what a killed build left: before anything reads the output
    check_output(out, content_dir)
    report = progress or (lambda stage, done, total: None)
    report("checking", 0, 0)
    where = cache if isinstance(cache, Path) else cache_dir(content_dir, out) if cache else None
    previous = _previous_state(where, out)
    result, loader = load(content_dir, shown, strict, previous, where, KEEP_PARSED, base_url, parallel)
    renderer = SiteRenderer(result.content, _options(result.content, content_dir, pdf, templates), loader.bodies.tokens)
    plan = Plan(previous, loader, renderer, out, result.content)
    with plan.writer() as writer, tempfile.TemporaryDirectory(prefix=f".{out.name}.index-",
                                                            dir=out.absolute().parent) as spill:
        build = Build(result, renderer, plan, writer, where, Path(spill), report, parallel and not plan.in_place)
        try:
            for output in OUTPUTS:
                output(build)
        finally:
            if build.pdfs is not None:
                build.pdfs.close()  # a failed build stops the PDFs' layout still running
        writer.commit(sorted({*result.kept, *result.written}))
    if where is not None:  # without a cache, nothing below would be read again
        save_cache(where, plan.next_state(build), result)
    return result


def _previous_state(where: Path | None, out: Path) -> State:
    code = code_fingerprint() if where is not None else ""
    return read_state(where, code) if where is not None and (out / MARKER).exists() else State(code=code)


def _options(content: Content, content_dir: Path, pdf: bool, templates: Path) -> Options:
    pdf_names: tuple[tuple[str, str], ...] = ()
    if pdf:
        from .site.pdf import pdf_path
        pdf_names = tuple((code, pdf_path(code)) for code in content.site.codes)
    return Options(pdf_names=pdf_names, build_date=build_date(content), bytecode_cache=templates_cache(),
                   content_dir=content_dir, templates=templates)


def save_cache(where: Path, state: State, result: Result) -> None:
    """Save the state for the next build; if that fails the site is still written, only the head start is lost."""
    try:
        write_state(where, state)
    except OSError as exc:
        result.cache_error = f"{exc.strerror or exc}: {exc.filename or where}"
        forget_state(where)


class Plan:
    """The incremental layer: which files of the previous build still hold, and the cache for the next one."""

    def __init__(self, state: State, loader: CachingLoader, renderer: SiteRenderer, out: Path, content: Content):
        self.state, self.loader, self.out = state, loader, out
        self.fingerprints = Fingerprints(content, content.section_ids(), renderer.options.templates,
                                         renderer.options, loader.hashes.__getitem__, loader.known)
        edited = {rel for rel in state.stats.keys() | loader.stats.keys()
                  if state.stats.get(rel, ((), ""))[1] != loader.stats.get(rel, ((), ""))[1]}
        # The site's settings are always compared, not only when site.yml changed: the base URL may come from the
        # command line, and a page built for another base must never be kept.
        self.changed = self.fingerprints.changed(state.keys, edited | {"site.yml"})
        self.needles = tuple(f"\n{key}\n" for key in self.changed)
        """Each changed key as it appears in a file's recorded keys (``State.outputs``)."""
        self.pages = renderer.pages()
        prefix = str(out.absolute()) + os.sep
        self.kept = [page for page in self.pages if self.holds(page.out, prefix)]
        kept = {page.out for page in self.kept}
        self.todo = sorted((page for page in self.pages if page.out not in kept), key=_by_document)
        self.in_place = bool(state.outputs) and len(self.todo) <= IN_PLACE
        self.read: dict[str, tuple[str, ...]] = {}
        """The keys each file rendered by this build read, sorted."""

    def holds(self, rel: str, prefix: str) -> bool:
        """Whether the previous build's ``rel`` read nothing that changed and is still on disk as written."""
        old = self.state.outputs.get(rel)
        if old is None or any(needle in old[0] for needle in self.needles):
            return False
        try:
            stat = os.stat(prefix + rel)
        except OSError:
            return False
        return stat.st_size == old[1] and stat.st_mtime_ns == old[2]

    def writer(self) -> Staging | Update:
        """A few pages to change in a site this cache wrote: change them in place. Otherwise build anew beside it."""
        return Update(self.out) if self.in_place else Staging(self.out)

    def next_state(self, build: Build) -> State:
        """Kept files keep their recorded keys; a changed key that no file reads any more is dropped."""
        state = self.state
        new = State(code=state.code, loads=self.loader.new, stats=self.loader.stats, search=build.search_state,
                    produced=tuple(sorted({*build.result.kept, *build.result.written})))
        new.outputs = {page.out: state.outputs[page.out] for page in self.kept}
        new.keys = {key: fp for key, fp in state.keys.items() if key not in self.changed}
        prefix = str(self.out.absolute()) + os.sep
        for rel, keys in self.read.items():
            stat = os.stat(prefix + rel)
            new.outputs[rel] = ("\n" + "\n".join(keys) + "\n", stat.st_size, stat.st_mtime_ns)
            new.keys.update((key, self.fingerprints(key)) for key in keys)
        return new


@dataclass
class Build:
    """One build under way: what every output reads and adds to."""

    result: Result
    renderer: SiteRenderer
    plan: Plan
    writer: Staging | Update
    where: Path | None
    spill: Path
    progress: Progress
    parallel: bool
    texts: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    """Output path → (language, text digest) of every page the search indexes."""
    indexes: dict[str, Spilled] = field(default_factory=dict)
    """Output path → where its share of the index waits, for the pages this build rendered."""
    search_state: dict = field(default_factory=dict)
    pdfs: PdfExport | None = None
    """The PDFs under way (``pdf.PdfExport``) between ``start_pdfs`` and ``render_pdfs``."""


def render_pages(build: Build) -> None:
    """Every page and site-wide file: the ones still holding kept, the others rendered on every core."""
    plan, result = build.plan, build.result
    for page in plan.kept:
        build.writer.keep(page.out, seen=True)
        result.kept.append(page.out)
        build.texts[page.out] = plan.state.search.get("pages", {}).get(page.out)
    total = len(plan.pages)
    build.progress("rendering", len(result.kept), total)
    hands = min(cores(), len(plan.todo) // PER_CORE) if build.parallel else 1
    if hands >= 2:
        build.renderer.preload()  # compiled once here, shared by the forked children
    heavy = [page for page in plan.todo if page.type.heavy]  # one to each process first: they take longest
    shares = deal(heavy, [page for page in plan.todo if not page.type.heavy], max(hands, 1))
    for rendered in shared(lambda share: [_render_one(build, page) for page in share], shares):
        for out, keys, text, index in rendered:
            result.written.append(out)
            plan.read[out] = keys
            build.texts[out] = text
            if index is not None:
                build.indexes[out] = index
        build.progress("rendering", len(result.kept) + len(result.written), total)


def _render_one(build: Build, page: Page) -> tuple[str, tuple[str, ...], tuple[str, str] | None, Spilled | None]:
    """Render and write one file; for a page the search indexes, its text's digest and where its index share is."""
    data, keys = build.renderer.render_job(page)
    if build.where is None:
        keys = ()  # what it read matters only to a cache: without one, 14,000 pages' keys are ~30 MB at N=500
    build.writer.write(page.out, data)
    text = search.page_text(page.out, data) if page.out.endswith(".html") and b"data-search-body" in data else None
    if text is None:
        return page.out, keys, None, None
    return page.out, keys, (text.lang, text_digest(text)), Spilled.put(build.spill, search.index_page(text))


def start_pdfs(build: Build) -> None:
    """Start laying out the PDFs, in a forked child: they take longest and need none of the pages."""
    if not build.renderer.options.pdf_names:
        return
    from .site.pdf import PdfExport
    build.pdfs = PdfExport(build.result.content, build.renderer.options, build.plan.loader.bodies.tokens,
                           background=build.parallel)


def render_pdfs(build: Build) -> None:
    if build.pdfs is None:
        return
    build.progress("rendering PDFs", 0, 0)
    for rel, data in build.pdfs.result().items():
        build.writer.write(rel, data)
        build.result.written.append(rel)


def index_for_search(build: Build) -> None:
    build.progress("indexing", 0, 0)
    build.search_state = write_index(build.writer, build.where, build.plan.state.search, build.texts, build.indexes,
                                     build.result)


def remove_stale(build: Build) -> None:
    """Remove what this build no longer makes (a removed section, a PDF), when changing a site in place."""
    made = {*build.result.kept, *build.result.written}
    for rel in sorted(set(build.plan.state.produced) - made):
        build.writer.remove(rel)


OUTPUTS: tuple[Callable[[Build], None], ...] = (start_pdfs, render_pages, render_pdfs, index_for_search, remove_stale)
"""What a build makes, in order: the PDFs started, the site's pages and files while they are laid out, the PDFs
written, the search index (from the pages' texts)."""
IN_PLACE = 200
"""Rebuilds rendering at most this many pages change the old site in place (``write.Update``)."""
PER_CORE = 12
"""Fewer pages than this per core are rendered in this process only: forking costs more than it saves."""
KEEP_PARSED = 32
"""Documents that keep their parsed body after loading (``load.Bodies``): every one of a small site."""


def _by_document(page: Page) -> tuple[Any, ...]:
    """Render order: each section's pages in every language together, so its documents are parsed
    again at most once while they are needed (``load.Bodies``); then every other page."""
    if page.document:
        return (0, page.document, page.type.name, page.out)
    return (1, page.out)

