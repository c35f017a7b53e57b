"""Distributed mode: one shared frontier on scrapy-redis, the state in Redis, workers anywhere.

`NEWSCRAWL_REDIS_URL` (or scrapy-redis's own `REDIS_URL`) switches it on;
without it nothing here is active and Redis is not needed. newscrawl.addon
then configures scrapy-redis (its Scheduler with a shared priority queue and
its Redis duplicate filter, persistent across stops), and the spider opens the
state on the same Redis (newscrawl/state_redis.py).

scrapy-redis 0.9.1 is used as it is, configured, with two small subclasses
and no copied logic:

* `RedisScheduler`: scrapy-redis counts its stats with the `spider=` argument
  Scrapy 2.19 deprecates (a warning per request); the subclass hands it a
  stats proxy without that argument. It also names the run's in-flight hash
  for the queue, acknowledges a request that a middleware re-schedules (a
  redirect, a retry: the copy is in the queue now), and takes a request from
  the shared queue only while its downloader has fewer than
  CONCURRENT_REQUESTS_PER_DOMAIN requests waiting: Scrapy's engine pulls up to
  CONCURRENT_REQUESTS into the downloader's per-site queues, so the first
  worker would hoard a site's work while the others idle (and a kill would
  strand all of it in flight).
* `ReliablePriorityQueue`: scrapy-redis's pop deletes a request from Redis
  when a worker takes it, so a `kill -9` loses every request in flight (the
  JOBDIR weakness, shared). This pop moves it, in one Lua step, into the
  worker run's in-flight hash; it leaves there when its work is done
  (`acknowledge`) and goes back to the queue when the run ends or is found
  dead (`RedisStateStore.finish_run`).
* nothing else: the duplicate filter is scrapy-redis's `RFPDupeFilter`.

Work is done (acknowledged) when a response yielded no item and every
request it yielded is in the shared queue (or was filtered as a duplicate)
(`FrontierAckMiddleware` + `RedisScheduler`), when its article is committed to
the state after its line is on disk or was dropped (IncrementalPipeline), or
when it failed for good (the spider's errback). An early acknowledgement
could lose work after a kill; a late or missing one only costs a refetch
after a kill. At a clean close every response that reached the spider has
been handled (Scrapy waits for them), so those are acknowledged then and only
downloads cut short go back to the queue.

The crawl is one frontier: when the last run finishes with the queue empty,
the duplicate filter is cleared, so the next scheduled crawl reads the feeds
afresh and refetches what changed (the state decides what is emitted).
`FrontierIdle` keeps an idle worker open while the shared queue has work, picks
up pushed start URLs and profiles (`<spider>:start_urls`, the scrapy-redis key
convention, see `scrapy frontier push`), puts back the work of dead runs, and
closes the worker after NEWSCRAWL_IDLE_CLOSE_SECONDS of quiet.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from newscrawl.state import StateStore, open_state

logger = logging.getLogger(__name__)

META_TOKEN = "newscrawl_inflight"  # this request's entry in the run's in-flight hash
META_PARENT = "newscrawl_parent"  # the in-flight token of the response that yielded this request
START_URLS_KEY = "%(name)s:start_urls"  # scrapy-redis's default REDIS_START_URLS_KEY
HOSTS_KEY = "%(name)s:hosts"  # hosts named by any worker or push: trusted and allowed everywhere


def redis_url(settings: BaseSettings) -> str:
    """The Redis URL that switches distributed mode on, or ""."""
    return str(settings.get("NEWSCRAWL_REDIS_URL") or settings.get("REDIS_URL") or "").strip()


def state_uri(settings: BaseSettings) -> str:
    """Where the incremental state lives: the shared Redis in distributed mode, else NEWSCRAWL_STATE."""
    return redis_url(settings) or str(settings.get("NEWSCRAWL_STATE") or "")


def open_crawl_state(settings: BaseSettings) -> StateStore | None:
    """The crawl's state store (None when NEWSCRAWL_STATE is empty outside distributed mode)."""
    uri = state_uri(settings)
    if not uri:
        return None
    store = open_state(uri)
    if hasattr(store, "lease"):
        store.lease = max(3.0, settings.getfloat("NEWSCRAWL_REDIS_LEASE"))
    return store


