"""What every newscrawl spider shares: turning a fetched page into an Article item.

Spiders only decide what to request; this helper hands the page to the pure
extraction code (in the worker pool, newscrawl.workers) and counts pages that
give no article.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.items import Article
from newscrawl.process import Outcome, report_failure
from newscrawl.profiles import ProfileError, SiteProfile, load_profiles, profile_for_url
from newscrawl.workers import PageJob, RecordMaker

logger = logging.getLogger(__name__)


class ArticleSpider(Spider):
    """Base for spiders that emit articles."""

    site = "all"  # used in the default FEEDS path (data/<spider>/<site>/<time>.jsonl)

    _profiles: dict[str, SiteProfile] | None = None
    profile_errors: Sequence[ProfileError] = ()
    record_maker: RecordMaker

    @property
    def profiles(self) -> dict[str, SiteProfile]:
        if self._profiles is None:
            seeds = self.settings.get("NEWSCRAWL_SEEDS_DIR")
            errors: list[ProfileError] = []
            if seeds and not Path(seeds).is_dir():
                errors.append(ProfileError(seeds, None, "NEWSCRAWL_SEEDS_DIR is not a folder: no profile loaded"))
            self._profiles = load_profiles(Path(seeds), errors) if seeds and Path(seeds).is_dir() else {}
            for error in errors:
                logger.error("Skipping broken site profile: %s", error)
            self.profile_errors = errors  # counted in stats once the crawl has started
        return self._profiles

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.record_maker = RecordMaker.from_crawler(crawler)
        return spider

    async def record_from(self, response: Response, *, url: str | None = None,
                          headers: Mapping[str, Any] | None = None, fetched_at: str | None = None) -> Article | None:
        """The page's article (not yet validated), or None (counted in stats) when there is none."""
        outcome = await self.page_outcome(response, url=url, headers=headers, fetched_at=fetched_at)
        return outcome.article

    async def page_outcome(self, response: Response, *, url: str | None = None,
                           headers: Mapping[str, Any] | None = None, fetched_at: str | None = None,
                           links: bool = False, record: bool = True) -> Outcome:
        """What the page gives: its article (every other outcome counted and logged once), and with ``links``
        what it links to when it gives no article; ``record=False`` asks for the links alone.

        The work runs in the worker pool (NEWSCRAWL_WORKERS); the callback awaits it without blocking the
        reactor; links are found there too (from a second parse: extraction edits its own tree).
        """
        url = url or response.url
        if headers is None:
            headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        fetched_at = fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        job = PageJob(url, response.body, dict(headers), fetched_at, profile_for_url(self.profiles, url), links,
                      record)
        outcome = await self.record_maker.make(job)
        if record:
            outcome.article = self._counted(url, outcome)
        if outcome.links is not None and outcome.links.problem:
            logger.warning("Links of %s: %s", url, outcome.links.problem)
        return outcome

    def _counted(self, url: str, outcome: Outcome) -> Article | None:
        """Every page that gives no article is counted under its reason and logged once."""
        stats = self.crawler.stats
        assert stats is not None
        if outcome.encoding_note:
            stats.inc_value("newscrawl/encoding/corrected")
            logger.info("Charset of %s: %s", url, outcome.encoding_note)
        if outcome.is_failure:  # a bug or a library break is a counted failure, never "not an article"
            stats.inc_value(f"newscrawl/{outcome.reason}")
            report_failure(url, outcome)
            return None
        if outcome.article is None:
            stats.inc_value(f"newscrawl/pages/{outcome.reason}")
            page_type = (outcome.reason or "").removeprefix("non_article/")
            level = logging.WARNING if page_type == "too_large" else logging.DEBUG
            logger.log(level, "Not an article (%s: %s): %s", page_type, outcome.detail, url)
            return None
        stats.inc_value("newscrawl/pages/article")
        return outcome.article
