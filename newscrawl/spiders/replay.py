"""Replay saved pages through the live crawl's code: `scrapy crawl replay -a path=DIR`.

Every *.html / *.htm (optionally .gz) file under DIR is one page. Its URL,
fetch time and headers come from a sidecar `<name>.meta.json` when present,
else from the page's canonical link or og:url. Files are fetched through
Scrapy's own file:// download handler, so engine, pipelines and feeds are the
real ones.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from newscrawl.arguments import ArgumentError, parse_date, parse_positive_int, reject_unknown
from newscrawl.discovery.urls import canonicalize, host_in, is_amp_copy, site_of
from newscrawl.extract.page import decode, url_hint
from newscrawl.items import Article
from newscrawl.process import maybe_gunzip
from newscrawl.profiles import profile_for_url
from newscrawl.spiders.base import ArticleSpider
from newscrawl.warc import ARCHIVED_PAGE, ARCHIVED_PAGE_DATA, WARC_SUFFIXES, is_warc, page_refs

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def sidecar_of(page: Path) -> Path:
    """page.html → page.meta.json; page.html.gz → page.meta.json."""
    name = page.name
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return page.with_name(name + ".meta.json")


def find_pages(root: Path) -> list[Path]:
    """Saved pages and WARC files under root (or root itself), in a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES + WARC_SUFFIXES))


class ReplaySpider(ArticleSpider):
    name = "replay"
    site = "replay"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "RETRY_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
    }

    ARGUMENTS = ("path", "since", "limit", "site")

    def __init__(self, path: str | None = None, since: str | None = None, limit: str | None = None,
                 site: str | None = None, *args: Any, **kwargs: Any) -> None:
        self.check_arguments({**kwargs, "path": path, "since": since, "limit": limit, "site": site})
        super().__init__(*args, **kwargs)
        self.root = Path(str(path)).expanduser().resolve()
        self.since = parse_date("since", since)  # read by SincePipeline, as in a live crawl
        self.limit = parse_positive_int("limit", limit)  # read by LimitPipeline
        self.only_site = (site or "").strip().lower().removeprefix("www.") or None
        self.held_copies: list[Article] = []  # AMP copies waiting to see whether their original is replayed
        self.emitted: set[str] = set()  # canonical keys of the articles emitted so far

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    @classmethod
    def check_arguments(cls, spargs: Mapping[str, Any]) -> None:
        """A readable folder or file must be named; anything else is refused before the crawl starts."""
        reject_unknown(cls.name, spargs, cls.ARGUMENTS)
        parse_date("since", spargs.get("since"))
        parse_positive_int("limit", spargs.get("limit"))
        path = spargs.get("path")
        if not path:
            raise ArgumentError("replay needs a folder or file: scrapy crawl replay -a path=DIR")
        root = Path(str(path)).expanduser()
        if not root.exists():
            raise ArgumentError(f"-a path={path!r}: no such file or folder")
        if not find_pages(root.resolve()):
            raise ArgumentError(f"-a path={path!r}: no saved pages (*.html, *.htm, optionally .gz) or WARC files in it")

    async def start(self) -> AsyncIterator[Any]:
        pages = find_pages(self.root)
        logger.info("Replaying %d saved pages or archives from %s", len(pages), self.root)
        for page in pages:
            if is_warc(page):
                for request in self._from_warc(page):
                    yield request
                continue
            meta = _read_sidecar(sidecar_of(page))
            yield Request(page.as_uri(), callback=self.parse_page, dont_filter=True,
                          cb_kwargs={"meta": meta, "path": str(page)})

    def _wanted(self, url: str) -> bool:
        """`-a site=` keeps one site's pages (a host or its subdomains, or a profile name); others are counted."""
        if self.only_site is None:
            return True
        profile = self.profiles.get(self.only_site)
        domains = profile.domains if profile is not None else (self.only_site,)
        if host_in(site_of(url), [d.lower().removeprefix("www.") for d in domains]):
            return True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/replay/skipped/other_site")
        return False

    def _from_warc(self, path: Path) -> Iterator[Request]:
        """A request per HTML page of an archive, answered from it (warc.ArchivedPageMiddleware)."""
        stats = self.crawler.stats
        assert stats is not None
        for ref in page_refs(path, lambda why: stats.inc_value(f"newscrawl/replay/skipped/{why}")):
            stats.inc_value("newscrawl/replay/pages")
            if self._wanted(ref.url):
                yield Request(ref.url, callback=self.parse_archived, dont_filter=True, meta={ARCHIVED_PAGE: ref})

    async def parse_archived(self, response: Response) -> AsyncIterator[Article]:
        """A page from a WARC: URL and fetch time from its record, headers from its HTTP block."""
        page = response.meta.pop(ARCHIVED_PAGE_DATA)
        article = await self.record_from(response, url=page.url, headers=page.headers, fetched_at=page.fetched_at)
        if article is not None and self._emit_now(article):
            yield article

    def _emit_now(self, article: Article) -> bool:
        """False for an AMP copy naming another page as its original: held until every page is replayed.

        Pages finish extraction in any order; a live crawl fetches the original
        instead of the copy, so the replay does too whenever the original is in
        the input, and emits the copy only when it is not.
        """
        profile = profile_for_url(self.profiles, article.url)
        if is_amp_copy(article.url, article.canonical_url, profile.drop_params if profile is not None else ()):
            self.held_copies.append(article)
            return False
        self.emitted.add(canonicalize(article.canonical_url or article.url).rstrip("/"))
        return True

    def spider_idle(self) -> None:
        """Every page is replayed: AMP copies whose original never came are emitted now (through a data: request)."""
        if not self.held_copies:
            return
        held, self.held_copies = self.held_copies, []
        orphans = [a for a in held if canonicalize(a.canonical_url or "").rstrip("/") not in self.emitted]
        assert self.crawler.stats is not None and self.crawler.engine is not None
        if len(held) > len(orphans):
            self.crawler.stats.inc_value("newscrawl/replay/skipped/amp_copy", len(held) - len(orphans))
        if orphans:
            self.crawler.engine.crawl(Request("data:,", callback=self._emit_orphans, dont_filter=True,
                                              cb_kwargs={"articles": orphans}))
            raise DontCloseSpider

    def _emit_orphans(self, response: Response, articles: list[Article]) -> Iterator[Article]:
        yield from articles

    async def parse_page(self, response: Response, meta: dict[str, Any], path: str) -> AsyncIterator[Article]:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/replay/pages")
        headers = meta.get("headers") if isinstance(meta.get("headers"), dict) else {}
        url = meta.get("url") if isinstance(meta.get("url"), str) else None
        if not url:
            url = url_hint(decode(maybe_gunzip(response.body), headers))
            if not url:
                self.crawler.stats.inc_value("newscrawl/replay/no_url")
                logger.warning("No URL for %s (no sidecar, canonical link or og:url): skipped", path)
                return
        fetched_at = meta.get("fetched_at") if isinstance(meta.get("fetched_at"), str) else None
        if not fetched_at:
            mtime = Path(path).stat().st_mtime
            fetched_at = datetime.fromtimestamp(mtime, UTC).isoformat(timespec="seconds")
        if not self._wanted(url):
            return
        article = await self.record_from(response, url=url, headers=headers, fetched_at=fetched_at)
        if article is not None and self._emit_now(article):
            yield article


def _read_sidecar(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("Unreadable sidecar %s (%s): using the page's own URL", path, exc)
        return {}
    return data if isinstance(data, dict) else {}
