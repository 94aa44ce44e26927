"""Loading single files into the model: optional keys may be left out."""

from pathlib import Path

import pytest

from conftest import build, write_site

from explainer.errors import ContentError
from explainer.load import load_content

HOME_EN = """---
title: Home en
description: Home page en.
---
The lede in en.
"""


def test_a_home_page_without_key_figures_loads(tmp_path: Path):
    content, problems = load_content(write_site(tmp_path / "content", {"pages/en/home.md": HOME_EN}), "content")
    assert problems == []
    assert content.pages[("en", "home")].meta["key_figures"] == []
    assert content.pages[("fr", "home")].meta["key_figures"][0]["claim"] == "rain-daily"


BROKEN_CLAIMS = """- id: sky-blue
  section: weather
  verdict: sure
  claim: {en: The sky is blue., fr: Le ciel est bleu.}
  correct_figure: {en: Blue on clear days., fr: Bleu par temps clair.}
  note: {en: Rayleigh scattering., fr: Diffusion Rayleigh.}
  sources: []
- id: rain-daily
  section: weather
  verdict: inaccurate
  claim: {en: It rains every day.}
  correct_figure: {en: About 150 days a year., fr: Environ 150 jours par an.}
  note: {en: Not every day., fr: Pas tous les jours.}
  sources: []
"""
BROKEN_SECTION = "---\ntitle: The weather\n---\nNo description above.\n"


PADDING = "# " + "padding " * 40_000 + "\n"
"""A comment that takes claims.yml past 256 KiB, the size the build reads in a forked child."""


def problems_of(content: Path, folder: Path, parallel: bool) -> list[str]:
    """The problems a build of ``content`` reports, with a fresh rebuild cache (so nothing is answered from it)."""
    with pytest.raises(ContentError) as failure:
        build(content, folder / "site", cache=folder / "cache", parallel=parallel)
    return [str(problem) for problem in failure.value.problems]


def test_a_big_claims_file_read_in_a_child_reports_exactly_as_read_here(tmp_path: Path):
    """A big claims.yml is read in a forked child while the Markdown loads (when the build may fork):
    its problems and the other files' are the same as when the build reads it in its own process."""
    content = write_site(tmp_path / "content", {"claims.yml": BROKEN_CLAIMS + PADDING,
                                                "sections/en/01-weather.md": BROKEN_SECTION})
    here = problems_of(content, tmp_path / "here", parallel=False)
    assert problems_of(content, tmp_path / "forked", parallel=True) == here
    assert any("claims.yml" in p for p in here) and any("01-weather.md" in p for p in here)
