"""An exception inside extraction or parsing is a counted, logged failure — never "not an article"."""

from __future__ import annotations

import asyncio
import logging

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.extract.raw import Block, RawArticle
from newscrawl.pipelines import ParsePipeline
from newscrawl.process import page_to_article
from newscrawl.spiders.base import ArticleSpider

URL = "https://e.in/tech/story-2214587.html"
PAGE = ("<html><head><meta property='og:type' content='article'></head><body><h1>नया फोन</h1><article>"
        + "".join(f"<p>{'सरकार ने नई योजना की घोषणा की और कहा कि इससे लोगों को लाभ मिलेगा। ' * 4}</p>" for _ in range(4))
        + "</article></body></html>")


def _broken_trafilatura(*args: object, **kwargs: object) -> None:
    raise RuntimeError("library changed its API")


def test_page_to_article_counts_an_extraction_exception(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    assert page_to_article(URL, PAGE).article is not None
    monkeypatch.setattr("newscrawl.extract.text.trafilatura.extract", _broken_trafilatura)
    with caplog.at_level(logging.WARNING):
        outcome = page_to_article(URL, PAGE)
    assert outcome.article is None and outcome.reason == "failed/extract"
    assert outcome.detail == "RuntimeError: library changed its API"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and URL in warnings[0].getMessage()


def test_page_to_article_counts_a_parse_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("bad")

    monkeypatch.setattr("newscrawl.process.build_article", broken)
    assert page_to_article(URL, PAGE).reason == "failed/parse"


def test_spider_counts_an_extraction_exception_as_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = get_crawler(ArticleSpider, {"NEWSCRAWL_SEEDS_DIR": None, "NEWSCRAWL_WORKERS": 0})
    spider = ArticleSpider.from_crawler(crawler, name="t")
    crawler.spider = spider
    crawler.stats.open_spider()
    monkeypatch.setattr("newscrawl.extract.text.trafilatura.extract", _broken_trafilatura)
    response = HtmlResponse(URL, body=PAGE.encode(), encoding="utf-8")
    assert asyncio.run(spider.record_from(response)) is None
    stats = crawler.stats.get_stats()
    assert stats.get("newscrawl/failed/extract") == 1
    assert not any(key.startswith("newscrawl/pages/non_article") for key in stats)


def test_parse_pipeline_counts_and_drops_on_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = get_crawler(ArticleSpider)
    crawler.stats.open_spider()
    pipe = ParsePipeline.from_crawler(crawler)

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr("newscrawl.pipelines.build_article", broken)
    with pytest.raises(DropItem, match="failed/parse: KeyError"):
        pipe.process_item(RawArticle(url=URL, h1s=["x"], blocks=[Block("y")]))
    assert crawler.stats.get_value("newscrawl/failed/parse") == 1
