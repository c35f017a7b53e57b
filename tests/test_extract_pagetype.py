"""Page type: only article pages become records; everything else is followed or skipped with a reason."""

from __future__ import annotations

import json

import pytest

from newscrawl.process import page_to_raw

PARA = "यह एक लंबा पैराग्राफ है जिसमें स्मार्टफोन के फीचर्स, कीमत और उपलब्धता के बारे में विस्तार से बताया गया है ताकि पाठक समझ सकें।"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><h1>नया स्मार्टफोन</h1>{body}</body></html>"


def _ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def _article_body(n: int = 5) -> str:
    paras = "".join(f"<p>{PARA} यह अनुच्छेद {i} है और इसमें अलग जानकारी है।</p>" for i in range(n))
    return f"<article><div class='story'>{paras}</div></article>"


def _listing_body(n: int = 20) -> str:
    return "<main>" + "".join(
        f"<div class='card'><a href='/technology/phone-news-{1000000 + i}.html'>"
        f"नया स्मार्टफोन लॉन्च, जानें कीमत और फीचर्स {i}</a></div>" for i in range(n)
    ) + "</main>"


def kind(html: str, url: str) -> str:
    return page_to_raw(url, html).page_type


NEWS = {"@type": "NewsArticle", "headline": "नया स्मार्टफोन"}


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (_page(_article_body(), _ld(NEWS)), "https://www.example.in/x", "article"),
        (_page(_article_body(), _ld({"@graph": [{"@type": "WebSite"}, NEWS]})), "https://e.in/a", "article"),
        (_page(_article_body(), _ld([{"@type": "Organization"}, {"@type": "ReportageNewsArticle"}])), "https://e.in/a",
         "article"),
        (_page(_article_body(), _ld({"@type": "http://schema.org/NewsArticle"})), "https://e.in/a", "article"),
        # article pages embed players and galleries: still articles when they have text
        (_page(_article_body(), _ld(NEWS) + _ld({"@type": "VideoObject"}) + _ld({"@type": "ImageGallery"})),
         "https://e.in/tech/a-123.html", "article"),
        (_page("<p>x</p>", _ld({"@type": "VideoObject"})), "https://e.in/tech/v-123", "video"),
        (_page("<p>छोटा विवरण</p>", _ld(NEWS)), "https://e.in/videos/tech/v-123", "video"),
        (_page("<p>x</p>"), "https://e.in/videos/tech/v-123", "video"),
        (_page("", _ld({"@type": "ImageGallery"})), "https://e.in/g", "gallery"),
        (_page(""), "https://e.in/photogallery/tech/best-phones-123", "gallery"),
        (_page(""), "https://e.in/web-stories/phones/", "gallery"),
        (_page("", _ld({"@type": "CollectionPage"})), "https://e.in/technology", "listing"),
        (_page("", _ld({"@type": "WebPage", "mainEntity": {"@type": "ItemList"}})), "https://e.in/t", "listing"),
        (_page(""), "https://e.in/tag/iphone/", "listing"),
        (_page(""), "https://e.in/author/ravi/", "listing"),
        (_page(_listing_body()), "https://www.example.in/technology", "listing"),
        (_page(_article_body()), "https://www.example.in/technology/x", "article"),
        # a listing whose cards carry a one-paragraph teaser each is still a listing
        (_page("".join(f"<div class='card'><a href='/t/n-{i}.html'>नया स्मार्टफोन लॉन्च, जानें कीमत {i}</a>"
                       f"<p>{PARA}</p></div>" for i in range(15))), "https://www.example.in/technology", "listing"),
        (_page(_article_body() + "<aside>" + _listing_body(15) + "</aside>"), "https://www.example.in/t/x-1.html",
         "article"),
        (_page("", '<meta property="og:type" content="article">'), "https://e.in/x", "other"),
        (_page("<p>Hello</p>"), "https://e.in/about-us", "other"),
        ("", "https://e.in/", "other"),
        (_page(_article_body(), _ld({"@type": "LiveBlogPosting"})), "https://e.in/live", "liveblog"),
        (_page(_article_body(), _ld({"@type": "NewsArticle", "headline": "a",}).replace("}", ",}")),
         "https://e.in/a", "article"),
    ],
)
def test_page_type(html: str, url: str, expected: str) -> None:
    assert kind(html, url) == expected


def test_a_slug_that_mentions_video_is_not_a_video_page() -> None:
    assert kind(_page(_article_body(), _ld(NEWS)), "https://e.in/tech/phone-video-calling-feature-123.html") == \
        "article"


def test_non_articles_say_why() -> None:
    raw = page_to_raw("https://e.in/tag/iphone/", _page(""))
    assert raw.page_type == "listing" and "tag" in raw.page_type_reason
