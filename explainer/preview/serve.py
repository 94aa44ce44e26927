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

The drafts it serves are not public: it listens on 127.0.0.1 only, answers only
requests whose ``Host`` names that address (DNS rebinding), holds a thread only
for a connection that has sent its request, closes silent ones, never lists a
folder, and serves neither dotfiles nor the hosts' ``_headers``.
"""

from __future__ import annotations

import http.server
import os
import re
import selectors
import shutil
import socket
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import unquote_to_bytes

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

    def __init__(self, content: Path, shown: str, templates: Path = TEMPLATES):
        self.content, self.shown, self.templates = content, shown, templates
        self.watch = [content, templates]
        self.tmp = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
        self.site = self.tmp / "site"
        self.version = 0
        self.stop = threading.Event()

    def build(self) -> bool:
        """Rebuild; on success bump the version the open tabs poll. Problems go to stderr."""
        from ..pipeline import build_site

        started = time.perf_counter()
        try:
            result = build_site(self.content, self.site, self.shown, cache=self.tmp / "cache", parallel=False,
                                templates=self.templates)
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


MAX_WORKERS = 8
"""Threads that answer requests; a connection reaches one only once its request has arrived."""
MAX_WAITING = 64
"""Connections accepted but silent; past this, the oldest silent one is closed to make room."""
MAX_QUEUED = 64
"""Connections whose request has arrived, waiting for or held by a worker; past this, new ones are closed."""
TIMEOUT = 5.0
"""Seconds a connection may stay silent, before its request and between reads of it."""


class Refused(Exception):
    """A request the preview answers with an error status and no further work."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def site_path(raw: str) -> str:
    """The site-relative file a request path names, or ``Refused`` (400 or 404).

    Stricter than ``http.server``'s own translation, which lets NUL bytes and broken
    percent-encoding through to the file system (a traceback) and serves dotfiles:
    every segment is decoded as strict UTF-8, ``.``/``..`` and control characters are
    refused, and dotfiles and ``_headers`` (host configuration) are not part of the site.
    """
    path = raw.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or re.search(r"%(?![0-9A-Fa-f]{2})", path):
        raise Refused(400)
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400) from None
    segments = decoded.split("/")[1:]
    if any(ch < " " or ch == "\x7f" or ch == "\\" for ch in decoded) or any(s in (".", "..") for s in segments):
        raise Refused(400)
    if any(s.startswith(".") for s in segments) or segments[-1] == "_headers":
        raise Refused(404)
    return "/".join(segments)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the current build, plus the reload script and version endpoints.

    Only for a browser on this machine: a request must name the loopback address and
    port the server listens on in its ``Host``, or a page on any other site could,
    through DNS rebinding, read the unpublished drafts; it gets 421 and no content.
    """

    preview: LiveBuild
    file: str
    """The site-relative path of the request, checked by ``site_path``."""
    timeout = TIMEOUT

    def __init__(self, *args, preview: LiveBuild, **kwargs):  # type: ignore[no-untyped-def]
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        try:
            if len(hosts) != 1:
                raise Refused(400)
            if hosts[0].strip().lower() not in allowed_hosts(self.server.server_address[1]):
                raise Refused(421)
            self.file = site_path(self.path)
        except Refused as refused:
            self._refuse(refused.status)
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith(PREFIX):
            name = self.file.removeprefix(PREFIX.lstrip("/"))
            if name == "version":
                return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
            if name == "reload.js":
                return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
            return self.send_error(404)
        path = self.preview.site / self.file
        if not self.file or (self.file.endswith("/") and path.is_dir()):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            at = html.rfind(b"</body>")
            return self._send(html[:at] + TAG + html[at:] if at >= 0 else html + TAG, "text/html; charset=utf-8")
        return super().do_GET()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """A folder is its ``index.html`` or nothing: the preview never lists files."""
        self.send_error(404)

    def _refuse(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Keep the terminal for build problems, not one line per request."""


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host`` values that name this server: the loopback address, by number or name."""
    return frozenset(f"{host}:{port}" for host in ("127.0.0.1", "localhost", "[::1]"))


class BoundedServer(http.server.HTTPServer):
    """An HTTP server whose threads and open connections are bounded.

    ``ThreadingHTTPServer`` starts a thread per connection, and an idle connection
    holds its thread for ever: a few hundred silent sockets, a few hundred threads.
    Here silent connections wait in a selector, costing no thread, and are closed
    after ``TIMEOUT`` (or when ``MAX_WAITING`` newer ones arrive); only a connection
    whose request has arrived goes to one of ``MAX_WORKERS`` threads, whose socket
    reads time out too.
    """

    request_queue_size = MAX_WAITING
    """The listen backlog: a burst of connections waits in the kernel rather than retrying a second later."""

    def __init__(self, address: tuple[str, int], handler: Callable[..., Handler]):
        super().__init__(address, handler)
        self.pool = ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix="serve")
        self.queued = threading.BoundedSemaphore(MAX_QUEUED)

    def serve_until_interrupted(self) -> None:
        """Accept, wait for requests, hand them to the workers; runs until KeyboardInterrupt."""
        waiting: dict[socket.socket, float] = {}
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            try:
                while True:
                    for key, _ in selector.select(timeout=TIMEOUT / 4):
                        if key.fileobj is self.socket:
                            self._accept(selector, waiting)
                        else:
                            connection = key.fileobj
                            assert isinstance(connection, socket.socket)
                            selector.unregister(connection)
                            del waiting[connection]
                            self._dispatch(connection)
                    now = time.monotonic()
                    for connection in [c for c, since in waiting.items() if now - since > TIMEOUT]:
                        self._drop(selector, waiting, connection)
            finally:
                for connection in list(waiting):
                    self._drop(selector, waiting, connection)
                self.pool.shutdown(wait=False, cancel_futures=True)

    def _accept(self, selector: selectors.BaseSelector, waiting: dict[socket.socket, float]) -> None:
        try:
            connection, _ = self.socket.accept()
        except OSError:  # the client gave up between the wake-up and the accept
            return
        if len(waiting) >= MAX_WAITING:
            self._drop(selector, waiting, min(waiting, key=waiting.__getitem__))
        waiting[connection] = time.monotonic()
        selector.register(connection, selectors.EVENT_READ)

    def _drop(self, selector: selectors.BaseSelector, waiting: dict[socket.socket, float],
              connection: socket.socket) -> None:
        selector.unregister(connection)
        del waiting[connection]
        self.shutdown_request(connection)

    def _dispatch(self, connection: socket.socket) -> None:
        if not self.queued.acquire(blocking=False):
            self.shutdown_request(connection)
            return
        self.pool.submit(self._answer, connection)

    def _answer(self, connection: socket.socket) -> None:
        try:
            self.finish_request(connection, connection.getpeername())
        except OSError:  # the client went away mid-answer, or stayed silent past TIMEOUT
            pass
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the preview
            print(f"serve: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            self.shutdown_request(connection)
            self.queued.release()


def serve(content: Path, shown: str, port: int, templates: Path = TEMPLATES) -> int:
    """Serve on 127.0.0.1:``port`` (0 picks a free one), build, and rebuild on change until interrupted.

    The port is taken before the first build, so a busy one is said at once, in one line.
    """
    preview = LiveBuild(content, shown, templates)
    try:
        try:
            server = BoundedServer(("127.0.0.1", port), partial(Handler, preview=preview))
        except OSError as exc:
            print(f"error: cannot serve on 127.0.0.1:{port}: {exc.strerror or exc} "
                  "(hint: stop the program using it, or choose another with --port; --port 0 picks a free one)",
                  file=sys.stderr)
            return 2
        try:
            before = snapshot(preview.watch)
            if not preview.build():
                print("fix the problems above, then run serve again.", file=sys.stderr)
                return 1
            print(f"serving at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", file=sys.stderr,
                  flush=True)
            threading.Thread(target=preview.watch_forever, args=(before,), daemon=True).start()
            server.serve_until_interrupted()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.close()
    return 0
