"""detect_kind sniffs the body, not the URL; plus the shared gzip/XML helpers."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery import kinds
from newscrawl.discovery.kinds import detect_kind, maybe_gunzip, parse_xml, root_name, unescape_refs

SM_NS = b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
URLSET = b'<?xml version="1.0"?><urlset ' + SM_NS + b"><url><loc>https://e.com/a</loc></url></urlset>"
INDEX = b"<sitemapindex " + SM_NS + b"><sitemap><loc>https://e.com/s.xml</loc></sitemap></sitemapindex>"
RSS = b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- generated -->\n<rss version="2.0"><channel/></rss>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>'
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
HTML = "<!DOCTYPE html>\n<html lang='hi'><head><title>टेक</title></head><body></body></html>".encode()


@pytest.mark.parametrize(
    ("url", "ctype", "body", "expected"),
    [
        ("https://e.com/sitemap.xml", "application/xml", URLSET, "sitemap"),
        ("https://e.com/sitemap.xml", "application/xml", INDEX, "sitemapindex"),
        ("https://e.com/news-sitemap.xml", "text/xml", RSS, "rss"),  # URL lies
        ("https://e.com/feed", "application/rss+xml", RDF, "rss"),
        ("https://e.com/feed", "application/atom+xml; charset=utf-8", ATOM, "atom"),
        ("https://e.com/rss/technology.xml", "text/html", HTML, "html"),  # error page
        ("https://e.com/sitemap.xml.gz", "application/octet-stream", gzip.compress(INDEX), "sitemapindex"),
        ("https://e.com/x", None, b"\xef\xbb\xbf  \n" + URLSET, "sitemap"),
        ("https://e.com/x", "text/html", b"<div>fragment</div>", "html"),
        ("https://e.com/x", "application/xml", b"<svg/>", "other"),
        (
            "https://e.com/robots.txt",
            "text/plain",
            b"User-agent: *\nDisallow: /search\nSitemap: https://e.com/s.xml\n",
            "robots",
        ),
        ("https://e.com/whatever", None, b"# comment\nUSER-AGENT: *\nDISALLOW:\n", "robots"),
        ("https://e.com/robots.txt", "text/plain", b"", "robots"),
        ("https://e.com/robots.txt", None, b"# nothing to see\n", "robots"),
        ("https://e.com/robots.txt", "text/html", b"<html><body>blocked</body></html>", "html"),
        ("https://e.com/x", None, b"<head><title>t</title></head>", "html"),
        ("https://e.com/urls.txt", "text/plain", b"https://e.com/a\nhttps://e.com/b\n", "sitemap"),
        ("https://e.com/sitemap.xml", "application/json", b'{"a": 1}', "other"),
        ("https://e.com/sitemap.xml", None, b"", "other"),
    ],
)
def test_detect_kind(url: str, ctype: str | None, body: bytes, expected: str) -> None:
    assert detect_kind(url, ctype, body) == expected


def test_doctype_with_internal_subset_and_pi_before_root() -> None:
    body = b'<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss/>'
    assert root_name(body) == "rss"
    assert detect_kind("https://e.com/", None, body) == "rss"


def test_utf16_body() -> None:
    body = '<?xml version="1.0" encoding="utf-16"?><urlset><url><loc>https://e.com/a</loc></url></urlset>'.encode(
        "utf-16"
    )
    assert detect_kind("https://e.com/s.xml", None, body) == "sitemap"
    root = parse_xml(body)
    assert root is not None and root.tag == "urlset"


def test_gzip_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress(b"a" * 5000)
    assert maybe_gunzip(data) == b"a" * 5000
    with pytest.raises(ValueError):
        maybe_gunzip(data, limit=100)
    monkeypatch.setattr(kinds, "MAX_DECOMPRESSED", 100)
    assert detect_kind("https://e.com/s.xml.gz", None, data) == "other"


def test_not_gzip_passes_through() -> None:
    assert maybe_gunzip(b"<rss/>") == b"<rss/>"
    assert maybe_gunzip(b"\x1f\x8bnot really gzip") == b""


def test_parse_xml_none_for_garbage() -> None:
    assert parse_xml(b"") is None
    assert parse_xml(b"   ") is None
    assert parse_xml(b"just text") is None


def test_unescape_refs_keeps_legacy_lookalikes() -> None:
    assert unescape_refs("a=1&amp;b=2") == "a=1&b=2"
    assert unescape_refs("?a=1&section=2&copy=3") == "?a=1&section=2&copy=3"
    assert unescape_refs("&#8216;जेमिनी&#x2019; &nbsp;") == "‘जेमिनी’ \xa0"
