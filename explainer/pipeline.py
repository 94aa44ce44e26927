"""The build, start to finish: load → validate → render → write.

Nothing touches the output directory until every file has loaded, every rule has
passed and every page has rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ContentError, Problem
from .load import load_content
from .model import Content
from .render import Options, build_date, render_site
from .search import index_site
from .validate import validate
from .write import check_output, write_site


@dataclass
class Result:
    content: Content
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def check(content_dir: Path, shown: str | None = None, strict: bool = False) -> Result:
    """Load and validate; raise ``ContentError`` with every problem that stops the build."""
    content, problems = load_content(content_dir, shown)
    problems += validate(content)
    errors = [p for p in problems if p.level == "error" or strict]
    if errors:
        raise ContentError(errors)
    return Result(content, warnings=[p for p in problems if p.level == "warning"])


def build_site(content_dir: Path, out: Path, shown: str | None = None, strict: bool = False,
               pdf: bool = False, progress: Callable[[str, int, int], None] | None = None) -> Result:
    """``progress`` hears (stage, done, total) as the build moves on; total is 0 when unknown."""
    check_output(out, content_dir)
    if progress is not None:
        progress("checking", 0, 0)
    result = check(content_dir, shown, strict)
    pdf_names: tuple[tuple[str, str], ...] = ()
    if pdf:
        from .pdf import pdf_path
        pdf_names = tuple((code, pdf_path(code)) for code in result.content.site.codes)
    options = Options(pdf_names=pdf_names, build_date=build_date(result.content), progress=progress)
    result.files = render_site(result.content, options)
    if pdf:
        from .pdf import render_pdfs
        if progress is not None:
            progress("rendering PDFs", 0, 0)
        result.files.update(render_pdfs(result.content, options))
    if progress is not None:
        progress("writing and indexing", 0, 0)
    write_site(result.files, out, before_swap=index_site)
    return result
