"""WARC out and in: a recorded live crawl replays to the same records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.warc import read_pages
from tests.conftest import ROOT, run_scrapy
from tests.test_news_crawl import EXPECTED, Site, paths, site  # noqa: F401  (site is a fixture)


@pytest.mark.e2e
def test_a_recorded_crawl_replays_to_the_same_records(site: Site, tmp_path: Path) -> None:  # noqa: F811
    archive = tmp_path / "crawl.warc.gz"
    live, _ = site.crawl(tmp_path, "live", "-a", "site=mock", "-s", f"NEWSCRAWL_WARC={archive}")
    assert sorted(paths(live)) == sorted(EXPECTED["articles"])
    assert archive.stat().st_size > 10_000
    out = tmp_path / "replayed.jsonl"
    proc = run_scrapy("crawl", "replay", "-a", f"path={archive}", "-O", str(out), "-s",
                      f"NEWSCRAWL_SEEDS_DIR={site.seeds}", "-L", "INFO")
    assert proc.returncode == 0, proc.stderr[-3000:]
    replayed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_url = {r["url"]: r for r in replayed}
    assert sorted(by_url) == sorted(r["url"] for r in live), "the same pages, nothing twice"
    for record in live:
        again = dict(by_url[record["url"]])
        assert {k: v for k, v in again.items() if k != "fetched_at"} == \
            {k: v for k, v in record.items() if k != "fetched_at"}, record["url"]
    assert "'newscrawl/replay/skipped/warc_not_html'" in proc.stderr, "feeds and sitemaps are counted, not pages"


def test_records_that_are_not_html_pages_are_skipped_and_counted(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "a.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, ctype in (("https://e.in/a-1.html", "200 OK", "text/html; charset=utf-8"),
                                   ("https://e.in/gone.html", "404 Not Found", "text/html"),
                                   ("https://e.in/feed.xml", "200 OK", "application/rss+xml")):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(b"<html>x</html>"),
                                                          http_headers=http))
        writer.write_record(writer.create_revisit_record("https://e.in/a-1.html", digest="sha1:AAAA",
                                                         refers_to_uri="https://e.in/a-1.html",
                                                         refers_to_date="2026-11-20T00:00:00Z"))
    skipped: list[str] = []
    pages = list(read_pages(path, skipped.append))
    assert [p.url for p in pages] == ["https://e.in/a-1.html"]
    assert sorted(skipped) == ["warc_not_200", "warc_not_html", "warc_revisit"]


def test_archives_rotate_by_size_and_store_decompressed_bodies_honestly(tmp_path: Path) -> None:
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from newscrawl.warc import WarcRecorder

    recorder = WarcRecorder(str(tmp_path / "night.warc.gz"), max_bytes=1)
    for i in range(2):
        request = Request(f"https://e.in/tech/story-{i}.html")
        body = f"<html><body><p>कहानी {i}</p></body></html>".encode()
        response = HtmlResponse(request.url, body=body, request=request,
                                headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
        recorder.response_received(response, request)
    recorder.close()
    files = sorted(p.name for p in tmp_path.glob("*.warc.gz"))
    assert files == ["night-00001.warc.gz", "night.warc.gz"]
    page = next(read_pages(tmp_path / "night-00001.warc.gz", lambda _: None))
    assert page.url == "https://e.in/tech/story-1.html" and "कहानी 1" in page.body.decode()
    assert "Content-Encoding" not in page.headers and page.headers["Content-Length"] == str(len(page.body))


LATESTLY = ROOT / "fixtures" / "hindi.latestly.com" / "elon-musk-whatsapp" / "page.html"
ORIGINAL = ("https://hindi.latestly.com/technology/"
            "elon-musk-s-allegations-on-whatsapp-whatsapp-exports-users-data-every-night-says-elon-musk-2214587.html")
AMP_COPY = ORIGINAL.replace("latestly.com/", "latestly.com/amp/", 1)


def _archive(path: Path, urls: list[str]) -> Path:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url in urls:  # the same page under both URLs: its rel=canonical names ORIGINAL
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(LATESTLY.read_bytes()),
                                                          http_headers=http))
    return path


@pytest.mark.e2e
@pytest.mark.parametrize(("urls", "emitted", "held_back"), [
    ([AMP_COPY, ORIGINAL], ORIGINAL, 1),  # the original wins whichever page finishes first, as in a live crawl
    ([AMP_COPY], AMP_COPY, 0),  # an AMP copy whose original is not in the archive is still an article
])
def test_an_amp_copy_gives_way_to_its_original_only_when_the_original_is_replayed(
        tmp_path: Path, urls: list[str], emitted: str, held_back: int) -> None:
    out = tmp_path / "out.jsonl"
    proc = run_scrapy("crawl", "replay", "-a", f"path={_archive(tmp_path / 'a.warc.gz', urls)}", "-O", str(out),
                      "-s", f"NEWSCRAWL_STATE={tmp_path / 's.sqlite'}", "-L", "INFO")
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["url"] for r in records] == [emitted]
    assert records[0]["canonical_url"] == ORIGINAL
    assert (f"'newscrawl/replay/skipped/amp_copy': {held_back}" in proc.stderr) == bool(held_back)
