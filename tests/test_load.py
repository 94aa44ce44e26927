"""Loading single files into the model: optional keys may be left out."""

import dataclasses
from pathlib import Path

import pytest

from conftest import build, write_site

from explainer.errors import ContentError
from explainer.content.load import load_content

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


def test_a_load_from_the_cache_gives_every_field_and_problem_of_a_fresh_one(tmp_path: Path):
    """The cache encodes a document from its fields: all of them come back (the body is parsed again when
    a page shows it), and every file's problems are reported again, in the same order."""
    from explainer.incremental import cache

    content = write_site(tmp_path / "content", {"claims.yml": BROKEN_CLAIMS, "sections/en/01-weather.md": BROKEN_SECTION})
    fresh = cache.CachingLoader(content, "content", {}, {})
    loaded = fresh.load()
    again = cache.CachingLoader(content, "content", fresh.new, fresh.stats)
    cached = again.load()
    assert again.parsed == 0 and fresh.parsed > 0
    for key, doc in [*loaded.sections.items(), *loaded.pages.items()]:
        from_cache = cached.sections.get(key) or cached.pages[key]
        assert from_cache == dataclasses.replace(doc, body="", tokens=None)
    assert [str(p) for p in again.problems] == [str(p) for p in fresh.problems]
    assert any("claims.yml" in p.path for p in fresh.problems) and any("01-weather.md" in p.path for p in fresh.problems)


def test_markdown_parsed_on_every_core_loads_and_reports_exactly_as_parsed_here(tmp_path: Path, monkeypatch):
    """Many changed Markdown files are parsed in forked children (here from the first file): the same
    documents, and the same problems in the same order, as a load in this process."""
    from explainer.incremental import cache

    content = write_site(tmp_path / "content", {"claims.yml": BROKEN_CLAIMS, "sections/en/01-weather.md": BROKEN_SECTION,
                                                "sections/fr/02-sun.md": "---\ntitle: Le soleil\n---\n[x](javascript:y)\n"})
    here = cache.CachingLoader(content, "content", {}, {})
    loaded = here.load()
    monkeypatch.setattr(cache, "PARSE_PER_CORE", 1)
    everywhere = cache.CachingLoader(content, "content", {}, {}, parallel=True)
    shared = everywhere.load()
    assert {key: dataclasses.replace(doc, body="", tokens=None) for key, doc in loaded.sections.items()} == shared.sections
    assert [str(p) for p in everywhere.problems] == [str(p) for p in here.problems]
    assert everywhere.parsed == here.parsed


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
