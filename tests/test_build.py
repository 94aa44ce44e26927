"""Building a whole site: golden output, determinism, atomic replacement, any path."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest


from conftest import SITES, build, generate_corpus, run_build, write_site
from explainer.incremental.cache import PARSE_PER_CORE
from update_golden import COMMAND, GOLDEN, build_minimal, golden_files

MAX_DIFFS = 3
"""How many differing files the golden test shows in full (as a unified diff)."""
MAX_DIFF_LINES = 60
"""How many lines of each file's diff it shows: enough to see a change, short enough to read."""


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def golden_difference(built: dict[str, bytes], golden: dict[str, bytes]) -> str:
    """What separates a build from the golden copy, for a reader: "" when nothing does.

    Files missing or extra are named; the first few that differ are shown as unified
    diffs, each cut to a readable length, and the message ends with the command that
    regenerates the golden copy.
    """
    lines: list[str] = []
    missing, extra = sorted(golden.keys() - built.keys()), sorted(built.keys() - golden.keys())
    if missing:
        lines.append(f"not built any more: {', '.join(missing)}")
    if extra:
        lines.append(f"built but not in the golden copy: {', '.join(extra)}")
    changed = [path for path in sorted(golden.keys() & built.keys()) if golden[path] != built[path]]
    if changed:
        lines.append(f"{len(changed)} file(s) differ: {', '.join(changed)}")
    for path in changed[:MAX_DIFFS]:
        diff = list(difflib.unified_diff(golden[path].decode("utf-8", "replace").splitlines(),
                                         built[path].decode("utf-8", "replace").splitlines(),
                                         f"tests/golden/minimal/{path}", f"built/{path}", lineterm=""))
        lines += diff[:MAX_DIFF_LINES]
        if len(diff) > MAX_DIFF_LINES:
            lines.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines in {path}")
    if len(changed) > MAX_DIFFS:
        lines.append(f"... and {len(changed) - MAX_DIFFS} more differing file(s)")
    if not lines:
        return ""
    return "\n".join([*lines, f"If the change is intended, run `{COMMAND}` and review `git diff tests/golden`."])


def test_the_minimal_sites_pages_and_sitemap_match_the_golden_copy(tmp_path):
    """Pages and sitemap only: a stylesheet, script or search-index change never breaks this test."""
    difference = golden_difference(build_minimal(tmp_path / "site"), golden_files(GOLDEN))
    if difference:
        pytest.fail(difference, pytrace=False)


def test_a_golden_mismatch_shows_a_short_diff_and_how_to_regenerate():
    golden = {"en/a.html": b"<p>one</p>\n<p>two</p>\n", "gone.html": b"x", **{f"p{i}.html": b"a\n" * 500 for i in range(5)}}
    built = {"en/a.html": b"<p>one</p>\n<p>2</p>\n", "new.html": b"y", **{f"p{i}.html": b"b\n" * 500 for i in range(5)}}
    report = golden_difference(built, golden)
    assert "not built any more: gone.html" in report
    assert "built but not in the golden copy: new.html" in report
    assert "6 file(s) differ: en/a.html, p0.html, p1.html, p2.html, p3.html, p4.html" in report
    assert "--- tests/golden/minimal/en/a.html\n+++ built/en/a.html\n@@ -1,2 +1,2 @@\n <p>one</p>\n-<p>two</p>\n+<p>2</p>" in report
    assert "... 943 more diff lines in p0.html" in report
    assert "+++ built/p1.html" in report and "+++ built/p2.html" not in report
    assert "... and 3 more differing file(s)" in report
    assert report.endswith("run `.venv/bin/python tests/update_golden.py` and review `git diff tests/golden`.")
    assert len(report.splitlines()) < 4 + 1 + MAX_DIFFS * (MAX_DIFF_LINES + 1) + 2
    assert golden_difference(golden, golden) == ""


def test_two_builds_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(tmp_path / name)).returncode == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_builds_from_and_to_paths_with_spaces_and_non_ascii(tmp_path):
    content = tmp_path / "my content ディレクトリ"
    shutil.copytree(SITES / "minimal", content)
    out = tmp_path / "sub folder" / "公開 site"
    result = run_build("build", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "en" / "weather.html").is_file()
    assert re.search(r"22 pages in .*公開 site \(22 rendered, 0 unchanged\): 2 claims, 0 warnings, [0-9.]+ s", result.stderr)