def configure(settings: BaseSettings) -> None:
    """Switch a crawl's settings to scrapy-redis (called by the add-on; explicit settings still win)."""
    url = redis_url(settings)
    if not url:
        return
    for name, value in (("REDIS_URL", url),
                        ("SCHEDULER", "newscrawl.distributed.RedisScheduler"),
                        ("SCHEDULER_QUEUE_CLASS", "newscrawl.distributed.ReliablePriorityQueue"),
                        ("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter"),
                        ("SCHEDULER_PERSIST", True),  # a stopped cluster resumes
                        ("SCHEDULER_IDLE_BEFORE_CLOSE", 0)):  # never block the reactor on a pop
        settings.set(name, value, priority="addon")


def distributed(crawler: Crawler) -> bool:
    return bool(redis_url(crawler.settings))


def _store(crawler: Crawler) -> Any:
    """The spider's RedisStateStore (distributed mode), or None."""
    store = getattr(crawler.spider, "state_store", None)
    return store if hasattr(store, "inflight_key") else None


def acknowledge(crawler: Crawler, request: Request | None) -> None:
    """The work of ``request`` is done: drop it from this run's in-flight hash (no-op outside distributed mode)."""
    token = request.meta.get(META_TOKEN) if request is not None else None
    if token is not None:
        _ack(crawler, [token])


def acknowledge_tokens(crawler: Crawler, tokens: list[str]) -> None:
    """The work behind these in-flight tokens is done (no-op outside distributed mode)."""
    _ack(crawler, tokens)


def _ack(crawler: Crawler, tokens: list[str]) -> None:
    store = _store(crawler)
    if store is not None and tokens:
        store.ack(tokens)
        ledger(crawler).received.difference_update(tokens)


class Ledger:
    """This process's bookkeeping of in-flight requests: responses seen, children not yet queued."""

    def __init__(self) -> None:
        self.received: set[str] = set()  # tokens whose response (or failure) reached the spider
        self.children: dict[str, int] = {}  # token → requests it yielded that are not in the shared queue yet
        self.exhausted: set[str] = set()  # tokens whose output has ended without an item


def ledger(crawler: Crawler) -> Ledger:
    """The crawler's ledger (one per crawl)."""
    found = getattr(crawler, "_newscrawl_ledger", None)
    if found is None:
        found = Ledger()
        crawler._newscrawl_ledger = found  # type: ignore[attr-defined]
    return found


def _child_queued(crawler: Crawler, parent: str) -> None:
    """One request of ``parent`` is in the shared queue (or filtered): acknowledge the parent after its last."""
    book = ledger(crawler)
    left = book.children.get(parent, 0) - 1
    if left > 0:
        book.children[parent] = left
        return
    book.children.pop(parent, None)
    if parent in book.exhausted:
        book.exhausted.discard(parent)
        _ack(crawler, [parent])


def settle(crawler: Crawler) -> None:
    """At a clean close: every response that reached the spider was handled, so its work is done."""
    book = ledger(crawler)
    _ack(crawler, sorted(book.received))


def share_hosts(crawler: Crawler, spider: Any) -> None:
    """Publish the hosts this worker names and adopt every host named by the others (or pushed).

    The network guard and the offsite filter allow only named hosts; a worker
    started with `-a site=all` must also accept a start URL another worker or
    `scrapy frontier push` named. Read at start: a worker already running does
    not learn hosts pushed later.
    """
    if not distributed(crawler):
        return
    import redis  # optional dependency

    client = redis.Redis.from_url(redis_url(crawler.settings))
    try:
        key = HOSTS_KEY % {"name": spider.name}
        if spider.trusted_hosts:
            client.sadd(key, *sorted(spider.trusted_hosts))
        hosts = {h.decode() for h in client.smembers(key)}
    finally:
        client.close()
    spider.trusted_hosts = set(spider.trusted_hosts) | hosts
    spider.allowed_domains = sorted({*spider.allowed_domains, *(h.removeprefix("www.") for h in hosts)})


