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
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

STARTUP_TIMEOUT = 20.0


def free_port() -> int:
    """A loopback port nobody listens on right now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LoopbackServer:
    """A server subprocess on 127.0.0.1:<free port> with its files in ``folder``; stopped when the block ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    def _launch(self, args: list[str], ready: Callable[[], bool], output: Path, **popen: Any) -> None:
        """Start ``args`` on a fresh free port and wait until ``ready()``; the output file says why it did not."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with output.open("wb") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, **popen)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{Path(args[0]).name} did not start on port {self.port}: "
                                   + output.read_text(errors="replace")[-3000:])
            time.sleep(0.05)

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


class RedisServer(LoopbackServer):
    """`redis-server` on a free loopback port, no persistence, its files in ``folder``."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed: the distributed tests need the Debian package "
                        "(apt-get install redis-server; .ci/run installs it)", pytrace=False)
        self.port = free_port()
        self._launch([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
                      "--save", "", "--appendonly", "no"], self._answers, self.folder / "redis.log")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Scrapyd(LoopbackServer):
    """`scrapyd` (the one installed with the test extra) on a free loopback port, its state in ``folder``."""

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
        self._launch([str(binary)], self._answers, self.folder / "scrapyd.out", cwd=self.folder)
        return self

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/daemonstatus.json", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False
