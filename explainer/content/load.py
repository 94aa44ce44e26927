"""Read a content directory into the model, checking each file's own shape.

This stage knows the file layout and the schema of each file (required keys, types,
unknown keys, id and date formats). Rules that need more than one file — does a
cited claim exist, is every section translated — live in ``validate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ContentError, Problem, did_you_mean
from ..markdown.citations import uncited
from ..markdown.dialect import Parsed, SafeMarkdown, parse, parse_inline
from ..markdown.notes import note_labels
from ..markdown.rules import body_problems
from .frontmatter import read_text, split_front_matter
from .interface_strings import interface_strings, read_overrides
from .model import (VERDICTS, Article, Chart, ChartPoint, Claim, Content, Correction, Disclaimer, Doc, Event,
                    Language, Ref, Site, Source, Term, Text, Where)
from .yaml_lines import YDict, YList, load_yaml

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTION_FILE = re.compile(r"(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
PAGES = ("home", "about")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SPACE = re.compile(r"\s")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_ID = 200
"""Longest id: a section id becomes file names, the longest ``parallel-ID.html`` written as
``parallel-ID.html.explainer-tmp`` (28 more characters), and file systems allow 255 bytes."""
_ID_HINT = f"use lowercase letters, digits and hyphens, at most {MAX_ID} characters"


class Fields:
    """Typed access to one YAML mapping that records problems with their lines.

    Call ``done()`` last: every key that was never asked for is reported as unknown.
    """

    def __init__(self, data: YDict, path: str, problems: list[Problem], langs: tuple[str, ...], parent: str = ""):
        """``parent``: the key this mapping sits under, named in messages (``disclaimer.text``)."""
        self.data, self.path, self.problems, self.langs = data, path, problems, langs
        self.prefix = f"{parent}." if parent else ""
        self.used: set[str] = set()

    def line(self, key: str) -> int:
        return self.data.lines.get(key, self.data.line)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.line(key), message, hint))

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True, what: str = "") -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                self.problems.append(Problem(self.path, self.data.line, f"missing key '{self.prefix}{key}'",
                                             f"add '{key}:' {what}".strip()))
            return None
        value = self.data[key]
        if value is None and not required:
            return None
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.error(key, f"'{self.prefix}{key}' must be {_a(names)}, not {_a(type(value).__name__)}", what)
            return None
        return value

    def string(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, (str, int, float), required)
        return None if value is None else str(value).strip()

    def ident(self, key: str) -> str | None:
        value = self.string(key)
        if value is not None and not ID.match(value):
            self.error(key, f"'{key}' {value!r} is not a valid id", _ID_HINT)
            return None
        if value is not None and len(value) > MAX_ID:
            self.error(key, f"'{key}' is {len(value)} characters long, over the limit of {MAX_ID}", _ID_HINT)
            return None
        return value

    def text(self, key: str) -> Text:
        """A translated value: one string per language."""
        value = self.get(key, (dict, str), what="with one entry per language")
        if value is None:
            return {}
        return text_of(value, self.path, self.line(key), self.prefix + key, self.problems, self.langs)

    def date(self, key: str) -> str | None:
        value = self.string(key, required=False)
        if value is not None and not valid_date(value):
            self.error(key, f"'{self.prefix}{key}' {value!r} is not a date", "write YYYY-MM-DD (or YYYY-MM, or YYYY), or null if unknown")
            return None
        return value

    def day(self, key: str, required: bool = False) -> str | None:
        """A full ``YYYY-MM-DD`` date: the day a claim was checked or a correction made is always known."""
        value = self.string(key, required)
        if value is not None and not (len(value) == 10 and valid_date(value)):
            self.error(key, f"'{key}' {value!r} is not a date", "write the day as YYYY-MM-DD, such as 2026-12-02")
            return None
        return value

    def url(self, key: str) -> str | None:
        value = self.string(key, required=False)
        if value is not None and not valid_url(value):
            self.error(key, f"'{self.prefix}{key}' {value!r} is not a well-formed http(s) URL",
                       "write the full address starting with https://, or null if unknown")
            return None
        return value

    def done(self) -> None:
        for key in self.data:
            if key not in self.used:
                self.problems.append(Problem(self.path, self.data.lines[key], f"unknown key '{self.prefix}{key}'",
                                             did_you_mean(key, self.used) or "remove it"))


def _a(name: str) -> str:
    names = {"str": "text", "dict": "mapping", "list": "list", "int": "number", "float": "number",
             "NoneType": "empty value", "bool": "true/false"}
    return names.get(name, name)


def text_of(value: Any, path: str, line: int, key: str, problems: list[Problem], langs: tuple[str, ...]) -> Text:
    """Check a language → text mapping: every language present, no other keys, all text."""
    if isinstance(value, str) or not isinstance(value, YDict):
        problems.append(Problem(path, line, f"'{key}' must have one entry per language",
                                f"write '{key}:' then lines '  {langs[0] if langs else 'en'}: …'"))
        return {}
    result: Text = {}
    for lang, text in value.items():
        at = value.lines.get(lang, line)
        if langs and lang not in langs:
            problems.append(Problem(path, at, f"'{key}' has a language '{lang}' that site.yml does not list",
                                    did_you_mean(lang, set(langs))))
        elif not isinstance(text, (str, int, float)) or isinstance(text, bool) or str(text).strip() == "":
            problems.append(Problem(path, at, f"'{key}.{lang}' must be non-empty text"))
        else:
            result[lang] = str(text).strip()
    for lang in langs:
        if lang not in value:
            problems.append(Problem(path, line, f"'{key}' has no '{lang}' text", f"add '{lang}: …' under '{key}'"))
    return result


def editor_note(f: Fields) -> str | None:
    """A claim's optional ``editor_note``: text for editors, checked here and never rendered."""
    value = f.get("editor_note", str, required=False, what="write it as text for editors, or leave it out")
    return value.strip() if value is not None else None


