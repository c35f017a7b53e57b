"""The crawl policy in isolation: what each kind of link may cost, and the candidate checks, as a table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.distributed import redis_url, state_uri
from newscrawl.policy import (
    ARTICLE,
    ARTICLE_LIKE,
    LINK,
    META_FOLLOW,
    META_HOPS,
    META_PAGE,
    PAGINATION,
    CrawlPolicy,
    CrawlPolicyMiddleware,
    follow,
)
from newscrawl.profiles import load_profiles
from newscrawl.state import SQLiteStateStore

SETTINGS = {"NEWSCRAWL_FOLLOW_DEPTH": 2, "NEWSCRAWL_MAX_LISTING_PAGES": 3, "NEWSCRAWL_MAX_CHILD_SITEMAPS": 2}
PROFILE = """\
name = "mock"
domains = ["e.in"]
[start]
listings = ["https://e.in/tech/"]
[urls]
article = ['^https://e\\.in/tech/[a-z-]+-\\d+\\.html$']
section = ['^/tech/']
exclude = ['^/tech/video/']
"""


def spider(tmp_path: Path, **kw: Any) -> SimpleNamespace:
    (tmp_path / "mock.toml").write_text(PROFILE, encoding="utf-8")
    base = {"allowed_domains": ["e.in"], "profiles": load_profiles(tmp_path), "since": None, "fresh": False,
            "state_store": None}
    return SimpleNamespace(**{**base, **kw})


def request(url: str, kind: str, hops: int = 1, page: int = 0, **kw: Any) -> Request:
    return Request(url, meta={META_HOPS: hops, META_PAGE: page, META_FOLLOW: follow(kind, **kw)})


@pytest.mark.parametrize(("kind", "hops", "page", "reason"), [
    (ARTICLE, 9, 0, None),  # a profile-confirmed article is followed at any depth
    (ARTICLE_LIKE, 3, 0, None),  # one hop past the depth limit
    (ARTICLE_LIKE, 4, 0, "depth"),
    (LINK, 2, 0, None),
    (LINK, 3, 0, "depth"),
    (PAGINATION, 7, 2, None),  # pagination costs no depth
    (PAGINATION, 0, 3, "pagination_cap"),
])
def test_limits_by_kind(tmp_path: Path, kind: str, hops: int, page: int, reason: str | None) -> None:
    policy = CrawlPolicy(get_crawler(settings_dict=SETTINGS))
    assert policy.admit(request("https://e.in/tech/a-1.html", kind, hops, page), spider(tmp_path)) == reason


@pytest.mark.parametrize(("url", "reason"), [
    ("https://e.in/tech/a-1.html", None),
    ("https://other.in/tech/a-1.html", "offsite"),
    ("https://e.in/sports/a-1.html", "outside_section"),
    ("https://e.in/tech/video/a-1.html", "outside_section"),
])
def test_site_and_section(tmp_path: Path, url: str, reason: str | None) -> None:
    policy = CrawlPolicy(get_crawler(settings_dict=SETTINGS))
    assert policy.admit(request(url, ARTICLE), spider(tmp_path)) == reason


def test_since_and_the_incremental_state(tmp_path: Path) -> None:
    policy = CrawlPolicy(get_crawler(settings_dict=SETTINGS))
    store = SQLiteStateStore(tmp_path / "s.db")
    store.record("https://e.in/tech/known-1.html", "fp", None, datetime(2026, 11, 20, tzinfo=UTC))
    old, new = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC)
    crawl = spider(tmp_path, since=date(2026, 11, 10), state_store=store)
    assert policy.admit(request("https://e.in/tech/a-1.html", ARTICLE, dated=old), crawl) == "before_since"
    assert policy.admit(request("https://e.in/tech/known-1.html", ARTICLE), crawl) == "unchanged"
    assert policy.admit(request("https://e.in/tech/known-1.html", ARTICLE, lastmod=new), crawl) is None
    fresh = spider(tmp_path, state_store=store, fresh=True)
    assert policy.admit(request("https://e.in/tech/known-1.html", ARTICLE), fresh) is None
    store.close()


def test_the_middleware_drops_and_counts_and_lets_everything_else_through(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict=SETTINGS)
    crawler.spider = spider(tmp_path)  # type: ignore[assignment]
    crawler.stats.open_spider()  # type: ignore[union-attr]
    middleware = CrawlPolicyMiddleware(crawler)
    response = HtmlResponse("https://e.in/tech/", body=b"<html></html>")
    plain = Request("https://other.in/x")  # no policy meta: not the policy's to judge
    kept, deep = request("https://e.in/tech/a-1.html", ARTICLE), request("https://e.in/x", LINK, hops=5)
    out = list(middleware.process_spider_output(response, [plain, kept, deep, {"item": 1}]))
    assert out == [plain, kept, {"item": 1}]
    assert META_FOLLOW not in kept.meta, "decided: nothing of it travels with the request"
    assert crawler.stats.get_value("newscrawl/skipped/depth") == 1  # type: ignore[union-attr]


def test_child_sitemaps_newest_within_since_capped(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict=SETTINGS)
    crawler.stats.open_spider()  # type: ignore[union-attr]
    entries = [SimpleNamespace(loc=f"https://e.in/s{d}.xml", lastmod=datetime(2026, 11, d, tzinfo=UTC))
               for d in (1, 12, 20, 15)]
    chosen = CrawlPolicy(crawler).child_sitemaps("https://e.in/index.xml", entries,
                                                 spider(tmp_path, since=date(2026, 11, 10)))
    assert [e.loc for e in chosen] == ["https://e.in/s20.xml", "https://e.in/s15.xml"]
    assert crawler.stats.get_value("newscrawl/skipped/sitemap_before_since") == 1  # type: ignore[union-attr]
    assert crawler.stats.get_value("newscrawl/skipped/sitemap_cap") == 1  # type: ignore[union-attr]


def test_without_a_redis_url_the_state_is_sqlite_and_nothing_is_distributed() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_STATE": "state/x.sqlite"})
    assert redis_url(crawler.settings) == "" and state_uri(crawler.settings) == "state/x.sqlite"
    crawler = get_crawler(settings_dict={"REDIS_URL": "redis://h:6379/0", "NEWSCRAWL_STATE": "state/x.sqlite"})
    assert state_uri(crawler.settings) == "redis://h:6379/0", "scrapy-redis's own setting switches it on too"
