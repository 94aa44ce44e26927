"""Each content rule, on a tiny broken site, with the exact line an editor sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.errors import ContentError
from explainer.pipeline import check
from conftest import SITES, run_build, write_site

SECTION_EN = (SITES / "minimal/sections/en/01-weather.md").read_text()
CLAIMS = (SITES / "minimal/claims.yml").read_text()
SITE = (SITES / "minimal/site.yml").read_text()


def problems(tmp_path: Path, files: dict[str, str | None], strict: bool = False) -> list[str]:
    root = write_site(tmp_path / "c", files)
    try:
        result = check(root, "content", strict=strict)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in result.warnings]


def test_the_minimal_site_is_valid(tmp_path):
    assert problems(tmp_path, {}) == []


def test_yaml_syntax_error_names_the_line(tmp_path):
    assert problems(tmp_path, {"glossary.yml": "- id: a\n  term: [unclosed\n"}) == [
        "content/glossary.yml:3: YAML syntax error: did not find expected ',' or ']' "
        "(hint: check the indentation and quoting on this line and the one before)"]


def test_duplicate_yaml_key(tmp_path):
    text = SITE.replace("checked: 2026-01-31", "checked: 2026-01-31\nchecked: 2026-02-01")
    assert problems(tmp_path, {"site.yml": text}) == [
        "content/site.yml:10: duplicate key 'checked' (first on line 9) (hint: remove one of the two)"]


def test_unknown_key_suggests_the_known_one(tmp_path):
    text = CLAIMS.replace("  verdict: accurate\n", "  verdict: accurate\n  verdcit: accurate\n", 1)
    assert problems(tmp_path, {"claims.yml": text}) == [
        "content/claims.yml:4: unknown key 'verdcit' (hint: did you mean 'verdict'?)"]


def test_unknown_claim_id_with_did_you_mean(tmp_path):
    text = SECTION_EN.replace("[^sky-blue]", "[^sky-bleu]")
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md: claim 'sky-blue' is cited in the 'fr' version "
        "(content/sections/fr/01-weather.md:5) but not in this one (hint: cite it here with [^sky-blue])",
        "content/sections/en/01-weather.md:5: unknown claim 'sky-bleu' (hint: did you mean 'sky-blue'?)",
    ]


def test_claim_without_a_source(tmp_path):
    text = CLAIMS.replace("""    - publisher: Example Met Office
      title: null
      date: null
      url: null
""", "").replace("  sources:\n- ", "  sources: []\n- ")
    text = text.rstrip("\n").removesuffix("  sources:") + "  sources: []\n"
    assert problems(tmp_path, {"claims.yml": text}) == [
        "content/claims.yml:18: claim 'rain-daily' has no source "
        "(hint: add at least one source, or set the verdict to 'unsourced')"]


def test_unsourced_claims_need_no_source(tmp_path):
    text = CLAIMS.replace("verdict: inaccurate", "verdict: unsourced")
    text = text[: text.rindex("  sources:")] + "  sources: []\n"
    assert problems(tmp_path, {"claims.yml": text}) == []


def test_section_in_one_language_only(tmp_path):
    assert problems(tmp_path, {"sections/fr/01-weather.md": None}) == [
        "content/sections/en/01-weather.md: section 'weather' has no 'fr' version "
        "(hint: add content/sections/fr/01-weather.md)"]


def test_duplicate_claim_id(tmp_path):
    text = CLAIMS.replace("id: rain-daily", "id: sky-blue")
    found = problems(tmp_path, {"claims.yml": text})
    assert "content/claims.yml:12: duplicate claim id 'sky-blue' (first at line 1) (hint: give each entry its own id)" in found


def test_unknown_verdict(tmp_path):
    text = CLAIMS.replace("verdict: inaccurate", "verdict: wrong")
    assert problems(tmp_path, {"claims.yml": text}) == [
        "content/claims.yml:14: unknown verdict 'wrong' "
        "(hint: known: accurate, accurate-with-context, disputed, inaccurate, unsourced)"]
    assert problems(tmp_path / "typo", {"claims.yml": CLAIMS.replace("verdict: inaccurate", "verdict: inacurate")}) == [
        "content/claims.yml:14: unknown verdict 'inacurate' (hint: did you mean 'inaccurate'?)"]


def test_malformed_url_and_date(tmp_path):
    text = CLAIMS.replace("url: https://example.org/sky", "url: htp:/example").replace('date: "2024-03-01"', 'date: "2024-13-01"')
    assert problems(tmp_path, {"claims.yml": text}) == [
        "content/claims.yml:10: 'date' '2024-13-01' is not a date "
        "(hint: write YYYY-MM-DD (or YYYY-MM, or YYYY), or null if unknown)",
        "content/claims.yml:11: 'url' 'htp:/example' is not a well-formed http(s) URL "
        "(hint: write the full address starting with https://, or null if unknown)",
    ]


def test_claim_cited_in_one_language_only(tmp_path):
    text = SECTION_EN.replace("[^rain-daily]", "")
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md: claim 'rain-daily' is cited in the 'fr' version "
        "(content/sections/fr/01-weather.md:5) but not in this one (hint: cite it here with [^rain-daily])"]


def test_unused_claim_is_a_warning_and_strict_makes_it_an_error(tmp_path):
    extra = CLAIMS + """- id: unused-one
  section: weather
  verdict: accurate
  claim: {en: x, fr: x}
  correct_figure: {en: x, fr: x}
  note: {en: x, fr: x}
  sources: [{publisher: P, title: null, date: null, url: null}]
