"""WARC archives in and out: record what a live crawl fetched, and replay it through the same code.

Recording (`-s NEWSCRAWL_WARC=path.warc.gz`): every HTTP(S) response the
crawl receives is written as a WARC request record and a response record
(status line, headers, body, WARC-Target-URI, WARC-Date = fetch time), rotated
by size. Scrapy hands over bodies already decompressed, so the stored headers
drop Content-Encoding/Transfer-Encoding and carry the true Content-Length.

Replaying (`scrapy crawl replay -a path=archive.warc.gz` or a folder of them):
HTML response records with status 200 are pages; revisits, non-HTML and
non-200 records are skipped and counted.

warcio, not FastWARC: one well-kept pure-Python library that both writes and
reads (FastWARC is a faster reader but its writer is minimal and it needs a
compiled wheel); reading is a small part of the cost next to extraction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
_DROP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcRecorder:
    """Scrapy extension: writes every fetched HTTP(S) response to a size-rotated WARC file."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.base = Path(path)
        self.max_bytes = max_bytes
        self.part = 0
        self.handle: BinaryIO | None = None
        self.writer: WARCWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        path = crawler.settings.get("NEWSCRAWL_WARC")
        if not path:
            raise NotConfigured("NEWSCRAWL_WARC is not set")
        recorder = cls(path, crawler.settings.getint("NEWSCRAWL_WARC_MAX_BYTES"))
        crawler.signals.connect(recorder.response_received, signal=signals.response_received)
        crawler.signals.connect(recorder.close, signal=signals.spider_closed)
        return recorder

    def response_received(self, response: Response, request: Request) -> None:
        if not response.url.startswith(("http://", "https://")) or ARCHIVED_PAGE in request.meta:
            return  # file:// pages and pages replayed from an archive were never fetched
        writer = self._writer()
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        writer.write_record(_request_record(writer, request, now))
        writer.write_record(_response_record(writer, response, now))
        assert self.handle is not None
        self.handle.flush()

    def _writer(self) -> WARCWriter:
        """The current file's writer; a new file once the current one is over the size limit."""
        if self.handle is not None and self.handle.tell() >= self.max_bytes:
            self.close()
            self.part += 1
        if self.writer is None:
            path = self._path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = path.open("ab")
            self.writer = WARCWriter(self.handle, gzip=path.name.endswith(".gz"))
            logger.info("Recording fetched pages to %s", path)
        return self.writer

    def _path(self) -> Path:
        if self.part == 0:
            return self.base
        name = self.base.name
        stem, suffix = (name[: -len(".warc.gz")], ".warc.gz") if name.endswith(".warc.gz") else (self.base.stem,
                                                                                                 self.base.suffix)
        return self.base.with_name(f"{stem}-{self.part:05d}{suffix}")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle, self.writer = None, None


def _request_record(writer: WARCWriter, request: Request, date: str) -> Any:
    headers = [(k.decode("latin-1"), b", ".join(v).decode("latin-1")) for k, v in request.headers.items()]
    path = request.url.split("/", 3)[3] if request.url.count("/") >= 3 else ""
    http = StatusAndHeaders(f"{request.method} /{path} HTTP/1.1", headers, is_http_request=True)
    return writer.create_warc_record(request.url, "request", http_headers=http,
                                     warc_headers_dict={"WARC-Date": date})


def _response_record(writer: WARCWriter, response: Response, date: str) -> Any:
    headers = [(k.decode("latin-1"), b", ".join(v).decode("latin-1")) for k, v in response.headers.items()
               if k.decode("latin-1").lower() not in _DROP_HEADERS]
    headers.append(("Content-Length", str(len(response.body))))
    http = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers, protocol="HTTP/1.1")
    return writer.create_warc_record(response.url, "response", payload=BytesIO(response.body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": date})


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


@dataclass(frozen=True)
class WarcPage:
    """One HTML page from an archive: what the replay spider needs."""

    url: str
    body: bytes
    headers: dict[str, str]
    fetched_at: str


ARCHIVED_PAGE = "newscrawl_archived_page"  # Request.meta key: the WarcRef (archive and offset) of a replayed page
ARCHIVED_PAGE_DATA = "newscrawl_archived_page_data"  # ... and the WarcPage read from it, once downloaded


class ArchivedPageMiddleware:
    """Downloader middleware: a request carrying an archived page (meta ARCHIVED_PAGE) is answered from it.

    The replay spider turns every page of a WARC into such a request, so the
    page goes through the engine, callbacks and the worker pool like a
    fetched one, and start() never waits for extraction. The request carries
    only where the record starts: the body is read when the request is
    downloaded, so however many requests Scrapy queues, memory holds only the
    pages being worked on. The stored body is
    already decoded (warcio undoes chunking and Content-Encoding), so the
    headers that described the transfer are dropped.
    """

    def process_request(self, request: Request) -> Response | None:
        ref = request.meta.get(ARCHIVED_PAGE)
        if not isinstance(ref, WarcRef):
            return None
        page = page_at(ref)
        request.meta[ARCHIVED_PAGE_DATA] = page  # its URL, fetch time and headers, for the callback
        headers = {k: v for k, v in page.headers.items() if k.lower() not in _DROP_HEADERS}
        return Response(page.url, status=200, headers=headers, body=page.body, request=request)


@dataclass(frozen=True)
class WarcRef:
    """Where one page of an archive starts, and its URL."""

    path: str
    offset: int
    url: str


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_pages(path: Path, skipped: Callable[[str], None]) -> Iterator[WarcPage]:
    """HTML 200 responses of a WARC file; `skipped(reason)` is called for every other record."""
    with path.open("rb") as handle:
        for record in _page_records(ArchiveIterator(handle), skipped):
            yield _page(record)


def page_refs(path: Path, skipped: Callable[[str], None]) -> Iterator[WarcRef]:
    """Where each HTML 200 response of a WARC file starts: a replay holds these, never the bodies."""
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in _page_records(records, skipped):
            yield WarcRef(str(path), records.get_record_offset(),
                          record.rec_headers.get_header("WARC-Target-URI"))


def page_at(ref: WarcRef) -> WarcPage:
    """The page whose record starts at ``ref.offset`` (each gzip member of a .warc.gz is one record)."""
    with open(ref.path, "rb") as handle:
        handle.seek(ref.offset)
        return _page(next(iter(ArchiveIterator(handle))))


def _page_records(records: ArchiveIterator, skipped: Callable[[str], None]) -> Iterator[Any]:
    for record in records:
        reason = _skip_reason(record)
        if reason:
            if reason != "request":  # the request half of a pair is no page and no loss
                skipped(reason)
            continue
        yield record


def _page(record: Any) -> WarcPage:
    headers = {k: v for k, v in record.http_headers.headers}
    fetched = record.rec_headers.get_header("WARC-Date") or ""
    return WarcPage(record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read(),
                    headers, fetched.replace("Z", "+00:00"))


def _skip_reason(record: Any) -> str | None:
    if record.rec_type == "request":
        return "request"
    if record.rec_type != "response":
        return f"warc_{record.rec_type}"  # revisit, metadata, warcinfo …
    if record.http_headers is None or record.http_headers.get_statuscode() != "200":
        return "warc_not_200"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in content_type:
        return "warc_not_html"
    return None
