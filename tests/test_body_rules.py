"""Mistakes CommonMark lets through, reported at their line; hints that fit any explainer; no false cascades."""

from __future__ import annotations

from pathlib import Path

from explainer.errors import ContentError
from explainer.pipeline import check
from conftest import SITES, write_site

SECTION_EN = (SITES / "minimal/sections/en/01-weather.md").read_text(encoding="utf-8")


def problems(tmp_path: Path, files: dict[str, str | None]) -> list[str]:
    root = write_site(tmp_path / "c", files)
    try:
        check(root, "content", strict=True)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_a_top_level_heading_in_a_section_body_is_a_second_h1_at_its_line(tmp_path):
    text = SECTION_EN.replace("---\nThe story says", "---\n# The weather\n\nThe story says")
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md:5: a '#' heading in the body is a second top-level heading: the title "
        "in the front matter already is the page's <h1> (hint: use '## …' for a heading inside the text, "
        "or remove it if it repeats the title)"]


def test_an_underlined_top_level_heading_on_a_page_is_one_too(tmp_path):
    about = "---\ntitle: About en\ndescription: About page en.\n---\nWho we are\n==========\n\nText.\n"
    assert [p.split(": ", 1)[0] for p in problems(tmp_path, {"pages/en/about.md": about})] == ["content/pages/en/about.md:5"]


def test_sub_headings_are_fine(tmp_path):
    assert problems(tmp_path, {"sections/en/01-weather.md": SECTION_EN + "\n### Details\n\nMore.\n"}) == []


def test_a_link_to_a_fragment_the_page_lacks_is_an_error_naming_the_headings_it_has(tmp_path):
    text = SECTION_EN + "\nAs said [above](#rain-and-sun).\n"
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md:16: link to '#rain-and-sun' leads nowhere: no heading on this page has "
        "that id (hint: headings here: #rain-and-shine)"]


def test_links_to_a_heading_a_note_or_the_title_land(tmp_path):
    text = SECTION_EN + "\nSee [rain](#rain-and-shine), [note 1](#fn-1) and [the top](#page-title).\n"
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == []


def test_a_fragment_in_another_script_is_compared_as_written(tmp_path):
    text = SECTION_EN + "\n## 電力と家庭\n\nSee [power](#電力と家庭) and [this](#電力).\n"
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md:18: link to '#電力' leads nowhere: no heading on this page has that id "
        "(hint: headings here: #rain-and-shine, #電力と家庭)"]


def test_the_about_page_may_link_to_its_disclaimer(tmp_path):
    about = "---\ntitle: About en\ndescription: About page en.\n---\nRead the [disclaimer](#disclaimer).\n"
    assert problems(tmp_path, {"pages/en/about.md": about}) == []


def test_a_broken_claims_file_is_reported_alone_not_as_unknown_claims_elsewhere(tmp_path):
    found = problems(tmp_path, {"claims.yml": "- id: sky-blue\n  claim: [unclosed\n"})
    assert len(found) == 1 and found[0].startswith("content/claims.yml:3: YAML syntax error"), found
    assert not any("unknown claim" in p for p in found)


def test_a_misnamed_section_file_gets_a_hint_that_names_no_particular_explainer(tmp_path):
    found = problems(tmp_path, {"sections/en/weather.md": SECTION_EN})
    assert ("content/sections/en/weather.md: section file name must be NN-id.md "
            "(hint: e.g. 01-introduction.md (lowercase, digits, hyphens))") in found
