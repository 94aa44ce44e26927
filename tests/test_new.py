"""``build.py new``: a new explainer starts from a folder that already checks, builds, prints and previews."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from conftest import run_build, serve
from mkdocs_support import mkdocs


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    """A three-language explainer, English by default, as ``new`` writes it."""
    folder = tmp_path_factory.mktemp("new") / "my-explainer"
    result = run_build("new", str(folder), "--languages", "en,de,fr", "--default", "en")
    assert result.returncode == 0, result.stderr
    return folder


def test_new_writes_site_settings_a_claim_and_a_section_home_and_about_page_per_language(started):
    files = sorted(p.relative_to(started).as_posix() for p in started.rglob("*") if p.is_file())
    assert files == ["claims.yml",
                     *[f"pages/{lang}/{page}.md" for lang in ("de", "en", "fr") for page in ("about", "home")],
                     *[f"sections/{lang}/01-first-section.md" for lang in ("de", "en", "fr")], "site.yml"]
    site = (started / "site.yml").read_text(encoding="utf-8")
    assert "default_language: en" in site and "{code: de, name: \"Deutsch\"}" in site
    assert "# article:" in site and "# disclaimer:" in site  # optional, shown commented out


def test_the_new_site_passes_the_strict_check_and_its_translations_are_current(started):
    check = run_build("check", "--strict", "--content", str(started))
    assert check.returncode == 0, check.stderr
    assert "checked: 1 claim, 0 warnings" in check.stderr
    status = run_build("status", "--content", str(started))
    assert status.returncode == 0 and status.stdout.splitlines() == ["de (from en): complete", "fr (from en): complete"]


def test_the_new_site_builds_every_language_with_its_own_interface(started, tmp_path):
    result = run_build("build", "--strict", "--content", str(started), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    for lang, skip, claims in (("en", "Skip to content", "Claims checked"), ("de", "Zum Inhalt springen", "Geprüfte Aussagen"),
                               ("fr", "Aller au contenu", "Affirmations vérifiées")):
        page = (tmp_path / "site" / lang / "first-section.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page and skip in page and claims in page
        assert 'role="doc-noteref"' in page  # the example claim is cited with its note


@pytest.mark.slow
def test_the_new_site_exports_a_pdf_per_language(started, tmp_path):
    result = run_build("pdf", "--content", str(started), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    for lang, title in (("en", "My explainer"), ("de", "Mein Erklärstück"), ("fr", "Mon décryptage")):
        reader = PdfReader(tmp_path / "site" / "pdf" / f"explainer-{lang}.pdf")
        text = " ".join(page.extract_text() for page in reader.pages)
        assert title in text


@pytest.mark.slow
def test_the_new_site_previews_with_mkdocs_build_strict(started, tmp_path):
    result = mkdocs("build", "--strict", "-d", str(tmp_path / "preview"), content=str(started))
    assert result.returncode == 0, result.stderr
    for lang in ("en", "de", "fr"):
        page = (tmp_path / "preview" / lang / "first-section.html").read_text(encoding="utf-8")
        assert f'lang="{lang}"' in page


def test_new_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my work", encoding="utf-8")
    result = run_build("new", str(folder), "--languages", "en,de")
    assert result.returncode == 2
    assert f"error: {folder} already exists and is not an empty folder" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "my work"


def test_new_fills_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run_build("new", str(tmp_path / "empty"), "--languages", "ja,en").returncode == 0
    assert "default_language: ja" in (tmp_path / "empty" / "site.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--languages", "en"], "at least two languages"),
    (["--languages", "en,en"], "only once"),
    (["--languages", "en,Deutsch"], "'Deutsch' is not a language code"),
    (["--languages", "en,de", "--default", "fr"], "--default 'fr' is not one of --languages en,de"),
])
def test_new_refuses_languages_that_cannot_make_a_site(tmp_path, args, message):
    result = run_build("new", str(tmp_path / "site"), *args)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_language_without_built_in_strings_gets_a_strings_file_to_translate(tmp_path):
    folder = tmp_path / "site"
    assert run_build("new", str(folder), "--languages", "en,it,ru").returncode == 0
    strings = (folder / "strings.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^skip_to_content:\n  it: \"Skip to content\"\n  ru: \"Skip to content\"$", strings)
    assert "ru: {one: \"{n} result\", few: \"{n} results\", many: \"{n} results\", other: \"{n} results\"}" in strings
    check = run_build("check", "--strict", "--content", str(folder))
    assert check.returncode == 0, check.stderr


@pytest.mark.slow
def test_every_page_of_the_new_site_passes_axe(started, tmp_path, page):
    site = tmp_path / "site"
    assert run_build("build", "--content", str(started), "--out", str(site)).returncode == 0
    url, server = serve(site)
    failures = {}
    try:
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
            page.goto(f"{url}/{path}")
            result = Axe().run(page)
            if result.violations_count:
                failures[path] = result.generate_report()
    finally:
        server.shutdown()
    assert not failures, "\n".join(f"{p}:\n{r}" for p, r in failures.items())


def test_new_writes_the_same_bytes_every_time_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    for name in ("a", "b"):
        assert run_build("new", str(tmp_path / name), "--languages", "ja,en,ko").returncode == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert "checked: 2026-01-01" in (tmp_path / "a" / "site.yml").read_text(encoding="utf-8")
