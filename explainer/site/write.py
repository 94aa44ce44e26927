"""Write the site so that a failed or killed build never leaves half of one.

Two ways, one promise — any failure (an exception, SIGINT, SIGTERM, a full disk)
leaves the previous site exactly as it was, and a build killed outright (``kill -9``,
a power cut) leaves either the old site or the new one once the next build has
started (``recover``):

* ``Staging`` (a whole build): files go into a fresh directory beside the output,
  which is swapped in for the old one once complete, by one rename.
* ``Update`` (a rebuild that changes a few files): the new versions go into a work
  folder beside the output; at ``commit`` a journal listing every change is made
  durable, then each file is moved into place. A build killed before the journal
  exists changed nothing; one killed after it is finished by the next build.

Before anything is published, its bytes are on disk (``fsync``), so a power cut
cannot publish empty files. Files the user keeps in the output folder (``CNAME``,
``.nojekyll``, ``.git/``: anything at its top that this tool did not write) are
carried over by every build; the marker lists what this tool wrote, to tell them
apart.

An output folder that is a mount point cannot be renamed, so its work folders go
inside it and a whole build is published like an update: file by file, journalled.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

MARKER = ".explainer-site"
"""Marks a directory this tool wrote, so it never replaces anything else; lists the files it wrote, one a line."""
JOURNAL = "journal"
"""In a work folder: the changes to publish, present only once complete and on disk."""


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


def work_folder(out: Path, kind: str) -> Path:
    """A new, empty work folder of ``kind`` (new, undo, index) on the output's file system.

    Beside the output, named ``.NAME.KIND-*``; inside it when it is a mount point,
    which no rename can replace or reach from outside.
    """
    out = out.absolute()
    home = out if is_mount_point(out) else out.parent
    home.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=home))


def is_mount_point(path: Path) -> bool:
    """Whether ``path`` is a mount point, bind mounts within one file system included (which
    ``os.path.ismount`` cannot see: same device as the parent); renaming one fails with EBUSY."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo", "rb") as f:
            points = {line.split()[4] for line in f}
    except OSError:
        return False
    escaped = os.fsencode(os.path.realpath(path))
    for char in b"\\ \t\n":  # mountinfo writes these as octal escapes
        escaped = escaped.replace(bytes([char]), b"\\%03o" % char)
    return escaped in points


def _work_folders(out: Path) -> list[Path]:
    """This output's work folders left by earlier builds: ours by name, beside it (or inside a mount point)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(new|old|undo|index)-[A-Za-z0-9_]{{8}}\Z")
    found = []
    for home in (out.parent, out):
        try:
            found += [home / name for name in sorted(os.listdir(home)) if pattern.match(name)]
        except OSError:
            continue
    return found


def recover(out: Path) -> None:
    """Finish or undo what a killed build left, then remove its work folders (run before anything else).

    A journal is complete and on disk, so its changes are finished; a work folder
    without one published nothing and goes. A whole build killed between its two
    renames left no output and the old site in ``.NAME.old-*/site``: it goes back.
    """
    out = out.absolute()
    for folder in _work_folders(out):
        if (folder / JOURNAL).exists():
            _apply(out, folder, _read_journal(folder / JOURNAL))
        kept = folder / "site"
        if folder.name.startswith(f".{out.name}.old-") and kept.is_dir() and not os.path.lexists(out):
            os.replace(kept, out)
            _fsync(out.parent)
        shutil.rmtree(folder, ignore_errors=True)


def listed(out: Path) -> set[str] | None:
    """The files the marker says this tool wrote into ``out``; None when unknown (no marker, or an old one)."""
    try:
        names = (out / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return set(names) or None


def _foreign(out: Path, ours: set[str]) -> list[str]:
    """Top-level entries of ``out`` that this tool did not write (``ours``: what it wrote or writes now)."""
    tops = {rel.split("/", 1)[0] for rel in ours} | {MARKER}
    try:
        names = sorted(os.listdir(out))
    except OSError:
        return []
    work = {folder.name for folder in _work_folders(out) if folder.parent == out}
    return [name for name in names if name not in tops and name not in work]


def _carry(source: Path, target: Path) -> None:
    """Copy the tree ``source`` to ``target``, its files as hard links (copies where links are not possible)."""
    if source.is_symlink() or not source.is_dir():
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        return
    target.mkdir()
    shutil.copystat(source, target)
    for child in sorted(os.listdir(source)):
        _carry(source / child, target / child)


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
        self.mounted = is_mount_point(self.out)
        self.dir = work_folder(self.out, "new")
        self._old, self._new = str(self.out) + os.sep, str(self.dir) + os.sep  # plain strings: 10,000 files at N=500
        self.made: set[str] = set()
        self.kept: set[str] = set()
        """Files linked from the old site: writing one must not write through the link into the old site."""

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
        target = self._target(rel)
        if rel in self.kept:
            os.unlink(target)
            self.kept.discard(rel)
        write_file(target, data)

    def remove(self, rel: str) -> None:
        """Nothing to do: the new directory only has what was written or kept."""

    def keep(self, rel: str, seen: bool = False) -> None:
        """Carry ``rel`` over unchanged from the old site (once; ``FileNotFoundError`` if it is gone, ``seen`` or not)."""
        target = self._target(rel)
        if rel in self.kept:
            return
        try:
            os.link(self._old + rel, target)
        except FileNotFoundError:
            raise
        except OSError:
            shutil.copy2(self._old + rel, target)
        self.kept.add(rel)

    def commit(self, files: list[str]) -> None:
        """Publish the new site, whose files are ``files``, with the user's own files of the old one."""
        previous = listed(self.out)
        _write_marker(self.dir / MARKER, files)
        if self.mounted:
            ops = [("put", rel, rel) for rel in [*files, MARKER]]
            ops += [("del", rel, "") for rel in sorted((previous or set()) - set(files))]
            _sync(self.dir)
            _publish(self.out, self.dir, ops)
            return
        if previous is not None:  # an old marker lists nothing: then nothing is known to be the user's
            for name in _foreign(self.out, previous | set(files)):
                _carry(self.out / name, self.dir / name)
        os.chmod(self.dir, 0o755)
        _sync(self.dir)
        old: Path | None = None
        try:
            if self.out.exists():
                old = work_folder(self.out, "old")
                os.replace(self.out, old / "site")
            os.replace(self.dir, self.out)
            _fsync(self.out.parent)
        except BaseException:
            if old is not None and not self.out.exists():
                os.replace(old / "site", self.out)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)


