"""Dates as a page's language writes them: "14 July 2025", 「2025年7月14日」.

Content stores dates as ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the loader checks
that). How a language writes them is an interface string, so a translator adds a
language without touching code: ``date_day`` and ``date_month`` are patterns with
``{year}``, ``{month}`` (its number), ``{month_name}`` and ``{day}``; ``month_names``
lists the twelve names, separated by spaces.
"""

from __future__ import annotations

from collections.abc import Callable


def written_date(iso: str, t: Callable[[str], str]) -> str:
    """``iso`` written the way the language of ``t`` (its interface strings) writes dates."""
    parts = iso.split("-")
    if len(parts) == 1:
        return iso
    month = int(parts[1])
    fields = {"{year}": parts[0], "{month}": str(month), "{month_name}": t("month_names").split()[month - 1]}
    pattern = t("date_month")
    if len(parts) == 3:
        fields["{day}"] = str(int(parts[2]))
        pattern = t("date_day")
    for placeholder, value in fields.items():
        pattern = pattern.replace(placeholder, value)
    return pattern
