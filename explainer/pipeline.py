"""The build, start to finish: load → validate → render → write.

Nothing replaces the output directory until every file has loaded, every rule has
passed and every page has rendered. With a cache (``cache``), unchanged files are
answered from it, only the pages whose recorded keys changed are rendered again,
and the other files are carried over from the previous output.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from . import search
from .cache import (CachingLoader, State, cache_dir, code_fingerprint, forget_state, read_state, templates_cache,
                    write_pickle, write_state)
from .errors import ContentError, Problem
from .fingerprints import Fingerprints, digest
from .model import Content
from .render import Job, Options, SiteRenderer, build_date
from .validate import validate
from .workers import Forked, ForkFailed, forked_map
from .write import MARKER, Staging, Update, check_output, recover


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


def check(content_dir: Path, shown: str | None = None, strict: bool = False) -> Result:
    """Load and validate; raise ``ContentError`` with every problem that stops the build."""
    return _load(content_dir, shown, strict, None)[0]


def _load(content_dir: Path, shown: str | None, strict: bool, state: State | None,
          where: Path | None = None, lean: bool = False, parallel: bool = False) -> tuple[Result, CachingLoader]:
    loader = CachingLoader(content_dir, shown if shown is not None else str(content_dir),
                           state.loads if state is not None else {}, state.stats if state is not None else {},
                           where, lean, parallel)
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
    cache there instead of the user's cache folder. ``parallel=False`` parses, renders and
    indexes in this process only (for callers that run threads, which must not be forked).
    """
    recover(out)  # what a killed build left: before anything reads the output
    check_output(out, content_dir)
    if progress is not None:
        progress("checking", 0, 0)
    where = cache if isinstance(cache, Path) else cache_dir(content_dir, out) if cache else None
    code = code_fingerprint() if where is not None else ""
    state = read_state(where, code) if where is not None and (out / MARKER).exists() else State(code=code)
    result, loader = _load(content_dir, shown, strict, state, where, lean=True, parallel=parallel)
    content = result.content
    pdf_names: tuple[tuple[str, str], ...] = ()
    if pdf:
        from .pdf import pdf_path
        pdf_names = tuple((code, pdf_path(code)) for code in content.site.codes)
    options = Options(pdf_names=pdf_names, build_date=build_date(content),
                      bytecode_cache=templates_cache())
    renderer = SiteRenderer(content, options, load_body=loader.load_body)
    fingerprints = Fingerprints(content, renderer.section_ids, options.templates, options,
                                loader.hashes.__getitem__, loader.known)
    edited = {rel for rel in state.stats.keys() | loader.stats.keys()
              if state.stats.get(rel, ((), ""))[1] != loader.stats.get(rel, ((), ""))[1]}
    changed = fingerprints.changed(state.keys, edited)
    new = State(code=code, loads=loader.new, stats=loader.stats)
    texts: dict[str, tuple[str, str] | None] = {}
    """Output path → (language, text digest) of every page the search indexes."""
    indexes: dict[str, search.PageIndex | Spilled] = {}
    """Output path → its share of the index (or where a worker put it), for the pages this build rendered."""
    jobs = renderer.jobs()
    prefix = str(out.absolute()) + os.sep
    todo: list[Job] = []
    fresh: dict[str, frozenset[str]] = {}
    """The keys each file rendered by this build read."""
    for job in jobs:
        old = state.outputs.get(job.out)
        if old is not None and not _reads(old[0], changed) and _intact(prefix + job.out, old):
            result.kept.append(job.out)
            new.outputs[job.out] = old
            texts[job.out] = state.search.get("pages", {}).get(job.out)
        else:
            todo.append(job)
    todo.sort(key=_by_document)
    # A few pages to change in a site this cache wrote: change them in place. Otherwise build anew beside it.
    in_place = bool(state.outputs) and len(todo) <= IN_PLACE
    with (Update(out) if in_place else Staging(out)) as writer, \
            tempfile.TemporaryDirectory(prefix=f".{out.name}.index-", dir=out.absolute().parent) as spill:
        for rel in result.kept:
            writer.keep(rel)
        if progress is not None:
            progress("rendering", len(result.kept), len(jobs))
        for job, keys, text, index in _render(renderer, writer, todo, progress, len(result.kept), len(jobs),
                                              spill, parallel and not in_place):
            result.written.append(job.out)
            fresh[job.out] = keys
            texts[job.out] = text
            if index is not None:
                indexes[job.out] = index
        if pdf:
            from .pdf import render_pdfs
            if progress is not None:
                progress("rendering PDFs", 0, 0)
            loader.lean = False  # the print document shows every body at once
            for doc in [*content.sections.values(), *content.pages.values()]:
                if doc.tokens is None:
                    loader.load_body(doc)
            for rel, data in render_pdfs(content, options).items():
                writer.write(rel, data)
                result.written.append(rel)
        if progress is not None:
            progress("indexing", 0, 0)
        new.search = _index(writer, where, state.search, texts, indexes, result, parallel and not in_place)
        new.produced = tuple(sorted({*result.kept, *result.written}))
        for rel in sorted(set(state.produced) - set(new.produced)):
            writer.remove(rel)  # a page or index file this build no longer makes (a removed section, a PDF)
        writer.commit(list(new.produced))
    if where is not None:  # without a cache, nothing below would be read again
        # Kept files are hard links: their size and mtime are the ones already recorded. The keys of
        # kept files are unchanged; a changed key that no file reads any more is dropped.
        new.keys = {key: fp for key, fp in state.keys.items() if key not in changed}
        for rel, keys in fresh.items():
            stat = os.stat(prefix + rel)
            new.outputs[rel] = ("\n".join(sorted(keys)), stat.st_size, stat.st_mtime_ns)
            new.keys.update((key, fingerprints(key)) for key in keys)
        try:
            write_state(where, new)
        except OSError as exc:  # the site is written; only the next build's head start is lost
            result.cache_error = f"{exc.strerror or exc}: {exc.filename or where}"
            forget_state(where)
    return result


