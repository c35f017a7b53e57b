"""parse_sitemap / parse_w3c_datetime / robots_sitemaps."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newscrawl.discovery.sitemaps import IST, Sitemap, SitemapEntry, parse_sitemap, parse_w3c_datetime, robots_sitemaps

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://www.jagran.com/technology/tech-news-whatsapp-new-feature-23161585.html
    </loc>
    <lastmod>2026-10-08T14:05:00+05:30</lastmod>
    <news:news>
      <news:publication><news:name>Dainik Jagran</news:name><news:language>hi</news:language></news:publication>
      <news:publication_date>2026-10-08T13:30:00+05:30</news:publication_date>
      <news:title><![CDATA[व्हाट्सएप में आया नया फीचर, ऐसे करें इस्तेमाल]]></news:title>
    </news:news>
    <image:image><image:loc>https://img.example.com/whatsapp.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://www.jagran.com/technology/tech-news-phone-launch-23216152.html</loc>
    <lastmod>2026-10-08</lastmod>
  </url>
  <url><loc>https://www.jagran.com/technology/tech-news-phone-launch-23216152.html</loc></url>
  <url><lastmod>2026-10-08</lastmod></url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.bhaskar.com/sitemaps-v1--sitemap-google-news-1.xml</loc>
    <lastmod>2026-10-08T09:00:00Z</lastmod></sitemap>
  <sitemap><loc>https://www.bhaskar.com/sitemaps-v1--sitemap-google-news-2.xml</loc></sitemap>
</sitemapindex>"""


def test_news_urlset() -> None:
    sm = parse_sitemap(NEWS_SITEMAP.encode("utf-8"))
    assert sm.kind == "urlset"
    assert [e.loc for e in sm.entries] == [
        "https://www.jagran.com/technology/tech-news-whatsapp-new-feature-23161585.html",
        "https://www.jagran.com/technology/tech-news-phone-launch-23216152.html",
    ]
    first = sm.entries[0]
    assert first.lastmod == datetime(2026, 10, 8, 14, 5, tzinfo=IST)
    assert first.news_published == datetime(2026, 10, 8, 8, 0, tzinfo=UTC)
    assert first.news_title == "व्हाट्सएप में आया नया फीचर, ऐसे करें इस्तेमाल"
    second = sm.entries[1]
    assert second.lastmod == datetime(2026, 10, 8, tzinfo=IST)
    assert second.news_published is None and second.news_title is None


def test_index() -> None:
    sm = parse_sitemap(INDEX)
    assert sm == Sitemap(
        "index",
        [
            SitemapEntry(
                "https://www.bhaskar.com/sitemaps-v1--sitemap-google-news-1.xml",
                datetime(2026, 10, 8, 9, 0, tzinfo=UTC),
            ),
            SitemapEntry("https://www.bhaskar.com/sitemaps-v1--sitemap-google-news-2.xml"),
        ],
    )


def test_gzip_by_magic_bytes() -> None:
    assert parse_sitemap(gzip.compress(INDEX)).kind == "index"
    assert len(parse_sitemap(gzip.compress(NEWS_SITEMAP.encode())).entries) == 2


