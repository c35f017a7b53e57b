"""Extraction in worker processes (newscrawl/workers.py): same records as inline, bounded, and a dead worker
is replaced with its pages counted, never lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.arguments import ArgumentError
from newscrawl.workers import usable_cpus, worker_count
from tests.conftest import ROOT, run_scrapy


@pytest.mark.parametrize(("value", "expected"), [(None, usable_cpus()), ("", usable_cpus()), ("0", 0), (3, 3)])
def test_worker_count(value: object, expected: int) -> None:
    assert worker_count(Settings({"NEWSCRAWL_WORKERS": value})) == expected


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_worker_count_is_refused_with_its_name(value: str) -> None:
    with pytest.raises(ArgumentError, match="NEWSCRAWL_WORKERS"):
        worker_count(Settings({"NEWSCRAWL_WORKERS": value}))


def _replay(tmp_path: Path, name: str, workers: int) -> tuple[list[dict[str, object]], str]:
    out = tmp_path / f"{name}.jsonl"
    proc = run_scrapy("crawl", "replay", "-a", "path=fixtures", "-O", str(out), "-s", f"NEWSCRAWL_WORKERS={workers}",
                      "-s", f"NEWSCRAWL_STATE={tmp_path / name}.sqlite", "-L", "INFO")
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], proc.stderr


@pytest.mark.e2e
def test_records_from_worker_processes_equal_inline_records(tmp_path: Path) -> None:
    inline, _ = _replay(tmp_path, "inline", 0)
    pooled, log = _replay(tmp_path, "pooled", 2)
    assert len(inline) >= 20
    assert "Extraction runs in 2 worker processes" in log
    key = lambda r: str(r["url"])  # noqa: E731
    assert sorted(pooled, key=key) == sorted(inline, key=key), "same records, whatever the order"


def _probe(tmp_path: Path, workers: int, backlog: int, urls: list[str]) -> dict[str, object]:
    env = {**os.environ, "PROBE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "tests.workers_probe", str(workers), str(backlog), *urls],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_pool_holds_at_most_the_backlog_and_uses_every_worker(tmp_path: Path) -> None:
    result = _probe(tmp_path, 2, 3, [f"https://e.in/{i}" for i in range(12)])
    outcomes = result["outcomes"]
    assert isinstance(outcomes, list) and len(outcomes) == 12
    assert all(reason == "non_article/probe" for reason, _ in outcomes)
    assert 1 <= int(result["peak_in_flight"]) <= 3  # type: ignore[call-overload]
    assert len({pid for _, pid in outcomes}) == 2, "both workers took pages"


def test_a_dead_worker_is_replaced_and_its_pages_tried_once_more(tmp_path: Path) -> None:
    urls = ["https://e.in/a", "https://e.in/die-once", "https://e.in/b", "https://e.in/die-always", "https://e.in/c"]
    outcomes = _probe(tmp_path, 2, 8, urls)["outcomes"]
    assert isinstance(outcomes, list)
    reasons = dict(zip(urls, (reason for reason, _ in outcomes), strict=True))
    assert reasons["https://e.in/die-once"] == "non_article/probe", "tried again in a new pool"
    assert reasons["https://e.in/die-always"] == "failed/worker", "counted, never lost"
    assert {reasons[u] for u in ("https://e.in/a", "https://e.in/b", "https://e.in/c")} == {"non_article/probe"}


def test_workers_exit_when_the_crawl_is_killed(tmp_path: Path) -> None:
    """kill -9 of a crawl leaves no worker behind (a cron timeout would otherwise pile them up)."""
    import signal
    import time

    probe = subprocess.Popen([sys.executable, "-m", "tests.workers_probe", "orphan"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert probe.stdout is not None
    pids = json.loads(probe.stdout.readline())
    assert len(pids) >= 2 and all(_alive(pid) for pid in pids)
    probe.send_signal(signal.SIGKILL)
    probe.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids), "worker processes outlived the killed crawl"


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
