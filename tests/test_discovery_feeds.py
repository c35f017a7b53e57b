"""parse_feed and the feed date parsers."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newscrawl.discovery.feeds import FeedEntry, parse_datetime, parse_feed, parse_rfc822_datetime
from newscrawl.discovery.sitemaps import IST

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>टेक न्यूज़</title>
  <link>https://www.amarujala.com/technology</link>
  <atom:link href="https://www.amarujala.com/rss/technology.xml" rel="self"/>
  <item>
    <title><![CDATA[जियो ने लॉन्च किए AI स्मार्ट ग्लास, जानें कीमत]]></title>
    <link>https://www.amarujala.com/technology/gadgets/jio-ai-smart-glasses-launched-2026-10-08</link>
    <guid isPermaLink="false">au-123456</guid>
    <pubDate>Thu, 08 Oct 2026 14:05:00 IST</pubDate>
    <content:encoded><![CDATA[<p>लंबा <b>लेख</b></p>]]></content:encoded>
  </item>
  <item>
    <title>OpenAI &amp; Google: नया मॉडल &#8216;जेमिनी&#8217;</title>
    <link>
      /technology/tech-diary/openai-new-model-2026-09-05
    </link>
    <pubDate>Sat, 05 Sep 2026 09:00:00 +0530</pubDate>
    <atom:updated>2026-09-05T10:00:00+05:30</atom:updated>
  </item>
  <item>
    <title>Only a guid</title>
    <guid>https://www.amarujala.com/technology/gadgets/guid-link-2026-09-01</guid>
    <pubDate>Tue, 01 Sep 2026 08:00:00 GMT</pubDate>
  </item>
  <item>
    <title>Non-permalink guid, no link: skipped</title>
    <guid isPermaLink="false">https://www.amarujala.com/should-not-be-used</guid>
  </item>
  <item>
    <title>Repeat</title>
    <link>https://www.amarujala.com/technology/gadgets/jio-ai-smart-glasses-launched-2026-10-08</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://hindi.example.com/">
  <title>Gadgets</title>
  <link rel="self" href="https://hindi.example.com/feed.atom"/>
  <entry>
    <title type="html">स्मार्टफोन &lt;b&gt;रिव्यू&lt;/b&gt;</title>
    <link rel="enclosure" href="https://cdn.example.com/x.jpg" type="image/jpeg"/>
    <link rel="alternate" type="application/json" href="/api/x.json"/>
    <link rel="alternate" type="text/html" href="/mobiles/phone-review-news-2389286"/>
    <id>tag:example.com,2026:2389286</id>
    <published>2026-10-08T08:30:00Z</published>
    <updated>2026-10-08T09:00:00+05:30</updated>
  </entry>
  <entry xml:base="https://hindi.example.com/science/">
    <title>चंद्र मिशन</title>
    <link href="moon-mission-news-2389300"/>
    <updated>2026-10-07T09:00:00</updated>
  </entry>
  <entry><title>no link</title></entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://e.com/"><title>E</title></channel>
  <item rdf:about="https://e.com/tech/a-1234567.html">
    <title>पहला</title>
    <link>https://e.com/tech/a-1234567.html</link>
    <dc:date>2026-10-08T10:00:00+05:30</dc:date>
  </item>
  <item rdf:about="https://e.com/tech/b-1234568.html"><title>दूसरा</title></item>
</rdf:RDF>
"""


def test_rss() -> None:
    entries = parse_feed(RSS.encode(), "https://www.amarujala.com/rss/technology.xml")
    assert [e.url for e in entries] == [
        "https://www.amarujala.com/technology/gadgets/jio-ai-smart-glasses-launched-2026-10-08",
        "https://www.amarujala.com/technology/tech-diary/openai-new-model-2026-09-05",
        "https://www.amarujala.com/technology/gadgets/guid-link-2026-09-01",
    ]
    first, second, third = entries
    assert first.title == "जियो ने लॉन्च किए AI स्मार्ट ग्लास, जानें कीमत"
    assert first.published == datetime(2026, 10, 8, 14, 5, tzinfo=IST)
    assert first.published.utcoffset() == timedelta(hours=5, minutes=30)  # IST is India, not Israel
    assert first.updated is None
    assert second.title == "OpenAI & Google: नया मॉडल ‘जेमिनी’"
    assert second.published == datetime(2026, 9, 5, 9, 0, tzinfo=IST)
    assert second.updated == datetime(2026, 9, 5, 10, 0, tzinfo=IST)
    assert third.published == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def test_atom() -> None:
    entries = parse_feed(ATOM.encode(), "https://hindi.example.com/feed.atom")
    assert entries == [
        FeedEntry(
            "https://hindi.example.com/mobiles/phone-review-news-2389286",
            "स्मार्टफोन <b>रिव्यू</b>",
            datetime(2026, 10, 8, 8, 30, tzinfo=UTC),
            datetime(2026, 10, 8, 9, 0, tzinfo=IST),
        ),
        FeedEntry(
            "https://hindi.example.com/science/moon-mission-news-2389300",
            "चंद्र मिशन",
            None,
            datetime(2026, 10, 7, 9, 0, tzinfo=IST),
        ),
    ]


