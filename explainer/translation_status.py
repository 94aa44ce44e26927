"""The translators' report: per language, what is missing or out of date.

Works on content that does not validate yet (a half-translated site is exactly when a
translator needs it). A translation is out of date when its ``source_hash`` differs
from the current hash of the default-language file it was translated from.
"""

from __future__ import annotations

import dataclasses
import re
import typing
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

    Derived from the model: every field typed ``Text`` (language → text) is a translation.
    """
    found: dict[str, list[str]] = {}
    for name, file in FILES.items():
        value = getattr(content, name)
        records = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, tuple) else []
        if not records or not dataclasses.is_dataclass(records[0]):
            continue
        texts = [name for name, hint in typing.get_type_hints(type(records[0])).items() if hint == Text]
        found[file] = [getattr(record, "id", None) or f"line {record.where.line}" for record in records
                       if any(_lacks(getattr(record, name), lang) for name in texts)]
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
