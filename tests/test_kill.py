"""Builds killed outright (``kill -9``): no process outlives them, and the next build repairs what they left.

A killed build runs no ``finally`` and no signal handler, so everything here is about
what the kernel and the next build do: forked workers die with the build (a CI step
waiting for the build's stdout and stderr to close does not hang), an in-place
rebuild interrupted anywhere is finished or undone before anything else, and the
folders a killed build leaves beside the output are cleaned up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write_site

pytestmark = pytest.mark.slow

BOUND = 60
"""Seconds a build, or the end of a killed build's processes, may take before the test fails as a hang."""


def start(cwd: Path, *args: str) -> subprocess.Popen:
    """``build.py build --content content --out site ARGS`` in ``cwd``, with its output on pipes as in CI."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content", "content",
                             "--out", "site", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def forked(pid: int) -> set[int]:
    """The live child processes of ``pid`` that it forked without running another program."""
    def command(of: int | str) -> bytes:
        with open(f"/proc/{of}/cmdline", "rb") as f:
            return f.read()

    found: set[int] = set()
    try:
        own = command(pid)
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.update(int(child) for child in f.read().split() if command(child) == own)
    except OSError:  # the build, or a child, ended meanwhile
        pass
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ignores_interrupts(pid: int) -> bool:
    """Whether ``pid`` ignores SIGINT, as build workers do once they are set up."""
    try:
        with open(f"/proc/{pid}/status") as f:
            mask = next(line for line in f if line.startswith("SigIgn:")).split()[1]
    except (OSError, StopIteration):
        return False
    return bool(int(mask, 16) & 1 << (signal.SIGINT - 1))


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_kill_9_during_the_pdf_build_leaves_no_worker_holding_the_output_open(tmp_path):
    """The PDF worker is stopped (SIGSTOP) before the build is killed, so it cannot finish its
    work and exit on its own: only dying with the build ends it."""
    write_site(tmp_path / "content", {})
    proc = start(tmp_path, "--pdf", "--no-cache")
    workers: set[int] = set()
    wait_for(lambda: bool(workers.update(forked(proc.pid)) or workers) or proc.poll() is not None,
             "the PDF worker")
    assert workers, "the build ended before it forked a PDF worker"
    wait_for(lambda: all(ignores_interrupts(pid) or not alive(pid) for pid in workers), "the worker's set-up")
    try:
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        proc.kill()
        proc.communicate(timeout=BOUND)  # stdout and stderr close: no worker holds them any more
        wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


# -- an in-place rebuild or a whole build killed anywhere ----------------------------------

MINIMAL_EN = (ROOT / "tests/sites/minimal/sections/en/01-weather.md").read_text(encoding="utf-8")
MINIMAL_FR = (ROOT / "tests/sites/minimal/sections/fr/01-weather.md").read_text(encoding="utf-8")
SECTIONS = 30
"""Sections per language: about 140 pages, all changed by one interface string and still few enough
(fewer than 200) for a cached rebuild to change them in place."""


def synthetic(version: str) -> dict[str, str | None]:
    """A site of ``SECTIONS`` sections per language whose every page shows ``version``."""
    files: dict[str, str | None] = {"sections/en/01-weather.md": None, "sections/fr/01-weather.md": None}
    filler = "\n\n".join(f"Paragraph {j} of a long section." for j in range(30))
    for i in range(SECTIONS):
        for lang, body in (("en", MINIMAL_EN), ("fr", MINIMAL_FR)):
            head = body if i == 0 else f"---\ntitle: Part {i}\ndescription: Part {i}.\n---\n"
            files[f"sections/{lang}/{i + 1:03d}-part-{i}.md"] = head + "\n" + filler + "\n"
    claims = (ROOT / "tests/sites/minimal/claims.yml").read_text(encoding="utf-8")
    files["claims.yml"] = claims.replace("section: weather", "section: part-0")
    strings = (ROOT / "tests/sites/minimal/strings.yml").read_text(encoding="utf-8")
    files["strings.yml"] = strings.replace("Skip to content", f"Skip to content ({version})")
    return files


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` by relative path, with its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Work folders beside ``out`` (``.site.new-*``, ``.site.undo-*``, ``.site.index-*``, ``.site.old-*``)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "-q", "--content", "content",
                           "--out", "site", *args], cwd=cwd, capture_output=True, text=True, timeout=BOUND)


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The old and the new site, each built from nothing in a folder of its own."""
    found = {}
    for version in ("old", "new"):
        root = tmp_path_factory.mktemp(version)
        write_site(root / "content", synthetic(version))
        result = build(root, "--no-cache")
        assert result.returncode == 0, result.stderr
        found[version] = tree(root / "site")
    return found


def old_site(project: Path, cached: bool) -> None:
    """``project/site`` built from the old content (with the cache when ``cached``), the content then made new."""
    write_site(project / "content", synthetic("old"))
    assert build(project, *([] if cached else ["--no-cache"])).returncode == 0
    (project / "content/strings.yml").write_text(synthetic("new")["strings.yml"] or "", encoding="utf-8")


