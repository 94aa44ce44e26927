"""``build.py serve``: a local preview that rebuilds on save and reloads the open tab.

The preview builds into a temporary directory, never into ``site/``, with the very
same pipeline as ``build``. A watcher polls the modification times of every file
under the content and template folders (no dependency, works on every filesystem)
and rebuilds when one changes. A failed rebuild prints its problems and keeps
serving the last good build, as ``build`` keeps the last good ``site/``.

Reloading: every HTML response gets one ``<script src="/__preview/reload.js">``
before ``</body>``. The script is a same-origin file, so the pages' Content-Security-
Policy (``script-src 'self'``) allows it; it polls ``/__preview/version`` and reloads
when the number changes. It exists only in this server's responses: the files on
disk, like every built site, carry no trace of it.
"""

from __future__ import annotations

import http.server
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from ..errors import ContentError
from ..site.render import TEMPLATES
from ..site.write import OutputError

PREFIX = "/__preview/"
RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__preview/version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""
TAG = b'<script src="/__preview/reload.js" defer></script>'


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under ``folders`` with its modification time and size; any difference means a change."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                stat = path.stat()
            except OSError:  # deleted between listing and stat: the next poll sees it gone
                continue
            if path.is_file():
                seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen


class LiveBuild:
    """Owns the preview build: its output folder, its version number, its watcher."""

    def __init__(self, content: Path, shown: str, watch: list[Path]):
        self.content, self.shown, self.watch = content, shown, watch
        self.tmp = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
        self.site = self.tmp / "site"
        self.version = 0
        self.stop = threading.Event()

    def build(self) -> bool:
        """Rebuild; on success bump the version the open tabs poll. Problems go to stderr."""
        from ..pipeline import build_site

        started = time.perf_counter()
        try:
            result = build_site(self.content, self.site, self.shown, cache=self.tmp / "cache", parallel=False)
        except ContentError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"{len(exc.problems)} problems found; still serving the last good build.", file=sys.stderr)
            return False
        except (OutputError, OSError) as exc:
            print(f"error: {exc}; still serving the last good build.", file=sys.stderr)
            return False
        for problem in result.warnings:
            print(problem, file=sys.stderr)
        self.version += 1
        rendered = sum(1 for path in result.written if path.endswith(".html"))
        print(f"built in {time.perf_counter() - started:.2f} s ({rendered} pages rendered)", file=sys.stderr)
        return True

    def watch_forever(self, before: dict[str, tuple[int, int]], interval: float = 0.3) -> None:
        """Rebuild whenever the files differ from ``before``, the snapshot taken before the last build
        began, so a file saved during a build (the first one can take a while) still gets rebuilt."""
        while not self.stop.wait(interval):
            now = snapshot(self.watch)
            if now != before:
                before = now
                self.build()

    def close(self) -> None:
        self.stop.set()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the current build, plus the reload script and version endpoints."""

    preview: LiveBuild

    def __init__(self, *args, preview: LiveBuild, **kwargs):  # type: ignore[no-untyped-def]
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith(PREFIX):
            name = self.path[len(PREFIX):].split("?")[0]
            if name == "version":
                return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
            if name == "reload.js":
                return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
            return self.send_error(404)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            at = html.rfind(b"</body>")
            return self._send(html[:at] + TAG + html[at:] if at >= 0 else html + TAG, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Keep the terminal for build problems, not one line per request."""


def serve(content: Path, shown: str, port: int, templates: Path = TEMPLATES) -> int:
    """Build, serve on 127.0.0.1:``port`` (0 picks a free one) and rebuild on change until interrupted."""
    preview = LiveBuild(content, shown, [content, templates])
    try:
        before = snapshot(preview.watch)
        if not preview.build():
            print("fix the problems above, then run serve again.", file=sys.stderr)
            return 1
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, preview=preview))
        print(f"serving at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
        threading.Thread(target=preview.watch_forever, args=(before,), daemon=True).start()
        try:
            server.serve_forever()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.close()
    return 0
