"""Bytes → text → lxml tree: the charset decision and the one parse of a page.

Servers mislabel charsets (a default ISO-8859-1 header on a UTF-8 page), saved
pages lose their headers, and some bodies are not HTML at all; this module
turns whatever arrived into one comment-free tree, or says it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import charset_normalizer
from lxml import etree, html
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

MAX_HTML_CHARS = 8_000_000  # a page bigger than this is not a news article; refuse before parsing


@dataclass(frozen=True)
class Decoded:
    """Text of a page and how its charset was decided."""

    text: str
    encoding: str
    how: str  # bom | declared | meta | detected | fallback | text
    note: str | None = None  # set when a declared charset was wrong or bytes had to be replaced


def decode(body: bytes | str, headers: Mapping[str, Any] | None = None) -> str:
    """Bytes → text (see decode_page); never raises."""
    return decode_page(body, headers).text


def decode_page(body: bytes | str, headers: Mapping[str, Any] | None = None) -> Decoded:
    """Bytes → text: BOM, the HTTP charset, the <meta> charset, then detection; the first that decodes strictly wins.

    A declared charset that does not fit the bytes (windows-1252 bytes sent as
    UTF-8, a server default of ISO-8859-1 on a UTF-8 page) is passed over and
    said in `note`; only when nothing fits are bytes replaced (U+FFFD), which
    validation then refuses to export.
    """
    if isinstance(body, str):
        return Decoded(body, "unicode", "text")
    label = http_content_type_encoding(_content_type(headers))
    declared = label
    if declared and _is_latin(declared) and _is_utf8_with_multibyte(body):
        declared = None  # a server default of ISO-8859-1 on a UTF-8 page: trust the bytes and <meta>
    bom, _ = read_bom(body)
    meta = html_body_declared_encoding(body[:8192])
    for how, encoding in (("bom", bom), ("declared", declared), ("meta", meta)):
        text = _strict(body, encoding)
        if text is not None:
            return Decoded(text, str(encoding), how, _wrong(declared, meta, how))
    detected = _detect(body)
    text = _strict(body, detected)
    if text is not None:
        return Decoded(text, str(detected), "detected", f"declared {label or meta or 'nothing'}, "
                       f"bytes are {detected}")
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "fallback", "no charset fits: bytes replaced")


def _content_type(headers: Mapping[str, Any] | None) -> str | None:
    for key, value in (headers or {}).items():
        if str(key).lower() == "content-type":
            value = value[0] if isinstance(value, (list, tuple)) and value else value
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return None


def _strict(body: bytes, encoding: str | None) -> str | None:
    """The body decoded with `encoding`, or None when the label is unknown or the bytes do not fit."""
    if not encoding:
        return None
    try:
        return body.decode(resolve_encoding(encoding) or encoding)
    except (LookupError, UnicodeDecodeError, TypeError):
        return None


def _wrong(declared: str | None, meta: str | None, how: str) -> str | None:
    """A note when the charset used is not the one the server declared."""
    if how == "meta" and declared:
        return f"declared {declared} does not fit the bytes; used the page's <meta> {meta}"
    return None


def _detect(body: bytes) -> str | None:
    """The detected charset; among the 8-bit Latin family, windows-1252 (what mislabelled pages nearly always are)."""
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is None:
        return None
    if _LATIN_FAMILY.match(best.encoding) and _strict(body, "cp1252") is not None:
        return "cp1252"
    return best.encoding


_LATIN_FAMILY = re.compile(r"^(?:cp125[0-8]|iso8859_(?:[1-4]|9|1[3-6])|latin_1|mac_(?:roman|latin2))$", re.I)


def _is_latin(encoding: str) -> bool:
    return (resolve_encoding(encoding) or encoding).lower() in _LATIN


_LATIN = frozenset({"cp1252", "latin-1", "latin_1", "iso8859-1", "iso-8859-1", "ascii", "us-ascii", "windows-1252"})


def _is_utf8_with_multibyte(body: bytes) -> bool:
    """Valid UTF-8 that uses multi-byte sequences is practically never Latin-1 text."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) > 0x7F for ch in text)


# As trafilatura parses: comments and processing instructions out (they split inline text).
# lxml.html's own parser picks each element's class in Python (a call per element proxy, thousands per page
# and per tree walk); every element is an HtmlElement here, chosen in C. Nothing reads lxml's form classes.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False,
                           default_doctype=False)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity))


def parse_html(text: str) -> html.HtmlElement | None:
    text = text.lstrip("\ufeff")
    try:
        tree = html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


