"""`kill -9` mid-crawl, then a normal run: every article exactly once, every output line whole."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCRAPY
from tests.test_news_crawl import EXPECTED, FAST, Site, paths, site  # noqa: F401  (site is a fixture)

ARTICLE = re.compile(r"^/tech/[a-z0-9-]+-\d{6}\.html$")


def _slow_articles(mock: Site, seconds: float) -> None:
    routes_path = mock.root / "_routes.json"
    routes = json.loads(routes_path.read_text(encoding="utf-8"))
    routes["delay"] = {"/tech/": seconds} if seconds else {}
    routes_path.write_text(json.dumps(routes), encoding="utf-8")


def _articles_served(mock: Site) -> int:
    return sum(1 for path in mock.paths_fetched() if ARTICLE.match(path))


def _start(mock: Site, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    args = [*SCRAPY, "crawl", "news", "-a", "site=mock", "-O", str(out), *FAST,
            "-s", f"NEWSCRAWL_SEEDS_DIR={mock.seeds}", "-s", f"NEWSCRAWL_STATE={mock.state}",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "NEWSCRAWL_STATE_BATCH=2", *extra]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after(proc: subprocess.Popen[bytes], mock: Site, served: int, timeout: float = 90) -> None:
    """SIGKILL once the server has answered `served` article pages (or fail the test after `timeout`)."""
    deadline = time.monotonic() + timeout
    while _articles_served(mock) < served:
        assert proc.poll() is None, "the crawl ended before the kill could land"
        assert time.monotonic() < deadline, "the crawl never reached the kill point"
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=30)


def _records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path.name} ends with a half-written line"
    return [json.loads(line) for line in data.splitlines() if line.strip()]


@pytest.mark.e2e
@pytest.mark.parametrize(("served", "jobdir"), [
    (2, False), (7, False),
    # Known gap: after a hard kill, a resumed JOBDIR run sometimes never re-sends a request that was in flight
    # (seen 1 run in ~3: one feed-only article lost); JOBDIR is documented as safe only after a graceful stop.
    pytest.param(5, True, marks=pytest.mark.xfail(strict=False, reason="JOBDIR resume after kill -9 can strand "
                                                                      "an in-flight request")),
])
def test_kill_9_then_a_normal_run_emits_every_article_exactly_once(site: Site, tmp_path: Path, served: int,  # noqa: F811
                                                                      jobdir: bool) -> None:
    _slow_articles(site, 0.3)
    extra = ("-s", f"JOBDIR={tmp_path / 'job'}") if jobdir else ()
    killed = tmp_path / "killed.jsonl"
    _kill_after(_start(site, killed, *extra), site, served)
    _slow_articles(site, 0)
    after, log = site.crawl(tmp_path, "after", "-a", "site=mock", *extra)
    first = _records(killed)  # read after the second run: it cuts a half line left by the kill
    union = paths(first) + paths(after)
    assert sorted(union) == sorted(EXPECTED["articles"]), "every article once: none lost, none twice"
    assert len(union) == len(set(union))
    if first:
        assert "newscrawl/state/recovered" in log, "the killed run's output was read back into the state"
