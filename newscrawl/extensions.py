"""Run-level extensions: per-field stats (newscrawl/fields/<name>) and the closing summary line."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.outcome import EXIT_OK, run_outcome

logger = logging.getLogger(__name__)


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


class RunSummary:
    """Ends every run with one summary line and records its exit status (newscrawl/exit_code).

    The project's `scrapy crawl` exits with that status, so cron and systemd
    notice a run that fetched nothing or ran with a broken profile.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        sites = getattr(spider, "summary_sites", lambda: ())()
        outcome = run_outcome(stats.get_stats(), sites)
        stats.set_value("newscrawl/exit_code", outcome.exit_code)
        level = logging.INFO if outcome.exit_code == EXIT_OK else logging.ERROR
        logger.log(level, "%s (closed: %s)", outcome.line, reason)


class OneLineNetworkErrors:
    """Network failures logged as one line each, without a traceback.

    Scrapy's robots.txt middleware logs every unreachable robots.txt at ERROR
    with a full traceback; a night with a dead site would print dozens. The
    spider's errback already logs each failed request once with its reason.
    """

    LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineNetworkErrors:
        ext = cls()
        for name in cls.LOGGERS:
            target = logging.getLogger(name)
            if not any(isinstance(f, _OneLine) for f in target.filters):
                target.addFilter(_OneLine())
        return ext


class _OneLine(logging.Filter):
    """Drops the traceback and reports the failure as a warning (the run summary counts it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True
