"""Link, pagination and feed-link heuristics for HTML pages.

Used when crawling section listings, tag pages and home pages. Whether a page
is an article is decided by extraction (newscrawl.extract.page), which has the
parsed tree already. Everything here is a heuristic over one HTML string: no
network, no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from newscrawl.discovery.urls import canonicalize

__all__ = [
    "PageLinks",
    "alternate_feeds",
    "links_of",
    "next_page",
    "page_links",
]

_HTTP = {"http", "https"}
_WS_RE = re.compile(r"\s+")
_NEXT_WORDS = frozenset(
    {
        "अगला",
        "अगले",
        "आगे",
        "अगला पेज",
        "अगला पृष्ठ",
        "अगले पेज",
        "next",
        "next page",
        "older posts",
        "older entries",
    }
)
_NEXT_SYMBOLS = frozenset({"»", "›", "→", ">"})
_ARROWS = " \t\n›»>→⟩❯…-"
_NEXT_CLASS_RE = re.compile(r"next", re.IGNORECASE)
_NOT_PAGINATION_CLASS_RE = re.compile(r"story|article|post|video|slide|gallery|disabled", re.IGNORECASE)
_PATH_PAGE_RE = re.compile(r"/page[/-](\d{1,5})/?$", re.IGNORECASE)
_PAGE_KEYS = ("page", "paged", "pg", "curpg", "pageno", "p")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})

# --- helpers -------------------------------------------------------------------


Page = str | etree._Element  # HTML text, or a tree parsed once by the caller


def _root(html: Page) -> etree._Element:
    if not isinstance(html, str):
        return html
    return Selector(text=html or "<html></html>", type="html").root


def _base(root: etree._Element, base_url: str) -> str:
    for el in root.iter("base"):
        href = (el.get("href") or "").strip()
        if href:
            return urljoin(base_url, href)
    return base_url


def _text(el: etree._Element) -> str:
    return _WS_RE.sub(" ", "".join(el.itertext())).strip()


def _absolute(href: str | None, base: str) -> str | None:
    if href is None:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    if scheme.lower() not in _HTTP:
        return None
    return url.split("#", 1)[0]


def _iter_anchors(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter("a", "area")


def _classes(el: etree._Element | None) -> list[str]:
    if el is None or not isinstance(el.tag, str):
        return []
    return (el.get("class") or "").split()


def _same_page(a: str, b: str) -> bool:
    return canonicalize(a).rstrip("/") == canonicalize(b).rstrip("/")


# --- links ---------------------------------------------------------------------


def page_links(html: Page, base_url: str) -> list[str]:
    """Absolute http(s) links of ``<a>``/``<area>`` in document order, deduplicated.

    Honours ``<base href>``; drops fragments and ``javascript:``, ``mailto:``,
    ``tel:`` and other non-HTTP schemes. URLs are not canonicalised, so what
    is returned is what the site linked (minus the fragment).
    """
    root = _root(html)
    base = _base(root, base_url)
    seen: set[str] = set()
    out: list[str] = []
    for a in _iter_anchors(root):
        url = _absolute(a.get("href"), base)
        if url and url not in seen:
            seen.add(url)
            out.append(url)
    return out


def alternate_feeds(html: Page, base_url: str) -> list[str]:
    """Feed URLs advertised with ``<link rel="alternate" type="application/rss+xml|atom+xml">``."""
    root = _root(html)
    base = _base(root, base_url)
    out: list[str] = []
    for link in root.iter("link"):
        rels = {r.lower() for r in (link.get("rel") or "").split()}
        ftype = (link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rels or ftype not in _FEED_TYPES:
            continue
        url = _absolute(link.get("href"), base)
        if url and url not in out:
            out.append(url)
    return out


# --- pagination ----------------------------------------------------------------


def _is_next_label(label: str | None) -> bool:
    if not label:
        return False
    label = _WS_RE.sub(" ", label).strip()
    if label in _NEXT_SYMBOLS:
        return True
    return label.strip(_ARROWS).strip().casefold() in _NEXT_WORDS


def _page_number(url: str) -> tuple[int, str | None]:
    """Current page number and where it lives (``"path"``, a query key, or ``None``)."""
    parts = urlsplit(url)
    m = _PATH_PAGE_RE.search(parts.path)
    if m:
        return int(m.group(1)), "path"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _PAGE_KEYS and value.isascii() and value.isdecimal():
            return int(value), key
    return 1, None


def _with_page(url: str, where: str, n: int) -> str:
    parts = urlsplit(url)
    if where == "path":
        path = _PATH_PAGE_RE.sub(lambda m: m.group(0).replace(m.group(1), str(n), 1), parts.path)
        return urlunsplit(parts._replace(path=path, fragment=""))
    query = [(k, str(n) if k == where else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if all(k != where for k, _ in query):
        query.append((where, str(n)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def _expected_next(url: str) -> list[str]:
    n, where = _page_number(url)
    if where is not None:
        return [_with_page(url, where, n + 1)]
    parts = urlsplit(url)
    stem = parts.path.rstrip("/")
    guesses = [
        urlunsplit(parts._replace(path=f"{stem}/page/2/", fragment="")),
        urlunsplit(parts._replace(path=f"{stem}/page-2", fragment="")),
    ]
    guesses += [_with_page(url, key, 2) for key in ("page", "paged", "curpg", "pg")]
    return guesses



def next_page(html: Page, base_url: str) -> str | None:
    """URL of the next listing page, or ``None``.

    In order of trust: ``rel=next`` on ``<link>``/``<a>``; an anchor whose
    text, ``aria-label`` or ``title`` is "अगला", "अगले", "आगे", "Next", "»" …;
    an anchor (or its parent) with a ``next`` class that is not a
    next-story/slider control; a link to the same URL with page number +1
    (``/page/N/``, ``/page-N``, ``?page=N`` and friends). Links back to the
    current page are ignored.
    """
    root = _root(html)
    base = _base(root, base_url)

    def ok(href: str | None) -> str | None:
        url = _absolute(href, base)
        return url if url and not _same_page(url, base_url) else None

    for el in root.iter("link", "a"):
        rels = {r.lower() for r in (el.get("rel") or "").split()}
        if "next" in rels and (url := ok(el.get("href"))):
            return url
    anchors = list(_iter_anchors(root))
    for a in anchors:
        labels = (_text(a), a.get("aria-label"), a.get("title"))
        if any(_is_next_label(x) for x in labels) and (url := ok(a.get("href"))):
            return url
    for a in anchors:
        parent = a.getparent()
        classes = _classes(a) + _classes(parent)
        is_next = any(_NEXT_CLASS_RE.search(c) for c in classes)
        if is_next and not any(_NOT_PAGINATION_CLASS_RE.search(c) for c in classes) and (url := ok(a.get("href"))):
            return url
    expected = {canonicalize(u).rstrip("/") for u in _expected_next(base_url)}
    for a in anchors:
        url = ok(a.get("href"))
        if url and canonicalize(url).rstrip("/") in expected:
            return url
    return None


# --- everything a crawl follows from one page ----------------------------------


@dataclass(frozen=True)
class PageLinks:
    """What a page that gave no article leads to: found where the page was parsed (a worker process), so the
    crawl never parses it again. ``problem`` says why the profile's next_page selector gave nothing, if it failed."""

    feeds: tuple[str, ...] = ()
    next_page: str | None = None
    links: tuple[str, ...] = ()
    problem: str | None = None


def links_of(html: Page, base_url: str, next_css: str | None = None) -> PageLinks:
    """Alternate feeds, the next listing page (a profile's ``next_page`` selector first) and every link."""
    root = _root(html)
    chosen, problem = _selected_next(root, base_url, next_css)
    return PageLinks(tuple(alternate_feeds(root, base_url)), chosen or next_page(root, base_url),
                     tuple(page_links(root, base_url)), problem)


def _selected_next(root: etree._Element, base_url: str, css: str | None) -> tuple[str | None, str | None]:
    if not css:
        return None, None
    try:
        href = Selector(root=root, type="html").css(css).xpath("(@href | .//@href)[1]").get()
    except Exception as exc:  # a broken selector in a profile costs the override, not the page
        return None, f"profile next_page selector {css!r} failed: {exc}"
    return (urljoin(base_url, href.strip()) if href and href.strip() else None), None
