#!/usr/bin/env python3
"""The naive floor: the least a Markdown-to-HTML build of this content can do.

Every ``sections/<lang>/*.md`` of a content folder: front matter split off on its
``---`` lines and parsed with libyaml, the body rendered with markdown-it-py
(CommonMark, tables, footnotes) and one small Jinja2 template, one page per file
at ``OUT/<lang>/<file stem>.html``. No validation, no claims registry (a
``[^claim-id]`` without a definition stays text), no navigation, no search, no
assets. It is what the benchmark compares the real build against, so it stays
minimal on purpose.

    python bench/naive.py --content bench/out/n7/content --out /tmp/naive [--jobs 2]

``--jobs K`` splits the files over K forked worker processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import yaml
from jinja2 import Template
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

MD = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
PAGE = Template("""<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{{ body|safe }}</main></body>
</html>
""", autoescape=True)


def split(text: str) -> tuple[dict, str]:
    """(front matter, body) of a file that starts with a ``---`` line; ({}, text) otherwise."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                front = yaml.load("".join(lines[1:i]), Loader=yaml.CSafeLoader) or {}
                return front, "".join(lines[i + 1:])
    return {}, text


def build_one(task: tuple[Path, Path, str]) -> None:
    source, target, lang = task
    front, body = split(source.read_text(encoding="utf-8"))
    html = PAGE.render(lang=lang, title=front.get("title", source.stem), body=MD.render(body))
    target.write_text(html, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, required=True, help="content folder (with sections/<lang>/*.md)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: this process only)")
    args = parser.parse_args(argv)
    tasks = []
    for folder in sorted(p for p in (args.content / "sections").iterdir() if p.is_dir()):
        out = args.out / folder.name
        out.mkdir(parents=True, exist_ok=True)
        tasks += [(path, out / f"{path.stem}.html", folder.name) for path in sorted(folder.glob("*.md"))]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            pool.map(build_one, tasks, chunksize=max(1, len(tasks) // (4 * args.jobs)))
    else:
        for task in tasks:
            build_one(task)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
