"""What a fetched discovery response really is, judged from its bytes.

URLs lie: ``/rss`` serves HTML error pages, ``sitemap.xml`` is sometimes an
index, ``.xml.gz`` may already be decompressed by the HTTP layer. So we sniff
the root element (after gunzipping) and only fall back to the content type and
URL when the body gives no answer. This module also owns the shared, hardened
helpers for gzip and XML that ``sitemaps`` and ``feeds`` use.
"""

from __future__ import annotations

import html
import re
import zlib
from html.entities import name2codepoint
from typing import Literal

from lxml import etree

__all__ = [
    "MAX_DECOMPRESSED",
    "Kind",
    "detect_kind",
    "maybe_gunzip",
    "parse_xml",
    "root_name",
    "unescape_refs",
]

Kind = Literal["sitemapindex", "sitemap", "rss", "atom", "robots", "html", "other"]

#: The sitemap protocol caps files at 50 MB uncompressed; anything bigger is a bomb.
MAX_DECOMPRESSED = 64 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 64 * 1024

_LEADING_JUNK_RE = re.compile(
    rb"""\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*""",
    re.DOTALL | re.IGNORECASE,
)
_ROOT_TAG_RE = re.compile(rb"\A<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
_ROBOTS_LINE_RE = re.compile(
    r"^\s*(?:user-agent|disallow|allow|sitemap|crawl-delay|host)\s*:", re.IGNORECASE | re.MULTILINE
)
_URL_LINE_RE = re.compile(r"^https?://\S+$")
# A bare "&" (the commonest sitemap bug: unescaped query strings) would make
# recovery drop text; escape it unless it starts a real reference.
_BARE_AMP_RE = re.compile(rb"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z_][\w.-]*);)")
# HTML named entities (&nbsp;, &rsquo;) are undefined in XML and would be lost.
_NAMED_ENTITY_RE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _html_entity_to_numeric(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % codepoint if codepoint is not None else match.group(0)


_REF_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def unescape_refs(text: str) -> str:
    """Decode ``&…;`` references left in text (double escaping, CDATA).

    Unlike ``html.unescape`` this ignores semicolon-less legacy names, so a
    URL query such as ``?a=1&section=2`` is not turned into ``?a=1§ion=2``.
    """
    if "&" not in text:
        return text
    return _REF_RE.sub(lambda m: html.unescape(m.group(0)), text)


def maybe_gunzip(body: bytes, limit: int | None = None) -> bytes:
    """Decompress gzip bodies (by magic bytes, not by URL); cap the output size.

    A truncated stream yields what was decoded so far; a stream exceeding
    ``limit`` raises ``ValueError`` instead of eating the memory.
    """
    if not body.startswith(_GZIP_MAGIC):
        return body
    if limit is None:
        limit = MAX_DECOMPRESSED
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(body, limit + 1)
    except zlib.error:
        return b""
    if len(out) > limit:
        raise ValueError(f"decompressed body exceeds {limit} bytes")
    return out


def gunzip_head(body: bytes, size: int) -> bytes:
    """The first ``size`` bytes of a body, decompressed when gzipped: enough to tell what it is, without
    inflating all of it (the sitemap parser or the extractor that reads it whole decompresses it once, capped)."""
    if not body.startswith(_GZIP_MAGIC):
        return body[:size]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, size)
    except zlib.error:
        return b""


def _strip_bom(body: bytes) -> bytes:
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:]
    return body


def _to_utf8_if_utf16(body: bytes) -> bytes:
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = body.decode("utf-16")
        except UnicodeDecodeError:
            return body
        text = re.sub(r"""(<\?xml[^>]*?encoding=["'])utf-16(["'])""", r"\1utf-8\2", text, flags=re.I)
        return text.encode("utf-8")
    return body


def _make_parser() -> etree.XMLParser:
    # recover: real feeds are often broken; resolve_entities/no_network/load_dtd
    # off: no XXE, no external fetches, no billion-laughs expansion; huge_tree
    # off keeps libxml2's depth and text-size limits.
    return etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
        strip_cdata=True,
    )


def parse_xml(body: bytes, base_url: str | None = None) -> etree._Element | None:
    """Parse untrusted XML safely and tolerantly; ``None`` when nothing usable is there."""
    body = _to_utf8_if_utf16(_strip_bom(maybe_gunzip(body)))
    body = _BARE_AMP_RE.sub(b"&amp;", body.lstrip())
    body = _NAMED_ENTITY_RE.sub(_html_entity_to_numeric, body)
    if not body:
        return None
    try:
        root = etree.fromstring(body, _make_parser(), base_url=base_url)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return root


def local_name(el: etree._Element) -> str:
    """Tag without namespace, lower-cased ("" for comments/PIs)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def root_name(body: bytes) -> str | None:
    """Local name (lower-case) of the first element in ``body``, by a cheap regex sniff."""
    head = _to_utf8_if_utf16(_strip_bom(maybe_gunzip(body)))[:_SNIFF_BYTES]
    rest = head[_LEADING_JUNK_RE.match(head).end() :]  # type: ignore[union-attr]
    match = _ROOT_TAG_RE.match(rest)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace").rpartition(":")[2].lower()


def _looks_like_robots(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return False
    hits = sum(1 for ln in lines if _ROBOTS_LINE_RE.match(ln))
    return hits >= max(1, len(lines) // 2)


def _looks_like_text_sitemap(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return bool(lines) and all(_URL_LINE_RE.match(ln) for ln in lines[:200])


def detect_kind(url: str, content_type: str | None, body: bytes) -> Kind:
    """Classify a discovery response by its content.

    Root element decides (``urlset``, ``sitemapindex``, ``rss``/``rdf:RDF``,
    ``feed``, ``html``); plain text is robots.txt when most lines are robots
    directives and a text sitemap when every line is a URL. The content type
    and URL only break ties (HTML fragments, empty robots files).
    """
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    body = gunzip_head(body, _SNIFF_BYTES)  # the parser that reads the body decompresses it, with its own cap
    name = root_name(body)
    if name is not None:
        if name == "urlset":
            return "sitemap"
        if name == "sitemapindex":
            return "sitemapindex"
        if name in {"rss", "rdf"}:
            return "rss"
        if name == "feed":
            return "atom"
        if name in {"html", "head", "body"} or ctype in {"text/html", "application/xhtml+xml"}:
            return "html"
        return "other"
    text = _strip_bom(body)[:_SNIFF_BYTES].decode("utf-8", "replace")
    if _looks_like_robots(text):
        return "robots"
    if _looks_like_text_sitemap(text):
        return "sitemap"
    if ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    if url.lower().split("?", 1)[0].endswith("/robots.txt") and ctype in {"", "text/plain"}:
        return "robots"  # empty or comment-only robots.txt
    return "other"
