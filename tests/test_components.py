"""Scrapy components in isolation: pipelines, the network guard, stats and log lines."""

from __future__ import annotations

import asyncio
import ipaddress
from datetime import date
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.extensions import FieldStats
from newscrawl.extract.raw import Block, RawArticle
from newscrawl.items import Article, Dateline, Photo
from newscrawl.logformatter import NewsLogFormatter
from newscrawl.middlewares import BackoffRetryMiddleware, NetGuardMiddleware
from newscrawl.pipelines import (
    DedupPipeline,
    IncrementalPipeline,
    LimitPipeline,
    ParsePipeline,
    SincePipeline,
    ValidatePipeline,
)
from newscrawl.state import SQLiteStateStore

BODY = " ".join(["यह एक लंबा वाक्य है जो लेख के मुख्य भाग में आता है।"] * 5)


def article(url: str = "https://e.com/a-1.html", **kw: object) -> Article:
    fields = {"headline": "शीर्षक", "body": BODY, "word_count": len(BODY.split()),
              "published": "2026-11-20T10:00:00+05:30", **kw}
    return Article(url=url, **fields)  # type: ignore[arg-type]


PROJECT = {k: getattr(project_settings, k) for k in dir(project_settings) if k.startswith("NEWSCRAWL_")}


def crawler_with(spider_attrs: dict | None = None, settings: dict | None = None):
    """A crawler with the project's NEWSCRAWL_* defaults and a spider carrying the given attributes."""
    crawler = get_crawler(Spider, {**PROJECT, **(settings or {})})
    crawler.spider = Spider.from_crawler(crawler, name="t")
    for key, value in (spider_attrs or {}).items():
        setattr(crawler.spider, key, value)
    return crawler


def test_parse_pipeline_turns_raw_into_article_and_leaves_others() -> None:
    crawler = crawler_with(settings={"NEWSCRAWL_TIMEZONE": "Asia/Kolkata"})
    pipe = ParsePipeline.from_crawler(crawler)
    raw = RawArticle(url="https://e.com/x", h1s=["नई खबर"], blocks=[Block("नई दिल्ली: " + BODY)],
                     dates=[])
    item = pipe.process_item(raw)
    assert isinstance(item, Article)
    assert item.headline == "नई खबर" and item.dateline == Dateline(raw="नई दिल्ली:", place="नई दिल्ली")
    other = {"x": 1}
    assert pipe.process_item(other) is other


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (article(headline=None), "no_headline"),
        (article(body="", word_count=0), "empty_body"),
        (article(body="छोटा", word_count=1), "body_too_short"),
        (article(published="25 May"), "bad_date"),
    ],
)
def test_validate_drops_with_a_counted_reason(item: Article, reason: str) -> None:
    crawler = crawler_with(settings={"NEWSCRAWL_MIN_WORDS": 20})
    pipe = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipe.process_item(item)
    assert crawler.stats.get_value(f"newscrawl/dropped/{reason}") == 1


def test_validate_passes_good_articles() -> None:
    pipe = ValidatePipeline.from_crawler(crawler_with(settings={"NEWSCRAWL_MIN_WORDS": 20}))
    good = article()
    assert pipe.process_item(good) is good


def test_dedup_by_canonical_url_and_tracking_params() -> None:
    crawler = crawler_with()
    pipe = DedupPipeline.from_crawler(crawler)
    pipe.process_item(article("https://e.com/a-1.html?utm_source=x", canonical_url="https://e.com/a-1.html"))
    with pytest.raises(DropItem):
        pipe.process_item(article("https://e.com/amp/a-1.html", canonical_url="https://e.com/a-1.html"))
    with pytest.raises(DropItem):
        pipe.process_item(article("https://e.com/a-1.html#comments"))
    assert crawler.stats.get_value("newscrawl/dropped/duplicate") == 2


def test_dedup_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        DedupPipeline.from_crawler(crawler_with(settings={"NEWSCRAWL_DEDUP_ENABLED": False}))


def test_since_pipeline() -> None:
    crawler = crawler_with({"since": date(2026, 11, 10)})
    pipe = SincePipeline.from_crawler(crawler)
    assert pipe.process_item(article(published="2026-11-10T00:00:00+05:30"))
    with pytest.raises(DropItem):
        pipe.process_item(article(published="2026-11-09T23:59:00+05:30"))
    no_date = article(published=None)
    assert pipe.process_item(no_date) is no_date


