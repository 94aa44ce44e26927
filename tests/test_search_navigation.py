"""Navigation is not page text: a section's pager is left out of its search index.

The pager names the previous and next sections; indexed, its titles ran together
into one term ("playThe") and every section was found by its neighbours' titles.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_build, write_site
from explainer.site import search

SECOND = {
    "sections/en/02-tides.md": "---\ntitle: Zanzibar tides\ndescription: The tides.\n---\nThe sea rises twice a day.\n",
    "sections/fr/02-tides.md": "---\ntitle: Marées de Zanzibar\ndescription: Les marées.\n---\nLa mer monte deux fois par jour.\n",
}


def _built(tmp_path: Path) -> Path:
    content = write_site(tmp_path / "content", SECOND)
    out = tmp_path / "site"
    result = run_build("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _pages_with(out: Path, lang: str, term: str) -> set[str]:
    """The pages the built index lists for ``term``."""
    pages = [row[0] for row in json.loads((out / f"search/{lang}/0/pages.json").read_text())]
    found: set[str] = set()
    for shard in (out / f"search/{lang}/0").glob("[0-9]*.json"):
        postings = json.loads(shard.read_text()).get(term, [])
        found.update(pages[postings[i]] for i in range(0, len(postings), 3))
    return found


def test_the_pager_stays_on_the_page_but_out_of_its_text(tmp_path):
    out = _built(tmp_path)
    html = (out / "en/weather.html").read_bytes()
    assert b'rel="next"' in html and b"Zanzibar tides" in html
    text = search.page_text("en/weather.html", html)
    assert text is not None
    assert "Zanzibar" not in text.text
    assert "The weather" not in search.page_text("en/tides.html", (out / "en/tides.html").read_bytes()).text


def test_a_section_is_found_by_its_own_title_not_by_its_neighbours(tmp_path):
    out = _built(tmp_path)
    # The home page lists the contents; the neighbouring section does not name it any more.
    assert "en/tides.html" in _pages_with(out, "en", "zanzibar")
    assert "en/weather.html" not in _pages_with(out, "en", "zanzibar")
    assert "fr/weather.html" not in _pages_with(out, "fr", "zanzibar")
    assert _pages_with(out, "en", "weathertides") == set()
    assert not any("→" in term or "←" in term for term in search.tokens(
        search.page_text("en/weather.html", (out / "en/weather.html").read_bytes()).text))
