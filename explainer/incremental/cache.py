"""What the last build read and wrote, so the next one redoes only what changed.

Two layers, both keyed by content hashes (never by modification times alone):

* **Loading.** Each content file's loaded form and its own problems, keyed by the
  hash of its bytes and the site's languages. An unchanged Markdown file comes back
  without its tokens (encoded from ``Doc``'s fields, ``encode``/``decode``), which
  ``load.Bodies`` parses again only if a page that shows its body is rendered; an
  unchanged ``claims.yml`` comes back as an index plus one pickled record per claim,
  unpickled when a page reads that claim.
* **Rendering.** Each output file's recorded keys (``tracking``) and each key's
  fingerprint (``fingerprints``). A file is made again exactly when one of its keys
  changed, when it is new, or when the copy on disk is not the one this cache wrote.

Everything is invalidated at once when the code that renders could differ: this
package's sources, Python's or a rendering library's version (``code_fingerprint``).
A cache that cannot be read is ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
import importlib.util
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from stat import S_ISREG
from typing import Any

from ..content.load import Loader, by_name
from ..content.model import RECORDS, Doc
from ..content.validate import Brief, brief
from ..workers import cores, deal, shared
from .fingerprints import digest, of

FORMAT = 1
LIBRARIES = {"jinja2": "jinja2", "markupsafe": "markupsafe", "markdown_it": "markdown_it_py",
             "mdit_py_plugins": "mdit_py_plugins", "yaml": "pyyaml"}
"""The libraries whose versions can change what a page looks like: module → distribution."""


def code_fingerprint() -> str:
    """What, besides the content, decides every output byte: our code and the libraries' versions."""
    parts = [sys.version, str(FORMAT)]
    for module, distribution in LIBRARIES.items():
        parts.append(f"{module}={_installed(module, distribution)}")
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix() + digest(path.read_bytes()))
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
    """Output path → (the keys it read, each on a line of its own between newlines, so that a changed key is
    found with one substring search; size and mtime_ns of the file written).

    Lines of one string, not a set: marshal writes 2,000 sets of strings ten times slower."""
    search: dict[str, Any] = field(default_factory=dict)
    """Search index: each indexed page's text digest, each chunk's pages and files (``site.search_index``)."""
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

    def __init__(self, blobs: dict[str, bytes], briefs: bytes):
        self.blobs, self.brief_blob = blobs, briefs
        self.brief_list: list[Brief] | None = None
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

    def briefs(self) -> Iterable[Brief]:
        """What validation reads of each record, without unpickling the records (one pickle holds every brief)."""
        if self.brief_list is None:
            self.brief_list = pickle.loads(self.brief_blob)
        return self.brief_list