def test_incremental_pipeline_emits_new_and_changed_only(tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path / "s.sqlite")
    crawler = crawler_with({"state_store": store, "fresh": False}, {"NEWSCRAWL_STATE": str(tmp_path / "s.sqlite")})
    pipe = IncrementalPipeline.from_crawler(crawler)
    pipe.spider_opened()
    first = article(url="https://e.com/a-1.html?utm_source=x", canonical_url="https://e.com/a-1.html")
    assert pipe.process_item(first) is first
    assert pipe.process_item(article()) is not None, "not recorded until scraped: still new"
    pipe.item_scraped(first)
    assert store.get("https://e.com/a-1.html") is None, "recorded with its batch, after the output is synced"
    pipe.spider_closed()
    assert store.get("https://e.com/a-1.html?utm_source=x") is not None, "the fetched URL is recorded too"
    assert store.unfinished_runs() == [], "a run that closed cleanly needs no reconciling"
    with pytest.raises(DropItem, match="unchanged"):
        pipe.process_item(article())
    changed = article(body=BODY + " नया वाक्य।")
    assert pipe.process_item(changed) is changed
    assert crawler.stats.get_value("newscrawl/state/new") == 2
    assert crawler.stats.get_value("newscrawl/state/updated") == 1
    crawler.spider.fresh = True
    assert pipe.process_item(changed) is changed
    store.close()


def test_incremental_pipeline_off_without_state_setting() -> None:
    with pytest.raises(NotConfigured):
        IncrementalPipeline.from_crawler(crawler_with(settings={"NEWSCRAWL_STATE": ""}))


def test_limit_pipeline_drops_over_the_limit() -> None:
    crawler = crawler_with({"limit": 2})
    closed: list[str] = []

    class Engine:
        def close_spider_async(self, *, reason: str) -> None:  # the real one is a coroutine; the call is enough
            closed.append(reason)

    crawler.engine = Engine()  # type: ignore[assignment]
    pipe = LimitPipeline.from_crawler(crawler)
    pipe.process_item(article("https://e.com/1"))
    pipe.process_item(article("https://e.com/2"))
    with pytest.raises(DropItem):
        pipe.process_item(article("https://e.com/3"))
    assert closed == ["limit_reached"]
    assert crawler.stats.get_value("newscrawl/dropped/over_limit") == 1