SOURCE_TIERS = (1, 2, 3)
"""1 primary (the company, filing, regulator, paper), 2 reputable reporting, 3 fallback copies."""


def source_tier(g: Fields) -> int | None:
    """A source's optional ``tier``: one of ``SOURCE_TIERS``."""
    value = g.get("tier", int, required=False, what="1 (primary), 2 (reputable reporting) or 3 (fallback)")
    if value is not None and value not in SOURCE_TIERS:
        g.error("tier", f"'tier' {value} is not 1, 2 or 3",
                "write 1 for a primary source, 2 for reputable reporting, 3 for a fallback copy")
        return None
    return value


def source_lang(g: Fields) -> str | None:
    """A source's optional ``lang``: the BCP 47 code of a page not in English (``ja``, ``pt-BR``)."""
    value = g.string("lang", required=False)
    if value is not None and not _LANGUAGE_CODE.match(value):
        g.error("lang", f"'lang' {value!r} is not a BCP 47 code", "use a code such as ja, pt or pt-BR")
        return None
    return value


def valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


CARD_TYPES = (".png", ".jpg", ".jpeg")
"""What ``social_card`` may be: the formats every link preview shows."""


def normalized_base_url(value: str) -> str:
    """A site's base URL as pages use it: "" (relative-only) or a well-formed http(s) URL ending in ``/``.

    One rule for ``site.yml``'s ``base_url``, ``--base-url`` and ``EXPLAINER_BASE_URL``,
    so the same content builds for staging and production with the same checks.
    Raises ``ValueError`` saying what is wrong.
    """
    if value and not valid_url(value):
        raise ValueError(f"base_url {value!r} is not a well-formed http(s) URL")
    return value if not value or value.endswith("/") else value + "/"


def valid_url(value: str) -> bool:
    if _SPACE.search(value):  # the characters str.isspace() accepts, all of them
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    host = parts.hostname
    return bool(host) and "." in host


