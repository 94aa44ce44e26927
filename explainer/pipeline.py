"""The build, start to finish: load → validate → render → write.

Nothing replaces the output directory until every file has loaded, every rule has
passed and every page has rendered. With a cache (``cache``), unchanged files are
answered from it, only the pages whose recorded keys changed are rendered again,
and the other files are carried over from the previous output.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import search
from .cache import CachingLoader, State, cache_dir, code_fingerprint, read_state, write_state
from .errors import ContentError, Problem
from .fingerprints import Fingerprints, digest
from .model import Content
from .render import Job, Options, SiteRenderer, build_date
from .validate import validate
from .write import MARKER, Staging, check_output


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

    @property
    def files(self) -> list[str]:
        return sorted(self.written + self.kept)


def check(content_dir: Path, shown: str | None = None, strict: bool = False) -> Result:
    """Load and validate; raise ``ContentError`` with every problem that stops the build."""
    return _load(content_dir, shown, strict, None)[0]


def _load(content_dir: Path, shown: str | None, strict: bool, state: State | None) -> tuple[Result, CachingLoader]:
    loader = CachingLoader(content_dir, shown if shown is not None else str(content_dir),
                           state.loads if state is not None else {})
    content = loader.load()
    problems = loader.problems + validate(content)
    errors = [p for p in problems if p.level == "error" or strict]
    if errors:
        raise ContentError(errors)
    return Result(content, warnings=[p for p in problems if p.level == "warning"], parsed=loader.parsed), loader


def build_site(content_dir: Path, out: Path, shown: str | None = None, strict: bool = False,
               pdf: bool = False, progress: Callable[[str, int, int], None] | None = None,
               cache: bool | Path = True, parallel: bool = True) -> Result:
    """``progress`` hears (stage, done, total) as the build moves on; total is 0 when unknown.

    ``cache=False`` builds from nothing and leaves no cache behind; a path puts the
    cache there instead of beside the content. ``parallel=False`` renders in this
    process only (for callers that run threads, which must not be forked).
    """
    check_output(out, content_dir)
    if progress is not None:
        progress("checking", 0, 0)
    code = code_fingerprint()
    where = cache if isinstance(cache, Path) else cache_dir(content_dir, out) if cache else None
    state = read_state(where, code) if where is not None and (out / MARKER).exists() else State(code=code)
    result, loader = _load(content_dir, shown, strict, state)
    content = result.content
    pdf_names: tuple[tuple[str, str], ...] = ()
    if pdf:
        from .pdf import pdf_path
        pdf_names = tuple((code, pdf_path(code)) for code in content.site.codes)
    options = Options(pdf_names=pdf_names, build_date=build_date(content), progress=progress)
    renderer = SiteRenderer(content, options, load_body=loader.load_body)
    fingerprints = Fingerprints(content, renderer.section_ids, options.templates, options,
                                loader.hashes.__getitem__, loader.known)
    changed = {key for key, old in state.keys.items() if fingerprints(key) != old}
    new = State(code=code, loads=loader.new)
    texts: dict[str, search.PageText | None] = {}
    jobs = renderer.jobs()
    with Staging(out) as staging:
        for job in jobs:
            old = state.outputs.get(job.out)
            if old is not None and not (old[0] & changed) and _intact(out / job.out, old):
                staging.keep(job.out)
                result.kept.append(job.out)
                new.outputs[job.out] = old
                texts[job.out] = state.search.get("texts", {}).get(job.out)
        if progress is not None:
            progress("rendering", len(result.kept), len(jobs))
        todo = [job for job in jobs if job.out not in new.outputs]
        for job, keys, text in _render(renderer, staging, todo, progress, len(result.kept), len(jobs), parallel):
            result.written.append(job.out)
            new.outputs[job.out] = (keys, 0, 0)
            texts[job.out] = text
        if pdf:
            from .pdf import render_pdfs
            if progress is not None:
                progress("rendering PDFs", 0, 0)
            for doc in [*content.sections.values(), *content.pages.values()]:
                if doc.tokens is None:  # the print document shows every body
                    loader.load_body(doc)
            for rel, data in render_pdfs(content, options).items():
                staging.write(rel, data)
                result.written.append(rel)
        if progress is not None:
            progress("indexing", 0, 0)
        new.search = _index(staging, out, state.search, texts, result)
        staging.commit()
    for rel, (keys, _, _) in list(new.outputs.items()):
        stat = os.stat(out / rel)
        new.outputs[rel] = (keys, stat.st_size, stat.st_mtime_ns)
    new.keys = {key: fingerprints(key) for keys, _, _ in new.outputs.values() for key in keys}
    if where is not None:
        write_state(where, new)
    return result


Rendered = tuple[Job, frozenset[str], "search.PageText | None"]


def _render(renderer: SiteRenderer, staging: Staging, jobs: list[Job],
            progress: Callable[[str, int, int], None] | None, done: int, total: int,
            parallel: bool = True) -> list[Rendered]:
    """Render ``jobs`` into the staging directory, on every core when there are many.

    Workers are forked after loading, so they share the content without copying it;
    each writes its files itself and sends back only the keys and search text. The
    result is in job order whatever the workers' timing, so output stays byte-identical.
    """
    workers = min(os.cpu_count() or 1, len(jobs) // PER_WORKER) if parallel else 1
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        rendered = []
        for job in jobs:
            rendered.append(_render_one(renderer, staging, job))
            done += 1
            if progress is not None:
                progress("rendering", done, total)
        return rendered
    global _WORKER
    _WORKER = (renderer, staging)
    batches = [jobs[i::workers * 4] for i in range(workers * 4)]  # interleaved: big pages spread out
    by_out: dict[str, Rendered] = {}
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for batch in pool.map(_render_batch, batches):
                for job, keys, text in batch:
                    by_out[job.out] = (job, keys, text)
                done += len(batch)
                if progress is not None:
                    progress("rendering", done, total)
    finally:
        _WORKER = None
    return [by_out[job.out] for job in jobs]


PER_WORKER = 60
"""Fewer jobs than this per core are rendered in this process: forking costs more than it saves."""
_WORKER: tuple[SiteRenderer, Staging] | None = None
"""What forked workers inherit: the renderer (with the loaded content) and the staging directory."""


def _render_batch(jobs: list[Job]) -> list[Rendered]:
    assert _WORKER is not None
    renderer, staging = _WORKER
    return [_render_one(renderer, staging, job) for job in jobs]


def _render_one(renderer: SiteRenderer, staging: Staging, job: Job) -> Rendered:
    data, keys = renderer.render_job(job)
    staging.write(job.out, data)
    return job, keys, search.page_text(job.out, data) if job.out.endswith(".html") else None


def _intact(path: Path, old: tuple[frozenset[str], int, int]) -> bool:
    """Whether the previous output file is still the one this cache wrote."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat.st_size == old[1] and stat.st_mtime_ns == old[2]


def _index(staging: Staging, out: Path, old: dict, texts: dict[str, search.PageText | None],
           result: Result) -> dict:
    """The search index: a chunk whose pages' texts are unchanged is carried over."""
    pages = [text for text in texts.values() if text is not None]
    files = search.index_files(pages)
    for rel in sorted(files):
        staging.write(rel, files[rel])
        result.written.append(rel)
    return {"texts": texts}
