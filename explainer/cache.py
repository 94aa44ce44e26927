"""What the last build read and wrote, so the next one redoes only what changed.

Two layers, both keyed by content hashes (never by modification times alone):

* **Loading.** Each content file's loaded form and its own problems, keyed by the
  hash of its bytes and the site's languages. An unchanged Markdown file comes back
  without its tokens, which are parsed again only if a page that shows its body is
  rendered; an unchanged ``claims.yml`` comes back as an index plus one pickled
  record per claim, unpickled when a page reads that claim.
* **Rendering.** Each output file's recorded keys (``tracking``) and each key's
  fingerprint (``fingerprints``). A file is made again exactly when one of its keys
  changed, when it is new, or when the copy on disk is not the one this cache wrote.

Everything is invalidated at once when the code that renders could differ: this
package's sources, Python's or a rendering library's version (``code_fingerprint``).
A cache that cannot be read is ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import marshal
import os
import pickle
import sys
from stat import S_ISREG
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .body import note_labels
from .errors import ContentError, Problem
from .fingerprints import digest, of
from .load import Loader, by_name
from .model import Doc, Ref
from .workers import Forked, ForkFailed, forked_map

FORMAT = 1
LIBRARIES = {"jinja2": "jinja2", "markupsafe": "markupsafe", "markdown_it": "markdown_it_py",
             "mdit_py_plugins": "mdit_py_plugins", "yaml": "pyyaml"}
"""The libraries whose versions can change what a page looks like: module → distribution."""
REGISTRIES = {"claims": "claims.yml", "terms": "glossary.yml", "charts": "charts.yml"}
"""Loader method → file, for the registries whose records are cached one by one."""


def code_fingerprint() -> str:
    """What, besides the content, decides every output byte: our code and the libraries' versions."""
    parts = [sys.version, str(FORMAT)]
    for module, distribution in LIBRARIES.items():
        parts.append(f"{module}={_installed(module, distribution)}")
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        parts.append(path.name + digest(path.read_bytes()))
    return digest("\n".join(parts))


def _installed(module: str, distribution: str) -> str:
    """Which copy of a library is installed, found without importing it (a rebuild with nothing to
    render never loads the template or Markdown libraries, and ``importlib.metadata`` alone costs
    more than such a rebuild's reading of the cache): where it is, the hash of its ``__init__.py``,
    and the names of the installed distribution's metadata folders beside it, which carry its
    version (``Jinja2-3.1.4.dist-info``)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "?"
    site = os.path.dirname(os.path.dirname(spec.origin))
    try:
        with open(spec.origin, "rb") as init:
            found = [spec.origin, digest(init.read())]
        found += sorted(name for name in os.listdir(site) if name.endswith((".dist-info", ".egg-info"))
                        and name.split("-", 1)[0].lower() == distribution)
    except OSError:
        return "?"
    return ":".join(found)


@dataclass
class State:
    """The cache's whole content, one ``marshal`` file (of plain values only: several times faster than pickle)."""

    code: str = ""
    loads: dict[str, tuple[Any, Any, bytes, tuple[str, ...]]] = field(default_factory=dict)
    """Content path → (key: file hash and languages, loaded result as plain values, its problems pickled, broken)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Every key some output read → its fingerprint when that output was made."""
    outputs: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    """Output path → (the keys it read, one per line; size and mtime_ns of the file written).

    Lines of one string, not a set: marshal writes 2,000 sets of strings ten times slower."""
    search: dict[str, Any] = field(default_factory=dict)
    """Search index: each indexed page's text digest, each chunk's pages and files (``pipeline._index``)."""
    stats: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    """Content path → (mtime, ctime, size, inode) and the content hash they were seen with."""
    produced: tuple[str, ...] = ()
    """Every file the build wrote or kept, so a rebuild in place can remove those no longer made."""


