"""Benchmark: articles/s of 1, 2 and 4 workers on one shared frontier, and Redis memory per 1,000 URLs.

Prints figures; asserts nothing. `python benchmarks/distributed.py [--articles N] [--workers 1,2,4]`
(needs `redis-server` on PATH, as the tests do).

The mock site serves N articles (copies of a mock-site story, each with its
own URL and headline) listed by one sitemap, every response after a random
50–200 ms; each worker is a real `scrapy crawl news` process with
CONCURRENT_REQUESTS_PER_DOMAIN=2 (the politeness cap is per worker: N
workers open up to 2N connections to the site), no download delay or
AutoThrottle. A run is timed from the workers' start (process start-up
included) until the site has served every article; every article is then
checked to be emitted once. Redis memory is the sum of `MEMORY USAGE` over the
crawl's keys, sampled during the run: at its peak (frontier queue, duplicate
filter, in-flight requests, claims, state) and after it (the state only).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mockserver import MockServer  # noqa: E402
from tests.servers import RedisServer  # noqa: E402

TEMPLATE = ROOT / "tests" / "mocksite" / "tech" / "semiconductor-plant-first-chip-482260.html"
SLUG = "semiconductor-plant-first-chip-482260"
HEADLINE = "गुजरात के सेमीकंडक्टर प्लांट से निकली पहली स्वदेशी चिप"
PROFILE = """\
name = "bench"
domains = ["127.0.0.1"]
language = "hi"
timezone = "Asia/Kolkata"

[start]
sitemaps = ["{base}/sitemap.xml"]
robots = false

[urls]
article = ['^https?://127\\.0\\.0\\.1(?::\\d+)?/tech/[a-z0-9-]+-\\d{{6}}\\.html$']
"""


def make_site(root: Path, articles: int) -> None:
    """N article pages, a sitemap of them, and the latency route."""
    (root / "tech").mkdir(parents=True)
    page = TEMPLATE.read_text(encoding="utf-8")
    urls = []
    for i in range(articles):
        slug = f"bench-story-{600000 + i}"
        html = page.replace(SLUG, slug).replace(HEADLINE, f"{HEADLINE} ({i})")
        (root / "tech" / f"{slug}.html").write_text(html, encoding="utf-8")
        urls.append(f"<url><loc>{{{{BASE}}}}/tech/{slug}.html</loc><lastmod>2026-11-22T09:05:00+05:30</lastmod></url>")
    (root / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                                      'schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "_routes.json").write_text('{"delay": {"/": [0.05, 0.2]}}', encoding="utf-8")


def data_bytes(client: redis.Redis) -> int:
    """Bytes Redis uses for the crawl's keys (exact: every element counted)."""
    return sum(int(client.memory_usage(key, samples=0) or 0) for key in client.scan_iter(count=1000))


def served(log: Path) -> int:
    """Article pages the mock site has answered with 200 so far."""
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return len(re.findall(r"^GET /tech/bench-story-\d+\.html 200$", text, flags=re.M))


def run(workers: int, articles: int, site: MockServer, seeds: Path, redis_url: str, tmp: Path) -> dict[str, float]:
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    assert site.log is not None
    site.log.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    procs = []
    started = time.perf_counter()
    for n in range(workers):
        work = tmp / f"w{workers}-{n}"
        work.mkdir()
        args = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=bench", "-O", str(work / "out.jsonl"),
                "-s", f"NEWSCRAWL_SEEDS_DIR={seeds}", "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                "-s", "NEWSCRAWL_STATE_FLUSH_SECONDS=0.2", "-s", "NEWSCRAWL_IDLE_CLOSE_SECONDS=2",
                "-s", "LOG_LEVEL=WARNING"]
        procs.append(subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=(work / "log").open("wb")))
    peak, urls = 0, 0
    seconds = 0.0
    while any(p.poll() is None for p in procs):
        if not seconds and served(site.log) >= articles:
            seconds = time.perf_counter() - started
        peak = max(peak, data_bytes(client))
        urls = max(urls, int(client.scard("news:dupefilter")))
        time.sleep(0.1)
    seconds = seconds or time.perf_counter() - started
    state = data_bytes(client)
    done = int(client.hlen("newscrawl:seen"))
    lines = [line for n in range(workers)
             for line in (tmp / f"w{workers}-{n}" / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"seconds": seconds, "articles": served(site.log), "emitted": len(lines),
            "unique": len({json.loads(line)["url"] for line in lines}),
            "urls": urls, "peak_per_1000": peak / max(urls, 1) * 1000, "state_per_1000": state / max(done, 1) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        make_site(tmp / "site", args.articles)
        seeds = tmp / "seeds"
        seeds.mkdir()
        with RedisServer(tmp / "redis") as server, MockServer(tmp / "site", log=tmp / "requests.log") as site:
            (seeds / "bench.toml").write_text(PROFILE.format(base=site.url), encoding="utf-8")
            print(f"{args.articles} articles, 50-200 ms a response, CONCURRENT_REQUESTS_PER_DOMAIN=2 per worker, "
                  f"{os.cpu_count()} CPU cores")
            for workers in (int(w) for w in re.split(r"[, ]+", args.workers) if w):
                figures = run(workers, args.articles, site, seeds, server.url, tmp)
                print(f"{workers} worker(s): {figures['articles']} articles in {figures['seconds']:.1f} s = "
                      f"{figures['articles'] / figures['seconds']:.1f} articles/s "
                      f"({figures['emitted']} lines emitted, {figures['unique']} distinct URLs); Redis at peak "
                      f"{figures['peak_per_1000'] / 1024:.0f} KiB per 1,000 URLs ({figures['urls']} URLs), "
                      f"state after {figures['state_per_1000'] / 1024:.0f} KiB per 1,000 articles")
        shutil.rmtree(tmp / "site", ignore_errors=True)


if __name__ == "__main__":
    main()
