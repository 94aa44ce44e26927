"""Hostile and broken content: nothing lost, nothing injected, nothing half-written.

Each case builds through ``build.py`` in a fresh process, as an editor would, over
a site that was built correctly before. Whatever is wrong with the content, the
build ends (the subprocess timeout is the bound) with either exact
``content/FILE:LINE: message (hint: …)`` lines, or a correct page — never a
traceback — and a failed build leaves the previous site byte for byte as it was.
The basic one-rule-one-message cases live in test_validate.py; these are the files
editors' tools and accidents actually produce.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SITES, run_build, write_site

MINIMAL = SITES / "minimal"
SECTION_EN = (MINIMAL / "sections/en/01-weather.md").read_text(encoding="utf-8")
SECTION_FR = (MINIMAL / "sections/fr/01-weather.md").read_text(encoding="utf-8")
CHARTS = (MINIMAL / "charts.yml").read_text(encoding="utf-8")
SITE = (MINIMAL / "site.yml").read_text(encoding="utf-8")
BOUND = 60
"""Seconds any single build may take on this input before the test fails as a hang."""


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` by relative path, with its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def pages(out: Path) -> dict[str, bytes]:
    """The HTML pages of a built site (what readers see, whatever the search index holds)."""
    return {rel: data for rel, data in snapshot(out).items() if rel.endswith(".html")}


def strays(out: Path) -> list[str]:
    """Temporary directories a build left beside ``out`` (``.site.new-*``, ``.site.old-*``)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``build.py build --content content --out site`` in ``cwd``, bounded by ``BOUND``."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", "content",
                           "--out", "site", *args], cwd=cwd, capture_output=True, text=True, timeout=BOUND)


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """The minimal site, built once; each test starts from a copy of this output."""
    root = tmp_path_factory.mktemp("good")
    write_site(root / "content", {})
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def project(tmp_path: Path, good_site: Path) -> Path:
    """A working folder holding the previous (good) output in ``site/``."""
    shutil.copytree(good_site, tmp_path / "site")
    return tmp_path