def cache_base() -> Path:
    """``$EXPLAINER_CACHE``, else ``explainer/`` in the user's cache folder (``$XDG_CACHE_HOME`` or ~/.cache).

    Not in the project: a build writes nothing there but its output.
    """
    base = os.environ.get("EXPLAINER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "explainer")
    return Path(base)


def cache_dir(content: Path, out: Path) -> Path:
    """The rebuild cache of one (content, output) pair."""
    return cache_base() / digest(f"{content.resolve()}\0{out.resolve()}")


def templates_cache() -> Path | None:
    """Where Jinja keeps compiled templates, for every build (even ``--no-cache``, as Python keeps .pyc).

    Jinja keys each entry by the template's source, so a stale entry is never used.
    None when the folder cannot be written.
    """
    folder = cache_base() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


STATE = "state.marshal"


def read_state(directory: Path, code: str) -> State:
    try:
        data = marshal.loads((directory / STATE).read_bytes())  # marshal.load(file) is ~6× slower
        state = State(**data)
    except Exception:  # missing, truncated, from another version: start cold
        return State(code=code)
    return state if state.code == code else State(code=code)


def write_state(directory: Path, state: State) -> None:
    """Atomically, so an interrupted build leaves the previous cache or none; stale side files go."""
    directory.mkdir(parents=True, exist_ok=True)
    keep = side_files(state)
    for path in directory.glob("registry-*.marshal"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
    try:
        data = marshal.dumps({f.name: getattr(state, f.name) for f in dataclasses.fields(state)})
    except ValueError:  # a value marshal cannot write: no cache this time, the next build starts cold
        (directory / STATE).unlink(missing_ok=True)
        return
    _write_atomically(directory / STATE, data)


def forget_state(directory: Path) -> None:
    """Remove a cache that could not be updated, so the next build starts cold rather than from stale state."""
    try:
        (directory / STATE).unlink(missing_ok=True)
    except OSError:
        pass  # not a file (then read_state starts cold anyway), or not removable


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pickle(path: Path, value: Any) -> None:
    """Atomically, so an interrupted build leaves the previous file or none."""
    _write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class LazyRegistry(Mapping):
    """A registry from the cache: ids and fingerprints at once, each record unpickled when read."""

    def __init__(self, blobs: dict[str, bytes], brief: dict[str, tuple[str, str, int]]):
        self.blobs, self.brief_of = blobs, brief
        self.records: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        record = self.records.get(key)
        if record is None:
            record = self.records[key] = pickle.loads(self.blobs[key])
        return record

    def __contains__(self, key: object) -> bool:
        return key in self.blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self.blobs)

    def __len__(self) -> int:
        return len(self.blobs)

    def brief(self) -> Iterator[tuple[str, str, str, int]]:
        """(id, section, path, line) of each record, without unpickling it (for validation)."""
        for key, (section, path, line) in self.brief_of.items():
            yield key, section, path, line


class CachingLoader(Loader):
    """The content loader, answering unchanged files from the cache.

    ``hashes`` gives every loaded file's content hash by its shown path (the
    fingerprint of a Markdown file); ``known`` the fingerprints of cached registry
    records; ``new`` the load cache for the next build.
    """

    def __init__(self, root: Path, shown: str, old: dict[str, tuple[Any, Any]],
                 old_stats: dict[str, tuple[tuple[int, ...], str]] | None = None, directory: Path | None = None,
                 lean: bool = False, parallel: bool = False):
        """``directory``: the cache folder, where big registries are kept in files of their own.

        ``lean``: keep the tokens of no more than ``KEEP_PARSED`` documents after loading them (see ``load_body``).
        ``parallel``: parse many changed Markdown files in forked workers (``_prefetch``).
        """
        super().__init__(root, shown)
        self.old, self.old_stats, self.directory, self.lean = old, old_stats or {}, directory, lean
        self.parallel = parallel
        self.bodies: list[Doc] = []
        self.new: dict[str, tuple[Any, Any]] = {}
        self.stats: dict[str, tuple[tuple[int, ...], str]] = {}
        """Content path → (its stat when hashed, its hash): a file whose stat is unchanged is not read."""
        self.hashes: dict[str, str] = {}
        self.known: dict[str, str] = {}
        self.parsed = 0

    def _key(self, rel: str, path: Path) -> tuple[str, tuple[str, ...], str] | None:
        """(content hash, languages, how paths are shown) of a regular file: everything its loaded form
        and its problems depend on (they carry the path as the user typed it). The hash is read again
        only if the file's stat changed. None for anything else (a link, a folder, nothing), which the
        plain loader reads or refuses without the cache."""
        seen = self.stats.get(rel)
        if seen is not None:
            return seen[1], self.langs, self.shown
        try:
            st = os.lstat(path)  # one call: a link is never answered from the cache, whatever it points to
            if not S_ISREG(st.st_mode):
                return None
            stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            known = self.old_stats.get(rel)
            if known is not None and known[0] == stamp:
                h = known[1]
            else:
                h = digest(path.read_bytes())
        except OSError:
            return None
        self.stats[rel] = (stamp, h)
        self.hashes[os.path.join(self.shown, rel)] = h
        return h, self.langs, self.shown

    def _replay(self, rel: str, key: Any) -> Any:
        """The cached result for ``rel`` if its key matches, with its problems re-reported."""
        entry = self.old.get(rel)
        if key is None or entry is None or entry[0] != key:
            return None
        _, value, problems, broken = entry
        if problems:
            self.problems += pickle.loads(problems)
        self.broken.update(broken)
        self.new[rel] = entry
        return value

    def _remember(self, rel: str, key: Any, value: Any, since: int, broken_before: set[str]) -> None:
        if key is not None:
            problems = self.problems[since:]
            self.new[rel] = (key, value, pickle.dumps(problems) if problems else b"",
                             tuple(sorted(self.broken - broken_before)))

    def docs(self, kind: str) -> dict[tuple[str, str], Doc]:
        if self.parallel:
            self._prefetch(kind)
        return super().docs(kind)

    def _prefetch(self, kind: str) -> None:
        """Parse the changed Markdown files of ``kind`` on every core, into the load cache.

        ``doc`` then answers each from the cache, in order, exactly as if it had parsed it.
        Worth it only for many files: forking costs some milliseconds.
        """
        folder = self.root / kind
        if not folder.is_dir() or not hasattr(os, "fork"):
            return
        todo = []
        for lang_dir in sorted(folder.iterdir(), key=by_name):
            if not lang_dir.is_dir() or lang_dir.name not in self.langs:
                continue
            for path in sorted(lang_dir.iterdir(), key=by_name):
                rel = f"{kind}/{lang_dir.name}/{path.name}"
                key = self._key(rel, path)
                entry = self.old.get(rel)
                if key is not None and (entry is None or entry[0] != key):
                    todo.append((kind, lang_dir.name, path, rel))
        workers = min(os.cpu_count() or 1, len(todo) // PREFETCH_PER_WORKER)
        if workers < 2:
            return
        global _PREFETCHING
        _PREFETCHING = self
        try:
            for rel, entry in forked_map(_parse_into_cache, todo, workers, chunksize=max(1, len(todo) // (workers * 4))):
                if entry is not None:
                    self.old[rel] = entry
        finally:
            _PREFETCHING = None

    def doc(self, kind: str, lang: str, path: Path) -> Doc | None:
        rel = f"{kind}/{lang}/{path.name}"
        key = self._key(rel, path)
        cached = self._replay(rel, key)
        if cached is not None:
            return _decode_doc(cached)  # without tokens: parsed again only if a page shows its body
        since, broken = len(self.problems), set(self.broken)
        doc = super().doc(kind, lang, path)
        self.parsed += 1
        if doc is not None:
            doc.notes = note_labels(doc.tokens)
            self._remember(rel, key, _encode_doc(doc), since, broken)
            if self.lean and self.parsed > KEEP_PARSED:  # parsed again when a page shows it
                doc.body, doc.tokens = "", None  # type: ignore[assignment]
        return doc

    def load_body(self, doc: Doc) -> None:
        """Parse a document's Markdown again, when a page shows its body.

        In a lean load (``lean``) only the last ``KEEP_BODIES`` documents parsed keep their
        tokens: a big site's tokens never all sit in memory at once.
        """
        kind = doc.kind + "s"
        path = self.root / kind / doc.lang / os.path.basename(doc.path)
        full = Loader.doc(self, kind, doc.lang, path)
        self.parsed += 1
        if full is None or digest(path.read_bytes()) != self.hashes.get(doc.path):
            raise ContentError([Problem(doc.path, 0, "the file changed while the site was being built",
                                        "build again")])
        doc.body, doc.tokens = full.body, full.tokens
        if self.lean:
            self.bodies.append(doc)
            if len(self.bodies) > KEEP_BODIES:
                old = self.bodies.pop(0)
                if old is not doc and old not in self.bodies:
                    old.body, old.tokens = "", None

    def site(self) -> Any:
        return self._cached_file("site.yml", super().site, languages=False)

    def strings(self) -> Any:
        return self._cached_file("strings.yml", super().strings)

    def _cached_file(self, name: str, load: Any, languages: bool = True) -> Any:
        path = self.root / name
        key = self._key(name, path)
        if key is not None and not languages:
            key = (key[0], (), self.shown)
        cached = self._replay(name, key)
        if cached is not None:
            value, langs = pickle.loads(cached)
            if not languages:
                self.langs = langs
            return value
        since, broken = len(self.problems), set(self.broken)
        value = load()
        self._remember(name, key, pickle.dumps((value, self.langs), protocol=pickle.HIGHEST_PROTOCOL), since, broken)
        return value

    def claims(self) -> Any:
        return self._registry("claims", super().claims)

    def claims_later(self) -> Any:
        """A big ``claims.yml`` the cache cannot answer is read in a forked child while this process
        parses the Markdown: the two overlap on two cores, and the YAML's intermediate values never
        fill this process's memory (at N=500: 1.1 s of reading, ~30 MiB)."""
        name = REGISTRIES["claims"]
        path = self.root / name
        if not self.parallel or not hasattr(os, "fork"):
            return super().claims_later()
        key, entry = self._key(name, path), self.old.get(name)
        if key is None or (entry is not None and entry[0] == key) or os.stat(path).st_size < FORK_CLAIMS_BYTES:
            return super().claims_later()
        return _ClaimsInChild(self)

    def claims_here(self) -> tuple[Any, list[Problem], set[str], Any, dict[str, str]]:
        """``claims()``, and what it added to this loader, to send back from a child (``_ClaimsInChild``)."""
        since, broken, known = len(self.problems), set(self.broken), set(self.known)
        records = self.claims()
        return (records, self.problems[since:], self.broken - broken, self.new.get(REGISTRIES["claims"]),
                {k: v for k, v in self.known.items() if k not in known})

    def terms(self) -> Any:
        return self._registry("terms", super().terms)

    def charts(self) -> Any:
        return self._registry("charts", super().charts)

    def _registry(self, method: str, load: Any) -> Any:
        name, prefix = REGISTRIES[method], {"claims": "claim", "terms": "term", "charts": "chart"}[method]
        path = self.root / name
        key = self._key(name, path)
        cached = self._side(self._replay(name, key))
        if cached is None:
            self.new.pop(name, None)
            since, broken = len(self.problems), set(self.broken)
            records = load()
            if self.directory is None:  # nothing will be cached (``build --no-cache``, ``check``): no records to make
                return records
            blobs = {ident: pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL) for ident, record in records.items()}
            brief = {ident: (getattr(record, "section", ""), record.where.path, record.where.line)
                     for ident, record in records.items()}
            fingerprints = {f"{prefix}:{ident}": of(record) for ident, record in records.items()}
            self._remember(name, key, self._put_side(key, (blobs, brief, fingerprints)), since, broken)
            self.known.update(fingerprints)
            return records
        blobs, brief, fingerprints = cached
        self.known.update(fingerprints)
        return LazyRegistry(blobs, brief)

    def _put_side(self, key: Any, value: Any) -> Any:
        """A big registry goes to a file of its own, written once: the state file stays small to rewrite."""
        if self.directory is None or key is None:
            return value
        name = f"registry-{digest(repr(key))}.marshal"
        _write_atomically(self.directory / name, marshal.dumps(value))
        return (SIDE, name)

    def _side(self, value: Any) -> Any:
        if isinstance(value, tuple) and len(value) == 2 and value[0] == SIDE:
            try:
                return marshal.loads((self.directory / value[1]).read_bytes())  # type: ignore[operator]
            except Exception:  # gone or damaged: load the file again
                return None
        return value


class _ClaimsInChild:
    """``CachingLoader.claims()`` in a forked child; ``result()`` merges what it found into the loader
    as if it had run here (its problems keep their place in the list), or, if the child failed,
    reads the claims here."""

    def __init__(self, loader: CachingLoader):
        self.loader, self.mark = loader, len(loader.problems)
        self.child = Forked(loader.claims_here)

    def result(self) -> Any:
        loader = self.loader
        try:
            records, problems, broken, entry, known = self.child.result()
        except ForkFailed:
            since = len(loader.problems)
            records = loader.claims()  # updates the loader itself; only its problems move into place
            problems = loader.problems[since:]
            del loader.problems[since:]
        else:
            loader.broken |= broken
            loader.known.update(known)
            if entry is not None:
                loader.new[REGISTRIES["claims"]] = entry
        loader.problems[self.mark:self.mark] = problems
        return records

    def close(self) -> None:
        self.child.close()


FORK_CLAIMS_BYTES = 256 * 1024
"""A ``claims.yml`` this big or bigger is read in a forked child (``claims_later``): ~50 ms of reading."""
PREFETCH_PER_WORKER = 50
"""Fewer changed Markdown files than this per core are parsed in this process."""
_PREFETCHING: CachingLoader | None = None
"""The loader forked workers parse for."""


def _parse_into_cache(task: tuple[str, str, Path, str]) -> tuple[str, Any]:
    """In a worker: parse one file as ``CachingLoader.doc`` would, and return its cache entry."""
    kind, lang, path, rel = task
    loader = _PREFETCHING
    assert loader is not None
    loader.new.pop(rel, None)
    loader.doc(kind, lang, path)
    return rel, loader.new.get(rel)


KEEP_BODIES = 8
"""Documents whose tokens a lean load keeps at once (a section's languages, for its side-by-side views)."""
KEEP_PARSED = 32
"""Documents a lean load keeps the tokens of when it parses them itself: a small site is never parsed
twice, and a big one parses most of its files in forked workers (``_prefetch``), which send no tokens."""
SIDE = "side-file"
"""Marks a cached value kept in a file of its own under the cache folder."""


def side_files(state: State) -> set[str]:
    """The side files the state refers to; others in its folder are stale."""
    return {entry[1][1] for entry in state.loads.values()
            if isinstance(entry[1], tuple) and len(entry[1]) == 2 and entry[1][0] == SIDE}


def _encode_doc(doc: Doc) -> tuple[Any, ...]:
    """A loaded document as plain values, without its body and tokens."""
    return (doc.kind, doc.id, doc.lang, doc.order, doc.path, doc.title, doc.description, doc.body_line,
            doc.meta, tuple(tuple(ref) for ref in doc.refs), doc.digest, doc.notes)


def _decode_doc(plain: tuple[Any, ...]) -> Doc:
    kind, ident, lang, order, path, title, description, body_line, meta, refs, digest_, notes = plain
    return Doc(kind=kind, id=ident, lang=lang, order=order, path=path, title=title, description=description,
               body="", body_line=body_line, meta=meta, tokens=None, refs=[Ref(*ref) for ref in refs],  # type: ignore[arg-type]
               digest=digest_, notes=notes)
