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