class CachingLoader(Loader):
    """The content loader, answering unchanged files from the cache.

    ``hashes`` gives every loaded file's content hash by its shown path (the
    fingerprint of a Markdown file); ``known`` the fingerprints of cached registry
    records; ``new`` the load cache for the next build.
    """

    def __init__(self, root: Path, shown: str, old: dict[str, tuple[Any, Any]],
                 old_stats: dict[str, tuple[tuple[int, ...], str]] | None = None, directory: Path | None = None,
                 keep: int | None = None, parallel: bool = False):
        """``directory``: the cache folder, where big registries are kept in files of their own.

        ``parallel``: parse many changed Markdown files on every core (``_parse_ahead``)."""
        super().__init__(root, shown, keep)
        self.old, self.old_stats, self.directory, self.parallel = dict(old), old_stats or {}, directory, parallel
        self.new: dict[str, tuple[Any, Any]] = {}
        self.stats: dict[str, tuple[tuple[int, ...], str]] = {}
        """Content path → (its stat when hashed, its hash): a file whose stat is unchanged is not read."""
        self.hashes: dict[str, str] = {}
        self.known: dict[str, str] = {}

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
            self._parse_ahead(kind)
        return super().docs(kind)

    def _parse_ahead(self, kind: str) -> None:
        """Parse the Markdown files of ``kind`` that the cache cannot answer on every core, into the load cache.

        ``doc`` then answers each from it, in order, exactly as if it had parsed it (problems
        included). Each share is parsed by a loader of its own, so this process's share adds
        nothing twice. Only for many files (at N=500, 1,000 parses: a fifth of a cold build).
        """
        folder = self.root / kind
        todo = []
        folders = sorted(folder.iterdir(), key=by_name) if folder.is_dir() else []
        for lang_dir in (d for d in folders if d.is_dir() and d.name in self.langs):
            for path in sorted(lang_dir.iterdir(), key=by_name):
                rel = f"{kind}/{lang_dir.name}/{path.name}"
                key = self._key(rel, path)
                if key is not None and (rel not in self.old or self.old[rel][0] != key):
                    todo.append((lang_dir.name, path))
        hands = min(cores(), len(todo) // PARSE_PER_CORE)
        if hands < 2:
            return
        for entries, parsed in shared(partial(self._parse_share, kind), deal([], todo, hands)):
            self.old.update(entries)
            self.parsed += parsed

    def _parse_share(self, kind: str, share: list[tuple[str, Path]]) -> tuple[dict[str, Any], int]:
        helper = CachingLoader(self.root, self.shown, {}, self.old_stats)
        helper.langs = self.langs
        for lang, path in share:
            helper.doc(kind, lang, path)
        return helper.new, helper.parsed

    def doc(self, kind: str, lang: str, path: Path) -> Doc | None:
        rel = f"{kind}/{lang}/{path.name}"
        key = self._key(rel, path)
        cached = self._replay(rel, key)
        if cached is not None:
            return decode(Doc, cached)  # without tokens: parsed again only if a page shows its body
        since, broken = len(self.problems), set(self.broken)
        doc = super().doc(kind, lang, path)
        if doc is not None:
            self._remember(rel, key, encode(doc), since, broken)
        return doc

    def yaml(self, name: str, required: bool = True) -> tuple[Any, str]:
        """Every YAML file is read here: its stat and hash are noted, so a rebuild sees it changed
        (``Fingerprints.changed``) whether or not its loaded form is cached."""
        self._key(name, self.root / name)
        return super().yaml(name, required)

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

    def terms(self) -> Any:
        return self._registry("terms", super().terms)

    def charts(self) -> Any:
        return self._registry("charts", super().charts)

    def _registry(self, field: str, load: Any) -> Any:
        prefix, name = RECORDS[field]
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
            briefs = pickle.dumps([brief(record) for record in records.values()], protocol=pickle.HIGHEST_PROTOCOL)
            fingerprints = {f"{prefix}:{ident}": of(record) for ident, record in records.items()}
            self._remember(name, key, self._put_side(key, (blobs, briefs, fingerprints)), since, broken)
            self.known.update(fingerprints)
            return records
        blobs, briefs, fingerprints = cached
        self.known.update(fingerprints)
        return LazyRegistry(blobs, briefs)

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


PARSE_PER_CORE = 50
"""Fewer changed Markdown files than this per core are parsed in this process only: forking costs more."""
SIDE = "side-file"
"""Marks a cached value kept in a file of its own under the cache folder."""


def side_files(state: State) -> set[str]:
    """The side files the state refers to; others in its folder are stale."""
    return {entry[1][1] for entry in state.loads.values()
            if isinstance(entry[1], tuple) and len(entry[1]) == 2 and entry[1][0] == SIDE}


@functools.cache
def _cached_fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.metadata.get("cached", True))


def encode(record: Any) -> tuple[Any, ...]:
    """A dataclass record as plain values ``marshal`` can write: its fields in order, less those marked
    ``metadata={"cached": False}`` (a document's body and tokens). Derived from the fields, so a field
    added to the model is cached without anyone remembering to add it here."""
    return tuple(_plain(getattr(record, f.name)) for f in _cached_fields(type(record)))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return encode(value)
    if isinstance(value, tuple):  # named tuples too: marshal writes only plain ones
        return tuple(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def decode(cls: type, plain: tuple[Any, ...]) -> Any:
    """``encode``'s inverse: each value rebuilt as its field's type says; the fields left out take their defaults."""
    return _decoder(cls)(plain)


@functools.cache
def _decoder(cls: type) -> Callable[[tuple[Any, ...]], Any]:
    """How to rebuild ``cls`` from its plain values, worked out once per class from its type hints
    (asking ``typing`` for every record cost more than a whole rebuild's reading of the cache)."""
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _converter(hints[f.name])) for f in _cached_fields(cls)]
    return lambda plain: cls(**{name: convert(value) for (name, convert), value in zip(fields, plain)})


def _same(value: Any) -> Any:
    return value


def _converter(hint: Any) -> Callable[[Any], Any]:
    """A function from a plain value back to a value of type ``hint`` (None stays None)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return lambda value: None if value is None else _decoder(hint)(value)
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return lambda value: None if value is None else hint(*value)
    if origin in (typing.Union, types.UnionType):
        inner = _converter(next(a for a in args if a is not type(None)))
        return _same if inner is _same else lambda value: None if value is None else inner(value)
    if origin in (list, tuple) and args:
        item = _converter(args[0])
        if item is _same:
            return _same
        return (lambda value: [item(v) for v in value]) if origin is list else lambda value: tuple(item(v) for v in value)
    if origin is dict and args:
        item = _converter(args[1])
        return _same if item is _same else lambda value: {k: item(v) for k, v in value.items()}
    return _same
