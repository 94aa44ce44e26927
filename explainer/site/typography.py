"""How each language ends a label, for the text readers see: 免責事項： in Japanese,
``Disclaimer:`` and a space elsewhere. (Dates are written by ``dates``.)
"""

from __future__ import annotations

from markupsafe import Markup

_CJK = {"ja", "zh"}
"""Languages that end a label with a full-width colon."""


def label(text: str, lang: str) -> Markup:
    """``text`` as the label before a value: 免責事項： in Japanese, ``Disclaimer:`` (and a space) elsewhere."""
    return Markup("{}：").format(text) if lang in _CJK else Markup("{}: ").format(text)
