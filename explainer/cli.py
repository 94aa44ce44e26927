"""The command line: flags in, exit codes out. The only place that prints problems.

Exit codes: 0 success, 1 content errors, 2 usage errors (bad flags, unusable paths).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .content.model import Content
from .errors import ContentError, PdfError, Problem
from .progress import ProgressLine, progress_for

BASE_URL_ENV = "EXPLAINER_BASE_URL"
"""Overrides site.yml's base_url for ``build`` and ``pdf`` (a CI job sets it; ``--base-url`` wins over it)."""

if TYPE_CHECKING:
    from .pipeline import Result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a bilingual, fact-checked explainer site from content/.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", metavar="DIR", help="content directory (default: content)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    noise.add_argument("-v", "--verbose", action="store_true", help="list every file written")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    publish = argparse.ArgumentParser(add_help=False)
    publish.add_argument("--base-url", metavar="URL",
                         help=f"the site's public address, overriding site.yml's base_url (also ${BASE_URL_ENV}); "
                              '"" builds relative links only')
    build = sub.add_parser("build", parents=[common, publish], help="validate, render and write the site (default)")
    build.add_argument("--out", default="site", metavar="DIR", help="output directory (default: site)")
    build.add_argument("--pdf", action="store_true", help="also write the print PDFs into OUT/pdf/")
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help="render every page, ignoring the rebuild cache (~/.cache/explainer/) and writing none")
    pdf = sub.add_parser("pdf", parents=[common, publish], help="build the site with its print PDFs (build --pdf)")
    pdf.add_argument("--out", default="site", metavar="DIR", help="output directory (default: site)")
    pdf.add_argument("--no-cache", dest="cache", action="store_false",
                     help="render every page, ignoring the rebuild cache (~/.cache/explainer/) and writing none")
    pdf.set_defaults(pdf=True)
    check = sub.add_parser("check", parents=[common], help="validate the content; write nothing")
    check.add_argument("--external", action="store_true",
                       help="also ask every source URL whether it still answers (needs a network)")
    serve = sub.add_parser("serve", parents=[common],
                           help="preview on 127.0.0.1: rebuild on every change to content/ or templates/, reload the tab")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    status = sub.add_parser("status", parents=[common],
                            help="translators' report: what is missing or out of date in each language")
    status.add_argument("--stamp", nargs="+", metavar="FILE", default=[],
                        help="mark these translations as up to date with their source-language file")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    signal.signal(signal.SIGTERM, _interrupt)
    content = Path(args.content)
    if not content.is_dir():
        print(f"error: content directory {args.content!r} does not exist", file=sys.stderr)
        return 2
    started = time.perf_counter()
    from .site.write import OutputError
    if args.command == "status":
        return _status(content, args.content, [Path(p) for p in args.stamp])
    if args.command == "serve":
        from .preview.serve import serve
        return serve(content, args.content, args.port)
    try:
        base_url = _base_url(args)
    except ValueError as exc:
        print(f"error: {exc} (hint: write https://host/path/, or \"\" for relative links only)", file=sys.stderr)
        return 2
    progress = progress_for(sys.stderr, args.quiet)
    try:
        result = _run(args, content, progress, base_url)
    except ContentError as exc:
        _report(exc.problems)
        errors = sum(1 for p in exc.problems if p.level == "error" or args.strict)
        print(f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", file=sys.stderr)
        return 1
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''} (the previous output is unchanged)", file=sys.stderr)
        return 1
    _summary(args, result, started)
    if getattr(args, "external", False):
        return _external(result.content, args.strict)
    return 0


def _summary(args: argparse.Namespace, result: Result, started: float) -> None:
    """What a successful check or build prints: its warnings, the files with ``-v``, one line unless ``-q``."""
    _report(result.warnings)
    if result.cache_error:
        print(f"warning: the site was written to {args.out}, but the rebuild cache could not be saved "
              f"({result.cache_error}); the next build renders everything again.", file=sys.stderr)
    if args.verbose:
        for path in sorted(result.files):
            print(os.path.join(getattr(args, "out", ""), path))
    if not args.quiet:
        pages = sum(1 for p in result.files if p.endswith(".html"))
        rendered = sum(1 for p in result.written if p.endswith(".html"))
        done = "checked" if args.command == "check" else (
            f"{pages} pages in {args.out} ({rendered} rendered, {pages - rendered} unchanged)")
        print(f"{done}: {len(result.content.claims)} claims, {len(result.warnings)} warnings, "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)


def _base_url(args: argparse.Namespace) -> str | None:
    """The base URL that overrides site.yml's: ``--base-url``, else a non-empty ``$EXPLAINER_BASE_URL``, else None.

    Checked by the same rule as site.yml's (``ValueError`` if malformed), before anything is built.
    """
    if args.command not in ("build", "pdf"):
        return None
    from .content.load import normalized_base_url
    value = args.base_url if args.base_url is not None else os.environ.get(BASE_URL_ENV) or None
    if value is None:
        return None
    source = "--base-url" if args.base_url is not None else f"${BASE_URL_ENV}"
    try:
        return normalized_base_url(value)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def _run(args: argparse.Namespace, content: Path, progress: ProgressLine | None, base_url: str | None) -> Result:
    """Check or build; the progress line is gone before anyone prints a problem or the summary."""
    from . import pipeline
    try:
        if args.command == "check":
            return pipeline.check(content, args.content, args.strict)
        return pipeline.build_site(content, Path(args.out), args.content, args.strict, pdf=args.pdf,
                                   progress=progress, cache=args.cache, base_url=base_url)
    finally:
        if progress is not None:
            progress.clear()


def _external(content: Content, strict: bool) -> int:
    """Report source URLs that no longer answer; with ``--strict`` a dead one fails the check."""
    from .linkcheck import check_external

    problems, summary = check_external(content)
    _report(problems)
    print(summary, file=sys.stderr)
    return 1 if strict and problems else 0


def _status(content: Path, shown: str, stamps: list[Path]) -> int:
    """Print the translators' report (after stamping); exit 1 when any language needs work."""
    from .content.load import load_content
    from .translation_status import format_status, stamp, status

    loaded, _ = load_content(content, shown)
    if loaded.site is None:
        print(f"error: {shown}/site.yml does not load; run 'build.py check' to see why", file=sys.stderr)
        return 1
    if stamps:
        docs = {Path(doc.path).resolve(): doc for doc in [*loaded.sections.values(), *loaded.pages.values()]}
        for path in stamps:
            doc = docs.get(path.resolve())
            registry = loaded.sections if doc is not None and doc.kind == "section" else loaded.pages
            source = registry.get((loaded.site.default_language, doc.id)) if doc is not None else None
            if doc is None or source is None or doc.lang == loaded.site.default_language:
                print(f"error: {path} is not a translation of a {loaded.site.default_language} file "
                      f"in {shown}", file=sys.stderr)
                return 2
            stamp(path, source.digest)
        loaded, _ = load_content(content, shown)
    report = status(loaded)
    print(format_status(report, loaded.site.default_language))
    return 0 if all(entry.complete for entry in report) else 1


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