def test_netguard_refuses_private_addresses_not_named() -> None:
    crawler = crawler_with({"trusted_hosts": {"127.0.0.1", "news.example.com"}})
    mw = NetGuardMiddleware.from_crawler(crawler)
    assert mw.process_request(Request("http://127.0.0.1:8000/a")) is None
    assert mw.process_request(Request("https://news.example.com/a")) is None
    assert mw.process_request(Request("https://other.example.org/a")) is None  # public name, judged after DNS
    for url in ("http://10.0.0.5/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
                "http://192.168.1.1/admin", "http://localhost:9200/"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    resp = HtmlResponse("https://sneaky.example.org/", body=b"<html></html>",
                        ip_address=ipaddress.ip_address("10.1.2.3"))
    with pytest.raises(IgnoreRequest):
        mw.process_response(Request(resp.url), resp)
    ok = HtmlResponse("https://news.example.com/", body=b"<html></html>", ip_address=ipaddress.ip_address("10.1.2.3"))
    assert mw.process_response(Request(ok.url), ok) is ok
    assert crawler.stats.get_value("newscrawl/blocked/private_address") == 5
    assert crawler.stats.get_value("newscrawl/blocked/private_resolved") == 1


def test_field_stats_count_filled_fields() -> None:
    crawler = crawler_with()
    ext = FieldStats.from_crawler(crawler)
    ext.item_scraped(article(dateline=Dateline(raw="X:", place="X"), photo=Photo(url="u", credit="PTI")))
    stats = crawler.stats
    assert stats.get_value("newscrawl/fields/headline") == 1
    assert stats.get_value("newscrawl/fields/dateline.place") == 1
    assert stats.get_value("newscrawl/fields/dateline.agency") is None
    assert stats.get_value("newscrawl/fields/photo.credit") == 1
    assert stats.get_value("newscrawl/fields/summary") is None


def test_dropped_log_line_is_short() -> None:
    crawler = crawler_with()
    line = NewsLogFormatter().dropped(article(), DropItem("empty_body"), None, crawler.spider)
    assert line["msg"] % line["args"] == "Dropped https://e.com/a-1.html: empty_body"


def backoff_mw(**settings: object) -> tuple[BackoffRetryMiddleware, object]:
    crawler = crawler_with(settings={"NEWSCRAWL_RETRY_BACKOFF_BASE": 0.01, "NEWSCRAWL_RETRY_BACKOFF_MAX": 0.05,
                                     "RETRY_TIMES": 2, "RETRY_HTTP_CODES": [429, 503], **settings})
    return BackoffRetryMiddleware.from_crawler(crawler), crawler


def test_backoff_delay_grows_and_honours_retry_after() -> None:
    mw, _ = backoff_mw(NEWSCRAWL_RETRY_BACKOFF_BASE=2.0, NEWSCRAWL_RETRY_BACKOFF_MAX=60.0)
    req = Request("https://e.com/a")
    assert mw.delay_for(req) == 2.0
    assert mw.delay_for(req.replace(meta={"retry_times": 3})) == 16.0
    assert mw.delay_for(req.replace(meta={"retry_times": 10})) == 60.0
    resp = HtmlResponse(req.url, status=429, headers={"Retry-After": "7"})
    assert mw.delay_for(req, resp) == 7.0
    resp = HtmlResponse(req.url, status=503, headers={"Retry-After": "86400"})
    assert mw.delay_for(req, resp) == 60.0
    resp = HtmlResponse(req.url, status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert mw.delay_for(req, resp) == 0.0


def test_backoff_retries_429_after_waiting_then_gives_up() -> None:

    mw, crawler = backoff_mw()
    req = Request("https://e.com/a")
    resp = HtmlResponse(req.url, status=429)
    retry = asyncio.run(mw.process_response(req, resp))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    again = asyncio.run(mw.process_response(retry, resp.replace(request=retry)))
    assert isinstance(again, Request) and again.meta["retry_times"] == 2
    final = asyncio.run(mw.process_response(again, resp))
    assert final is resp  # retries exhausted: the 429 goes on to be counted as a failure
    ok = HtmlResponse(req.url, status=200)
    assert asyncio.run(mw.process_response(req, ok)) is ok
    assert crawler.stats.get_value("newscrawl/retry/backoff_seconds") == pytest.approx(0.03)


def test_a_host_that_fails_dns_twice_is_down_and_its_other_requests_are_skipped() -> None:
    from scrapy.exceptions import CannotResolveHostError

    from newscrawl.middlewares import HostDown

    mw, crawler = backoff_mw(NEWSCRAWL_RETRY_BACKOFF_BASE=0.0)
    req = Request("https://dead.example.in/feed.xml")
    retry = asyncio.run(mw.process_exception(req, CannotResolveHostError("no such host")))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1, "one retry first"
    assert asyncio.run(mw.process_exception(retry, CannotResolveHostError("no such host"))) is None
    assert crawler.stats.get_value("newscrawl/hosts_down") == 1
    with pytest.raises(HostDown, match=r"dead\.example\.in"):
        mw.process_request(Request("https://dead.example.in/tech/story-1.html"))
    assert crawler.stats.get_value("newscrawl/skipped/host_down") == 1
    assert mw.process_request(Request("https://alive.example.in/")) is None, "other hosts go on"
    # a slow page is not a dead host
    from scrapy.exceptions import DownloadTimeoutError

    slow = asyncio.run(mw.process_exception(req.replace(url="https://slow.example.in/a", meta={"retry_times": 1}),
                                            DownloadTimeoutError("timeout")))
    assert isinstance(slow, Request) and "slow.example.in" not in mw.down


def test_guarded_resolver_refuses_private_answers_for_unnamed_hosts() -> None:
    from twisted.internet.error import DNSLookupError

    from newscrawl.middlewares import TRUSTED_BY_CRAWLS, GuardedResolver

    crawler = crawler_with({"trusted_hosts": {"news.example.com"}})
    NetGuardMiddleware.from_crawler(crawler).spider_opened(crawler.spider)
    assert "news.example.com" in TRUSTED_BY_CRAWLS
    resolver = GuardedResolver.__new__(GuardedResolver)
    assert resolver.check("93.184.216.34", "public.example.org") == "93.184.216.34"
    assert resolver.check("10.0.0.7", "news.example.com") == "10.0.0.7"  # named by the operator
    assert resolver.check("10.0.0.7", "cdn.news.example.com") == "10.0.0.7"
    for address in ("169.254.169.254", "127.0.0.1", "192.168.0.10"):
        with pytest.raises(DNSLookupError):
            resolver.check(address, "sneaky.example.org")
    resolver.enabled = False
    assert resolver.check("10.0.0.7", "sneaky.example.org") == "10.0.0.7"
