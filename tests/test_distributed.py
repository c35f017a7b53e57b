"""Distributed mode end to end: real `scrapy crawl news` workers sharing one frontier on a real redis-server.

Each test starts its own redis-server (tests/servers.py) on a free loopback
port with a temporary folder, and the mock site (tests/test_news_crawl.py);
workers are separate processes, as they would be on separate machines, each
with its own working folder (no local state).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import SCRAPY, run_scrapy
from tests.servers import RedisServer
from tests.test_crash_safety import _articles_served, _kill_after, _records, _slow_articles
from tests.test_news_crawl import EXPECTED, FAST, Site, edit_article, paths, site, stat  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

QUIET = ("-s", "NEWSCRAWL_IDLE_CLOSE_SECONDS=2")


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis") as server:
        yield server


def _worker_args(mock: Site, redis_url: str, out: Path, *extra: str) -> list[str]:
    return ["crawl", "news", "-a", "site=mock", "-O", str(out), *FAST, *QUIET,
            "-s", f"NEWSCRAWL_SEEDS_DIR={mock.seeds}", "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "NEWSCRAWL_STATE_BATCH=2", *extra]


# `scrapy` in a process that reports another host name: a worker "on another machine" as far as runs go.
_ON_HOST = """import socket, sys
socket.gethostname = lambda: {host!r}
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[1:]])
"""


def _start(mock: Site, redis_url: str, out: Path, work: Path, *extra: str,
           host: str | None = None) -> subprocess.Popen[bytes]:
    """A worker in its own working folder (on another host, if named), in the background; its log is `<out>.log`."""
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    log = out.with_suffix(".log").open("wb")
    command = [sys.executable, "-c", _ON_HOST.format(host=host)] if host else SCRAPY
    return subprocess.Popen([*command, *_worker_args(mock, redis_url, out, *extra)], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)


def _finish(proc: subprocess.Popen[bytes], out: Path, timeout: float = 180) -> str:
    assert proc.wait(timeout=timeout) == 0, out.with_suffix(".log").read_text(errors="replace")[-4000:]
    log = out.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-4000:]
    return log


def _crawl(mock: Site, redis_url: str, tmp: Path, name: str) -> tuple[list[dict], str]:
    """One worker run to its end, in a working folder of its own (another machine, as far as state goes)."""
    out = tmp / f"{name}.jsonl"
    log = _finish(_start(mock, redis_url, out, tmp / f"work-{name}"), out)
    return _records(out), log


def _assert_every_article_once(*outputs: list[dict]) -> None:
    union = [p for records in outputs for p in paths(records)]
    assert sorted(union) == sorted(EXPECTED["articles"]), "every article: none lost"
    assert len(union) == len(set(union)), "none twice"


def test_two_workers_at_once_emit_every_article_once(site: Site, cluster: RedisServer,  # noqa: F811
                                                     tmp_path: Path) -> None:
    _slow_articles(site, 0.2)
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    workers = [_start(site, cluster.url, out, tmp_path / f"work-{out.stem}") for out in outs]
    logs = [_finish(proc, out) for proc, out in zip(workers, outs, strict=True)]
    _assert_every_article_once(*(_records(out) for out in outs))
    articles = [p for p in site.paths_fetched() if p in EXPECTED["articles"]]
    flaky = EXPECTED["flaky"] if isinstance(EXPECTED["flaky"], list) else [EXPECTED["flaky"]]
    assert sorted(set(articles)) == sorted(EXPECTED["articles"])
    assert all(articles.count(p) == 1 for p in EXPECTED["articles"] if p not in flaky), \
        "the shared duplicate filter: each article page fetched by one worker only"
    assert all("Run summary:" in log for log in logs)
    assert not list(tmp_path.glob("work-*/state")), "no local state in distributed mode"
    client = redis.Redis.from_url(cluster.url)
    assert client.hlen("newscrawl:seen") >= len(EXPECTED["articles"])
    assert client.scard("newscrawl:runs") == 0 and not client.exists("news:dupefilter"), \
        "the last worker out of a drained frontier ends the crawl"


@pytest.mark.parametrize("together", [False, True], ids=["alone", "beside-another-worker"])
def test_kill_9_of_a_worker_then_a_restart_still_gives_every_article_once(
        site: Site, cluster: RedisServer, tmp_path: Path, together: bool) -> None:  # noqa: F811
    _slow_articles(site, 0.3)
    killed = tmp_path / "killed.jsonl"
    work = tmp_path / "work-a"
    victim = _start(site, cluster.url, killed, work)
    other = _start(site, cluster.url, tmp_path / "other.jsonl", tmp_path / "work-b") if together else None
    _kill_after(victim, site, 5)
    _slow_articles(site, 0)
    restarted = tmp_path / "restarted.jsonl"
    log = _finish(_start(site, cluster.url, restarted, work), restarted)
    outputs = [_records(killed), _records(restarted)]
    if other is not None:
        _finish(other, tmp_path / "other.jsonl")
        outputs.append(_records(tmp_path / "other.jsonl"))
    _assert_every_article_once(*outputs)
    if outputs[0] and not together:
        assert stat(log, "newscrawl/state/recovered"), "the killed run's lines were read back into the state"


def test_a_lost_machine_is_reconciled_after_its_lease_and_nothing_is_lost(
        site: Site, cluster: RedisServer, tmp_path: Path) -> None:  # noqa: F811
    """A worker of another machine dies (`kill -9`; its heartbeat stops, its files stay out of reach): after the
    lease a worker here puts its taken requests back and releases its claims, without its files. Every article
    comes out; only what the dead machine wrote and had not committed (one state batch) may come out twice."""
    _slow_articles(site, 0.3)
    lease = ("-s", "NEWSCRAWL_REDIS_LEASE=3")
    killed = tmp_path / "killed.jsonl"
    _kill_after(_start(site, cluster.url, killed, tmp_path / "work-a", *lease, host="machine-a"), site, 5)
    _slow_articles(site, 0)
    survivor = tmp_path / "survivor.jsonl"
    log = _finish(_start(site, cluster.url, survivor, tmp_path / "work-b", *lease,
                         "-s", "NEWSCRAWL_IDLE_CLOSE_SECONDS=8", host="machine-b"), survivor)
    dead, alive = paths(_records(killed)), paths(_records(survivor))
    assert sorted(set(dead) | set(alive)) == sorted(EXPECTED["articles"]), "every article: none lost"
    twice = set(dead) & set(alive)
    assert len(alive) == len(set(alive)) and len(twice) <= 2, f"at most one state batch twice: {sorted(twice)}"
    assert "Run 1 did not finish cleanly: 0 articles from its output files were read back" in log, \
        "the dead machine's files are not read here"
    assert "Run 1 ended:" in log and "put back" in log


def test_a_second_scheduled_run_on_another_worker_emits_only_new_or_changed_articles(
        site: Site, cluster: RedisServer, tmp_path: Path) -> None:  # noqa: F811
    first, _ = _crawl(site, cluster.url, tmp_path, "night1")
    _assert_every_article_once(first)
    changed = EXPECTED["articles"][0]
    html = (site.root / changed.lstrip("/")).read_text(encoding="utf-8")
    sentence = next(p.split("<")[0] for p in html.split("<p>")[1:] if len(p.split("<")[0]) > 40)
    edit_article(site, changed, sentence)
    second, log = _crawl(site, cluster.url, tmp_path, "night2")
    assert paths(second) == [changed], "only the changed article, emitted by a worker that never saw the first run"
    assert stat(log, "newscrawl/skipped/unchanged") > 0, "unchanged sitemap entries are not even fetched"


def test_pushed_start_entries_are_picked_up_by_an_idle_worker(site: Site, cluster: RedisServer,  # noqa: F811
                                                              tmp_path: Path) -> None:
    no_profiles = tmp_path / "no-seeds"
    no_profiles.mkdir()
    push = run_scrapy("frontier", "push", "--url", f"{site.base}/", "-s", f"NEWSCRAWL_REDIS_URL={cluster.url}")
    assert push.returncode == 0, push.stderr
    assert "Pushed 1 start entries to news:start_urls" in push.stdout
    out = tmp_path / "pushed.jsonl"
    # A worker that only names one unrelated host of its own: the work comes from the push.
    args = ["crawl", "news", "-a", "start=http://localhost:9/", "-O", str(out), *FAST, *QUIET,
            "-s", f"NEWSCRAWL_SEEDS_DIR={no_profiles}", "-s", f"NEWSCRAWL_REDIS_URL={cluster.url}"]
    proc = run_scrapy(*args)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Picked up 1 pushed start entries" in proc.stderr
    _assert_every_article_once(_records(out))
    status = run_scrapy("frontier", "status", "-s", f"NEWSCRAWL_REDIS_URL={cluster.url}")
    assert status.returncode == 0 and "unfinished runs: 0" in status.stdout, status.stdout + status.stderr


def test_without_a_redis_url_the_frontier_command_says_what_to_set() -> None:
    proc = run_scrapy("frontier", "status")
    assert proc.returncode == 2 and "NEWSCRAWL_REDIS_URL" in proc.stderr


def test_the_redis_state_alone_serves_scrapys_own_scheduler(site: Site, cluster: RedisServer,  # noqa: F811
                                                            tmp_path: Path) -> None:
    first, log = site.crawl(tmp_path, "one", "-a", "site=mock", "-s", f"NEWSCRAWL_STATE={cluster.url}")
    assert paths(first) == sorted(EXPECTED["articles"]) and "scheduler/enqueued/redis" not in log
    second, _ = site.crawl(tmp_path, "two", "-a", "site=mock", "-s", f"NEWSCRAWL_STATE={cluster.url}")
    assert second == [], "seen in Redis: nothing new"


def test_frontier_reset_empties_the_frontier_and_with_state_the_state(site: Site, cluster: RedisServer,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    _crawl(site, cluster.url, tmp_path, "first")
    client = redis.Redis.from_url(cluster.url)
    client.rpush("news:start_urls", '{"site": "mock"}')
    reset = run_scrapy("frontier", "reset", "-s", f"NEWSCRAWL_REDIS_URL={cluster.url}")
    assert reset.returncode == 0 and not client.exists("news:start_urls") and client.hlen("newscrawl:seen")
    reset = run_scrapy("frontier", "reset", "--state", "-s", f"NEWSCRAWL_REDIS_URL={cluster.url}")
    assert reset.returncode == 0 and not client.hlen("newscrawl:seen")
    again, _ = _crawl(site, cluster.url, tmp_path, "again")
    _assert_every_article_once(again)


def test_a_stopped_cluster_resumes_where_it_was(site: Site, cluster: RedisServer, tmp_path: Path) -> None:  # noqa: F811
    _slow_articles(site, 0.3)
    stopped = tmp_path / "stopped.jsonl"
    work = tmp_path / "work-a"
    worker = _start(site, cluster.url, stopped, work)
    deadline = time.monotonic() + 90
    while _articles_served(site) < 4:
        assert worker.poll() is None and time.monotonic() < deadline, "the crawl never reached the stop point"
        time.sleep(0.05)
    worker.send_signal(signal.SIGTERM)  # a graceful stop (systemd, Ctrl-C): Scrapy finishes what is in flight
    assert worker.wait(timeout=60) == 0
    client = redis.Redis.from_url(cluster.url)
    assert client.zcard("news:requests") > 0 and client.exists("news:dupefilter"), "the frontier persists"
    assert client.scard("newscrawl:runs") == 0, "the stopped run ended cleanly"
    _slow_articles(site, 0)
    resumed = tmp_path / "resumed.jsonl"
    log = _finish(_start(site, cluster.url, resumed, work), resumed)
    assert "Resuming crawl" in log
    _assert_every_article_once(_records(stopped), _records(resumed))
