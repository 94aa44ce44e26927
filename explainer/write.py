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


class Staging:
    """A new site being put together beside the old one, swapped in only by ``commit``.

    Files are written as they are made (so a big site never sits in memory), and an
    unchanged file is carried over from the old site as a hard link (a copy where
    links are not possible): the rebuild writes only what changed, yet readers
    still see the old site or the new one, never a mix. Leaving the ``with`` block
    without ``commit`` (an error, SIGINT, SIGTERM, a full disk) removes the new
    directory and leaves the old site exactly as it was.
    """

    def __init__(self, out: Path):
        self.out = out.absolute()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.made: set[str] = set()

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir, ignore_errors=True)

    def _parent(self, rel: str) -> Path:
        target = self.dir / rel
        folder = os.path.dirname(rel)
        if folder not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(folder)
        return target

    def write(self, rel: str, data: bytes) -> None:
        self._parent(rel).write_bytes(data)

    def keep(self, rel: str) -> None:
        """Carry ``rel`` over unchanged from the old site."""
        source, target = self.out / rel, self._parent(rel)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def commit(self) -> None:
        (self.dir / MARKER).write_bytes(b"")
        os.chmod(self.dir, 0o755)
        old: Path | None = None
        try:
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.replace(self.out, old / "site")
            os.replace(self.dir, self.out)
        except BaseException:
            if old is not None and not self.out.exists():
                os.replace(old / "site", self.out)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Atomically replace ``out`` with exactly ``files`` (site-relative path → bytes)."""
    with Staging(out) as staging:
        for rel in sorted(files):
            staging.write(rel, files[rel])
        staging.commit()
