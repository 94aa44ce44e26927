"""Regenerate tests/golden/minimal after an intended change to the pages or the sitemap.

    .venv/bin/python tests/update_golden.py && git diff --stat tests/golden

The golden copy holds only what a reviewer reads in a diff: every HTML page and the
sitemap of the fixture site. Stylesheets, scripts, images and the search index are
left out, so a CSS or JS tweak does not touch it; other tests cover those files.
The golden test builds through ``build_minimal`` too, so the two cannot drift.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "minimal"
COMMAND = ".venv/bin/python tests/update_golden.py"


def is_golden(path: str) -> bool:
    """The files the golden copy keeps: pages and the sitemap, by their path under the site."""
    return path.endswith(".html") or path == "sitemap.xml"


def golden_files(root: Path) -> dict[str, bytes]:
    """Path (posix, relative to ``root``) → bytes of every file under ``root`` the golden copy keeps."""
    files = (p for p in sorted(root.rglob("*")) if p.is_file())
    return {rel: p.read_bytes() for p in files if is_golden(rel := p.relative_to(root).as_posix())}


def build_minimal(out: Path) -> dict[str, bytes]:
    """Build the fixture site from nothing with the sitemap dated at the epoch; return its golden files.

    The build runs in a fresh process with a bare environment (plus the cache folder
    a test run chose), so neither the caller's locale nor a warm cache can shape it.
    """
    env = {name: os.environ[name] for name in ("PATH", "HOME", "EXPLAINER_CACHE", "XDG_CACHE_HOME")
           if name in os.environ}
    env["SOURCE_DATE_EPOCH"] = "0"
    result = subprocess.run([sys.executable, str(HERE.parent / "build.py"), "build", "-q", "--no-cache",
                             "--content", str(HERE / "sites" / "minimal"), "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"the fixture site did not build (exit {result.returncode}):\n{result.stderr}")
    return golden_files(out)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        files = build_minimal(Path(scratch) / "site")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, data in files.items():
        (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / rel).write_bytes(data)
    print(f"wrote {len(files)} files to {GOLDEN}")
