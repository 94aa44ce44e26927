"""Printing a page from the browser (print.css): the text and its notes, no navigation."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import run_build, serve, write_site

SECTION = """---
title: The weather
description: What the story says about the weather.
---
The story says the sky is blue.[^sky-blue] It also says it rains every day.[^rain-daily]
Blue comes from [scattering](glossary:scattering), says [the sky desk](https://example.org/sky-desk).
"""


@pytest.mark.slow
def test_a_printed_page_keeps_notes_and_link_targets_but_no_navigation(tmp_path, page):
    content = write_site(tmp_path / "content", {"sections/en/01-weather.md": SECTION})
    out = tmp_path / "site"
    result = run_build("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    url, server = serve(out)
    try:
        page.goto(f"{url}/en/weather.html")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
    finally:
        server.shutdown()
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    flat = re.sub(r"\s+", " ", text)
    assert "The story says the sky is blue." in flat
    for navigation in ("Skip to content", "Français", "Claims checked", "Search"):
        assert navigation not in flat, f"navigation {navigation!r} printed"
    assert "Rayleigh scattering." in flat and "Example Science" in flat, "notes and their sources"
    assert "https://example.org/sky" in flat.replace(" ", ""), "a note's source URL"
    assert "<https://example.org/sky-desk>" in flat.replace(" ", ""), "an external link's target"
