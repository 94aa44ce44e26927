"""Rules that span files: every reference resolves and every language is complete.

Runs after ``load`` and before anything renders; returns all problems at once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ..errors import Problem, did_you_mean
from .load import PAGES
from .model import Content, Doc, Ref
from .interface_strings import BUILT_IN
from .strings import REQUIRED_STRINGS, source_language, source_language_key


def validate(content: Content) -> list[Problem]:
    if content.site is None:
        return []  # site.yml is broken; its own problems are already reported
    problems: list[Problem] = []
    if "strings.yml" not in content.broken:
        problems += _strings(content)
    problems += _documents(content)
    problems += _references(content)
    if "claims.yml" not in content.broken:
        problems += _claims(content)
        problems += _check_dates(content)
        if "strings.yml" not in content.broken:
            problems += _source_languages(content)
    return problems


def _strings(content: Content) -> list[Problem]:
    """Every interface string in every language (built in, or given in ``strings.yml``), and those of each
    optional page type the content has."""
    from ..incremental.tracking import ContentView, Recorder
    from ..site.pages import PAGE_TYPES

    view = ContentView(content, None, Recorder(), lambda doc: doc.tokens)
    needed = [*REQUIRED_STRINGS, *(key for kind in PAGE_TYPES if kind.strings and kind.pages(view) for key in kind.strings)]
    shown = os.path.join(content.root, "strings.yml")
    problems = []
    for lang in content.site.codes:
        missing = [key for key in needed if lang not in content.strings.get(key, {})]
        if len(missing) >= len(REQUIRED_STRINGS):
            problems.append(Problem(shown, 0, f"there are no built-in interface strings for '{lang}'",
                                    f"give each of these keys a '{lang}:' text in strings.yml: {', '.join(missing)}; "
                                    f"built in are {', '.join(sorted(BUILT_IN))}"))
            continue
        problems += [Problem(shown, 0, f"interface string '{key}' has no '{lang}' text",
                             f"add '{key}:' with '{lang}: …' to strings.yml") for key in missing]
    for lang, names in sorted(content.strings.get("month_names", {}).items()):
        if len(names.split()) != 12:
            problems.append(Problem(shown, 0, f"'month_names.{lang}' has {len(names.split())} names, not 12",
                                    "list the twelve month names, January first, separated by spaces"))
    return problems


def _source_languages(content: Content) -> list[Problem]:
    """Every source's language has a name for readers ("in Japanese", 「英語」) in strings.yml."""
    problems: list[Problem] = []
    wanting: dict[str, tuple[str, str]] = {}  # each language checked once: a big site has tens of thousands of sources
    for claim in briefs(content.claims):
        for source_lang, path, line in claim.sources:
            if source_lang not in wanting:
                wanting[source_lang] = _source_language_missing(content, source_lang)
            if wanting[source_lang][0]:
                problems.append(Problem(path, line, *wanting[source_lang]))
    return problems


