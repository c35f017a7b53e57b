"""Scheduling with Scrapyd: the project deployed to a real scrapyd on loopback, `news` scheduled over its HTTP API.

The egg is built the way `scrapyd-deploy` builds it (`--build-egg`, through
setup.py and pyproject.toml), uploaded with addversion.json, the job started
with schedule.json and watched with listjobs.json until it finishes; its items
are Scrapyd's JSONL file in items_dir.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.servers import Scrapyd
from tests.test_news_crawl import EXPECTED, Site, paths, site  # noqa: F401  (site is a fixture)

pytestmark = pytest.mark.e2e


def _post(url: str, fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes]] | None = None) -> Any:
    """POST a form (multipart when there are files), as curl -F does; the JSON answer."""
    if files:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields]
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    else:
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=60) as answer:
        return json.loads(answer.read())


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def _build_egg(target: Path) -> bytes:
    proc = subprocess.run([str(Path(sys.executable).with_name("scrapyd-deploy")), f"--build-egg={target}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and target.is_file(), proc.stdout + proc.stderr
    return target.read_bytes()


def test_deploy_schedule_and_collect_items_on_a_real_scrapyd(site: Site, tmp_path: Path) -> None:  # noqa: F811
    egg = _build_egg(tmp_path / "newscrawl.egg")
    with Scrapyd(tmp_path / "scrapyd") as scrapyd:
        added = _post(f"{scrapyd.url}/addversion.json", [("project", "newscrawl"), ("version", "r1")],
                      {"egg": ("newscrawl.egg", egg)})
        assert added["status"] == "ok" and added["spiders"] >= 2, added
        settings = [f"NEWSCRAWL_SEEDS_DIR={site.seeds}", f"NEWSCRAWL_STATE={tmp_path / 'state.sqlite'}",
                    "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.01"]
        job = _post(f"{scrapyd.url}/schedule.json", [("project", "newscrawl"), ("spider", "news"),
                                                      ("site", "mock"), *(("setting", s) for s in settings)])
        assert job["status"] == "ok", job
        job_id = job["jobid"]
        deadline = time.monotonic() + 180
        while True:
            jobs = _get(f"{scrapyd.url}/listjobs.json?project=newscrawl")
            finished = [j for j in jobs["finished"] if j["id"] == job_id]
            if finished:
                break
            assert any(j["id"] == job_id for j in jobs["pending"] + jobs["running"]), jobs
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.5)
        items = tmp_path / "scrapyd" / "items" / "newscrawl" / "news" / f"{job_id}.jl"
        log = tmp_path / "scrapyd" / "logs" / "newscrawl" / "news" / f"{job_id}.log"
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else "(no log)"
        assert items.is_file(), text[-4000:]
        records = [json.loads(line) for line in items.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert paths(records) == sorted(EXPECTED["articles"]), text[-4000:]
        assert "exit status 0" in text and "Traceback" not in text
        assert "\\u09" not in items.read_text(encoding="utf-8"), "Devanagari unescaped, as in every feed"
