"""``build.py serve``: builds, serves on 127.0.0.1, rebuilds on a content change, and the
reload script appears only in served pages, never in the files it built."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, write_site


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


class Server:
    """``build.py serve`` running in its own process on a free loopback port."""

    def __init__(self, content: Path):
        self.content = content
        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                         "--port", "0"], stderr=subprocess.PIPE, text=True)
        assert self.process.stderr is not None
        for line in self.process.stderr:
            match = re.search(r"serving at (http://127\.0\.0\.1:(\d+)/)", line)
            if match:
                self.base, self.port = match.group(1), int(match.group(2))
                return
        self.stop()
        pytest.fail("serve never started")

    def raw(self, request: bytes) -> tuple[int, bytes]:
        """Send ``request`` as it is and read the answer to the end: (status, body)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(request)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), body

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        host = f"127.0.0.1:{self.port}" if host is None else host
        return self.raw(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())

    def threads(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/task"))

    def stop(self) -> str:
        """Stop the server; returns what it printed after starting."""
        self.process.terminate()
        try:
            _, rest = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, rest = self.process.communicate(timeout=30)
        return rest


@pytest.fixture
def running(tmp_path: Path):
    server = Server(write_site(tmp_path / "content", {}))
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.fixture
def server(running: Server):
    yield running.base, running.content


@pytest.mark.slow
def test_serves_pages_with_reload_script_and_rebuilds_on_change(server) -> None:
    base, content = server
    page = _get(base + "en/weather.html")
    assert '<script src="/__preview/reload.js" defer></script></body>' in page
    assert "location.reload()" in _get(base + "__preview/reload.js")
    version = _get(base + "__preview/version")
    section = content / "sections" / "en" / "01-weather.md"
    section.write_text(section.read_text(encoding="utf-8").replace("title: The weather", "title: Fresh weather"),
                       encoding="utf-8")
    deadline = time.monotonic() + 60
    while _get(base + "__preview/version") == version:
        assert time.monotonic() < deadline, "no rebuild after the change"
        time.sleep(0.2)
    assert "Fresh weather" in _get(base + "en/weather.html")


@pytest.mark.slow
def test_a_broken_edit_keeps_the_last_good_build(server) -> None:
    base, content = server
    version = _get(base + "__preview/version")
    (content / "claims.yml").write_text("- id: [broken\n", encoding="utf-8")
    time.sleep(3)
    assert _get(base + "__preview/version") == version
    assert "The weather" in _get(base + "en/weather.html")


def test_built_sites_never_carry_the_reload_script(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content",
                             str(ROOT / "tests" / "sites" / "minimal"), "--out", str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "__preview" in p.read_text(encoding="utf-8")]


def test_a_file_saved_while_a_build_runs_is_rebuilt_after_it(tmp_path: Path) -> None:
    """The watcher compares against the files as they were when the build began, not when it ended."""
    import threading

    from explainer.preview.serve import LiveBuild, snapshot

    content = write_site(tmp_path / "content", {})
    preview = LiveBuild(content, str(content))
    before = snapshot(preview.watch)
    assert preview.build() and preview.version == 1
    section = content / "sections" / "en" / "01-weather.md"  # saved after the build read it, before the watcher started
    section.write_text(section.read_text(encoding="utf-8").replace("title: The weather", "title: Fresh weather"),
                       encoding="utf-8")
    watcher = threading.Thread(target=preview.watch_forever, args=(before, 0.05), daemon=True)
    watcher.start()
    deadline = time.monotonic() + 60
    while preview.version == 1:
        assert time.monotonic() < deadline, "the save during the build was never rebuilt"
        time.sleep(0.05)
    try:
        assert "Fresh weather" in (preview.site / "en" / "weather.html").read_text(encoding="utf-8")
    finally:
        preview.close()
        watcher.join(timeout=30)


@pytest.mark.slow
def test_only_requests_naming_this_loopback_server_are_answered(running: Server) -> None:
    """What DNS rebinding needs is a page on another name reaching this port: it gets 421 and nothing else."""
    port = running.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = running.get("/en/weather.html", host)
        assert (status, b"The weather" in body) == (200, True), host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", "127.0.0.1",
                 f"localhost.attacker.example:{port}", f"127.0.0.2:{port}"):
        assert running.get("/en/weather.html", host) == (421, b""), host
        assert running.get("/__preview/version", host) == (421, b""), host
    assert running.raw(b"GET /en/weather.html HTTP/1.0\r\n\r\n") == (400, b"")
    two_hosts = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: attacker.example\r\n\r\n".encode()
    assert running.raw(two_hosts) == (400, b"")


@pytest.mark.slow
def test_a_folder_is_its_index_page_or_404_never_a_listing(running: Server) -> None:
    status, body = running.get("/en/")
    assert status == 200 and b"<html" in body and b"/__preview/reload.js" in body
    status, body = running.get("/")
    assert status == 200 and b"language-choice" in body
    for folder in ("/assets/", "/search/"):
        status, body = running.get(folder)
        assert status == 404 and b"site.css" not in body, folder
    assert running.get("/en")[0] == 301


@pytest.mark.slow
def test_bad_paths_get_a_clean_400_and_no_traceback(running: Server) -> None:
    for path in ("/en/%00.html", "/%00", "/en/%zz", "/en/%e", "/%ff%fe", "/en/../en/index.html",
                 "/en/%2e%2e/en/index.html", "/.", "/en/./index.html", "/en\\index.html",
                 "en/index.html"):
        status, _ = running.get(path)
        assert status == 400, path
    assert running.get("/en/weather.html")[0] == 200
    assert "Traceback" not in running.stop()


@pytest.mark.slow
def test_dotfiles_and_host_configuration_are_not_served(running: Server) -> None:
    """The output-folder marker and ``_headers`` are in the built folder, but no page of the site."""
    for path in ("/.explainer-site", "/_headers", "/%2eexplainer-site", "/%5fheaders", "/en/.hidden"):
        assert running.get(path)[0] == 404, path
    assert running.get("/robots.txt")[0] == 200


@pytest.mark.slow
def test_idle_connections_hold_no_thread_and_are_closed(running: Server) -> None:
    idle = [socket.create_connection(("127.0.0.1", running.port), timeout=60) for _ in range(50)]
    try:
        status, body = running.get("/en/weather.html")
        assert status == 200 and b"The weather" in body
        assert running.threads() <= 16, "a thread per connection"  # a few workers, the main thread, the watcher
        for connection in idle:
            assert connection.recv(1) == b"", "an idle connection was never closed"
    finally:
        for connection in idle:
            connection.close()
    assert running.get("/en/weather.html")[0] == 200


@pytest.mark.slow
def test_many_silent_connections_do_not_lock_out_a_real_request(running: Server) -> None:
    """Past the bound on waiting connections the oldest silent ones are closed, not the newcomer;
    and the server is not left with a thread or a file per silent connection."""
    idle = [socket.create_connection(("127.0.0.1", running.port), timeout=60) for _ in range(300)]
    try:
        status, body = running.get("/en/weather.html")
        assert status == 200 and b"The weather" in body
        assert running.threads() <= 16
        assert len(os.listdir(f"/proc/{running.process.pid}/fd")) < 150
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.slow
def test_a_busy_port_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", {})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                 "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}: ")
    assert "--port" in result.stderr
