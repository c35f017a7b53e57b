"""Live crawl of profiled sites or ad-hoc start URLs: `scrapy crawl news -a site=NAME`.

Routing only. Each response is classified by its content (robots.txt,
sitemap index, sitemap, RSS/Atom, HTML) and handed to the matching
discovery parser; article pages go to the pure extraction code via
`ArticleSpider.record_from` (in the worker pool). Arguments:

    site=NAME|all     crawl one profile from seeds/ (or every profile)
    start=URL[,URL]   crawl ad-hoc start URLs with the generic extractor, staying on their hosts
    since=YYYY-MM-DD  skip articles published before that day (India time)
    limit=N           stop after N articles
    fresh=1           ignore the incremental state (still update it)
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.arguments import ArgumentError, parse_bool, parse_date, parse_positive_int, parse_urls, reject_unknown
from newscrawl.discovery.feeds import parse_feed
from newscrawl.discovery.kinds import detect_kind
from newscrawl.discovery.listings import PageLinks
from newscrawl.discovery.sitemaps import parse_sitemap, robots_sitemaps
from newscrawl.discovery.urls import (
    canonicalize,
    host_in,
    host_of,
    is_amp_copy,
    looks_like_article,
    looks_like_pagination,
)
from newscrawl.distributed import acknowledge, open_crawl_state, share_hosts
from newscrawl.durability import reconcile
from newscrawl.middlewares import HostDown
from newscrawl.parse.dates import IST
from newscrawl.policy import (
    ARTICLE,
    ARTICLE_LIKE,
    LINK,
    META_FOLLOW,
    META_HOPS,
    META_PAGE,
    PAGINATION,
    CrawlPolicy,
    follow,
)
from newscrawl.profiles import SiteProfile, profile_for_url
from newscrawl.spiders.base import ArticleSpider
from newscrawl.state import StateStore

logger = logging.getLogger(__name__)

__all__ = ["META_HOPS", "META_PAGE", "META_SITE", "META_START", "NewsSpider", "failure_reason"]
META_SITE = "newscrawl_site"  # profile name (or start host) the request belongs to
META_START = "newscrawl_start"  # True for a start endpoint: failures are reported per profile


class NewsSpider(ArticleSpider):
    name = "news"

    ARGUMENTS = ("site", "start", "since", "limit", "fresh")

    def __init__(self, site: str | None = None, start: str | None = None, since: str | None = None,
                 limit: str | int | None = None, fresh: str | None = None, *args: Any, **kwargs: Any) -> None:
        self.check_arguments({**kwargs, "site": site, "start": start, "since": since, "limit": limit, "fresh": fresh})
        super().__init__(*args, **kwargs)
        self.site_arg = site
        self.site = site or "adhoc"  # used in the default FEEDS path
        self.start_arg = parse_urls("start", start)
        self.since: date | None = parse_date("since", since)
        self.limit = parse_positive_int("limit", limit)
        self.fresh = parse_bool("fresh", fresh)
        self.state_store: StateStore | None = None
        self.policy: CrawlPolicy | None = None  # what is worth fetching (newscrawl/policy.py)
        self.recovered = 0  # articles a killed earlier run wrote, read back into the state at start
        self.selected: dict[str, SiteProfile] = {}
        self.trusted_hosts: set[str] = set()
        self.allowed_domains: list[str] = []

    @classmethod
    def check_arguments(cls, spargs: Mapping[str, Any]) -> None:
        """Every argument checked up front; raises ArgumentError naming the first bad one."""
        reject_unknown(cls.name, spargs, cls.ARGUMENTS)
        if not spargs.get("site") and not spargs.get("start"):
            raise ArgumentError("news needs -a site=NAME (or site=all) or -a start=URL[,URL…]")
        parse_urls("start", spargs.get("start"))
        parse_date("since", spargs.get("since"))
        parse_positive_int("limit", spargs.get("limit"))
        parse_bool("fresh", spargs.get("fresh"))

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        spider._select_profiles()
        share_hosts(crawler, spider)  # distributed mode: hosts named by any worker are named for all
        spider.policy = CrawlPolicy(crawler)
        spider.state_store = open_crawl_state(crawler.settings)  # the shared Redis in distributed mode
        if spider.state_store is not None:
            spider.recovered = reconcile(spider.state_store)  # counted in stats once the crawl has started
        # After every spider_closed handler (the state pipeline commits its last batch there).
        crawler.signals.connect(spider._close_state, signal=signals.engine_stopped)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    # -- set-up -------------------------------------------------------------------------

    def _select_profiles(self) -> None:
        profiles = self.profiles
        if self.site_arg == "all":
            self.selected = dict(profiles)
        elif self.site_arg:
            if self.site_arg not in profiles:
                known = ", ".join(sorted(profiles)) or "none"
                raise ArgumentError(f"-a site={self.site_arg!r}: no such profile; profiles in seeds/: {known}")
            self.selected = {self.site_arg: profiles[self.site_arg]}
        hosts: set[str] = set()
        for profile in self.selected.values():
            hosts.update(profile.domains)
            hosts.update(host_of(u) for u in (*profile.start_urls(), *profile.dated_sitemaps) if "{" not in u)
        hosts.update(host_of(u) for u in self.start_arg)
        hosts.discard("")
        self.trusted_hosts = set(hosts)
        self.allowed_domains = sorted({h.removeprefix("www.") for h in hosts})

    def summary_sites(self) -> list[str]:
        """What this run was asked to crawl: profile names and ad-hoc start hosts (for the summary)."""
        return list(dict.fromkeys([*self.selected, *(host_of(u) for u in self.start_arg)]))

    def _close_state(self) -> None:
        if self.state_store is not None:
            self.state_store.close()

    # -- start ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        assert self.crawler.stats is not None
        if self.profile_errors:
            self.crawler.stats.set_value("newscrawl/profiles/broken", len(self.profile_errors))
        if self.recovered:
            self.crawler.stats.set_value("newscrawl/state/recovered", self.recovered)
        for name, profile in self.selected.items():
            for request in self._profile_start(name, profile):
                yield request
        for url in self.start_arg:
            for request in self._url_start(url):
                yield request

    def _profile_start(self, name: str, profile: SiteProfile) -> Iterable[Request]:
        """A profile's start endpoints: robots.txt, feeds, sitemaps (today's and yesterday's dated ones), listings."""
        logger.info("Profile %s: %d feeds, %d sitemaps, %d listings", name, len(profile.feeds),
                    len(profile.sitemaps), len(profile.listings))
        today = datetime.now(IST).date()
        urls: list[str] = []
        if profile.robots:
            urls.extend(profile.robots_txt_urls())
        urls.extend(profile.feeds)
        urls.extend(profile.sitemaps)
        for day in (today, today - timedelta(days=1)):
            urls.extend(profile.dated_sitemap_urls(day))
        urls.extend(profile.listings)
        for url in dict.fromkeys(urls):
            yield self._request(url, site=name, hops=0, start=True)

    def _url_start(self, url: str) -> Iterable[Request]:
        """An ad-hoc start URL and its host's robots.txt (for its Sitemap: lines)."""
        host = host_of(url)
        robots = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/robots.txt"
        yield self._request(robots, site=host, hops=0, start=True)
        yield self._request(url, site=host, hops=0, start=True)

    def pushed_requests(self, entry: Mapping[str, Any]) -> list[Request]:
        """Start requests for an entry pushed to the shared frontier (`scrapy frontier push`): a profile or a URL."""
        name, url = entry.get("site"), entry.get("url")
        if isinstance(name, str) and name in self.profiles:
            return list(self._profile_start(name, self.profiles[name]))
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return list(self._url_start(url))
        logger.warning("Pushed start entry %r names no known profile and no http(s) URL: ignored", dict(entry))
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/skipped/bad_start_entry")
        return []

    def _request(self, url: str, *, site: str, hops: int, start: bool = False, page: int = 0,
                 follow: Mapping[str, Any] | None = None) -> Request:
        meta: dict[str, Any] = {META_SITE: site, META_HOPS: hops, META_PAGE: page, META_START: start}
        if follow is not None:
            meta[META_FOLLOW] = dict(follow)  # for the crawl policy (newscrawl/policy.py)
        # Breadth first: start endpoints and listings before the pages they lead to, so a page is
        # first scheduled by its shortest route (the dupe filter keeps the first).
        return Request(url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=start,
                       priority=-hops)

    # -- routing -------------------------------------------------------------------------------

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        kind = detect_kind(response.url, content_type, response.body)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/responses/{kind}")
        self.crawler.stats.inc_value(f"newscrawl/site_responses/{response.meta.get(META_SITE, '')}")
        if kind == "html":
            async for out in self._from_html(response):
                yield out
            return
        for out in self._route_data(kind, response):
            yield out

    def _route_data(self, kind: str, response: Response) -> Iterable[Request]:
        """robots.txt, sitemaps and feeds: cheap to read, handled in the callback."""
        if kind == "robots":
            yield from self._from_robots(response)
        elif kind in ("sitemap", "sitemapindex"):
            yield from self._from_sitemap(response)
        elif kind in ("rss", "atom"):
            yield from self._from_feed(response)

    def _from_robots(self, response: Response) -> Iterable[Request]:
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        site = response.meta.get(META_SITE, "")
        for url in robots_sitemaps(text, response.url):
            if self._on_site(url, count=True):
                yield self._request(url, site=site, hops=0)

    def _from_sitemap(self, response: Response) -> Iterable[Request]:
        sitemap = parse_sitemap(response.body)
        site = response.meta.get(META_SITE, "")
        if sitemap.kind == "index":
            yield from self._child_sitemaps(response.url, sitemap.entries, site)
            return
        for entry in sitemap.entries:
            yield from self._candidate(entry.loc, site=site, hops=1, kind=ARTICLE,
                                       lastmod=entry.lastmod or entry.news_published,
                                       dated=entry.news_published or entry.lastmod)

    def _child_sitemaps(self, url: str, entries: list[Any], site: str) -> Iterable[Request]:
        """The child sitemaps of an index the crawl policy chooses (newest, within `since`, capped)."""
        assert self.policy is not None
        children = [e for e in entries if self._on_site(e.loc, count=True)]
        for entry in self.policy.child_sitemaps(url, children, self):
            yield self._request(entry.loc, site=site, hops=0)

    def _from_feed(self, response: Response) -> Iterable[Request]:
        site = response.meta.get(META_SITE, "")
        for entry in parse_feed(response.body, response.url):
            yield from self._candidate(entry.url, site=site, hops=1, kind=ARTICLE,
                                       lastmod=entry.updated or entry.published, dated=entry.published)

    async def _from_html(self, response: Response) -> AsyncIterator[Any]:
        url = response.url
        profile = profile_for_url(self.profiles, url)
        site = response.meta.get(META_SITE, "")
        verdict = profile.is_article_url(url) if profile is not None else None
        # One trip to the worker pool: the record, or (for a page that gives none) the links to follow.
        outcome = await self.page_outcome(response, links=verdict is not True, record=verdict is not False)
        if outcome.article is not None:
            canonical = outcome.article.canonical_url
            if canonical and self._redirect_to_canonical(url, canonical, profile):
                yield self._request(canonicalize(canonical), site=site, hops=response.meta.get(META_HOPS, 1))
                return
            yield outcome.article
            return
        if outcome.links is None:
            return  # an article URL that did not hold an article: counted, not followed
        for request in self._follow_links(response, outcome.links, profile, site):
            yield request

    def _redirect_to_canonical(self, url: str, canonical: str, profile: SiteProfile | None) -> bool:
        """An AMP copy names its original in rel=canonical: fetch that instead.

        Only AMP copies: a page whose canonical merely differs (http/https,
        a slug variant, a homepage) is emitted as it is, with canonical_url
        set, so a canonical that redirects back or is filtered cannot lose it.
        """
        drop = profile.drop_params if profile is not None else ()
        if not is_amp_copy(url, canonical, drop) or not self._on_site(canonical):
            return False
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/pages/to_canonical")
        logger.debug("%s names %s as canonical: fetching that instead", url, canonical)
        return True

    def _follow_links(self, response: Response, links: PageLinks, profile: SiteProfile | None,
                      site: str) -> Iterable[Request]:
        """A listing, tag, section or home page: its pagination, article links and other links, each by kind.

        The crawl policy (newscrawl/policy.py) applies the limits: pagination costs
        no depth but counts against NEWSCRAWL_MAX_LISTING_PAGES; articles are leaves
        one hop past the depth limit.
        """
        hops = int(response.meta.get(META_HOPS, 0))
        page = int(response.meta.get(META_PAGE, 0))
        if hops == 0:
            for feed in links.feeds:
                if self._on_site(feed):
                    yield self._request(feed, site=site, hops=0)
        nxt = links.next_page  # the profile's next_page selector first (found in the worker)
        if nxt and self._on_site(nxt, count=True):
            yield self._request(nxt, site=site, hops=hops, page=page + 1, follow=follow(PAGINATION, candidate=False))
        for link in links.links:
            if not self._on_site(link, count=True):
                continue
            link_profile = profile or profile_for_url(self.profiles, link)
            verdict = link_profile.is_article_url(link) if link_profile is not None else None
            if verdict is True:
                yield from self._candidate(link, site=site, hops=hops + 1, kind=ARTICLE)
            elif verdict is None and looks_like_article(link):
                yield from self._candidate(link, site=site, hops=hops + 1, kind=ARTICLE_LIKE)
            elif looks_like_pagination(link):
                yield from self._candidate(link, site=site, hops=hops, page=page + 1, kind=PAGINATION)
            else:
                yield from self._candidate(link, site=site, hops=hops + 1, kind=LINK)

    def _candidate(self, url: str, *, site: str, hops: int, kind: str = LINK, page: int = 0,
                   lastmod: datetime | None = None, dated: datetime | None = None) -> Iterable[Request]:
        """A discovered URL, canonicalised, as a request the crawl policy decides on (site, section, since, state).

        ``kind`` is how the spider routed the link (newscrawl.policy); ``lastmod`` what the
        sitemap/feed says about the last change (for the state); ``dated`` its publication
        date (for ``since``).
        """
        profile = profile_for_url(self.profiles, url)
        url = profile.canonical(url) if profile is not None else canonicalize(url)
        yield self._request(url, site=site, hops=hops, page=page, follow=follow(kind, lastmod=lastmod, dated=dated))

    def _on_site(self, url: str, *, count: bool = False) -> bool:
        """Whether a URL is on a crawled site; with `count`, an off-site URL is counted as skipped."""
        host = host_of(url)
        on = host_in(host, self.allowed_domains)
        if not on and count:
            self._skip("offsite")
        return on

    def _dropped(self, request: Request) -> None:
        """The scheduler refused a request (already fetched or queued in this run): counted, never silent."""
        if request.meta.get("redirect_times"):
            self._skip("redirect_to_known_url")
            logger.info("%s is a redirect to a URL already fetched or queued in this run (a loop or a duplicate): "
                        "not fetched again", request.url)
        else:
            self._skip("already_queued")

    def _skip(self, why: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/skipped/{why}")

    # -- failures ----------------------------------------------------------------------------------

    def failed(self, failure: Failure) -> None:
        """Count a failed request; a failed start endpoint is reported against its profile."""
        request = failure.request  # type: ignore[attr-defined]
        acknowledge(self.crawler, request)  # distributed mode: failed for good, not to be redone by another run
        assert self.crawler.stats is not None
        if failure.check(HostDown):  # counted as newscrawl/skipped/host_down
            if request.meta.get(META_START):
                self._start_failed(request, "host_down")
            else:
                logger.debug("Skipped %s: %s", request.url, failure.value)
            return
        reason = failure_reason(failure)
        if reason == "robots_disallowed":
            self._skip(reason)
            logger.debug("Skipped %s: disallowed by robots.txt", request.url)
            return
        self.crawler.stats.inc_value(f"newscrawl/failed/{reason}")
        if request.meta.get(META_START):
            self._start_failed(request, reason)
        else:
            logger.info("Failed %s (%s)", request.url, reason)

    def _start_failed(self, request: Request, reason: str) -> None:
        """A start endpoint that failed is reported against its profile; the crawl goes on with the rest."""
        assert self.crawler.stats is not None
        site = request.meta.get(META_SITE, "?")
        self.crawler.stats.inc_value(f"newscrawl/start_failed/{site}")
        logger.warning("Profile %s: start endpoint %s failed (%s); going on with the rest", site, request.url, reason)


# IgnoreRequest messages of Scrapy's own middlewares, as stable reason codes.
_IGNORED = (("max redirections", "redirect_loop"), ("robots.txt", "robots_disallowed"),
            ("private address", "private_address"))


def failure_reason(failure: Failure) -> str:
    """A short stable code for a failed request: http_<status>, redirect_loop, … or the exception's name."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        return next((code for cue, code in _IGNORED if cue in message), "ignored")
    return failure.type.__name__ if failure.type else "error"
