"""The mock news server itself: the e2e crawl tests are only as trustworthy as what it serves.

These tests fetch with urllib, never with Scrapy, so a failure here points at
the server or the site, not at the spider.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.mockserver import MockServer, Request, read_log

MOCKSITE = Path(__file__).resolve().parent / "mocksite"
EXPECTED = json.loads((MOCKSITE / "expected.json").read_text(encoding="utf-8"))


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Surface 3xx answers as they are: the redirect itself is under test."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET") -> Reply:
    """One request, error statuses returned rather than raised, redirects not followed."""
    req = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return Reply(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return Reply(err.code, dict(err.headers.items()), err.read())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the mock site, so a test may edit it."""
    return Path(shutil.copytree(MOCKSITE, tmp_path / "site"))


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[MockServer]:
    with MockServer(site, log=tmp_path / "requests.log") as srv:
        yield srv


def test_prints_a_loopback_url(server: MockServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)


def test_robots_txt_has_base_substituted(server: MockServer) -> None:
    reply = fetch(server.url + "/robots.txt")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {server.url}/sitemap-index.xml" in reply.text
    assert "Disallow: /private/" in reply.text
    assert "{{BASE}}" not in reply.text


def test_robots_disallows_the_private_article(server: MockServer) -> None:
    robots = urllib.robotparser.RobotFileParser(server.url + "/robots.txt")
    robots.parse(fetch(server.url + "/robots.txt").text.splitlines())
    for path in EXPECTED["never_fetched"]:
        assert not robots.can_fetch("newscrawl", server.url + path)
    for path in EXPECTED["articles"]:
        assert robots.can_fetch("newscrawl", server.url + path)


