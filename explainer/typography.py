"""How each language writes a date and ends a label, for the text readers see.

Content stores dates as ISO strings (``2026-12-02``, ``2026-07`` or ``2026``), which
machines read well and readers of Japanese do not: a page says 2026年12月2日 in
Japanese, 2 December 2026 in English, 2. Dezember 2026 in German. The ISO form stays
in ``datetime`` attributes; only the visible text goes through here. Languages without
a rule here keep the ISO form rather than get a guess.
"""

from __future__ import annotations

from markupsafe import Markup

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

MONTHS = {
    "en": MONTHS_EN,
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
"""Month names of the languages with built-in interface strings that spell months out."""

DAY_MONTH_YEAR = {
    "en": ("{d} {m} {y}", "{m} {y}"),
    "de": ("{d}. {m} {y}", "{m} {y}"),
    "fr": ("{d} {m} {y}", "{m} {y}"),
    "es": ("{d} de {m} de {y}", "{m} de {y}"),
}
"""How each of those writes a full date and a month: 2. Dezember 2026, 2 de diciembre de 2026."""

_CJK = {"ja", "zh"}
"""Languages that write dates with 年月日 and end a label with a full-width colon."""


def date_text(iso: str, lang: str) -> str:
    """``iso`` (YYYY, YYYY-MM or YYYY-MM-DD) as ``lang`` writes it."""
    parts = [int(p) for p in str(iso).split("-")]
    if lang in _CJK:
        return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))
    if lang == "ko":
        return " ".join(f"{n}{unit}" for n, unit in zip(parts, ("년", "월", "일")))
    if lang in MONTHS:
        year, rest = parts[0], parts[1:]
        if not rest:
            return str(year)
        full, month_only = DAY_MONTH_YEAR[lang]
        day = "1er" if lang == "fr" and len(rest) > 1 and rest[1] == 1 else (str(rest[1]) if len(rest) > 1 else "")
        return (full if day else month_only).format(d=day, m=MONTHS[lang][rest[0] - 1], y=year)
    return str(iso)


def label(text: str, lang: str) -> Markup:
    """``text`` as the label before a value: 免責事項： in Japanese, ``Avertissement :`` (a no-break space
    before the colon) in French, ``Disclaimer:`` (and a space) elsewhere."""
    if lang in _CJK:
        return Markup("{}：").format(text)
    return Markup("{}\u00a0: ").format(text) if lang == "fr" else Markup("{}: ").format(text)
