"""The translators' report: per language, what is missing or out of date.

Works on content that does not validate yet (a half-translated site is exactly when a
translator needs it). A translation is out of date when its ``source_hash`` differs
from the current hash of the default-language file it was translated from.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from .content.model import FILES, Content, Doc, Text


@dataclass
class LanguageStatus:
    lang: str
    missing_docs: list[str] = field(default_factory=list)
    stale_docs: list[str] = field(default_factory=list)
    unstamped_docs: list[str] = field(default_factory=list)
    missing_records: dict[str, list[str]] = field(default_factory=dict)
    """Content file → its records with a text missing in this language (claims, glossary terms, timeline events…)."""
    missing_strings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing_docs or self.stale_docs or self.missing_strings
                    or any(self.missing_records.values()))


def _lacks(text: Text, lang: str) -> bool:
    return not text.get(lang)


def untranslated(content: Content, lang: str) -> dict[str, list[str]]:
    """Per content file of records (``model.FILES``), the records with a translated field lacking ``lang``.

    Derived from the model: any field that is a language → text mapping is a translation.
    """
    found: dict[str, list[str]] = {}
    for name, file in FILES.items():
        value = getattr(content, name)
        records = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, tuple) else []
        if not records or not dataclasses.is_dataclass(records[0]):
            continue
        found[file] = [getattr(record, "id", None) or f"line {record.where.line}" for record in records
                       if any(isinstance(getattr(record, f.name), dict) and _lacks(getattr(record, f.name), lang)
                              for f in dataclasses.fields(record))]
    return found


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
        entry.missing_records = untranslated(content, lang)
        entry.missing_strings = [k for k, v in content.strings.items() if _lacks(v, lang)]
        report.append(entry)
    return report


def format_status(report: list[LanguageStatus], source: str) -> str:
    lines = []
    for entry in report:
        lines.append(f"{entry.lang} (from {source}): {'complete' if entry.complete else 'needs work'}")
        records = [(f"{file} entries without text", ids) for file, ids in entry.missing_records.items()]
        for title, items in (("missing", entry.missing_docs), ("out of date", entry.stale_docs), *records,
                             ("interface strings without text", entry.missing_strings),
                             ("not stamped with source_hash (cannot tell if current)", entry.unstamped_docs)):
            if items:
                lines.append(f"  {title} ({len(items)}):")
                lines += [f"    {item}" for item in items]
    return "\n".join(lines)


def stamp(translation: Path, digest: str) -> None:
    """Record in a translation's front matter that it matches the source with ``digest``.

    Rewrites only the ``source_hash:`` line (adding it after the opening ``---``), so
    the rest of the file stays byte for byte as the translator wrote it.
    """
    text = translation.read_text(encoding="utf-8")
    line = f"source_hash: {digest}"
    head, sep, rest = text.partition("\n")
    if re.search(r"(?m)^source_hash:.*$", rest.split("\n---", 1)[0]):
        rest = re.sub(r"(?m)^source_hash:.*$", line, rest, count=1)
    else:
        rest = line + "\n" + rest
    translation.write_text(head + sep + rest, encoding="utf-8")
