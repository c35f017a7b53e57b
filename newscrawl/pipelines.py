"""Item pipelines: thin Scrapy wrappers over the pure parsing in newscrawl.parse."""

from __future__ import annotations

import logging
from datetime import tzinfo
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