def content(project: Path, files: dict[str, str | None] | None = None,
            raw: dict[str, bytes] | None = None) -> Path:
    """``project/content``: the minimal site with text overrides and raw-byte overrides."""
    root = write_site(project / "content", files or {})
    for rel, data in (raw or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def refused(project: Path) -> list[str]:
    """Build; assert it failed cleanly and left the old site as it was; return the problem lines."""
    before = snapshot(project / "site")
    result = build(project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert snapshot(project / "site") == before
    assert strays(project / "site") == []
    return result.stderr.splitlines()


def built(project: Path) -> Path:
    """Build; assert it succeeded without a traceback; return the output."""
    result = build(project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert strays(project / "site") == []
    return project / "site"


# -- encodings, line ends, control characters --------------------------------------


def test_a_byte_order_mark_is_ignored(project):
    content(project, raw={"sections/en/01-weather.md": b"\xef\xbb\xbf" + SECTION_EN.encode()})
    page = (built(project) / "en/weather.html").read_text(encoding="utf-8")
    assert "\ufeff" not in page
    assert "<h1 id=\"page-title\">The weather</h1>" in page


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_ends_build_the_same_site_as_unix_ones(project, good_site, newline):
    content(project, raw={name: (MINIMAL / name).read_bytes().replace(b"\n", newline)
                          for name in ("sections/en/01-weather.md", "claims.yml", "site.yml")})
    assert pages(built(project)) == pages(good_site)


def test_a_tab_in_yaml_indentation_names_its_line(project):
    content(project, files={"glossary.yml": "- id: scattering\n\tterm: {en: a, fr: b}\n"})
    assert ("content/glossary.yml:2: YAML syntax error: found a tab character that violates indentation "
            "(hint: check the indentation and quoting on this line and the one before)") in refused(project)


def test_invalid_utf8_names_the_line_and_the_byte(project):
    data = SECTION_EN.encode().replace(b"rains every day", b"rains \xff\xfe day")
    content(project, raw={"sections/en/01-weather.md": data})
    assert ("content/sections/en/01-weather.md:5: not valid UTF-8 (byte 0xff) "
            "(hint: save the file as UTF-8)") in refused(project)


def test_a_nul_byte_names_its_line(project):
    content(project, raw={"claims.yml": (MINIMAL / "claims.yml").read_bytes().replace(b"Rayleigh", b"Ray\x00leigh")})
    assert ("content/claims.yml:6: contains a NUL byte "
            "(hint: remove it; content files are plain text)") in refused(project)


# -- empty and oversized files -------------------------------------------------------


@pytest.mark.parametrize("name", ["site.yml", "claims.yml"])
def test_an_empty_required_yaml_file_is_an_error(project, name):
    content(project, files={name: ""})
    assert f"content/{name}: file is empty (hint: see content/README.md for what it holds)" in refused(project)


def test_an_empty_section_lacks_its_front_matter(project):
    content(project, files={"sections/fr/01-weather.md": ""})
    assert ("content/sections/fr/01-weather.md:1: missing front matter (hint: start the file with a line '---', "
            "then 'title: …' and 'description: …', then '---')") in refused(project)


def test_a_10_mb_section_is_refused_by_size(project):
    content(project, files={"sections/en/01-weather.md": SECTION_EN + ("lorem ipsum " * 100 + "\n\n") * 8800})
    assert ("content/sections/en/01-weather.md: file is 10 MB, over the 8 MB limit "
            "(hint: split it into smaller sections)") in refused(project)


def test_a_5_mb_section_builds_and_keeps_its_last_paragraph(project):
    content(project, files={"sections/en/01-weather.md":
                            SECTION_EN + ("lorem ipsum " * 100 + "\n\n") * 4300 + "The very last paragraph.\n"})
    page = (built(project) / "en/weather.html").read_text(encoding="utf-8")
    assert page.count("lorem ipsum") >= 430000
    assert "<p>The very last paragraph.</p>" in page


# -- pathological Markdown -------------------------------------------------------------


def test_lists_nested_1000_deep_are_refused_rather_than_truncated(project):
    nested = "".join("  " * i + "- item\n" for i in range(1000))
    content(project, files={"sections/en/01-weather.md": SECTION_EN + "\n" + nested + "\nAfter the list.\n"})
    assert ("content/sections/en/01-weather.md:25: lists or quotes are nested too deeply: the rest would be lost "
            "(hint: use fewer levels of nested lists and block quotes)") in refused(project)


def test_quotes_nested_1000_deep_are_refused_rather_than_truncated(project):
    content(project, files={"sections/en/01-weather.md": SECTION_EN + "\n" + ">" * 1000 + " deep\n"})
    assert ("content/sections/en/01-weather.md:16: lists or quotes are nested too deeply: the rest would be lost "
            "(hint: use fewer levels of nested lists and block quotes)") in refused(project)


def test_inline_markup_nested_thousands_deep_stays_text(project):
    stack = "*a " * 1000 + "core" + " a*" * 1000 + "\n\n" + "[" * 5000 + "x" + "]" * 5000 + "\n\nAfter.\n"
    content(project, files={"sections/en/01-weather.md": SECTION_EN + "\n" + stack})
    page = (built(project) / "en/weather.html").read_text(encoding="utf-8")
    assert "core" in page and "[" * 5000 in page and "<p>After.</p>" in page


def test_ten_thousand_footnotes_in_one_section_are_all_listed(project):
    notes = "".join(f"Point {i}.[^n{i}]\n\n" for i in range(10000)) + "".join(
        f"[^n{i}]: Note number {i}.\n" for i in range(10000))
    content(project, files={"sections/en/01-weather.md": SECTION_EN + "\n" + notes})
    page = (built(project) / "en/weather.html").read_text(encoding="utf-8")
    assert page.count('role="doc-noteref"') == 10003  # two claims, the author's own note, and 10,000
    assert 'id="fn-10003"' in page and "Note number 9999." in page


# -- hostile YAML ----------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def test_a_billion_laughs_document_ends_at_its_first_anchor(project):
    content(project, files={"glossary.yml": BILLION_LAUGHS})
    assert ("content/glossary.yml:1: YAML anchors and aliases (&name, *name) are not allowed "
            "(hint: write the value out in full)") in refused(project)


def test_a_billion_laughs_in_front_matter_ends_at_its_first_anchor(project):
    content(project, files={"sections/en/01-weather.md": "---\n" + BILLION_LAUGHS + "---\nBody.\n"})
    assert ("content/sections/en/01-weather.md:2: YAML anchors and aliases (&name, *name) are not allowed "
            "(hint: write the value out in full)") in refused(project)


def test_flow_collections_nested_100000_deep_do_not_crash_the_parser(project):
    content(project, files={"glossary.yml": "- " + "[" * 100_000 + "]" * 100_000 + "\n"})
    assert "content/glossary.yml:1: YAML nested too deeply (hint: keep nesting under 64 levels)" in refused(project)


def test_a_duplicate_front_matter_key_names_both_lines(project):
    content(project, files={"sections/fr/01-weather.md":
                            SECTION_FR.replace("title: La météo\n", "title: La météo\ntitle: Le temps\n")})
    assert ("content/sections/fr/01-weather.md:3: duplicate key 'title' (first on line 2) "
            "(hint: remove one of the two)") in refused(project)


def test_an_impossible_date_is_a_located_error(project):
    content(project, files={"site.yml": SITE.replace("checked: 2026-01-31", "checked: 2026-02-30")})
    assert "content/site.yml:9: '2026-02-30' is not a date (hint: write a real date as YYYY-MM-DD)" in refused(project)


def test_a_5000_digit_number_is_a_located_error(project):
    content(project, files={"charts.yml": CHARTS.replace("value: 365", "value: " + "9" * 5000)})
    assert (f"content/charts.yml:8: '{'9' * 40}' is not a number this build can read "
            "(hint: put it in quotes to keep it as text)") in refused(project)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "-5"])
def test_chart_values_must_be_finite_and_not_negative(project, value):
    content(project, files={"charts.yml": CHARTS.replace("value: 365", f"value: {value}")})
    shown = {".inf": "inf", "-.inf": "-inf", ".nan": "nan", "-5": "-5"}[value]
    assert (f"content/charts.yml:8: 'value' must be a finite number of zero or more, not {shown} "
            "(hint: bars start at zero; write the figure as digits)") in refused(project)


# -- the file system -------------------------------------------------------------------


def test_a_symlinked_file_pointing_outside_content_is_refused(project):
    root = content(project)
    (root / "glossary.yml").unlink()
    (root / "glossary.yml").symlink_to("/etc/passwd")
    assert ("content/glossary.yml: is a link to a file outside the content directory "
            "(hint: copy the file into content/ instead of linking to it)") in refused(project)


def test_a_symlinked_folder_pointing_outside_content_is_refused(project):
    root = content(project)
    outside = project / "elsewhere"
    shutil.move(str(root / "sections/en"), outside)
    (root / "sections/en").symlink_to(outside)
    assert ("content/sections/en/01-weather.md: is a link to a file outside the content directory "
            "(hint: copy the file into content/ instead of linking to it)") in refused(project)


def test_a_symlink_inside_content_is_followed(project, good_site):
    root = content(project)
    (root / "glossary.yml").rename(root / "terms.yml")
    (root / "glossary.yml").symlink_to("terms.yml")
    assert pages(built(project)) == pages(good_site)


@pytest.mark.parametrize("name", ["02-my section.md", "02-météo.md", "02-..md", "..02-x.md", "02-a..b.md",
                                  "02-x.md.bak"])
def test_odd_section_file_names_are_refused_by_name(project, name):
    content(project, files={f"sections/en/{name}": SECTION_EN, f"sections/fr/{name}": SECTION_FR})
    lines = refused(project)
    for lang in ("en", "fr"):
        assert (f"content/sections/{lang}/{name}: section file name must be NN-id.md "
                "(hint: e.g. 01-introduction.md (lowercase, digits, hyphens))") in lines


# -- interrupted builds ----------------------------------------------------------------

WRAPPER = textwrap.dedent("""\
    # Runs build.py with the one function that writes output files instrumented, to stop a build while it writes.
    import errno, os, sys, time
    sys.path.insert(0, {root!r})
    from explainer.site import write
    from explainer.cli import main

    MODE, AFTER = sys.argv[1], int(sys.argv[2])
    MAIN = os.getpid()  # forked render workers write too, each with its own count: only the build itself speaks
    real = write.write_file
    written = 0

    def write_file(path, data):
        global written
        written += 1
        if written == AFTER and os.getpid() == MAIN:
            if MODE == "full":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
            print("writing", flush=True)  # the test sends its signal now
        if MODE == "slow" and written >= AFTER:
            time.sleep(0.05)
        return real(path, data)

    write.write_file = write_file
    raise SystemExit(main(sys.argv[3:]))
""")


def run_wrapped(project: Path, mode: str, after: int) -> subprocess.Popen:
    script = project / "wrapped_build.py"
    script.write_text(WRAPPER.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), mode, str(after), "build", "--content", "content",
                             "--out", "site"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


REBUILDS = ["whole build", "rebuild in place"]
"""A build with no cache writes a new site beside the old; a cached rebuild of one page changes files in place."""


def previous_build(project: Path, how: str) -> dict[str, bytes]:
    """The site before the build under test; for a rebuild in place, one the cache knows."""
    root = content(project)
    if how == "rebuild in place":
        assert run_build("build", "-q", "--content", "content", "--out", "site", cwd=project).returncode == 0
    (root / "sections/en/01-weather.md").write_text(SECTION_EN.replace("The weather", "New weather"), encoding="utf-8")
    return snapshot(project / "site")


@pytest.mark.parametrize("how", REBUILDS)
def test_a_full_disk_midway_leaves_the_previous_site_and_no_temporary_folder(project, how):
    before = previous_build(project, how)
    proc = run_wrapped(project, "full", after=5)
    _, err = proc.communicate(timeout=BOUND)
    assert proc.returncode == 1, err
    assert "No space left on device" in err and "the previous output is unchanged" in err
    assert "Traceback" not in err
    assert snapshot(project / "site") == before
    assert strays(project / "site") == []


@pytest.mark.slow
@pytest.mark.parametrize("how", REBUILDS)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_writing_leaves_the_previous_site_and_no_temporary_folder(project, signum, how):
    before = previous_build(project, how)
    proc = run_wrapped(project, "slow", after=3)
    assert proc.stdout.readline().strip() == "writing"
    midway = ".site.undo-" if how == "rebuild in place" else ".site.new-"
    assert any(name.startswith(midway) for name in strays(project / "site"))  # truly midway
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=BOUND)
    assert proc.returncode == 130, err
    assert "interrupted; the previous output is unchanged." in err and "Traceback" not in err
    assert snapshot(project / "site") == before
    assert strays(project / "site") == []


