"""Write the site so that a failed build never leaves half of one.

Two ways, one promise — any failure (an exception, SIGINT, SIGTERM, a full disk)
leaves the previous site exactly as it was, with no temporary folder behind:

* ``Staging`` (a whole build): files go into a fresh directory beside the output,
  which is swapped in for the old one once complete.
* ``Update`` (a rebuild that changes a few files): each file is replaced in place,
  atomically, after its old version is hard-linked into an undo folder; a failure
  puts every old version back. Nothing else is touched, so a one-page edit costs a
  few file writes instead of relinking thousands.
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
        self._old, self._new = str(self.out) + os.sep, str(self.dir) + os.sep  # plain strings: 10,000 files at N=500
        self.made: set[str] = set()

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir, ignore_errors=True)

    def _target(self, rel: str) -> str:
        folder = os.path.dirname(rel)
        if folder not in self.made:
            os.makedirs(self._new + folder, exist_ok=True)
            self.made.add(folder)
        return self._new + rel

    def write(self, rel: str, data: bytes) -> None:
        write_file(self._target(rel), data)

    def remove(self, rel: str) -> None:
        """Nothing to do: the new directory only has what was written or kept."""

    def keep(self, rel: str) -> None:
        """Carry ``rel`` over unchanged from the old site."""
        target = self._target(rel)
        try:
            os.link(self._old + rel, target)
        except OSError:
            shutil.copy2(self._old + rel, target)

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


class Update:
    """Change the files of an existing site in place, with an undo journal (see the module's docstring)."""

    def __init__(self, out: Path):
        self.out = out.absolute()
        self._old = str(self.out) + os.sep
        self.undo = tempfile.mkdtemp(prefix=f".{self.out.name}.undo-", dir=self.out.parent)
        self.journal: list[tuple[str, str | None]] = []
        """(file, its saved old version or None if it is new), in the order changed."""
        self.folders: list[str] = []
        self.pending: str | None = None
        self.committed = False

    def __enter__(self) -> "Update":
        return self

    def keep(self, rel: str) -> None:
        """An unchanged file is left where it is; it must still be there."""
        if not os.path.lexists(self._old + rel):
            raise FileNotFoundError(self._old + rel)

    def _save(self, target: str) -> str | None:
        if not os.path.lexists(target):
            return None
        saved = os.path.join(self.undo, str(len(self.journal)))
        os.link(target, saved)
        return saved

    def write(self, rel: str, data: bytes) -> None:
        target = self._old + rel
        folder = os.path.dirname(target)
        if not os.path.isdir(folder):
            os.makedirs(folder)
            self.folders.append(folder)
        saved = self._save(target)
        self.pending = target + ".explainer-tmp"
        write_file(self.pending, data)
        self.journal.append((target, saved))
        os.replace(self.pending, target)
        self.pending = None

    def remove(self, rel: str) -> None:
        target = self._old + rel
        saved = self._save(target)
        if saved is not None:
            self.journal.append((target, saved))
            os.unlink(target)

    def commit(self) -> None:
        self.committed = True

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            if self.pending is not None and os.path.lexists(self.pending):
                os.unlink(self.pending)
            for target, saved in reversed(self.journal):
                if saved is None:
                    if os.path.lexists(target):  # the failure may have come before it was made
                        os.unlink(target)
                else:
                    os.replace(saved, target)
            for folder in reversed(self.folders):
                shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(self.undo, ignore_errors=True)


def write_file(path: str, data: bytes) -> None:
    """Every file the build writes goes through here (tests stop builds at this seam)."""
    with open(path, "wb") as f:
        f.write(data)
