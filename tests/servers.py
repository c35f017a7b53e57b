"""Real servers for the distributed tests: redis-server and scrapyd, each on a free loopback port.

Each runs as a subprocess with its own temporary folder and is stopped (and
reaped) when the ``with`` block ends. A missing binary fails the test with a
clear message instead of skipping it: CI installs them (.ci/run), and a suite
that quietly skips the cluster tests would prove nothing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

import pytest

STARTUP_TIMEOUT = 20.0


def free_port() -> int:
    """A loopback port nobody listens on right now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class RedisServer:
    """`redis-server` on 127.0.0.1:<free port>, no persistence, its files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed: the distributed tests need the Debian package "
                        "(apt-get install redis-server; .ci/run installs it)", pytrace=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                _stop(self.proc)
                log = (self.folder / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"redis-server did not start on port {self.port}: {log}")
            time.sleep(0.05)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        _stop(self.proc)


class Scrapyd:
    """`scrapyd` (the one installed with the test extra) on 127.0.0.1:<free port>, state in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Scrapyd:
        binary = Path(sys.executable).with_name("scrapyd")
        if not binary.exists():
            pytest.fail("scrapyd is not installed in this virtualenv: pip install -e '.[test]'", pytrace=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        (self.folder / "scrapyd.conf").write_text(f"""[scrapyd]
bind_address = 127.0.0.1
http_port = {self.port}
eggs_dir = {self.folder / 'eggs'}
logs_dir = {self.folder / 'logs'}
items_dir = {self.folder / 'items'}
dbs_dir = {self.folder / 'dbs'}
jobs_to_keep = 5
max_proc = 2
poll_interval = 0.5
""", encoding="utf-8")
        self.log = (self.folder / "scrapyd.out").open("wb")
        self.proc = subprocess.Popen([str(binary)], cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/daemonstatus.json", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                _stop(self.proc)
                raise RuntimeError("scrapyd did not start: "
                                   + (self.folder / "scrapyd.out").read_text(errors="replace")[-3000:])
            time.sleep(0.1)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        _stop(self.proc)
        self.log.close()