@pytest.mark.slow
def test_sigterm_during_a_large_build_leaves_the_previous_site(project):
    """A real build of 300 sections per language, stopped wherever it happens to be."""
    files: dict[str, str | None] = {"sections/en/01-weather.md": None, "sections/fr/01-weather.md": None}
    filler = "\n\n".join(f"Paragraph {j} of a long section." for j in range(40))
    for i in range(300):
        for lang, body in (("en", SECTION_EN), ("fr", SECTION_FR)):
            head = body if i == 0 else f"---\ntitle: Part {i}\ndescription: Part {i}.\n---\n"
            files[f"sections/{lang}/{i + 1:03d}-part-{i}.md"] = head + "\n" + filler + "\n"
    files["claims.yml"] = (MINIMAL / "claims.yml").read_text().replace("section: weather", "section: part-0")
    content(project, files=files)
    before = snapshot(project / "site")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out", "site"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.wait(timeout=0.8)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=BOUND)
    assert "Traceback" not in err
    if proc.returncode == 130:
        assert snapshot(project / "site") == before
    else:  # the machine was fast enough to finish: then the new site is complete
        assert proc.returncode == 0, err
        assert (project / "site/en/part-299.html").exists()
    assert strays(project / "site") == []


def test_content_folder_names_never_escape_the_output(project):
    """A language folder named like a path cannot make the build write outside ``site/``."""
    root = content(project)
    os.makedirs(root / "sections" / "..en")
    (root / "sections" / "..en" / "01-weather.md").write_text(SECTION_EN, encoding="utf-8")
    lines = refused(project)
    assert any(line.startswith("content/sections/..en: folder '..en' is not a language of site.yml") for line in lines)
    assert sorted(p.name for p in project.iterdir()) == ["content", "site"]


