"""The content model: what an editor can write, as frozen records.

Each record keeps ``path`` and ``line`` so that every later rule can point at the
exact place in ``content/``. Translated text is a ``Text``: a mapping from language
code to string, complete for every language once validation has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

Text = dict[str, str]
"""Language code → text in that language."""

VERDICTS = ("accurate", "accurate-with-context", "disputed", "inaccurate", "unsourced")
"""The fixed verdict scale, from best to worst supported."""


@dataclass(frozen=True)
class Where:
    """A place in ``content/``."""

    path: str
    line: int


@dataclass(frozen=True)
class Language:
    code: str
    """BCP 47 code used in URLs and ``lang`` attributes (``ja``, ``en``)."""
    name: str
    """The language's name in itself (``日本語``), shown in the switcher."""


@dataclass(frozen=True)
class Article:
    """The original article the site explains."""

    title: Text
    publisher: str
    language: str
    url: str | None
    date: str | None
    note: Text
    links: tuple[Ref, ...] = ()
    """Glossary and chart links in its inline Markdown note, for ``validate``."""


@dataclass(frozen=True)
class Disclaimer:
    """The original article's disclaimer: verbatim in ``language``, translated elsewhere."""

    language: str
    text: Text
    attribution: Text
    short: Text


@dataclass(frozen=True)
class Site:
    languages: tuple[Language, ...]
    default_language: str
    base_url: str
    """Absolute URL of the site's root with a trailing slash, or "" for relative-only output."""
    title: Text
    description: Text
    author: Text
    checked: str
    """ISO date as of which the claims were checked: the latest of the claims' own ``checked`` dates."""
    article: Article | None = None
    """None when the site explains no single article (``article:`` left out of ``site.yml``)."""
    disclaimer: Disclaimer | None = None
    """None when there is no original disclaimer to quote."""
    social_card: str = ""
    """Content-relative path of the content's own link-preview image (PNG or JPEG) for every page, or ""
    for the cards the build draws per page (``social_cards``)."""
    checked_line: int = 0
    """Line of ``checked`` in ``site.yml``, where a check date no claim has is reported."""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


@dataclass(frozen=True)
class Source:
    """Where a claim's verdict comes from; any field may be unknown (None).

    ``tier`` grades the page (1 primary, 2 reputable reporting, 3 fallback) so editors can
    see how strong a citation is; ``lang`` is the page's language where it is not English,
    so a link to a Japanese page can say so (``hreflang``).
    """

    publisher: str | None
    title: str | None
    date: str | None
    url: str | None
    where: Where
    tier: int | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    section: str
    verdict: str
    claim: Text
    correct_figure: Text
    note: Text
    sources: tuple[Source, ...]
    where: Where
    editor_note: str | None = None
    """For editors only (research caveats, what to verify); never rendered on any output."""
    links: tuple[Ref, ...] = ()
    """Glossary and chart links in its inline Markdown (correct figure, note), for ``validate``."""
    checked: str = ""
    """YYYY-MM-DD the claim was last checked; "" means the site's ``checked`` (``Claim.checked_on``)."""
    published: str = ""
    """YYYY-MM-DD the check was first published, when it is known; "" means when it was checked."""

    def checked_on(self, site: Site) -> str:
        """The day this claim was last checked: its own date, else the site's.

        Resolved when shown rather than when loaded, so that the cached claims
        registry never holds a copy of ``site.yml``'s date.
        """
        return self.checked or site.checked

    def published_on(self, site: Site) -> str:
        """The day this check first appeared (ClaimReview's ``datePublished``)."""
        return self.published or self.checked_on(site)


@dataclass(frozen=True)
class Term:
    """A glossary entry, linked from Markdown as ``[text](glossary:ID)``."""

    id: str
    term: Text
    definition: Text
    where: Where
    links: tuple[Ref, ...] = ()
    """Glossary and chart links in its definition, for ``validate``."""


