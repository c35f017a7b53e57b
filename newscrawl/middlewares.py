"""Downloader middleware: refuse private, loopback and link-local addresses the operator did not name.

A hostile page (or a redirect) can point a crawler at internal services; the
guard allows such addresses only for hosts named in the start URLs or the
site profiles. It checks the URL before download and the peer address after.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from newscrawl.discovery.netguard import is_forbidden_address, url_is_allowed
from newscrawl.discovery.urls import host_of

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
        return cls(crawler, crawler.stats, crawler.settings.getlist("NEWSCRAWL_TRUSTED_HOSTS"))

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
            if is_forbidden_address(str(ip)) and not any(host == t or host.endswith("." + t) for t in trusted):
                self._refuse(request.url, "resolved")
        return response

    def _refuse(self, url: str, why: str) -> None:
        self.stats.inc_value(f"newscrawl/blocked/private_{why}")
        logger.warning("Refused %s: private, loopback or link-local address not named in the start URLs or profiles",
                       url)
        raise IgnoreRequest(f"private address refused: {url}")