# -- scrapy-redis, configured ---------------------------------------------------------------------

try:
    from scrapy_redis.queue import PriorityQueue as _PriorityQueue
    from scrapy_redis.scheduler import Scheduler as _Scheduler
except ImportError:  # the redis extra is not installed: distributed mode cannot be switched on
    _PriorityQueue = object  # type: ignore[assignment,misc]
    _Scheduler = object  # type: ignore[assignment,misc]

# Take the best request and keep it in the run's in-flight hash under a new token, in one step.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local token = redis.call('HINCRBY', KEYS[2], '#', 1)
redis.call('HSET', KEYS[2], token, found[1])
return {tostring(token), found[1]}
"""


class ReliablePriorityQueue(_PriorityQueue):  # type: ignore[misc,valid-type]
    """scrapy-redis's priority queue whose pop keeps the request until its work is acknowledged."""

    inflight_key: str | None = None  # set by RedisScheduler.open

    def pop(self, timeout: int = 0) -> Request | None:
        if self.inflight_key is None:
            return super().pop(timeout)
        found = self.server.eval(_POP, 2, self.key, self.inflight_key)
        if not found:
            return None
        token, data = found
        request = self._decode_request(data)
        request.meta[META_TOKEN] = token.decode() if isinstance(token, bytes) else str(token)
        return request


class _StatsWithoutSpider:
    """Scrapy's stats collector for scrapy-redis, which still passes the deprecated `spider=` argument."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Spider | None = None) -> None:
        self.stats.inc_value(key, count, start)


class RedisScheduler(_Scheduler):  # type: ignore[misc,valid-type]
    """scrapy-redis's scheduler with the run's in-flight hash and Scrapy 2.19's stats API."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        if _Scheduler is object:
            raise NotConfigured("distributed mode needs the redis extra: pip install 'newscrawl[redis]'")
        scheduler = super().from_crawler(crawler)
        scheduler.stats = _StatsWithoutSpider(crawler.stats) if crawler.stats is not None else None
        scheduler.crawler = crawler
        scheduler.backlog = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        store = _store(self.crawler)
        if store is None:  # a spider without the state (replay): scrapy-redis's own pop, nothing kept in flight
            logger.warning("%s has no Redis state store: requests taken from the shared queue are not kept in "
                           "flight (a kill loses them)", spider.name)
            return
        store.set_queue(self.queue.key, self.df.key)
        self.queue.inflight_key = store.inflight_key()

    def next_request(self) -> Request | None:
        """The best request of the shared queue, unless this worker has enough waiting already."""
        if self._waiting() >= self.backlog:
            return None
        return super().next_request()

    def _waiting(self) -> int:
        """Requests in this worker's downloader queues, not yet transferring (delay or per-site cap)."""
        downloader = getattr(self.crawler.engine, "downloader", None)
        return sum(len(slot.queue) for slot in getattr(downloader, "slots", {}).values())

    def enqueue_request(self, request: Request) -> bool:
        """Queue (or filter) a request; then its in-flight original (a redirect's or retry's) or parent is done."""
        token = request.meta.pop(META_TOKEN, None)
        parent = request.meta.pop(META_PARENT, None)
        queued = super().enqueue_request(request)
        if token is not None:
            _ack(self.crawler, [token])
        if parent is not None:
            _child_queued(self.crawler, parent)
        return bool(queued)


# -- Scrapy components -----------------------------------------------------------------------------


