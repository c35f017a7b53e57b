"""Tree edits before text extraction: what is never story text goes first.

Pure functions over an lxml tree; a bad selector in a profile is reported and
ignored rather than costing the page.
"""

from __future__ import annotations

import logging
import re

from lxml import etree, html
from parsel import Selector

from newscrawl.extract.attrs import AttrValues
from newscrawl.extract.text import ROW_MARK, collapse

logger = logging.getLogger(__name__)

_EMBED_CLASS = re.compile(r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|fb-video|"
                          r"reddit-embed|embed-(?:twitter|instagram|social|tweet)|social-embed|koo-embed", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# Characters an XML tree cannot hold ("&#27;" in the page decodes to one): lxml refuses to write them back.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An attribute name: what a lost quote or an unrendered template leaves ('{"@type":', '{{', 'a"b') is not one.
_ATTRIBUTE_NAME = re.compile(r"[^\W\d][\w.:-]*")


# What puts such a character in a text: the character itself, or a numeric reference to one ("&#27;", "&#x1b").
_NOT_XML_REFERENCE = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9])|[xX]0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|[fF]{3}[eEfF])"
    r"(?![0-9a-fA-F]))")
_NOT_XML_SINGLES = tuple(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def may_hold_unwritable(source: str) -> bool:
    """Whether the page's source can give a text a character lxml cannot write back (checked before parsing).

    Reading every text of the parsed tree costs a Python string per node; one
    search of the source for each such character (and for references to them)
    costs a third of that, and on almost every page finds nothing.
    """
    return any(ch in source for ch in _NOT_XML_SINGLES) or _NOT_XML_REFERENCE.search(source) is not None


def make_writable(tree: html.HtmlElement, texts: bool = True) -> None:
    """Drop what the parser accepts but lxml cannot hand back or write again.

    Control characters in text (a numeric reference such as "&#27;") make every later tree edit that
    moves that text raise; attribute names that are not names ('{"@type":', names with control
    characters) make reading an element's attributes raise (parsel's ``.attrib``). Either would cost
    the whole page, so both go right after parsing: no story text is lost with them.
    """
    for el in tree.iter():
        if texts:
            _scrub_texts(el)
        if not isinstance(el.tag, str) or not len(el.attrib):
            continue
        names = el.keys()
        if _NAMES_SEEN.issuperset(names) or _all_names(names):
            continue
        kept = [(name, el.get(name)) for name in names if _ATTRIBUTE_NAME.fullmatch(name)]
        el.attrib.clear()
        for name, value in kept:
            el.set(name, _NOT_XML_CHARS.sub("", value or ""))


def _scrub_texts(el: html.HtmlElement) -> None:
    if el.text and _NOT_XML_CHARS.search(el.text):
        el.text = _NOT_XML_CHARS.sub("", el.text)
    if el.tail and _NOT_XML_CHARS.search(el.tail):
        el.tail = _NOT_XML_CHARS.sub("", el.tail)


_NAMES_SEEN: set[str] = set()  # attribute names already found to be names (a few hundred on any site)
_MAX_NAMES_SEEN = 20_000


def _all_names(names: list[str]) -> bool:
    """Whether every attribute name is a name; good ones are remembered, so most elements cost one set test."""
    if not all(_ATTRIBUTE_NAME.fullmatch(name) for name in names):
        return False
    if len(_NAMES_SEEN) < _MAX_NAMES_SEEN:
        _NAMES_SEEN.update(names)
    return True


_HIDDEN = etree.XPath("//body/descendant::*/@hidden/..")  # from the attribute: a third of the time


def drop_noise(tree: html.HtmlElement, values: AttrValues) -> None:
    """Remove what is never story text, before the text extractor sees the page.

    Hidden elements (text-to-speech copies of the body) and embedded social
    posts (their text is someone else's). Tables stay: the text extractor
    keeps those inside the story (its data) and drops page furniture.
    """
    for el in [*_HIDDEN(tree), *values.elements(_HIDDEN_STYLE, ("style",))]:  # the order does not change the result
        remove(el)
    for el in values.elements(_EMBED_CLASS):
        if el.getparent() is not None:
            remove(el)


def rows_as_paragraphs(tree: html.HtmlElement) -> None:
    """Turn data tables into one marked paragraph per row, cells joined by " | ".

    A table inside the story carries its data (dates, prices, results), but
    text extractors either drop tables or, asked to keep them, also turn the
    layout tables of old sites into cell soup. Rewriting only data tables
    (no nested table; header cells or short cells) as paragraphs lets the
    extractor keep or drop them with the container they sit in; the mark makes
    them "row" blocks again.
    """
    for table in tree.xpath("//body//table[not(.//table)]"):
        rows = [_row_text(tr) for tr in table.xpath(".//tr")]
        cells = table.xpath(".//td | .//th")
        text = sum(len(collapse(c.text_content())) for c in cells)
        if not cells or not (table.xpath(".//th | .//caption") or text / len(cells) < 40) or text >= 3000:
            continue  # a layout table: it holds the page, not data
        links = sum(len(collapse(a.text_content())) for a in table.xpath(".//a"))
        if not table.xpath(_IN_STORY) or links * 2 >= text:
            remove(table)  # a data widget or link box outside the story: spec sheets, scores, tickers, menus
            continue
        replacement = html.Element("div")
        for caption in table.xpath("./caption"):
            heading = html.Element("h3")
            heading.text = collapse(caption.text_content())
            replacement.append(heading)
        for row in filter(None, rows):
            p = html.Element("p")
            p.text = f"{ROW_MARK}{row}"
            replacement.append(p)
        replacement.tail = table.tail
        table.getparent().replace(table, replacement)


# A table sits in the story when a near ancestor also holds story paragraphs.
_IN_STORY = "ancestor::*[position() <= 3][count(./p[string-length(normalize-space()) >= 100]) >= 2]"


def _row_text(tr: html.HtmlElement) -> str:
    return " | ".join(c for c in (collapse(cell.text_content()) for cell in tr.xpath("./td | ./th")) if c)


_BODIES = etree.XPath("//body")


def body_elements(tree: html.HtmlElement, tags: tuple[str, ...]) -> list[html.HtmlElement]:
    """Elements of these tags inside the page's body, in document order (as ``//body//*[self::a or ...]``).

    lxml's ``iter`` walks in C; libxml2 spends about twenty times longer testing
    ``self::a or self::b`` on every element. A page with several bodies (broken
    markup) goes through XPath, which also drops the doubles.
    """
    bodies = _BODIES(tree)
    if len(bodies) == 1:
        return list(bodies[0].iterdescendants(*tags))
    return tree.xpath("|".join(f"//body//{tag}" for tag in tags))


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




_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "dfn", "em", "font", "i",
                     "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt",
                     "u", "var", "wbr"})
