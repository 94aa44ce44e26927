"""The content as pages see it: every read is recorded, so a rebuild redoes only what changed.

Pages never see ``Content`` itself, only a ``ContentView`` over it, and templates come
only from a ``TrackingEnvironment``. These two are the chokepoints: every read names
a *key* (``claim:ID``, ``string:KEY@LANG``, ``s-doc:LANG:ID``, ``tpl:NAME``, ``timeline``
…) in the page's dependency set, and ``fingerprints.Fingerprints`` gives each key a hash
of the content behind it. A page is rebuilt exactly when one of its keys' hashes differs
from the last build. No page code records anything by hand, so a new page type, or a
template that starts reading something new, is tracked by construction.

A few reads return something smaller than what they look at and record that instead:
``DocsView.titles`` (every section's id and title in order, ``nav:LANG``) and
``DocsView.notes`` (a section's note labels, ``cites:LANG:ID``), so editing a section's
prose does not rebuild every page whose navigation shows its title.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2

from ..content.model import RECORDS, Content

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

    def stop(self) -> tuple[str, ...]:
        """The page's keys, sorted and interned: thousands of pages share them, and so does the cache
        file. A tuple takes a quarter of a frozenset's memory (14,000 pages at N=500)."""
        keys, self.keys = tuple(sorted(map(sys.intern, self.keys or ()))), None
        return keys


class Tracked(Mapping):
    """A registry (claims, terms, charts) whose lookups are recorded as ``PREFIX:ID``.

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
    """A section or page as a page sees it: its title, its description and its body are three keys.

    Other pages show a section's title (navigation, the claims page) or its
    description (the home page's contents), so editing one rebuilds only those.
    The tokens come from ``tokens_of``, which may parse the file again
    (``load.Bodies``): documents do not keep their tokens.
    """

    __slots__ = ("_doc", "_prefix", "_body", "_recorder", "_tokens_of")

    def __init__(self, doc: Any, prefix: str, recorder: Recorder, tokens_of: Callable[[Any], list]):
        self._doc, self._recorder, self._tokens_of = doc, recorder, tokens_of
        self._prefix = f"{prefix}-%s:{doc.lang}:{doc.id}"
        self._body = self._prefix % "doc"

    def __getattr__(self, name: str) -> Any:
        if name not in NEUTRAL:
            self._recorder.read(self._prefix % name if name in DOC_META else self._body)
        if name == "tokens":
            return self._tokens_of(self._doc)
        return getattr(self._doc, name)


class DocsView(Mapping):
    """``(lang, id) → DocView``; which documents exist is covered by the ``order`` and ``nav:`` keys."""

    def __init__(self, docs: Mapping[tuple[str, str], Any], prefix: str, recorder: Recorder,
                 tokens_of: Callable[[Any], list]):
        self.docs, self.prefix, self.recorder, self.tokens_of = docs, prefix, recorder, tokens_of
        self.views: dict[tuple[str, str], DocView] = {}
        """Made when first asked for: a rebuild that renders three pages looks at a handful of a thousand."""
        self.citation_index: dict[str, dict[str, list[tuple[str, int]]]] = {}
        """``citations`` per language, made on first use."""
        self.title_index: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
        """``titles`` per language, made on first use."""

    def __getitem__(self, key: tuple[str, str]) -> DocView:
        view = self.views.get(key)
        if view is None:
            view = self.views[key] = DocView(self.docs[key], self.prefix, self.recorder, self.tokens_of)
        return view

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)

    def titles(self, lang: str, ids: list[str]) -> list[tuple[str, str]]:
        """(id, title) of the sections ``ids`` in ``lang``: the navigation, one key for all of them."""
        self.recorder.read(f"nav:{lang}")
        key = (lang, tuple(ids))
        if key not in self.title_index:  # every page of a language asks for the same list
            self.title_index[key] = [(ident, self.docs[(lang, ident)].title) for ident in ids]
        return self.title_index[key]

    def notes(self, lang: str, ident: str) -> tuple[str, ...]:
        """A section's footnote labels in note-number order, without reading its body."""
        self.recorder.read(f"cites:{lang}:{ident}")
        return self.docs[(lang, ident)].notes

    def citations(self, lang: str, ids: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Where each footnote label is cited in ``lang``: (section id, note number), in reading order.

        One key, ``cited:LANG``, for every section's labels: a page per claim asks where its
        claim is cited, and reading each section's ``cites:`` key instead would cost every
        such page one key per section (N² keys for N claims and sections). Worked out once.
        """
        self.recorder.read(f"cited:{lang}")
        found = self.citation_index.get(lang)
        if found is None:
            found = self.citation_index[lang] = {}
            for ident in ids:
                for number, label in enumerate(self.docs[(lang, ident)].notes, start=1):
                    found.setdefault(label, []).append((ident, number))
        return found


class ContentView:
    """``Content`` and the build's options, as every page reads them.

    The records registries (``model.RECORDS``) are ``Tracked`` per record, the
    documents are ``DocsView``s, interface strings are read one language at a time
    (``string``), and any other field of ``Content`` (``site``, ``timeline``, one added
    tomorrow) is one key named after the field.
    """

    def __init__(self, content: Content, options: Any, recorder: Recorder, tokens_of: Callable[[Any], list]):
        self._content, self._options, self.recorder = content, options, recorder
        self.root = content.root
        for name, (prefix, _) in RECORDS.items():
            setattr(self, name, Tracked(getattr(content, name), prefix, recorder))
        self.sections = DocsView(content.sections, "s", recorder, tokens_of)
        self.pages = DocsView(content.pages, "p", recorder, tokens_of)
        self._section_ids = content.section_ids()
        self.codes = content.site.codes if content.site is not None else ()
        """The site's language codes: which pages exist, covered by the ``order`` key."""

    def __getattr__(self, name: str) -> Any:
        self.recorder.read(name)
        return getattr(self._content, name)

    def section_ids(self) -> list[str]:
        self.recorder.read("order")
        return self._section_ids

    def has(self, name: str) -> bool:
        """Whether an optional content file has anything: one key, not the whole file."""
        self.recorder.read(f"has:{name}")
        return bool(getattr(self._content, name))

    def string(self, key: str, lang: str) -> str:
        """One language's text: editing the English leaves French pages be."""
        self.recorder.read(f"string:{key}@{lang}")
        return self._content.strings[key][lang]

    def option(self, name: str) -> Any:
        """A build option (``pdf_names``, ``build_date``), recorded as ``option:NAME``."""
        self.recorder.read(f"option:{name}")
        return getattr(self._options, name)

    def content_file(self, name: str) -> bytes:
        """A file of the content folder shown as it is (the site's own social card), recorded as ``file:NAME``."""
        self.recorder.read(f"file:{name}")
        return (Path(self._options.content_dir) / name).read_bytes()

    def static(self, name: str) -> bytes:
        self.recorder.read(f"static:{name}")
        return (Path(self._options.templates) / "static" / name).read_bytes()


class TrackingEnvironment(jinja2.Environment):
    """A Jinja environment that records ``tpl:NAME`` for every template a page asks for.

    Templates pull in others (``extends``, ``include``, ``import``) through
    ``get_template`` too, so each one a page uses is recorded, whichever way it came.
    """

    recorder: Recorder = Recorder()

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        if isinstance(name, str):
            self.recorder.read(f"tpl:{name}")
        return super().get_template(name, parent, globals)
