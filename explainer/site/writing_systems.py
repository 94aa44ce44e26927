"""Guess the language of a foreign passage from its script, for ``lang`` attributes.

Registry text such as a source's title is in whatever language the source was
published in, which the dossier does not record. When a passage's script does not
match the page's language, and exactly one of the site's languages writes that
script, that language is the best ``lang`` for it (an English title on a Japanese
page gets ``lang="en"``); otherwise no guess is made.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
CJK_LANGUAGES = ("ja", "zh", "ko")


def script_of_language(code: str) -> str:
    return "cjk" if code.split("-")[0] in CJK_LANGUAGES else "latin"


def script_of_text(text: str) -> str:
    if _CJK.search(text):
        return "cjk"
    return "latin" if _LATIN.search(text) else ""


def foreign_lang(text: str, page_lang: str, languages: tuple[str, ...], hint: str = "") -> str:
    """The language ``text`` is probably in, if it differs from the page's; else "".

    ``hint`` is what the text is declared to be in (a source's ``lang``): taken whenever its writing
    system is the text's, even the page's own, since a script alone cannot tell two Latin-script
    languages apart. Without it, the one site language written in that script, if there is just one.
    """
    script = script_of_text(text)
    if not script:
        return ""
    if hint and hint != page_lang and script_of_language(hint) == script:
        return hint
    if script == script_of_language(page_lang):
        return ""
    candidates = [code for code in languages if code != page_lang and script_of_language(code) == script]
    return candidates[0] if len(candidates) == 1 else ""
