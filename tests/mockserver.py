"""A local mock news site for end-to-end crawls of the real `scrapy crawl` command.

Modelled on Scrapy's own test mock server: a subprocess binds 127.0.0.1 on a
free port, prints its base URL as the first line of stdout and serves until
killed. Run it as ``python -m tests.mockserver --root DIR [--log FILE]`` from
the project root, or use :class:`MockServer` in a test.

Behaviour a crawler must cope with is data, not code:

* files under ``--root`` are served as they are on disk at request time, so a
  test can copy the site and edit it between crawls;
* ``{{BASE}}`` in text files becomes the server's base URL, so sitemaps, feeds
  and canonical links can be absolute although the port changes every run;
* ``DIR/_routes.json`` adds redirects, fixed status codes and flaky pages
  (see :func:`load_routes`);
* ``--log FILE`` appends ``METHOD PATH STATUS`` per request, so a test can
  prove what the crawler did and did not fetch.

Standard library only: the server must start without the project installed.
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import socket
import struct
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

__all__ = ["BASE_PLACEHOLDER", "MockServer", "Request", "load_routes", "main", "read_log"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BASE_PLACEHOLDER = b"{{BASE}}"
ROUTES_FILE = "_routes.json"
#: Files in the site folder that document the site and must not be part of it.
HIDDEN_NAMES = frozenset({ROUTES_FILE, "EXPECTED.md", "expected.json"})
TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".txt", ".json", ".rss", ".atom"})
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".js": "application/javascript",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"
STARTUP_TIMEOUT = 20.0
SHUTDOWN_TIMEOUT = 10.0


class Routes(NamedTuple):
    """Special behaviour by URL path; query strings never take part in the lookup."""

    redirects: dict[str, tuple[str, int]]
    status: dict[str, int]
    flaky: dict[str, int]
    delay: dict[str, tuple[float, float]]  # path prefix → seconds to wait before answering (a range: uniform)
    throttle: dict[str, tuple[int, int, str | None]]  # path → (first N requests, status, Retry-After or None)
    cut: dict[str, tuple[str, int]]  # path → ("reset" | "truncate", bytes of the body sent before)


def load_routes(root: Path) -> Routes:
    """Read ``_routes.json`` afresh, so edits to a copied site apply to the next request.

    Format: ``{"redirects": {"/old": ["/new", 301]}, "status": {"/gone": 404},
    "flaky": {"/page": 1}, "delay": {"/tech/": 0.5, "/": [0.05, 0.2]}, "throttle": {"/p": [2, 429, "1"]},
    "cut": {"/p": ["reset", 200]}}``; flaky N answers the first N requests with 503; delay waits that many
    seconds (or a random time in a [low, high] range) before answering any path that starts with the
    prefix (the longest matching wait applies); throttle answers the first N requests
    with that status and Retry-After header (null: none); cut sends the full Content-Length but only the
    first bytes of the body, then resets the connection ("reset") or closes it cleanly ("truncate").
    A missing file means no special routes.
    """
    path = root / ROUTES_FILE
    if not path.is_file():
        return Routes({}, {}, {}, {}, {}, {})
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    redirects: dict[str, tuple[str, int]] = {}
    for source, target in (data.get("redirects") or {}).items():
        if isinstance(target, str):
            redirects[source] = (target, 301)
        else:
            redirects[source] = (str(target[0]), int(target[1]) if len(target) > 1 else 301)
    status = {p: int(code) for p, code in (data.get("status") or {}).items()}
    flaky = {p: int(n) for p, n in (data.get("flaky") or {}).items()}
    delay = {p: (float(n[0]), float(n[1])) if isinstance(n, list) else (float(n), float(n))
             for p, n in (data.get("delay") or {}).items()}
    throttle = {p: (int(v[0]), int(v[1]), None if v[2] is None else str(v[2]))
                for p, v in (data.get("throttle") or {}).items()}
    cut = {p: (str(v[0]), int(v[1])) for p, v in (data.get("cut") or {}).items()}
    return Routes(redirects, status, flaky, delay, throttle, cut)


class SiteServer(ThreadingHTTPServer):
    """The HTTP server plus the state its handlers share: root, base URL, log and flaky counters."""

    daemon_threads = True  # open keep-alive connections must not keep the process alive

    def __init__(self, root: Path, log_path: Path | None) -> None:
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.root = root.resolve()
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.log_file = log_path.open("a", encoding="utf-8") if log_path else None
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}

    def count(self, path: str) -> int:
        """How many requests for ``path`` came before this one (flaky pages fail the first N)."""
        with self.lock:
            seen = self.hits.get(path, 0)
            self.hits[path] = seen + 1
            return seen

    def record(self, method: str, target: str, status: int) -> None:
        """Append one log line and flush at once: the test reads the file while we run."""
        if self.log_file is None:
            return
        with self.lock:
            self.log_file.write(f"{method} {target} {status}\n")
            self.log_file.flush()

    def server_close(self) -> None:
        super().server_close()
        if self.log_file is not None:
            self.log_file.close()


class SiteHandler(BaseHTTPRequestHandler):
    """GET and HEAD for static files, with the special routes of ``_routes.json`` applied first."""

    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-mocksite/1.0"

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log; ``--log`` is the record tests rely on."""

    def _respond(self, *, head: bool) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        try:
            routes = load_routes(self.server.root)
        except (OSError, ValueError) as exc:  # a broken _routes.json should be loud, not a silent 404
            self._send(500, f"bad {ROUTES_FILE}: {exc}\n".encode(), "text/plain; charset=utf-8", head=head)
            return
        wait = max((random.uniform(*span) for prefix, span in routes.delay.items() if path.startswith(prefix)),
                   default=0.0)
        if wait > 0:
            time.sleep(min(wait, 30.0))  # a slow server; bounded so a test can never hang on it
        if path in routes.redirects:
            target, code = routes.redirects[path]
            self._send(code, b"", "text/plain; charset=utf-8", head=head,
                       headers={"Location": self._absolute(target)})
            return
        if path in routes.status:
            code = routes.status[path]
            self._send(code, _status_page(code), "text/html; charset=utf-8", head=head)
            return
        if path in routes.flaky and self.server.count(path) < routes.flaky[path]:
            self._send(503, _status_page(503), "text/html; charset=utf-8", head=head,
                       headers={"Retry-After": "0"})
            return
        if path in routes.throttle:
            times, code, retry_after = routes.throttle[path]
            if self.server.count(path) < times:
                extra = {"Retry-After": retry_after} if retry_after is not None else {}
                self._send(code, _status_page(code), "text/html; charset=utf-8", head=head, headers=extra)
                return
        self._serve_file(path, head=head, cut=routes.cut.get(path))

    def _serve_file(self, path: str, *, head: bool, cut: tuple[str, int] | None = None) -> None:
        file = self._resolve(path)
        if file is None:
            self._send(404, _status_page(404), "text/html; charset=utf-8", head=head)
            return
        if file.is_dir():  # "/tech" → "/tech/", as Apache and nginx do
            query = urlsplit(self.path).query
            location = self._absolute(path + "/" + (f"?{query}" if query else ""))
            self._send(301, b"", "text/plain; charset=utf-8", head=head, headers={"Location": location})
            return
        body = file.read_bytes()
        suffix = file.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            body = body.replace(BASE_PLACEHOLDER, self.server.base_url.encode("ascii"))
        self._send(200, body, CONTENT_TYPES.get(suffix, DEFAULT_CONTENT_TYPE), head=head, cut=cut)

    def _resolve(self, path: str) -> Path | None:
        """URL path → file under the root; ``None`` for anything missing, hidden or outside it."""
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or p.startswith("_") for p in parts):
            return None
        if len(parts) == 1 and parts[0] in HIDDEN_NAMES:
            return None
        root = self.server.root
        candidate = (root.joinpath(*parts)).resolve()
        if not candidate.is_relative_to(root):
            return None
        if path.endswith("/"):
            candidate = candidate / "index.html"
        if candidate.is_file() or (candidate.is_dir() and candidate != root):
            return candidate
        return None

    def _absolute(self, target: str) -> str:
        target = target.replace(BASE_PLACEHOLDER.decode(), self.server.base_url)
        if target.startswith(("http://", "https://")):
            return target
        return self.server.base_url + ("" if target.startswith("/") else "/") + target

    def _send(self, status: int, body: bytes, content_type: str, *, head: bool,
              headers: dict[str, str] | None = None, cut: tuple[str, int] | None = None) -> None:
        # Log first: a client that has the whole response may read the log at once.
        self.server.record(self.command, self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if head:
            return
        if cut is None:
            self.wfile.write(body)
            return
        how, sent = cut
        self.wfile.write(body[:sent])
        self.wfile.flush()
        if how == "reset":  # RST instead of FIN: the client sees a connection reset mid-body
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _status_page(code: int) -> bytes:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Status"
    title = f"{code} {phrase}"
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n".encode()


class Request(NamedTuple):
    """One line of the request log."""

    method: str
    target: str  # the request target as sent, query string included
    status: int

    @property
    def path(self) -> str:
        """The target without its query string: what decides which file was served."""
        return urlsplit(self.target).path


def read_log(log: Path) -> list[Request]:
    """Parse a ``--log`` file; a missing file means nothing was requested."""
    if not log.is_file():
        return []
    out = []
    for line in log.read_text(encoding="utf-8").splitlines():
        method, rest = line.split(" ", 1)
        target, status = rest.rsplit(" ", 1)
        out.append(Request(method, target, int(status)))
    return out


class MockServer:
    """Run the mock site in a subprocess for the duration of a ``with`` block.

    A subprocess, not a thread, because the crawl under test is itself a
    subprocess and the server must outlive nothing: leaving the block
    terminates it and waits for it.
    """

    def __init__(self, root: Path, log: Path | None = None) -> None:
        self.root = Path(root)
        self.log = Path(log) if log is not None else None
        self.url = ""
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> MockServer:
        cmd = [sys.executable, "-m", "tests.mockserver", "--root", str(self.root.resolve())]
        if self.log is not None:
            cmd += ["--log", str(self.log.resolve())]
        self.process = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.url = self._first_line(self.process)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def stop(self) -> None:
        """Terminate the server and reap it; kill it if it does not go quietly."""
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def requests(self) -> list[Request]:
        """The requests logged so far (needs ``log``)."""
        if self.log is None:
            raise RuntimeError("MockServer was started without a log file")
        return read_log(self.log)

    def _first_line(self, proc: subprocess.Popen[str]) -> str:
        """The base URL the server prints once it listens; a blocking read in a thread bounds the wait."""
        assert proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        stdout = proc.stdout
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=STARTUP_TIMEOUT).strip()
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"mock server printed no URL within {STARTUP_TIMEOUT}s") from None
        if not line.startswith("http://"):
            self.stop()
            raise RuntimeError(f"mock server failed to start (exit code {proc.returncode}, first line {line!r})")
        return line


def main(argv: list[str] | None = None) -> None:
    """Serve ``--root`` until killed; the first stdout line is the base URL."""
    parser = argparse.ArgumentParser(prog="python -m tests.mockserver", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="site folder to serve")
    parser.add_argument("--log", type=Path, help="append 'METHOD PATH STATUS' per request to this file")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"--root {args.root} is not a directory")
    server = SiteServer(args.root, args.log)
    print(server.base_url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
