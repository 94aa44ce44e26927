"""Full-text search index for the written site, built with Pagefind.

Runs on the complete temporary output directory before it is swapped in (the
``before_swap`` hook of ``write_site``), so a failed index never replaces a working
site. Pagefind's *extended* binary is required: only it segments Japanese into words
(the plain binary finds ``電力`` inside ``データセンターの電力`` only as a prefix match).
Only elements marked ``data-pagefind-body`` are indexed — the article text of each
language page — so navigation, the parallel view and the root chooser stay out of
results. One index per ``<html lang>``; the reader's browser fetches it only when
they search.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .write import OutputError

BUNDLE = "pagefind"
"""Directory of the index inside the site; ``site.js`` imports ``BUNDLE/pagefind.js``."""


class SearchIndexError(OutputError):
    """Pagefind failed or is missing: not a content problem; the build stops and the old site stays."""


def index_site(site: Path) -> None:
    """Write the search bundle into ``site/pagefind/``.

    ``--keep-index-url`` keeps result links pointing at files (``ja/index.html``), so
    they work on hosts that do not map a folder to its ``index.html``.
    """
    if not _has_extended():
        raise SearchIndexError("search index: Pagefind's extended binary is missing, so Japanese would not be "
                               "split into words (hint: pip install 'pagefind[extended]==1.5.2')")
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search index: could not run Pagefind ({exc})") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError("search index: Pagefind failed: " + (detail[-1] if detail else f"exit {done.returncode}")
                               + " (hint: pip install 'pagefind[extended]==1.5.2')")
    if not (site / BUNDLE / "pagefind.js").exists():
        raise SearchIndexError("search index: Pagefind wrote no index (hint: no page has data-pagefind-body)")
    _sort_entry(site / BUNDLE / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in its entry file in a random order; sort them.

    The rest of its output is already deterministic, so this makes two builds of the
    same content byte-identical. Readers of the file only look languages up by key.
    """
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _has_extended() -> bool:
    """Whether ``python -m pagefind`` runs the extended binary (it prefers it when installed)."""
    try:
        import pagefind_bin_extended  # noqa: F401
    except ImportError:
        return False
    return True