"""
    message = ("content/claims.yml:23: warning: claim 'unused-one' is not cited anywhere "
               "(hint: cite it with [^unused-one] in section 'weather', or remove it)")
    assert problems(tmp_path / "a", {"claims.yml": extra}) == [message]
    assert problems(tmp_path / "b", {"claims.yml": extra}, strict=True) == [message]


def test_missing_translation_of_a_text(tmp_path):
    text = CLAIMS.replace("claim: {en: The sky is blue., fr: Le ciel est bleu.}", "claim: {en: The sky is blue.}")
    assert problems(tmp_path, {"claims.yml": text}) == [
        "content/claims.yml:4: 'claim' has no 'fr' text (hint: add 'fr: …' under 'claim')"]


def test_unknown_glossary_term_and_chart(tmp_path):
    text = SECTION_EN.replace("glossary:scattering", "glossary:scatter").replace("chart:rain-days", "chart:rain")
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md:6: unknown glossary 'scatter' (hint: did you mean 'scattering'?)",
        "content/sections/en/01-weather.md:10: unknown chart 'rain' (hint: did you mean 'rain-days'?)",
    ]


def test_script_links_are_refused_with_their_line(tmp_path):
    text = SECTION_EN + "\n[click](javascript:alert(1)) and [data](data:text/html,hi)\n"
    assert problems(tmp_path, {"sections/en/01-weather.md": text}) == [
        "content/sections/en/01-weather.md:16: link target 'data:text/html,hi' is not allowed "
        "(hint: links may be http(s), mailto, glossary:ID or chart:ID)",
        "content/sections/en/01-weather.md:16: link target 'javascript:alert(1)' is not allowed "
        "(hint: links may be http(s), mailto, glossary:ID or chart:ID)",
    ]


def test_missing_front_matter(tmp_path):
    assert problems(tmp_path, {"pages/fr/about.md": "Just text.\n"}) == [
        "content/pages/fr/about.md:1: missing front matter (hint: start the file with a line '---', "
        "then 'title: …' and 'description: …', then '---')",
    ]


def test_all_problems_are_reported_at_once(tmp_path):
    found = problems(tmp_path, {
        "claims.yml": CLAIMS.replace("verdict: inaccurate", "verdict: nope"),
        "glossary.yml": "- id: scattering\n  term: {en: a, fr: b}\n  definition: {en: a}\n",
    })
    assert found == [
        "content/claims.yml:14: unknown verdict 'nope' "
        "(hint: known: accurate, accurate-with-context, disputed, inaccurate, unsourced)",
        "content/glossary.yml:3: 'definition' has no 'fr' text (hint: add 'fr: …' under 'definition')",
    ]


@pytest.mark.parametrize("name", ["01_weather.md", "weather.md", "01-Weather.md"])
def test_section_file_names_are_checked(tmp_path, name):
    found = problems(tmp_path, {f"sections/en/{name}": SECTION_EN})
    assert f"content/sections/en/{name}: section file name must be NN-id.md " \
           "(hint: e.g. 01-introduction.md (lowercase, digits, hyphens))" in found


NOTE = "  note: {en: Rayleigh scattering., fr: Diffusion Rayleigh.}\n"
GLOSSARY = (SITES / "minimal/glossary.yml").read_text()
DEFINITION = "  definition: {en: Light bouncing off particles., fr: La lumière renvoyée par des particules.}\n"
LINK_HINT = "(hint: links may be http(s), mailto, glossary:ID or chart:ID)"


def with_note(en: str) -> str:
    """The first claim's note with ``en`` as its English text, on line 7 of claims.yml."""
    return CLAIMS.replace(NOTE, f"  note:\n    en: '{en}'\n    fr: Diffusion Rayleigh.\n", 1)


def test_a_refused_link_in_a_claim_note_is_an_error_at_its_line(tmp_path):
    assert problems(tmp_path, {"claims.yml": with_note("See [this](javascript:alert(1)).")}) == [
        f"content/claims.yml:7: link target 'javascript:alert(1)' is not allowed {LINK_HINT}"]