def test_gzip_truncated_is_tolerated() -> None:
    data = gzip.compress(NEWS_SITEMAP.encode() * 3)
    sm = parse_sitemap(data[: len(data) // 2])
    assert sm.kind == "urlset"


def test_without_namespace_and_with_bom_and_leading_whitespace() -> None:
    body = b"\xef\xbb\xbf\n\n  <urlset><url><loc> https://e.com/a </loc>"
    body += b"<lastmod>2026-01-02T03:04:05</lastmod></url></urlset>"
    sm = parse_sitemap(body)
    assert sm.entries == [SitemapEntry("https://e.com/a", datetime(2026, 1, 2, 3, 4, 5, tzinfo=IST))]


def test_broken_xml_recovers_entries() -> None:
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://e.com/a?x=1&y=2</loc></url>
      <url><loc>https://e.com/b</loc></url>
      <url><loc>https://e.com/c</loc>"""
    locs = [e.loc for e in parse_sitemap(body).entries]
    assert locs[:2] == ["https://e.com/a?x=1&y=2", "https://e.com/b"]


def test_not_a_sitemap_gives_empty_urlset() -> None:
    assert parse_sitemap(b"<html><body>404</body></html>") == Sitemap("urlset", [])
    assert parse_sitemap(b"") == Sitemap("urlset", [])
    assert parse_sitemap(b"\x00\x01garbage") == Sitemap("urlset", [])


def test_text_sitemap() -> None:
    sm = parse_sitemap(b"https://e.com/a\r\nhttps://e.com/b\n\n")
    assert [e.loc for e in sm.entries] == ["https://e.com/a", "https://e.com/b"]


def test_xxe_is_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset><url><loc>https://e.com/&xxe;</loc></url></urlset>""".encode()
    sm = parse_sitemap(body)
    assert all("TOP-SECRET" not in e.loc for e in sm.entries)


def test_billion_laughs_is_not_expanded() -> None:
    lol = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [{"".join(lol)}]>
<urlset><url><loc>https://e.com/&lol9;</loc></url></urlset>""".encode()
    sm = parse_sitemap(body)
    assert all(len(e.loc) < 1000 for e in sm.entries)


def test_gzip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscrawl.discovery.kinds as kinds

    monkeypatch.setattr(kinds, "MAX_DECOMPRESSED", 1000)
    body = gzip.compress(b"<urlset>" + b" " * 10_000 + b"</urlset>")
    assert parse_sitemap(body) == Sitemap("urlset", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", datetime(2026, 1, 1, tzinfo=IST)),
        ("2026-10", datetime(2026, 10, 1, tzinfo=IST)),
        ("2026-10-08", datetime(2026, 10, 8, tzinfo=IST)),
        ("2026-10-08T14:05+05:30", datetime(2026, 10, 8, 14, 5, tzinfo=IST)),
        ("2026-10-08T14:05:06Z", datetime(2026, 10, 8, 14, 5, 6, tzinfo=UTC)),
        ("2026-10-08T14:05:06.25-04:00", datetime(2026, 10, 8, 14, 5, 6, 250000, tzinfo=timezone(timedelta(hours=-4)))),
        ("2026-10-08 14:05:06", datetime(2026, 10, 8, 14, 5, 6, tzinfo=IST)),
        ("2026-10-08T14:05:06+0530", datetime(2026, 10, 8, 14, 5, 6, tzinfo=IST)),
        (" 2026-10-08T14:05:06 IST ", datetime(2026, 10, 8, 14, 5, 6, tzinfo=IST)),
        ("2026-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_w3c_dates(text: str | None, expected: datetime | None) -> None:
    got = parse_w3c_datetime(text)
    assert got == expected
    if got is not None:
        assert got.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


def test_naive_timezone_is_configurable() -> None:
    sm = parse_sitemap(
        b"<urlset><url><loc>https://e.com/a</loc><lastmod>2026-01-01T00:00</lastmod></url></urlset>", UTC
    )
    assert sm.entries[0].lastmod == datetime(2026, 1, 1, tzinfo=UTC)


def test_robots_sitemaps() -> None:
    robots = """\ufeffUser-agent: *
Disallow: /search
# Sitemap: https://e.com/commented-out.xml
Sitemap: https://www.aajtak.in/rssfeeds/news-sitemap.xml
sitemap:https://www.aajtak.in/sitemap.xml   # trailing comment
  SITEMAP :  /relative-sitemap.xml
User-agent: Googlebot
Sitemap: https://www.aajtak.in/rssfeeds/news-sitemap.xml
Sitemap: ftp://e.com/x.xml
Sitemap:
"""
    assert robots_sitemaps(robots, "https://www.aajtak.in/robots.txt") == [
        "https://www.aajtak.in/rssfeeds/news-sitemap.xml",
        "https://www.aajtak.in/sitemap.xml",
        "https://www.aajtak.in/relative-sitemap.xml",
    ]


def test_robots_without_sitemaps() -> None:
    assert robots_sitemaps("User-agent: *\nDisallow:\n", "https://e.com/") == []
