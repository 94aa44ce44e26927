"""Loading single files into the model: optional keys may be left out."""

from pathlib import Path

from conftest import write_site

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


def _load_both_ways(content: Path, monkeypatch) -> tuple:
    from explainer import cache
    from explainer.model import Content

    def loaded(parallel: bool) -> tuple[Content, list]:
        loader = cache.CachingLoader(content, "content", {}, {}, None, lean=False, parallel=parallel)
        return loader.load(), loader.problems

    here = loaded(False)
    monkeypatch.setattr(cache, "FORK_CLAIMS_BYTES", 0)
    return here, loaded(True)


def test_claims_read_in_a_child_load_and_report_exactly_as_read_here(tmp_path: Path, monkeypatch):
    """A big claims.yml is read in a forked child while the Markdown loads (here from the first byte):
    the same records, and the same problems in the same order, between the other files' problems."""
    content = write_site(tmp_path / "content", {"claims.yml": BROKEN_CLAIMS, "sections/en/01-weather.md": BROKEN_SECTION})
    (here, here_problems), (child, child_problems) = _load_both_ways(content, monkeypatch)
    assert child.claims == here.claims and child.broken == here.broken
    assert [str(p) for p in child_problems] == [str(p) for p in here_problems]
    assert any("claims.yml" in p.path for p in here_problems) and any("01-weather.md" in p.path for p in here_problems)


def test_claims_are_read_here_when_the_child_fails(tmp_path: Path, monkeypatch):
    from explainer import cache

    def fails(self):
        raise RuntimeError("the child dies")

    monkeypatch.setattr(cache.CachingLoader, "claims_here", fails)
    content = write_site(tmp_path / "content", {"claims.yml": BROKEN_CLAIMS})
    (here, here_problems), (child, child_problems) = _load_both_ways(content, monkeypatch)
    assert child.claims == here.claims
    assert [str(p) for p in child_problems] == [str(p) for p in here_problems]