def assert_repaired(project: Path, references: dict[str, dict[str, bytes]]) -> str:
    """After a killed build: the next build repairs the output before anything else, then writes the new site.

    The next build is first given broken content, so it stops after the repair: what it
    leaves is what the killed build left, repaired — the old site or the new one, whole.
    Returns which.
    """
    strings = project / "content/strings.yml"
    good = strings.read_text(encoding="utf-8")
    strings.write_text(good + "home: [\n", encoding="utf-8")
    failed = build(project)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    repaired = tree(project / "site")
    which = [version for version, reference in references.items() if repaired == reference]
    assert which, f"a mixed site: {sum(repaired.get(k) == v for k, v in references['new'].items())} new files"
    assert leftovers(project / "site") == []
    strings.write_text(good, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert tree(project / "site") == references["new"]
    assert leftovers(project / "site") == []
    return which[0]


KILLER = """\
# build.py, killed with SIGKILL by itself at the AT-th rename of a file the build publishes.
import os, signal, sys
sys.path.insert(0, {root!r})
from explainer.cli import main

AT = int(sys.argv[1])
real = os.replace
seen = 0

def replace(source, target, **kw):
    global seen
    if any(part in str(source) + str(target) for part in (".site.undo-", ".site.new-", ".site.old-")):
        seen += 1
        if seen == AT:
            os.kill(os.getpid(), signal.SIGKILL)
    return real(source, target, **kw)

os.replace = replace
raise SystemExit(main(sys.argv[2:]))
"""


def killed_at(project: Path, at: int, *args: str) -> int:
    """Run the build under ``KILLER``; its exit status (-9 when it was killed)."""
    script = project / "killer.py"
    script.write_text(KILLER.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.run([sys.executable, str(script), str(at), "build", "-q", "--content", "content",
                           "--out", "site", *args], cwd=project, capture_output=True, timeout=BOUND).returncode


@pytest.mark.parametrize("at", [1, 2, 3, 30, 60, 10_000],
                         ids=["making the journal", "first file", "second file", "midway", "late", "never"])
def test_an_in_place_rebuild_killed_while_publishing_is_finished_by_the_next_build(tmp_path, references, at):
    """The first rename makes the journal: killed before it, nothing was published; after it, the
    journal is complete and the next build finishes the changes."""
    old_site(tmp_path, cached=True)
    status = killed_at(tmp_path, at)
    assert status == (0 if at == 10_000 else -signal.SIGKILL)
    assert assert_repaired(tmp_path, references) == ("old" if at == 1 else "new")


@pytest.mark.parametrize("at", [1, 2], ids=["before moving the old site aside", "between the two renames"])
def test_a_whole_build_killed_while_swapping_leaves_the_old_site(tmp_path, references, at):
    """Killed between its two renames, a whole build leaves no output at all: the next build puts the old back."""
    old_site(tmp_path, cached=False)
    assert killed_at(tmp_path, at, "--no-cache") == -signal.SIGKILL
    assert (tmp_path / "site").exists() == (at == 1)
    assert assert_repaired(tmp_path, references) == "old"


@pytest.mark.parametrize("cached", [True, False], ids=["rebuild in place", "whole build"])
def test_a_build_killed_at_any_moment_leaves_a_whole_site_after_the_next_build(tmp_path, references, cached):
    """A real ``kill -9`` from outside, swept over the build's life from the moment its work folder appears."""
    write_site(tmp_path / "content", synthetic("old"))
    seen = set()
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8):
        for rel in ("content", "site"):
            shutil.rmtree(tmp_path / rel, ignore_errors=True)
        old_site(tmp_path, cached)
        proc = start(tmp_path, "-q", *([] if cached else ["--no-cache"]))
        wait_for(lambda: leftovers(tmp_path / "site") or proc.poll() is not None, "the build's work folder")
        time.sleep(delay)
        proc.kill()
        proc.communicate(timeout=BOUND)
        seen.add(assert_repaired(tmp_path, references))
    assert seen <= {"old", "new"}


@pytest.mark.parametrize("cached", [True, False], ids=["rebuild in place", "whole build"])
def test_a_build_into_a_mount_point_killed_while_publishing_is_finished_by_the_next_build(tmp_path, references,
                                                                                         cached):
    """A mount point's contents are replaced file by file through the journal, which the next build finishes."""
    old_site(tmp_path, cached)
    site = tmp_path / "site"
    if subprocess.run(["mount", "--bind", str(site), str(site)], capture_output=True).returncode != 0:
        pytest.skip("bind mounts are not permitted here (they need root)")
    try:
        assert killed_at(tmp_path, 30, *([] if cached else ["--no-cache"])) == -signal.SIGKILL
        assert [p.name for p in site.iterdir() if p.name.startswith(".site.")]  # its work folder, inside
        assert assert_repaired(tmp_path, references) == "new"
        assert not [p.name for p in site.iterdir() if p.name.startswith(".site.")]
    finally:
        subprocess.run(["umount", str(site)], check=True)