def test_a_refused_link_in_the_article_note_of_site_yml_is_an_error_at_its_line(tmp_path):
    text = SITE.replace("  note: {en: Published in July 2025., fr: Publié en juillet 2025.}\n",
                        "  note:\n    en: Published in July 2025.\n    fr: 'Publié [ici](vbscript:msgbox).'\n")
    assert problems(tmp_path, {"site.yml": text}) == [
        f"content/site.yml:18: link target 'vbscript:msgbox' is not allowed {LINK_HINT}"]


def test_a_bad_lang_in_a_glossary_definition_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace(DEFINITION, "  definition:\n    en: 'Light [bouncing]{lang=\"x y\"} off [particles]{lang=e_n}.'\n"
                                        "    fr: 'La [lumière]{lang=x\"y}.'\n")
    hint = "(hint: write [text]{lang=en} with a code such as en or ja)"
    assert problems(tmp_path, {"glossary.yml": text}) == [
        f"content/glossary.yml:4: lang 'e_n' is not a language code {hint}",
        f"content/glossary.yml:4: lang 'x y' is not a language code {hint}",
        f"content/glossary.yml:5: lang 'x\"y' is not a language code {hint}"]


def test_dangling_glossary_and_chart_links_in_registry_texts_are_errors_at_their_lines(tmp_path):
    claims = with_note("[Rayleigh](glossary:scatterin) ![chart](chart:rain-dayz)")
    glossary = GLOSSARY.replace(DEFINITION, "  definition:\n    en: Light.\n    fr: '[Lumière](glossary:lumiere).'\n")
    assert problems(tmp_path, {"claims.yml": claims, "glossary.yml": glossary}) == [
        "content/claims.yml:7: unknown chart 'rain-dayz' (hint: did you mean 'rain-days'?)",
        "content/claims.yml:7: unknown glossary 'scatterin' (hint: did you mean 'scattering'?)",
        "content/glossary.yml:5: unknown glossary 'lumiere' (hint: known: scattering)"]


IMAGE_HINT = ("(hint: images are charts, ![alt](chart:ID): the site loads nothing from other hosts; "
              "link to the picture instead, [text](https://…))")


def test_remote_images_are_refused_and_links_to_pages_stay_fine(tmp_path):
    body = SECTION_EN + "\n![photo](https://example.org/a.png) [the page](https://example.org/)\n\n![x](//cdn.example/b.png)\n"
    assert problems(tmp_path, {"sections/en/01-weather.md": body}) == [
        f"content/sections/en/01-weather.md:16: image 'https://example.org/a.png' is not part of the site {IMAGE_HINT}",
        f"content/sections/en/01-weather.md:18: image 'https://cdn.example/b.png' is not part of the site {IMAGE_HINT}"]


def test_a_remote_image_in_a_claim_note_is_refused(tmp_path):
    assert problems(tmp_path, {"claims.yml": with_note("![sky](http://example.org/sky.jpg)")}) == [
        f"content/claims.yml:7: image 'http://example.org/sky.jpg' is not part of the site {IMAGE_HINT}"]


def test_ids_too_long_for_a_file_name_are_refused(tmp_path):
    long_id = "a" * 246
    files = {"sections/en/01-weather.md": None, "sections/fr/01-weather.md": None,
             f"sections/en/01-{long_id}.md": SECTION_EN, f"sections/fr/01-{long_id}.md": SECTION_EN}
    found = problems(tmp_path, files)
    hint = "(hint: shorten the file name (the id is the name after NN-))"
    for lang in ("en", "fr"):
        assert f"content/sections/{lang}/01-{long_id}.md: section id is 246 characters long, over the limit of 200 {hint}" in found
    claims = CLAIMS.replace("id: sky-blue", f"id: {long_id}", 1)
    assert ("content/claims.yml:1: 'id' is 246 characters long, over the limit of 200 "
            "(hint: use lowercase letters, digits and hyphens, at most 200 characters)") in problems(tmp_path / "2", {"claims.yml": claims})


def test_a_section_id_at_the_length_limit_builds(tmp_path):
    longest = "a" * 200
    files = {"sections/en/01-weather.md": None, "sections/fr/01-weather.md": None,
             f"sections/en/01-{longest}.md": SECTION_EN,
             f"sections/fr/01-{longest}.md": (SITES / "minimal/sections/fr/01-weather.md").read_text(),
             "claims.yml": CLAIMS.replace("section: weather", f"section: {longest}")}
    root = write_site(tmp_path / "c", files)
    result = run_build("build", "--content", str(root), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/en" / f"parallel-{longest}.html").is_file()
