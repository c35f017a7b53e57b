"""Item pipelines: thin Scrapy wrappers over the pure parsing in newscrawl.parse."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from newscrawl.discovery.urls import canonicalize
from newscrawl.distributed import META_TOKEN, acknowledge_tokens, settle, state_uri
from newscrawl.durability import DurableRecorder, records_of
from newscrawl.extract.raw import RawArticle
from newscrawl.items import Article
from newscrawl.parse.dates import IST
from newscrawl.parse.record import build_article
from newscrawl.parse.validate import validate
from newscrawl.state import StateStore, fingerprint
from newscrawl.timezones import zone

logger = logging.getLogger(__name__)


class ParsePipeline:
    """RawArticle → Article: headline, dates, photo, body, dateline.

    An exception while parsing is counted as `newscrawl/failed/parse` and the
    item dropped with the exception named (one WARNING line), never lost quietly.
    """

    def __init__(self, default_tz: tzinfo, stats: StatsCollector | None = None) -> None:
        self.default_tz = default_tz
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        return cls(zone(crawler.settings.get("NEWSCRAWL_TIMEZONE")) or IST, crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawArticle):
            return item
        if item.encoding_note and self.stats is not None:
            self.stats.inc_value("newscrawl/encoding/corrected")
            logger.info("Charset of %s: %s", item.url, item.encoding_note)
        try:
            return build_article(item, tz=zone(item.timezone) or self.default_tz)
        except Exception as exc:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/failed/parse")
            logger.debug("Traceback of the parse failure on %s", item.url, exc_info=exc)
            raise DropItem(f"failed/parse: {type(exc).__name__}: {exc}") from exc


class ValidatePipeline:
    """Drops articles that are not fit to export, counting each reason in stats."""

    def __init__(self, stats: StatsCollector, min_words: int) -> None:
        self.stats = stats
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("NEWSCRAWL_MIN_WORDS"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        reason = validate(item, min_words=self.min_words)
        if reason:
            self.stats.inc_value(f"newscrawl/dropped/{reason}")
            raise DropItem(reason)
        return item


class DedupPipeline:
    """One article once per run, however many URLs (AMP, tracking params, redirects) lead to it.

    Per worker: in distributed mode the shared duplicate filter fetches each URL
    once and the state's claim emits each canonical URL once across workers.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("NEWSCRAWL_DEDUP_ENABLED"):
            raise NotConfigured("NEWSCRAWL_DEDUP_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        keys = {k for k in (_key(item.canonical_url), _key(item.url)) if k}
        if keys & self.seen:
            self.stats.inc_value("newscrawl/dropped/duplicate")
            raise DropItem("duplicate")
        self.seen |= keys
        return item


def _key(url: str | None) -> str | None:
    return canonicalize(url) if url else None


class SincePipeline:
    """Drops articles published before the spider's `since` day (India time)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SincePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        since = getattr(self.crawler.spider, "since", None)
        if not isinstance(item, Article) or since is None or not item.published:
            return item
        if item.published[:10] < since.isoformat():
            self.stats.inc_value("newscrawl/dropped/before_since")
            raise DropItem("before_since", log_level="DEBUG")
        return item


class IncrementalPipeline:
    """Emits an article only when it is new or changed since the last run (state in NEWSCRAWL_STATE).

    The spider owns the store (it also uses it to skip refetching what
    sitemaps and feeds say is unchanged, and reconciles a killed run's output
    when it opens it). An article is recorded only once it is scraped (after
    every pipeline, when the feeds take it), under its canonical URL and the
    URL it was fetched from, and only after its line is flushed and fsynced
    (newscrawl.durability): a drop further down or a hard kill never marks an
    article seen that is not on disk. `fresh=1` emits everything but still records.

    Distributed mode (state in Redis): the article's canonical URL is claimed
    first, so of two workers that fetched one article through two URLs only one
    emits it (`newscrawl/dropped/claimed_elsewhere` for the other); the claim
    ends with the commit, or is released when the article is dropped after all.
    The request behind a committed or dropped article is acknowledged to the
    shared frontier then (newscrawl.distributed).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.recorder: DurableRecorder | None = None
        self.run_id: int | None = None
        self.claimed: set[int] = set()  # ids of articles this pipeline claimed and passed on, not yet scraped
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        if not state_uri(crawler.settings):
            raise NotConfigured("NEWSCRAWL_STATE is empty")
        return cls(crawler)

    def _store(self) -> StateStore | None:
        return getattr(self.crawler.spider, "state_store", None)

    def spider_opened(self) -> None:
        """Register this run and its output files, so a kill is reconciled by the next run."""
        store = self._store()
        if store is None:
            return
        exporter = _feed_exporter(self.crawler)
        self.run_id = store.begin_run(_local_feed_paths(exporter))
        settings = self.crawler.settings
        self.recorder = DurableRecorder(store, lambda: exporter.slots if exporter is not None else (),
                                        settings.getint("NEWSCRAWL_STATE_BATCH"),
                                        settings.getfloat("NEWSCRAWL_STATE_FLUSH_SECONDS"),
                                        ack=lambda tokens: acknowledge_tokens(self.crawler, tokens))

    def process_item(self, item: Any) -> Any:
        store = self._store()
        if not isinstance(item, Article) or store is None:
            return item
        key = item.canonical_url or item.url
        if not store.claim(key, self.run_id):  # another worker emits it (or redoes it if that one dies)
            self.stats.inc_value("newscrawl/dropped/claimed_elsewhere")
            raise DropItem("claimed_elsewhere", log_level="DEBUG")
        known = store.get(key)  # read after the claim: a commit writes the record before it ends its claim
        changed = known is None or store.is_changed(key, fingerprint(item.headline, item.body), item.modified)
        if not changed and not getattr(self.crawler.spider, "fresh", False):
            store.release(key, self.run_id)
            self.stats.inc_value("newscrawl/dropped/unchanged")
            raise DropItem("unchanged", log_level="DEBUG")
        self.stats.inc_value("newscrawl/state/updated" if known else "newscrawl/state/new")
        self.claimed.add(id(item))
        return item

    def item_scraped(self, item: Any, response: Any = None) -> None:
        self.claimed.discard(id(item))
        if isinstance(item, Article) and self.recorder is not None:
            self.recorder.add(records_of(item, datetime.now(UTC)), _tokens(response))

    def item_dropped(self, item: Any, response: Any = None) -> None:
        """An article dropped (or failed) after it may have been claimed: the claim goes, its work is done."""
        store = self._store()
        if store is None:
            return
        if id(item) in self.claimed:  # dropped after this pipeline claimed it (over_limit); not before (duplicate)
            self.claimed.discard(id(item))
            store.release(item.canonical_url or item.url, self.run_id)
        acknowledge_tokens(self.crawler, _tokens(response))

    def spider_closed(self) -> None:
        """Last batch (after the final flush), then the run is finished: nothing to reconcile."""
        store = self._store()
        if self.recorder is None or store is None or self.run_id is None:
            return
        self.recorder.commit()
        settle(self.crawler)  # distributed mode: what reached the spider is done; the rest goes back to the queue
        store.finish_run(self.run_id)


def _tokens(response: Any) -> list[str]:
    """The shared-frontier token of the request behind an item (distributed mode), as a list."""
    token = getattr(response, "meta", {}).get(META_TOKEN) if response is not None else None
    return [token] if token else []


def _feed_exporter(crawler: Crawler) -> FeedExporter | None:
    extensions = getattr(getattr(crawler, "extensions", None), "middlewares", ())
    return next((ext for ext in extensions if isinstance(ext, FeedExporter)), None)


def _local_feed_paths(exporter: FeedExporter | None) -> list[str]:
    """Paths of the run's local output files (other storages cannot be read back)."""
    if exporter is None:
        return []
    paths = [getattr(slot.storage, "path", None) for slot in exporter.slots]
    return [str(Path(p).resolve()) for p in paths if isinstance(p, str)]


class LimitPipeline:
    """Stops the crawl once the spider's `limit` articles have been emitted (per worker in distributed mode)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LimitPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        limit = getattr(self.crawler.spider, "limit", None)
        if not isinstance(item, Article) or limit is None:
            return item
        if self.count >= limit:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/dropped/over_limit")
            raise DropItem("over_limit", log_level="DEBUG")
        self.count += 1
        if self.count == limit:
            assert self.crawler.engine is not None
            logger.info("Reached limit=%d articles: closing", limit)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="limit_reached"))
        return item