class FrontierAckMiddleware:
    """Acknowledges a response's request once every request it yielded is queued, when it yielded no item.

    Scrapy's scraper reads a callback's output ahead of scheduling it, so the
    end of the output is not yet "all in the queue": each yielded request
    names its parent (META_PARENT) and RedisScheduler counts them in. A
    response that yields an article is acknowledged by IncrementalPipeline,
    after the article's record is committed (its line is on disk by then).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierAckMiddleware:
        if not distributed(crawler):
            raise NotConfigured("not in distributed mode (NEWSCRAWL_REDIS_URL unset)")
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        token = self._received(response)
        items = 0
        for output in result:
            items += self._count(output, token)
            yield output
        self._ended(token, items)

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        token = self._received(response)
        items = 0
        async for output in result:
            items += self._count(output, token)
            yield output
        self._ended(token, items)

    def _received(self, response: Response) -> str | None:
        token = response.meta.get(META_TOKEN)
        if token is not None:
            ledger(self.crawler).received.add(token)
        return token

    def _count(self, output: Any, token: str | None) -> int:
        """1 for an item; a request is marked as a child of the response's request."""
        if not isinstance(output, Request):
            return 1
        if token is not None:
            output.meta[META_PARENT] = token
            book = ledger(self.crawler)
            book.children[token] = book.children.get(token, 0) + 1
        return 0

    def _ended(self, token: str | None, items: int) -> None:
        if token is None or items:
            return
        book = ledger(self.crawler)
        if book.children.get(token, 0) > 0:
            book.exhausted.add(token)  # the last child queued acknowledges it
        else:
            _ack(self.crawler, [token])


class FrontierIdle:
    """Keeps an idle worker useful: dead runs' work put back, pushed start URLs read, then a quiet close.

    Scrapy closes a spider as soon as its own queue is empty; with a shared
    frontier another worker may be about to add work. An idle worker waits
    NEWSCRAWL_IDLE_CLOSE_SECONDS (from its last response) before it closes.
    """

    def __init__(self, crawler: Crawler, quiet: float) -> None:
        self.crawler = crawler
        self.quiet = quiet
        self.busy = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierIdle:
        if not distributed(crawler):
            raise NotConfigured("not in distributed mode (NEWSCRAWL_REDIS_URL unset)")
        ext = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_IDLE_CLOSE_SECONDS"))
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.activity, signal=signals.response_received)
        return ext

    def activity(self) -> None:
        self.busy = time.monotonic()

    def spider_idle(self, spider: Spider) -> None:
        if self._recover() or self._pushed(spider):
            self.busy = time.monotonic()
            raise DontCloseSpider
        if time.monotonic() - self.busy < self.quiet:
            raise DontCloseSpider
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/frontier/idle_close", 1)  # for the run summary

    def _recover(self) -> bool:
        """Reconcile runs found dead since start (their files read back here, their work put back); any found?"""
        from newscrawl.durability import reconcile

        store = _store(self.crawler)
        if store is None:
            return 0
        before = store.r.zcard(store.queue_key) if store.queue_key else 0
        recovered = reconcile(store)
        if recovered and self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/state/recovered", recovered)
        return bool(recovered) or (store.r.zcard(store.queue_key) if store.queue_key else 0) > before

    def _pushed(self, spider: Spider) -> int:
        """Start entries pushed to `<spider>:start_urls`, turned into the spider's start requests."""
        store = _store(self.crawler)
        make = getattr(spider, "pushed_requests", None)
        if store is None or make is None:
            return 0
        key = str(self.crawler.settings.get("REDIS_START_URLS_KEY") or START_URLS_KEY) % {"name": spider.name}
        batch = self.crawler.settings.getint("CONCURRENT_REQUESTS", 16)
        with store.r.pipeline(transaction=True) as pipe:
            pipe.lrange(key, 0, batch - 1)
            pipe.ltrim(key, batch, -1)
            entries, _ = pipe.execute()
        count = 0
        assert self.crawler.engine is not None
        for raw in entries:
            for request in make(parse_entry(raw)):
                self.crawler.engine.crawl(request)
                count += 1
        if entries:
            logger.info("Picked up %d pushed start entries (%d requests) from %s", len(entries), count, key)
        return len(entries)


def parse_entry(raw: bytes | str) -> dict[str, Any]:
    """One pushed start entry: JSON `{"url": …}` or `{"site": NAME}` (scrapy-redis's format), or a bare URL."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {"url": text} if text else {}
