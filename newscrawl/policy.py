"""Crawl policy: which discovered URLs are worth a request, decided outside the spider.

The spider routes: it reads a sitemap, feed or listing and yields a request
for every link it finds, saying what kind of link it is and what the source
said about it (`META_FOLLOW`). `CrawlPolicyMiddleware`, a spider middleware,
then applies the policy to the spider's output before anything is scheduled,
so the rules hold whatever the scheduler (Scrapy's own, or the shared
scrapy-redis frontier of distributed mode):

* follow depth (NEWSCRAWL_FOLLOW_DEPTH; an article link may be one hop deeper,
  a profile-confirmed article link always), listing pages
  (NEWSCRAWL_MAX_LISTING_PAGES);
* the crawled sites, the profile's section and exclusion rules;
* `since` (by the date the sitemap or feed gives);
* the incremental state: a known URL is refetched only when its sitemap or
  feed date is newer than what the state holds (`fresh=1` refetches).

Child sitemaps of an index are chosen here too (`child_sitemaps`): the
newest ones within `since`, at most NEWSCRAWL_MAX_CHILD_SITEMAPS. Every URL
left out is counted as `newscrawl/skipped/<reason>`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.discovery.urls import host_in, host_of
from newscrawl.parse.dates import IST
from newscrawl.profiles import profile_for_url

logger = logging.getLogger(__name__)

META_FOLLOW = "newscrawl_follow"  # {"kind", "candidate", "lastmod", "dated"}: read and removed by the policy
META_HOPS = "newscrawl_hops"  # link hops from a start page (articles are leaves)
META_PAGE = "newscrawl_page"  # position in a paginated listing chain

# Link kinds, as the spider routed them.
ARTICLE = "article"  # the profile's article pattern matched: followed at any depth
ARTICLE_LIKE = "article_like"  # looks like an article (no profile rule): one hop past the depth limit
PAGINATION = "pagination"  # the next page of a listing: costs no depth, counts against the page cap
LINK = "link"  # anything else: within the depth limit


class CrawlPolicy:
    """The rules, with the settings read once; the spider's own arguments are read when asked."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.max_depth = settings.getint("NEWSCRAWL_FOLLOW_DEPTH")
        self.max_pages = settings.getint("NEWSCRAWL_MAX_LISTING_PAGES")
        self.max_children = settings.getint("NEWSCRAWL_MAX_CHILD_SITEMAPS")

    def admit(self, request: Request, spider: Spider) -> str | None:
        """None to fetch the request, else the reason it is skipped."""
        follow = request.meta.get(META_FOLLOW) or {}
        reason = self._limit(follow.get("kind", LINK), int(request.meta.get(META_HOPS, 0)),
                             int(request.meta.get(META_PAGE, 0)))
        if reason is None and follow.get("candidate"):
            reason = self._candidate(request.url, spider, follow.get("lastmod"), follow.get("dated"))
        return reason

    def _limit(self, kind: str, hops: int, page: int) -> str | None:
        if kind == PAGINATION:
            return None if page < self.max_pages else "pagination_cap"
        if kind == ARTICLE_LIKE:
            return None if hops <= self.max_depth + 1 else "depth"
        if kind == LINK:
            return None if hops <= self.max_depth else "depth"
        return None

    def _candidate(self, url: str, spider: Spider, lastmod: datetime | None, dated: datetime | None) -> str | None:
        """Site, section, since, incremental state: is a discovered page worth fetching?

        ``lastmod`` is what the sitemap/feed says about the last change (for the state);
        ``dated`` its publication date (for ``since``).
        """
        if not host_in(host_of(url), getattr(spider, "allowed_domains", None) or []):
            return "offsite"
        profile = profile_for_url(getattr(spider, "profiles", {}), url)
        if profile is not None and (profile.is_excluded(url) or not profile.in_section(url)):
            return "outside_section"
        since = getattr(spider, "since", None)
        if since and dated is not None and dated.astimezone(IST).date() < since:
            return "before_since"
        store = getattr(spider, "state_store", None)
        if store is not None and not getattr(spider, "fresh", False) and not store.should_fetch(url, lastmod):
            return "unchanged"
        return None

    def child_sitemaps(self, url: str, entries: list[Any], spider: Spider) -> list[Any]:
        """The newest child sitemaps of an index (within `since`), capped; what is left out is counted and said."""
        stats = self.crawler.stats
        assert stats is not None
        since = getattr(spider, "since", None)
        if since:
            kept = [e for e in entries if e.lastmod is None or e.lastmod.astimezone(IST).date() >= since]
            stats.inc_value("newscrawl/skipped/sitemap_before_since", len(entries) - len(kept))
            entries = kept
        entries = sorted(entries, key=lambda e: e.lastmod or datetime.min.replace(tzinfo=UTC), reverse=True)
        if len(entries) > self.max_children:
            stats.inc_value("newscrawl/skipped/sitemap_cap", len(entries) - self.max_children)
            logger.info("Sitemap index %s lists %d child sitemaps: following the newest %d "
                        "(NEWSCRAWL_MAX_CHILD_SITEMAPS)", url, len(entries), self.max_children)
        return entries[:self.max_children]


class CrawlPolicyMiddleware:
    """Spider middleware: drops (and counts) the spider's requests the crawl policy does not admit."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.policy = CrawlPolicy(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlPolicyMiddleware:
        return cls(crawler)

    def _admitted(self, output: Any) -> bool:
        if not isinstance(output, Request) or META_FOLLOW not in output.meta:
            return True
        spider = self.crawler.spider
        assert spider is not None and self.crawler.stats is not None
        reason = self.policy.admit(output, spider)
        del output.meta[META_FOLLOW]  # decided: nothing of it needs to travel with the request
        if reason is not None:
            self.crawler.stats.inc_value(f"newscrawl/skipped/{reason}")
        return reason is None

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (output for output in result if self._admitted(output))

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            if self._admitted(output):
                yield output


def follow(kind: str, *, candidate: bool = True, lastmod: datetime | None = None,
           dated: datetime | None = None) -> dict[str, Any]:
    """The META_FOLLOW value the spider puts on a discovered link for the policy."""
    return {"kind": kind, "candidate": candidate, "lastmod": lastmod, "dated": dated}