def _source_language_missing(content: Content, source_lang: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) when strings.yml lacks a name for ``source_lang``; ("", "") when it has one."""
    key = source_language_key(source_lang)
    if key not in content.strings:
        return (f"no interface string names the source language '{source_language(source_lang)}'",
                f"add '{key}:' to strings.yml with one text per language, such as '(in English)'")
    lacking = [lang for lang in content.site.codes if lang not in content.strings[key]]
    if lacking:  # built in for some of the site's languages, not these
        return (f"no interface string names the source language '{source_language(source_lang)}' in {', '.join(lacking)}",
                f"add {', '.join(repr(lang + ': …') for lang in lacking)} under '{key}:' in strings.yml")
    return "", ""


def _documents(content: Content) -> list[Problem]:
    """Every section and page exists in every language."""
    problems: list[Problem] = []
    langs = content.site.codes
    for kind, docs, expected in (("section", content.sections, None), ("page", content.pages, PAGES)):
        ids = set(expected or ()) | {ident for _, ident in docs}
        for ident in sorted(ids):
            have = [lang for lang in langs if (lang, ident) in docs]
            for lang in langs:
                if (lang, ident) in docs or f"{kind}s/{lang}/{ident}" in content.broken:
                    continue
                folder = os.path.join(content.root, kind + "s", lang)
                if have:
                    other = docs[(have[0], ident)]
                    name = os.path.basename(other.path)
                    problems.append(Problem(other.path, 0, f"{kind} '{ident}' has no '{lang}' version",
                                            f"add {os.path.join(folder, name)}"))
                else:
                    problems.append(Problem(folder, 0, f"{kind} '{ident}' is missing", f"add {os.path.join(folder, ident + '.md')}"))
    if not content.sections:
        problems.append(Problem(os.path.join(content.root, "sections"), 0, "there are no sections",
                                "add sections/<language>/01-<id>.md"))
    return problems


def _references(content: Content) -> list[Problem]:
    """Claims, glossary terms and charts named in Markdown exist, in sections and in registry texts."""
    problems: list[Problem] = []
    files = {"claim": "claims.yml", "glossary": "glossary.yml", "chart": "charts.yml"}
    registries = {kind: registry for kind, registry in
                  (("claim", content.claims), ("glossary", content.terms), ("chart", content.charts))
                  if files[kind] not in content.broken}
    for doc in _all_docs(content):
        for ref in doc.refs:
            registry = registries.get(ref.kind)
            if registry is None or ref.target in registry:
                continue
            hint = did_you_mean(ref.target, set(registry))
            if ref.kind == "claim":
                hint = hint or "add it to claims.yml, or define the footnote in this file as [^" + ref.target + "]: …"
            problems.append(Problem(doc.path, ref.line, f"unknown {ref.kind} '{ref.target}'", hint))
        for figure in doc.meta.get("key_figures", []):
            if "claim" in registries and figure["claim"] and figure["claim"] not in content.claims:
                problems.append(Problem(doc.path, figure["line"], f"unknown claim '{figure['claim']}'",
                                        did_you_mean(figure["claim"], set(content.claims))))
    texts = [(os.path.join(content.root, "site.yml"), content.site.article.links)] if content.site.article else []
    texts += [(record.path, record.links) for registry in (content.claims, content.terms) for record in briefs(registry)]
    texts += [(entry.where.path, entry.links) for entry in content.corrections]
    for path, links in texts:
        for ref in links:
            registry = registries.get(ref.kind)
            if registry is not None and ref.target not in registry:
                problems.append(Problem(path, ref.line, f"unknown {ref.kind} '{ref.target}'",
                                        did_you_mean(ref.target, set(registry))))
    return problems + (_claims_named(content) if "claim" in registries else [])


def _claims_named(content: Content) -> list[Problem]:
    """The claims every record names in a ``claims`` field (a chart, a timeline event) exist.

    Found from the model's fields, so a new kind of record that names claims is checked too.
    """
    problems = []
    for name in (f.name for f in dataclasses.fields(content)):
        value = getattr(content, name)
        records = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else ()
        for record in records:
            if not dataclasses.is_dataclass(record) or not hasattr(record, "claims"):
                continue
            what = f"{type(record).__name__.lower()} '{record.id}'" if hasattr(record, "id") else type(record).__name__.lower()
            for cid in record.claims:
                if cid not in content.claims:
                    problems.append(Problem(record.where.path, record.where.line, f"{what} names unknown claim '{cid}'",
                                            did_you_mean(cid, set(content.claims))))
    return problems


def _claims(content: Content) -> list[Problem]:
    """A claim cited in one language is cited in every translation; unused claims warn."""
    problems: list[Problem] = []
    section_ids = {ident for _, ident in content.sections}
    cited_anywhere: set[str] = set()
    for ident in sorted(section_ids):
        versions = [content.sections[(lang, ident)] for lang in content.site.codes if (lang, ident) in content.sections]
        cited = {doc.lang: _cited(doc) for doc in versions}
        for doc in versions:
            cited_anywhere |= set(cited[doc.lang])
            for other in versions:
                for cid, line in cited[other.lang].items():
                    if cid not in cited[doc.lang] and cid in content.claims:
                        problems.append(Problem(doc.path, 0, f"claim '{cid}' is cited in the '{other.lang}' version "
                                                f"({other.path}:{line}) but not in this one",
                                                f"cite it here with [^{cid}]"))
    for doc in content.pages.values():
        cited_anywhere |= set(_cited(doc))
    for cid, section, path, line, *_ in briefs(content.claims):
        if section and section not in section_ids:
            problems.append(Problem(path, line, f"claim '{cid}' belongs to unknown section '{section}'",
                                    did_you_mean(section, section_ids)))
        if cid not in cited_anywhere:
            problems.append(Problem(path, line, f"claim '{cid}' is not cited anywhere",
                                    f"cite it with [^{cid}] in section '{section}', or remove it",
                                    level="warning"))
    return problems


def _check_dates(content: Content) -> list[Problem]:
    """The site's ``checked`` is the latest day any claim was checked: no claim after it, and some claim on it.

    A claim without its own date was checked on the site's, so it satisfies the second half.
    """
    site = content.site
    if not site.checked:
        return []
    problems = []
    latest = ""
    for claim in briefs(content.claims):
        day = claim.checked or site.checked  # as ``Claim.checked_on``
        latest = max(latest, day)
        if day > site.checked:
            problems.append(Problem(claim.path, claim.line,
                                    f"claim '{claim.id}' was checked on {day}, after the site's checked date {site.checked}",
                                    f"set 'checked: {day}' in site.yml, the latest day any claim was checked"))
    if latest and latest < site.checked:
        problems.append(Problem(os.path.join(content.root, "site.yml"), site.checked_line,
                                f"'checked' is {site.checked}, but no claim was checked after {latest}",
                                f"set 'checked: {latest}', the latest of the claims' dates, or re-check a claim and date it"))
    return problems


class Brief(NamedTuple):
    """What the rules here read of a registry record (a claim, a term, a chart).

    A cached registry keeps each record's brief beside its pickle, so a rebuild checks
    every claim of a big site without unpickling one (6,000 claims: 0.3 s of a 0.3 s goal).
    """

    id: str
    section: str
    path: str
    line: int
    links: tuple[Ref, ...]
    checked: str
    sources: tuple[tuple[str, str, int], ...]
    """(language, path, line) of each source."""


def brief(record: Any) -> Brief:
    return Brief(record.id, getattr(record, "section", ""), record.where.path, record.where.line,
                 tuple(getattr(record, "links", ())), getattr(record, "checked", ""),
                 tuple((source.lang, source.where.path, source.where.line) for source in getattr(record, "sources", ())))


def briefs(registry: Mapping[str, Any]) -> Iterable[Brief]:
    """The brief of each record; a cached registry (``LazyRegistry``) answers from its own."""
    cached = getattr(registry, "briefs", None)
    return cached() if cached is not None else (brief(record) for record in registry.values())


def _cited(doc: Doc) -> dict[str, int]:
    """Claim id → first line where ``doc`` cites it."""
    result: dict[str, int] = {}
    for ref in doc.refs:
        if ref.kind == "claim":
            result.setdefault(ref.target, ref.line)
    return result


def _all_docs(content: Content) -> list[Doc]:
    return [*content.sections.values(), *content.pages.values()]
