"""Bytes → text → lxml tree: the charset decision and the one parse of a page.

Servers mislabel charsets (a default ISO-8859-1 header on a UTF-8 page), saved
pages lose their headers, and some bodies are not HTML at all; this module
turns whatever arrived into one comment-free tree, or says it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml import etree, html
from w3lib.encoding import html_to_unicode

MAX_HTML_CHARS = 8_000_000  # a page bigger than this is not a news article; refuse before parsing


def decode(body: bytes | str, headers: Mapping[str, Any] | None = None) -> str:
    """Bytes → text: HTTP charset, then BOM/meta charset, then a guess; never raises."""
    if isinstance(body, str):
        return body
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value[0] if isinstance(value, (list, tuple)) else value
            if isinstance(content_type, bytes):
                content_type = content_type.decode("latin-1")
    if content_type and _LATIN_LABEL.search(content_type) and _is_utf8_with_multibyte(body):
        content_type = None  # a server default of ISO-8859-1 on a UTF-8 page: trust the bytes and <meta>
    try:
        _, text = html_to_unicode(content_type, body)
    except Exception:  # a corrupt charset label must not cost the page
        text = body.decode("utf-8", errors="replace")
    return text


_LATIN_LABEL = re.compile(r"charset\s*=\s*[\"']?(?:iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)\b", re.I)


def _is_utf8_with_multibyte(body: bytes) -> bool:
    """Valid UTF-8 that uses multi-byte sequences is practically never Latin-1 text."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) > 0x7F for ch in text)


# As trafilatura parses: comments and processing instructions out (they split inline text).
_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False,
                          default_doctype=False)


def parse_html(text: str) -> html.HtmlElement | None:
    text = text.lstrip("\ufeff")
    try:
        tree = html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


