"""`scrapy frontier push|status|reset`: the shared frontier of distributed mode, from any machine.

* `push --site NAME … --url URL …` adds start entries to `<spider>:start_urls`
  (scrapy-redis's key convention, JSON entries); idle workers pick them up,
  wherever they run. The hosts of pushed URLs are named for the workers
  started after the push (the network guard and offsite filter allow them).
* `status` prints what a running crawl looks like: queue, duplicate filter,
  pending start entries, each run (host, pid, alive, requests in flight,
  claims), seen articles and the memory Redis uses.
* `reset [--state]` empties the frontier (queue, duplicate filter, start
  entries, hosts) and with --state the incremental state too; refused while
  a run is alive.

The Redis URL comes from NEWSCRAWL_REDIS_URL or REDIS_URL (`-s NEWSCRAWL_REDIS_URL=…`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.arguments import ArgumentError, parse_urls
from newscrawl.discovery.urls import host_of
from newscrawl.distributed import HOSTS_KEY, START_URLS_KEY, redis_url

if TYPE_CHECKING:
    import redis


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "push [--site NAME ...] [--url URL ...] | status | reset [--state]"

    def short_desc(self) -> str:
        return "Push start URLs/profiles to the shared frontier, show its status, or reset it (distributed mode)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--spider", default="news", help="the spider whose frontier it is (default: news)")
        parser.add_argument("--site", action="append", default=[], help="a profile from seeds/ (push; repeatable)")
        parser.add_argument("--url", action="append", default=[], help="an ad-hoc start URL (push; repeatable)")
        parser.add_argument("--state", action="store_true", help="reset: also delete the incremental state")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) != 1 or args[0] not in ("push", "status", "reset"):
            raise UsageError("give one action: push, status or reset")
        url = redis_url(self.settings)
        if not url:
            raise UsageError("no Redis: set NEWSCRAWL_REDIS_URL (e.g. -s NEWSCRAWL_REDIS_URL=redis://host:6379/0)")
        import redis as redis_client  # optional dependency: the redis extra

        client = redis_client.Redis.from_url(url)
        try:
            getattr(self, f"_{args[0]}")(client, opts)
        finally:
            client.close()

    def _push(self, client: redis.Redis, opts: argparse.Namespace) -> None:
        from newscrawl.profiles import load_profiles

        profiles = load_profiles(self._seeds(), []) if opts.site else {}
        for name in opts.site:
            if name not in profiles:
                raise UsageError(f"--site {name!r}: no such profile; profiles: {', '.join(sorted(profiles))}")
        try:
            urls = [u for value in opts.url for u in parse_urls("url", value)]
        except ArgumentError as exc:
            raise UsageError(str(exc)) from None
        entries = [json.dumps({"site": name}) for name in opts.site] + [json.dumps({"url": u}) for u in urls]
        if not entries:
            raise UsageError("nothing to push: give --site NAME or --url URL")
        key = START_URLS_KEY % {"name": opts.spider}
        if urls:
            client.sadd(HOSTS_KEY % {"name": opts.spider}, *{host_of(u) for u in urls})
        client.rpush(key, *entries)
        print(f"Pushed {len(entries)} start entries to {key}; idle workers pick them up")

    def _seeds(self) -> Path:
        assert self.settings is not None
        return Path(self.settings.get("NEWSCRAWL_SEEDS_DIR"))

    def _status(self, client: redis.Redis, opts: argparse.Namespace) -> None:
        r, name = client, opts.spider
        print(f"queue {name}:requests: {r.zcard(f'{name}:requests')} requests")
        print(f"duplicate filter {name}:dupefilter: {r.scard(f'{name}:dupefilter')} fingerprints")
        print(f"pushed start entries {START_URLS_KEY % {'name': name}}: "
              f"{r.llen(START_URLS_KEY % {'name': name})}")
        runs = sorted(int(x) for x in r.smembers("newscrawl:runs"))
        print(f"unfinished runs: {len(runs)}")
        for run in runs:
            meta = {k.decode(): v.decode() for k, v in r.hgetall(f"newscrawl:run:{run}").items()}
            alive = "alive" if r.exists(f"newscrawl:run:{run}:alive") else "silent"
            inflight = max(0, r.hlen(f"newscrawl:run:{run}:inflight") - 1)
            claims = r.scard(f"newscrawl:run:{run}:claims")
            print(f"  run {run}: {meta.get('host', '?')} pid {meta.get('pid', '?')}, "
                  f"started {meta.get('started', '?')}, {alive}, {inflight} requests in flight, {claims} claims")
        print(f"seen articles (state): {r.hlen('newscrawl:seen')}")
        print(f"Redis memory used: {r.info('memory').get('used_memory_human', '?')}")

    def _reset(self, client: redis.Redis, opts: argparse.Namespace) -> None:
        r, name = client, opts.spider
        alive = [run for run in r.smembers("newscrawl:runs")
                 if r.exists(f"newscrawl:run:{run.decode()}:alive")]
        if alive:
            raise UsageError(f"{len(alive)} runs are alive: stop the workers first")
        keys = [f"{name}:requests", f"{name}:dupefilter", START_URLS_KEY % {"name": name}, HOSTS_KEY % {"name": name}]
        if opts.state:
            keys += [k.decode() for k in r.scan_iter("newscrawl:*")]
        deleted = r.delete(*keys) if keys else 0
        print(f"Reset the frontier of {name}" + (" and the state" if opts.state else "") + f": {deleted} keys deleted")