class Loader:
    """Loads one content directory; ``shown`` is how paths appear in messages.

    ``keep``: how many documents keep their parsed body (``Bodies``); None keeps them all.
    """

    def __init__(self, root: Path, shown: str, keep: int | None = None):
        self.root, self.shown = root, shown
        self.problems: list[Problem] = []
        self.langs: tuple[str, ...] = ()
        self.md = SafeMarkdown()
        self.inline_md = SafeMarkdown(footnotes=False)
        self.broken: set[str] = set()
        self.bodies = Bodies(self, keep)
        self.parsed = 0
        """Markdown files parsed so far."""
        self._real_root: Path | None = None

    def show(self, path: Path) -> str:
        return os.path.join(self.shown, path.relative_to(self.root).as_posix())

    def yaml(self, name: str, required: bool = True) -> tuple[Any, str]:
        path, shown = self.root / name, os.path.join(self.shown, name)
        if not path.exists():
            if required:
                self.problems.append(Problem(shown, 0, "file is missing", f"create {shown}; see content/README.md"))
            return None, shown
        if not self.inside(path, shown):
            return None, shown
        text, problems = read_text(path, shown)
        self.problems += problems
        if text is None:
            self.broken.add(name)
            return None, shown
        data, problems = load_yaml(text, shown)
        if data is None and not problems and required:  # an empty site.yml must not pass as "no site"
            problems = [Problem(shown, 0, "file is empty", "see content/README.md for what it holds")]
        self.problems += problems
        if problems:
            self.broken.add(name)
        return data, shown

    def inside(self, path: Path, shown: str) -> bool:
        """Refuse files that are links out of the content directory."""
        if self._real_root is None:
            self._real_root = self.root.resolve()
        try:
            path.resolve().relative_to(self._real_root)
        except ValueError:
            self.problems.append(Problem(shown, 0, "is a link to a file outside the content directory",
                                         "copy the file into content/ instead of linking to it"))
            return False
        return True

    def load(self) -> Content:
        site = self.site()  # first: it says which languages every other file must have
        return Content(root=self.shown, site=site, strings=self.strings(), claims=self.claims(), terms=self.terms(),
                       charts=self.charts(), timeline=self.timeline(), corrections=self.corrections(),
                       sections=self.docs("sections"),
                       pages=self.docs("pages"), broken=frozenset(self.broken))

    def site(self) -> Site | None:
        data, shown = self.yaml("site.yml")
        if data is None:
            return None
        if not isinstance(data, YDict):
            self.problems.append(Problem(shown, 1, "site.yml must be a mapping of settings"))
            return None
        f = Fields(data, shown, self.problems, ())
        languages = self.languages(f)
        self.langs = tuple(lang.code for lang in languages)
        f.langs = self.langs
        default = f.string("default_language")
        if default is not None and self.langs and default not in self.langs:
            f.error("default_language", f"default_language '{default}' is not one of the languages",
                    did_you_mean(default, set(self.langs)))
        base_url = f.string("base_url", required=False) or ""
        try:
            base_url = normalized_base_url(base_url)
        except ValueError as exc:
            f.error("base_url", str(exc), 'write https://… or ""')
            base_url = ""
        site = Site(languages=languages, default_language=default or (self.langs[:1] or ("",))[0],
                    base_url=base_url, title=f.text("title"), description=f.text("description"),
                    author=f.text("author"), checked=f.date("checked") or "",
                    article=self.article(f), disclaimer=self.disclaimer(f), social_card=self.social_card(f),
                    checked_line=f.line("checked"))
        if "checked" in data and data["checked"] is None:
            f.error("checked", "'checked' must be a date", "write the date the claims were checked, YYYY-MM-DD")
        f.done()
        return site

    def social_card(self, f: Fields) -> str:
        """``social_card``: a PNG or JPEG inside the content folder, or "" (the build draws a card per page)."""
        value = f.string("social_card", required=False) or ""
        if not value:
            return ""
        path = (self.root / value).resolve()
        if not value.lower().endswith(CARD_TYPES) or value.startswith("/") or "\\" in value:
            f.error("social_card", f"social_card {value!r} is not a .png or .jpg file in the content folder",
                    "write a path relative to the content folder, such as images/card.png")
        elif not path.is_relative_to(self.root.resolve()) or not path.is_file():
            f.error("social_card", f"social_card {value!r} is not a file in the content folder",
                    "put the image in the content folder and write its path relative to it")
        else:
            return value
        return ""

    def languages(self, f: Fields) -> tuple[Language, ...]:
        items = f.get("languages", list, what="with a list of {code, name}")
        result: list[Language] = []
        for i, item in enumerate(items or []):
            line = items.lines[i]
            if not isinstance(item, YDict):
                self.problems.append(Problem(f.path, line, "each language must be {code: …, name: …}"))
                continue
            g = Fields(item, f.path, self.problems, ())
            code, name = g.string("code"), g.string("name")
            g.done()
            if code and not _LANGUAGE_CODE.match(code):
                g.error("code", f"language code {code!r} is not a BCP 47 code", "use a code such as ja, en or pt-BR")
            elif code in {lang.code for lang in result}:
                g.error("code", f"duplicate language '{code}'", "list each language once")
            elif code and name:
                result.append(Language(code, name))
        if items is not None and len(items) < 2:
            f.error("languages", "a bilingual site needs at least two languages", "add another {code, name}")
        return tuple(result)

    def article(self, f: Fields) -> Article | None:
        """The optional ``article:``; its keys are named ``article.KEY`` in messages."""
        data = f.get("article", dict, required=False, what="with title, publisher, language, url, date and note")
        if data is None:
            return None
        g = Fields(data, f.path, self.problems, self.langs, parent="article")
        note, links = self.markdown_text(g, "note")
        article = Article(title=g.text("title"), publisher=g.string("publisher") or "",
                          language=g.string("language") or "", url=g.url("url"), date=g.date("date"),
                          note=note, links=links)
        g.done()
        return article

    def disclaimer(self, f: Fields) -> Disclaimer | None:
        """The optional ``disclaimer:``; its keys are named ``disclaimer.KEY`` in messages."""
        data = f.get("disclaimer", dict, required=False, what="with language, text, attribution and short")
        if data is None:
            return None
        g = Fields(data, f.path, self.problems, self.langs, parent="disclaimer")
        result = Disclaimer(language=g.string("language") or "", text=g.text("text"),
                            attribution=g.text("attribution"), short=g.text("short"))
        g.done()
        if self.langs and result.language and result.language not in self.langs:
            g.error("language", f"disclaimer language '{result.language}' is not one of the languages",
                    did_you_mean(result.language, set(self.langs)))
        return result

    def strings(self) -> dict[str, Text]:
        """The built-in interface strings, overridden by the optional ``strings.yml``."""
        data, shown = self.yaml("strings.yml", required=False)
        if data is not None and not isinstance(data, YDict):
            self.problems.append(Problem(shown, 1, "strings.yml must map each key to its texts"))
            data = None
        return interface_strings(self.langs, read_overrides(data, shown, self.problems, self.langs) if data else {})

    def records(self, name: str, required: bool = True, start: str = "- id: …") -> tuple[list[tuple[YDict, int]], str]:
        """The mappings of a YAML file that is a list of records."""
        data, shown = self.yaml(name, required)
        if data is None:
            return [], shown
        if not isinstance(data, YList):
            self.problems.append(Problem(shown, data.line if isinstance(data, YDict) else 1,
                                         f"{name} must be a list of entries", f"start each entry with '{start}'"))
            return [], shown
        out = []
        for item, line in zip(data, data.lines):
            if isinstance(item, YDict):
                out.append((item, line))
            else:
                self.problems.append(Problem(shown, line, "each entry must be a mapping", f"start it with '{start}'"))
        return out, shown

    def unique(self, registry: dict, key: str, where: Where, what: str) -> bool:
        if key in registry:
            first = registry[key].where
            self.problems.append(Problem(where.path, where.line, f"duplicate {what} id '{key}' (first at line {first.line})",
                                         "give each entry its own id"))
            return False
        return True

    def claims(self) -> dict[str, Claim]:
        records, shown = self.records("claims.yml")
        claims: dict[str, Claim] = {}
        for data, line in records:
            f = Fields(data, shown, self.problems, self.langs)
            cid, section, verdict = f.ident("id"), f.ident("section"), f.string("verdict")
            if verdict is not None and verdict not in VERDICTS:
                f.error("verdict", f"unknown verdict '{verdict}'", did_you_mean(verdict, set(VERDICTS)))
                verdict = None
            claim_text = f.text("claim")
            correct_figure, figure_links = self.markdown_text(f, "correct_figure")
            note, note_links = self.markdown_text(f, "note")
            claim = Claim(id=cid or "", section=section or "", verdict=verdict or "", claim=claim_text,
                          correct_figure=correct_figure, note=note, sources=self.sources(f), where=Where(shown, line),
                          links=figure_links + note_links, editor_note=editor_note(f),
                          checked=f.day("checked") or "", published=f.day("published") or "")
            f.done()
            if claim.published and claim.checked and claim.published > claim.checked:
                f.error("published", f"claim '{cid}' was published on {claim.published}, after it was checked on {claim.checked}",
                        "a check is published on or after the day it is made: correct one of the dates")
            if claim.verdict and claim.verdict != "unsourced" and not claim.sources and "sources" in data:
                f.error("sources", f"claim '{cid}' has no source",
                        "add at least one source, or set the verdict to 'unsourced'")
            if cid and self.unique(claims, cid, claim.where, "claim"):
                claims[cid] = claim
        return claims

    def sources(self, f: Fields) -> tuple[Source, ...]:
        items = f.get("sources", list, what="with a list of {publisher, title, date, url}")
        result = []
        for item, line in zip(items or [], (items.lines if items else [])):
            if not isinstance(item, YDict):
                self.problems.append(Problem(f.path, line, "each source must be {publisher, title, date, url}"))
                continue
            g = Fields(item, f.path, self.problems, self.langs)
            source = Source(publisher=g.string("publisher", required=False), title=g.string("title", required=False),
                            date=g.date("date"), url=g.url("url"), where=Where(f.path, line),
                            tier=source_tier(g), lang=source_lang(g))
            g.done()
            if not any((source.publisher, source.title, source.url)):
                self.problems.append(Problem(f.path, line, "a source needs at least a publisher, a title or a URL"))
            result.append(source)
        return tuple(result)

    def terms(self) -> dict[str, Term]:
        records, shown = self.records("glossary.yml", required=False)
        terms: dict[str, Term] = {}
        for data, line in records:
            f = Fields(data, shown, self.problems, self.langs)
            tid, term_text = f.ident("id") or "", f.text("term")
            definition, links = self.markdown_text(f, "definition")
            term = Term(id=tid, term=term_text, definition=definition, where=Where(shown, line), links=links)
            f.done()
            if term.id and self.unique(terms, term.id, term.where, "glossary"):
                terms[term.id] = term
        return terms

    def charts(self) -> dict[str, Chart]:
        records, shown = self.records("charts.yml", required=False)
        charts: dict[str, Chart] = {}
        for data, line in records:
            f = Fields(data, shown, self.problems, self.langs)
            chart = Chart(id=f.ident("id") or "", title=f.text("title"), caption=f.text("caption"),
                          unit=f.text("unit"), claims=tuple(str(c) for c in (f.get("claims", list) or [])),
                          points=self.points(f), where=Where(shown, line), scale=self.scale(f))
            f.done()
            if chart.id and self.unique(charts, chart.id, chart.where, "chart"):
                charts[chart.id] = chart
        return charts

    def timeline(self) -> tuple[Event, ...]:
        """The optional ``timeline.yml``: dated events in date order."""
        records, shown = self.records("timeline.yml", required=False, start="- date: …")
        events: list[Event] = []
        for data, line in records:
            f = Fields(data, shown, self.problems, self.langs)
            date = f.string("date")
            if date is not None and not valid_date(date):
                f.error("date", f"'date' {date!r} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY")
                date = None
            event = Event(date=date or "", text=f.text("text"), where=Where(shown, line),
                          claims=tuple(str(c) for c in (f.get("claims", list, required=False) or [])))
            f.done()
            before = next((e.date for e in reversed(events) if e.date), "")
            if event.date and before and _earlier(event.date, before):
                f.error("date", f"event dated {event.date} comes after one dated {before}",
                        "keep the events in date order, earliest first")
            events.append(event)
        return tuple(events)

    def corrections(self) -> tuple[Correction, ...]:
        """The optional ``corrections.yml``: the log of corrections and updates, newest first."""
        records, shown = self.records("corrections.yml", required=False, start="- date: …")
        entries: list[Correction] = []
        for data, line in records:
            f = Fields(data, shown, self.problems, self.langs)
            text, links = self.markdown_text(f, "text")
            entry = Correction(date=f.day("date", required=True) or "", text=text, where=Where(shown, line),
                               claims=tuple(str(c) for c in (f.get("claims", list, required=False) or [])), links=links)
            f.done()
            before = next((e.date for e in reversed(entries) if e.date), "")
            if entry.date and before and entry.date > before:
                f.error("date", f"entry dated {entry.date} comes after one dated {before}",
                        "keep the log newest first: put this entry above the older one")
            entries.append(entry)
        return tuple(entries)

    def scale(self, f: Fields) -> dict[str, float]:
        """A chart's unit per language may be a multiple of the data's: Japanese counts money in 億 (10⁸), not billions."""
        data = f.get("scale", dict, required=False, what="with a number per language, e.g. 'scale: {ja: 10}'")
        result: dict[str, float] = {}
        for lang, value in (data or {}).items():
            at = data.lines.get(lang, f.line("scale"))
            if lang not in self.langs:
                self.problems.append(Problem(f.path, at, f"'scale' has a language '{lang}' that site.yml does not list",
                                             did_you_mean(lang, set(self.langs))))
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                self.problems.append(Problem(f.path, at, f"'scale.{lang}' must be a number above zero, not {value!r}",
                                             "write how many of this language's units make one of the data's, e.g. 10"))
            else:
                result[lang] = float(value)
        return result

    def points(self, f: Fields) -> tuple[ChartPoint, ...]:
        items = f.get("points", list, what="with a list of {label, value}")
        result = []
        for item, line in zip(items or [], (items.lines if items else [])):
            if not isinstance(item, YDict):
                self.problems.append(Problem(f.path, line, "each point must be {label, value} or {label, low, high}"))
                continue
            g = Fields(item, f.path, self.problems, self.langs)
            nums = {k: g.get(k, (int, float), required=False) for k in ("value", "low", "high")}
            for key in [k for k, v in nums.items() if v is not None and not (math.isfinite(v) and v >= 0)]:
                g.error(key, f"'{key}' must be a finite number of zero or more, not {nums[key]}",
                        "bars start at zero; write the figure as digits")
                nums[key] = None
            point = ChartPoint(label=g.text("label"), **{k: None if v is None else float(v) for k, v in nums.items()})
            g.done()
            if point.value is None and (point.low is None or point.high is None):
                self.problems.append(Problem(f.path, line, "a point needs a 'value', or both 'low' and 'high'"))
            elif point.low is not None and point.high is not None and point.low > point.high:
                self.problems.append(Problem(f.path, line, "'low' is greater than 'high'", "swap them"))
            result.append(point)
        return tuple(result)

    def docs(self, kind: str) -> dict[tuple[str, str], Doc]:
        """Every Markdown file under ``sections/<lang>/`` or ``pages/<lang>/``."""
        folder = self.root / kind
        docs: dict[tuple[str, str], Doc] = {}
        if not folder.is_dir():
            self.problems.append(Problem(os.path.join(self.shown, kind), 0, "folder is missing",
                                         f"create {kind}/<language>/ with one Markdown file per {kind[:-1]}"))
            return docs
        for lang_dir in sorted(folder.iterdir(), key=by_name):
            shown_dir = self.show(lang_dir)
            if not lang_dir.is_dir():
                self.problems.append(Problem(shown_dir, 0, f"unexpected file in {kind}/", f"put it in {kind}/<language>/"))
                continue
            if self.langs and lang_dir.name not in self.langs:
                self.problems.append(Problem(shown_dir, 0, f"folder '{lang_dir.name}' is not a language of site.yml",
                                             did_you_mean(lang_dir.name, set(self.langs))))
                continue
            for path in sorted(lang_dir.iterdir(), key=by_name):
                doc = self.doc(kind, lang_dir.name, path)
                if doc is None:
                    continue
                if (doc.lang, doc.id) in docs:
                    first = docs[(doc.lang, doc.id)].path
                    self.problems.append(Problem(doc.path, 1, f"duplicate {kind[:-1]} id '{doc.id}' (also {first})",
                                                 "give each file its own id"))
                    continue
                docs[(doc.lang, doc.id)] = doc
        return docs

    def doc(self, kind: str, lang: str, path: Path) -> Doc | None:
        doc = self.read_doc(kind, lang, path)
        if doc is not None:
            self.bodies.loaded(doc)
        return doc

    def read_doc(self, kind: str, lang: str, path: Path) -> Doc | None:
        """One Markdown file, parsed, with its own problems reported."""
        shown = self.show(path)
        if kind == "sections":
            match = SECTION_FILE.fullmatch(path.name)
            if not match:
                self.problems.append(Problem(shown, 0, "section file name must be NN-id.md",
                                             "e.g. 01-introduction.md (lowercase, digits, hyphens)"))
                return None
            order, ident = int(match.group(1)), match.group(2)
            if len(ident) > MAX_ID:
                self.problems.append(Problem(shown, 0, f"section id is {len(ident)} characters long, over the limit "
                                             f"of {MAX_ID}", "shorten the file name (the id is the name after NN-)"))
                return None
        else:
            ident, order = path.stem, PAGES.index(path.stem) if path.stem in PAGES else 0
            if path.suffix != ".md" or ident not in PAGES:
                self.problems.append(Problem(shown, 0, f"unknown page '{path.name}'",
                                             "pages are " + ", ".join(p + ".md" for p in PAGES)))
                return None
        if not path.is_file() or not self.inside(path, shown):
            if path.exists() and not path.is_file():
                self.problems.append(Problem(shown, 0, "is not a file"))
            return None
        text, problems = read_text(path, shown)
        self.problems += problems
        front, body, body_line, problems = split_front_matter(text, shown) if text is not None else (None, "", 0, [])
        self.problems += problems
        if front is None:
            self.broken.add(f"{kind}/{lang}/{ident}")
            return None
        f = Fields(front, shown, self.problems, self.langs)
        doc = Doc(kind=kind[:-1], id=ident, lang=lang, order=order, path=shown,
                  title=f.string("title") or "", description=f.string("description") or "",
                  body=body, body_line=body_line)
        if kind == "pages" and ident == "home":
            doc.meta["key_figures"] = self.key_figures(f)
        hashed = f.string("source_hash", required=False)
        if hashed:
            doc.meta["source_hash"] = hashed
        f.done()
        doc.digest = hashlib.sha256(body.strip().encode()).hexdigest()[:12]
        parsed = parse(self.md, body, body_line)
        self.parsed += 1
        doc.tokens, doc.refs, doc.notes = parsed.tokens, parsed.refs, note_labels(parsed.tokens)
        self.problems += body_problems(shown, doc.kind, ident, parsed.tokens, body_line)
        self.markdown_problems(shown, parsed)
        if kind == "sections":  # pages restate the site's own figures; the home page's key figures name their claims
            self.problems += uncited(parsed.tokens, shown, body_line)
        return doc

    def markdown_text(self, f: Fields, key: str) -> tuple[Text, tuple[Ref, ...]]:
        """A translated value rendered as inline Markdown, checked like a section body.

        Its refused links, bad ``lang`` codes and remote images are reported at the
        line of each language's value; its glossary and chart links are returned for
        ``validate``, which knows the registries.
        """
        text = f.text(key)
        value = f.data.get(key)
        links: list[Ref] = []
        for lang, body in text.items():
            line = value.lines.get(lang, f.line(key)) if isinstance(value, YDict) else f.line(key)
            parsed = parse_inline(self.inline_md, body, line)
            self.markdown_problems(f.path, parsed)
            links += parsed.refs
        return text, tuple(links)

    def markdown_problems(self, shown: str, parsed: Parsed) -> None:
        """What the Markdown policy refused in one body or text, each at its line."""
        for url, line in parsed.refused_links:
            self.problems.append(Problem(shown, line, f"link target {url!r} is not allowed",
                                         "links may be http(s), mailto, glossary:ID or chart:ID"))
        for line in parsed.too_deep[:1]:
            self.problems.append(Problem(shown, line, "lists or quotes are nested too deeply: the rest would be lost",
                                         "use fewer levels of nested lists and block quotes"))
        for lang_value, line in parsed.bad_langs:
            self.problems.append(Problem(shown, line, f"lang {lang_value!r} is not a language code",
                                         "write [text]{lang=en} with a code such as en or ja"))
        for url, line in parsed.remote_images:
            self.problems.append(Problem(shown, line, f"image {url!r} is not part of the site",
                                         "images are charts, ![alt](chart:ID): the site loads nothing from other "
                                         "hosts; link to the picture instead, [text](https://…)"))

    def key_figures(self, f: Fields) -> list[dict[str, str]]:
        items = f.get("key_figures", list, required=False)
        result = []
        for item, line in zip(items or [], (items.lines if items else [])):
            if not isinstance(item, YDict):
                self.problems.append(Problem(f.path, line, "each key figure must be {value, label, claim}"))
                continue
            g = Fields(item, f.path, self.problems, self.langs)
            figure = {"value": g.string("value") or "", "label": g.string("label") or "",
                      "claim": g.string("claim", required=False) or "", "line": line}
            g.done()
            if not figure["claim"]:  # the citation lint's rule for the figures the home page puts first
                self.problems.append(Problem(f.path, line, f"key figure {figure['value']!r} names no claim",
                                             "add 'claim: claim-id', the claim whose correct figure it shows",
                                             level="warning"))
            result.append(figure)
        return result


