"""``build.py serve``: builds, serves on 127.0.0.1, rebuilds on a content change, and the
reload script appears only in served pages, never in the files it built."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, write_site


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def server(tmp_path: Path):
    content = write_site(tmp_path / "content", {})
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        for line in process.stderr:
            match = re.search(r"serving at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                yield match.group(1), content
                break
        else:
            pytest.fail("serve never started")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_serves_pages_with_reload_script_and_rebuilds_on_change(server) -> None:
    base, content = server
    page = _get(base + "en/weather.html")
    assert '<script src="/__preview/reload.js" defer></script></body>' in page
    assert "location.reload()" in _get(base + "__preview/reload.js")
    version = _get(base + "__preview/version")
    section = content / "sections" / "en" / "01-weather.md"
    section.write_text(section.read_text(encoding="utf-8").replace("title: The weather", "title: Fresh weather"),
                       encoding="utf-8")
    deadline = time.monotonic() + 60
    while _get(base + "__preview/version") == version:
        assert time.monotonic() < deadline, "no rebuild after the change"
        time.sleep(0.2)
    assert "Fresh weather" in _get(base + "en/weather.html")


@pytest.mark.slow
def test_a_broken_edit_keeps_the_last_good_build(server) -> None:
    base, content = server
    version = _get(base + "__preview/version")
    (content / "claims.yml").write_text("- id: [broken\n", encoding="utf-8")
    time.sleep(3)
    assert _get(base + "__preview/version") == version
    assert "The weather" in _get(base + "en/weather.html")


def test_built_sites_never_carry_the_reload_script(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content",
                             str(ROOT / "tests" / "sites" / "minimal"), "--out", str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "__preview" in p.read_text(encoding="utf-8")]


def test_a_file_saved_while_a_build_runs_is_rebuilt_after_it(tmp_path: Path) -> None:
    """The watcher compares against the files as they were when the build began, not when it ended."""
    import threading

    from explainer.serve import Preview, snapshot

    content = write_site(tmp_path / "content", {})
    preview = Preview(content, str(content), [content])
    before = snapshot(preview.watch)
    assert preview.build() and preview.version == 1
    section = content / "sections" / "en" / "01-weather.md"  # saved after the build read it, before the watcher started
    section.write_text(section.read_text(encoding="utf-8").replace("title: The weather", "title: Fresh weather"),
                       encoding="utf-8")
    watcher = threading.Thread(target=preview.watch_forever, args=(before, 0.05), daemon=True)
    watcher.start()
    deadline = time.monotonic() + 60
    while preview.version == 1:
        assert time.monotonic() < deadline, "the save during the build was never rebuilt"
        time.sleep(0.05)
    try:
        assert "Fresh weather" in (preview.site / "en" / "weather.html").read_text(encoding="utf-8")
    finally:
        preview.close()
        watcher.join(timeout=30)
