"""Fault classes a nightly crawl meets, each run against the mock site by the real `scrapy crawl news`.

One scenario = what the server does wrong (routes in `_routes.json`, extra settings or start URLs) and
what the crawl must do about it: which articles are not emitted, which reasons are counted, which
exit status. `tests/test_faults.py` asserts every scenario; `python -m tests.faults` runs them all and
prints the README's table of fault classes and outcomes, so the table is never written by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.mockserver import MockServer

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "mocksite"
ARTICLES: list[str] = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))["articles"]
A, B = ARTICLES[0], ARTICLES[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        "-s", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.01", "-s", "RETRY_TIMES=2"]
PROFILE = """\
name = "mock"
domains = ["127.0.0.1"]
language = "hi"
timezone = "Asia/Kolkata"

[start]
feeds = [{feeds}]
sitemaps = ["{base}/sitemap-index.xml"]
listings = ["{base}/tech/"]
robots = true

[urls]
article = ['^https?://127\\.0\\.0\\.1(?::\\d+)?/tech/[a-z0-9-]+-\\d{{6}}\\.html$']
"""


@dataclass(frozen=True)
class Scenario:
    """A fault, how the mock server produces it, and the outcome the crawl must show."""

    name: str
    server: str  # what the server does, for the table
    routes: dict[str, Any] = field(default_factory=dict)
    settings: tuple[str, ...] = ()
    extra_feeds: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()  # articles that must not be emitted
    counted: tuple[str, ...] = ()  # stats keys (prefix match) that must be counted
    exit_status: int = 0


SCENARIOS = [
    Scenario("503, then 200", "503 with `Retry-After: 1` once, then the page",
             routes={"throttle": {A: [1, 503, "1"]}}, counted=("newscrawl/retry/backoff_seconds",)),
    Scenario("429 without Retry-After", "429 twice, then the page",
             routes={"throttle": {A: [2, 429, None]}}, counted=("newscrawl/retry/backoff_seconds",)),
    Scenario("503 every time", "always 503", routes={"status": {A: 503}}, lost=(A,),
             counted=("newscrawl/failed/http_503",)),
    Scenario("connection reset mid-body", "sends 300 bytes of the body, then resets the connection",
             routes={"cut": {A: ["reset", 300]}}, lost=(A,), counted=("newscrawl/failed/ResponseDataLossError",)),
    Scenario("truncated body", "announces the full length, sends 300 bytes and closes",
             routes={"cut": {A: ["truncate", 300]}}, lost=(A,), counted=("newscrawl/failed/ResponseDataLossError",)),
    Scenario("slower than the download timeout", "answers after 3 s (DOWNLOAD_TIMEOUT=1)",
             routes={"delay": {A: 3}}, settings=("-s", "DOWNLOAD_TIMEOUT=1"), lost=(A,),
             counted=("newscrawl/failed/DownloadTimeoutError",)),
    Scenario("redirect loop", "redirects the page to a second URL that redirects back",
             routes={"redirects": {A: ["/loop/b", 302], "/loop/b": [A, 302]}}, lost=(A,),
             counted=("newscrawl/skipped/redirect_to_known_url",)),
    Scenario("redirect to a private address", "redirects the page to 127.0.0.2 (not named by the crawl)",
             routes={"redirects": {A: ["http://127.0.0.2:9/admin/", 302]}}, lost=(A,),
             counted=("newscrawl/skipped/redirect_offsite",)),
    Scenario("linked host whose DNS fails", "the profile also lists a feed on a host that does not resolve",
             extra_feeds=("http://no-such-host.invalid/feed.xml",),
             counted=("newscrawl/hosts_down", "newscrawl/start_failed/mock")),
]


@dataclass
class Result:
    """What one crawl did."""

    emitted: list[str]
    stats: dict[str, float]
    exit_status: int
    log: str


def run(scenario: Scenario, work: Path) -> Result:
    """Copy the mock site, apply the scenario's routes, serve it and crawl it once."""
    site = work / "site"
    shutil.copytree(SITE, site)
    routes = json.loads((site / "_routes.json").read_text(encoding="utf-8"))
    for key, value in scenario.routes.items():
        routes.setdefault(key, {}).update(value)
    (site / "_routes.json").write_text(json.dumps(routes), encoding="utf-8")
    with MockServer(site) as server:
        seeds = work / "seeds"
        seeds.mkdir()
        feeds = ", ".join(f'"{u}"' for u in (f"{server.url}/feed.xml", *scenario.extra_feeds))
        (seeds / "mock.toml").write_text(PROFILE.format(base=server.url, feeds=feeds), encoding="utf-8")
        out = work / "out.jsonl"
        env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=mock", "-O", str(out),
                               *FAST, "-s", f"NEWSCRAWL_SEEDS_DIR={seeds}", "-s", f"NEWSCRAWL_STATE={work / 's.db'}",
                               *scenario.settings], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=180, check=False)
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    emitted = sorted("/" + json.loads(line)["url"].split("/", 3)[3] for line in lines if line.strip())
    stats = {k: float(v) for k, v in re.findall(r"'(newscrawl/[^']+)': ([\d.]+)", proc.stderr)}
    return Result(emitted, stats, proc.returncode, proc.stderr)


def outcome(scenario: Scenario, result: Result) -> str:
    """The table cell: what was emitted and what was counted."""
    kept = len(result.emitted)
    counted = sorted({k for k in result.stats for prefix in scenario.counted if k.startswith(prefix)})
    reasons = ", ".join(f"`{k.removeprefix('newscrawl/')}` {result.stats[k]:g}" for k in counted)
    return f"{kept}/{len(ARTICLES)} articles; counted: {reasons or 'nothing'}; exit {result.exit_status}"


def main() -> None:
    print("| fault | what the mock server does | outcome of `scrapy crawl news` |")
    print("| --- | --- | --- |")
    for scenario in SCENARIOS:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(scenario, Path(tmp))
        print(f"| {scenario.name} | {scenario.server} | {outcome(scenario, result)} |")


if __name__ == "__main__":
    main()
