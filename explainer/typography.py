"""How each language writes a date and ends a label, for the text readers see.

Content stores dates as ISO strings (``2026-12-02``, ``2026-07`` or ``2026``), which
machines read well and readers of Japanese do not: a page says 2026年12月2日 in
Japanese and 2 December 2026 in English. The ISO form stays in ``datetime``
attributes; only the visible text goes through here. Languages without a rule
here keep the ISO form rather than get a guess.
"""

from __future__ import annotations

from markupsafe import Markup

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

_CJK = {"ja", "zh"}
"""Languages that write dates with 年月日 and end a label with a full-width colon."""


def date_text(iso: str, lang: str) -> str:
    """``iso`` (YYYY, YYYY-MM or YYYY-MM-DD) as ``lang`` writes it."""
    parts = [int(p) for p in str(iso).split("-")]
    if lang in _CJK:
        return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))
    if lang == "en":
        year, rest = parts[0], parts[1:]
        if not rest:
            return str(year)
        month = MONTHS_EN[rest[0] - 1]
        return f"{rest[1]} {month} {year}" if len(rest) > 1 else f"{month} {year}"
    return str(iso)


def label(text: str, lang: str) -> Markup:
    """``text`` as the label before a value: 免責事項： in Japanese, ``Disclaimer:`` (and a space) elsewhere."""
    return Markup("{}：").format(text) if lang in _CJK else Markup("{}: ").format(text)
