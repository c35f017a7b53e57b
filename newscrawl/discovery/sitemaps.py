"""Sitemap, sitemap-index and Google-News-sitemap parsing, hardened for hostile input.

Indian news sitemaps are large, often gzipped, sometimes invalid XML (stray
``&``, truncated downloads) and mix namespaces (sitemap 0.9, news, image,
xhtml). We match elements by local name so an undeclared or misspelt
namespace does not lose entries, and parse with lxml in recover mode with
entity resolution, DTD loading and network access switched off. Naive
timestamps are read as IST because that is what these CMSes emit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.discovery.kinds import local_name, maybe_gunzip, parse_xml, root_name, unescape_refs
from newscrawl.parse.dates import IST as _IST

__all__ = [
    "IST",
    "Sitemap",
    "SitemapEntry",
    "parse_sitemap",
    "parse_w3c_datetime",
    "robots_sitemaps",
]

#: India Standard Time; the default for timestamps that carry no offset.
IST = _IST  # re-exported: discovery and parsing share one India time zone

_W3C_RE = re.compile(
    r"""^\s*(?P<y>\d{4})
    (?:-(?P<m>\d{1,2})
      (?:-(?P<d>\d{1,2})
        (?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})
          (?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?
          \s*(?P<tz>Z|UTC|GMT|IST|[+-]\d{2}(?::?\d{2})?)?
        )?
      )?
    )?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_URL_LINE_RE = re.compile(r"^https?://\S+$")
_ROBOTS_SITEMAP_RE = re.compile(r"^\s*site-?maps?\s*:\s*(?P<url>\S.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>`` entry; news fields only in Google-News sitemaps."""

    loc: str
    lastmod: datetime | None = None
    news_published: datetime | None = None
    news_title: str | None = None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``index`` entries point at further sitemaps, ``urlset`` at pages."""

    kind: Literal["index", "urlset"]
    entries: list[SitemapEntry] = field(default_factory=list)


def _tz_from(token: str | None, default_tz: tzinfo) -> tzinfo:
    if not token:
        return default_tz
    t = token.upper()
    if t in {"Z", "UTC", "GMT"}:
        return UTC
    if t == "IST":
        return IST
    sign = -1 if t[0] == "-" else 1
    digits = t[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_w3c_datetime(value: str | None, default_tz: tzinfo = IST) -> datetime | None:
    """Parse W3C-DTF (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``…Thh:mm[:ss[.f]]TZD``).

    Also accepts a space instead of ``T``, ``+0530`` without colon and
    ``UTC``/``GMT``/``IST`` suffixes, all seen in the wild. A missing offset
    means ``default_tz`` (IST). Returns ``None`` for anything else.
    """
    if not value:
        return None
    match = _W3C_RE.match(value)
    if not match:
        return None
    g = match.groupdict()
    frac = (g["f"] or "0")[:6].ljust(6, "0")
    try:
        return datetime(
            int(g["y"]),
            int(g["m"] or 1),
            int(g["d"] or 1),
            int(g["H"] or 0),
            int(g["M"] or 0),
            int(g["S"] or 0),
            int(frac),
            tzinfo=_tz_from(g["tz"], default_tz),
        )
    except ValueError:
        return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = "".join(el.itertext())
    text = " ".join(unescape_refs(text).split())  # refs double-escaped or inside CDATA
    return text or None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if local_name(child) == name:
            return child
    return None


def _entry(el: etree._Element, default_tz: tzinfo) -> SitemapEntry | None:
    loc = _text(_child(el, "loc"))
    if not loc:
        return None
    lastmod = parse_w3c_datetime(_text(_child(el, "lastmod")), default_tz)
    news_published: datetime | None = None
    news_title: str | None = None
    news = _child(el, "news")
    if news is not None:
        news_published = parse_w3c_datetime(_text(_child(news, "publication_date")), default_tz)
        news_title = _text(_child(news, "title"))
    return SitemapEntry(loc, lastmod, news_published, news_title)


def _dedup(entries: list[SitemapEntry]) -> list[SitemapEntry]:
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.loc not in seen:
            seen.add(e.loc)
            out.append(e)
    return out


def parse_sitemap(body: bytes, default_tz: tzinfo = IST) -> Sitemap:
    """Parse a sitemap or sitemap index (XML, gzipped XML, or the plain-text format).

    Never raises on bad input: a body that is not a sitemap (an HTML error
    page, garbage, a gzip bomb) gives an empty ``urlset``. Entries keep
    document order; a repeated ``loc`` is kept once.
    """
    try:
        body = maybe_gunzip(body)
    except ValueError:
        return Sitemap("urlset", [])
    name = root_name(body)
    if name is None:
        text = body.decode("utf-8", "replace").lstrip("\ufeff")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if lines and all(_URL_LINE_RE.match(ln) for ln in lines):
            return Sitemap("urlset", _dedup([SitemapEntry(ln) for ln in lines]))
        return Sitemap("urlset", [])
    root = parse_xml(body)
    if root is None:
        return Sitemap("urlset", [])
    kind: Literal["index", "urlset"]
    rname = local_name(root)
    if rname == "sitemapindex":
        kind, item = "index", "sitemap"
    elif rname == "urlset":
        kind, item = "urlset", "url"
    else:
        return Sitemap("urlset", [])
    entries = []
    for el in root:
        if local_name(el) == item:
            entry = _entry(el, default_tz)
            if entry is not None:
                entries.append(entry)
    return Sitemap(kind, _dedup(entries))


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """``Sitemap:`` URLs from a robots.txt, absolute, deduplicated, in file order.

    The directive is case-insensitive and group-independent; relative values
    (non-standard but seen) are resolved against ``base_url``; ``#`` comments
    are stripped.
    """
    out: list[str] = []
    seen: set[str] = set()
    for line in robots_txt.lstrip("\ufeff").splitlines():
        line = re.sub(r"(?:^|\s)#.*$", "", line)
        match = _ROBOTS_SITEMAP_RE.match(line)
        if not match:
            continue
        url = urljoin(base_url, match.group("url").strip())
        if urlsplit(url).scheme not in {"http", "https"} or url in seen:
            continue
        seen.add(url)
        out.append(url)
    return out
