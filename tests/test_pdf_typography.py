"""PDF typography follows each language: words are hyphenated with the language's own rules.

WeasyPrint hyphenates with Pyphen's dictionary for the element's ``lang``, so a French
page breaks French words the French way and an English page the English way; Japanese,
which has no dictionary and needs none, is left as it is (kinsoku is tested with the PDFs).
"""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import SITES, run_build, write_site

pytestmark = pytest.mark.slow

LONG_FRENCH = ("Les administrations intercommunautaires reconnaissent incontestablement "
               "l'extraordinaire responsabilité environnementale des infrastructures "
               "informatiques, particulièrement lorsque leurs consommations électriques "
               "dépassent considérablement les prévisions gouvernementales. ") * 6
LONG_ENGLISH = ("Internationally, administrations acknowledge the extraordinary environmental "
                "responsibilities of computational infrastructures, particularly when their "
                "electricity consumption considerably outpaces governmental projections. ") * 6


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hyphens")
    files = {}
    for lang, text, path in (("fr", LONG_FRENCH, "sections/fr/01-weather.md"),
                             ("en", LONG_ENGLISH, "sections/en/01-weather.md")):
        original = (SITES / "minimal" / path).read_text(encoding="utf-8")
        files[path] = f"{original}\n{text}\n"
    content = write_site(root / "content", files)
    result = run_build("build", "--pdf", "--content", str(content), "--out", str(root / "site"), "--no-cache")
    assert result.returncode == 0, result.stderr
    return {lang: subprocess.run(["pdftotext", "-layout", str(root / "site" / "pdf" / f"explainer-{lang}.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout
            for lang in ("fr", "en")}


@pytest.mark.parametrize("lang, source", [("fr", LONG_FRENCH), ("en", LONG_ENGLISH)])
def test_long_words_are_hyphenated_in_each_language(pdf_texts, lang, source):
    """The source has no hyphens, so every line that ends in one (WeasyPrint prints U+2010)
    was hyphenated by the layout, between two parts of one of the paragraph's words."""
    words = set(re.findall(r"\w+", source.lower()))
    broken = re.findall(r"(\w+)[-\u2010\u00ad]\n\s*(\w+)", pdf_texts[lang])
    joined = [(head + tail).lower() for head, tail in broken]
    assert any(word in words for word in joined), (lang, broken)