class Update:
    """Change the files of an existing site in place, through a journal (see the module's docstring)."""

    def __init__(self, out: Path):
        self.out = out.absolute()
        self._old = str(self.out) + os.sep
        self.work = work_folder(self.out, "undo")
        self.ops: list[tuple[str, str, str]] = []
        """("put", file, its new version's name in the work folder) or ("del", file, ""), in order."""

    def __enter__(self) -> "Update":
        return self

    def keep(self, rel: str, seen: bool = False) -> None:
        """An unchanged file is left where it is; it must still be there (``seen``: the caller has just
        checked, as ``Plan.holds`` does for every kept page: 15,000 checks fewer in a big site's rebuild)."""
        if not seen and not os.path.lexists(self._old + rel):
            raise FileNotFoundError(self._old + rel)

    def write(self, rel: str, data: bytes) -> None:
        """Stage ``data`` for ``rel``, unless the site holds those very bytes already.

        A one-word edit re-merges a search chunk into some 120 files of which a few differ;
        reading the others costs less than staging, syncing and renaming them.
        """
        try:
            with open(self._old + rel, "rb") as f:
                if f.read(len(data) + 1) == data:
                    return
        except OSError:
            pass
        staged = str(len(self.ops))
        write_file(os.path.join(self.work, staged), data)
        self.ops.append(("put", rel, staged))

    def remove(self, rel: str) -> None:
        if os.path.lexists(self._old + rel):
            self.ops.append(("del", rel, ""))

    def commit(self, files: list[str]) -> None:
        """Publish every change; ``files`` are all the files of the site once it is done."""
        _write_marker(self.work / MARKER, files)
        self.ops.append(("put", MARKER, MARKER))
        for _, rel, staged in self.ops:
            if staged:
                _fsync(self.work / staged)
                (self.out / rel).parent.mkdir(parents=True, exist_ok=True)  # a full disk fails here, not midway
        _publish(self.out, self.work, self.ops)

    def __exit__(self, *exc: object) -> None:
        if not (self.work / JOURNAL).exists():  # else publishing failed midway: the next build finishes it
            shutil.rmtree(self.work, ignore_errors=True)


def _publish(out: Path, work: Path, ops: list[tuple[str, str, str]]) -> None:
    """Make the journal of ``ops`` durable, then apply it; the work folder's files must be on disk already."""
    draft = work / (JOURNAL + ".draft")
    with open(draft, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(op) + "\n" for op in ops)
        f.flush()
        os.fsync(f.fileno())
    os.replace(draft, work / JOURNAL)
    _fsync(work)
    _apply(out, work, ops)
    os.unlink(work / JOURNAL)


def _read_journal(path: Path) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8") as f:
        return [tuple(json.loads(line)) for line in f]  # type: ignore[misc]


def _apply(out: Path, work: Path, ops: list[tuple[str, str, str]]) -> None:
    """Carry out a journal; again after a kill, it skips what was done (a moved file is no longer in ``work``)."""
    folders = set()
    for op, rel, staged in ops:
        target = out / rel
        if op == "put":
            source = work / staged
            if not os.path.lexists(source):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        else:
            target.unlink(missing_ok=True)
        folders.add(target.parent)
    for folder in sorted(folders):
        _fsync(folder)


def _write_marker(path: Path, files: list[str]) -> None:
    path.write_text("".join(rel + "\n" for rel in sorted(files)), encoding="utf-8")


def _fsync(path: Path | str) -> None:
    """Put a file's bytes, or a folder's entries, on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync(folder: Path) -> None:
    """Put everything written under ``folder`` on disk: one ``syncfs`` of its file system on Linux, which
    costs far less than an ``fsync`` per file of a big site written by several processes."""
    if sys.platform.startswith("linux"):
        fd = os.open(folder, os.O_RDONLY)
        try:
            if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    os.sync()


def write_file(path: str, data: bytes) -> None:
    """Every file the build writes goes through here (tests stop builds at this seam)."""
    with open(path, "wb") as f:
        f.write(data)
