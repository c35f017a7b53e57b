"""Item pipelines: thin Scrapy wrappers over the pure parsing in newscrawl.parse."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, tzinfo
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawl.extract.raw import RawArticle
from newscrawl.items import Article
from newscrawl.parse.dates import IST
from newscrawl.parse.record import build_article
from newscrawl.parse.validate import validate
from newscrawl.timezones import zone

logger = logging.getLogger(__name__)


class ParsePipeline:
    """RawArticle → Article: headline, dates, photo, body, dateline."""

    def __init__(self, default_tz: tzinfo) -> None:
        self.default_tz = default_tz

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        return cls(zone(crawler.settings.get("NEWSCRAWL_TIMEZONE")) or IST)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawArticle):
            return item
        tz = zone(item.timezone) if getattr(item, "timezone", None) else self.default_tz
        return build_article(item, tz=tz or self.default_tz)


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
    if not url:
        return None
    from newscrawl.discovery.urls import canonicalize

    return canonicalize(url)


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
    sitemaps and feeds say is unchanged); `fresh=1` emits everything but still
    records, so the next incremental run starts from this one.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        if not crawler.settings.get("NEWSCRAWL_STATE"):
            raise NotConfigured("NEWSCRAWL_STATE is empty")
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        store = getattr(spider, "state_store", None)
        if not isinstance(item, Article) or store is None:
            return item
        from newscrawl.state import fingerprint

        key = item.canonical_url or item.url
        digest = fingerprint(item.headline, item.body)
        changed = store.is_changed(key, digest, item.modified)
        known = store.get(key) is not None
        store.record(key, digest, item.modified, datetime.now(UTC))
        if not changed and not getattr(spider, "fresh", False):
            self.stats.inc_value("newscrawl/dropped/unchanged")
            raise DropItem("unchanged", log_level="DEBUG")
        self.stats.inc_value("newscrawl/articles/updated" if known else "newscrawl/articles/new")
        return item


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
            raise DropItem("over_limit", log_level="DEBUG")
        self.count += 1
        if self.count == limit:
            assert self.crawler.engine is not None
            logger.info("Reached limit=%d articles: closing", limit)
            self.crawler.engine.close_spider(self.crawler.spider, "limit_reached")
        return item
