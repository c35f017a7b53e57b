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


# --- the shapes real pages took that a first-match cascade got wrong (issue: page types) ----------------------

EN_SENTENCE = ("The state government announced on Tuesday that the new broadband scheme will reach every village "
               "council before the end of the financial year, officials said.")
ES_SENTENCE = ("El Gobierno anunció el martes que el nuevo plan de banda ancha llegará a todos los municipios "
               "antes de que termine el año fiscal, según informaron fuentes oficiales.")
JA_SENTENCE = ("東京都は二十五日、新しい通信網の整備計画を発表し、"
               "来年度中にすべての区市町村で利用できるようにすると明らかにした。")


def _published_meta(attr: str = "content") -> str:
    return f'<meta property="article:published_time" {attr}="2026-11-20T10:00:00+05:30">'


def _br_story(sentence: str, n: int) -> str:
    """A story in one element, paragraphs separated by <br><br> and no <p> at all."""
    return "<div class='story-text'>" + "<br><br>".join(f"{sentence} ({i})" for i in range(n)) + "</div>"


def _headline_links(n: int) -> str:
    return "<div class='more'>" + "".join(
        f"<div><a href='/news/other-story-headline-number-{i}-{4000000 + i}.html'>Other story headline number {i} "
        f"about phones</a></div>" for i in range(n)) + "</div>"


SHAPES = {
    "br-separated, no JSON-LD, no og:type": (
        _page(_br_story(PARA, 6), _published_meta()), "https://e.in/tech/phone-launch-news-2214587.html", "article"),
    "br-separated 600 words in Spanish": (
        _page(_br_story(ES_SENTENCE, 22), _published_meta()), "https://e.es/tecnologia/plan-banda-ancha-88812345.html",
        "article"),
    "Japanese story (no spaces)": (
        _page("<article>" + "".join(f"<p>{JA_SENTENCE}</p>" for _ in range(4)) + "</article>", _ld(NEWS)),
        "https://e.jp/news/20261120/k10014567891000.html", "article"),
    "short item: one paragraph of 30 words": (
        _page(f"<article><p>{EN_SENTENCE} {EN_SENTENCE[:60]}.</p></article>", _ld(NEWS)),
        "https://e.in/india/broadband-scheme-villages-2214590.html", "article"),
    "short item beside 23 same-site headline links": (
        _page(f"<article><p>{EN_SENTENCE}</p></article>" + _headline_links(23), _published_meta()),
        "https://e.in/india/broadband-scheme-villages-2214591.html", "article"),
    "saved copy: meta value= instead of content=": (
        _page(_br_story(PARA, 4), _published_meta("value") + '<meta property="og:type" value="article">'),
        "https://e.in/tech/phone-launch-news-2214588.html", "article"),
    "photo slideshow with captions as its text": (
        _page("<article><p>तस्वीरों में देखें नए फोन।</p>" + "".join(
            f"<figure><img src='/img/phone-{i}.jpg' width='800'><figcaption>{PARA} तस्वीर {i}</figcaption></figure>"
            for i in range(8)) + "</article>", _ld(NEWS) + '<meta property="og:type" content="article">'),
        "https://e.in/tech/best-phones-of-the-year-2214592.html", "gallery"),
    "video page with a transcript-like description": (
        _page("<div class='player'><video src='/v/1.mp4'></video></div>" + _article_body(4),
              _ld(NEWS) + _ld({"@type": "VideoObject", "name": "x"}) + '<meta property="og:type" content="article">'),
        "https://e.in/videos/tech/phone-review-2214593.html", "video"),
    "article embedding a video player": (
        _page("<div class='player'><video src='/v/1.mp4'></video></div>" + _article_body(5),
              _ld(NEWS) + _ld({"@type": "VideoObject", "name": "x"})),
        "https://e.in/tech/phone-review-2214594.html", "article"),
    "teaser wall with no article evidence": (
        _page(_headline_links(25)), "https://e.in/technology/", "listing"),
    "soft 404": (_page("<p>Page not found.</p>"), "https://e.in/tech/some-missing-story-2214595.html", "other"),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_real_page_shapes(name: str) -> None:
    html, url, expected = SHAPES[name]
    raw = page_to_raw(url, html)
    assert raw.page_type == expected, raw.page_type_reason


def test_decision_carries_its_evidence() -> None:
    from newscrawl.extract.pagetype import Signals, decide

    decision = decide(Signals(url="https://e.in/videos/x-2214593.html", ld_article=True, og_type="article",
                              ld_types=frozenset({"newsarticle", "videoobject"}), text_words=300, long_blocks=4,
                              paragraph_run=4, video_player=True))
    assert decision.page_type == "video"
    assert "URL section 'videos'" in decision.reason and decision.score >= 5
    assert {e.kind for e in decision.evidence} >= {"article", "video"}


@pytest.mark.parametrize("url", ["https://e.in/", "https://e.in/index.html", "https://e.in/hindi/", "https://e.in"])
def test_a_front_page_is_never_an_article(url: str) -> None:
    html = _page(_article_body(3) + _listing_body(14), _ld(NEWS) + '<meta property="og:type" content="article">')
    assert kind(html, url) == "listing"
