"""Record what each page reads while it renders, so a rebuild redoes only what changed.

The renderer sees the content through these wrappers. Every read names a *key*
(``claim:ID``, ``string:KEY``, ``s-doc:LANG:ID``, ``tpl:NAME`` …) in the page's
dependency set; ``fingerprints.Fingerprints`` gives each key a hash of the content
behind it. A page is rebuilt exactly when one of its keys' hashes differs from the
last build — because the keys are recorded, not declared, a template or a Markdown
body that starts reading something new is tracked from that build on.

Reads that the renderer makes only to derive something smaller (note numbers from
a section's tokens, the navigation from every section's title) go around the
wrappers and record the derived key instead (``cites:…``, ``nav:…``), so editing a
section's prose does not rebuild every page whose navigation shows its title.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

DOC_META = frozenset({"title", "description"})
"""Doc attributes shown on other pages, each its own key (``s-title:…``); the rest is the doc's body."""
NEUTRAL = frozenset({"id", "lang", "kind", "path", "order"})
"""Doc attributes that are part of its key or position, covered by ``nav:``/``order`` keys."""


class Recorder:
    """Collects the keys read while one page renders; ``None`` outside a page."""

    def __init__(self) -> None:
        self.keys: set[str] | None = None

    def read(self, key: str) -> None:
        if self.keys is not None:
            self.keys.add(key)

    def start(self) -> None:
        self.keys = set()

    def stop(self) -> frozenset[str]:
        """The page's keys, interned: thousands of pages share them, and so does the cache file."""
        keys, self.keys = frozenset(map(sys.intern, self.keys or ())), None
        return keys


class Tracked(Mapping):
    """A registry (claims, terms, charts, strings) whose lookups are recorded as ``PREFIX:ID``.

    Iterating or asking for its size reads the whole registry (``PREFIX:*``).
    """

    def __init__(self, data: Mapping[str, Any], prefix: str, recorder: Recorder):
        self.data, self.prefix, self.recorder = data, prefix, recorder

    def __getitem__(self, key: str) -> Any:
        self.recorder.read(f"{self.prefix}:{key}")
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        self.recorder.read(f"{self.prefix}:{key}")
        return key in self.data

    def get(self, key: str, default: Any = None) -> Any:
        self.recorder.read(f"{self.prefix}:{key}")
        return self.data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        self.recorder.read(f"{self.prefix}:*")
        return iter(self.data)

    def __len__(self) -> int:
        self.recorder.read(f"{self.prefix}:*")
        return len(self.data)


class DocView:
    """A section or page as the renderer sees it: its title, its description and its body are three keys.

    Other pages show a section's title (navigation, the claims page) or its
    description (the home page's contents), so editing one rebuilds only those.
    """

    __slots__ = ("_doc", "_prefix", "_body", "_recorder", "_load_body")

    def __init__(self, doc: Any, prefix: str, recorder: Recorder, load_body: Callable[[Any], None] | None = None):
        self._doc, self._recorder, self._load_body = doc, recorder, load_body
        self._prefix = f"{prefix}-%s:{doc.lang}:{doc.id}"
        self._body = self._prefix % "doc"

    def __getattr__(self, name: str) -> Any:
        if name not in NEUTRAL:
            self._recorder.read(self._prefix % name if name in DOC_META else self._body)
        if name in ("tokens", "body") and self._doc.tokens is None and self._load_body is not None:
            self._load_body(self._doc)  # a document from the cache: parsed only now that a page shows it
        return getattr(self._doc, name)


class TrackedDocs(Mapping):
    """``(lang, id) → DocView``; which documents exist is covered by the ``order`` and ``nav:`` keys."""

    def __init__(self, docs: Mapping[tuple[str, str], Any], prefix: str, recorder: Recorder,
                 load_body: Callable[[Any], None] | None = None):
        self.views = {key: DocView(doc, prefix, recorder, load_body) for key, doc in docs.items()}

    def __getitem__(self, key: tuple[str, str]) -> DocView:
        return self.views[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.views)

    def __len__(self) -> int:
        return len(self.views)