@dataclass(frozen=True)
class Event:
    """A dated event of the timeline (``timeline.yml``), optionally naming the claims about it."""

    date: str
    """YYYY-MM-DD, YYYY-MM or YYYY."""
    text: Text
    """Inline Markdown, one per language."""
    claims: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Correction:
    """An entry of the corrections and updates log (``corrections.yml``): what changed, when, in which claims."""

    date: str
    """YYYY-MM-DD."""
    text: Text
    """Inline Markdown, one per language."""
    claims: tuple[str, ...]
    where: Where
    links: tuple[Ref, ...] = ()
    """Glossary and chart links in its text, for ``validate``."""


@dataclass(frozen=True)
class ChartPoint:
    label: Text
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Chart:
    """Data for a figure, placed in Markdown as ``![alt](chart:ID)``."""

    id: str
    title: Text
    caption: Text
    unit: Text
    claims: tuple[str, ...]
    points: tuple[ChartPoint, ...]
    where: Where
    scale: dict[str, float] = field(default_factory=dict)
    """Per language, how many of its units make one unit of the data (億ドル: 10 per US$ billion); 1 if absent."""


RECORDS = {"claims": ("claim", "claims.yml"), "terms": ("term", "glossary.yml"), "charts": ("chart", "charts.yml")}
"""The registries of records with ids: ``Content`` field → (the key prefix of one record, its file)."""
FILES = {"site": "site.yml", "strings": "strings.yml", "timeline": "timeline.yml", "corrections": "corrections.yml",
         **{name: file for name, (_, file) in RECORDS.items()}}
"""``Content`` field → the content file it comes from (what a rebuild checks against the files that changed)."""


class Ref(NamedTuple):
    """A reference from Markdown to something in a registry (claim, term, chart).

    A named tuple rather than a dataclass: a big site has tens of thousands, and the
    rebuild cache loads them all; tuples load several times faster.
    """

    kind: str
    """``claim``, ``footnote`` (an author's own), ``glossary`` or ``chart``."""
    target: str
    line: int


@dataclass(kw_only=True)
class Doc:
    """One Markdown file: a section or a page, in one language."""

    kind: str
    """``section`` or ``page``."""
    id: str
    lang: str
    order: int
    path: str
    title: str
    description: str
    body: str = field(default="", metadata={"cached": False})
    body_line: int
    """Line in the file where ``body`` starts, for mapping token lines back."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Front-matter keys beyond title and description (``key_figures``, ``source_hash``)."""
    tokens: list | None = field(default=None, metadata={"cached": False})
    """The parsed body while the loader keeps it; None once dropped (``load.Bodies`` parses it again)."""
    refs: list[Ref] = field(default_factory=list)
    digest: str = ""
    """Short hash of the body, which translations record as ``source_hash``."""
    notes: tuple[str, ...] = ()
    """Footnote labels in note-number order (``markdown.notes.note_labels``), known without the tokens."""


@dataclass
class Content:
    """Everything loaded from one content directory."""

    root: str
    site: Site | None
    strings: dict[str, Text]
    claims: dict[str, Claim]
    terms: dict[str, Term]
    charts: dict[str, Chart]
    sections: dict[tuple[str, str], Doc]
    """(language, id) → section."""
    pages: dict[tuple[str, str], Doc]
    """(language, id) → page (``home``, ``about``)."""
    timeline: tuple[Event, ...] = ()
    """The optional ``timeline.yml``, in date order."""
    corrections: tuple[Correction, ...] = ()
    """The optional ``corrections.yml``, newest first."""
    broken: frozenset[str] = frozenset()
    """Registry files that failed to load; references into them are not checked again."""

    def section_ids(self) -> list[str]:
        """Section ids in reading order (by the files' ``NN-`` prefix)."""
        order: dict[str, int] = {}
        for doc in self.sections.values():
            order[doc.id] = min(order.get(doc.id, doc.order), doc.order)
        return sorted(order, key=lambda i: (order[i], i))
