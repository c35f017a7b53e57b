"""Downloader middlewares: the network guard and polite retries.

A hostile page (or a redirect) can point a crawler at internal services; the
guard allows private, loopback and link-local addresses only for hosts named
in the start URLs or the site profiles. It checks the URL before download and
the peer address after.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.settings import Settings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.response import response_status_message
from twisted.internet.error import ConnectionRefusedError as TwistedConnectionRefused
from twisted.internet.error import DNSLookupError, NoRouteError

from newscrawl.discovery.netguard import is_forbidden_address, url_is_allowed
from newscrawl.discovery.urls import host_in, host_of

logger = logging.getLogger(__name__)


class NetGuardMiddleware:
    def __init__(self, crawler: Crawler, stats: StatsCollector, extra_trusted: list[str]) -> None:
        self.crawler = crawler
        self.stats = stats
        self.extra_trusted = set(extra_trusted)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetGuardMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_NETGUARD_ENABLED"):
            raise NotConfigured("NEWSCRAWL_NETGUARD_ENABLED is off")
        assert crawler.stats is not None
        mw = cls(crawler, crawler.stats, crawler.settings.getlist("NEWSCRAWL_TRUSTED_HOSTS"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        """Tell the process-wide DNS guard which hosts this crawl names."""
        TRUSTED_BY_CRAWLS.update(self._trusted(spider))

    def _trusted(self, spider: Spider | None) -> set[str]:
        return self.extra_trusted | set(getattr(spider, "trusted_hosts", ()) or ())

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.url.startswith(("http://", "https://")):
            return None  # file:// replay and data: URLs are local by design
        spider = spider or self.crawler.spider
        if not url_is_allowed(request.url, self._trusted(spider)):
            self._refuse(request.url, "address")
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        spider = spider or self.crawler.spider
        ip = getattr(response, "ip_address", None)
        if ip is not None and request.url.startswith(("http://", "https://")):
            host = host_of(request.url)
            trusted = self._trusted(spider)
            if is_forbidden_address(str(ip)) and not host_in(host, trusted):
                self._refuse(request.url, "resolved")
        return response

    def _refuse(self, url: str, why: str) -> None:
        self.stats.inc_value(f"newscrawl/blocked/private_{why}")
        logger.warning("Refused %s: private, loopback or link-local address not named in the start URLs or profiles",
                       url)
        raise IgnoreRequest(f"private address refused: {url}")


class RedirectWatchMiddleware:
    """Counts redirects that lead off the crawled sites: Scrapy's offsite filter drops them without a trace.

    Placed before RedirectMiddleware on the way back from the downloader, so
    it sees the 3xx response; the redirect itself is still handled by Scrapy.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectWatchMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        domains = getattr(spider or self.crawler.spider, "allowed_domains", None) or []
        if domains and not host_in(host_of(target), domains):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/skipped/redirect_offsite")
            logger.info("%s redirects off the crawled sites, to %s: not followed", request.url, target)
        return response


class HostDown(IgnoreRequest):
    """A request not sent because its host failed DNS or refused connections earlier in this run."""


# Failures that say the host itself is unreachable (not that one page is slow or broken).
HOST_FAILURES = (CannotResolveHostError, DownloadConnectionRefusedError, DNSLookupError, TwistedConnectionRefused,
                 NoRouteError)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but polite: wait before each retry of a 429/5xx or a network error.

    The wait is the server's Retry-After when it sends one, else
    NEWSCRAWL_RETRY_BACKOFF_BASE × 2^(retries so far), never more than
    NEWSCRAWL_RETRY_BACKOFF_MAX seconds. While it waits, the response holds
    one of the downloader's CONCURRENT_REQUESTS places (as a request queued
    behind a download delay does), so a site that keeps failing slows the
    crawl down rather than being hammered; keep the cap modest.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX")
        self.down: dict[str, str] = {}  # host → why it is down for the rest of this run

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        """Requests to a host that is down are not sent (counted as newscrawl/skipped/host_down)."""
        host = host_of(request.url)
        if host in self.down:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/skipped/host_down")
            raise HostDown(f"host down: {host} ({self.down[host]})")

    def delay_for(self, request: Request, response: Response | None = None) -> float:
        """Seconds to wait before retrying this request."""
        if response is not None:
            header = response.headers.get(b"Retry-After")
            if header:
                seconds = _retry_after_seconds(header.decode("latin-1"))
                if seconds is not None:
                    return max(0.0, min(seconds, self.cap))
        retries = int(request.meta.get("retry_times", 0))
        return min(self.base * (2**retries), self.cap)

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self.delay_for(request, response)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(delay)
        return retry

    async def process_exception(self, request: Request, exception: Exception,
                                spider: Spider | None = None) -> Request | Response | None:
        if isinstance(exception, HOST_FAILURES) and self._host_is_down(request, exception):
            return None
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        delay = self.delay_for(request)
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(delay)
        return retry

    def _host_is_down(self, request: Request, exception: Exception) -> bool:
        """A host that failed DNS or refused a connection twice (the request and one retry) is down for the run."""
        host = host_of(request.url)
        if not host or host in self.down or int(request.meta.get("retry_times", 0)) < 1:
            return bool(host) and host in self.down
        self.down[host] = type(exception).__name__
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/hosts_down")
        logger.warning("Host %s is down for this run (%s, also on retry): its other requests are skipped", host,
                       self.down[host])
        return True

    async def _wait(self, delay: float) -> None:
        if delay <= 0:
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/retry/backoff_seconds", round(delay, 3))
        await asyncio.sleep(delay)


def _retry_after_seconds(value: str) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    value = value.strip()
    if value.isdecimal() and value.isascii():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching DNS resolver, refusing private answers for hosts nobody named.

    The network guard middleware judges URLs by name; a public-looking name
    can still resolve to 10.x or 169.254.169.254. This resolver stops the
    connection before it is made (the request then fails with
    DNSLookupError, counted under newscrawl/failed/). Scrapy builds one
    resolver per process, so the hosts named by each running crawl are
    shared through TRUSTED_BY_CRAWLS, filled by NetGuardMiddleware.
    """

    enabled = True

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.enabled = crawler.settings.getbool("NEWSCRAWL_NETGUARD_ENABLED", True)
        TRUSTED_BY_CRAWLS.update(crawler.settings.getlist("NEWSCRAWL_TRUSTED_HOSTS"))
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # Twisted names it
        deferred = super().getHostByName(name, timeout)
        deferred.addCallback(self.check, name)
        return deferred

    def check(self, address: str, name: str) -> str:
        """The address, or DNSLookupError when it is private and the host was not named."""
        if not self.enabled or not is_forbidden_address(str(address)):
            return address
        host = name.lower().rstrip(".")
        if host_in(host, TRUSTED_BY_CRAWLS):
            return address
        logger.warning("Refused %s: it resolves to %s, a private address not named in the start URLs or profiles",
                       name, address)
        raise DNSLookupError(f"{name} resolves to a private address ({address}): refused")


# Hosts named in start URLs, profiles or NEWSCRAWL_TRUSTED_HOSTS by the crawls of this process.
TRUSTED_BY_CRAWLS: set[str] = set()
