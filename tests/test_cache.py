"""The rebuild cache: a rebuild renders exactly the pages an edit affects, and nothing it writes is stale.

Every test edits one thing in a two-section en/fr site, rebuilds with the cache,
and checks two things: the rebuilt site is byte-identical to a build from nothing
(so no page was wrongly kept), and the pages rendered again are exactly the ones
that show what changed (so the cache saves what it can).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITES, build, write_site
from explainer.incremental import cache

SUN_EN = "---\ntitle: The sun\ndescription: What the story says about the sun.\n---\nThe sun is warm.\n"
SUN_FR = "---\ntitle: Le soleil\ndescription: Ce que dit l'article du soleil.\n---\nLe soleil est chaud.\n"
CLAIM_PAGES = ("claims/sky-blue", "claims/rain-daily")
LANG_PAGES = ("index", "weather", "parallel-weather", "sun", "parallel-sun", "timeline", "claims", "glossary", "about",
              "search", *CLAIM_PAGES)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "minimal", content)
    (content / "sections" / "en" / "02-sun.md").write_text(SUN_EN, encoding="utf-8")
    (content / "sections" / "fr" / "02-sun.md").write_text(SUN_FR, encoding="utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    templates = shutil.copytree(ROOT / "templates", tmp_path / "templates")  # a test may edit its own copy
    first = build(content, out, cache=cache, templates=templates)
    assert first.kept == [] and first.parsed == 8

    def rebuild(edit: dict[str, tuple[str, str]] | None = None) -> set[str]:
        for name, (old, new) in (edit or {}).items():
            path = content / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {name}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = build(content, out, cache=cache, templates=templates)
        cold = tmp_path / "cold"
        build(content, cold, cache=False, templates=templates)
        assert tree(out) == tree(cold), "the cached rebuild differs from a build from nothing"
        shutil.rmtree(cold)
        return {p for p in result.written if p.endswith(".html")}

    rebuild.content, rebuild.out, rebuild.cache, rebuild.templates = content, out, cache, templates  # type: ignore[attr-defined]
    return rebuild


def pages(*langs: str, names: tuple[str, ...] = LANG_PAGES) -> set[str]:
    return {f"{lang}/{name}.html" for lang in langs for name in names}


def test_nothing_changed_renders_nothing_and_parses_nothing(site):
    assert site() == set()


def test_editing_a_sections_prose_renders_that_section_and_its_side_by_side_views(site):
    rendered = site({"sections/en/01-weather.md": ("the sky is blue", "the sky is very blue")})
    assert rendered == {"en/weather.html", "en/parallel-weather.html", "fr/parallel-weather.html"}


def test_editing_a_section_description_renders_it_and_the_pages_that_show_it(site):
    rendered = site({"sections/en/02-sun.md": ("What the story says about the sun.", "What it says of the sun.")})
    # the home page lists it; both side-by-side views show the file it is in, and not the claims page
    assert rendered == {"en/sun.html", "en/index.html", "en/parallel-sun.html", "fr/parallel-sun.html"}


def test_editing_a_section_title_renders_its_languages_pages_which_list_it(site):
    rendered = site({"sections/en/02-sun.md": ("title: The sun", "title: The Sun")})
    assert rendered == pages("en") | {"fr/parallel-sun.html"}


def test_adding_a_citation_renders_the_claims_pages_that_link_to_its_note(site):
    rendered = site({"sections/en/02-sun.md": ("is warm.", "is warm. Also blue.[^sky-blue]"),
                     "sections/fr/02-sun.md": ("est chaud.", "est chaud. Bleu aussi.[^sky-blue]")})
    # the claims pages, the claims' own pages (each looks through every section's notes for its own) and the
    # timeline (which lists where each claim is cited) link to the new note
    assert rendered == pages("en", "fr", names=("sun", "parallel-sun", "claims", "timeline", *CLAIM_PAGES))


def test_editing_a_claim_renders_the_pages_that_show_it(site):
    rendered = site({"claims.yml": ("Not every day.", "Not every day of the year.")})
    # the home pages show its verdict among the key figures, the timelines its text; its own pages, not the other claim's
    assert rendered == pages("en", "fr", names=("index", "weather", "parallel-weather", "claims", "timeline",
                                                "claims/rain-daily"))


def test_editing_a_timeline_event_renders_only_the_timelines(site):
    rendered = site({"timeline.yml": ("This explainer checks the story.", "This explainer checks the whole story.")})
    assert rendered == {"en/timeline.html", "fr/timeline.html"}  # an event is one record in both languages


def test_adding_the_first_timeline_event_adds_the_page_and_its_link_everywhere(site):
    timeline = site.content / "timeline.yml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text("[]\n", encoding="utf-8")
    # every language page's navigation loses its link; the root pages have no navigation
    assert site() == pages("en", "fr") - pages("en", "fr", names=("timeline",))
    timeline.write_text(text, encoding="utf-8")
    assert site() == pages("en", "fr")


def test_moving_a_claim_down_its_file_renders_nothing(site):
    claims = site.content / "claims.yml"
    claims.write_text("\n" + claims.read_text(encoding="utf-8"), encoding="utf-8")
    assert site() == set()


def test_editing_a_glossary_entry_renders_the_pages_that_define_it(site):
    rendered = site({"glossary.yml": ("Light bouncing off particles.", "Light bouncing off small particles.")})
    # a term is one record in both languages; the side-by-side view shows no definitions, the timeline does
    assert rendered == pages("en", "fr", names=("weather", "glossary", "timeline"))


def test_editing_one_interface_string_renders_only_the_pages_that_use_it(site):
    rendered = site({"strings.yml": ("back_to_text: {en: Back to the text,", "back_to_text: {en: Back to where you were,")})
    assert rendered == {"en/weather.html"}  # the only English page with notes to go back from


def test_editing_a_template_renders_the_pages_made_with_it(site):
    section = site.templates / "section.html"
    section.write_text(section.read_text(encoding="utf-8").replace("</article>", "</article>\n<!-- edited -->", 1),
                       encoding="utf-8")
    rendered = site()
    assert rendered == pages("en", "fr", names=("weather", "sun"))


def rendered_and_unchanged(project: Path, content: Path, out: Path) -> tuple[int, int]:
    """Build with ``project``'s copy of build.py, explainer/ and templates/; return its summary's counts."""
    result = subprocess.run([sys.executable, str(project / "build.py"), "build", "--content", str(content),
                             "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = re.search(r"\((\d+) rendered, (\d+) unchanged\)", result.stderr)
    assert found, result.stderr
    return int(found[1]), int(found[2])


def test_a_change_to_the_generators_code_renders_everything(tmp_path):
    """The cache is keyed by the generator's code and its libraries' versions, not by where it is installed."""
    project = tmp_path / "project"
    for name in ("explainer", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", project)
    content, out = write_site(tmp_path / "content", {}), tmp_path / "site"
    # the fixture's 22 pages: 10 per language (with the timeline and the two claims' pages) and the two root pages
    assert rendered_and_unchanged(ROOT, content, out) == (22, 0)
    assert rendered_and_unchanged(project, content, out) == (0, 22)
    with open(project / "explainer" / "__init__.py", "a", encoding="utf-8") as code:
        code.write("# the next version\n")
    assert rendered_and_unchanged(project, content, out) == (22, 0)


def test_an_output_file_changed_by_hand_is_rendered_again(site):
    (site.out / "fr" / "about.html").write_text("edited by hand", encoding="utf-8")
    (site.out / "en" / "glossary.html").unlink()
    assert site() == {"fr/about.html", "en/glossary.html"}


def test_a_corrupt_cache_is_ignored(site):
    for path in site.cache.rglob("*"):
        if path.is_file():
            path.write_bytes(b"not a pickle")
    assert site() == pages("en", "fr") | {"index.html", "404.html"}


def test_the_content_folder_named_another_way_gets_its_own_paths_in_messages(site):
    """Cached problems and records carry paths as the user typed them: ``./content`` is not ``content``."""
    claims = site.content / "claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8") + UNUSED_CLAIM, encoding="utf-8")
    for shown in ("content", "./content", "content"):
        result = build(site.content, site.out, cache=site.cache, shown=shown, templates=site.templates)
        assert [str(w).split(":")[0] for w in result.warnings] == [f"{shown}/claims.yml"]


UNUSED_CLAIM = """- id: never-cited
  section: weather
  verdict: unsourced
  claim: {en: Nobody cites this., fr: Personne ne cite ceci.}
  correct_figure: {en: None., fr: Aucun.}
  note: {en: Unused., fr: Inutilisé.}
  sources: []
"""