class Bodies:
    """Each document's parsed body: kept for the first ``keep`` documents loaded, parsed again for the others.

    A big site's token lists do not all fit in memory at once (~1 MB per article of
    1,400 words); a small site keeps all of them, so nothing is parsed twice. A
    document parsed again stays among the last ``RECENT``, because a section's pages
    (its own and each language's side-by-side view) render one after the other.
    """

    RECENT = 8

    def __init__(self, loader: Loader, keep: int | None):
        self.loader, self.keep, self.count = loader, keep, 0
        self.recent: dict[str, list] = {}

    def loaded(self, doc: Doc) -> None:
        self.count += 1
        if self.keep is not None and self.count > self.keep:
            doc.body, doc.tokens = "", None

    def tokens(self, doc: Doc) -> list:
        if doc.tokens is not None:
            return doc.tokens
        found = self.recent.pop(doc.path, None)
        if found is None:
            kind = doc.kind + "s"
            full = self.loader.read_doc(kind, doc.lang, self.loader.root / kind / doc.lang / os.path.basename(doc.path))
            if full is None or full.digest != doc.digest:
                raise ContentError([Problem(doc.path, 0, "the file changed while the site was being built",
                                            "build again")])
            found = full.tokens or []
        self.recent[doc.path] = found
        if len(self.recent) > self.RECENT:
            del self.recent[next(iter(self.recent))]
        return found


def _earlier(date: str, than: str) -> bool:
    """Whether ``date`` is before ``than``, compared as far as both go (2025-07 is not before 2025-07-15)."""
    a, b = [int(p) for p in date.split("-")], [int(p) for p in than.split("-")]
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def load_content(root: Path, shown: str | None = None) -> tuple[Content, list[Problem]]:
    """Load ``root``; return the content and every problem found in single files."""
    loader = Loader(root, shown if shown is not None else str(root))
    content = loader.load()
    return content, loader.problems


def by_name(path: Path) -> str:
    """Sort key for the entries of one folder: their names (comparing Path objects is ~10× slower)."""
    return path.name