def test_broken_content_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    before = tree(out)
    broken = write_site(tmp_path / "broken", {"claims.yml": "- id: [oops\n"})
    result = run_build("build", "--content", str(broken), "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("nothing was written.\n")
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_pages_link_to_the_same_page_in_the_other_language(tmp_path):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    html = (out / "en" / "weather.html").read_text()
    assert '<html lang="en">' in html
    assert '<a href="../fr/weather.html" hreflang="fr" lang="fr" rel="alternate">Français</a>' in html
    assert '<link rel="alternate" hreflang="fr" href="https://example.org/mini/fr/weather.html">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/mini/en/weather.html">' in html
    assert '<link rel="canonical" href="https://example.org/mini/en/weather.html">' in html


def test_every_page_uses_relative_links_only(tmp_path):
    """So the site works under any sub-path and from file://."""
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue
        for attr, url in re.findall(r'<(?:a|link|script|img)\b[^>]*?\b(href|src)="([^"]*)"', page.read_text()):
            absolute = url.startswith(("http://", "https://", "/"))
            allowed = 'rel="alternate"' in url or url.startswith("https://example.org/") or url.startswith("https://")
            assert not absolute or allowed, f"{page}: {url}"


def test_sitemap_lists_every_page_with_absolute_urls(tmp_path):
    out = tmp_path / "site"
    assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    sitemap = (out / "sitemap.xml").read_text()
    assert sitemap.count("<loc>") == len(list(out.rglob("*.html"))) - 1  # all but 404.html
    assert "<loc>https://example.org/mini/fr/claims.html</loc><lastmod>2026-01-31</lastmod>" in sitemap


def test_source_date_epoch_dates_the_sitemap(tmp_path):
    out = tmp_path / "site"
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        assert run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(out)).returncode == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert "<lastmod>2026-01-01</lastmod>" in (out / "sitemap.xml").read_text()


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    result = run_build("build", "--content", str(SITES / "minimal"), "--out", str(out))
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (out / "thesis.txt").read_text() == "years of work"


def test_the_flagship_builds_strictly(flagship):
    for lang in ("ja", "en"):
        assert (flagship / lang / "index.html").is_file()
        assert (flagship / lang / "about.html").is_file()
    assert (flagship / "index.html").is_file()
    assert '<html lang="ja">' in (flagship / "ja" / "claims.html").read_text()


def test_html_inside_yaml_strings_is_escaped_everywhere(tmp_path):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    claims = (SITES / "minimal/claims.yml").read_text()
    claims = claims.replace("correct_figure: {en: Blue on clear days.", f"correct_figure: {{en: '{hostile}'")
    claims = claims.replace("title: Why the sky is blue", f"title: '\"><script>alert(2)</script>'")
    # (a javascript: link in a note is refused by check, like one in a section: test_validate)
    claims = claims.replace("note: {en: Rayleigh scattering.", "note: {en: '<b onclick=x>b</b>'")
    glossary = (SITES / "minimal/glossary.yml").read_text().replace(
        "Light bouncing off particles.", "'<iframe src=//evil.example></iframe>'")
    site = (SITES / "minimal/site.yml").read_text().replace(
        "title: {en: Mini explainer,", "title: {en: '</title><script>alert(4)</script>',")
    root = write_site(tmp_path / "c", {"claims.yml": claims, "glossary.yml": glossary, "site.yml": site})
    out = tmp_path / "site"
    result = run_build("build", "-q", "--content", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for page in out.rglob("*.html"):
        html = page.read_text()
        body_scripts = re.findall(r"<script\b(?![^>]*\b(?:src=\"[^\"]*assets/site\.js\"|type=\"application/ld\+json\"))", html)
        assert body_scripts == [], page
        assert not re.search(r"<(?:img|iframe|b)\b[^>]*\bon\w+=|<iframe|=\"javascript:", html), page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "en" / "weather.html").read_text()


def test_parsing_and_rendering_on_every_core_make_the_bytes_of_one_process(tmp_path, monkeypatch):
    """Markdown files and pages dealt between this process and forked children (here from the first
    file: in real builds only from 50 files and a dozen pages per core) make exactly the bytes of a
    build in one process."""
    from explainer import pipeline
    from explainer.incremental import cache

    one = tmp_path / "one"
    pipeline.build_site(SITES / "minimal", one, cache=False, parallel=False)
    forks = []
    real_fork = os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(pipeline, "PER_CORE", 1)
    monkeypatch.setattr(cache, "PARSE_PER_CORE", 1)
    monkeypatch.setattr(os, "fork", counted_fork)
    many = tmp_path / "many"
    pipeline.build_site(SITES / "minimal", many, cache=False)
    assert len(forks) == 3 * ((os.cpu_count() or 1) - 1)  # sections, pages, then the site's files
    assert tree(many) == tree(one)


@pytest.mark.parametrize("articles", [5, pytest.param(PARSE_PER_CORE, marks=pytest.mark.slow)],
                         ids=["shared", "pool"])
def test_a_build_on_every_core_writes_the_bytes_of_a_build_in_one_process(tmp_path, articles):
    """On a machine with two cores or more, big builds fork, at their real thresholds (the test
    above lowers them). 5 articles (some 150 pages) have their pages rendered by the build and
    one child per other core; ``PARSE_PER_CORE`` articles, the fewest that do, also have their
    Markdown parsed by forked children: one section file per article and language makes
    2 × ``PARSE_PER_CORE`` files, two shares' worth. Whatever order the workers finish in, the
    output is byte for byte that of a build that never forks."""
    content = generate_corpus(articles, tmp_path / "content")
    build(content, tmp_path / "one", cache=False, parallel=False)
    build(content, tmp_path / "many", cache=tmp_path / "cache")
    assert tree(tmp_path / "many") == tree(tmp_path / "one")
