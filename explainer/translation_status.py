"""The translators' report: per language, what is missing or out of date.

Works on content that does not validate yet (a half-translated site is exactly when a
translator needs it). A translation is out of date when its ``source_hash`` differs
from the current hash of the default-language file it was translated from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Content, Doc, Text


@dataclass
class LanguageStatus:
    lang: str
    missing_docs: list[str] = field(default_factory=list)
    stale_docs: list[str] = field(default_factory=list)
    unstamped_docs: list[str] = field(default_factory=list)
    missing_claims: list[str] = field(default_factory=list)
    missing_strings: list[str] = field(default_factory=list)
    missing_terms: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing_docs or self.stale_docs or self.missing_claims
                    or self.missing_strings or self.missing_terms)


def _lacks(text: Text, lang: str) -> bool:
    return not text.get(lang)


def status(content: Content) -> list[LanguageStatus]:
    """One entry per non-default language, in the site's order."""
    if content.site is None:
        return []
    source = content.site.default_language
    report = []
    docs: dict[tuple[str, str], Doc] = {**{("section", *k): v for k, v in content.sections.items()},
                                        **{("page", *k): v for k, v in content.pages.items()}}
    for lang in content.site.codes:
        if lang == source:
            continue
        entry = LanguageStatus(lang)
        for (kind, doc_lang, ident), original in sorted(docs.items()):
            if doc_lang != source:
                continue
            translation = docs.get((kind, lang, ident))
            if translation is None:
                entry.missing_docs.append(f"{kind} {ident} ({original.path})")
            elif "source_hash" not in translation.meta:
                entry.unstamped_docs.append(f"{translation.path} (source_hash: {original.digest})")
            elif translation.meta["source_hash"] != original.digest:
                entry.stale_docs.append(f"{translation.path} (source changed: source_hash: {original.digest})")
        entry.missing_claims = [c.id for c in content.claims.values()
                                if any(_lacks(t, lang) for t in (c.claim, c.correct_figure, c.note))]
        entry.missing_terms = [t.id for t in content.terms.values() if _lacks(t.term, lang) or _lacks(t.definition, lang)]
        entry.missing_strings = [k for k, v in content.strings.items() if _lacks(v, lang)]
        report.append(entry)
    return report


def format_status(report: list[LanguageStatus], source: str) -> str:
    lines = []
    for entry in report:
        lines.append(f"{entry.lang} (from {source}): {'complete' if entry.complete else 'needs work'}")
        for title, items in (("missing", entry.missing_docs), ("out of date", entry.stale_docs),
                             ("claims without text", entry.missing_claims), ("glossary terms without text", entry.missing_terms),
                             ("interface strings without text", entry.missing_strings),
                             ("not stamped with source_hash (cannot tell if current)", entry.unstamped_docs)):
            if items:
                lines.append(f"  {title} ({len(items)}):")
                lines += [f"    {item}" for item in items]
    return "\n".join(lines)


def stamp(translation: Path, digest: str) -> None:
    """Record in a translation's front matter that it matches the source with ``digest``.

    Rewrites only the ``source_hash:`` line (adding it after the opening ``---``), so
    the rest of the file stays byte for byte as the translator wrote it: the file is
    read and written as bytes, without newline translation, so CRLF files keep their
    CRLF (the new line takes the file's own ending).
    """
    text = translation.read_bytes().decode("utf-8")
    head, sep, rest = text.partition("\n")
    eol = "\r\n" if head.endswith("\r") else "\n"
    line = f"source_hash: {digest}"
    existing = re.compile(r"(?m)^source_hash:[^\r\n]*")
    if existing.search(rest.split("\n---", 1)[0]):
        rest = existing.sub(line, rest, count=1)
    else:
        rest = line + eol + rest
    translation.write_bytes((head + sep + rest).encode("utf-8"))
