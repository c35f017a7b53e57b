"""Item pipelines: thin Scrapy wrappers over the pure parsing in newscrawl.parse."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, tzinfo
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from newscrawl.discovery.urls import canonicalize
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
    """One article once per run, however many URLs (AMP, tracking params, redirects) lead to it."""

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
    sitemaps and feeds say is unchanged). An article is recorded only once it
    is actually scraped (item_scraped, after every pipeline, when the feeds
    take it), under its canonical URL and the URL it was fetched from, so a
    drop further down (limit) or a crash before export never marks it seen.
    `fresh=1` emits everything but still records.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        if not crawler.settings.get("NEWSCRAWL_STATE"):
            raise NotConfigured("NEWSCRAWL_STATE is empty")
        return cls(crawler)

    def _store(self) -> StateStore | None:
        return getattr(self.crawler.spider, "state_store", None)

    def process_item(self, item: Any) -> Any:
        store = self._store()
        if not isinstance(item, Article) or store is None:
            return item
        key = item.canonical_url or item.url
        known = store.get(key)
        changed = known is None or store.is_changed(key, fingerprint(item.headline, item.body), item.modified)
        if not changed and not getattr(self.crawler.spider, "fresh", False):
            self.stats.inc_value("newscrawl/dropped/unchanged")
            raise DropItem("unchanged", log_level="DEBUG")
        self.stats.inc_value("newscrawl/state/updated" if known else "newscrawl/state/new")
        return item

    def item_scraped(self, item: Any) -> None:
        store = self._store()
        if not isinstance(item, Article) or store is None:
            return
        digest = fingerprint(item.headline, item.body)
        now = datetime.now(UTC)
        for key in dict.fromkeys(k for k in (item.canonical_url, item.url) if k):
            store.record(key, digest, item.modified, now)


class LimitPipeline:
    """Stops the crawl once the spider's `limit` articles have been emitted."""

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
