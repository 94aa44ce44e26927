"""Helpers for the ``mkdocs`` preview tests: run mkdocs as an editor would, read its pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from conftest import ROOT, free_port

PROJECT_FILES = ("mkdocs.yml", "docs", "templates", "explainer")
"""What ``mkdocs serve`` needs besides the content (explainer/ holds the hook module)."""
VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


def mkdocs(*args: str, cwd: Path = ROOT, content: str | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs`` in a fresh process; ``content`` sets EXPLAINER_CONTENT."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env.pop("EXPLAINER_CONTENT", None)
    if content is not None:
        full_env["EXPLAINER_CONTENT"] = content
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def copy_project(target: Path, content: Path) -> Path:
    """A temporary copy of the project with ``content`` as its content/ folder."""
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(content, target / "content")
    return target


TIMEOUT = 30.0


def get(url: str) -> str:
    """The page at ``url`` as text."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(what: str, probe: Callable[[], bool]) -> None:
    """Poll ``probe`` until it holds (a server that is still starting counts as not yet)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    """``mkdocs serve`` in a project folder, its log in a file (a pipe could fill and stall it)."""

    def __init__(self, project: Path):
        self.project, self.port, self.log = project, free_port(), project / "serve.log"
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("EXPLAINER_CONTENT", None)
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
                                            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Article:
    """What a reader gets from a page's explainer article (the element labelled by its title)."""

    text: str = ""
    heading_ids: list[str] = field(default_factory=list)
    notes: int = 0
    verdicts: list[str] = field(default_factory=list)


class _ArticleReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = Article()
        self.depth = 0
        self.words: list[str] = []
        self.verdict_depth = 0
        self.verdict: list[str] = []
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article" and a.get("aria-labelledby") == "page-title" and not self.found:
            self.found, self.depth = True, 1
            return
        if not self.depth or tag in VOID:
            return
        self.depth += 1
        if tag in ("h1", "h2", "h3") and a.get("id"):
            self.article.heading_ids.append(a["id"] or "")
        if tag == "li" and "note" in classes:
            self.article.notes += 1
        if "verdict" in classes and tag == "span":
            self.verdict_depth, self.verdict = self.depth, []

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in VOID:
            return
        if self.verdict_depth == self.depth:
            self.article.verdicts.append(" ".join("".join(self.verdict).split()))
            self.verdict_depth = 0
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.append(data)
            if self.verdict_depth:
                self.verdict.append(data)


def read_article(path: Path) -> Article:
    reader = _ArticleReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    assert reader.found, f"{path} has no article labelled by page-title"
    reader.article.text = " ".join("".join(reader.words).split())
    return reader.article


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of the page with its attributes."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found
