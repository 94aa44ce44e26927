"""How each language ends a label, for the text readers see: 免責事項： in Japanese,
``Avertissement :`` in French, ``Disclaimer:`` and a space elsewhere. (Dates are written by ``dates``.)
"""

from __future__ import annotations

from markupsafe import Markup

_CJK = {"ja", "zh"}
"""Languages that end a label with a full-width colon."""


def label(text: str, lang: str) -> Markup:
    """``text`` as the label before a value: 免責事項： in Japanese, ``Avertissement :`` (a no-break space
    before the colon) in French, ``Disclaimer:`` (and a space) elsewhere."""
    if lang in _CJK:
        return Markup("{}：").format(text)
    return Markup("{}\u00a0: ").format(text) if lang == "fr" else Markup("{}: ").format(text)