class Spilled(NamedTuple):
    """A page's index share, which the worker that rendered it wrote to ``path`` at ``offset``."""

    path: str
    offset: int
    size: int


Rendered = tuple[Job, frozenset[str], "tuple[str, str] | None", "search.PageIndex | Spilled | None"]


def _render(renderer: SiteRenderer, staging: Staging | Update, jobs: list[Job],
            progress: Callable[[str, int, int], None] | None, done: int, total: int,
            spill: str, parallel: bool = True) -> list[Rendered]:
    """Render ``jobs`` into the staging directory, on every core when there are many.

    Workers are forked after loading, so they share the content without copying it;
    each writes its files itself, and the pages' index shares to a file of its own in
    the folder ``spill``, and sends back only the keys, a digest of each page's text
    and where its share is: a big site's index waits on disk, not in this process,
    until ``_index`` merges it one chunk at a time. The result is in job order whatever
    the workers' timing, so output stays byte-identical.
    """
    workers = min(os.cpu_count() or 1, len(jobs) // PER_WORKER) if parallel else 1
    if workers < 2 or not hasattr(os, "fork"):
        rendered = []
        for job in jobs:
            rendered.append(_render_one(renderer, staging, job))
            done += 1
            if progress is not None:
                progress("rendering", done, total)
        return rendered
    renderer.preload()  # compiled once here, shared by the forked workers
    if len(jobs) < SHARED_BELOW:
        return _render_shared(renderer, staging, jobs, workers, progress, done, total)
    global _WORKER
    _WORKER = (renderer, staging, spill)
    # The pages that list every claim first, one batch each, so they never end up one after the other on one
    # core at the end; then the rest in order, a section's pages together, in batches small enough to balance.
    heavy = [[job] for job in jobs if job.method == "claims_page"]
    rest = [job for job in jobs if job.method != "claims_page"]
    size = max(1, -(-len(rest) // (workers * 16)))
    batches = heavy + [rest[i:i + size] for i in range(0, len(rest), size)]
    by_out: dict[str, Rendered] = {}
    try:
        for batch in forked_map(_render_batch, batches, workers):
            for rendered in batch:
                by_out[rendered[0].out] = rendered
            done += len(batch)
            if progress is not None:
                progress("rendering", done, total)
    finally:
        _WORKER = None
    return [by_out[job.out] for job in jobs]


def _render_shared(renderer: SiteRenderer, staging: Staging | Update, jobs: list[Job], workers: int,
                   progress: Callable[[str, int, int], None] | None, done: int, total: int) -> list[Rendered]:
    """A small site's pages, dealt in turn to this process and ``workers - 1`` forked children.

    Starting a pool (its processes, its threads, the queues) costs 15-30 ms, a tenth
    of a small site's whole build, and leaves this process waiting; a plain fork per
    child and this process rendering its own share do not. The pages listing every
    claim are dealt first, one to each process. A child that fails has its share
    rendered again here, where any problem is reported as usual.
    """
    first = sorted(jobs, key=lambda job: job.method != "claims_page")
    shares = [first[i::workers] for i in range(workers)]
    children = [Forked(partial(_render_all, renderer, staging, share)) for share in shares[1:]]
    by_out: dict[str, Rendered] = {}
    try:
        for job in shares[0]:
            by_out[job.out] = _render_one(renderer, staging, job)
            done += 1
            if progress is not None:
                progress("rendering", done, total)
        for child, share in zip(children, shares[1:]):
            try:
                rendered = child.result()
            except ForkFailed:
                rendered = _render_all(renderer, staging, share)
            by_out.update((item[0].out, item) for item in rendered)
            done += len(rendered)
            if progress is not None:
                progress("rendering", done, total)
    finally:
        for child in children:
            child.close()
    return [by_out[job.out] for job in jobs]


def _render_all(renderer: SiteRenderer, staging: Staging | Update, jobs: list[Job]) -> list[Rendered]:
    return [_render_one(renderer, staging, job) for job in jobs]


IN_PLACE = 200
"""Rebuilds rendering at most this many pages change the old site in place (``write.Update``)."""
SHARED_BELOW = 200
"""Fewer jobs than this are shared between this process and forked children (``_render_shared``), more go
to a pool, which hands out small batches as workers free up: better balanced, for the price of starting it."""
PER_WORKER = 12
"""Fewer jobs than this per core are rendered in this process: forking costs more than it saves."""
_WORKER: tuple[SiteRenderer, Staging | Update, str] | None = None
"""What forked workers inherit: the renderer (with the loaded content), the staging directory, the spill folder."""
_SPILL_FILE: BinaryIO | None = None
"""In a render worker: its file in the spill folder, opened at its first share."""


def _by_document(job: Job) -> tuple[Any, ...]:
    """Render order: each section's pages in every language together, so its documents are parsed
    once while they are needed (``CachingLoader.load_body``); then every other page."""
    if job.method in ("section", "parallel"):
        return (0, job.args[-1], job.method, job.out)
    return (1, job.out)


def _render_batch(jobs: list[Job]) -> list[Rendered]:
    assert _WORKER is not None
    renderer, staging, spill = _WORKER
    rendered = []
    for job in jobs:
        job, keys, text, index = _render_one(renderer, staging, job)
        rendered.append((job, keys, text, None if index is None else _spill(spill, index)))
    if _SPILL_FILE is not None:
        _SPILL_FILE.flush()  # before the build reads any of this batch's shares
    return rendered


def _spill(folder: str, index: search.PageIndex) -> Spilled:
    global _SPILL_FILE
    if _SPILL_FILE is None:
        _SPILL_FILE = open(os.path.join(folder, f"{os.getpid()}.pickle"), "ab")
    data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    offset = _SPILL_FILE.tell()
    _SPILL_FILE.write(data)
    return Spilled(_SPILL_FILE.name, offset, len(data))


def _unspill(share: search.PageIndex | Spilled | None) -> search.PageIndex | None:
    if not isinstance(share, Spilled):
        return share
    with open(share.path, "rb") as f:
        f.seek(share.offset)
        return pickle.loads(f.read(share.size))


def _render_one(renderer: SiteRenderer, staging: Staging | Update, job: Job) -> Rendered:
    """Render and write one file; for a page the search indexes, also its text's digest and index share."""
    data, keys = renderer.render_job(job)
    staging.write(job.out, data)
    text = search.page_text(job.out, data) if job.out.endswith(".html") and b"data-search-body" in data else None
    if text is None:
        return job, keys, None, None
    return job, keys, (text.lang, _text_digest(text)), search.index_page(text)


def _reads(keys: str, changed: set[str]) -> bool:
    """Whether a file whose keys are ``keys`` (one per line) read one of ``changed``."""
    if not changed:
        return False
    lines = "\n" + keys + "\n"
    return any(f"\n{key}\n" in lines for key in changed)


def _intact(path: str, old: tuple[str, int, int]) -> bool:
    """Whether the previous output file is still the one this cache wrote."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat.st_size == old[1] and stat.st_mtime_ns == old[2]


def _index(staging: Staging | Update, where: Path | None, old: dict, texts: dict[str, tuple[str, str] | None],
           indexes: dict[str, search.PageIndex | Spilled], result: Result, parallel: bool = True) -> dict:
    """Write the search index; a chunk whose pages' texts are all unchanged is carried over.

    ``texts`` has the (language, text digest) of every indexed page, ``indexes`` the
    index share of each page this build rendered. A changed chunk is made from its
    pages' shares (``_merge_chunk``), on every core when there are many.
    """
    pages = {url: text for url, text in texts.items() if text is not None}
    old_chunks = old.get("chunks", {})
    chunks: dict[tuple[str, int], Any] = {}
    todo: list[tuple[str, int, tuple[tuple[str, str], ...], Any]] = []
    stand_ins = (search.PageText(lang, url, "", "", ()) for url, (lang, _) in pages.items())
    for lang, k, members in search.chunks(stand_ins):
        identity = tuple((page.url, pages[page.url][1]) for page in members)
        previous = old_chunks.get((lang, k))
        if previous is not None and previous[0] == identity and _keep_all(staging, previous[2]):
            chunks[(lang, k)] = previous
            result.kept.extend(previous[2])
        else:
            chunks[(lang, k)] = None  # its place, in order
            todo.append((lang, k, identity, previous))
    workers = min(os.cpu_count() or 1, sum(len(task[2]) for task in todo) // MERGE_PER_WORKER)
    global _MERGING
    _MERGING = (staging, where, indexes)
    try:
        merged = (forked_map(_merge_chunk, todo, workers) if parallel and workers >= 2 and hasattr(os, "fork")
                  else map(_merge_chunk, todo))
        for lang, k, entry, written, kept in merged:
            chunks[(lang, k)] = entry
            result.written.extend(written)
            result.kept.extend(kept)
    finally:
        _MERGING = None
    summaries: dict[str, list[tuple[str, int, int]]] = {}
    for (lang, _), entry in chunks.items():
        summaries.setdefault(lang, []).append(entry[1])
    for lang in sorted(summaries):
        for rel, data in search.manifest(lang, summaries[lang]).items():
            staging.write(rel, data)
            result.written.append(rel)
    return {"pages": pages, "chunks": chunks}


MERGE_PER_WORKER = 128
"""Fewer pages than this per core in the changed chunks are indexed in this process."""
_MERGING: tuple[Staging | Update, Path | None, dict[str, search.PageIndex | Spilled]] | None = None
"""What forked index workers inherit: where to write, the cache folder, the shares of the pages rendered."""


def _merge_chunk(task: tuple[str, int, tuple[tuple[str, str], ...], Any]) -> tuple[str, int, Any, list[str], list[str]]:
    """Write one changed chunk: (lang, k, its state entry, files written, files kept).

    Its pages' shares are the ones this build rendered, else the chunk's cache file's.
    A page whose text did not change keeps its excerpt files, named by its place.
    """
    assert _MERGING is not None
    staging, where, indexes = _MERGING
    lang, k, identity, previous = task
    cached = _chunk_cache(where, lang, k)
    shares = [_unspill(indexes.get(url)) or cached.get(url) or _reindex(staging, url) for url, _ in identity]
    own = search.chunk_files_from(lang, k, shares)
    same = {f"t{i}-" for i, ident in enumerate(identity)
            if previous is not None and i < len(previous[0]) and previous[0][i] == ident}
    before = set(previous[2]) if previous is not None else set()
    written, kept = [], []
    for rel in sorted(own):
        name = rel.rsplit("/", 1)[1]
        if rel in before and name.startswith("t") and name[:name.index("-") + 1] in same:
            try:
                staging.keep(rel)
                kept.append(rel)
                continue
            except FileNotFoundError:  # deleted from the output since: written again
                pass
        staging.write(rel, own[rel])
        written.append(rel)
    _save_chunk_cache(where, lang, k, {share.url: share for share in shares})
    return lang, k, (identity, search.chunk_summary(lang, k, own), tuple(sorted(own))), written, kept


def _reindex(staging: Staging | Update, url: str) -> search.PageIndex:
    """A kept page whose index the cache lost: read it back from the previous output."""
    text = search.page_text(url, (staging.out / url).read_bytes())
    assert text is not None, url
    return search.index_page(text)


def _text_digest(text: search.PageText) -> str:
    return digest(repr((text.title, text.text, text.anchors)))


def _keep_all(staging: Staging | Update, names: tuple[str, ...]) -> bool:
    """Carry a chunk's files over; False (and nothing half-kept matters) if one is gone."""
    if isinstance(staging, Update):  # nothing to link: check the chunk's folders hold them, one listing each
        listed: dict[str, set[str]] = {}
        for rel in names:
            folder, _, name = rel.rpartition("/")
            if folder not in listed:
                try:
                    listed[folder] = set(os.listdir(staging.out / folder))
                except OSError:
                    return False
            if name not in listed[folder]:
                return False
        return True
    try:
        for rel in names:
            staging.keep(rel)
    except OSError:
        return False
    return True


def _chunk_cache(where: Path | None, lang: str, k: int) -> dict[str, search.PageIndex]:
    if where is None:
        return {}
    try:
        return pickle.loads((where / f"search-{lang}-{k}.pickle").read_bytes())
    except Exception:  # no cache: the pages it should hold were all rendered, or the build fails below
        return {}


def _save_chunk_cache(where: Path | None, lang: str, k: int, indexes: dict[str, search.PageIndex]) -> None:
    if where is not None:
        write_pickle(where / f"search-{lang}-{k}.pickle", indexes)