_LOOSE_MIN_CHARS = 30  # a loose run shorter than this is a label or a stray character, left alone
_CONTAINERS = ("div", "section", "article", "main", "td", "li")


def wrap_loose_text(tree: html.HtmlElement) -> None:
    """Give story text that sits loose between block elements its own <p>.

    CMSs write a subheading and then the paragraph as the heading's tail
    (`<h2>…</h2>Text…<p></p>`), or text between a figure and a div. Text
    extractors score paragraphs, so loose runs are lost or glued to the
    heading; wrapping each run (text plus its inline elements) keeps the
    story whole after a mid-body widget. Containers holding only inline
    content are left as they are.
    """
    for parent in body_elements(tree, _CONTAINERS):
        if any(c.tag not in _INLINE for c in parent if isinstance(c.tag, str)):
            _wrap_runs(parent)


def _wrap_runs(parent: html.HtmlElement) -> None:
    runs: list[tuple[html.HtmlElement | None, str, list[html.HtmlElement]]] = []
    anchor: html.HtmlElement | None = None
    text, inline = parent.text or "", []
    for child in list(parent):
        if not isinstance(child.tag, str) or child.tag in _INLINE:
            inline.append(child)
            continue
        runs.append((anchor, text, inline))
        anchor, text, inline = child, child.tail or "", []
    runs.append((anchor, text, inline))
    for anchor, text, inline in runs:
        if not inline and not text.strip():
            continue  # only whitespace between two blocks (most runs)
        flow = collapse(text + "".join(_flow_text(el) for el in inline))
        wrap = len(flow) >= _LOOSE_MIN_CHARS
        lead_in = not wrap and bool(flow) and bool(_LEAD_IN_END.search(flow)) and bool(inline) \
            and _next_is_paragraph(inline[-1])
        if not (wrap or lead_in) or any(_holds_blocks(el) for el in inline):
            continue  # an inline wrapper around block content (a span holding <p>s) is structure already
        if wrap:
            _wrap(parent, anchor, text, inline)
        else:
            _lead_into_paragraph(inline, flow)


# A short run ending like a dateline or a label ("Kolkata: ", "नई दिल्ली।") just before a paragraph opens it.
_LEAD_IN_END = re.compile(r"[:：।|–—-]\s*$")


def _next_is_paragraph(el: html.HtmlElement) -> bool:
    following = el.getnext()
    return following is not None and following.tag == "p" and not (el.tail or "").strip()


def _lead_into_paragraph(inline: list[html.HtmlElement], flow: str) -> None:
    """Move a short inline lead-in (a dateline in its own <b>) into the paragraph it opens."""
    paragraph = inline[-1].getnext()
    if any(el.xpath(".//img | .//a") for el in inline if isinstance(el.tag, str)):
        return
    paragraph.text = f"{flow} {paragraph.text or ''}"
    for el in inline:
        remove(el)


def _holds_blocks(el: html.HtmlElement) -> bool:
    return isinstance(el.tag, str) and bool(el.xpath(".//p | .//div | .//ul | .//ol | .//table | .//h2 | .//h3"))


def _flow_text(el: html.HtmlElement) -> str:
    content = el.text_content() if isinstance(el.tag, str) else ""
    return content + (el.tail or "")


def _wrap(parent: html.HtmlElement, anchor: html.HtmlElement | None, text: str,
          inline: list[html.HtmlElement]) -> None:
    p = html.Element("p")
    p.text = text
    if anchor is None:
        parent.text = None
        parent.insert(0, p)
    else:
        anchor.tail = None
        anchor.addnext(p)
    for el in inline:
        p.append(el)