# -- the output folder changed behind the build's back -------------------------------------


def many_sections(count: int, skip: str = "Skip to content") -> dict[str, str | None]:
    """The minimal site with ``count`` sections per language; ``skip`` is the skip link's text in both."""
    files: dict[str, str | None] = {"sections/en/01-weather.md": None, "sections/fr/01-weather.md": None}
    filler = "\n\n".join(f"Paragraph {j} of a long section." for j in range(20))
    for i in range(count):
        for lang, body in (("en", SECTION_EN), ("fr", SECTION_FR)):
            head = body if i == 0 else f"---\ntitle: Part {i}\ndescription: Part {i}.\n---\n"
            files[f"sections/{lang}/{i + 1:03d}-part-{i}.md"] = head + "\n" + filler + "\n"
    files["claims.yml"] = (MINIMAL / "claims.yml").read_text().replace("section: weather", "section: part-0")
    strings = (MINIMAL / "strings.yml").read_text(encoding="utf-8")
    files["strings.yml"] = strings.replace("{en: Skip to content, fr: Aller au contenu}", f"{{en: {skip}, fr: {skip}}}")
    return files


def test_a_deleted_search_file_is_written_again_by_a_large_cached_rebuild(tmp_path):
    """A rebuild rendering every page anew (a new skip link) whose search text is unchanged keeps the
    index's files: one deleted from the output meanwhile is written again, build after build."""
    root = content(tmp_path, many_sections(60))
    assert built(tmp_path)
    deleted = tmp_path / "site/search/en/0/t5-0.json"
    data = deleted.read_bytes()
    deleted.unlink()
    for skip in ("Skip ahead", "Skip to the text"):
        (root / "strings.yml").write_text(many_sections(60, skip)["strings.yml"] or "", encoding="utf-8")
        result = build(tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert int(re.search(r"\((\d+) rendered", result.stderr)[1]) > 200  # more than a rebuild in place
        assert deleted.read_bytes() == data
    reference = tmp_path / "reference"
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--content", "content",
                           "--out", str(reference)], cwd=tmp_path, timeout=BOUND).returncode == 0
    assert snapshot(tmp_path / "site") == snapshot(reference)


