"""Tree edits before text extraction: what is never story text goes first.

Pure functions over an lxml tree; a bad selector in a profile is reported and
ignored rather than costing the page.
"""

from __future__ import annotations

import logging
import re

from lxml import html
from parsel import Selector

from newscrawl.extract.text import collapse

logger = logging.getLogger(__name__)

_EMBED_CLASS = re.compile(r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|fb-video|"
                          r"reddit-embed|embed-(?:twitter|instagram|social|tweet)|social-embed|koo-embed", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def drop_noise(tree: html.HtmlElement) -> None:
    """Remove what is never story text, before the text extractor sees the page.

    Hidden elements (text-to-speech copies of the body), embedded social posts
    (their text is someone else's), and data tables (spec sheets, live scores)
    — but not layout tables, which hold the story on old table-based sites.
    """
    for el in tree.xpath("//body//*[@style or @hidden]"):
        style = el.attrib.get("style", "")
        if "hidden" in el.attrib or _HIDDEN_STYLE.search(style):
            remove(el)
    for el in tree.xpath("//body//*[@class]"):
        if _EMBED_CLASS.search(el.attrib.get("class", "")) and el.getparent() is not None:
            remove(el)
    for table in tree.xpath("//body//table[not(.//table)]"):
        cells = [collapse(c.text_content()) for c in table.xpath(".//td | .//th")]
        text = sum(len(c) for c in cells)
        if cells and (table.xpath(".//th | .//caption") or text / len(cells) < 40) and text < 3000:
            remove(table)


def remove(el: html.HtmlElement) -> None:
    """Remove an element but keep its tail text (it belongs to the parent's flow)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def css(tree: html.HtmlElement, query: str) -> list[html.HtmlElement]:
    """Elements matching a profile's CSS selector; an invalid selector matches nothing (and says so)."""
    try:
        return [s.root for s in Selector(root=tree, type="html").css(query)]
    except Exception:  # a bad selector in a profile must not cost the page
        logger.warning("invalid CSS selector %r", query)
        return []


