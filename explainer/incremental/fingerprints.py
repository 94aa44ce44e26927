"""A hash for each key of the content that a page can read (see ``tracking``).

Two builds give a key the same fingerprint exactly when what a page can see
through it is the same (``tracking`` lists the keys): a claim's fingerprint leaves out the line it sits on (a
claim moving down the file changes no page), a Markdown file's is the hash of its
bytes, ``nav:LANG`` covers the ids and titles of the sections in order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..content.model import FILES, RECORDS, Content

ABSENT = "-"
"""The fingerprint of a key whose thing does not exist (a footnote label that is no claim)."""


def digest(data: bytes | str) -> str:
    return hashlib.blake2b(data.encode() if isinstance(data, str) else data, digest_size=12).hexdigest()


def plain(value: Any) -> Any:
    """``value`` as nested tuples, without ``where`` (a line number changes no page)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    try:
        names = _FIELDS[kind]
    except KeyError:
        names = _FIELDS[kind] = (tuple(f.name for f in dataclasses.fields(value) if f.name != "where")
                                 if dataclasses.is_dataclass(value) else None)
    if names is not None:
        return tuple((name, plain(getattr(value, name))) for name in names)
    if isinstance(value, (list, tuple)):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, plain(v)) for k, v in value.items())
    return value


_ATOMS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...] | None] = {}
"""The fields ``plain`` keeps of each type (None: not a dataclass), found once per type: asking
``dataclasses`` for every value was most of the cost of fingerprinting 6,000 claims."""


def of(value: Any) -> str:
    return digest(repr(plain(value)))


TEMPLATE_REFS = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
"""Which templates a template pulls in; every name in ours is a string literal."""


def template_fingerprints(templates: Path) -> dict[str, str]:
    """``tpl:NAME`` for every template: its source with those it extends, includes or imports.

    Found with a regular expression rather than Jinja's parser, which costs 0.15 s
    for our templates: a rebuild's whole budget.
    """
    sources = {path.name: path.read_text(encoding="utf-8") for path in sorted(templates.glob("*.*")) if path.is_file()}
    refs = {name: set(TEMPLATE_REFS.findall(text)) for name, text in sources.items()}

    def closure(name: str, seen: set[str]) -> set[str]:
        for ref in refs.get(name, ()):
            if ref not in seen:
                seen.add(ref)
                closure(ref, seen)
        return seen

    return {f"tpl:{name}": digest("\0".join(f"{n}\0{sources.get(n, '')}" for n in sorted(closure(name, {name}))))
            for name in sources}


class Fingerprints:
    """``key → fingerprint`` for one build's content, computed on demand and remembered."""

    def __init__(self, content: Content, section_ids: list[str], templates: Path, options: Any,
                 file_hash: Callable[[str], str], known: Mapping[str, str] | None = None):
        """``file_hash`` gives the hash of a loaded Markdown file by its shown path; ``known`` are
        fingerprints already computed (a registry file's claims, from the load cache)."""
        self.content, self.section_ids, self.options = content, section_ids, options
        self.templates, self.file_hash = templates, file_hash
        self.memo: dict[str, str] = dict(known or {})
        self._templates: dict[str, str] | None = None

    def __call__(self, key: str) -> str:
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self.compute(key)
        return found

    def changed(self, previous: Mapping[str, str], files: set[str]) -> set[str]:
        """The keys of ``previous`` (key → fingerprint) whose fingerprint is different now.

        ``files`` are the content files (content-relative) whose bytes changed, appeared
        or went since ``previous``; a key none of them can affect keeps its fingerprint
        without computing it. At N=500 that is 10,000 keys a rebuild need not hash.
        """
        fields = {prefix: name for name, (prefix, _) in RECORDS.items()} | {"string": "strings"}
        docs: set[tuple[str, str, str]] = set()
        for rel in files:
            parts = rel.split("/")
            if len(parts) == 3 and parts[0] in ("sections", "pages"):
                stem = parts[2][:-3] if parts[2].endswith(".md") else parts[2]
                docs.add((parts[0][0], parts[1], stem.split("-", 1)[1] if parts[0] == "sections" and "-" in stem else stem))
        languages = {lang for kind, lang, _ in docs if kind == "s"}

        def may_change(key: str) -> bool:
            kind, _, rest = key.partition(":")
            field = fields.get(kind) or (rest if kind == "has" else kind)
            if field in FILES:
                return FILES[field] in files
            if kind == "nav":
                return rest in languages or "site.yml" in files
            if kind == "order":
                return bool(languages) or "site.yml" in files
            if kind == "cited":
                return rest in languages or "site.yml" in files
            if kind == "cites" or kind[:2] in ("s-", "p-"):
                lang, _, ident = rest.partition(":")
                return ("p" if kind.startswith("p-") else "s", lang, ident) in docs
            return True  # templates, static files, options: cheap, always checked

        return {key for key, old in previous.items() if may_change(key) and self(key) != old}

    def compute(self, key: str) -> str:
        kind, _, rest = key.partition(":")
        content = self.content
        if kind == "option":
            return of(getattr(self.options, rest))
        if kind == "has":
            return digest(str(bool(getattr(content, rest))))
        if kind == "file":  # a content file shown as it is (the site's own social card): its bytes
            path = (self.options.content_dir or Path()) / rest
            return digest(path.read_bytes()) if path.is_file() else ABSENT
        if kind == "order":
            return digest(repr((self.section_ids, content.site.codes if content.site else ())))
        if kind == "tpl":
            if self._templates is None:
                self._templates = template_fingerprints(self.templates)
            return self._templates.get(key, ABSENT)
        if kind == "static":
            path = self.templates / "static" / rest
            return digest(path.read_bytes()) if path.is_file() else ABSENT
        if kind == "nav":
            return digest(repr([(sid, self._doc(content.sections, rest, sid, "title")) for sid in self.section_ids]))
        if kind == "cited":  # every section's note labels in one language (``DocsView.citations``)
            return digest(repr([(sid, self._doc(content.sections, rest, sid, "notes")) for sid in self.section_ids]))
        if kind in ("s-title", "p-title", "s-description", "p-description", "s-doc", "p-doc", "cites"):
            lang, _, ident = rest.partition(":")
            docs = content.pages if kind.startswith("p-") else content.sections
            doc = docs.get((lang, ident))
            if doc is None:
                return ABSENT
            if kind.endswith(("-title", "-description")):
                return digest(getattr(doc, kind[2:]))
            if kind == "cites":
                return digest(repr(doc.notes))
            return self.file_hash(doc.path)
        if kind == "string":
            ident, _, lang = rest.partition("@")
            return of(content.strings[ident].get(lang)) if ident in content.strings else ABSENT
        registry = {prefix: getattr(content, name) for name, (prefix, _) in RECORDS.items()}.get(kind)
        if registry is None:
            if not rest and kind in {f.name for f in dataclasses.fields(content)}:
                return of(getattr(content, kind))  # a whole field: site, timeline, one added tomorrow
            raise KeyError(f"unknown content key {key!r}")
        if rest == "*":
            return digest(repr([(ident, self(f"{kind}:{ident}")) for ident in registry]))
        return of(registry[rest]) if rest in registry else ABSENT

    @staticmethod
    def _doc(docs: Mapping[tuple[str, str], Any], lang: str, ident: str, attr: str) -> str:
        doc = docs.get((lang, ident))
        return getattr(doc, attr) if doc is not None else ABSENT