def test_listing_served_from_index_html(server: MockServer) -> None:
    reply = fetch(server.url + "/tech/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<link rel="next" href="{server.url}/tech/page/2/">' in reply.text
    assert "अगला »" in reply.text
    assert "{{BASE}}" not in reply.text


def test_directory_without_slash_redirects_like_a_real_server(server: MockServer) -> None:
    reply = fetch(server.url + "/tech/page/2?x=1")
    assert reply.status == 301
    assert reply.headers["Location"] == server.url + "/tech/page/2/?x=1"


@pytest.mark.parametrize(("path", "content_type"), [
    ("/feed.xml", "application/xml"),
    ("/sitemap-index.xml", "application/xml"),
    ("/", "text/html; charset=utf-8"),
])
def test_content_type_by_extension(server: MockServer, path: str, content_type: str) -> None:
    reply = fetch(server.url + path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type


def test_gzip_served_as_bytes_without_substitution(site: Path, server: MockServer) -> None:
    """Gzipped sitemaps are binary: patching {{BASE}} inside them would corrupt the stream."""
    payload = gzip.compress(b"<urlset>{{BASE}}</urlset>")
    (site / "sitemap-old.xml.gz").write_bytes(payload)
    reply = fetch(server.url + "/sitemap-old.xml.gz")
    assert reply.headers["Content-Type"] == "application/gzip"
    assert reply.body == payload


def test_query_string_ignored_for_file_lookup(server: MockServer) -> None:
    clean = fetch(server.url + EXPECTED["utm_duplicate"].split("?")[0])
    tracked = fetch(server.url + EXPECTED["utm_duplicate"])
    assert clean.status == tracked.status == 200
    assert clean.body == tracked.body


def test_redirect_returns_301_with_absolute_location(server: MockServer) -> None:
    (source, target), = EXPECTED["redirect"].items()
    reply = fetch(server.url + source)
    assert reply.status == 301
    assert reply.headers["Location"] == server.url + target
    assert fetch(reply.headers["Location"]).status == 200


@pytest.mark.parametrize("path", [
    EXPECTED["missing"],
    "/tech/no-such-story-999999.html",
    "/_routes.json",
    "/expected.json",
    "/EXPECTED.md",
    "/../mockserver.py",
    "/media/satellite-dish-barmer.jpg",
])
def test_missing_hidden_and_outside_paths_are_404(server: MockServer, path: str) -> None:
    assert fetch(server.url + path).status == 404


def test_flaky_page_fails_once_then_serves(server: MockServer) -> None:
    first = fetch(server.url + EXPECTED["flaky"])
    assert first.status == 503
    assert first.headers["Retry-After"] == "0"
    second = fetch(server.url + EXPECTED["flaky"])
    assert second.status == 200
    assert "<h1" in second.text


def test_head_has_headers_and_no_body(server: MockServer) -> None:
    get = fetch(server.url + "/feed.xml")
    head = fetch(server.url + "/feed.xml", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(get.body))


def test_log_records_every_request(server: MockServer) -> None:
    fetch(server.url + "/robots.txt")
    fetch(server.url + EXPECTED["utm_duplicate"])
    fetch(server.url + EXPECTED["missing"])
    fetch(server.url + "/feed.xml", method="HEAD")
    assert server.requests() == [
        Request("GET", "/robots.txt", 200),
        Request("GET", EXPECTED["utm_duplicate"], 200),
        Request("GET", EXPECTED["missing"], 404),
        Request("HEAD", "/feed.xml", 200),
    ]
    assert server.requests()[1].path == EXPECTED["utm_duplicate"].split("?")[0]
    assert server.log is not None
    assert server.log.read_text(encoding="utf-8").splitlines()[0] == "GET /robots.txt 200"


def test_files_and_routes_are_read_at_each_request(site: Path, server: MockServer) -> None:
    """Tests edit a copied site between crawls without restarting the server."""
    robots = site / "robots.txt"
    robots.write_text(robots.read_text(encoding="utf-8") + "Disallow: /tech/\n", encoding="utf-8")
    assert "Disallow: /tech/" in fetch(server.url + "/robots.txt").text
    routes = json.loads((site / "_routes.json").read_text(encoding="utf-8"))
    routes["status"]["/robots.txt"] = 410
    (site / "_routes.json").write_text(json.dumps(routes), encoding="utf-8")
    assert fetch(server.url + "/robots.txt").status == 410


def test_process_exits_on_context_exit(site: Path) -> None:
    with MockServer(site) as srv:
        assert srv.process is not None
        assert srv.process.poll() is None
        assert fetch(srv.url + "/").status == 200
    assert srv.process.poll() is not None
    with pytest.raises(urllib.error.URLError):
        fetch(srv.url + "/")


def test_no_log_file_unless_asked(site: Path, tmp_path: Path) -> None:
    with MockServer(site) as srv:
        fetch(srv.url + "/")
        with pytest.raises(RuntimeError):
            srv.requests()
    assert read_log(tmp_path / "requests.log") == []


def test_expected_json_matches_the_site(server: MockServer) -> None:
    """Every path expected.json names is served as described, so e2e failures are the spider's."""
    for path in EXPECTED["articles"]:
        assert re.fullmatch(r"/tech/[a-z0-9-]+-\d{6}\.html", path)
        if path == EXPECTED["flaky"]:
            assert fetch(server.url + path).status == 503
        reply = fetch(server.url + path)
        assert reply.status == 200, path
        assert f'<link rel="canonical" href="{server.url}{path}">' in reply.text
        assert EXPECTED["headlines"][path] in reply.text
        assert EXPECTED["published"][path] in reply.text
    for path in EXPECTED["non_articles"] + EXPECTED["never_fetched"] + list(EXPECTED["amp"]):
        assert fetch(server.url + path).status == 200, path
    for amp, canonical in EXPECTED["amp"].items():
        assert f'<link rel="canonical" href="{server.url}{canonical}">' in fetch(server.url + amp).text
    assert set(EXPECTED["redirect"].values()) <= set(EXPECTED["articles"])
    assert EXPECTED["flaky"] in EXPECTED["articles"]
    assert set(EXPECTED["before_2026_11_10"]) <= set(EXPECTED["articles"])
    assert all(EXPECTED["published"][p] < "2026-11-10" for p in EXPECTED["before_2026_11_10"])
    assert len(EXPECTED["before_2026_11_10"]) >= 2
