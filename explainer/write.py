"""Write the site so that readers never see half of it.

Files go into a fresh temporary directory beside the output; only when every file
is written is it swapped in for the old output, which is then removed. Any failure
(an exception, SIGINT, SIGTERM, a full disk) removes the temporary directory and
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

MARKER = ".explainer-site"
"""Marks a directory this tool wrote, so it never replaces anything else."""


class OutputError(Exception):
    """The output directory cannot be used (not a content problem)."""


def check_output(out: Path, content_root: Path) -> None:
    """Refuse outputs whose replacement would destroy content or unrelated files."""
    out_r, content_r = out.resolve(), content_root.resolve()
    if out_r == content_r or out_r in content_r.parents:
        raise OutputError(f"refusing to write to {out}: it contains the content directory")
    if out_r == Path(out_r.anchor) or out_r == Path.home():
        raise OutputError(f"refusing to write to {out}: pick a dedicated output directory")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise OutputError(f"refusing to replace {out}: it exists and was not written by this tool "
                          "(remove it, or choose another --out)")


def write_site(files: dict[str, bytes], out: Path, before_swap: Callable[[Path], None] | None = None) -> None:
    """Atomically replace ``out`` with exactly ``files`` (site-relative path → bytes).

    ``before_swap`` runs on the complete temporary directory (e.g. to index it for
    search); if it raises, nothing is swapped in.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    old: Path | None = None
    try:
        for rel in sorted(files):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        (tmp / MARKER).write_bytes(b"")
        if before_swap is not None:
            before_swap(tmp)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "site")
        os.replace(tmp, out)
    except BaseException:
        if old is not None and not out.exists():
            os.replace(old / "site", out)
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
