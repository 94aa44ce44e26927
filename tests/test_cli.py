"""The command line behaves like a well-made tool: help, exit codes, quiet, check, status."""

from __future__ import annotations

from conftest import SITES, run_build, write_site


def test_help_lists_the_commands():
    result = run_build("--help")
    assert result.returncode == 0
    for word in ("build", "check", "status"):
        assert word in result.stdout


def test_usage_errors_exit_2():
    assert run_build("--no-such-flag").returncode == 2
    assert run_build("frobnicate").returncode == 2
    result = run_build("check", "--content", "/nonexistent/dir")
    assert result.returncode == 2
    assert "content directory '/nonexistent/dir' does not exist" in result.stderr


def test_check_writes_nothing(tmp_path):
    result = run_build("check", "--content", str(SITES / "minimal"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    assert "checked: 2 claims, 0 warnings" in result.stderr


def test_content_errors_exit_1_with_a_count(tmp_path):
    root = write_site(tmp_path / "c", {"glossary.yml": "- id: x\n  term: {en: a}\n  definition: {en: a, fr: b}\n"})
    result = run_build("check", "--content", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{root}/glossary.yml:2: 'term' has no 'fr' text (hint: add 'fr: …' under 'term')",
        f"{root}/sections/en/01-weather.md:6: unknown glossary 'scattering' (hint: known: x)",
        f"{root}/sections/fr/01-weather.md:6: unknown glossary 'scattering' (hint: known: x)",
        "3 problems found; nothing was written.",
    ]


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run_build("build", "-q", "--content", str(SITES / "minimal"), "--out", str(tmp_path / "s"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_verbose_lists_the_files(tmp_path):
    result = run_build("build", "-v", "--content", str(SITES / "minimal"), "--out", str(tmp_path / "s"))
    assert result.returncode == 0
    assert f"{tmp_path / 's'}/en/weather.html" in result.stdout.splitlines()


def test_status_reports_missing_and_stale_translations(tmp_path):
    section = (SITES / "minimal/sections/fr/01-weather.md").read_text()
    stale = section.replace("description:", "source_hash: 000000000000\ndescription:", 1)
    root = write_site(tmp_path / "c", {"sections/fr/01-weather.md": stale, "pages/fr/about.md": None})
    result = run_build("status", "--content", str(root))
    assert result.returncode == 1
    assert f"  out of date (1):\n    {root}/sections/fr/01-weather.md (source changed: source_hash: " in result.stdout
    assert f"  missing (1):\n    page about ({root}/pages/en/about.md)" in result.stdout


def test_stamping_marks_translations_current(tmp_path):
    root = write_site(tmp_path / "c", {})
    translations = [root / "sections/fr/01-weather.md", root / "pages/fr/home.md", root / "pages/fr/about.md"]
    assert "not stamped with source_hash" in run_build("status", "--content", str(root)).stdout
    result = run_build("status", "--content", str(root), "--stamp", *map(str, translations))
    assert (result.returncode, result.stdout) == (0, "fr (from en): complete\n")
    assert (root / "sections/fr/01-weather.md").read_text().startswith("---\nsource_hash: ")
    source = root / "sections/en/01-weather.md"
    source.write_text(source.read_text() + "\nA new paragraph.\n")
    result = run_build("status", "--content", str(root))
    assert result.returncode == 1
    assert "out of date (1)" in result.stdout


def test_stamping_refuses_a_source_language_file(tmp_path):
    root = write_site(tmp_path / "c", {})
    result = run_build("status", "--content", str(root), "--stamp", str(root / "sections/en/01-weather.md"))
    assert result.returncode == 2
    assert "is not a translation of a en file" in result.stderr