def test_rdf() -> None:
    entries = parse_feed(RDF.encode(), "https://e.com/index.rdf")
    assert [(e.url, e.title) for e in entries] == [
        ("https://e.com/tech/a-1234567.html", "पहला"),
        ("https://e.com/tech/b-1234568.html", "दूसरा"),
    ]
    assert entries[0].published == datetime(2026, 10, 8, 10, 0, tzinfo=IST)


def test_feedburner_origlink_wins() -> None:
    body = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
    <item><title>x</title><link>https://feeds.feedburner.com/~r/ndtvkhabar-latest/~3/abc/</link>
    <feedburner:origLink>https://ndtv.in/science/isro-launch-5681700</feedburner:origLink></item>
    </channel></rss>"""
    assert [e.url for e in parse_feed(body, "https://feeds.feedburner.com/ndtvkhabar-latest")] == [
        "https://ndtv.in/science/isro-launch-5681700"
    ]


def test_broken_feed_is_tolerated() -> None:
    body = """<rss><channel>
    <item><title>बिना बंद टैग &nbsp; का आइटम</title><link>https://e.com/a?x=1&y=2</link>
    <item><title>दूसरा</title><link>https://e.com/b</link></item>""".encode()
    entries = parse_feed(body, "https://e.com/rss")
    assert [e.url for e in entries][:2] == ["https://e.com/a?x=1&y=2", "https://e.com/b"]
    assert entries[0].title == "बिना बंद टैग का आइटम"


def test_gzipped_feed_and_bom() -> None:
    body = gzip.compress(b"\xef\xbb\xbf" + RDF.encode())
    assert len(parse_feed(body, "https://e.com/")) == 2


def test_non_feed() -> None:
    assert parse_feed(b"<html><body><a href='/x'>x</a></body></html>", "https://e.com/") == []
    assert parse_feed(b"", "https://e.com/") == []
    assert parse_feed(b"not xml at all", "https://e.com/") == []


def test_non_http_links_skipped() -> None:
    body = b"""<rss><channel>
    <item><link>javascript:alert(1)</link></item>
    <item><link>mailto:a@e.com</link></item>
    <item><link>https://e.com/ok#comments</link></item>
    </channel></rss>"""
    assert [e.url for e in parse_feed(body, "https://e.com/")] == ["https://e.com/ok"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 08 Oct 2026 14:05:00 IST", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("Thu, 08 Oct 2026 14:05:00 +0530", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("Thu, 08 Oct 2026 14:05:00 +05:30", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("Thu, 08 Oct 2026 14:05:00 GMT+5:30", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("Thu, 08 Oct 2026 14:05:00 GMT", datetime(2026, 10, 8, 14, 5, tzinfo=UTC)),
        ("Thu, 08 Oct 2026 14:05:00 Z", datetime(2026, 10, 8, 14, 5, tzinfo=UTC)),
        ("Thu, 08 Oct 2026 14:05 EST", datetime(2026, 10, 8, 14, 5, tzinfo=timezone(timedelta(hours=-5)))),
        ("Mon, 08 Oct 2026 14:05:00 IST", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),  # wrong weekday
        ("08 Oct 2026 14:05:00", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),  # no zone → IST
        ("Thursday, 08 Oct 2026 14:05:00 IST", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("garbage", None),
        ("", None),
    ],
)
def test_rfc822(text: str, expected: datetime | None) -> None:
    got = parse_rfc822_datetime(text)
    assert got == expected
    if expected is not None:
        assert got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-08T14:05:00+05:30", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("Thu, 08 Oct 2026 14:05:00 IST", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("October 8, 2026 2:05 PM IST", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("8 अक्टूबर 2026 14:05", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("not a date at all", None),
        (None, None),
    ],
)
def test_parse_datetime_any(text: str | None, expected: datetime | None) -> None:
    got = parse_datetime(text)
    assert got == expected
    if expected is not None:
        assert got is not None and got.utcoffset() == expected.utcoffset()
