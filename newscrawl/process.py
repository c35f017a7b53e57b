"""One page → one record, as a pure function a worker process can run.

The spiders and the item pipelines call exactly these steps; WARC replay on
all cores and the `evaluate` command call them directly. Inputs and outputs
are plain picklable values.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, Protocol

from newscrawl.discovery.kinds import maybe_gunzip as gunzip_capped
from newscrawl.discovery.listings import PageLinks, links_of
from newscrawl.extract.page import decode, extract
from newscrawl.extract.raw import RawArticle
from newscrawl.extract.selectors import Selectors
from newscrawl.items import Article
from newscrawl.parse.dates import IST
from newscrawl.parse.record import build_article
from newscrawl.parse.validate import DEFAULT_MIN_WORDS, validate
from newscrawl.timezones import zone

logger = logging.getLogger(__name__)


class ProfileLike(Protocol):
    """What extraction needs from a site profile (see newscrawl.profiles.SiteProfile)."""

    language: str | None
    timezone: str | None
    text_fallbacks: bool

    @property
    def selectors(self) -> Selectors: ...


@dataclass
class Outcome:
    """The result for one page: an article, or the reason there is none."""

    article: Article | None
    reason: str | None = None  # non_article/<type>, dropped/<code> or failed/<stage>
    detail: str | None = None  # why: the page-type reason, or the exception of a failed stage
    trace: str | None = None  # the traceback of a failed stage (logged at DEBUG by whoever reports it)
    encoding_note: str | None = None  # how the page's declared charset was corrected, if it was
    links: PageLinks | None = None  # what a page without an article leads to, when the crawl asked

    @property
    def is_failure(self) -> bool:
        return bool(self.reason and self.reason.startswith("failed/"))


MAX_PAGE_BYTES = 32 * 1024 * 1024  # a decompressed page bigger than this is not a news article


def maybe_gunzip(body: bytes) -> bytes:
    """Saved pages are often gzipped (.html.gz); decompress by magic bytes, capped against gzip bombs.

    A body that would inflate past MAX_PAGE_BYTES comes back empty: extraction
    then reports the page as empty instead of exhausting memory.
    """
    try:
        return gunzip_capped(body, MAX_PAGE_BYTES)
    except ValueError:
        return b""


def page_to_raw(url: str, body: bytes | str, headers: Mapping[str, Any] | None = None, *,
                fetched_at: str | None = None, profile: ProfileLike | None = None) -> RawArticle:
    """Extraction with the site profile's overrides applied."""
    if isinstance(body, bytes):
        try:
            body = gunzip_capped(body, MAX_PAGE_BYTES)
        except ValueError:  # inflates past the cap: a gzip bomb or a broken archive, never an article
            return RawArticle(url=url, fetched_at=fetched_at, page_type="too_large",
                              page_type_reason=f"gzipped page inflates past {MAX_PAGE_BYTES // 2**20} MiB")
    raw = extract(
        url, body, headers, fetched_at=fetched_at,
        selectors=profile.selectors if profile is not None else None,
        language=profile.language if profile is not None else None,
        text_fallbacks=profile.text_fallbacks if profile is not None else True,
    )
    if profile is not None:
        raw.timezone = profile.timezone
    return raw


def page_to_record(url: str, body: bytes | str, headers: Mapping[str, Any] | None = None, *,
                   fetched_at: str | None = None, profile: ProfileLike | None = None,
                   default_tz: tzinfo = IST) -> Outcome:
    """Extraction and parsing, not validation, and no logging: what a worker process runs.

    The article comes back unvalidated, so the crawl's ValidatePipeline counts
    every drop in one place; a failed stage comes back with its traceback as
    text, for the process that owns the log to report (`report_failure`).
    """
    try:
        raw = page_to_raw(url, body, headers, fetched_at=fetched_at, profile=profile)
    except Exception as exc:  # a bug or a library break: counted and loud, never "not an article"
        return failed("extract", exc)
    if raw.page_type != "article":
        return Outcome(None, f"non_article/{raw.page_type}", raw.page_type_reason, encoding_note=raw.encoding_note)
    try:
        article = build_article(raw, tz=zone(raw.timezone) or default_tz)
    except Exception as exc:
        return failed("parse", exc)
    return Outcome(article, encoding_note=raw.encoding_note)


def page_links(url: str, body: bytes, headers: Mapping[str, Any] | None, next_css: str | None) -> PageLinks:
    """Links of a page that gave no article, for the crawl to follow; computed beside extraction (in the worker)."""
    try:
        text = decode(gunzip_capped(body, MAX_PAGE_BYTES), headers)
    except ValueError:  # inflates past the cap: nothing to follow
        return PageLinks(problem=f"gzipped page inflates past {MAX_PAGE_BYTES // 2**20} MiB")
    return links_of(text, url, next_css)


def page_to_article(url: str, body: bytes | str, headers: Mapping[str, Any] | None = None, *,
                    fetched_at: str | None = None, profile: ProfileLike | None = None,
                    min_words: int = DEFAULT_MIN_WORDS, default_tz: tzinfo = IST) -> Outcome:
    """The whole path from a saved or fetched page to a validated Article, in this process.

    ``default_tz`` is NEWSCRAWL_TIMEZONE's zone; a profile's own zone wins.
    A failed stage is logged here (one WARNING with the URL).
    """
    outcome = page_to_record(url, body, headers, fetched_at=fetched_at, profile=profile, default_tz=default_tz)
    if outcome.is_failure:
        report_failure(url, outcome)
    if outcome.article is None:
        return outcome
    reason = validate(outcome.article, min_words=min_words)
    if reason:
        return Outcome(None, f"dropped/{reason}", encoding_note=outcome.encoding_note)
    return outcome


def failed(stage: str, exc: BaseException) -> Outcome:
    """An exception inside a stage: a `failed/<stage>` outcome naming the exception, with its traceback."""
    trace = "".join(traceback.format_exception(exc))
    return Outcome(None, f"failed/{stage}", f"{type(exc).__name__}: {exc}", trace=trace)


def report_failure(url: str, outcome: Outcome) -> None:
    """One WARNING line with the URL and the exception; the traceback at DEBUG."""
    stage = (outcome.reason or "failed/?").removeprefix("failed/")
    logger.warning("Failed to %s %s: %s", stage, url, outcome.detail)
    logger.debug("Traceback of the %s failure on %s:\n%s", stage, url, outcome.trace)
