"""Shared fixtures: tiny sites written inline, the built flagship, a local server, Chromium.

Browser tests drive Debian's /usr/bin/chromium through Playwright's
``executable_path``; no browser is ever downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Builds keep their rebuild cache in a folder of this test run, not in the user's ~/.cache.
os.environ["EXPLAINER_CACHE"] = tempfile.mkdtemp(prefix="explainer-test-cache-")


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``build.py`` as a user would, in a fresh process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def build(content: Path, out: Path, **options: Any) -> Any:
    """Build ``content`` into ``out`` in this process, as ``build.py build`` does; return the build's result.

    The one place tests import the builder, so the package's modules can move. ``options``
    are the builder's: ``cache=False`` builds from nothing, ``cache=<folder>`` keeps the
    rebuild cache there, ``parallel=False`` never forks, ``shown`` is the content path
    as messages print it.
    """
    from explainer.pipeline import build_site
    return build_site(content, out, **options)


def generate_corpus(articles: int, out: Path) -> Path:
    """Write the benchmark's synthetic bilingual corpus of ``articles`` articles (12 claims each) to ``out``."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(articles), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def write_site(root: Path, files: dict[str, str], base: Path = SITES / "minimal") -> Path:
    """Copy the minimal valid site to ``root`` and overwrite/add ``files`` (path → text; None deletes)."""
    shutil.copytree(base, root)
    for rel, text in files.items():
        target = root / rel
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def flagship(tmp_path_factory) -> Path:
    """The flagship content built once (HTML only) for every test that reads pages."""
    out = tmp_path_factory.mktemp("flagship") / "site"
    result = run_build("build", "--out", str(out), "--strict")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def flagship_with_pdfs(tmp_path_factory) -> Path:
    """The flagship built once with its PDFs (``build.py pdf``), for every test that reads them."""
    out = tmp_path_factory.mktemp("flagship-pdf") / "site"
    result = run_build("pdf", "--out", str(out), "--strict")
    assert result.returncode == 0, result.stderr
    return out


def every_kind_of_page(site: Path, content: Path = ROOT / "content") -> list[str]:
    """The pages of ``site`` (built from ``content``) that a browser test visits to see every kind of page.

    Every page but the permanent claim pages (``<lang>/claims/<id>.html``): those are one
    template filled from one claim each (the flagship has 78), so of them, in every language,
    only the first claim of each verdict and every claim a correction names (only those show
    the log's entries). Tests whose outcome depends on text, not markup (requests and console
    messages, sideways scrolling on a phone), still visit every page.
    """
    from explainer.content.load import load_content
    loaded, _ = load_content(content)
    first_of_verdict: dict[str, str] = {}
    for claim in sorted(loaded.claims.values(), key=lambda c: c.id):
        first_of_verdict.setdefault(claim.verdict, claim.id)
    chosen = set(first_of_verdict.values()) | {claim for entry in loaded.corrections for claim in entry.claims}
    every = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p for p in every if Path(p).parent.name != "claims" or Path(p).stem in chosen]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``directory`` on 127.0.0.1 on a free port; return (base URL, server)."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def flagship_url(flagship):
    url, server = serve(flagship)
    yield url
    server.shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run tools/setup.sh --test")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
