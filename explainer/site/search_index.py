"""Writing the search index in a build: unchanged chunks carried over, changed ones merged from page shares.

``search`` says what the index is; this module says how a build makes it
incrementally. Each page the build renders gets its share of the index
(``search.PageIndex``), which waits in a spill file (``Spilled``) rather than in
memory — a big site's shares are tens of megabytes — until its chunk is merged. A
chunk whose pages' texts are all unchanged keeps its files; a page whose text did not
change keeps its excerpt files, named by its place.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, NamedTuple

from ..incremental.cache import write_pickle
from ..incremental.fingerprints import digest
from .write import Staging, Update
from . import search


class Spilled(NamedTuple):
    """A page's index share, written by the process that rendered it to ``path`` at ``offset``."""

    path: str
    offset: int
    size: int

    @staticmethod
    def put(folder: Path, index: search.PageIndex) -> Spilled:
        """Append ``index`` to this process's file in ``folder`` (each process has its own)."""
        path = os.path.join(folder, f"{os.getpid()}.pickle")
        data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
        with open(path, "ab") as f:
            offset = f.tell()
            f.write(data)
        return Spilled(path, offset, len(data))

    def get(self) -> search.PageIndex:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            return pickle.loads(f.read(self.size))


def text_digest(text: search.PageText) -> str:
    return digest(repr((text.title, text.text, text.anchors)))


def write_index(staging: Staging | Update, where: Path | None, old: dict, texts: dict[str, tuple[str, str] | None],
                indexes: dict[str, Spilled], result: Any) -> dict:
    """Write the search index; return its state for the cache.

    ``texts`` has the (language, text digest) of every indexed page, ``indexes`` the
    index share of each page this build rendered.
    """
    pages = {url: text for url, text in texts.items() if text is not None}
    old_chunks = old.get("chunks", {})
    chunks: dict[tuple[str, int], Any] = {}
    stand_ins = (search.PageText(lang, url, "", "", ()) for url, (lang, _) in pages.items())
    for lang, k, members in search.chunks(stand_ins):
        identity = tuple((page.url, pages[page.url][1]) for page in members)
        previous = old_chunks.get((lang, k))
        if previous is not None and previous[0] == identity and _keep_all(staging, previous[2]):
            chunks[(lang, k)] = previous
            result.kept.extend(previous[2])
        else:
            chunks[(lang, k)] = _merge_chunk(staging, where, indexes, lang, k, identity, previous, result)
    summaries: dict[str, list[tuple[str, int, int]]] = {}
    for (lang, _), entry in chunks.items():
        summaries.setdefault(lang, []).append(entry[1])
    for lang in sorted(summaries):
        for rel, data in search.manifest(lang, summaries[lang]).items():
            staging.write(rel, data)
            result.written.append(rel)
    return {"pages": pages, "chunks": chunks}


def _merge_chunk(staging: Staging | Update, where: Path | None, indexes: dict[str, Spilled], lang: str, k: int,
                 identity: tuple[tuple[str, str], ...], previous: Any, result: Any) -> Any:
    """Write one changed chunk and return its state entry.

    Its pages' shares are the ones this build rendered, else the chunk's cache file's.
    """
    cached = _chunk_cache(where, lang, k)
    shares = [indexes[url].get() if url in indexes else cached.get(url) or _reindex(staging, url)
              for url, _ in identity]
    own = search.chunk_files_from(lang, k, shares)
    same = {f"t{i}-" for i, ident in enumerate(identity)
            if previous is not None and i < len(previous[0]) and previous[0][i] == ident}
    before = set(previous[2]) if previous is not None else set()
    for rel in sorted(own):
        name = rel.rsplit("/", 1)[1]
        if rel in before and name.startswith("t") and name[:name.index("-") + 1] in same:
            try:
                staging.keep(rel)
                result.kept.append(rel)
                continue
            except FileNotFoundError:  # deleted from the output since: written again
                pass
        staging.write(rel, own[rel])
        result.written.append(rel)
    if where is not None:
        write_pickle(where / f"search-{lang}-{k}.pickle", {share.url: share for share in shares})
    return identity, search.chunk_summary(lang, k, own), tuple(sorted(own))


def _reindex(staging: Staging | Update, url: str) -> search.PageIndex:
    """A kept page whose index the cache lost: read it back from the previous output."""
    text = search.page_text(url, (staging.out / url).read_bytes())
    assert text is not None, url
    return search.index_page(text)


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
