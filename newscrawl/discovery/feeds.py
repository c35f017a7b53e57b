"""RSS 2.0 / RSS 1.0 (RDF) / Atom parsing for article discovery.

Only what discovery needs: the article URL, its title and its dates. Dates in
Indian feeds are RFC 822 with zone names such as ``IST``; ``email.utils``
does not know ``IST`` and dateparser reads it as Israel Standard Time, so
zone abbreviations are mapped to offsets here before anything else parses.
FeedBurner feeds link to a redirector; ``feedburner:origLink`` gives the real
article URL and wins over ``<link>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.discovery.kinds import local_name, parse_xml, unescape_refs
from newscrawl.discovery.sitemaps import IST, parse_w3c_datetime
from newscrawl.parse.dates import parse_datetime as parse_any_datetime

__all__ = ["FeedEntry", "parse_datetime", "parse_feed", "parse_rfc822_datetime"]


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: absolute article URL, title and dates (aware, or ``None``)."""

    url: str
    title: str | None
    published: datetime | None
    updated: datetime | None


# Zone abbreviations as used by Indian and international feeds. IST is India.
_ZONES: dict[str, str] = {
    "IST": "+0530",
    "UTC": "+0000",
    "UT": "+0000",
    "GMT": "+0000",
    "Z": "+0000",
    "BST": "+0100",
    "CET": "+0100",
    "CEST": "+0200",
    "EST": "-0500",
    "EDT": "-0400",
    "CST": "-0600",
    "CDT": "-0500",
    "MST": "-0700",
    "MDT": "-0600",
    "PST": "-0800",
    "PDT": "-0700",
}
_ZONE_RE = re.compile(r"\b(" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")\b\s*$")
_GMT_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)
_COLON_OFFSET_RE = re.compile(r"([+-])(\d{2}):(\d{2})\s*$")
_HAS_OFFSET_RE = re.compile(r"[+-]\d{4}\s*$")
_WEEKDAY_RE = re.compile(r"^\s*[A-Za-z]+,\s*")
# "08 Oct 2026 14:05[:00] [zone]" after the weekday is gone; email.utils accepts far more
# (and silently ignores "PM"), so anything else goes to the slower, smarter parsers.
_RFC822_SHAPE_RE = re.compile(r"^\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S+)?$")
_HTTP_SCHEMES = {"http", "https"}


def parse_rfc822_datetime(value: str | None, default_tz: tzinfo = IST) -> datetime | None:
    """Parse RFC 822/2822 dates as found in RSS ``pubDate`` (``IST`` = +05:30).

    Tolerates ``GMT+5:30``, ``+05:30``, a missing or wrong weekday and a
    missing zone (read as ``default_tz``).
    """
    if not value:
        return None
    text = " ".join(value.split())
    text = _WEEKDAY_RE.sub("", text)
    if not _RFC822_SHAPE_RE.match(text):
        return None
    m = _GMT_OFFSET_RE.search(text)
    if m:
        sign, hh, mm = m.group(1), int(m.group(2)), m.group(3) or "00"
        text = text[: m.start()] + f"{sign}{hh:02d}{mm}"
    else:
        zone = _ZONE_RE.search(text.upper())
        if zone:
            text = text[: zone.start()].rstrip() + " " + _ZONES[zone.group(1)]
        text = _COLON_OFFSET_RE.sub(r"\1\2\3", text)
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None or not _HAS_OFFSET_RE.search(text):
        # parsedate_to_datetime maps an unknown or absent zone to naive or -0000.
        dt = dt.replace(tzinfo=default_tz)
    return dt


def parse_datetime(value: str | None, default_tz: tzinfo = IST) -> datetime | None:
    """Parse a feed date in any of the formats feeds use: RFC 822, W3C/ISO, or free text.

    The last resort is the article date parser (English and Hindi forms,
    ``IST`` as India, never a guessed year).
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    dt = parse_w3c_datetime(value, default_tz) or parse_rfc822_datetime(value, default_tz)
    if dt is not None:
        return dt
    return parse_any_datetime(value, default_tz=default_tz)


def _clean_text(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(unescape_refs(text).split())
    return text or None


def _all_text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return _clean_text("".join(el.itertext()))


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local_name(c) == name]


def _first(el: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        for c in el:
            if local_name(c) == name:
                return c
    return None


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href:
        return None
    url = urljoin(base, href).split("#", 1)[0]
    return url if urlsplit(url).scheme in _HTTP_SCHEMES else None


def _base_of(el: etree._Element, base_url: str) -> str:
    try:
        base = el.base
    except (ValueError, TypeError):
        base = None
    return base or base_url


def _rss_link(item: etree._Element, base_url: str) -> str | None:
    base = _base_of(item, base_url)
    orig = _first(item, "origlink")  # feedburner:origLink
    if orig is not None and (url := _absolute(_all_text(orig), base)):
        return url
    for link in _children(item, "link"):
        # <link>url</link>, or an atom:link inside RSS items
        text = _all_text(link)
        if text and (url := _absolute(text, base)):
            return url
        rel = (link.get("rel") or "alternate").lower()
        if rel == "alternate" and (url := _absolute(link.get("href"), base)):
            return url
    guid = _first(item, "guid")
    if guid is not None and (guid.get("isPermaLink") or "true").strip().lower() != "false":
        text = _all_text(guid)
        if text and text.lower().startswith(("http://", "https://", "/")):
            return _absolute(text, base)
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return _absolute(about, base)


def _atom_link(entry: etree._Element, base_url: str) -> str | None:
    base = _base_of(entry, base_url)
    links = _children(entry, "link")
    for want_html in (True, False):
        for link in links:
            rel = (link.get("rel") or "alternate").strip().lower()
            ltype = (link.get("type") or "text/html").lower()
            if rel != "alternate" or (want_html and "html" not in ltype):
                continue
            if url := _absolute(link.get("href"), base):
                return url
    orig = _first(entry, "origlink")
    if orig is not None:
        return _absolute(_all_text(orig), base)
    return None


def _item_dates(
    item: etree._Element, published_names: tuple[str, ...], updated_names: tuple[str, ...]
) -> tuple[datetime | None, datetime | None]:
    published = parse_datetime(_all_text(_first(item, *published_names)))
    updated = parse_datetime(_all_text(_first(item, *updated_names)))
    return published, updated


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, in feed order.

    Links are made absolute against ``xml:base`` or ``base_url``; items
    without an http(s) URL are skipped; a URL repeated in the feed is kept
    once. Broken XML is parsed as far as lxml's recovery gets; a body that is
    no feed gives ``[]``.
    """
    root = parse_xml(body, base_url=base_url)
    if root is None:
        return []
    rname = local_name(root)
    entries: list[FeedEntry] = []
    if rname == "feed":
        for entry in _children(root, "entry"):
            url = _atom_link(entry, base_url)
            if url:
                pub, upd = _item_dates(entry, ("published", "issued", "created"), ("updated", "modified"))
                entries.append(FeedEntry(url, _all_text(_first(entry, "title")), pub, upd))
    elif rname in {"rss", "rdf"}:
        items = [el for el in root.iter() if local_name(el) == "item"]
        for item in items:
            url = _rss_link(item, base_url)
            if url:
                pub, upd = _item_dates(item, ("pubdate", "date", "published", "issued"), ("updated", "modified"))
                entries.append(FeedEntry(url, _all_text(_first(item, "title")), pub, upd))
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.url not in seen:
            seen.add(e.url)
            out.append(e)
    return out
