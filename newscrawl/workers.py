"""Extraction off the reactor: page → record in a pool of worker processes (`NEWSCRAWL_WORKERS`).

Parsing a page costs tens of milliseconds of pure Python and C; run on the
Twisted reactor thread it blocks every download and keeps a crawl or replay
on one core. `RecordMaker` hands `process.page_to_record` to a process pool
and gives the spider an awaitable result, so callbacks wait without blocking.

- `NEWSCRAWL_WORKERS`: the number of worker processes; unset means one per CPU
  this process may use; 0 runs extraction inline (in the reactor thread).
- Back-pressure: at most `NEWSCRAWL_WORKERS_BACKLOG` pages (default 4 per
  worker) are handed to the pool at once; other callbacks wait for a slot,
  and Scrapy stops downloading while too many responses wait
  (`SCRAPER_SLOT_MAX_ACTIVE_SIZE`), so memory stays bounded however fast
  pages arrive.
- Workers are started with "spawn" (never fork a process that runs a reactor
  and threads) and warmed up when the engine starts, so their imports overlap
  Scrapy's start-up.
- A worker that dies (killed, out of memory, a crash in C code) breaks the
  pool: a new pool is started (counted in `newscrawl/workers/restarted`) and each
  page that was in flight is tried once more in a process of its own; a page
  that kills that one too is `failed/worker`, never lost silently.

The result equals inline extraction: the same pure function runs on the same
inputs (tests/test_workers.py compares whole crawls).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore

from newscrawl.arguments import ArgumentError
from newscrawl.discovery.listings import PageLinks
from newscrawl.parse.dates import IST
from newscrawl.process import Outcome, ProfileLike, failed, page_links, page_to_record
from newscrawl.timezones import zone

logger = logging.getLogger(__name__)

BACKLOG_PER_WORKER = 4


@dataclass(frozen=True)
class PageJob:
    """One fetched page and what extraction needs to know about it (all picklable)."""

    url: str
    body: bytes
    headers: Mapping[str, Any] = field(default_factory=dict)
    fetched_at: str | None = None
    profile: ProfileLike | None = None
    links: bool = False  # when the page gives no article, also find what it links to (a crawl follows them)
    record: bool = True  # False: only the links (a page the profile says is not an article)


def make_record(job: PageJob, default_tz: tzinfo) -> Outcome:
    """What a worker runs: module level, so the pool can pickle it by name."""
    outcome = Outcome(None)
    if job.record:
        outcome = page_to_record(job.url, job.body, job.headers, fetched_at=job.fetched_at, profile=job.profile,
                                 default_tz=default_tz)
    if job.links and outcome.article is None:
        next_css = job.profile.selectors.next_page if job.profile is not None else None
        try:
            outcome.links = page_links(job.url, job.body, job.headers, next_css)
        except Exception as exc:  # a bug in link finding costs the links (said in the log), not the page
            outcome.links = PageLinks(problem=f"finding links failed: {type(exc).__name__}: {exc}")
    return outcome


def _watch_parent(parent: int) -> None:
    """Worker initializer: the worker exits once the crawl that started it is gone.

    A crawl killed with kill -9 cannot shut its pool down, and its workers would wait for work forever (each
    holds the task queue's write end too, so none ever sees it close): a cron timeout would leave them behind.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="newscrawl-parent-watch", daemon=True).start()


def _warm_up() -> None:
    """Nothing: submitting it makes a worker start and import the extraction code before pages arrive."""


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(settings: BaseSettings) -> int:
    """NEWSCRAWL_WORKERS as a number: unset or empty means one per usable CPU."""
    value = settings.get("NEWSCRAWL_WORKERS")
    if value is None or str(value).strip() == "":
        return usable_cpus()
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0:
        raise ArgumentError(f"-s NEWSCRAWL_WORKERS={value!r}: a whole number of processes is needed "
                            "(0 runs extraction inline)")
    return count


class RecordMaker:
    """Turns pages into records inline or in a process pool; `await maker.make(job)` from a callback."""

    def __init__(self, workers: int, default_tz: tzinfo = IST, *, backlog: int = 0,
                 stats: StatsCollector | None = None,
                 func: Callable[[PageJob, tzinfo], Outcome] = make_record) -> None:
        self.workers = workers
        self.default_tz = default_tz
        self.stats = stats
        self.func = func
        self.slots = DeferredSemaphore(max(1, backlog or workers * BACKLOG_PER_WORKER))
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMaker:
        settings = crawler.settings
        maker = cls(worker_count(settings), zone(settings.get("NEWSCRAWL_TIMEZONE")) or IST,
                    backlog=settings.getint("NEWSCRAWL_WORKERS_BACKLOG"))
        crawler.signals.connect(lambda: maker.start(crawler.stats), signal=signals.engine_started, weak=False)
        crawler.signals.connect(maker.close, signal=signals.engine_stopped)
        return maker

    def start(self, stats: StatsCollector | None = None) -> None:
        """Start and warm up every worker while Scrapy opens its first connections."""
        self.stats = stats or self.stats
        if self.workers:
            pool = self._ensure_pool()
            for _ in range(self.workers):
                pool.submit(_warm_up)
            logger.info("Extraction runs in %d worker processes (NEWSCRAWL_WORKERS)", self.workers)

    async def make(self, job: PageJob) -> Outcome:
        """The page's outcome; with workers, computed in another process while the reactor goes on."""
        if not self.workers:
            return self.func(job, self.default_tz)
        await maybe_deferred_to_future(self.slots.acquire())
        try:
            return await self._in_pool(job)
        finally:
            self.slots.release()

    async def _in_pool(self, job: PageJob) -> Outcome:
        """Run the job in the pool; when the pool breaks, the job is tried once more in a process of its own.

        Every job in flight sees the same break, so blame is only certain in
        isolation. Stages inside the job catch their own exceptions; what
        reaches here is the pool's (a dead worker, a result that cannot be
        pickled): `failed/worker`.
        """
        pool = self._ensure_pool()
        try:
            return await self._run(pool, job)
        except BrokenProcessPool:
            self._replace(pool)
        except Exception as exc:
            return failed("worker", exc)
        solo = _new_pool(1)
        try:
            return await self._run(solo, job)
        except BrokenProcessPool:
            return Outcome(None, "failed/worker", "a worker process died twice while extracting this page")
        except Exception as exc:
            return failed("worker", exc)
        finally:
            solo.shutdown(wait=False)

    async def _run(self, pool: ProcessPoolExecutor, job: PageJob) -> Outcome:
        return await maybe_deferred_to_future(_deferred(pool.submit(self.func, job, self.default_tz)))

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = _new_pool(self.workers)
        return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Start a new pool once per broken one (every job in flight sees the same break)."""
        if self._pool is not broken:
            return
        logger.warning("A worker process died (killed, out of memory or crashed): starting a new pool; "
                       "the pages it held are tried once more")
        if self.stats is not None:
            self.stats.inc_value("newscrawl/workers/restarted")
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        """Stop the workers once the engine has stopped (no callback waits any more)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Spawned, never forked (this process runs a reactor and threads); each worker watches for its parent."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_watch_parent, initargs=(os.getpid(),))


def _deferred(future: Future[Outcome]) -> Deferred[Outcome]:
    """A Deferred fired in the reactor thread when the pool's future is done (the pool calls back from its own
    thread)."""
    from twisted.internet import reactor  # imported late: importing it installs a reactor, Scrapy installs its own

    result: Deferred[Outcome] = Deferred()

    def done(finished: Future[Outcome]) -> None:
        error = BrokenProcessPool("the pool was shut down") if finished.cancelled() else finished.exception()
        if error is not None:
            reactor.callFromThread(result.errback, error)  # type: ignore[attr-defined]
        else:
            reactor.callFromThread(result.callback, finished.result())  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return result