USER_FILES = {"CNAME": b"explainer.example.org\n", ".nojekyll": b"", ".git/HEAD": b"ref: refs/heads/main\n",
              ".git/objects/ab/cdef0123": b"\x78\x01blob"}
"""What GitHub Pages users keep in the folder they publish; the build never wrote them."""


def add_user_files(out: Path) -> None:
    for rel, data in USER_FILES.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    (out / ".git/refs/tags").mkdir(parents=True)


@pytest.mark.parametrize("how", ["rebuild in place", "whole build"])
def test_files_the_user_keeps_in_the_output_survive_every_build(project, how):
    """A rebuild in place leaves them where they are; a whole build carries them into the new folder."""
    root = content(project)
    how_to_build = [] if how == "rebuild in place" else ["--no-cache"]
    assert build(project, *how_to_build).returncode == 0  # the cache now knows this site
    add_user_files(project / "site")
    for title in ("New weather", "Newer weather"):
        (root / "sections/en/01-weather.md").write_text(SECTION_EN.replace("The weather", title), encoding="utf-8")
        result = build(project, "-v", *how_to_build)
        assert result.returncode == 0, result.stderr
        assert (int(re.search(r"(\d+) unchanged", result.stderr)[1]) > 0) == (how == "rebuild in place")
        site = project / "site"
        assert {rel: (site / rel).read_bytes() for rel in USER_FILES} == USER_FILES
        assert (site / ".git/refs/tags").is_dir()
        assert title in (site / "en/weather.html").read_text(encoding="utf-8")
        assert not set(USER_FILES) & set(result.stdout.splitlines())  # not listed as the build's own
        assert strays(site) == []


