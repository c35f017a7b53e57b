"""Per-field stats: how many exported articles got each field (newscrawl/fields/<name>)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article


class FieldStats:
    """Counts filled fields of scraped articles, so a run shows where extraction is weak."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldStats:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any) -> None:
        if not isinstance(item, Article):
            return
        self.stats.inc_value("newscrawl/articles")
        for name, value in ItemAdapter(item).items():
            if value not in (None, "", [], 0):
                self.stats.inc_value(f"newscrawl/fields/{name}")
        if item.dateline is not None:
            for part in ("place", "date", "agency"):
                if getattr(item.dateline, part):
                    self.stats.inc_value(f"newscrawl/fields/dateline.{part}")
        if item.photo is not None:
            for part in ("caption", "credit"):
                if getattr(item.photo, part):
                    self.stats.inc_value(f"newscrawl/fields/photo.{part}")