def test_a_whole_build_still_removes_the_pages_it_no_longer_makes(project):
    extra = {"sections/en/02-extra.md": "---\ntitle: Extra\ndescription: More.\n---\nMore.\n",
             "sections/fr/02-extra.md": "---\ntitle: Plus\ndescription: Plus.\n---\nPlus.\n"}
    root = content(project, extra)
    assert build(project, "--no-cache").returncode == 0
    assert (project / "site/en/extra.html").exists()
    add_user_files(project / "site")
    for rel in extra:
        (root / rel).unlink()
    assert build(project, "--no-cache").returncode == 0
    assert not (project / "site/en/extra.html").exists()
    assert {rel: (project / "site" / rel).read_bytes() for rel in USER_FILES} == USER_FILES


def test_a_cache_that_cannot_be_saved_is_a_warning_about_the_cache_not_a_claim_about_the_site(project):
    """The site is written before the cache; when only the cache fails, the CLI says exactly that."""
    from explainer.incremental.cache import STATE, cache_dir

    content(project)
    caches = project / "cache"
    blocked = caches / cache_dir(project / "content", project / "site").name / STATE
    (blocked / "in-the-way").mkdir(parents=True)  # a folder where the state file goes
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out", "site"],
                            cwd=project, capture_output=True, text=True, timeout=BOUND,
                            env={**os.environ, "EXPLAINER_CACHE": str(caches)})
    assert result.returncode == 0, result.stderr
    assert "previous output is unchanged" not in result.stderr and "Traceback" not in result.stderr
    assert ("warning: the site was written to site, but the rebuild cache could not be saved "
            "(Is a directory: ") in result.stderr
    assert "the next build renders everything again." in result.stderr
    reference = project / "reference"
    assert run_build("build", "--no-cache", "--content", "content", "--out", str(reference), cwd=project).returncode == 0
    assert snapshot(project / "site") == snapshot(reference)


@pytest.fixture
def mounted(project: Path):
    """``project/site`` bind-mounted onto itself, as a volume or a bind mount would be in a container."""
    site = project / "site"
    if subprocess.run(["mount", "--bind", str(site), str(site)], capture_output=True).returncode != 0:
        pytest.skip("bind mounts are not permitted here (they need root)")
    yield site
    subprocess.run(["umount", str(site)], check=True)


@pytest.mark.parametrize("how", ["whole build", "rebuild in place"])
def test_an_output_folder_that_is_a_mount_point_is_built(project, mounted, how):
    """A mount point cannot be swapped by renaming: its contents are replaced instead, the user's files kept."""
    root = content(project)
    add_user_files(mounted)
    how_to_build = [] if how == "rebuild in place" else ["--no-cache"]
    for title in ("New weather", "Newer weather"):
        (root / "sections/en/01-weather.md").write_text(SECTION_EN.replace("The weather", title), encoding="utf-8")
        result = build(project, *how_to_build)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        reference = project / f"reference-{len(title)}"
        assert run_build("build", "--no-cache", "--content", "content", "--out", str(reference),
                         cwd=project).returncode == 0
        built = snapshot(mounted)
        assert {rel: built.pop(rel) for rel in USER_FILES} == USER_FILES
        assert built == snapshot(reference)
        assert strays(mounted) == [] and not [p.name for p in mounted.iterdir() if p.name.startswith(".site.")]
        assert subprocess.run(["mountpoint", "-q", str(mounted)]).returncode == 0
    assert (int(re.search(r"(\d+) unchanged", result.stderr)[1]) > 0) == (how == "rebuild in place")
